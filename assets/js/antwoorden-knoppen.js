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
    vol: "Let op: er is geen ruimte meer om je antwoorden op deze computer te bewaren. Download je antwoorden nu. Anders ben je ze kwijt."
  };
  var statuses = [];

  function el(tag, cls, text, parent) {
    var e = document.createElement(tag);
    e.className = cls;
    e.textContent = text || "";
    return parent ? parent.appendChild(e) : e;
  }
  function knop(text, cls, parent, fn) {
    var b = el("button", "knop " + cls, text, parent);
    b.type = "button";
    b.onclick = fn;
    return b;
  }

  function status(parent) {
    statuses.push(el("p", "antwoorden-status", "", parent));
    showStatus();
  }
  function showStatus() {
    statuses.forEach(function (p) {
      p.textContent = STATUS[A.probleem()];
      p.classList.toggle("antwoorden-status--let-op", !!A.probleem());
    });
  }

  A.download = function (omvang) {
    var B = O.antwoordbestand, f = B.maak({ data: O.data, omvang: omvang, leerling: A.leerling(), antwoorden: B.kies(A.alle(), omvang, A.veld) });
    B.download(f);
    return f;
  };

  /* A modal question; knoppen: [text, class, action, stayOpen]; the last one
     (the safe choice) gets the focus. */
  A.vraag = function (titel, tekst, knoppen) {
    var d = el("dialog", "antwoorden-dialoog", "", document.body), back = document.activeElement, b;
    d.setAttribute("aria-labelledby", (el("h2", "", titel, d).id = "dialoog-titel"));
    el("p", "", tekst, d);
    var rij = el("div", "antwoorden__knoppen", "", d);
    knoppen.forEach(function (k) {
      b = knop(k[0], k[1], rij, function () {
        if (k[2]) k[2]();
        if (!k[3]) d.close();
      });
    });
    d.onclose = function () { d.remove(); if (back) back.focus(); };
    d.showModal();
    b.focus();
  };

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

    // naam and klas: asked once, then one line with "Wijzigen"
    var samen = el("p", "antwoorden__samenvatting", "", box);
    var form = el("form", "antwoorden__form", "", box);
    form.noValidate = true;
    el("p", "", "Vul je naam en klas in. Ze komen op elk bestand dat je downloadt.", form);
    var inputs = ["naam", "klas"].map(function (k) {
      var wrap = el("div", "antwoorden__veld", "", form);
      var label = el("label", "veld__label", "Je " + k, wrap);
      var fout = el("p", "antwoorden__fout", "", wrap);
      var input = el("input", "", "", wrap);
      input.type = "text";
      input.id = label.htmlFor = "leerling-" + k;
      fout.id = input.id + "-fout";
      input.setAttribute("aria-describedby", fout.id);
      input.autocomplete = k === "naam" ? "name" : "off";
      input.value = A.leerling()[k];
      input.oninput = function () { A.zetLeerling(inputs[0].value, inputs[1].value); };
      return input;
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
      var leeg = inputs.filter(function (input) {
        var fout = input.previousSibling;
        fout.textContent = input.value.trim() ? "" : "Vul je " + input.id.slice(9) + " in.";
        input.toggleAttribute("aria-invalid", !!fout.textContent);
        return fout.textContent;
      });
      if (leeg.length) return leeg[0].focus();
      if (afronden) {
        return meld("Klaar! Je antwoorden staan in het bestand " + A.download("kaarten").naam + ". Lever dit bestand in bij je docent.");
      }
      edit = false;
      showWie();
      samen.lastChild.focus();
    };
    showWie();

    var rij = el("div", "antwoorden__knoppen", "", box);
    knop("Download al je antwoorden", "", rij, function () {
      meld("Je antwoorden staan in het bestand " + A.download("alles").naam + ". Kijk bij je downloads.");
    });
    var kies = el("input", "", "", rij);
    kies.type = "file";
    kies.accept = ".html,.htm";
    kies.hidden = true;
    knop("Verder werken met een bestand", "knop--licht", rij, function () { kies.click(); });
    knop("Wis mijn antwoorden", "knop--licht", rij, function () {
      A.vraag("Alles wissen van deze computer?",
        "Je antwoorden, je foto's, je naam en je klas worden van deze computer gewist. Dat kun je niet terugdraaien. Wil je ze houden? Download ze dan eerst.", [
          ["Eerst downloaden", "knop--licht", function () { A.download("alles"); }, 1],
          ["Ja, wis alles", "knop--gevaar", function () {
            A.wis();
            afronden = form.firstChild.hidden = false;
            edit = door.hidden = !(submit.textContent = "Opslaan");
            uitleg.textContent = "Ga door om je antwoorden in te leveren bij je docent.";
            samen.after(form);
            showWie();
            meld("Alles is gewist van deze computer.");
          }],
          ["Niet wissen", "knop--licht"]
        ]);
    });

    kies.onchange = function () {
      var file = kies.files[0], reader = new FileReader(), B = O.antwoordbestand;
      kies.value = "";
      reader.onerror = function () { meld(B.GEEN, 1); };
      reader.onload = function () {
        var got = B.lees(reader.result, A.sleutel()), l = A.leerling();
        if (got.fout || !got.aantal) return meld(got.fout || "In dit bestand staan geen antwoorden. Er is niets veranderd.", 1);
        function terug() {
          A.vervang(got.antwoorden, got.leerling);
          edit = !(inputs[0].value && inputs[1].value);
          showWie();
          meld("Gelukt: de antwoorden uit het bestand staan er weer in (" + got.aantal + "). Je kunt verder werken.");
        }
        if (!Object.keys(A.alle()).length && !l.naam && !l.klas) return terug();
        A.vraag("Antwoorden vervangen?",
          "Op deze computer staan al antwoorden. De antwoorden uit het bestand komen daarvoor in de plaats. Antwoorden die niet in het bestand staan, blijven bewaard.", [
            ["Ja, vervangen", "", terug],
            ["Nee, niets veranderen", "knop--licht", function () { meld("Er is niets veranderd."); }]
          ]);
      };
      if (file) reader.readAsText(file);
    };

    // Doorgaan / Afronden: hand in the answers to the card questions
    var af = el("div", "afronden", "", box);
    el("h3", "", "Klaar met de vragen op de kaarten?", af);
    var uitleg = el("p", "", "Ga door om je antwoorden in te leveren bij je docent.", af);
    var door = knop("Doorgaan", "", af, function () {
      afronden = edit = door.hidden = form.firstChild.hidden = true;
      uitleg.textContent = "Kijk of je naam en klas goed zijn. Klik dan op Afronden. Je krijgt een bestand. Lever dat bestand in bij je docent.";
      submit.textContent = "Afronden";
      af.appendChild(form);
      showWie();
      (inputs[0].value ? submit : inputs[0]).focus();
    });
    function update(what) {
      var alle = A.alle();
      if (what === "probleem") showStatus();
      if (what === "leerling" && !form.contains(document.activeElement)) {
        inputs[0].value = A.leerling().naam;
        inputs[1].value = A.leerling().klas;
      }
      af.hidden = !Object.keys(alle).some(function (id) { return (A.veld(id) || alle[id]).kaart; });
    }
    update();
    A.op(update);
  };

  function acties(root) {
    var view = root.closest(".view"), nr = view && view.getAttribute("data-werkblad");
    if (root.querySelector(".antwoorden-acties") || !(nr || (view && view.querySelector("[data-veld]")))) return;
    A.start();
    var box = el("div", "antwoorden-acties", "", root);
    status(box);
    if (!nr) return;
    knop("Download dit werkblad", "knop--licht knop--klein", box, function () { A.download("werkblad-" + nr); });
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
