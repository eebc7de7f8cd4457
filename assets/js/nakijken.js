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

  function el(tag, cls, text, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  function knop(text, cls, parent, fn) {
    var b = el("button", "knop " + cls, text, parent);
    b.type = "button";
    b.addEventListener("click", fn);
    return b;
  }

  function tijd(iso) {
    var d = new Date(iso);
    return isNaN(d) ? "onbekende datum" : d.toLocaleString("nl-NL", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });
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

  O.modules.nakijken = function (root) {
    var data = O.data || {};
    var velden = Object.create(null), delen = [], deelVan = Object.create(null), alleVelden = O.antwoordbestand.velden(data);
    /* One file's text -> {naam, klas, gemaakt, antwoorden} or {fout: reason}. */
    function lees(tekst) {
      var g = O.antwoordbestand.lees(tekst, data.sleutel, alleVelden), out = Object.create(null), n = 0;
      if (g.fout) return g;
      Object.keys(g.antwoorden).forEach(function (id) {
        if (g.antwoorden[id].waarde !== undefined) { out[id] = g.antwoorden[id]; n++; }
      });
      if (!n) return { fout: "Er staan geen antwoorden in dit bestand." };
      return { naam: g.leerling.naam.trim(), klas: g.leerling.klas.trim(), gemaakt: g.gemaakt, antwoorden: out };
    }
    function deel(key, titel) {
      if (!deelVan[key]) delen.push(deelVan[key] = { key: key, titel: titel, vragen: [] });
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

    var bestanden = []; // {naam, ...lees()}
    var leerlingen = [], dubbel = [];
    var klas = "", weergave = "leerling";

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
    knop("Begin opnieuw", "knop--licht", balk, function () {
      bestanden = [];
      bereken();
      input.focus();
    });
    var uitvoer = el("div", "nk-uitvoer", null, root);

    function zet(w) {
      weergave = w;
      toon();
    }
    select.addEventListener("change", function () {
      klas = select.value;
      toon();
    });

    function voegToe(files) {
      var wacht = files.length;
      if (!wacht) return;
      status.textContent = "Bezig met lezen...";
      Array.prototype.forEach.call(files, function (f) {
        var r = new FileReader();
        r.onload = r.onerror = function () {
          var g = r.result == null ? { fout: "Het bestand kan niet geopend worden." } : lees(String(r.result));
          g.bestand = f.name;
          bestanden.push(g);
          if (!--wacht) bereken();
        };
        if (f.size > 60e6) r.onerror();
        else r.readAsText(f, "utf-8");
      });
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

    /* ---- merge the files into students ---- */
    function bereken() {
      var per = Object.create(null);
      leerlingen = [];
      dubbel = [];
      bestanden.filter(function (b) { return !b.fout; }).sort(function (a, b) {
        return a.gemaakt < b.gemaakt ? -1 : a.gemaakt > b.gemaakt ? 1 : 0;
      }).forEach(function (b) {
        var key = O.antwoordbestand.gelijk(b.naam) + "\n" + O.antwoordbestand.gelijk(b.klas); // as zelfde() compares students
        var l = per[key];
        if (!l) leerlingen.push(l = per[key] = { naam: b.naam, klas: b.klas, delen: {}, gemaakt: "" });
        l.gemaakt = b.gemaakt;
        var inFile = {};
        Object.keys(b.antwoorden).forEach(function (id) {
          var d = deelVanAntwoord(id, b.antwoorden[id]);
          (inFile[d.key] = inFile[d.key] || {})[id] = b.antwoorden[id];
        });
        Object.keys(inFile).forEach(function (k) {
          var oud = l.delen[k];
          if (oud) (oud.ouder = oud.ouder || []).push(oud.bestand);
          l.delen[k] = { bestand: b, antwoorden: inFile[k], ouder: oud && oud.ouder };
        });
      });
      leerlingen.sort(function (a, b) {
        return a.klas.localeCompare(b.klas, "nl", { numeric: true }) || a.naam.localeCompare(b.naam, "nl");
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
      var klassen = [];
      leerlingen.forEach(function (l) { if (klassen.indexOf(l.klas) < 0) klassen.push(l.klas); });
      if (klassen.indexOf(klas) < 0) klas = "";
      select.textContent = "";
      el("option", null, "Alle klassen", select).value = "";
      klassen.forEach(function (k) { el("option", null, k || "(geen klas)", select).value = k; });
      select.value = klas;
      toon();
    }

    function wie(l) {
      return (l.naam || "(geen naam)") + " (" + (l.klas || "geen klas") + ")";
    }

    function gekozen() {
      return leerlingen.filter(function (l) { return !klas || l.klas === klas; });
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
      var ok = bestanden.length - fout.length, ll = gekozen();
      status.textContent = bestanden.length ? ok + (ok === 1 ? " bestand" : " bestanden") + " gelezen, " +
        leerlingen.length + (leerlingen.length === 1 ? " leerling" : " leerlingen") +
        (klas ? ", " + ll.length + " in klas " + klas : "") + "." +
        (fout.length ? " " + fout.length + (fout.length === 1 ? " bestand" : " bestanden") + " niet gelezen." : "") : "Er zijn nog geen bestanden gekozen.";
      meldingen.textContent = "";
      lijst("Deze bestanden zijn niet gelezen", fout.map(function (b) { return b.bestand + ": " + b.fout; }), "nk-melding--fout");
      lijst("Dubbel ingeleverd", dubbel, "");
      balk.hidden = !leerlingen.length;
      for (var k in knoppen) knoppen[k].setAttribute("aria-pressed", String(k === weergave));
      uitvoer.textContent = "";
      if (!leerlingen.length) return;
      (weergave === "vraag" ? perVraag : perLeerling)(ll);
    }

    function ingevuld(l) {
      return delen.filter(function (d) { return l.delen[d.key]; }).map(function (d) {
        var n = Object.keys(l.delen[d.key].antwoorden).length, van = d.key === "x" ? 0 : d.vragen.length;
        return d.titel.split(":")[0] + (van > 1 ? " (" + Math.min(n, van) + " van " + van + ")" : "");
      }).join(", ");
    }

    function perLeerling(ll) {
      el("h2", null, "Per leerling", uitvoer);
      // the overview needs both directions: on a narrow screen it scrolls in its own box, not the page
      var box = el("div", "nk-scroll", null, uitvoer), t = el("table", "nk-tabel", null, box);
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Per leerling (tabel, schuift opzij)");
      var kop = el("tr", null, null, el("thead", null, null, t));
      ["Naam", "Klas", "Ingeleverd", "Ingevuld"].forEach(function (h) { el("th", null, h, kop).scope = "col"; });
      var body = el("tbody", null, null, t);
      ll.forEach(function (l, i) {
        var tr = el("tr", null, null, body), a = el("a", null, l.naam || "(geen naam)", el("th", null, null, tr));
        a.href = "#nk-leerling-" + i;
        a.parentNode.scope = "row";
        el("td", null, l.klas, tr);
        el("td", null, tijd(l.gemaakt), tr);
        el("td", null, ingevuld(l), tr);
      });
      ll.forEach(function (l, i) {
        var art = el("article", "nk-leerling", null, uitvoer);
        art.id = "nk-leerling-" + i;
        el("h3", null, wie(l), art);
        el("p", null, "Ingeleverd: " + tijd(l.gemaakt) + ". Ingevuld: " + ingevuld(l) + ".", art);
        knop("Afdrukken", "knop--licht knop--klein", art, function () {
          var oud = document.querySelector(".nk-print-dit");
          if (oud) oud.classList.remove("nk-print-dit");
          art.classList.add("nk-print-dit");
          document.documentElement.classList.add("nk-print");
          window.print();
        }).setAttribute("aria-label", "Afdrukken: " + wie(l));
        delen.forEach(function (d) {
          var p = l.delen[d.key];
          if (!p) return;
          el("h4", null, d.titel, art);
          d.vragen.forEach(function (id) {
            var r = p.antwoorden[id];
            if (!r) return;
            var v = el("div", "nk-vraag", null, art);
            el("p", "nk-label", vraagTekst(id, r), v);
            v.appendChild(antwoord(id, r));
          });
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

    function cel(s) {
      s = String(s);
      if (/^[=+\-@\t\r]/.test(s)) s = "'" + s; // never a formula in Excel
      return '"' + s.replace(/"/g, '""') + '"';
    }

    function csv() {
      var rijen = [["Naam", "Klas", "Ingeleverd", "Onderdeel", "Vraag-id", "Vraag", "Antwoord"]];
      gekozen().forEach(function (l) {
        delen.forEach(function (d) {
          var p = l.delen[d.key];
          if (!p) return;
          d.vragen.forEach(function (id) {
            var r = p.antwoorden[id];
            if (r) rijen.push([l.naam, l.klas, stempel(p.bestand.gemaakt), d.titel, id, vraagTekst(id, r), tekst(id, r)]);
          });
        });
      });
      var body = "\ufeff" + rijen.map(function (r) { return r.map(cel).join(";"); }).join("\r\n") + "\r\n";
      var a = el("a", null, null, document.body);
      a.href = URL.createObjectURL(new Blob([body], { type: "text/csv;charset=utf-8" }));
      a.download = data.korte_naam + "_nakijken_" + (klas.replace(/[^A-Za-z0-9-]+/g, "-") || "alle-klassen") + "_" + new Date().toISOString().slice(0, 10) + ".csv";
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
    }
  };

  // printing one student: the classes are only for that print
  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("nk-print");
  });
})();
