/* Op stage: Nakijken, the teacher's overview of many answer files.
 *
 * Files are picked or dropped and read here with FileReader; nothing leaves
 * the browser. Each file is read by the one reader of answer files,
 * Opstage.antwoordbestand.lees (docs/answer-file.md); the file's HTML never
 * enters this page. Answers are shown by their field type (veldtypes.js)
 * with textContent only; photos only as <img> with a data:image/ URL. Per student and part (a werkblad or a card
 * question) the newest file (`gemaakt`) wins, and the page says so.
 * CSV: one row per student per question (see the template's help text).
 */
(function () {
  "use strict";

  var O = (window.Opstage = window.Opstage || {});
  O.modules = O.modules || {};

  var el = O.hulp.el, knop = O.hulp.knop;

  function tijd(iso) {
    var d = new Date(iso);
    return isNaN(d) ? "onbekende datum" : d.toLocaleString("nl-NL", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });
  }

  // "1 dec. 10:15": short enough for a column of the grid
  function kort(iso) {
    var d = new Date(iso);
    return isNaN(d) ? "onbekend" : d.toLocaleString("nl-NL", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  }

  // local "YYYY-MM-DD HH:MM", sortable in Excel
  function stempel(iso) {
    var d = new Date(iso);
    if (isNaN(d)) return "";
    d = new Date(d - d.getTimezoneOffset() * 60000);
    return d.toISOString().slice(0, 16).replace("T", " ");
  }

  function str(v) {
    return typeof v === "string" ? v : "";
  }

  // a 53-bit hash of a file's text (cyrb53): the same bytes give the same hash
  function hash(s) {
    var h1 = 0xdeadbeef ^ s.length, h2 = 0x41c6ce57 ^ s.length;
    for (var i = 0, c; i < s.length; i++) {
      c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  }

  /* The fingerprint of a file's bytes: SHA-256 by the browser where it has
     it (file://, https, localhost: about twice as fast as hashing in script),
     else hash() of the text. Resolves to null for a file that was not read. */
  function vingerafdruk(buf, tekst) {
    if (!buf) return Promise.resolve(null);
    var sub = window.crypto && window.crypto.subtle;
    return (sub ? sub.digest("SHA-256", buf) : Promise.reject(new Error("geen crypto.subtle"))).then(function (d) {
      return Array.prototype.map.call(new Uint8Array(d, 0, 12), function (b) { return (b + 256).toString(16).slice(1); }).join("");
    }, function () { return hash(tekst); });
  }

  // a `gemaakt` a file may have: a real time, at most a day ahead of this computer
  function datumOk(iso, nu) {
    var t = Date.parse(iso);
    return /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) && !isNaN(t) && t <= nu + 864e5;
  }

  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  O.modules.nakijken = function (root) {
    var data = O.data || {}, B = O.antwoordbestand, H = O.hulp;
    var velden = Object.create(null), delen = [], deelVan = Object.create(null), alleVelden = B.velden(data);
    var FB = "opstage-docent:" + data.sleutel + ":feedback:"; // apart from the students' "opstage:<sleutel>:"
    /* One file's text -> {naam, klas, gemaakt, antwoorden, gezien} or {fout: reason}. */
    function lees(tekst) {
      var g = B.lees(tekst, data.sleutel, alleVelden), out = Object.create(null), n = 0;
      if (g.fout === B.KAPOT) return { fout: "beschadigd, vraag het opnieuw. Het is een antwoordbestand, maar het is niet helemaal bewaard of verstuurd." };
      if (g.fout) return { fout: g.fout.replace(" Er is niets veranderd.", "") };
      if (g.feedback) return { fout: "dit is een feedbackbestand voor een leerling, geen antwoordbestand." };
      Object.keys(g.antwoorden).forEach(function (id) {
        if (g.antwoorden[id].waarde !== undefined) { out[id] = g.antwoorden[id]; n++; }
      });
      if (!n) return { fout: "Er staan geen antwoorden in dit bestand." };
      return { naam: g.leerling.naam.trim(), klas: g.leerling.klas.trim(), gemaakt: g.gemaakt, antwoorden: out, gezien: g.gezien };
    }
    function deel(key, titel) {
      if (!deelVan[key]) delen.push(deelVan[key] = { key: key, titel: titel, kort: titel.split(":")[0], vragen: [] });
      return deelVan[key];
    }
    (data.kaarten || []).forEach(function (k) {
      if (!k.vraag) return;
      velden[k.vraag.id] = k.vraag;
      deel("k" + k.nummer, "Kaart " + k.nummer + ": " + k.titel).vragen.push(k.vraag.id);
    });
    (data.werkbladen || []).forEach(function (w) {
      var d = deel("w" + w.nummer, "Werkblad " + w.nummer + ": " + w.titel);
      (w.velden || []).forEach(function (f) { velden[f.id] = f; d.vragen.push(f.id); });
    });
    // the part of an answer: from the content, else from the file's snapshot
    function deelVanAntwoord(id, r) {
      var d;
      for (var i = 0; i < delen.length && !d; i++) if (delen[i].vragen.indexOf(id) >= 0) d = delen[i];
      d = d || (r.kaart ? deel("k" + r.kaart, "Kaart " + r.kaart) : r.werkblad ? deel("w" + r.werkblad, "Werkblad " + r.werkblad) : deel("x", "Andere antwoorden"));
      if (d.vragen.indexOf(id) < 0) d.vragen.push(id);
      return d;
    }
    function vraagTekst(id, r) {
      var f = velden[id];
      return f && f.type === r.type ? f.label : r.label || id;
    }
    function def(id, r) {
      return velden[id] && velden[id].type === r.type ? velden[id] : {};
    }
    // "w3" -> "werkblad-3", "k2" -> "kaart-2": the part's key in a feedback file
    function fbKey(key) {
      return /^[wk]\d+$/.test(key) ? (key[0] === "w" ? "werkblad-" : "kaart-") + key.slice(1) : null;
    }

    var bestanden = []; // {bestand, hash, ...lees()}
    var geladen = Object.create(null), alGeladen = []; // hash -> file name; lines "al geladen"
    var leerlingen = [], dubbel = [], klassen = [];
    var klas = "", weergave = "leerling", cellen = Object.create(null);

    /* ---- the controls ---- */
    root.textContent = "";
    var kies = el("div", "nk-kies", null, root);
    var label = el("label", "veld__label", "Kies de antwoordbestanden van je leerlingen", kies);
    var input = el("input", null, null, kies);
    input.type = "file";
    input.multiple = true;
    input.accept = ".html,.htm,text/html";
    input.id = label.htmlFor = "nk-bestanden";
    el("p", "nk-sleep", "Of sleep de bestanden naar dit vak. Je kunt er steeds meer bij doen.", kies);
    var status = el("p", "nk-status", "Er zijn nog geen bestanden gekozen.", root);
    status.setAttribute("role", "status");
    var meldingen = el("div", "nk-meldingen", null, root);
    var balk = el("div", "nk-balk", null, root);
    balk.hidden = true;
    var klasLabel = el("label", null, "Klas ", balk);
    var select = el("select", null, null, klasLabel);
    var knoppen = {
      leerling: knop("Per leerling", "knop--licht", balk, function () { zet("leerling"); }),
      vraag: knop("Per vraag", "knop--licht", balk, function () { zet("vraag"); })
    };
    knop("Download als CSV (Excel)", "knop--licht", balk, csv);
    knop("Download alle feedback", "knop--licht", balk, alleFeedback);
    knop("Begin opnieuw", "knop--licht", balk, function () {
      vraag("Opnieuw beginnen?", "Alle bestanden en alle feedback die je hier schreef, gaan van deze computer af. Heb je de feedback nog nodig? Download die dan eerst.",
        "Ja, wis alles", function () {
          bestanden = [];
          geladen = Object.create(null);
          alGeladen = [];
          Object.keys(localStorage).forEach(function (k) { if (k.indexOf(FB) === 0) localStorage.removeItem(k); });
          bereken();
          input.focus();
        });
    });
    var fbFout = el("p", "nk-melding nk-melding--fout", "Let op: je feedback kan op deze computer niet bewaard worden. Download de feedback voordat je de pagina sluit.", root);
    fbFout.hidden = true;
    fbFout.setAttribute("role", "alert");
    var uitvoer = el("div", "nk-uitvoer", null, root);

    function zet(w) {
      weergave = w;
      toon();
    }
    select.addEventListener("change", function () {
      klas = select.value;
      toon();
    });

    // a modal question with one action and "Annuleren" (which has the focus)
    function vraag(titel, tekst, ja, fn) {
      var d = el("dialog", "nk-dialoog", null, document.body), back = document.activeElement;
      d.setAttribute("aria-labelledby", (el("h2", null, titel, d).id = "nk-dialoog-titel"));
      el("p", null, tekst, d);
      knop(ja, "knop--gevaar", d, function () { d.close(); fn(); });
      var nee = knop("Annuleren", "knop--licht", d, function () { d.close(); });
      d.addEventListener("close", function () { d.remove(); if (back && document.contains(back)) back.focus(); });
      d.showModal();
      nee.focus();
    }

    /* Files are read one after another, with a progress line; each is read
       on its own, so one file that breaks the reader stops no other. */
    function voegToe(files) {
      var lijst = Array.prototype.slice.call(files), i = 0;
      if (!lijst.length) return;
      function volgende() {
        if (i === lijst.length) return bereken();
        var f = lijst[i++], r = new FileReader();
        status.textContent = "Bezig met lezen: " + i + " van " + lijst.length + (lijst.length === 1 ? " bestand..." : " bestanden...");
        r.onload = r.onerror = function () {
          var buf = r.result, tekst = buf ? new TextDecoder("utf-8").decode(buf) : null;
          vingerafdruk(buf, tekst).then(function (h) {
            een(f.name, tekst, h);
            setTimeout(volgende); // lets the progress line show
          });
        };
        if (f.size > 60e6) r.onerror();
        else r.readAsArrayBuffer(f);
      }
      volgende();
    }
    function een(naam, tekst, h) {
      var g;
      if (h && geladen[h]) {
        alGeladen.push(naam + ": al geladen" + (geladen[h] !== naam ? " (hetzelfde bestand als " + geladen[h] + ")" : "") + ". Het telt één keer.");
        return;
      }
      try {
        g = tekst == null ? { fout: "Het bestand kan niet geopend worden." } : lees(tekst);
      } catch (e) {
        g = { fout: "Dit bestand kan niet gelezen worden. Vraag het opnieuw." };
      }
      g.bestand = naam;
      g.hash = h;
      if (h) geladen[h] = naam;
      bestanden.push(g);
    }
    input.addEventListener("change", function () {
      voegToe(input.files);
      input.value = "";
    });
    // drop anywhere on the page; the browser must never open a dropped file
    ["dragover", "drop"].forEach(function (t) {
      document.addEventListener(t, function (e) {
        e.preventDefault();
        root.classList.toggle("nk--slepen", t === "dragover");
        if (t === "drop" && e.dataTransfer) voegToe(e.dataTransfer.files);
      });
    });
    document.addEventListener("dragleave", function (e) {
      if (!e.relatedTarget) root.classList.remove("nk--slepen");
    });

    /* ---- merge the files into students ----
       A student is naam + klas as zelfde() compares them; a file without naam
       is a student of its own. Per part the newest file wins; a file with a
       strange date (unreadable, or more than a day ahead) never beats one
       with a normal date. */
    function bereken() {
      var per = Object.create(null), spelling = Object.create(null), zonder = [], nu = Date.now();
      leerlingen = [];
      dubbel = [];
      var goed = bestanden.filter(function (b) { return !b.fout; });
      goed.forEach(function (b) {
        b.vreemd = !datumOk(b.gemaakt, nu);
        var k = B.gelijk(b.klas), m = spelling[k] = spelling[k] || Object.create(null);
        m[b.klas] = (m[b.klas] || 0) + 1;
      });
      goed.sort(function (a, b) {
        return a.vreemd !== b.vreemd ? (a.vreemd ? -1 : 1) : (a.vreemd ? 0 : Date.parse(a.gemaakt) - Date.parse(b.gemaakt)) || cmp(a.bestand, b.bestand);
      }).forEach(function (b) {
        var n = B.gelijk(b.naam), key = n ? "l:" + n + "\n" + B.gelijk(b.klas) : "h:" + b.hash;
        var l = per[key];
        if (!l) {
          leerlingen.push(l = per[key] = { key: key, naam: b.naam, klas: b.klas, klasKey: B.gelijk(b.klas), delen: Object.create(null), gemaakt: "", vreemd: [], gezien: null, bestand: b.bestand });
          if (!n) zonder.push(l);
        }
        if (b.vreemd) l.vreemd.push(b);
        else {
          l.gemaakt = b.gemaakt;
          l.naam = b.naam;
        }
        if (b.gezien && (!l.gezien || b.gezien.gemaakt > l.gezien.gemaakt)) l.gezien = b.gezien;
        var inFile = Object.create(null);
        Object.keys(b.antwoorden).forEach(function (id) {
          var d = deelVanAntwoord(id, b.antwoorden[id]);
          (inFile[d.key] = inFile[d.key] || Object.create(null))[id] = b.antwoorden[id];
        });
        Object.keys(inFile).forEach(function (k) {
          var oud = l.delen[k];
          if (oud) (oud.ouder = oud.ouder || []).push(oud.bestand);
          l.delen[k] = { bestand: b, antwoorden: inFile[k], ouder: oud && oud.ouder };
        });
      });
      // klas in its most common spelling ("3a", "3A" and "3 A" are one klas)
      function klasVan(k) {
        var m = spelling[k];
        return Object.keys(m).sort().reduce(function (best, s) { return best === null || m[s] > m[best] ? s : best; }, null);
      }
      leerlingen.forEach(function (l) {
        l.klas = klasVan(l.klasKey);
        l.titel = l.naam || "";
      });
      zonder.sort(function (a, b) { return cmp(a.bestand, b.bestand); }).forEach(function (l, i) { l.titel = "Zonder naam " + (i + 1); });
      leerlingen.sort(function (a, b) {
        return a.klas.localeCompare(b.klas, "nl", { numeric: true }) || a.titel.localeCompare(b.titel, "nl", { numeric: true });
      });
      leerlingen.forEach(function (l) {
        delen.forEach(function (d) {
          var p = l.delen[d.key];
          if (p && p.ouder) {
            dubbel.push(wie(l) + ": " + d.titel + " zat in " + (p.ouder.length + 1) + " bestanden. Het nieuwste is gebruikt: " +
              p.bestand.bestand + " (" + tijd(p.bestand.gemaakt) + "). Niet gebruikt: " +
              p.ouder.map(function (b) { return b.bestand + " (" + tijd(b.gemaakt) + ")"; }).join(", ") + ".");
          }
        });
      });
      klassen = [];
      leerlingen.forEach(function (l) { if (!klassen.some(function (k) { return k.key === l.klasKey; })) klassen.push({ key: l.klasKey, tekst: l.klas }); });
      if (!klassen.some(function (k) { return "k:" + k.key === klas; })) klas = "";
      select.textContent = "";
      el("option", null, "Alle klassen", select).value = "";
      klassen.forEach(function (k) { el("option", null, k.tekst || "(geen klas)", select).value = "k:" + k.key; });
      select.value = klas;
      toon();
    }

    function wie(l) {
      return l.naam ? l.naam + " (" + (l.klas || "geen klas") + ")" : l.titel + " (bestand: " + l.bestand + ")";
    }

    function gekozen() {
      return leerlingen.filter(function (l) { return !klas || "k:" + l.klasKey === klas; });
    }

    /* ---- feedback of the teacher, in this browser under FB + student key ---- */
    function fbVan(l) {
      if (l.fb) return l.fb;
      var v = null;
      try { v = JSON.parse(localStorage.getItem(FB + l.key)); } catch (e) { v = null; }
      v = H.isObj(v) ? v : {};
      return (l.fb = { algemeen: str(v.algemeen), delen: H.strMap(v.delen) || Object.create(null) });
    }
    function fbBewaar(l) {
      try {
        localStorage.setItem(FB + l.key, JSON.stringify({ naam: l.naam, klas: l.klas, algemeen: l.fb.algemeen, delen: l.fb.delen }));
        fbFout.hidden = true;
      } catch (e) {
        fbFout.hidden = false;
      }
    }
    function heeftFb(l, key) { return !!str(fbVan(l).delen[key]).trim(); }
    // l's feedback for the parts l handed in, as a file
    function fbBestand(l) {
      var fb = fbVan(l), uit = Object.create(null), titels = Object.create(null);
      delen.forEach(function (d) {
        var k = fbKey(d.key);
        if (k && l.delen[d.key] && heeftFb(l, d.key)) { uit[k] = fb.delen[d.key]; titels[k] = d.titel; }
      });
      return B.maakFeedback({ data: data, leerling: { naam: l.naam, klas: l.klas }, algemeen: fb.algemeen.trim() ? fb.algemeen : "", delen: uit, titels: titels });
    }
    function heeftIetsFb(l) {
      return !!fbVan(l).algemeen.trim() || delen.some(function (d) { return l.delen[d.key] && heeftFb(l, d.key); });
    }
    function alleFeedback() {
      var namen = Object.create(null), files = gekozen().filter(heeftIetsFb).map(function (l) {
        var f = fbBestand(l), naam = f.naam, n = 1;
        while (namen[naam]) naam = f.naam.replace(/\.html$/, " (" + ++n + ").html");
        namen[naam] = 1;
        return { naam: naam, tekst: f.html };
      });
      if (!files.length) {
        status.textContent = "Er is nog geen feedback geschreven. Schrijf eerst feedback bij een leerling.";
        return;
      }
      bewaar(O.zip(files), data.korte_naam + "_feedback_" + (klasNaam() || "alle-klassen") + "_" + new Date().toISOString().slice(0, 10) + ".zip");
      status.textContent = "De feedback van " + files.length + (files.length === 1 ? " leerling staat" : " leerlingen staat") + " in één zip-bestand. Stuur elke leerling het eigen bestand.";
    }
    function klasNaam() {
      var k = klassen.filter(function (x) { return "k:" + x.key === klas; })[0];
      return k ? k.tekst.replace(/[^A-Za-z0-9-]+/g, "-") : "";
    }
    function bewaar(blob, naam) {
      var a = el("a", null, null, document.body);
      a.href = URL.createObjectURL(blob);
      a.download = naam;
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
    }

    /* ---- showing ---- */
    function lijst(titel, regels, cls) {
      if (!regels.length) return;
      var box = el("div", "nk-melding " + cls, null, meldingen);
      el("h2", null, titel, box);
      var ul = el("ul", null, null, box);
      regels.forEach(function (r) { el("li", null, r, ul); });
    }

    function toon() {
      var fout = bestanden.filter(function (b) { return b.fout; });
      var ok = bestanden.length - fout.length, ll = gekozen(), kt = klassen.filter(function (x) { return "k:" + x.key === klas; })[0];
      status.textContent = bestanden.length ? ok + (ok === 1 ? " bestand" : " bestanden") + " gelezen, " +
        leerlingen.length + (leerlingen.length === 1 ? " leerling" : " leerlingen") +
        (kt ? ", " + ll.length + " in klas " + kt.tekst : "") + "." +
        (fout.length ? " " + fout.length + (fout.length === 1 ? " bestand" : " bestanden") + " niet gelezen." : "") : "Er zijn nog geen bestanden gekozen.";
      meldingen.textContent = "";
      lijst("Deze bestanden zijn niet gelezen", fout.map(function (b) { return b.bestand + ": " + b.fout; }), "nk-melding--fout");
      lijst("Al geladen", alGeladen, "nk-melding--al");
      lijst("Dubbel ingeleverd", dubbel, "nk-melding--dubbel");
      balk.hidden = !leerlingen.length;
      for (var k in knoppen) knoppen[k].setAttribute("aria-pressed", String(k === weergave));
      uitvoer.textContent = "";
      cellen = Object.create(null);
      if (!leerlingen.length) return;
      overzicht(ll);
      (weergave === "vraag" ? perVraag : perLeerling)(ll);
    }

    function deelId(i, d) { return "nk-l" + i + "-" + d.key; }
    function telling(l, d) {
      var n = Object.keys(l.delen[d.key].antwoorden).length, van = d.vragen.length;
      return Math.min(n, van) + " van " + van;
    }
    function vreemd(l) {
      return l.vreemd.length ? "Let op: vreemde datum in " + l.vreemd.map(function (b) { return b.bestand + " (" + (b.gemaakt.slice(0, 30) || "geen datum") + ")"; }).join(", ") +
        ". Dat bestand telt niet als het nieuwste." : "";
    }

    /* At a glance: a row per student, a column per part; a cell says how many
       questions were answered, whether feedback is written, or that the part
       is missing. It scrolls in its own box when the screen is narrow. */
    function overzicht(ll) {
      var kol = delen.filter(function (d) { return ll.some(function (l) { return l.delen[d.key]; }) || d.key !== "x"; });
      var blok = el("section", "nk-overzicht-blok", null, uitvoer);
      el("h2", null, "Overzicht", blok).id = "nk-overzicht-titel";
      var box = el("div", "nk-overzicht", null, blok);
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-labelledby", "nk-overzicht-titel");
      var t = el("table", "nk-rooster", null, box);
      el("caption", "visueel-verborgen", "Wie heeft wat ingeleverd. Klik op een vak voor de antwoorden.", t);
      var kop = el("tr", null, null, el("thead", null, null, t));
      ["Naam", "Klas", "Ingeleverd"].forEach(function (h) { el("th", null, h, kop).scope = "col"; });
      kol.forEach(function (d) {
        var th = el("th", "nk-kol", null, kop), ab = el("abbr", null, d.kort.replace("Werkblad ", "Wb ").replace("Kaart ", "K "), th);
        th.scope = "col";
        ab.title = d.titel;
      });
      var body = el("tbody", null, null, t);
      ll.forEach(function (l, i) {
        var tr = el("tr", null, null, body), th = el("th", null, null, tr), a = el("a", null, l.titel, th);
        th.scope = "row";
        a.href = "#nk-leerling-" + i;
        a.addEventListener("click", open);
        if (!l.naam) el("span", "nk-bestand", l.bestand, th);
        el("td", null, l.klas, tr);
        var dt = el("td", "nk-datum", l.gemaakt ? kort(l.gemaakt) : "onbekend", tr);
        dt.title = l.gemaakt ? tijd(l.gemaakt) : "";
        if (l.vreemd.length) el("span", "nk-let-op", "Vreemde datum", dt).title = vreemd(l);
        kol.forEach(function (d) {
          var td = el("td", null, null, tr);
          cellen[l.key + "|" + d.key] = { td: td, l: l, i: i, d: d };
          cel(td, l, i, d);
        });
      });
      var som = el("tr", null, null, el("tfoot", null, null, t)), sth = el("th", null, "Ingeleverd (van " + ll.length + (ll.length === 1 ? " leerling)" : " leerlingen)"), som);
      sth.scope = "row";
      sth.colSpan = 3;
      kol.forEach(function (d) {
        el("td", "nk-cel", String(ll.filter(function (l) { return l.delen[d.key]; }).length), som);
      });
    }
    function cel(td, l, i, d) {
      td.textContent = "";
      if (!l.delen[d.key]) {
        td.className = "nk-cel nk-cel--niet";
        el("span", null, "–", td).setAttribute("aria-hidden", "true");
        el("span", "visueel-verborgen", "niet ingeleverd", td);
        return;
      }
      // "3" over "van 5", so 19 parts fit at 1280 px
      var fb = heeftFb(l, d.key), a = el("a", null, null, td), t = telling(l, d).split(" van ");
      td.className = "nk-cel nk-cel--in" + (fb ? " nk-cel--fb" : "");
      el("span", "nk-n", t[0], a);
      el("span", "nk-van", " van " + t[1], a);
      a.href = "#" + deelId(i, d);
      a.addEventListener("click", open);
      if (fb) {
        el("span", "nk-fb-merk", "✎", a).setAttribute("aria-hidden", "true");
        el("span", "visueel-verborgen", " met feedback", a);
      }
    }
    // a link of the grid opens those answers, in the view per student
    function open(e) {
      var id = this.getAttribute("href").slice(1);
      e.preventDefault();
      if (weergave !== "leerling") zet("leerling");
      var doel = document.getElementById(id);
      if (doel) {
        doel.tabIndex = -1;
        doel.scrollIntoView();
        doel.focus();
      }
    }

    function fbVeld(parent, l, tekst, waarde, id, op) {
      var wrap = el("div", "nk-feedback", null, parent), lab = el("label", "veld__label", tekst, wrap), ta = el("textarea", null, null, wrap);
      ta.id = lab.htmlFor = id;
      ta.rows = 3;
      ta.value = waarde;
      ta.addEventListener("input", function () { op(ta.value); fbBewaar(l); });
    }

    function perLeerling(ll) {
      el("h2", null, "Per leerling", uitvoer);
      ll.forEach(function (l, i) {
        var art = el("article", "nk-leerling", null, uitvoer), fb = fbVan(l);
        art.id = "nk-leerling-" + i;
        el("h3", null, wie(l), art);
        el("p", null, "Ingeleverd: " + (l.gemaakt ? tijd(l.gemaakt) : "onbekende datum") + ".", art);
        if (l.vreemd.length) el("p", "nk-let-op", vreemd(l), art);
        if (l.gezien) el("p", "nk-gezien", "Heeft de feedback van " + tijd(l.gezien.gemaakt) + " gelezen.", art);
        var rij = el("div", "nk-knoppen", null, art);
        knop("Afdrukken", "knop--licht knop--klein", rij, function () {
          var oud = document.querySelector(".nk-print-dit");
          if (oud) oud.classList.remove("nk-print-dit");
          art.classList.add("nk-print-dit");
          document.documentElement.classList.add("nk-print");
          window.print();
        }).setAttribute("aria-label", "Afdrukken: " + wie(l));
        knop("Download feedback", "knop--licht knop--klein", rij, function () {
          var f = fbBestand(l);
          bewaar(new Blob([f.html], { type: "text/html" }), f.naam);
        }).setAttribute("aria-label", "Download feedback voor " + wie(l));
        fbVeld(art, l, "Algemene opmerking voor " + l.titel, fb.algemeen, "nk-fb-" + i, function (v) { fb.algemeen = v; });
        delen.forEach(function (d) {
          var p = l.delen[d.key];
          if (!p) return;
          try {
            el("h4", null, d.titel, art).id = deelId(i, d);
            d.vragen.forEach(function (id) {
              var r = p.antwoorden[id];
              if (!r) return;
              var v = el("div", "nk-vraag", null, art);
              el("p", "nk-label", vraagTekst(id, r), v);
              v.appendChild(antwoord(id, r));
            });
          } catch (e) {
            el("p", "nk-let-op", "Dit deel kan niet getoond worden.", art);
          }
          if (fbKey(d.key)) {
            fbVeld(art, l, "Feedback voor " + l.titel + " bij " + d.kort, fb.delen[d.key] || "", "nk-fb-" + i + "-" + d.key, function (v) {
              fb.delen[d.key] = v;
              var c = cellen[l.key + "|" + d.key];
              if (c) cel(c.td, c.l, c.i, c.d);
            });
          }
        });
      });
    }

    function perVraag(ll) {
      el("h2", null, "Per vraag", uitvoer);
      delen.forEach(function (d) {
        var wel = ll.filter(function (l) { return l.delen[d.key]; });
        if (!wel.length) return;
        el("h3", null, d.titel, uitvoer);
        d.vragen.forEach(function (id) {
          var rows = wel.filter(function (l) { return l.delen[d.key].antwoorden[id]; });
          if (!rows.length) return;
          var sec = el("section", "nk-perVraag", null, uitvoer);
          el("h4", null, vraagTekst(id, rows[0].delen[d.key].antwoorden[id]), sec);
          var body = el("tbody", null, null, el("table", "nk-tabel", null, sec));
          rows.forEach(function (l) {
            var tr = el("tr", null, null, body);
            el("th", null, wie(l), tr).scope = "row";
            el("td", null, null, tr).appendChild(antwoord(id, l.delen[d.key].antwoorden[id]));
          });
          var niet = wel.filter(function (l) { return rows.indexOf(l) < 0; }).map(wie);
          if (niet.length) el("p", "nk-niet", "Niet ingevuld door: " + niet.join(", "), sec);
        });
      });
    }

    /* One answer as DOM, as its field type shows it: text via textContent only. */
    function antwoord(id, r) {
      var s = O.veld.toon(r, def(id, r)), box = el("div", "nk-antwoord");
      if (s.lijst) {
        var ul = el("ul", null, null, box);
        s.lijst.forEach(function (x) { el("li", null, x, ul); });
      } else if (s.tabel) {
        var tb = el("table", "nk-sub", null, box), tr = el("tr", null, null, el("thead", null, null, tb)), body = el("tbody", null, null, tb);
        s.tabel.kop.forEach(function (h) { el("th", null, h, tr).scope = "col"; });
        s.tabel.rijen.forEach(function (rij) {
          var r2 = el("tr", null, null, body);
          rij.forEach(function (c) { el("td", null, c, r2); });
        });
      } else if (s.foto !== undefined) {
        if (s.foto && s.foto.indexOf("data:image/") === 0) {
          var img = el("img", null, null, box);
          img.alt = s.bijschrift || "Foto van de leerling";
          img.decoding = "async";
          img.loading = "lazy";
          img.src = s.foto;
        }
        if (s.bijschrift) el("p", null, s.bijschrift, box);
      } else {
        el("p", null, s.tekst, box);
      }
      return box;
    }

    /* ---- CSV for Dutch Excel: BOM, ";", every cell quoted ---- */
    function tekst(id, r) {
      return O.veld.tekst(r, def(id, r));
    }

    function cel2(s) {
      s = String(s);
      if (/^[=+\-@\t\r]/.test(s)) s = "'" + s; // never a formula in Excel
      return '"' + s.replace(/"/g, '""') + '"';
    }

    function csv() {
      var rijen = [["Naam", "Klas", "Ingeleverd", "Onderdeel", "Vraag-id", "Vraag", "Antwoord", "Feedback"]];
      gekozen().forEach(function (l) {
        var fb = fbVan(l), naam = l.naam || l.titel;
        if (fb.algemeen.trim()) rijen.push([naam, l.klas, stempel(l.gemaakt), "Algemene opmerking", "", "", "", fb.algemeen]);
        delen.forEach(function (d) {
          var p = l.delen[d.key];
          if (!p) return;
          d.vragen.forEach(function (id) {
            var r = p.antwoorden[id];
            if (r) rijen.push([naam, l.klas, stempel(p.bestand.gemaakt), d.titel, id, vraagTekst(id, r), tekst(id, r), str(fb.delen[d.key])]);
          });
        });
      });
      var body = "\ufeff" + rijen.map(function (r) { return r.map(cel2).join(";"); }).join("\r\n") + "\r\n";
      bewaar(new Blob([body], { type: "text/csv;charset=utf-8" }), data.korte_naam + "_nakijken_" + (klasNaam() || "alle-klassen") + "_" + new Date().toISOString().slice(0, 10) + ".csv");
    }
  };

  // printing one student: the classes are only for that print
  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("nk-print");
  });
})();
