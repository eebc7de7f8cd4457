/* Op stage: answers that are never lost.
 *
 * Every change in a field is saved at once in localStorage, one key per field
 * ("opstage:<sleutel>:a:<field id>"), and put back when the page opens again.
 * Photos are too big for localStorage and go to IndexedDB (one database per
 * site); if that fails they fall back to localStorage. If storage is missing
 * or full, answers stay in memory and a warning asks the student to download.
 * The values follow docs/answer-file.md. UI lives in antwoorden-knoppen.js,
 * the answer file in antwoordbestand.js.
 */
(function () {
  "use strict";

  var Opstage = (window.Opstage = window.Opstage || {});
  var A = (Opstage.antwoorden = Opstage.antwoorden || {});

  var started = false;
  var prefix = "";
  var fields = Object.create(null); // id -> {def, werkblad, kaart} from Opstage.data
  var records = Object.create(null); // id -> {waarde, gewijzigd, type, label, werkblad, kaart}
  var leerling = { naam: "", klas: "" };
  var storage = null;
  var problem = ""; // "", "geen" (no storage) or "vol" (storage full)
  var listeners = [];
  var db = null, dbState = "", dbWaiting = [];

  function each(list, fn) {
    for (var i = 0; i < list.length; i++) fn(list[i], i);
  }

  function notify(what) {
    each(listeners.slice(), function (fn) {
      try { fn(what); } catch (err) { if (window.console) console.error(err); }
    });
  }

  A.opWijziging = function (fn) { listeners.push(fn); };
  A.probleem = function () { return problem; };

  function setProblem(p) {
    if (p === problem || (problem === "geen" && p)) return;
    problem = p;
    notify("probleem");
  }

  /* ---- localStorage ---- */

  function openStorage() {
    try {
      var s = window.localStorage, k = prefix + "test";
      s.setItem(k, "1");
      s.removeItem(k);
      return s;
    } catch (err) {
      return null;
    }
  }

  function write(key, value) {
    if (!storage) return;
    try {
      if (value === null) storage.removeItem(prefix + key);
      else storage.setItem(prefix + key, JSON.stringify(value));
      if (problem === "vol") setProblem("");
    } catch (err) {
      setProblem("vol");
    }
  }

  function stored(rec) {
    // a photo kept in IndexedDB is left out of the localStorage copy
    if (rec.type !== "foto" || !rec.waarde.foto || dbState === "fout") return rec;
    var copy = {};
    for (var k in rec) copy[k] = rec[k];
    copy.waarde = { bijschrift: rec.waarde.bijschrift, foto: null };
    copy.idb = true;
    return copy;
  }

  function persist(id) {
    write("a:" + id, records[id] ? stored(records[id]) : null);
  }

  /* ---- IndexedDB for photos ---- */

  function withDb(cb) {
    if (dbState === "ok" || dbState === "fout") return cb(db);
    dbWaiting.push(cb);
    if (dbState) return;
    dbState = "bezig";
    function done(state) {
      dbState = state;
      if (state === "fout") db = null;
      var waiting = dbWaiting;
      dbWaiting = [];
      each(waiting, function (fn) { fn(db); });
    }
    try {
      var req = window.indexedDB.open(prefix + "fotos", 1);
      req.onupgradeneeded = function () { req.result.createObjectStore("fotos"); };
      req.onsuccess = function () { db = req.result; done("ok"); };
      req.onerror = req.onblocked = function () { done("fout"); };
    } catch (err) {
      done("fout");
    }
  }

  function photoStore(mode, action, cb) {
    withDb(function (d) {
      if (!d) return cb(false);
      try {
        var tx = d.transaction("fotos", mode);
        var req = action(tx.objectStore("fotos"));
        tx.oncomplete = function () { cb(true, req.result); };
        tx.onerror = tx.onabort = function () { cb(false); };
      } catch (err) {
        cb(false);
      }
    });
  }

  function savePhoto(id, dataUrl) {
    photoStore("readwrite", function (s) {
      return dataUrl ? s.put(dataUrl, id) : s["delete"](id);
    }, function (ok) {
      if (!ok && dataUrl && records[id]) {
        dbState = "fout"; // keep the photo in localStorage instead
        persist(id);
      }
    });
  }

  /* ---- the fields in the page ---- */

  var schoon = function (type, v) { return Opstage.antwoordbestand.schoon(type, v); };

  function veldOf(el) {
    return el && el.closest ? el.closest("[data-veld]") : null;
  }

  function controls(veld) {
    var out = [];
    each(veld.querySelectorAll("input, textarea"), function (c) {
      if (c.type !== "file" && c.name) out.push(c);
    });
    return out;
  }

  function rows(veld) {
    return veld.querySelectorAll("tbody > .tabel__rij");
  }

  // the value of a field as in docs/answer-file.md, or undefined when empty
  function readValue(veld) {
    var id = veld.getAttribute("data-veld"), type = veld.getAttribute("data-type");
    var value;
    if (type === "tabel") {
      value = [];
      each(rows(veld), function (row) {
        var cells = {};
        each(controls(row), function (c) {
          if (c.value !== "") cells[c.name.split(".")[2]] = c.value;
        });
        value.push(cells);
      });
    } else if (type === "foto") {
      var caption = veld.querySelector("[name='" + id + ".bijschrift']");
      var old = records[id];
      value = { bijschrift: caption ? caption.value : "", foto: (old && old.waarde.foto) || null };
    } else {
      value = type === "meerkeuze" || type === "checklist" ? [] : type === "stellingen" ? {} : "";
      each(controls(veld), function (c) {
        if ((c.type === "radio" || c.type === "checkbox") && !c.checked) return;
        if (type === "stellingen") value[c.name.slice(id.length + 1)] = c.value;
        else if (typeof value === "string") value = c.value;
        else value.push(c.value);
      });
    }
    return schoon(type, value);
  }

  function addRow(veld) {
    var tpl = veld.querySelector("template.tabel__sjabloon");
    var body = veld.querySelector("tbody");
    if (!tpl || !body) return null;
    var n = rows(veld).length;
    var holder = document.createElement("tbody");
    holder.innerHTML = tpl.innerHTML.replace(/__rij__/g, String(n));
    var row = holder.firstElementChild;
    body.appendChild(row);
    mirrors(row);
    return row;
  }

  function setValue(veld, value) {
    var id = veld.getAttribute("data-veld"), type = veld.getAttribute("data-type");
    if (type === "tabel") {
      var list = value || [];
      var start = +veld.getAttribute("data-rijen");
      while (rows(veld).length < list.length && addRow(veld)) { /* grow */ }
      var all = rows(veld);
      for (var r = all.length - 1; r >= Math.max(start, list.length); r--) all[r].parentNode.removeChild(all[r]);
      each(rows(veld), function (row, i) {
        each(controls(row), function (c) {
          var v = list[i] && list[i][c.name.split(".")[2]];
          c.value = typeof v === "string" ? v : "";
        });
      });
    } else {
      each(controls(veld), function (c) {
        var sub = c.name.slice(id.length + 1);
        if (type === "foto") c.value = (value && value.bijschrift) || "";
        else if (c.type === "radio" || c.type === "checkbox") {
          c.checked = type === "stellingen" ? !!value && value[sub] === c.value
            : Array.isArray(value) ? value.indexOf(c.value) >= 0 : value === c.value;
        } else c.value = typeof value === "string" ? value : "";
      });
      if (type === "foto") A.toonFoto(veld, value && value.foto);
    }
    updateMirrors(veld);
  }

  /* Print-only copies of text boxes, so long answers print in full. */
  function mirrors(root) {
    each(root.querySelectorAll("textarea, input[type='text']"), function (c) {
      if (c.nextElementSibling && c.nextElementSibling.className.indexOf("afdruk-tekst") >= 0) return;
      var m = document.createElement("div");
      m.className = "afdruk-tekst" + (c.tagName === "TEXTAREA" ? " afdruk-tekst--lang" : "");
      m.setAttribute("aria-hidden", "true");
      if (c.rows > 1) m.style.minHeight = c.rows * 1.5 + "em";
      c.parentNode.insertBefore(m, c.nextSibling);
    });
  }

  function updateMirrors(root) {
    each(root.querySelectorAll("textarea, input[type='text']"), function (c) {
      var m = c.nextElementSibling;
      if (m && m.className.indexOf("afdruk-tekst") >= 0) m.textContent = c.value;
    });
  }

  // a saved answer only goes back into a field of the same type
  function fits(veld, rec) {
    return !!rec && veld.getAttribute("data-type") === rec.type;
  }

  function record(id, type, value, old) {
    if (value === undefined) return undefined;
    var info = fields[id];
    return {
      waarde: value,
      gewijzigd: new Date().toISOString(),
      type: type,
      label: info ? info.def.label : old ? old.label : id,
      werkblad: info ? info.werkblad : old ? old.werkblad : null,
      kaart: info ? info.kaart : old ? old.kaart : null
    };
  }

  function saveField(veld) {
    var id = veld.getAttribute("data-veld"), type = veld.getAttribute("data-type");
    var value = readValue(veld), old = records[id];
    if (old && value !== undefined && JSON.stringify(old.waarde) === JSON.stringify(value)) return;
    if (value === undefined) delete records[id];
    else records[id] = record(id, type, value, old);
    persist(id);
    notify("antwoord");
  }
  A.bewaarVeld = saveField;

  A.zetFoto = function (veld, dataUrl) {
    var id = veld.getAttribute("data-veld");
    var caption = veld.querySelector("[name='" + id + ".bijschrift']");
    var value = schoon("foto", { bijschrift: caption ? caption.value : "", foto: dataUrl });
    if (value === undefined) delete records[id];
    else records[id] = record(id, "foto", value, records[id]);
    persist(id);
    savePhoto(id, dataUrl);
    A.toonFoto(veld, dataUrl);
    notify("antwoord");
  };

  function fieldsById() {
    var map = Object.create(null);
    each(document.querySelectorAll("[data-veld]"), function (veld) {
      map[veld.getAttribute("data-veld")] = veld;
    });
    return map;
  }

  /* ---- starting: read what was saved and put it back ---- */

  function readStored() {
    var keys = [];
    for (var i = 0; i < storage.length; i++) keys.push(storage.key(i));
    each(keys, function (key) {
      if (!key || key.indexOf(prefix) !== 0) return;
      var rest = key.slice(prefix.length), parsed;
      try { parsed = JSON.parse(storage.getItem(key)); } catch (err) { return; }
      if (rest === "leerling") {
        leerling = Opstage.antwoordbestand.leerling(parsed);
      } else if (rest.indexOf("a:") === 0) {
        var rec = Opstage.antwoordbestand.record(parsed);
        if (rec) {
          if (parsed.idb) rec.idb = true;
          records[rest.slice(2)] = rec;
        }
      }
    });
  }

  function restorePhotos(byId) {
    each(Object.keys(records), function (id) {
      var rec = records[id];
      if (!rec.idb) return;
      delete rec.idb;
      photoStore("readonly", function (s) { return s.get(id); }, function (ok, dataUrl) {
        if (!ok || typeof dataUrl !== "string" || records[id] !== rec) return;
        var clean = schoon("foto", { bijschrift: rec.waarde.bijschrift, foto: dataUrl });
        if (!clean) return;
        rec.waarde = clean;
        if (byId[id]) A.toonFoto(byId[id], clean.foto);
        notify("foto");
      });
    });
  }

  A.start = function () {
    if (started) return;
    var data = Opstage.data;
    if (!data || !data.sleutel) return;
    started = true;
    prefix = "opstage:" + data.sleutel + ":";
    each(data.kaarten || [], function (k) {
      if (k.vraag) fields[k.vraag.id] = { def: k.vraag, werkblad: null, kaart: k.nummer };
    });
    each(data.werkbladen || [], function (w) {
      each(w.velden || [], function (f) { fields[f.id] = { def: f, werkblad: w.nummer, kaart: null }; });
    });
    storage = openStorage();
    if (!storage) problem = "geen";
    else readStored();
    var byId = fieldsById();
    each(Object.keys(byId), function (id) {
      var veld = byId[id];
      if (veld.getAttribute("data-type") === "tabel") veld.setAttribute("data-rijen", rows(veld).length);
      mirrors(veld);
      if (fits(veld, records[id])) setValue(veld, records[id].waarde);
    });
    restorePhotos(byId);
    document.addEventListener("input", onInput);
    document.addEventListener("change", onInput);
    document.addEventListener("click", onClick);
    window.addEventListener("storage", onStorage);
    if (window.performance && performance.mark) performance.mark("opstage:antwoorden-hersteld");
  };

  function onInput(event) {
    var veld = veldOf(event.target);
    if (!veld || event.target.type === "file") return;
    if (event.target.nextElementSibling) updateMirrors(event.target.parentNode);
    saveField(veld);
  }

  function onClick(event) {
    var button = event.target.closest && event.target.closest("[data-actie='rij-toevoegen']");
    var veld = veldOf(button);
    if (!veld) return;
    var row = addRow(veld);
    var first = row && row.querySelector("input, textarea");
    if (first) first.focus();
  }

  // the same site open in another tab: keep this tab up to date
  function onStorage(event) {
    if (!event.key || event.key.indexOf(prefix + "a:") !== 0 || event.storageArea !== storage) return;
    var id = event.key.slice(prefix.length + 2), rec = null;
    try { rec = Opstage.antwoordbestand.record(JSON.parse(event.newValue)); } catch (err) { rec = null; }
    var old = records[id];
    if (rec && rec.type === "foto" && old) rec.waarde.foto = rec.waarde.foto || old.waarde.foto;
    if (rec) records[id] = rec;
    else delete records[id];
    var veld = fieldsById()[id];
    if (veld && (!rec || fits(veld, rec))) setValue(veld, rec && rec.waarde);
    notify("antwoord");
  }

  /* ---- for the buttons and the answer file ---- */

  A.sleutel = function () { return Opstage.data && Opstage.data.sleutel; };
  A.veld = function (id) { return fields[id]; };

  // every answer, including answers to fields no longer in the content
  A.alle = function () {
    var copy = Object.create(null);
    for (var id in records) copy[id] = records[id];
    return copy;
  };

  A.leerling = function () { return { naam: leerling.naam, klas: leerling.klas }; };

  A.zetLeerling = function (naam, klas) {
    leerling = { naam: String(naam || ""), klas: String(klas || "") };
    write("leerling", leerling.naam || leerling.klas ? leerling : null);
    notify("leerling");
  };

  // answers loaded from a file replace those for the same fields
  A.vervang = function (nieuw, wie) {
    var byId = fieldsById();
    each(Object.keys(nieuw), function (id) {
      var rec = nieuw[id], info = fields[id];
      if (info && info.def.type === rec.type) {
        rec.werkblad = info.werkblad;
        rec.kaart = info.kaart;
      }
      records[id] = rec;
      persist(id);
      if (rec.type === "foto") savePhoto(id, rec.waarde.foto);
      if (byId[id] && fits(byId[id], rec)) setValue(byId[id], rec.waarde);
    });
    if (wie && (wie.naam || wie.klas)) A.zetLeerling(wie.naam, wie.klas);
    notify("antwoord");
  };

  // remove every trace of this student from the browser
  A.wis = function () {
    if (storage) {
      var keys = [];
      for (var i = 0; i < storage.length; i++) keys.push(storage.key(i));
      each(keys, function (key) {
        if (key && key.indexOf(prefix) === 0) storage.removeItem(key);
      });
    }
    if (db) db.close();
    db = null;
    dbState = "";
    try { window.indexedDB.deleteDatabase(prefix + "fotos"); } catch (err) { /* nothing stored there */ }
    records = Object.create(null);
    leerling = { naam: "", klas: "" };
    if (problem === "vol") problem = "";
    var byId = fieldsById();
    each(Object.keys(byId), function (id) { setValue(byId[id], undefined); });
    notify("probleem");
    notify("leerling");
    notify("antwoord");
  };

  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-veld], [data-module='leerling']")) A.start();
  });
})();
