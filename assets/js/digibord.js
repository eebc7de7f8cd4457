/* Op stage: Digibord. Shows one card or werkblad large for the whole class:
   full screen where the browser allows it, and in any case the classes
   "digibord" (on <html>) and "is-digibord" (on the view), so the large,
   high-contrast layout works without full screen too. Escape or the close
   button returns; so does going to another view. */
(function () {
  "use strict";
  var O = (window.Opstage = window.Opstage || {});
  O.modules = O.modules || {};
  var open = null; // {view, knop, dicht} while shown

  function sluit() {
    if (!open) return;
    var o = open;
    open = null;
    document.documentElement.classList.remove("digibord");
    o.view.classList.remove("is-digibord");
    o.dicht.hidden = true;
    if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(function () {});
    o.knop.focus();
  }

  O.modules.digibord = function (root) {
    var view = root.closest(".view");
    if (!view) return;
    var knop = document.createElement("button");
    knop.type = "button";
    knop.className = "knop knop--licht knop--klein";
    knop.textContent = "Digibord";
    knop.title = "Laat dit groot zien op het digibord";
    var dicht = knop.cloneNode();
    dicht.className = "knop digibord__sluit";
    dicht.textContent = "Sluiten (Esc)";
    dicht.removeAttribute("title");
    dicht.hidden = true;
    view.insertBefore(dicht, view.firstChild);
    root.appendChild(knop);
    knop.addEventListener("click", function () {
      sluit();
      open = { view: view, knop: knop, dicht: dicht };
      document.documentElement.classList.add("digibord");
      view.classList.add("is-digibord");
      dicht.hidden = false;
      if (view.requestFullscreen) view.requestFullscreen().catch(function () {});
      view.scrollTop = 0;
      dicht.focus();
    });
    dicht.addEventListener("click", sluit);
  };

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && open) sluit();
  });
  // Escape in full screen is taken by the browser: it only ends full screen
  document.addEventListener("fullscreenchange", function () {
    if (!document.fullscreenElement) sluit();
  });
  document.addEventListener("opstage:view", function (e) {
    if (open && e.detail.view !== open.view) sluit();
  });
})();
