/* Op stage: what the student sees of the answers. Module "leerling" (start
   page): naam and klas, download all, load a file back, wipe, and Doorgaan /
   Afronden once a card question is answered. In each view's "view-acties"
   (next to other modules' buttons): a storage note, and on werkbladen
   "Download dit werkblad" and "Afdrukken". */
(function () {
  "use strict";
  var O = (window.Opstage = window.Opstage || {});
  var A = (O.antwoorden = O.antwoorden || {});
  var STATUS = {
    "": "Je antwoorden worden bewaard op deze computer.",
    geen: "Let op: je antwoorden kunnen op deze computer niet bewaard worden. Download je antwoorden voordat je stopt. Anders ben je ze kwijt.",
    vol: "Let op: de computer is vol. Niet al je antwoorden zijn bewaard. Download je antwoorden nu. Anders ben je ze kwijt als je de pagina sluit."
  };
  var statuses = [];

  var el = O.hulp.el, knop = O.hulp.knop;

  function status(parent) {
    var p = el("p", "antwoorden-status", "", parent);
    p.setAttribute("role", "status"); // "de computer is vol" is read out when it appears
    statuses.push(p);
    showStatus();
  }
  function showStatus() {
    statuses.forEach(function (p) {
      p.textContent = STATUS[A.probleem()];
      p.classList.toggle("antwoorden-status--let-op", !!A.probleem());
    });
  }

  A.download = function (omvang) {
    A.ververs(); // with what other tabs stored meanwhile
    var B = O.antwoordbestand, f = B.maak({ data: O.data, omvang: omvang, leerling: A.leerling(), antwoorden: B.kies(A.alle(), omvang, A.veld),
      gezien: O.feedback && O.feedback.gezien() });
    B.download(f);
    return f;
  };

  /* A modal question; knoppen: [text, class, action, stayOpen]; an action
     that returns false keeps it open too. The last button (the safe choice)
     gets the focus, or the first input of `extra` (an element shown above
     the buttons). */
  A.vraag = function (titel, tekst, knoppen, extra) {
    var d = el("dialog", "antwoorden-dialoog", "", document.body), back = document.activeElement, b;
    d.setAttribute("aria-labelledby", (el("h2", "", titel, d).id = "dialoog-titel"));
    (Array.isArray(tekst) ? tekst : [tekst]).forEach(function (t) { el("p", "", t, d); });
    if (extra) d.appendChild(extra);
    var rij = el("div", "antwoorden__knoppen", "", d);
    knoppen.forEach(function (k) {
      b = knop(k[0], k[1], rij, function () {
        if ((k[2] ? k[2]() : true) !== false && !k[3]) d.close();
      });
    });
    d.onclose = function () { d.remove(); if (back) back.focus(); };
    d.showModal();
    (extra && extra.querySelector("input") || b).focus();
  };

  var wieTekst = O.antwoordbestand.wie;

  // naam and klas inputs with their error lines; check() says whether both are filled
  function naamVelden(parent, waarden, id) {
    var inputs = ["naam", "klas"].map(function (k) {
      var wrap = el("div", "antwoorden__veld", "", parent);
      var label = el("label", "veld__label", "Je " + k, wrap);
      var fout = el("p", "antwoorden__fout", "", wrap);
      var input = el("input", "", "", wrap);
      input.type = "text";
      input.id = label.htmlFor = id + "-" + k;
      input.name = k;
      fout.id = input.id + "-fout";
      input.setAttribute("aria-describedby", fout.id);
      input.autocomplete = k === "naam" ? "name" : "off";
      input.value = waarden[k];
      return input;
    });
    inputs.check = function () {
      var leeg = inputs.filter(function (input) {
        var fout = input.previousSibling;
        fout.textContent = input.value.trim() ? "" : "Vul je " + input.name + " in.";
        input.toggleAttribute("aria-invalid", !!fout.textContent);
        return fout.textContent;
      });
      if (leeg.length) leeg[0].focus();
      return !leeg.length;
    };
    return inputs;
  }

  // a download needs naam and klas first, so no file is "zonder naam"
  function metNaam(doe) {
    var l = A.leerling();
    if (l.naam.trim() && l.klas.trim()) return doe();
    var form = el("div", "antwoorden__form");
    var inputs = naamVelden(form, l, "dl-leerling");
    A.vraag("Eerst je naam en klas", "Je naam en klas komen op het bestand. Zo weet je docent van wie het is.", [
      ["Download", "", function () {
        if (!inputs.check()) return false;
        A.zetLeerling(inputs[0].value.trim(), inputs[1].value.trim());
        doe();
      }],
      ["Annuleren", "knop--licht"]
    ], form);
    form.onkeydown = function (e) { // Enter in a box means Download, as in a form
      if (e.key === "Enter") form.parentNode.querySelector(".antwoorden__knoppen button").click();
    };
  }

  O.modules = O.modules || {};
  O.modules.leerling = function (root) {
    A.start();
    var box = el("section", "antwoorden", "", root);
    box.setAttribute("aria-labelledby", (el("h2", "", "Jouw antwoorden", box).id = "antwoorden-titel"));
    status(box);
    var melding = el("p", "antwoorden-melding", "", box);
    melding.tabIndex = -1;
    melding.setAttribute("role", "alert");
    melding.hidden = true;
    function meld(text, fout) {
      melding.textContent = text;
      melding.hidden = false;
      melding.classList.toggle("antwoorden-melding--fout", !!fout);
      melding.focus();
    }

    // whose answers these are, and a way for someone else to start clean
    var vanWie = el("p", "antwoorden__vanwie", "", box);
    function showVanWie() {
      var l = A.leerling(), alle = A.alle(), n = Object.keys(alle).length;
      vanWie.hidden = !n && !l.naam;
      vanWie.textContent = l.naam ? "Op deze computer staan de antwoorden van " + wieTekst(l) + ". " : "Op deze computer staan antwoorden zonder naam. ";
      knop(l.naam ? "Ben jij niet " + l.naam + "?" : "Zijn ze niet van jou?", "knop--licht knop--klein", vanWie, function () {
        nietVanJou(l.naam ? "Ben jij niet " + l.naam + "?" : "Zijn deze antwoorden niet van jou?", []);
      });
    }
    // the answers here are someone else's: download them first, wipe them (then na()), or go back
    function nietVanJou(titel, eerst, na, terug, verbeterd) {
      var w = wieTekst(A.leerling());
      A.vraag(titel, ["Op deze computer staan de antwoorden van " + w + ".", (verbeterd || "") +
        "Wil je zelf beginnen? Download deze antwoorden dan eerst. Daarna worden ze gewist."], eerst.concat([
        ["Download de antwoorden van " + w, "knop--licht", function () { A.download("alles"); }, 1],
        ["Wis ze en begin opnieuw", "knop--gevaar", function () { wisAlles("De antwoorden van " + w + " zijn gewist. Je kunt beginnen."); if (na) na(); }],
        ["Terug", "knop--licht", terug]
      ]));
    }

    // naam and klas: asked once, then one line with "Wijzigen"
    var samen = el("p", "antwoorden__samenvatting", "", box);
    var form = el("form", "antwoorden__form", "", box);
    form.noValidate = true;
    el("p", "", "Vul je naam en klas in. Ze komen op elk bestand dat je downloadt.", form);
    var inputs = naamVelden(form, A.leerling(), "leerling");
    /* Typing is kept at once, unless it changes the naam of a student whose
       answers are here: that waits for Opslaan, which asks whether this is a
       corrected naam or someone else (whose answers never go into this file). */
    var voor = A.leerling(); // the naam before this typing began
    function ander() {
      return !!voor.naam && !!Object.keys(A.alle()).length && O.antwoordbestand.zelfde(voor, { naam: inputs[0].value, klas: inputs[1].value }) === false;
    }
    function neemNaam() { A.zetLeerling(inputs[0].value, inputs[1].value); }
    inputs.forEach(function (input) {
      input.oninput = function () { if (!ander()) neemNaam(); };
    });
    var submit = el("button", "knop", "Opslaan", form);
    var edit = !(inputs[0].value && inputs[1].value), afronden = false;
    function showWie() {
      var l = A.leerling();
      form.hidden = !edit;
      samen.hidden = edit;
      samen.textContent = "Je naam: " + l.naam + ", klas: " + l.klas + " ";
      knop("Wijzigen", "knop--licht knop--klein", samen, function () {
        edit = true;
        showWie();
        inputs[0].focus();
      });
    }
    form.onsubmit = function (e) {
      e.preventDefault();
      if (!inputs.check()) return;
      if (ander()) {
        var l = voor, nieuw = [inputs[0].value, inputs[1].value];
        return nietVanJou("Ben jij niet " + l.naam + "?", [["Verbeterd", "", function () { voor = {}; form.onsubmit(e); }]],
          function () { A.zetLeerling(nieuw[0], nieuw[1]); edit = false; showWie(); },
          function () { inputs[0].value = l.naam; inputs[1].value = l.klas; }, "Alleen je naam of klas verbeterd? Kies Verbeterd. ");
      }
      neemNaam();
      voor = A.leerling();
      if (afronden) {
        return meld(leverIn());
      }
      edit = false;
      showWie();
      samen.lastChild.focus();
    };
    showWie();

    var rij = el("div", "antwoorden__knoppen", "", box);
    knop("Download al je antwoorden", "", rij, function () {
      metNaam(function () { meld("Je antwoorden staan in het bestand " + A.download("alles").naam + ". Kijk bij je downloads."); });
    });
    var kies = el("input", "", "", rij);
    kies.type = "file";
    kies.accept = ".html,.htm";
    kies.hidden = true;
    // the file picker of antwoorden-bestand.js where the browser has one, else the file input
    knop("Verder werken met een bestand", "knop--licht", rij, function () { if (!(A.bestand && A.bestand.open(laad))) kies.click(); });
    function wisAlles(bericht) {
      A.wis();
      afronden = door.hidden = form.firstChild.hidden = false;
      submit.textContent = "Opslaan";
      edit = true; // nobody's naam and klas any more: the next student gets the empty form at once
      uitleg.textContent = "Ga door om je antwoorden in te leveren bij je docent.";
      samen.after(form);
      showWie();
      if (bericht) meld(bericht);
    }
    knop("Wis mijn antwoorden", "knop--licht", rij, function () {
      A.vraag("Alles wissen van deze computer?",
        "Je antwoorden, je foto's, je naam en je klas worden van deze computer gewist. Dat kun je niet terugdraaien. Wil je ze houden? Download ze dan eerst.", [
          ["Eerst downloaden", "knop--licht", function () { A.download("alles"); }, 1],
          ["Ja, wis alles", "knop--gevaar", function () { wisAlles("Alles is gewist van deze computer."); }],
          ["Niet wissen", "knop--licht"]
        ]);
    });

    /* A file back: the answers of nobody yet, or of this same student, go in
       answer by answer; those of another student never mix with what is
       here: first (download and) wipe, or cancel. docs/answer-file.md
       na(got), if given, follows a load that went through. */
    kies.onchange = function () {
      var file = kies.files[0];
      kies.value = "";
      if (file) laad(file);
    };
    function laad(file, na) {
      var reader = new FileReader(), B = O.antwoordbestand;
      reader.onerror = function () { meld(B.KAPOT, 1); };
      reader.onload = function () {
        var got = B.lees(reader.result, A.sleutel(), B.velden(O.data)), l = A.leerling();
        if (got.feedback) return meld.apply(null, O.feedback.neem(got)); // the teacher's feedback: feedback.js
        if (got.fout || !got.aantal) return meld(got.fout || "In dit bestand staan geen antwoorden. Er is niets veranderd.", 1);
        var hier = wieTekst(l), daar = wieTekst(got.leerling);
        function klaar(tekst) {
          edit = !(inputs[0].value && inputs[1].value);
          showWie();
          meld(tekst + " (" + got.aantal + (got.aantal === 1 ? " antwoord" : " antwoorden") + "). Je kunt verder werken.");
          if (na) na(got);
        }
        function neem() {
          A.neem(got.antwoorden, got.leerling);
          klaar("Gelukt: de antwoorden uit het bestand staan erin");
        }
        function samenvoegen() {
          A.voegSamen(got.antwoorden, got.leerling);
          klaar("Gelukt: de antwoorden uit het bestand zijn erbij gezet. Waar twee antwoorden verschilden, staat het oudere erbij als 'Je eerdere antwoord'");
        }
        function wisEnNeem() {
          wisAlles("");
          neem();
        }
        var zelfde = B.zelfde(l, got.leerling), leeg = ["Annuleren", "knop--licht", function () { meld("Er is niets veranderd."); }];
        var bewaar = ["Download eerst de antwoorden van " + hier, "knop--licht", function () { A.download("alles"); }, 1];
        if (!Object.keys(A.alle()).length && !l.naam && !l.klas) return neem();
        if (zelfde) return samenvoegen();
        if (zelfde === false) {
          return A.vraag("Dit is het bestand van " + daar, [
            "Op deze computer staan de antwoorden van " + hier + ". De antwoorden van twee leerlingen worden nooit gemengd.",
            "Wil je het bestand van " + daar + " openen? Dan worden de antwoorden van " + hier + " eerst van deze computer gewist. Staan ze nog niet in een bestand? Download ze dan eerst."], [
            bewaar,
            ["Wis de antwoorden van " + hier + " en open het bestand", "knop--gevaar", wisEnNeem],
            leeg
          ]);
        }
        A.vraag("Van wie is dit bestand?", [
          "Op deze computer staan de antwoorden van " + hier + ". Het bestand is van " + daar + ".",
          "Zijn het de antwoorden van dezelfde leerling? Dan worden ze samengevoegd. Zo niet, dan worden de antwoorden op deze computer eerst gewist."], [
          ["Ja, van dezelfde leerling: samenvoegen", "", samenvoegen],
          bewaar,
          ["Nee: wis deze computer en open het bestand", "knop--gevaar", wisEnNeem],
          leeg
        ]);
      };
      reader.readAsText(file);
    }
    if (A.bestand) A.bestand.toon(box, rij, { meld: meld, metNaam: metNaam, laad: laad });

    // Doorgaan / Afronden: hand in the answers to the card questions
    var af = el("div", "afronden", "", box);
    el("h3", "", "Klaar met de vragen op de kaarten?", af);
    var uitleg = el("p", "", "Ga door om je antwoorden in te leveren bij je docent.", af);
    var door = knop("Doorgaan", "", af, function () {
      afronden = edit = door.hidden = form.firstChild.hidden = true;
      uitleg.textContent = "Kijk of je naam en klas goed zijn. Klik op Afronden. Lever het bestand dat je krijgt in bij je docent.";
      submit.textContent = "Afronden";
      af.appendChild(form);
      showWie();
      (inputs[0].value ? submit : inputs[0]).focus();
    });
    function update(what) {
      if (what === "probleem") showStatus();
      if (what === "leerling" && !form.contains(document.activeElement)) {
        voor = A.leerling();
        inputs[0].value = voor.naam;
        inputs[1].value = voor.klas;
      }
      af.hidden = !kaartIds().some(A.beantwoord);
      showVanWie();
    }
    update();
    A.op(update);
  };

  // the stored answers to card questions: what Doorgaan / Afronden hands in
  function kaartIds() {
    var alle = A.alle();
    return Object.keys(alle).filter(function (id) { return (A.veld(id) || alle[id]).kaart; });
  }
  // hand in the card answers: the file, and what to tell the student
  function leverIn() {
    return "Klaar! Je antwoorden staan in het bestand " + A.download("kaarten").naam + ". Lever dit bestand in bij je docent.";
  }

  /* On a card with a question: once it is answered, the way to hand it in, right
     there (the same file as Doorgaan / Afronden on the start page). */
  function inleveren(veld) {
    var af = el("div", "afronden", "", veld.parentNode), melding = el("p", "antwoorden-melding", "");
    melding.setAttribute("role", "status");
    el("p", "", "Klaar? Lever je antwoorden op de kaarten in bij je docent.", af);
    var ingeleverd = null; // the card answers as the file has them, while "Klaar!" says so
    function kaartAntwoorden() {
      var alle = A.alle();
      return JSON.stringify(kaartIds().sort().map(function (id) { return [id, alle[id].waarde]; }));
    }
    knop("Afronden", "", af, function () {
      metNaam(function () {
        melding.textContent = leverIn();
        ingeleverd = kaartAntwoorden();
        af.appendChild(melding).tabIndex = -1;
        melding.focus();
      });
    });
    function toon() {
      af.hidden = !A.beantwoord(veld.getAttribute("data-veld"));
      // an answer changed after the file was made (here or in another tab): "Klaar!" no longer holds
      if (ingeleverd !== null && ingeleverd !== kaartAntwoorden()) {
        ingeleverd = null;
        melding.remove();
      }
    }
    toon();
    A.op(toon);
  }

  function acties(root) {
    var view = root.closest(".view"), nr = view && view.getAttribute("data-werkblad");
    if (root.querySelector(".antwoorden-acties") || !(nr || (view && view.querySelector("[data-veld]")))) return;
    A.start();
    var box = el("div", "antwoorden-acties", "", root), vraag = view.querySelector("[data-kaartvraag] [data-veld]");
    status(box);
    if (vraag) inleveren(vraag);
    if (!nr) return;
    knop("Download dit werkblad", "knop--licht knop--klein", box, function () {
      metNaam(function () { A.download("werkblad-" + nr); });
    });
    knop("Afdrukken", "knop--licht knop--klein", box, function () { window.print(); });
    // a printed sheet gets a line for naam and klas
    var kop = el("p", "afdruk-kop");
    root.after(kop);
    function vul() { kop.textContent = "Naam: " + A.leerling().naam + "    Klas: " + A.leerling().klas; kop.hidden = !(A.leerling().naam || A.leerling().klas); }
    vul();
    A.op(vul);
  }

  /* Other modules may use "view-acties" too: wrap what is registered when the
     page is ready, and catch up on every container, whether site.js started
     the modules before or after this (acties() adds its buttons once). */
  document.addEventListener("DOMContentLoaded", function () {
    var before = O.modules["view-acties"];
    O.modules["view-acties"] = function (root, Op) {
      try {
        if (before) before(root, Op);
      } finally {
        acties(root);
      }
    };
    [].forEach.call(document.querySelectorAll("[data-module=view-acties]"), acties);
  });
})();
