/* Op stage: what the student sees of the answers.
 *
 * - module "leerling" (start page): naam and klas, download everything, load
 *   a file back ("Verder werken met een bestand"), wipe this computer, and
 *   Doorgaan / Afronden once a card question is answered;
 * - in every view's "view-acties": a note that answers are kept here, and on
 *   werkbladen "Download dit werkblad" and "Afdrukken". These are added next
 *   to whatever other modules put there.
 */
(function () {
  "use strict";

  var Opstage = (window.Opstage = window.Opstage || {});
  Opstage.modules = Opstage.modules || {};
  var antwoorden = (Opstage.antwoorden = Opstage.antwoorden || {});

  var STATUS = {
    "": "Je antwoorden worden bewaard op deze computer.",
    geen: "Let op: je antwoorden kunnen op deze computer niet bewaard worden. Download je antwoorden voordat je stopt. Anders ben je ze kwijt.",
    vol: "Let op: er is geen ruimte meer om je antwoorden op deze computer te bewaren. Download je antwoorden nu. Anders ben je ze kwijt."
  };
  var statuses = [];
  var uid = 0;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  function knop(text, className, onClick) {
    var b = el("button", "knop " + (className || ""), text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function A() {
    Opstage.antwoorden.start();
    return Opstage.antwoorden;
  }

  function status() {
    var p = el("p", "antwoorden-status");
    p.setAttribute("role", "status");
    statuses.push(p);
    showStatus();
    return p;
  }

  function showStatus() {
    var problem = Opstage.antwoorden.probleem();
    statuses.forEach(function (p) {
      p.textContent = STATUS[problem] || STATUS[""];
      p.classList.toggle("antwoorden-status--let-op", !!problem);
    });
  }

  function download(omvang) {
    var a = A(), B = Opstage.antwoordbestand;
    var bestand = B.maak({
      data: Opstage.data,
      omvang: omvang,
      leerling: a.leerling(),
      antwoorden: B.kies(a.alle(), omvang, a.veld)
    });
    B.download(bestand);
    return bestand;
  }
  antwoorden.download = download;

  /* A modal question with buttons [{tekst, doe, soort, blijf, focus}]. */
  function vraag(titel, tekst, knoppen) {
    var d = el("dialog", "antwoorden-dialoog");
    if (typeof d.showModal !== "function") {
      var ja = knoppen.filter(function (k) { return k.ja; })[0];
      if (window.confirm(titel + "\n\n" + tekst) && ja) ja.doe();
      return;
    }
    var opener = document.activeElement;
    var id = "dialoog-" + ++uid;
    d.setAttribute("aria-labelledby", id);
    var h = d.appendChild(el("h2", "", titel));
    h.id = id;
    d.appendChild(el("p", "", tekst));
    var rij = d.appendChild(el("div", "antwoorden__knoppen"));
    var focus = null;
    knoppen.forEach(function (k) {
      var b = rij.appendChild(knop(k.tekst, k.soort, function () {
        if (k.doe) k.doe();
        if (!k.blijf) d.close();
      }));
      if (k.focus) focus = b;
    });
    d.addEventListener("close", function () {
      d.parentNode.removeChild(d);
      if (opener && opener.focus && document.body.contains(opener)) opener.focus();
    });
    document.body.appendChild(d);
    d.showModal();
    if (focus) focus.focus();
  }
  antwoorden.vraag = vraag;

  /* Two inputs for naam and klas, kept in the answers' store. */
  function wieVelden(prefix) {
    var box = el("div", "antwoorden__wie");
    var inputs = {};
    [["naam", "Je naam", "name"], ["klas", "Je klas", "off"]].forEach(function (f) {
      var wrap = box.appendChild(el("div", "antwoorden__veld"));
      var label = wrap.appendChild(el("label", "veld__label", f[1]));
      var fout = wrap.appendChild(el("p", "antwoorden__fout"));
      var input = wrap.appendChild(el("input"));
      input.type = "text";
      input.id = label.htmlFor = prefix + "-" + f[0];
      fout.id = input.id + "-fout";
      fout.hidden = true;
      input.setAttribute("autocomplete", f[2]);
      input.addEventListener("input", function () {
        A().zetLeerling(inputs.naam.value, inputs.klas.value);
        if (input.value.trim()) toonFout(input, "");
      });
      inputs[f[0]] = input;
    });
    function vul() {
      var wie = A().leerling();
      ["naam", "klas"].forEach(function (k) {
        if (document.activeElement !== inputs[k]) inputs[k].value = wie[k];
      });
    }
    vul();
    Opstage.antwoorden.opWijziging(function (what) { if (what === "leerling") vul(); });
    // the first empty one gets an error message; returns true when both are filled
    box.controleer = function () {
      var leeg = null;
      [["klas", "Vul je klas in."], ["naam", "Vul je naam in."]].forEach(function (f) {
        var empty = !inputs[f[0]].value.trim();
        toonFout(inputs[f[0]], empty ? f[1] : "");
        if (empty) leeg = inputs[f[0]];
      });
      if (leeg) leeg.focus();
      return !leeg;
    };
    box.naam = inputs.naam;
    return box;
  }

  function toonFout(input, tekst) {
    var fout = document.getElementById(input.id + "-fout");
    fout.textContent = tekst;
    fout.hidden = !tekst;
    if (tekst) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", fout.id);
    } else {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }

  Opstage.modules.leerling = function (root) {
    var a = A();
    var box = root.appendChild(el("section", "antwoorden"));
    box.setAttribute("aria-labelledby", "antwoorden-titel");
    box.appendChild(el("h2", "", "Jouw antwoorden")).id = "antwoorden-titel";
    box.appendChild(status());
    var melding = box.appendChild(el("div", "antwoorden-melding"));
    melding.setAttribute("tabindex", "-1");
    melding.setAttribute("role", "alert");
    melding.hidden = true;
    function meld(tekst, fout) {
      melding.textContent = tekst;
      melding.hidden = !tekst;
      melding.classList.toggle("antwoorden-melding--fout", !!fout);
      if (tekst) melding.focus();
    }

    // naam and klas: asked once, then shown in one line with "Wijzigen"
    var samen = box.appendChild(el("p", "antwoorden__samenvatting"));
    var form = box.appendChild(el("form", "antwoorden__form"));
    form.setAttribute("novalidate", "");
    form.appendChild(el("p", "", "Vul je naam en klas in. Ze komen op elk bestand dat je downloadt."));
    var wie = form.appendChild(wieVelden("leerling"));
    form.appendChild(el("button", "knop", "Opslaan")).type = "submit";
    var bewerken = !(a.leerling().naam && a.leerling().klas);
    function toonWie() {
      var l = a.leerling();
      form.hidden = !bewerken;
      samen.hidden = bewerken;
      samen.textContent = "Je naam: ";
      samen.appendChild(el("strong", "", l.naam));
      samen.appendChild(document.createTextNode(", klas: "));
      samen.appendChild(el("strong", "", l.klas));
      samen.appendChild(document.createTextNode(" "));
      samen.appendChild(knop("Wijzigen", "knop--licht knop--klein", function () {
        bewerken = true;
        toonWie();
        wie.naam.focus();
      }));
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!wie.controleer()) return;
      bewerken = false;
      toonWie();
      samen.querySelector("button").focus();
    });
    toonWie();

    var rij = box.appendChild(el("div", "antwoorden__knoppen"));
    rij.appendChild(knop("Download al je antwoorden", "", function () {
      var bestand = download("alles");
      meld("Je antwoorden staan in het bestand " + bestand.naam + ". Kijk bij je downloads.");
    }));
    var kies = el("input");
    kies.type = "file";
    kies.accept = ".html,.htm,text/html";
    kies.hidden = true;
    kies.className = "antwoorden__bestand";
    rij.appendChild(knop("Verder werken met een bestand", "knop--licht", function () { kies.click(); }));
    rij.appendChild(kies);
    rij.appendChild(knop("Wis mijn antwoorden", "knop--licht", function () {
      vraag("Alles wissen van deze computer?",
        "Je antwoorden, je foto's, je naam en je klas worden van deze computer gewist. Dat kun je niet terugdraaien. Wil je ze houden? Download ze dan eerst.",
        [
          { tekst: "Eerst downloaden", soort: "knop--licht", blijf: true, doe: function () { download("alles"); } },
          { tekst: "Ja, wis alles", soort: "knop--gevaar", ja: true, doe: function () {
            a.wis();
            bewerken = true;
            toonWie();
            meld("Alles is gewist van deze computer.");
          } },
          { tekst: "Niet wissen", soort: "knop--licht", focus: true }
        ]);
    }));

    kies.addEventListener("change", function () {
      var file = kies.files && kies.files[0];
      kies.value = "";
      if (!file) return;
      var B = Opstage.antwoordbestand;
      if (file.size > 60e6) return meld(B.FOUT_GEEN, true);
      var reader = new FileReader();
      reader.onerror = function () { meld(B.FOUT_GEEN, true); };
      reader.onload = function () {
        var gelezen = B.lees(reader.result, a.sleutel());
        if (gelezen.fout) return meld(gelezen.fout, true);
        if (!gelezen.aantal) return meld("In dit bestand staan geen antwoorden. Er is niets veranderd.", true);
        function zetTerug() {
          a.vervang(gelezen.antwoorden, gelezen.leerling);
          bewerken = !(a.leerling().naam && a.leerling().klas);
          toonWie();
          meld("Gelukt: " + gelezen.aantal + (gelezen.aantal === 1 ? " antwoord" : " antwoorden") + " uit het bestand staan er weer in. Je kunt verder werken.");
        }
        var l = a.leerling();
        if (!Object.keys(a.alle()).length && !l.naam && !l.klas) return zetTerug();
        vraag("Antwoorden vervangen?",
          "Op deze computer staan al antwoorden. Als je verder gaat, komen de antwoorden uit het bestand daarvoor in de plaats. Antwoorden die niet in het bestand staan, blijven bewaard.",
          [
            { tekst: "Ja, vervangen", ja: true, doe: zetTerug },
            { tekst: "Nee, niets veranderen", soort: "knop--licht", focus: true, doe: function () { meld("Er is niets veranderd."); } }
          ]);
      };
      reader.readAsText(file, "utf-8");
    });

    // Doorgaan / Afronden: hand in the answers to the card questions
    var af = box.appendChild(el("div", "afronden"));
    af.appendChild(el("h3", "", "Klaar met de vragen op de kaarten?"));
    af.appendChild(el("p", "", "Ga door om je antwoorden in te leveren bij je docent."));
    var door = af.appendChild(knop("Doorgaan", "", function () {
      stap.hidden = false;
      door.hidden = true;
      (stap.wie.naam.value ? afrond : stap.wie.naam).focus();
    }));
    var stap = af.appendChild(el("div", "afronden__stap"));
    stap.hidden = true;
    stap.appendChild(el("p", "", "Kijk of je naam en klas goed zijn. Klik dan op Afronden. Je krijgt een bestand. Lever dat bestand in bij je docent."));
    stap.wie = stap.appendChild(wieVelden("afronden"));
    var afrond = stap.appendChild(knop("Afronden", "", function () {
      if (!stap.wie.controleer()) return;
      var bestand = download("kaarten");
      meld("Klaar! Je antwoorden staan in het bestand " + bestand.naam + ". Lever dit bestand in bij je docent.");
    }));
    function toonAfronden() {
      var alle = a.alle();
      af.hidden = !Object.keys(alle).some(function (id) {
        var info = a.veld(id) || alle[id];
        return !!info.kaart;
      });
    }
    toonAfronden();
    a.opWijziging(function (what) {
      if (what === "antwoord") toonAfronden();
      if (what === "probleem") showStatus();
    });
  };

  /* Extra buttons in a view's "view-acties" box, next to other modules' ones. */
  function acties(root) {
    if (root.getAttribute("data-antwoorden")) return;
    var view = root.closest(".view");
    var werkblad = view && view.getAttribute("data-werkblad");
    if (!view || (!werkblad && !view.querySelector("[data-veld]"))) return;
    root.setAttribute("data-antwoorden", "1");
    var a = A();
    var box = root.appendChild(el("div", "antwoorden-acties"));
    box.appendChild(status());
    if (!werkblad) return;
    var rij = box.appendChild(el("div", "antwoorden__knoppen"));
    rij.appendChild(knop("Download dit werkblad", "knop--licht knop--klein", function () {
      download("werkblad-" + werkblad);
    }));
    rij.appendChild(knop("Afdrukken", "knop--licht knop--klein", function () { window.print(); }));
    var tip = box.appendChild(el("p", "antwoorden-tip"));
    tip.appendChild(document.createTextNode("Tip: vul op de "));
    tip.appendChild(el("a", "", "startpagina")).href = "#start";
    tip.appendChild(document.createTextNode(" je naam en klas in. Dan staan ze op je bestand."));
    // printed sheets get a line for naam and klas
    var kop = el("p", "afdruk-kop");
    root.parentNode.insertBefore(kop, root.nextSibling);
    function vul() {
      var l = a.leerling();
      tip.hidden = !!l.naam;
      kop.textContent = "Naam: " + (l.naam || "") + "    Klas: " + (l.klas || "");
    }
    vul();
    a.opWijziging(function (what) { if (what === "leerling") vul(); });
  }

  /* Other modules may register "view-acties" too: wrap whatever is there at
     start-up instead of replacing it, and catch up if modules already ran. */
  document.addEventListener("DOMContentLoaded", function () {
    var before = Opstage.modules["view-acties"];
    Opstage.modules["view-acties"] = function (root, O) {
      var error = null;
      if (before) {
        try { before(root, O); } catch (err) { error = err; }
      }
      acties(root);
      if (error) throw error;
    };
    var started = document.querySelectorAll("[data-module='view-acties'][data-module-started]");
    for (var i = 0; i < started.length; i++) acties(started[i]);
  });
})();
