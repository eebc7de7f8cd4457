/* Op stage: answers are never lost. Each field is saved on every change in
   localStorage under "opstage:<sleutel>:a:<id>" and put back on load. Photos
   (made smaller with a canvas) go to IndexedDB, or to localStorage if that
   fails. Without storage answers stay in memory and a warning asks to
   download. Values as in docs/answer-file.md. */
(function () {
  "use strict";
  var O = (window.Opstage = window.Opstage || {});
  var A = (O.antwoorden = O.antwoorden || {});
  var pre, fields = {}, recs = {}, wie = { naam: "", klas: "" }, store = null, problem = "", subs = [], dbp, noDb;

  function each(list, fn) { for (var i = 0; i < list.length; i++) fn(list[i], i); }
  function notify(what) { each(subs, function (fn) { fn(what); }); }
  function clean(type, v) { return O.antwoordbestand.schoon(type, v); }
  function $$(root, sel) { return root.querySelectorAll(sel); }
  A.op = function (fn) { subs.push(fn); };
  A.probleem = function () { return problem; };

  function write(key, value) {
    if (!store) return;
    try {
      if (value == null) store.removeItem(pre + key);
      else store.setItem(pre + key, JSON.stringify(value));
      if (problem) { problem = ""; notify("probleem"); }
    } catch (e) {
      if (problem !== "vol") { problem = "vol"; notify("probleem"); }
    }
  }

  function persist(id) {
    var r = recs[id], copy = r;
    if (r && r.type === "foto" && r.waarde.foto && !noDb) {
      copy = JSON.parse(JSON.stringify(r)); // the photo itself is in IndexedDB
      copy.waarde.foto = null;
      copy.idb = 1;
    }
    write("a:" + id, copy);
  }

  // IndexedDB: act(store) -> request; a promise of its result
  function idb(mode, act) {
    dbp = dbp || new Promise(function (ok) {
      var q = indexedDB.open(pre + "fotos", 1);
      q.onupgradeneeded = function () { q.result.createObjectStore("f"); };
      q.onsuccess = function () { ok(q.result); };
      q.onerror = q.onblocked = function () { ok(null); };
    });
    return dbp.then(function (db) {
      return new Promise(function (ok, no) {
        var tx = db.transaction("f", mode), q = act(tx.objectStore("f"));
        tx.oncomplete = function () { ok(q.result); };
        tx.onerror = tx.onabort = no;
      });
    });
  }

  function savePhoto(id, url) {
    idb("readwrite", function (s) { return url ? s.put(url, id) : s["delete"](id); })["catch"](function () {
      noDb = 1; // keep the photo in localStorage instead
      if (recs[id]) persist(id);
    });
  }

  /* ---- reading and filling the fields of the page ---- */

  function inputs(root) {
    var out = [];
    each($$(root, "input,textarea"), function (c) { if (c.name && c.type !== "file") out.push(c); });
    return out;
  }
  function rows(veld) { return $$(veld, "tbody>.tabel__rij"); }

  function readValue(veld) {
    var id = veld.getAttribute("data-veld"), type = veld.getAttribute("data-type"), v;
    if (type === "tabel") {
      v = [];
      each(rows(veld), function (row) {
        var cells = {};
        each(inputs(row), function (c) { if (c.value) cells[c.name.split(".")[2]] = c.value; });
        v.push(cells);
      });
    } else if (type === "foto") {
      v = { bijschrift: inputs(veld)[0].value, foto: recs[id] ? recs[id].waarde.foto : null };
    } else {
      v = type === "meerkeuze" || type === "checklist" ? [] : type === "stellingen" ? {} : "";
      each(inputs(veld), function (c) {
        if (/radio|checkbox/.test(c.type) && !c.checked) return;
        if (type === "stellingen") v[c.name.slice(id.length + 1)] = c.value;
        else if (v.push) v.push(c.value);
        else v = c.value;
      });
    }
    return clean(type, v);
  }

  function addRow(veld) {
    var tpl = veld.querySelector("template"), body = veld.querySelector("tbody");
    body.insertAdjacentHTML("beforeend", tpl.innerHTML.replace(/__rij__/g, rows(veld).length));
    mirrors(body.lastElementChild);
    return body.lastElementChild;
  }

  function setValue(veld, v) {
    var id = veld.getAttribute("data-veld"), type = veld.getAttribute("data-type");
    if (type === "tabel") {
      v = v || [];
      var keep = Math.max(+veld.getAttribute("data-rijen"), v.length), all;
      while (rows(veld).length < keep) addRow(veld);
      while ((all = rows(veld)).length > keep) all[all.length - 1].remove();
      each(rows(veld), function (row, i) {
        each(inputs(row), function (c) { c.value = (v[i] && v[i][c.name.split(".")[2]]) || ""; });
      });
    } else {
      each(inputs(veld), function (c) {
        if (type === "foto") c.value = (v && v.bijschrift) || "";
        else if (!/radio|checkbox/.test(c.type)) c.value = v || "";
        else if (type === "stellingen") c.checked = !!v && v[c.name.slice(id.length + 1)] === c.value;
        else c.checked = v ? (v.push ? v.indexOf(c.value) >= 0 : v === c.value) : false;
      });
      if (type === "foto") showPhoto(veld, v && v.foto);
    }
    each($$(veld, ".afdruk-tekst"), function (m) { m.textContent = m.previousElementSibling.value; });
  }

  // print-only copies of text boxes, so long answers print in full
  function mirrors(root) {
    each($$(root, "textarea,input[type=text]"), function (c) {
      var m = document.createElement("div");
      m.className = "afdruk-tekst";
      if (c.rows > 1) m.style.minHeight = c.rows * 1.5 + "em";
      c.after(m);
    });
  }

  // an answer to a field that is still there takes its current text and place
  function snap(id, r) {
    var f = fields[id];
    if (f && f.def.type === r.type) {
      r.label = f.def.label;
      r.werkblad = f.werkblad || null;
      r.kaart = f.kaart || null;
    }
    return r;
  }

  // A photo without a caption, kept in IndexedDB: its record here holds
  // nothing else, which record() rightly calls empty. It waits for its photo.
  function waiting(r) {
    return r && r.idb === 1 && r.type === "foto"
      ? { waarde: { bijschrift: "", foto: null }, gewijzigd: String(r.gewijzigd || ""), type: "foto", label: "", werkblad: null, kaart: null }
      : null;
  }

  function fits(veld, r) { return !!r && veld.getAttribute("data-type") === r.type; }

  function setRecord(id, type, v) {
    var old = recs[id] || {};
    if (v === undefined) delete recs[id];
    else recs[id] = snap(id, { waarde: v, gewijzigd: new Date().toISOString(), type: type,
      label: old.label || id, werkblad: old.werkblad || null, kaart: old.kaart || null });
    persist(id);
    notify("antwoord");
  }

  function save(veld) {
    var id = veld.getAttribute("data-veld"), v = readValue(veld), old = recs[id];
    if (old && v && JSON.stringify(old.waarde) === JSON.stringify(v)) return;
    setRecord(id, veld.getAttribute("data-type"), v);
  }

  /* ---- photos ---- */

  function showPhoto(veld, url) {
    var box = veld.querySelector("[data-foto-voorbeeld]"), label = veld.querySelector(".foto__kies");
    box.textContent = "";
    if (!label.title) label.title = label.textContent;
    label.textContent = url ? "Kies een andere foto" : label.title;
    if (!url) return;
    var img = box.appendChild(document.createElement("img"));
    img.src = url;
    img.alt = "Jouw foto";
    box.insertAdjacentHTML("beforeend", '<button type="button" class="knop knop--licht knop--klein" data-actie="foto-weg">Foto weghalen</button>');
  }

  function setPhoto(veld, url) {
    var id = veld.getAttribute("data-veld");
    setRecord(id, "foto", clean("foto", { bijschrift: inputs(veld)[0].value, foto: url }));
    savePhoto(id, url);
    showPhoto(veld, url);
  }

  // a photo made smaller (longest side 1280 px, JPEG) so ten stay under 5 MB
  A.verklein = function (file, cb) {
    var src = URL.createObjectURL(file), img = new Image();
    img.onload = function () {
      var s = Math.min(1, 1280 / Math.max(img.naturalWidth, img.naturalHeight, 1));
      var c = document.createElement("canvas"), g = c.getContext("2d");
      c.width = Math.round(img.naturalWidth * s) || 1;
      c.height = Math.round(img.naturalHeight * s) || 1;
      g.fillStyle = "#fff";
      g.fillRect(0, 0, c.width, c.height);
      g.drawImage(img, 0, 0, c.width, c.height);
      URL.revokeObjectURL(src);
      var url = c.toDataURL("image/jpeg", 0.8);
      cb(url.length > 7e5 ? c.toDataURL("image/jpeg", 0.6) : url);
    };
    img.onerror = function () { URL.revokeObjectURL(src); cb(null); };
    img.src = src;
  };

  function onPhoto(input, veld) {
    var file = input.files[0], fout = veld.querySelector(".foto__fout");
    if (fout) fout.remove();
    if (file) A.verklein(file, function (url) {
      input.value = "";
      if (url) return setPhoto(veld, url);
      veld.querySelector(".foto").insertAdjacentHTML("afterbegin",
        '<p class="foto__fout" role="alert">Deze foto kan niet geopend worden. Kies een andere foto, bijvoorbeeld een JPG of PNG.</p>');
    });
  }

  /* ---- start: read what was saved and put it back ---- */

  function keys() {
    var out = [];
    for (var i = 0; i < store.length; i++) if (store.key(i).indexOf(pre) === 0) out.push(store.key(i));
    return out;
  }

  function byId() {
    var map = {};
    each($$(document, "[data-veld]"), function (v) { map[v.getAttribute("data-veld")] = v; });
    return map;
  }

  A.start = function () {
    if (document.documentElement.hasAttribute("data-blanco")) return; // the blank print view (enable.js): no answers in or out
    var data = O.data;
    if (pre || !data || !data.sleutel) return;
    pre = "opstage:" + data.sleutel + ":";
    each(data.kaarten, function (k) { if (k.vraag) fields[k.vraag.id] = { def: k.vraag, kaart: k.nummer }; });
    each(data.werkbladen, function (w) {
      each(w.velden, function (f) { fields[f.id] = { def: f, werkblad: w.nummer }; });
    });
    try {
      store = localStorage;
      store.setItem(pre + "test", 1);
      store.removeItem(pre + "test");
    } catch (e) {
      store = null;
      problem = "geen";
    }
    if (store) each(keys(), function (key) {
      var r, rec, id = key.slice(pre.length + 2);
      try { r = JSON.parse(store.getItem(key)); } catch (e) { return; }
      if (key === pre + "leerling") wie = O.antwoordbestand.leerling(r);
      else if (key.indexOf(pre + "a:") === 0 && /^[a-z0-9-]+$/.test(id) && (rec = O.antwoordbestand.record(r) || waiting(r))) {
        recs[id] = snap(id, rec);
        rec.idb = r.idb;
      }
    });
    var map = byId();
    each(Object.keys(map), function (id) {
      var veld = map[id];
      veld.setAttribute("data-rijen", rows(veld).length);
      mirrors(veld);
      if (fits(veld, recs[id])) setValue(veld, recs[id].waarde);
    });
    each(Object.keys(recs), function (id) {
      if (recs[id].idb) idb("readonly", function (s) { return s.get(id); }).then(function (url) {
        var r = recs[id];
        if (!r || r.type !== "foto" || r.waarde.foto) return;
        if ((url = clean("foto", { foto: url }))) {
          r.waarde.foto = url.foto; // (the caption may have been typed meanwhile)
          persist(id);
          if (map[id] && fits(map[id], r)) showPhoto(map[id], url.foto);
        } else if (!r.waarde.bijschrift) {
          setRecord(id, "foto", undefined); // its photo is gone: nothing left
        }
      }, function () {});
      delete recs[id].idb;
    });
    document.addEventListener("input", onInput);
    document.addEventListener("change", onInput);
    document.addEventListener("click", onClick);
    if (window.performance && performance.mark) performance.mark("opstage:antwoorden-hersteld");
  };

  function onInput(e) {
    var t = e.target, veld = t.closest && t.closest("[data-veld]");
    if (!veld) return;
    if (t.type === "file") return e.type === "change" && onPhoto(t, veld);
    var m = t.nextElementSibling;
    if (m && m.className === "afdruk-tekst") m.textContent = t.value;
    save(veld);
  }

  function onClick(e) {
    var b = e.target.closest && e.target.closest("[data-actie]"), veld = b && b.closest("[data-veld]");
    if (!veld) return;
    if (b.getAttribute("data-actie") === "foto-weg") {
      setPhoto(veld, null);
      veld.querySelector("input[type=file]").focus();
    } else if (b.getAttribute("data-actie") === "rij-toevoegen") {
      addRow(veld).querySelector("input,textarea").focus();
    }
  }

  /* ---- for the buttons and the answer file ---- */

  A.sleutel = function () { return O.data.sleutel; };
  A.veld = function (id) { return fields[id]; };
  A.alle = function () { return Object.assign({}, recs); };
  A.leerling = function () { return Object.assign({}, wie); };

  A.zetLeerling = function (naam, klas) {
    wie = { naam: naam, klas: klas };
    write("leerling", naam || klas ? wie : null);
    notify("leerling");
  };

  // answers from a file replace those for the same fields
  A.vervang = function (nieuw, l) {
    var map = byId();
    each(Object.keys(nieuw), function (id) {
      var r = (recs[id] = snap(id, nieuw[id]));
      persist(id);
      if (r.type === "foto") savePhoto(id, r.waarde.foto);
      if (map[id] && fits(map[id], r)) setValue(map[id], r.waarde);
    });
    if (l.naam || l.klas) A.zetLeerling(l.naam, l.klas);
    notify("antwoord");
  };

  // every trace of this student: saved keys, photos, naam and klas, the form
  A.wis = function () {
    if (store) each(keys(), function (k) { store.removeItem(k); });
    (dbp || Promise.resolve()).then(function (db) {
      if (db) db.close();
      indexedDB.deleteDatabase(pre + "fotos");
    })["catch"](function () {});
    dbp = null;
    recs = {};
    if (problem === "vol") problem = "";
    var map = byId();
    each(Object.keys(map), function (id) { setValue(map[id]); });
    A.zetLeerling("", "");
    notify("antwoord");
    notify("probleem");
  };

  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-veld],[data-module=leerling]")) A.start();
  });
})();
