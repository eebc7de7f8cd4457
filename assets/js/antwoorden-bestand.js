/* Op stage: "Bewaar in een bestand". Where the browser has the File System
   Access API (Chromium and Edge, also on file://) the student picks a file
   once; from then on every change is written into it within 2 s, as the
   answer file of all answers that "Download al je antwoorden" makes. One tab
   writes (a Web Lock; a tab that closes hands it to the next). Before each
   write the file's lastModified and size are compared with what this site
   last wrote or read: another PC changed it, so writing stops and the newer
   file is offered. Everywhere else (Firefox, plain http) the start page says
   how many answers are not in a file yet. docs/answer-file.md */
(function () {
  "use strict";
  var O = (window.Opstage = window.Opstage || {});
  var knop = O.hulp.knop;
  var A = (O.antwoorden = O.antwoorden || {});
  var F = (A.bestand = {});
  var kan = typeof window.showSaveFilePicker === "function" && !!navigator.locks && !!window.indexedDB;
  var SOORT = [{ description: "Antwoordbestand", accept: { "text/html": [".html", ".htm"] } }];
  var B, pre, ui, handle = null, db;
  var schrijf = false, vrij = null, timer = 0, bezig = false, nogEens = false, ander = false, los = "";

  function json(key) {
    try { return JSON.parse(localStorage.getItem(pre + key)); } catch (e) { return null; }
  }
  function zetJson(key, v) {
    try {
      if (v == null) localStorage.removeItem(pre + key);
      else localStorage.setItem(pre + key, JSON.stringify(v));
    } catch (e) { /* storage full: the status just shows less */ }
  }
  function klok(iso) {
    var d = new Date(iso);
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  /* ---- which answers are in a file: times per omvang, in localStorage ---- */

  function markeer(omvang, t) {
    var m = json("inbestand") || {};
    m[omvang] = t;
    zetJson("inbestand", m);
  }
  // answers changed after the last file that holds them
  F.nietInBestand = function () {
    var m = json("inbestand") || {}, alle = A.alle(), n = 0;
    Object.keys(alle).forEach(function (id) {
      var r = alle[id], f = A.veld(id) || r, deel = f.kaart ? "kaarten" : "werkblad-" + f.werkblad;
      if (r.gewijzigd > [String(m.alles || ""), String(m[deel] || "")].sort().pop()) n++;
    });
    return n;
  };
  // every download counts: wrap the one in antwoorden-knoppen.js
  var download = A.download;
  A.download = function (omvang) {
    var t = new Date().toISOString(), f = download(omvang);
    markeer(omvang, t);
    toon();
    return f;
  };

  /* ---- the file: its handle in IndexedDB opstage:<sleutel>:bestand (A.db),
     its state in localStorage ---- */

  // the shared state (every tab sees it): {naam, tijd, grootte, om, fout}
  function staat() { return json("bestand"); }
  function zetStaat(s, nieuw) {
    if (nieuw || staat()) zetJson("bestand", s); // never brings back what a wipe removed
    toon();
  }

  /* ---- one writer ---- */

  // this tab writes from now on (steal: the student acts here) or when the writer leaves
  function wordSchrijver(steal) {
    if (schrijf) return plan(0);
    navigator.locks.request(pre + "bestand", { steal: !!steal }, function () {
      if (!handle || !staat()) return null;
      schrijf = true;
      plan(0);
      toon();
      return new Promise(function (ok) { vrij = ok; });
    })["catch"](function () {
      handle = null; // another tab took over, maybe with another file: wait for the next turn
      setTimeout(terug);
    }).then(function () {
      schrijf = false;
      vrij = null;
      toon();
    });
  }
  function stop() {
    if (vrij) vrij();
    schrijf = false;
    clearTimeout(timer);
    timer = 0;
  }

  function plan(ms) {
    if (!schrijf) return;
    if (bezig) nogEens = true;
    else if (!timer) timer = setTimeout(bewaar, ms == null ? 1000 : ms);
  }

  // the whole answer file into the file; a half-written file never replaces a good one
  function bewaar() {
    timer = 0;
    var s = staat(), h = handle, t = new Date().toISOString(), alle;
    if (!schrijf || !h || !s || s.fout === "anders") return;
    A.ververs();
    alle = A.alle();
    if (!Object.keys(alle).length) return; // an empty file never replaces the student's answers
    bezig = true;
    h.getFile().then(function (f) {
      if (f.lastModified !== s.tijd || f.size !== s.grootte) throw { anders: 1 };
      var file = B.maak({ data: O.data, omvang: "alles", leerling: A.leerling(), antwoorden: alle });
      return h.createWritable().then(function (w) {
        return w.write(file.html).then(function () { return w.close(); }, function (e) {
          w.abort()["catch"](function () {});
          throw e;
        });
      });
    }).then(function () { return h.getFile(); }).then(function (f) {
      if (!staat()) return; // wiped meanwhile
      zetStaat({ naam: h.name, tijd: f.lastModified, grootte: f.size, om: t, fout: "" });
      markeer("alles", t);
    }, function (e) {
      zetStaat(Object.assign(s, { fout: e && e.anders ? "anders" : "schrijven" }));
    }).then(function () {
      bezig = false;
      if (nogEens && !(nogEens = false)) plan();
    });
  }

  // may this site write into h? ask (one prompt) when vraag
  function mag(h, vraag) {
    return h.queryPermission({ mode: "readwrite" }).then(function (p) {
      return p === "granted" || (vraag && h.requestPermission({ mode: "readwrite" }).then(function (q) { return q === "granted"; }));
    })["catch"](function () { return false; });
  }

  // from now on into h, whose file f was just read (or is new)
  function verbind(h, f) {
    handle = h;
    los = "";
    // the handle first: a tab that hears of the new state finds it
    return db.doe("readwrite", function (st) { return st.put(h, "h"); })["catch"](function () { /* one click less next time, no more */ }).then(function () {
      zetStaat({ naam: h.name, tijd: f.lastModified, grootte: f.size, om: "", fout: "" }, true);
      return mag(h, true);
    }).then(function (ja) {
      if (ja) wordSchrijver(true);
    });
  }

  // the site writes only into this student's own file of all answers
  function eigen(got) { return got.omvang === "alles" && B.zelfde(A.leerling(), got.leerling) === true; }

  /* ---- the buttons ---- */

  function bewaarIn(hulp) {
    hulp.metNaam(function () {
      window.showSaveFilePicker({ suggestedName: B.bestandsnaam(A.leerling(), "alles"), types: SOORT }).then(function (h) {
        return h.getFile().then(function (f) {
          if (!f.size) return verbind(h, f);
          return f.text().then(function (text) {
            var got = B.lees(text, A.sleutel(), B.velden(O.data));
            if (got.fout === B.GEEN) return verbind(h, f); // not an answer file: the student chose to replace it
            if (got.fout || !eigen(got)) return hulp.meld("Dit is al een ander antwoordbestand. Er is niets in bewaard. Kies een nieuwe naam.", 1);
            hulp.laad(f, function () { verbind(h, f); }); // this student's own file: its answers first
          });
        });
      })["catch"](function (e) {
        if (e && e.name !== "AbortError") hulp.meld("Bewaren in een bestand lukt niet in deze browser. Download je antwoorden voordat je stopt.", 1);
      });
    });
  }

  // "Verder werken met een bestand" with the picker; false: use the file input
  F.open = function (laad) {
    if (!kan || typeof window.showOpenFilePicker !== "function") return false;
    window.showOpenFilePicker({ types: SOORT }).then(function (hs) {
      var h = hs[0];
      return h.getFile().then(function (f) {
        laad(f, function (got) {
          if (eigen(got)) return verbind(h, f);
          los = "In dit bestand bewaart de website je antwoorden niet. Er staan niet al je antwoorden in, of het is van iemand anders.";
          toon();
        });
      });
    })["catch"](function (e) { if (e && e.name !== "AbortError") ui.hulp.meld(O.antwoordbestand.KAPOT, 1); });
    return true;
  };

  // another PC changed the file: load it (the one-student rules), then write on
  function openNieuwer() {
    var h = handle;
    h.getFile().then(function (f) {
      ui.hulp.laad(f, function (got) {
        if (eigen(got)) verbind(h, f);
      });
    })["catch"](function () { zetStaat(Object.assign(staat() || {}, { fout: "schrijven" })); });
  }


  // the status line, the reminder and which buttons show
  function toon() {
    if (!ui) return;
    var s = staat(), naam = s && s.naam, n = F.nietInBestand(), tekst = "", fout = "";
    if (s && s.fout === "anders") fout = "Let op: " + naam + " is veranderd op een andere computer. Daarom bewaart deze website er nu niets meer in. Zo gaat er niets verloren. Je antwoorden staan nog wel op deze computer.";
    else if (s && s.fout) fout = "Let op: je antwoorden konden niet in " + naam + " bewaard worden. Zit de USB-stick er nog in? Je antwoorden staan nog wel op deze computer.";
    else if (s && schrijf) tekst = s.om ? "Bewaard in " + naam + " om " + klok(s.om) : "Je antwoorden worden bewaard in " + naam + ".";
    else if (s && ander) tekst = "Een ander tabblad bewaart je antwoorden in " + naam + (s.om ? " (om " + klok(s.om) + ")." : ".");
    else if (s && handle) tekst = "Je antwoorden werden bewaard in " + naam + ". Klik op de knop om daar verder te gaan.";
    ui.status.textContent = fout || tekst || los;
    ui.status.hidden = !ui.status.textContent;
    ui.status.classList.toggle("antwoorden-status--let-op", !!fout);
    var bezigMetBestand = s && !s.fout && (schrijf || ander);
    ui.herinnering.hidden = !n || !!bezigMetBestand;
    ui.herinnering.textContent = n === 1 ? "1 antwoord staat nog niet in een bestand. Download het voordat je stopt." :
      n + " antwoorden staan nog niet in een bestand. Download ze voordat je stopt.";
    ui.bewaar.hidden = !kan;
    ui.bewaar.textContent = s ? "Kies een ander bestand" : "Bewaar in een bestand";
    ui.verder.hidden = !(s && handle && !s.fout && !schrijf && !ander);
    ui.verder.textContent = "Verder bewaren in " + naam;
    ui.nieuwer.hidden = !(s && handle && s.fout === "anders");
    ui.opnieuw.hidden = !(s && handle && s.fout === "schrijven");
  }

  // is another tab the writer? asked again every 2 s while a file is in use
  function kijk() {
    if (!kan) return;
    navigator.locks.query().then(function (q) {
      var nu = !schrijf && (q.held || []).some(function (l) { return l.name === pre + "bestand"; });
      if (nu !== ander) {
        ander = nu;
        toon();
      }
    })["catch"](function () {});
  }

  /* The start page's "Jouw antwoorden" box (antwoorden-knoppen.js): hulp has
     meld, metNaam and laad (the one loader of a file). */
  F.toon = function (box, rij, hulp) {
    start();
    var div = document.createElement("div");
    div.className = "bestand";
    box.insertBefore(div, rij);
    ui = { hulp: hulp, status: document.createElement("p"), herinnering: document.createElement("p") };
    ui.status.className = "antwoorden-status bestand__status";
    ui.status.setAttribute("role", "status");
    ui.herinnering.className = "bestand__herinnering";
    div.appendChild(ui.status);
    div.appendChild(ui.herinnering);
    var knoppen = div.appendChild(document.createElement("div"));
    knoppen.className = "antwoorden__knoppen";
    ui.verder = knop("", "", knoppen, function () {
      mag(handle, true).then(function (ja) { if (ja) wordSchrijver(true); });
    });
    ui.nieuwer = knop("Open het nieuwere bestand", "", knoppen, openNieuwer);
    ui.opnieuw = knop("Probeer opnieuw", "", knoppen, function () {
      mag(handle, true).then(function (ja) {
        if (!ja) return;
        zetStaat(Object.assign(staat() || {}, { fout: "" }));
        if (schrijf) plan(0);
        else wordSchrijver(true);
      });
    });
    ui.bewaar = knop("Bewaar in een bestand", "knop--licht", rij, function () { bewaarIn(hulp); });
    rij.insertBefore(ui.bewaar, rij.firstChild.nextSibling);
    toon();
  };

  // the same PC: the file of last time, written into again when the browser still allows it
  function terug() {
    if (!handle && staat()) db.doe("readonly", function (st) { return st.get("h"); }).then(function (h) {
      if (!h || !staat() || handle) return;
      handle = h;
      toon();
      return mag(h, false).then(function (ja) { if (ja) wordSchrijver(false); });
    })["catch"](function () {});
  }

  function start() {
    if (pre || !O.data || !O.data.sleutel) return;
    A.start();
    B = O.antwoordbestand;
    pre = "opstage:" + O.data.sleutel + ":";
    db = A.db(pre + "bestand", "h"); // its own database: the handle of the file
    A.op(function (what) {
      if (what === "gewist") {
        // "Wis mijn antwoorden" forgets the file (never deletes it)
        stop();
        handle = null;
        los = "";
        db.weg();
      } else if (what === "antwoord" || what === "leerling") {
        plan();
      }
      toon();
    });
    window.addEventListener("storage", function (e) {
      if (e.key === pre + "bestand" && !e.newValue) stop();
      if (e.key === pre + "bestand" && e.newValue && kan) terug(); // another tab began writing: this one waits its turn
      if (e.key === pre + "bestand" || e.key === pre + "inbestand") toon();
    });
    if (!kan) return;
    setInterval(kijk, 2000);
    kijk();
    terug();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-module=leerling]")) start();
  });
})();
