/* Op stage: "Lees voor" reads a card or werkblad aloud with the browser's
   speech synthesis, in Dutch (a voice whose lang starts with "nl" when there
   is one). The same button stops it. No button where speech is missing; a
   computer with voices but none in Dutch says so instead of reading Dutch
   text in another language, and so does one where speaking fails (no voices
   at all: Chromium without a speech service says synthesis-failed). */
(function () {
  "use strict";
  var O = (window.Opstage = window.Opstage || {});
  O.modules = O.modules || {};
  var BLOK = "h2, h3, h4, p, li, legend, label, th, dt, dd";
  var NIET = "nav, .view__acties, .view__klas, .vorigvolgend, .docentlink, .terug, .afdruk-kop, .afdruk-tekst, template, [hidden], [aria-hidden=true]";
  var bezig = null; // the button of the view being read

  function spraak() {
    return window.speechSynthesis && window.SpeechSynthesisUtterance ? window.speechSynthesis : null;
  }

  // the readable text of a view, block by block, in order
  function teksten(view) {
    var out = [];
    Array.prototype.forEach.call(view.querySelectorAll(BLOK), function (b) {
      var p = b.parentElement.closest(BLOK);
      if (b.closest(NIET) || (p && view.contains(p))) return;
      var t = b.textContent.replace(/\s+/g, " ").trim();
      if (t) out.push(t);
    });
    return out;
  }

  function stem(s) {
    var voices = s.getVoices() || [], nl = null;
    for (var i = 0; i < voices.length; i++) {
      var lang = String(voices[i].lang).replace("_", "-").toLowerCase();
      if (lang === "nl-nl") return voices[i];
      if (!nl && lang.indexOf("nl") === 0) nl = voices[i];
    }
    return nl;
  }

  function stop() {
    var s = spraak();
    if (s) s.cancel();
    if (bezig) bezig.textContent = "Lees voor";
    bezig = null;
  }

  O.modules.voorlezen = function (root) {
    var s = spraak(), view = root.closest(".view");
    if (!s || !view) return;
    var knop = O.hulp.knop("Lees voor", "knop--licht knop--klein", root);
    var melding = O.hulp.el("p", "antwoorden-status antwoorden-status--let-op", "Deze computer heeft geen Nederlandse stem. Voorlezen kan hier niet.");
    melding.setAttribute("role", "status");
    melding.hidden = true;
    knop.addEventListener("click", function () {
      var was = bezig;
      stop();
      if (was === knop) return;
      var v = stem(s), blokken = teksten(view);
      // no voices listed yet (some browsers load them late): try, and say so if it fails
      melding.hidden = !!v || !(s.getVoices() || []).length;
      if (!melding.hidden) return root.appendChild(melding);
      bezig = knop;
      knop.textContent = "Stop";
      blokken.forEach(function (t, i) {
        var u = new window.SpeechSynthesisUtterance(t);
        u.lang = "nl-NL";
        if (v) u.voice = v;
        if (i === blokken.length - 1) u.onend = function () { if (bezig === knop) stop(); };
        u.onerror = function (e) {
          var why = e && e.error;
          // any failure but our own stop: no Dutch voice, or no voices at all (synthesis-failed)
          if (why !== "canceled" && why !== "interrupted") root.appendChild(melding).hidden = false;
          if (bezig === knop) stop();
        };
        s.speak(u);
      });
      if (!blokken.length) stop();
    });
  };

  document.addEventListener("opstage:view", function () { if (bezig) stop(); });
  window.addEventListener("pagehide", stop);
})();
