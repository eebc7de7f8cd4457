/* Op stage: the answer file (docs/answer-file.md) and the one check of an
   answer. maak() writes one .html file that reads and prints without
   JavaScript and carries the answers as JSON; everything typed is escaped.
   lees() is the one reader of answer files (the student page and Nakijken
   both use it): it checks every value, so a damaged or hostile file changes
   nothing, and reads files of versie 1 (choices by their text) into ids.
   zelfde() is the one comparison of two students. */
(function () {
  "use strict";
  var O = (window.Opstage = window.Opstage || {});
  var B = (O.antwoordbestand = { VERSIE: 2 });
  var H = O.hulp, V = O.veld, MEER = 20; // at most this many earlier answers per question

  function nr(v) { return typeof v === "number" && v > 0 && v % 1 === 0 ? v : null; }
  function str(v) { return typeof v === "string" ? v : ""; }

  /* A value of a field type in its normal form; undefined if empty or wrong. */
  B.schoon = function (type, v) {
    var t = V.type(type);
    return t ? t.schoon(v) : undefined;
  };

  // an answer as it was, kept beside a newer one: {waarde, type, label, namen, gewijzigd}
  function eerder(e) {
    var v = H.isObj(e) ? B.schoon(e.type, e.waarde) : undefined;
    if (v === undefined) return null;
    var out = { waarde: v, type: e.type, label: str(e.label), gewijzigd: str(e.gewijzigd) };
    if (H.strMap(e.namen)) out.namen = H.strMap(e.namen);
    return out;
  }

  /* One answer record checked: {waarde, gewijzigd, type, label, werkblad,
     kaart, namen, eerder}, or null. waarde may be missing while earlier
     answers are kept (the student emptied the field). */
  B.record = function (r) {
    if (!H.isObj(r) || !V.type(r.type)) return null;
    var v = B.schoon(r.type, r.waarde);
    var e = Array.isArray(r.eerder) ? r.eerder.slice(0, MEER).map(eerder).filter(Boolean) : [];
    if (v === undefined && !e.length) return null;
    var out = { waarde: v, gewijzigd: str(r.gewijzigd), type: r.type, label: str(r.label), werkblad: nr(r.werkblad), kaart: nr(r.kaart) };
    if (H.strMap(r.namen)) out.namen = H.strMap(r.namen);
    if (e.length) out.eerder = e;
    return out;
  };

  /* Versie 1 stored choices by their text: take the ids of today's options
     with that text. What matches nothing stays as it was; the page then
     shows it as "Je eerdere antwoord". */
  B.uitVersie1 = function (r, def) {
    var t = V.type(r.type);
    if (r.waarde === undefined || !def || def.type !== r.type || !t.uitTekst) return r;
    r.waarde = t.schoon(t.uitTekst(r.waarde, def));
    r.namen = t.namen(r.waarde, def);
    return r;
  };

  /* The texts of the ids in r's value, taken from its field while it has
     them, so the answer can still be shown once the content changed. */
  B.namen = function (r, def) {
    var t = V.type(r.type), n = t.namen && def && def.type === r.type && r.waarde !== undefined ? t.namen(r.waarde, def) : null;
    if (n) r.namen = Object.assign(Object.create(null), r.namen, n); // texts of ids gone from the content stay
    return r;
  };

  B.leerling = function (l) { l = H.isObj(l) ? l : {}; return { naam: str(l.naam), klas: str(l.klas) }; };
  // how a student is named in messages: "Sam (3B)"
  B.wie = function (l) { return l.naam ? l.naam + (l.klas ? " (" + l.klas + ")" : "") : "iemand zonder naam"; };

  /* Are a and b ({naam, klas}) the same student? Case, the Unicode form of
     accents (NFC) and all white space do not count: "3 B" is "3b". true,
     false, or null when either naam is empty (nobody can tell). */
  B.gelijk = function (s) { return str(s).normalize("NFC").toLowerCase().replace(/\s+/g, ""); };
  B.zelfde = function (a, b) {
    a = B.leerling(a);
    b = B.leerling(b);
    if (!B.gelijk(a.naam) || !B.gelijk(b.naam)) return null;
    return B.gelijk(a.naam) === B.gelijk(b.naam) && B.gelijk(a.klas) === B.gelijk(b.klas);
  };

  /* id -> {def, kaart or werkblad}: every question of the site data. */
  B.velden = function (data) {
    var m = Object.create(null);
    (data.kaarten || []).forEach(function (k) { if (k.vraag) m[k.vraag.id] = { def: k.vraag, kaart: k.nummer }; });
    (data.werkbladen || []).forEach(function (w) {
      (w.velden || []).forEach(function (f) { m[f.id] = { def: f, werkblad: w.nummer }; });
    });
    return m;
  };

  /* ---- writing ---- */

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  function table(head, rows) {
    function tr(cells, tag) { return "<tr><" + tag + ">" + cells.map(esc).join("</" + tag + "><" + tag + ">") + "</" + tag + "></tr>"; }
    return "<table><thead>" + tr(head, "th") + "</thead><tbody>" + rows.map(function (r) { return tr(r, "td"); }).join("") + "</tbody></table>";
  }

  // one answer as HTML, from the structure its type makes (veldtypes.js)
  function show(r, def) {
    var s = V.toon(r, def);
    if (s.lijst) return "<ul>" + s.lijst.map(function (x) { return "<li>" + esc(x) + "</li>"; }).join("") + "</ul>";
    if (s.tabel) return table(s.tabel.kop, s.tabel.rijen);
    if (s.foto !== undefined) {
      return (s.foto ? '<img src="' + esc(s.foto) + '" alt="' + esc(s.bijschrift || "Foto") + '">' : "") +
        (s.bijschrift ? '<p class="antwoord">' + esc(s.bijschrift) + "</p>" : "");
    }
    return '<p class="antwoord">' + esc(s.tekst) + "</p>";
  }
  function answer(r, def) {
    return (r.waarde !== undefined ? show(r, def) : '<p class="leeg">Niet ingevuld</p>') +
      (r.eerder || []).map(function (e) {
        return '<div class="eerder"><p class="bij">Je eerdere antwoord' + (e.label && (!def || e.label !== def.label) ? " (vraag: " + esc(e.label) + ")" : "") +
          "</p>" + show(e, def) + "</div>";
      }).join("");
  }

  // which answers go into a file: "alles", "kaarten" or "werkblad-N"
  B.kies = function (alle, omvang, info) {
    var out = Object.create(null);
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
    ".eerder{border-left:4px solid #999;padding-left:.6rem}" +
    "img{display:block;max-width:100%;max-height:12cm}h2,h3{break-after:avoid}tr,img{break-inside:avoid}" +
    "@page{size:A4;margin:15mm}@media print{body{max-width:none;padding:0;font-size:11pt}}";

  /* op-stage_<naam>_<klas>_<omvang>[_<YYYY-MM-DD>].html; without a date (the
     file "Bewaar in een bestand" keeps up to date) when datum is empty. */
  B.bestandsnaam = function (leerling, omvang, datum) {
    var wie = B.leerling(leerling);
    return ((O.data && O.data.korte_naam) || "op-stage") + "_" + slug(wie.naam, "zonder-naam") + "_" + slug(wie.klas, "zonder-klas") + "_" + omvang + (datum ? "_" + datum : "") + ".html";
  };

  /* The file for opts {data, omvang, leerling, antwoorden, nu}: {naam, html}.
     Card questions first, then werkblad by werkblad; answers to fields that
     were removed from the content follow by their label snapshot. */
  B.maak = function (o) {
    var data = o.data, wie = B.leerling(o.leerling), gekozen = o.antwoorden, omvang = o.omvang, nu = o.nu || new Date();
    var groups = [{ titel: "Vragen op de kaarten", key: "k", alle: omvang === "kaarten", vragen: [] }], done = Object.create(null);
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
          (q.bij ? '<p class="bij">' + esc(q.bij) + "</p>" : "") + (r ? answer(r, q.def) : '<p class="leeg">Niet ingevuld</p>') + "</section>\n";
      }).join("");
    });
    var json = { formaat: "opstage-antwoorden", versie: B.VERSIE, site: data.sleutel, gemaakt: nu.toISOString(), leerling: wie, omvang: omvang, antwoorden: gekozen };
    if (o.gezien) json.feedbackGezien = o.gezien;
    var kop = "Antwoorden" + (wie.naam ? " van " + wie.naam : "");
    var inhoud = omvang === "alles" ? "Alle antwoorden" : omvang === "kaarten" ? "Vragen op de kaarten (afronden)" : titel;
    var rijen = [["Naam", wie.naam], ["Klas", wie.klas], ["Datum", H.datum(ymd(nu))], ["Inhoud", inhoud]];
    if (o.gezien) rijen.push(["Feedback gelezen", "van " + H.datum(ymd(new Date(o.gezien.gemaakt)))]);
    return {
      naam: B.bestandsnaam(wie, omvang, ymd(nu)),
      html: pagina("antwoorden", data.titel, kop, rijen, body || '<p class="leeg">Er zijn nog geen antwoorden.</p>', json)
    };
  };

  /* A whole file: plain HTML for people (dl rows, then body), the JSON for
     machines in <script id="opstage-antwoorden"> with <, > and & escaped, so
     nothing typed can end it. soort marks the file in its head, so a file cut
     off before its JSON is still known as one of ours ("beschadigd"). */
  function pagina(soort, site, kop, rijen, body, json) {
    var dl = rijen.map(function (d) { return "<dt>" + esc(d[0]) + "</dt><dd>" + esc(d[1]) + "</dd>"; }).join("");
    return '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n<meta name="generator" content="opstage-' + soort + '">\n' +
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n" +
      '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>' + esc(site + ": " + kop) + "</title>\n" +
      "<style>" + CSS + "</style>\n</head>\n<body>\n<p>" + esc(site) + "</p>\n<h1>" + esc(kop) + "</h1>\n<dl>" + dl + "</dl>\n" + body +
      '<script type="application/json" id="opstage-antwoorden">' +
      JSON.stringify(json).replace(/[<>&]/g, function (c) { return "\\u00" + c.charCodeAt(0).toString(16); }) +
      "</script>\n</body>\n</html>\n";
  }

  /* The key of a part in a feedback file: "werkblad-3" or "kaart-2". */
  B.DEEL = /^(werkblad|kaart)-[1-9][0-9]{0,3}$/;
  B.FEEDBACK_VERSIE = 1;

  /* The teacher's feedback file for opts {data, leerling, algemeen, delen
     (part key -> text), titels (part key -> title), nu}: {naam, html}.
     docs/answer-file.md, "The feedback file". */
  B.maakFeedback = function (o) {
    var data = o.data, wie = B.leerling(o.leerling), nu = o.nu || new Date(), delen = Object.create(null), body = "";
    function blok(titel, tekst) { return "<section><h2>" + esc(titel) + '</h2><p class="antwoord">' + esc(tekst) + "</p></section>\n"; }
    if (o.algemeen) body += blok("Algemene opmerking", o.algemeen);
    Object.keys(o.delen).forEach(function (k) {
      if (!B.DEEL.test(k) || !o.delen[k]) return;
      delen[k] = o.delen[k];
      body += blok((o.titels && o.titels[k]) || k, o.delen[k]);
    });
    var json = { formaat: "opstage-feedback", versie: B.FEEDBACK_VERSIE, site: data.sleutel, gemaakt: nu.toISOString(), leerling: wie,
      algemeen: str(o.algemeen), feedback: delen };
    var kop = "Feedback" + (wie.naam ? " voor " + wie.naam : "");
    return {
      naam: (data.korte_naam || "op-stage") + "_feedback_" + slug(wie.naam, "zonder-naam") + "_" + slug(wie.klas, "zonder-klas") + "_" + ymd(nu) + ".html",
      html: pagina("feedback", data.titel, kop, [["Naam", wie.naam], ["Klas", wie.klas], ["Datum", H.datum(ymd(nu))]],
        (body || '<p class="leeg">Er is nog geen feedback.</p>') + "<p class=\"bij\">Open dit bestand op de website met 'Verder werken met een bestand'. Dan zie je de feedback bij je werkbladen.</p>\n", json)
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

  var NAAM = (O.data && O.data.titel) || "deze website"; // the lesson package's name (site.yaml)
  B.GEEN = "Dit bestand is geen antwoordbestand van " + NAAM + ". Er is niets veranderd.";
  B.KAPOT = "Dit antwoordbestand is beschadigd of niet helemaal bewaard. Er is niets veranderd. Maak het bestand opnieuw, of vraag het opnieuw.";
  B.NIEUWER = "Dit bestand is gemaakt met een nieuwere versie van " + NAAM + ". Deze website kan het nog niet lezen. Er is niets veranderd. Vraag je docent om hulp.";
  B.ANDERS = "Dit bestand hoort bij een andere website. Er is niets veranderd.";

  /* The text of a file -> {antwoorden, aantal, leerling, gemaakt, omvang,
     gezien} or {fout}; a feedback file -> {feedback: {algemeen, delen},
     aantal, leerling, gemaakt, omvang: "feedback"}. velden (from B.velden)
     lets answers of versie 1 become ids. */
  B.lees = function (text, sleutel, velden) {
    var j, m, out = Object.create(null), n = 0;
    text = str(text);
    // not DOMParser: it would apply the page's CSP to the file's <style>
    m = /<script[^>]*\sid="opstage-antwoorden"[^>]*>([^<]*)<\/script>/.exec(text);
    // ours but cut off: the mark in the head (or, in older files, their style) is there
    if (!m) return { fout: /id="opstage-antwoorden"|content="opstage-(antwoorden|feedback)"|\.eerder\{border-left:4px solid #999/.test(text.slice(0, 5000)) || text.indexOf('id="opstage-antwoorden"') >= 0 ? B.KAPOT : B.GEEN };
    try { j = JSON.parse(m[1]); } catch (e) { return { fout: B.KAPOT }; }
    if (!H.isObj(j) || typeof j.versie !== "number" || !(j.versie >= 1)) return { fout: B.GEEN };
    if (j.formaat === "opstage-feedback") return feedback(j, sleutel);
    if (j.formaat !== "opstage-antwoorden" || !H.isObj(j.antwoorden)) return { fout: B.GEEN };
    if (j.versie > B.VERSIE) return { fout: B.NIEUWER };
    if (sleutel && j.site !== sleutel) return { fout: B.ANDERS };
    velden = velden || Object.create(null);
    Object.keys(j.antwoorden).forEach(function (id) {
      var r = /^[a-z0-9-]+$/.test(id) && B.record(j.antwoorden[id]), f = velden[id];
      if (!r) return;
      if (j.versie < 2) B.uitVersie1(r, f && f.def);
      out[id] = r;
      n++;
    });
    return { antwoorden: out, aantal: n, leerling: B.leerling(j.leerling), gemaakt: str(j.gemaakt), omvang: str(j.omvang), gezien: B.gezien(j.feedbackGezien) };
  };

  /* Which feedback file a student had seen: {gemaakt, delen: [part keys]} or null. */
  B.gezien = function (g) {
    if (!H.isObj(g) || !str(g.gemaakt)) return null;
    return { gemaakt: str(g.gemaakt), delen: (Array.isArray(g.delen) ? g.delen : []).filter(function (k) { return B.DEEL.test(k); }).slice(0, 200) };
  };

  var LANG = 50000; // characters of one feedback text at most
  function feedback(j, sleutel) {
    if (j.versie > B.FEEDBACK_VERSIE) return { fout: B.NIEUWER };
    if (sleutel && j.site !== sleutel) return { fout: B.ANDERS };
    var delen = Object.create(null), n = 0, fb = H.isObj(j.feedback) ? j.feedback : {};
    Object.keys(fb).forEach(function (k) {
      if (B.DEEL.test(k) && str(fb[k]).trim()) { delen[k] = str(fb[k]).slice(0, LANG); n++; }
    });
    var algemeen = str(j.algemeen).slice(0, LANG);
    return { feedback: { algemeen: algemeen.trim() ? algemeen : "", delen: delen }, aantal: n + (algemeen.trim() ? 1 : 0),
      leerling: B.leerling(j.leerling), gemaakt: str(j.gemaakt), omvang: "feedback", antwoorden: Object.create(null) };
  }
})();
