/* Op stage: the answer file (docs/answer-file.md). maak() writes one .html
   file that reads and prints without JavaScript and carries the answers as
   JSON; everything typed is escaped. lees() reads a file back and checks every
   value, so a damaged or hostile file changes nothing. */
(function () {
  "use strict";
  var B = ((window.Opstage = window.Opstage || {}).antwoordbestand = { VERSIE: 1 });
  var TEKST = /^(tekst|lang|datum|keuze|schaal)$/;
  var FOTO = /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+\/=]+$/;
  var MAAND = " januari februari maart april mei juni juli augustus september oktober november december".split(" ");

  function isObj(v) { return !!v && typeof v === "object" && !Array.isArray(v); }
  function strs(v) { return Array.isArray(v) && v.every(function (s) { return typeof s === "string"; }); }
  function strMap(o) {
    if (!isObj(o)) return null;
    var out = {};
    for (var k in o) {
      if (typeof o[k] !== "string" || k === "__proto__") return null;
      if (o[k]) out[k] = o[k];
    }
    return out;
  }
  function some(o) { return Object.keys(o).length ? o : undefined; }

  /* A value of a field type in its normal form; undefined if empty or wrong. */
  B.schoon = function (type, v) {
    if (TEKST.test(type)) return typeof v === "string" && v ? v : undefined;
    if (/^(meerkeuze|checklist)$/.test(type)) {
      return strs(v) && (v = v.filter(function (s, i) { return s && v.indexOf(s) === i; })).length ? v : undefined;
    }
    if (type === "stellingen") return some(strMap(v) || {});
    if (type === "tabel") {
      // empty rows keep their place between filled ones; trailing ones go
      var rows = Array.isArray(v) ? v.map(strMap) : [null];
      if (rows.indexOf(null) >= 0) return undefined;
      while (rows.length && !some(rows[rows.length - 1])) rows.pop();
      return rows.length ? rows : undefined;
    }
    if (type === "foto" && isObj(v)) {
      var b = typeof v.bijschrift === "string" ? v.bijschrift : "", f = FOTO.test(v.foto) ? v.foto : null;
      return b || f ? { bijschrift: b, foto: f } : undefined;
    }
  };

  function nr(v) { return typeof v === "number" && v > 0 && v % 1 === 0 ? v : null; }
  function str(v) { return typeof v === "string" ? v : ""; }

  B.record = function (r) {
    var v = isObj(r) ? B.schoon(r.type, r.waarde) : undefined;
    return v === undefined ? null
      : { waarde: v, gewijzigd: str(r.gewijzigd), type: r.type, label: str(r.label), werkblad: nr(r.werkblad), kaart: nr(r.kaart) };
  };
  B.leerling = function (l) { l = isObj(l) ? l : {}; return { naam: str(l.naam), klas: str(l.klas) }; };

  /* ---- writing ---- */

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  function datum(s) {
    var m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s);
    return m && MAAND[+m[2]] ? +m[3] + " " + MAAND[+m[2]] + " " + m[1] : s;
  }
  function map(pairs) {
    var o = {};
    (pairs || []).forEach(function (p) { o[p[0]] = p[1]; });
    return o;
  }
  function table(head, rows) {
    function tr(cells, tag) { return "<tr><" + tag + ">" + cells.map(esc).join("</" + tag + "><" + tag + ">") + "</" + tag + "></tr>"; }
    return "<table><thead>" + tr(head, "th") + "</thead><tbody>" + rows.map(function (r) { return tr(r, "td"); }).join("") + "</tbody></table>";
  }
  // the keys of `known` (content order) and then any other keys of the objects
  function cols(known, objs) {
    var ids = Object.keys(known);
    objs.forEach(function (o) { for (var k in o) if (ids.indexOf(k) < 0) ids.push(k); });
    return ids;
  }

  function show(r, def) {
    var v = r.waarde, t = r.type, p = '<p class="antwoord">';
    def = def && def.type === t ? def : {};
    if (t === "schaal" && def.max) v += " (van " + def.min + " tot " + def.max + ")";
    if (TEKST.test(t)) return p + esc(t === "datum" ? datum(v) : v) + "</p>";
    if (t === "meerkeuze" || t === "checklist") {
      var items = map(def.items);
      return "<ul>" + v.map(function (s) { return "<li>" + esc(items[s] || s) + "</li>"; }).join("") + "</ul>";
    }
    if (t === "stellingen") {
      var zin = map(def.stellingen);
      return table(["Zin", "Antwoord"], cols(zin, [v]).map(function (k) { return [zin[k] || k, v[k] || ""]; }));
    }
    if (t === "tabel") {
      var kol = {};
      (def.kolommen || []).forEach(function (k) { kol[k.id] = k; });
      var ids = cols(kol, v);
      return table(ids.map(function (k) { return kol[k] ? kol[k].label : k; }), v.map(function (row) {
        return ids.map(function (k) { return kol[k] && kol[k].type === "datum" ? datum(row[k] || "") : row[k] || ""; });
      }));
    }
    return (v.foto ? '<img src="' + esc(v.foto) + '" alt="' + esc(v.bijschrift || "Foto") + '">' : "") +
      (v.bijschrift ? p + esc(v.bijschrift) + "</p>" : "");
  }

  // which answers go into a file: "alles", "kaarten" or "werkblad-N"
  B.kies = function (alle, omvang, info) {
    var out = {};
    Object.keys(alle).forEach(function (id) {
      var r = alle[id], f = info(id) || r;
      if (omvang === "alles" || (omvang === "kaarten" ? f.kaart : omvang === "werkblad-" + f.werkblad)) out[id] = r;
    });
    return out;
  };

  function ymd(d) { return new Date(d - d.getTimezoneOffset() * 6e4).toISOString().slice(0, 10); }
  /* A naam or klas in a file name, still readable: accents on Latin letters
     dropped ("Zoë Müller" -> "Zoe-Muller", "ø" -> "o", "ß" -> "ss"), letters
     of other scripts kept; only what is unsafe in a file name (also # and %,
     which break a file:// address) or the "_" between its parts becomes "-". */
  var LATIJN = { "ß": "ss", "ẞ": "SS", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i" };
  function slug(s, leeg) {
    s = s.normalize("NFD").replace(/([A-Za-z])[\u0300-\u036f]+/g, "$1").normalize("NFC")
      .replace(/[ßẞøØæÆœŒđĐłŁı]/g, function (c) { return LATIJN[c]; })
      .replace(/[\s\u0000-\u001f\u007f<>:"\/\\|?*#%_-]+/g, "-").replace(/^-|-$/g, "");
    return Array.from(s).slice(0, 40).join("").replace(/-$/, "") || leeg;
  }

  var CSS = "body{font:16px/1.5 system-ui,sans-serif;color:#1b1b1b;max-width:46rem;margin:0 auto;padding:1rem}" +
    "h2{border-bottom:2px solid #0b5394;margin-top:2rem}h3{font-size:1rem;margin:1rem 0 .2rem}.bij,.leeg{color:#505a5f}" +
    "dl{display:grid;grid-template-columns:auto 1fr;gap:0 1rem}dt{font-weight:700}dd{margin:0}" +
    ".antwoord,td{white-space:pre-wrap;overflow-wrap:anywhere}table{border-collapse:collapse;width:100%}" +
    "th,td{border:1px solid #999;padding:.3rem;height:1.5em;text-align:left;vertical-align:top}" +
    "img{display:block;max-width:100%;max-height:12cm}section{break-inside:avoid}" +
    "@page{size:A4;margin:15mm}@media print{body{max-width:none;padding:0;font-size:11pt}}";

  /* The file for opts {data, omvang, leerling, antwoorden, nu}: {naam, html}.
     Card questions first, then werkblad by werkblad; answers to fields that
     were removed from the content follow by their label snapshot. */
  B.maak = function (o) {
    var data = o.data, wie = B.leerling(o.leerling), gekozen = o.antwoorden, omvang = o.omvang, nu = o.nu || new Date();
    var groups = [{ titel: "Vragen op de kaarten", key: "k", alle: omvang === "kaarten", vragen: [] }], done = {};
    data.kaarten.forEach(function (k) {
      if (k.vraag) groups[0].vragen.push({ id: k.vraag.id, def: k.vraag, bij: "Kaart " + k.nummer + ": " + k.titel });
    });
    data.werkbladen.forEach(function (w) {
      groups.push({ titel: "Werkblad " + w.nummer + ": " + w.titel, key: "w" + w.nummer, alle: omvang === "werkblad-" + w.nummer,
        vragen: w.velden.map(function (f) { return { id: f.id, def: f }; }) });
    });
    groups.forEach(function (g) { g.vragen.forEach(function (q) { done[q.id] = 1; }); });
    Object.keys(gekozen).forEach(function (id) {
      var r = gekozen[id], key = r.kaart ? "k" : "w" + r.werkblad, g = groups.filter(function (x) { return x.key === key; })[0];
      if (done[id]) return;
      if (!g) groups.push(g = { titel: r.werkblad ? "Werkblad " + r.werkblad : "Andere antwoorden", key: key, vragen: [] });
      g.vragen.push({ id: id, bij: r.kaart ? "Kaart " + r.kaart : "" });
    });
    var body = "", titel = "";
    groups.forEach(function (g) {
      var qs = g.vragen.filter(function (q) { return g.alle || gekozen[q.id]; });
      if (!qs.length) return;
      titel = g.titel;
      body += "<h2>" + esc(g.titel) + "</h2>\n" + qs.map(function (q) {
        var r = gekozen[q.id];
        return '<section data-veld="' + esc(q.id) + '"><h3>' + esc(q.def ? q.def.label : r.label || q.id) + "</h3>" +
          (q.bij ? '<p class="bij">' + esc(q.bij) + "</p>" : "") + (r ? show(r, q.def) : '<p class="leeg">Niet ingevuld</p>') + "</section>\n";
      }).join("");
    });
    var json = { formaat: "opstage-antwoorden", versie: B.VERSIE, site: data.sleutel, gemaakt: nu.toISOString(), leerling: wie, omvang: omvang, antwoorden: gekozen };
    var kop = "Antwoorden" + (wie.naam ? " van " + wie.naam : "");
    var inhoud = omvang === "alles" ? "Alle antwoorden" : omvang === "kaarten" ? "Vragen op de kaarten (afronden)" : titel;
    var dl = [["Naam", wie.naam], ["Klas", wie.klas], ["Datum", datum(ymd(nu))], ["Inhoud", inhoud]].map(function (d) {
      return "<dt>" + d[0] + "</dt><dd>" + esc(d[1]) + "</dd>";
    }).join("");
    return {
      naam: "op-stage_" + slug(wie.naam, "zonder-naam") + "_" + slug(wie.klas, "zonder-klas") + "_" + omvang + "_" + ymd(nu) + ".html",
      html: '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n' +
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n" +
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>' + esc(data.titel + ": " + kop) + "</title>\n" +
        "<style>" + CSS + "</style>\n</head>\n<body>\n<p>" + esc(data.titel) + "</p>\n<h1>" + esc(kop) + "</h1>\n<dl>" + dl + "</dl>\n" +
        (body || '<p class="leeg">Er zijn nog geen antwoorden.</p>') +
        '<script type="application/json" id="opstage-antwoorden">' +
        JSON.stringify(json).replace(/[<>&]/g, function (c) { return "\\u00" + c.charCodeAt(0).toString(16); }) +
        "</script>\n</body>\n</html>\n"
    };
  };

  // hand the file to the browser's downloads (file:// and http alike)
  B.download = function (f) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([f.html], { type: "text/html" }));
    a.download = f.naam;
    document.body.appendChild(a).click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 6e4);
  };

  /* ---- reading back ---- */

  B.GEEN = "Dit bestand is geen antwoordbestand van Op stage, of het is beschadigd. Er is niets veranderd.";
  B.NIEUWER = "Dit bestand is gemaakt met een nieuwere versie van Op stage. Deze website kan het nog niet lezen. Er is niets veranderd. Vraag je docent om hulp.";
  B.ANDERS = "Dit antwoordbestand hoort bij een andere website. Er is niets veranderd.";

  /* The text of a file -> {antwoorden, aantal, leerling} or {fout}. */
  B.lees = function (text, sleutel) {
    var j, out = {}, n = 0;
    try {
      // not DOMParser: it would apply the page's CSP to the file's <style>
      j = JSON.parse(/<script[^>]*\sid="opstage-antwoorden"[^>]*>([^<]*)<\/script>/.exec(text)[1]);
    } catch (e) { /* not an answer file */ }
    if (!isObj(j) || j.formaat !== "opstage-antwoorden" || !(j.versie >= 1) || !isObj(j.antwoorden)) return { fout: B.GEEN };
    if (j.versie > B.VERSIE) return { fout: B.NIEUWER };
    if (sleutel && j.site !== sleutel) return { fout: B.ANDERS };
    Object.keys(j.antwoorden).forEach(function (id) {
      var r = /^[a-z0-9-]+$/.test(id) && B.record(j.antwoorden[id]);
      if (r) { out[id] = r; n++; }
    });
    return { antwoorden: out, aantal: n, leerling: B.leerling(j.leerling) };
  };
})();
