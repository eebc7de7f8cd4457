/* Op stage: navigation between views and start-up of the page's modules.
 *
 * Without JavaScript index.html is one long page. With it, only the view
 * (start page, card or werkblad) named in the address is shown. Other scripts
 * register modules in Opstage.modules; each element with data-module="name"
 * is handed to that module once, in its own try/catch, so one broken widget
 * cannot break the page.
 */
(function () {
  "use strict";

  var Opstage = (window.Opstage = window.Opstage || {});
  Opstage.modules = Opstage.modules || {};

  Opstage.data = (function () {
    var el = document.getElementById("opstage-data");
    try {
      return el ? JSON.parse(el.textContent) : {};
    } catch (err) {
      return {};
    }
  })();

  // an address an e-mail program broke ("#%E0%A4%A") is taken as it is
  function decode(s) {
    try {
      return decodeURIComponent(s);
    } catch (err) {
      return s;
    }
  }

  function viewFor(hash) {
    var id = decode((hash || "").replace(/^#/, ""));
    var target = id ? document.getElementById(id) : null;
    var view = target && target.closest ? target.closest(".view") : null;
    return { view: view || document.getElementById("start"), target: target };
  }

  var baseTitle = document.title;

  function show(hash, moveFocus) {
    var found = viewFor(hash);
    var view = found.view;
    if (!view) return;
    var views = document.querySelectorAll(".view");
    for (var i = 0; i < views.length; i++) {
      views[i].classList.toggle("is-current", views[i] === view);
    }
    var heading = view.querySelector(".view__titel");
    document.title = heading ? heading.textContent.replace(/\s+/g, " ").trim() + " · " + baseTitle : baseTitle;
    document.dispatchEvent(new CustomEvent("opstage:view", { detail: { view: view } }));
    if (found.target && found.target !== view) {
      found.target.scrollIntoView();
      if (moveFocus && typeof found.target.focus === "function") found.target.focus();
    } else {
      window.scrollTo(0, 0);
      if (moveFocus && (heading = heading || view.querySelector("h1"))) heading.focus(); // the start page: its h1
    }
  }
  Opstage.show = show;

  function startModules() {
    var roots = document.querySelectorAll("[data-module]");
    for (var i = 0; i < roots.length; i++) {
      var root = roots[i];
      var name = root.getAttribute("data-module");
      var module = Opstage.modules[name];
      if (!module || root.hasAttribute("data-module-started")) continue;
      try {
        module(root, Opstage);
        root.setAttribute("data-module-started", "");
      } catch (err) {
        if (window.console) console.error("Op stage: module '" + name + "' failed", err);
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.getElementById("start")) {
      window.addEventListener("hashchange", function () {
        show(location.hash, true);
      });
      try {
        show(location.hash, false);
      } catch (err) {
        if (window.console) console.error("Op stage: could not show " + location.hash, err);
        show("", false);
      }
    }
    startModules();
  });
})();
