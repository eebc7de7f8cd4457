/* Op stage: the answer file (docs/answer-file.md).
 *
 * maak() writes one self-contained .html file: plain HTML that reads and
 * prints without JavaScript, plus the answers as JSON for machines. Everything
 * a student typed is escaped. lees() reads such a file back and checks every
 * value, so a damaged or hostile file changes nothing.
 */
(function () {
  "use strict";

  var Opstage = (window.Opstage = window.Opstage || {});
  var B = (Opstage.antwoordbestand = {});

  B.FORMAAT = "opstage-antwoorden";
  B.VERSIE = 1;

  var TEKST = { tekst: 1, lang: 1, datum: 1, keuze: 1, schaal: 1 };
  var FOTO = /^data:image\/(jpeg|png|webp|gif);base64,[A-Za-z0-9+\/=]+$/;
  var ID = /^[a-z0-9][a-z0-9-]*$/;
  var MAANDEN = "januari februari maart april mei juni juli augustus september oktober november december".split(" ");

  function isObject(v) {
    return !!v && typeof v === "object" && !Array.isArray(v);
  }

  function strings(obj) {
    // a plain object of non-empty strings, or null
    if (!isObject(obj)) return null;
    var out = {}, n = 0;
    for (var k in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, k) || k === "__proto__") continue;
      if (typeof obj[k] !== "string") return null;
      if (obj[k] !== "") { out[k] = obj[k]; n++; }
    }
    return n ? out : {};
  }

  /* A value of the given field type in its normal form, or undefined when it
     is empty or not a valid value for that type. */
  B.schoon = function (type, v) {
    var out, i;
    if (TEKST[type]) return typeof v === "string" && v !== "" ? v : undefined;
    if (type === "meerkeuze" || type === "checklist") {
      if (!Array.isArray(v)) return undefined;
      out = [];
      for (i = 0; i < v.length; i++) {
        if (typeof v[i] !== "string") return undefined;
        if (v[i] !== "" && out.indexOf(v[i]) < 0) out.push(v[i]);
      }
      return out.length ? out : undefined;
    }
    if (type === "stellingen") {
      out = strings(v);
      return out && Object.keys(out).length ? out : undefined;
    }
    if (type === "tabel") {
      if (!Array.isArray(v)) return undefined;
      // empty rows keep their place between filled ones; trailing ones go
      out = [];
      for (i = 0; i < v.length; i++) {
        var row = strings(v[i]);
        if (!row) return undefined;
        out.push(row);
      }
      while (out.length && !Object.keys(out[out.length - 1]).length) out.pop();
      return out.length ? out : undefined;
    }
    if (type === "foto") {
      if (!isObject(v)) return undefined;
      var caption = typeof v.bijschrift === "string" ? v.bijschrift : "";
      var foto = typeof v.foto === "string" && FOTO.test(v.foto) ? v.foto : null;
      return caption || foto ? { bijschrift: caption, foto: foto } : undefined;
    }
    return undefined;
  };

  function number(v) {
    return typeof v === "number" && v % 1 === 0 && v > 0 ? v : null;
  }

  // a checked answer record, or null
  B.record = function (r) {
    if (!isObject(r) || typeof r.type !== "string") return null;
    var waarde = B.schoon(r.type, r.waarde);
    if (waarde === undefined) return null;
    return {
      waarde: waarde,
      gewijzigd: typeof r.gewijzigd === "string" ? r.gewijzigd : "",
      type: r.type,
      label: typeof r.label === "string" ? r.label : "",
      werkblad: number(r.werkblad),
      kaart: number(r.kaart)
    };
  };

  B.leerling = function (l) {
    l = isObject(l) ? l : {};
    return {
      naam: typeof l.naam === "string" ? l.naam : "",
      klas: typeof l.klas === "string" ? l.klas : ""
    };
  };

  /* ---- writing ---- */

  var ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return ESC[c]; });
  }
  B.esc = esc;

  function datum(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return m && MAANDEN[m[2] - 1] ? +m[3] + " " + MAANDEN[m[2] - 1] + " " + m[1] : s;
  }

  function pairs(list) {
    // [[id, text], ...] from Opstage.data -> lookup
    var map = Object.create(null);
    for (var i = 0; list && i < list.length; i++) map[list[i][0]] = list[i][1];
    return map;
  }

  function textOf(map, key) {
    return map[key] !== undefined ? map[key] : key;
  }

  function table(head, body) {
    var h = "<table><thead><tr>";
    for (var i = 0; i < head.length; i++) h += "<th>" + esc(head[i]) + "</th>";
    h += "</tr></thead><tbody>";
    for (var r = 0; r < body.length; r++) {
      h += "<tr>";
      for (var c = 0; c < body[r].length; c++) h += "<td>" + esc(body[r][c]) + "</td>";
      h += "</tr>";
    }
    return h + "</tbody></table>";
  }

  function toon(rec, def) {
    var v = rec.waarde, type = rec.type, i, h;
    def = def && def.type === type ? def : {};
    if (type === "datum") return '<p class="antwoord">' + esc(datum(v)) + "</p>";
    if (type === "schaal") {
      var schaal = def.max ? " (van " + (def.min || 1) + " tot " + def.max + ")" : "";
      return '<p class="antwoord">' + esc(v + schaal) + "</p>";
    }
    if (TEKST[type]) return '<p class="antwoord">' + esc(v) + "</p>";
    if (type === "meerkeuze" || type === "checklist") {
      var items = pairs(def.items);
      h = '<ul class="antwoord">';
      for (i = 0; i < v.length; i++) h += "<li>" + esc(type === "checklist" ? textOf(items, v[i]) : v[i]) + "</li>";
      return h + "</ul>";
    }
    if (type === "stellingen") {
      var zinnen = pairs(def.stellingen), keys = Object.keys(zinnen), body = [];
      for (var z in v) if (keys.indexOf(z) < 0) keys.push(z);
      for (i = 0; i < keys.length; i++) body.push([textOf(zinnen, keys[i]), v[keys[i]] || ""]);
      return table(["Zin", "Antwoord"], body);
    }
    if (type === "tabel") {
      var cols = {}, labels = [], ids = [], rows = [], r, c;
      for (i = 0; def.kolommen && i < def.kolommen.length; i++) {
        cols[def.kolommen[i].id] = def.kolommen[i];
        ids.push(def.kolommen[i].id);
      }
      for (r = 0; r < v.length; r++) {
        for (c in v[r]) if (ids.indexOf(c) < 0) ids.push(c);
      }
      for (c = 0; c < ids.length; c++) labels.push(cols[ids[c]] ? cols[ids[c]].label : ids[c]);
      for (r = 0; r < v.length; r++) {
        var row = [];
        for (c = 0; c < ids.length; c++) {
          var cell = v[r][ids[c]] || "";
          row.push(cols[ids[c]] && cols[ids[c]].type === "datum" ? datum(cell) : cell);
        }
        rows.push(row);
      }
      return table(labels, rows);
    }
    if (type === "foto") {
      h = "";
      if (v.foto) h += '<img src="' + esc(v.foto) + '" alt="' + esc(v.bijschrift || "Foto") + '">';
      if (v.bijschrift) h += '<p class="antwoord">' + esc(v.bijschrift) + "</p>";
      return h;
    }
    return "";
  }

  /* Group the chosen answers as the student met them: card questions first,
     then werkblad by werkblad in content order; answers to fields that were
     removed from the content follow in their werkblad (by their snapshot). */
  function groups(data, omvang, gekozen) {
    var out = [], byKey = Object.create(null), shown = Object.create(null);
    function group(key, titel, always) {
      var g = { titel: titel, vragen: [], always: always };
      byKey[key] = g;
      out.push(g);
      return g;
    }
    var kaarten = group("k", "Vragen op de kaarten", omvang === "kaarten");
    (data.kaarten || []).forEach(function (k) {
      if (k.vraag) kaarten.vragen.push({ id: k.vraag.id, def: k.vraag, bij: "Kaart " + k.nummer + ": " + k.titel });
    });
    (data.werkbladen || []).forEach(function (w) {
      var g = group("w" + w.nummer, "Werkblad " + w.nummer + ": " + w.titel, omvang === "werkblad-" + w.nummer);
      (w.velden || []).forEach(function (f) { g.vragen.push({ id: f.id, def: f }); });
    });
    out.forEach(function (g) { g.vragen.forEach(function (q) { shown[q.id] = 1; }); });
    Object.keys(gekozen).forEach(function (id) {
      if (shown[id]) return;
      var rec = gekozen[id];
      var key = rec.kaart ? "k" : rec.werkblad ? "w" + rec.werkblad : "x";
      var g = byKey[key] || group(key, rec.werkblad ? "Werkblad " + rec.werkblad : "Andere antwoorden", false);
      g.vragen.push({ id: id, bij: rec.kaart ? "Kaart " + rec.kaart : "" });
    });
    return out.filter(function (g) {
      return g.always || g.vragen.some(function (q) { return gekozen[q.id]; });
    });
  }

  function vandaag(d) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function slug(s, leeg) {
    var out = String(s || "").normalize ? String(s || "").normalize("NFD") : String(s || "");
    out = out.replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
    return out || leeg;
  }

  // which answers go into a file of this omvang
  B.kies = function (alle, omvang, veldInfo) {
    var out = Object.create(null);
    Object.keys(alle).forEach(function (id) {
      var rec = alle[id], info = veldInfo(id) || rec;
      if (omvang === "alles" || (omvang === "kaarten" && info.kaart) || omvang === "werkblad-" + info.werkblad) out[id] = rec;
    });
    return out;
  };

  var STIJL = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5;color:#1b1b1b;max-width:46rem;margin:0 auto;padding:1rem}" +
    "h1{font-size:1.6rem;margin:.2rem 0 .6rem}h2{font-size:1.3rem;margin:1.6rem 0 .4rem;border-bottom:2px solid #0b5394}h3{font-size:1.05rem;margin:1rem 0 .2rem}" +
    ".site{color:#505a5f;margin:0}dl{display:grid;grid-template-columns:auto 1fr;gap:.1rem 1rem;margin:0}dt{font-weight:700}dd{margin:0}" +
    ".bij{color:#505a5f;margin:0;font-size:.9rem}.antwoord{white-space:pre-wrap;overflow-wrap:anywhere;margin:.2rem 0}.leeg{color:#505a5f;font-style:italic}" +
    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #b1b4b6;padding:.3rem;height:1.5em;text-align:left;vertical-align:top;white-space:pre-wrap;overflow-wrap:anywhere}" +
    "img{display:block;max-width:100%;max-height:12cm;margin:.3rem 0}section.vraag{break-inside:avoid;page-break-inside:avoid}" +
    "@page{size:A4;margin:15mm}@media print{body{max-width:none;padding:0;font-size:11pt}h2{break-after:avoid}}";

  /* The answer file for `omvang` ("alles", "kaarten" or "werkblad-N").
     Returns {naam, html}. */
  B.maak = function (opts) {
    var data = opts.data || {}, nu = opts.nu || new Date();
    var wie = B.leerling(opts.leerling), gekozen = opts.antwoorden, omvang = opts.omvang;
    var json = {
      formaat: B.FORMAAT,
      versie: B.VERSIE,
      site: data.sleutel || "",
      gemaakt: nu.toISOString(),
      leerling: wie,
      omvang: omvang,
      antwoorden: {}
    };
    var lijst = groups(data, omvang, gekozen);
    var body = "";
    lijst.forEach(function (g) {
      body += "<h2>" + esc(g.titel) + "</h2>";
      g.vragen.forEach(function (q) {
        var rec = gekozen[q.id];
        if (!rec && !g.always) return;
        body += '<section class="vraag" data-veld="' + esc(q.id) + '"><h3>' + esc(q.def ? q.def.label : rec.label || q.id) + "</h3>";
        if (q.bij) body += '<p class="bij">' + esc(q.bij) + "</p>";
        body += rec ? toon(rec, q.def) : '<p class="leeg">Niet ingevuld</p>';
        body += "</section>";
      });
    });
    Object.keys(gekozen).forEach(function (id) { json.antwoorden[id] = gekozen[id]; });
    if (!lijst.length) body = '<p class="leeg">Er zijn nog geen antwoorden.</p>';
    var inhoud = omvang === "alles" ? "Alle antwoorden" : omvang === "kaarten" ? "Vragen op de kaarten (afronden)" : lijst.length ? lijst[lijst.length - 1].titel : omvang;
    var kop = "Antwoorden" + (wie.naam ? " van " + wie.naam : "");
    var titel = (data.titel || "Op stage") + ": " + kop;
    var script = JSON.stringify(json).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
    var html = "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n" +
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
      "<title>" + esc(titel) + "</title>\n<style>" + STIJL + "</style>\n</head>\n<body>\n<header>\n" +
      '<p class="site">' + esc(data.titel || "Op stage") + "</p>\n<h1>" + esc(kop) + "</h1>\n" +
      '<dl><dt>Naam</dt><dd class="naam">' + esc(wie.naam) + '</dd><dt>Klas</dt><dd class="klas">' + esc(wie.klas) +
      '</dd><dt>Datum</dt><dd class="datum">' + esc(datum(vandaag(nu))) + '</dd><dt>Inhoud</dt><dd class="inhoud">' + esc(inhoud) + "</dd></dl>\n</header>\n<main>\n" + body + "\n</main>\n" +
      '<script type="application/json" id="opstage-antwoorden">' + script + "</script>\n</body>\n</html>\n";
    var scope = omvang === "alles" || omvang === "kaarten" || /^werkblad-\d+$/.test(omvang) ? omvang : "alles";
    var naam = "op-stage_" + slug(wie.naam, "zonder-naam") + "_" + slug(wie.klas, "zonder-klas") + "_" + scope + "_" + vandaag(nu) + ".html";
    return { naam: naam, html: html };
  };

  // hand a file to the browser's downloads (works on file:// and http)
  B.download = function (bestand) {
    var blob = new Blob([bestand.html], { type: "text/html;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = bestand.naam;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  };

  /* ---- reading back ---- */

  B.FOUT_GEEN = "Dit bestand is geen antwoordbestand van Op stage, of het is beschadigd. Er is niets veranderd.";
  B.FOUT_NIEUWER = "Dit antwoordbestand is gemaakt met een nieuwere versie van Op stage. Deze website kan het nog niet lezen. Er is niets veranderd. Vraag je docent om hulp.";
  B.FOUT_SITE = "Dit antwoordbestand hoort bij een andere website. Er is niets veranderd.";

  /* Read the text of a file: {antwoorden, leerling, omvang} or {fout}. */
  B.lees = function (tekst, sleutel) {
    var json;
    try {
      var doc = new DOMParser().parseFromString(String(tekst), "text/html");
      var el = doc.getElementById("opstage-antwoorden");
      json = el && el.tagName === "SCRIPT" ? JSON.parse(el.textContent) : null;
    } catch (err) {
      json = null;
    }
    if (!isObject(json) || json.formaat !== B.FORMAAT || typeof json.versie !== "number" || !isObject(json.antwoorden)) {
      return { fout: B.FOUT_GEEN };
    }
    if (json.versie > B.VERSIE) return { fout: B.FOUT_NIEUWER };
    if (sleutel && json.site !== sleutel) return { fout: B.FOUT_SITE };
    var antwoorden = Object.create(null), n = 0;
    Object.keys(json.antwoorden).forEach(function (id) {
      var rec = ID.test(id) && B.record(json.antwoorden[id]);
      if (rec) { antwoorden[id] = rec; n++; }
    });
    return { antwoorden: antwoorden, aantal: n, leerling: B.leerling(json.leerling), omvang: json.omvang };
  };
})();
