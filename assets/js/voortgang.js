/* Op stage: progress on the start page. Next to each card: "Nog niet
   begonnen", "Bezig: n van m vragen" or "Klaar", counting the fields of its
   werkbladen and its own question in the saved answers (Opstage.antwoorden),
   and kept up to date while the student works. */
(function () {
  "use strict";
  var O = (window.Opstage = window.Opstage || {});
  O.modules = O.modules || {};

  O.modules.voortgang = function (root) {
    var A = O.antwoorden, data = O.data || {};
    if (!A || !A.alle || !data.kaarten) return;
    A.start();
    var vragen = {}, per = {};
    (data.werkbladen || []).forEach(function (w) {
      vragen[w.nummer] = (w.velden || []).map(function (f) { return f.id; });
    });
    data.kaarten.forEach(function (k) {
      var ids = k.vraag ? [k.vraag.id] : [];
      (k.werkbladen || []).forEach(function (n) { ids = ids.concat(vragen[n] || []); });
      per[k.nummer] = ids;
    });
    var items = root.querySelectorAll(".kaartlijst__item[data-kaart]");
    var spans = Array.prototype.map.call(items, function (li) {
      var s = document.createElement("span");
      s.className = "voortgang";
      (li.querySelector(".kaartlijst__tekst") || li).appendChild(s);
      return s;
    });
    function toon() {
      var alle = A.alle();
      Array.prototype.forEach.call(items, function (li, i) {
        var ids = per[li.getAttribute("data-kaart")] || [], n = 0;
        ids.forEach(function (id) { if (A.beantwoord(id)) n++; });
        var stand = !ids.length ? "" : !n ? "nieuw" : n < ids.length ? "bezig" : "klaar";
        spans[i].className = "voortgang voortgang--" + stand;
        spans[i].hidden = !stand;
        spans[i].textContent = stand === "nieuw" ? "Nog niet begonnen" : stand === "bezig" ? "Bezig: " + n + " van " + ids.length + " vragen" : "Klaar";
      });
    }
    toon();
    (A.op || A.opWijziging)(toon);
  };
})();
