/* Op stage: "Feedback van je docent" on the student page.
 *
 * The teacher's feedback file (docs/answer-file.md, "The feedback file") is
 * loaded with "Verder werken met een bestand": antwoorden-knoppen.js reads it
 * with the one reader and hands it to Opstage.feedback.neem(). It is kept in
 * localStorage under "opstage:<sleutel>:feedback" (so "Wis mijn antwoorden"
 * clears it too) and shown above each werkblad and card question it is about;
 * the start page shows the general remark and marks the cards with feedback.
 * Feedback never touches an answer. Every text is set with textContent.
 */
(function () {
  "use strict";
  var O = (window.Opstage = window.Opstage || {});
  var F = (O.feedback = {}), mem = null;

  var el = O.hulp.el;
  function key() { return "opstage:" + O.antwoorden.sleutel() + ":feedback"; }
  var wie = O.antwoordbestand.wie;

  // the feedback kept here: {gemaakt, leerling, algemeen, delen} or null
  function bewaard() {
    var v = mem, B = O.antwoordbestand, H = O.hulp;
    try { v = JSON.parse(localStorage.getItem(key())) || mem; } catch (e) { v = mem; }
    if (!H.isObj(v)) return null;
    var delen = Object.create(null);
    Object.keys(H.strMap(v.delen) || {}).forEach(function (k) { if (B.DEEL.test(k)) delen[k] = v.delen[k]; });
    return { gemaakt: String(v.gemaakt || ""), leerling: B.leerling(v.leerling), algemeen: typeof v.algemeen === "string" ? v.algemeen : "", delen: delen };
  }

  /* A feedback file read by Opstage.antwoordbestand.lees: kept and shown, or
     refused when it is for another student. Returns [message, isError]. */
  F.neem = function (got) {
    var l = O.antwoorden.leerling();
    if (O.antwoordbestand.zelfde(l, got.leerling) === false) {
      return ["Dit is de feedback voor " + wie(got.leerling) + ". Op deze computer staan de antwoorden van " + wie(l) +
        ". Deze feedback is niet voor jou. Er is niets veranderd.", 1];
    }
    if (!got.aantal) return ["In dit bestand staat nog geen feedback. Er is niets veranderd.", 1];
    if (!l.naam) O.antwoorden.zetLeerling(got.leerling.naam, got.leerling.klas); // so the next student is asked who they are
    mem = { gemaakt: got.gemaakt, leerling: got.leerling, algemeen: got.feedback.algemeen, delen: got.feedback.delen };
    try {
      localStorage.setItem(key(), JSON.stringify(mem));
      mem = null;
    } catch (e) { /* kept in memory while the page is open */ }
    toon();
    return ["Gelukt: de feedback van je docent staat erbij. Je ziet hem bij de werkbladen en kaarten, onder 'Feedback van je docent'. Je antwoorden zijn niet veranderd."];
  };

  // which feedback this student has seen, for the next answer file
  F.gezien = function () {
    var f = bewaard();
    return f && f.gemaakt ? { gemaakt: f.gemaakt, delen: Object.keys(f.delen) } : null;
  };

  function blok(parent, voor, titel, tekst, datum) {
    var box = el("section", "feedback-docent", "");
    el("h3", "feedback-docent__titel", titel, box);
    el("p", "feedback-docent__tekst", tekst, box);
    if (datum) el("p", "feedback-docent__datum", datum, box);
    return voor ? parent.insertBefore(box, voor) : parent.appendChild(box);
  }

  function toon() {
    var f = bewaard(), data = O.data || {}, kaarten = Object.create(null);
    [].forEach.call(document.querySelectorAll(".feedback-docent, .kaartlijst__feedback"), function (e) { e.remove(); });
    if (!f) return;
    var d = new Date(f.gemaakt), datum = isNaN(d) ? "" : "Gegeven op " + d.toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" }) + ".";
    var start = document.querySelector(".start__leerling"), rest = [];
    if (start && f.algemeen) blok(start.parentNode, start.nextSibling, "Feedback van je docent", f.algemeen, datum);
    Object.keys(f.delen).forEach(function (k) {
      var nr = k.split("-")[1], view = document.getElementById(k), voor;
      if (k.indexOf("werkblad-") === 0) {
        voor = view && view.querySelector(".werkblad__velden");
        (data.kaarten || []).forEach(function (c) { if ((c.werkbladen || []).indexOf(+nr) >= 0) kaarten[c.nummer] = 1; });
      } else {
        voor = view && view.querySelector(".kaartvraag");
        kaarten[nr] = 1;
      }
      if (voor) blok(voor.parentNode, voor, "Feedback van je docent", f.delen[k], datum);
      else rest.push(k);
    });
    // feedback for a part this site no longer has: on the start page
    rest.forEach(function (k) {
      if (start) blok(start.parentNode, start.nextSibling, "Feedback van je docent bij " + k.replace("-", " "), f.delen[k], datum);
    });
    Object.keys(kaarten).forEach(function (nr) {
      var item = document.querySelector('.kaartlijst__item[data-kaart="' + nr + '"] .kaartlijst__tekst');
      if (item) el("span", "kaartlijst__feedback", "Feedback van je docent", item);
    });
  }
  F.toon = toon;

  document.addEventListener("DOMContentLoaded", function () {
    if (!O.antwoorden || !document.querySelector("[data-module=leerling]")) return;
    O.antwoorden.start();
    toon();
    O.antwoorden.op(function (wat) {
      var A = O.antwoorden;
      if (wat === "leerling" && !A.leerling().naam && !Object.keys(A.alle()).length) mem = null; // wiped
      if (wat !== "probleem") toon();
    });
    window.addEventListener("storage", function (e) { if (e.key === null || e.key === key()) toon(); });
  });
})();
