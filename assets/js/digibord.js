/* Op stage: Digibord. Shows one card or werkblad large for the whole class:
   full screen where the browser allows it, and in any case the classes
   "digibord" (on <html>) and "is-digibord" (on the view), so the large,
   high-contrast layout works without full screen too. Escape or the close
   button returns; so does going to another view. */
(function () {
  "use strict";
  var O = (window.Opstage = window.Opstage || {});
  O.modules = O.modules || {};
  var open = null; // {view, knop, balk} while shown

  function sluit() {
    if (!open) return;
    var o = open;
    open = null;
    document.documentElement.classList.remove("digibord");
    o.view.classList.remove("is-digibord");
    o.balk.hidden = true;
    if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(function () {});
    o.knop.focus();
  }

  O.modules.digibord = function (root) {
    var view = root.closest(".view");
    if (!view) return;
    var H = O.hulp, knop = H.knop("Digibord", "knop--licht knop--klein", root);
    knop.title = "Laat dit groot zien op het digibord";
    // the close button in a bar of its own along the top: the text scrolls under
    // the bar, never under a button that floats over it
    var balk = view.insertBefore(H.el("div", "digibord__balk"), view.firstChild), dicht = H.knop("Sluiten (Esc)", "digibord__sluit", balk);
    balk.hidden = true;
    knop.addEventListener("click", function () {
      sluit();
      open = { view: view, knop: knop, balk: balk };
      document.documentElement.classList.add("digibord");
      view.classList.add("is-digibord");
      balk.hidden = false;
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
