/* Op stage: photo fields. A chosen (or just taken) photo is made smaller in
   the browser (longest side 1280 px, JPEG), shown, and saved with the answers
   by antwoorden.js. */
(function () {
  "use strict";

  var Opstage = (window.Opstage = window.Opstage || {});
  var F = (Opstage.fotos = {});
  var MAX = 1280;

  // file -> JPEG data URL (or null if the browser cannot read the image)
  F.verklein = function (file, cb) {
    var url = URL.createObjectURL(file);
    var img = new Image();
    img.onload = function () {
      var scale = Math.min(1, MAX / Math.max(img.naturalWidth, img.naturalHeight, 1));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
      canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff"; // transparent PNGs get a white background
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      var data = canvas.toDataURL("image/jpeg", 0.8);
      if (data.length > 700000) data = canvas.toDataURL("image/jpeg", 0.6);
      cb(data);
    };
    img.onerror = function () {
      URL.revokeObjectURL(url);
      cb(null);
    };
    img.src = url;
  };

  function melding(veld, tekst) {
    var p = veld.querySelector(".foto__fout");
    if (!p && tekst) {
      p = document.createElement("p");
      p.className = "foto__fout";
      p.setAttribute("role", "alert");
      veld.querySelector(".foto").insertBefore(p, veld.querySelector(".foto").firstChild);
    }
    if (p) {
      p.textContent = tekst;
      p.hidden = !tekst;
    }
  }

  // show (or remove) the photo of a foto field; used when restoring too
  (Opstage.antwoorden = Opstage.antwoorden || {}).toonFoto = function (veld, dataUrl) {
    var box = veld.querySelector("[data-foto-voorbeeld]");
    if (!box) return;
    box.textContent = "";
    var kies = veld.querySelector(".foto__kies");
    if (kies && !kies.hasAttribute("data-tekst")) kies.setAttribute("data-tekst", kies.textContent);
    if (kies) kies.textContent = dataUrl ? "Kies een andere foto" : kies.getAttribute("data-tekst") || kies.textContent;
    if (!dataUrl) return;
    var img = document.createElement("img");
    img.src = dataUrl;
    img.alt = "Jouw foto";
    var weg = document.createElement("button");
    weg.type = "button";
    weg.className = "knop knop--licht knop--klein";
    weg.setAttribute("data-actie", "foto-weg");
    weg.textContent = "Foto weghalen";
    box.appendChild(img);
    box.appendChild(weg);
  };

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "file" || !input.closest) return;
    var veld = input.closest("[data-veld][data-type='foto']");
    var file = input.files && input.files[0];
    if (!veld || !file) return;
    melding(veld, "");
    F.verklein(file, function (data) {
      input.value = ""; // the photo is kept by the page, not by the file input
      if (!data) return melding(veld, "Deze foto kan niet geopend worden. Kies een andere foto (bijvoorbeeld een JPG of PNG).");
      Opstage.antwoorden.zetFoto(veld, data);
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-actie='foto-weg']");
    var veld = button && button.closest("[data-veld]");
    if (!veld) return;
    Opstage.antwoorden.zetFoto(veld, null);
    var input = veld.querySelector("input[type='file']");
    if (input) input.focus();
  });
})();
