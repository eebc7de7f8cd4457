/* Op stage: answers are never lost. Each answer is saved on every change in
   localStorage under "opstage:<sleutel>:a:<id>" and put back on load (photos
   in IndexedDB). What cannot be stored (storage full) stays in memory, in
   every download, and is stored as soon as there is room again. Tabs of the
   site keep each other up to date through storage events. An answer that no
   longer fits its field (the content changed) is shown beside it as "Je
   eerdere antwoord" until the student removes it. Records and keys as in
   docs/answer-file.md; the field types are in veldtypes.js. */
(function () {
  "use strict";
  var O = (window.Opstage = window.Opstage || {});
  var A = (O.antwoorden = O.antwoorden || {});
  var B, V, H, pre, velden, recs = Object.create(null), wie = { naam: "", klas: "" };
  var store = null, wacht = Object.create(null), timer = 0, subs = [], fotos, noDb;

  var each = O.hulp.each;
  function notify(what) { each(subs, function (fn) { fn(what); }); }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function now() { return new Date().toISOString(); }
  A.op = function (fn) { subs.push(fn); };
  // "" all is stored; "geen" nothing can be stored; "vol" something is not stored yet
  A.probleem = function () { return !store ? "geen" : Object.keys(wacht).length ? "vol" : ""; };

  /* ---- storage: what does not fit waits in memory and is tried again ---- */

  function put(key, json) {
    if (json == null) store.removeItem(pre + key);
    else store.setItem(pre + key, json);
  }
  function write(key, value) {
    if (!store) return;
    var before = A.probleem();
    wacht[key] = value == null ? null : JSON.stringify(value);
    retry();
    if (A.probleem() !== before) notify("probleem");
  }
  function retry() {
    Object.keys(wacht).forEach(function (key) {
      try {
        put(key, wacht[key]);
        delete wacht[key];
      } catch (e) { /* still no room: it stays in wacht */ }
    });
    var waiting = Object.keys(wacht).length;
    if (waiting && !timer) timer = setInterval(function () {
      retry();
      if (!Object.keys(wacht).length) notify("probleem");
    }, 2000);
    if (!waiting && timer) timer = clearInterval(timer) || 0;
  }

  function persist(id) {
    var r = recs[id], copy = r && Object.assign({ v: 2 }, r);
    if (r && r.type === "foto" && r.waarde && r.waarde.foto && !noDb) {
      copy.waarde = { bijschrift: r.waarde.bijschrift, foto: null }; // the photo itself is in IndexedDB
      copy.idb = 1;
    }
    write("a:" + id, copy);
  }

  /* An IndexedDB database with one store (for photos here, for the file
     handle in antwoorden-bestand.js): doe(mode, act) is a promise of the
     result of act(store)'s request; weg() deletes the database. A tab lets
     go on versionchange, so another tab's delete is not blocked. */
  A.db = function (naam, winkel) {
    var dbp = null;
    return {
      doe: function (mode, act) {
        dbp = dbp || new Promise(function (ok) {
          var q = indexedDB.open(naam, 1);
          q.onupgradeneeded = function () { q.result.createObjectStore(winkel); };
          q.onsuccess = function () {
            q.result.onversionchange = function () { q.result.close(); dbp = null; };
            ok(q.result);
          };
          q.onerror = q.onblocked = function () { ok(null); };
        });
        return dbp.then(function (db) {
          return new Promise(function (ok, no) {
            var tx = db.transaction(winkel, mode), q = act(tx.objectStore(winkel));
            tx.oncomplete = function () { ok(q.result); };
            tx.onerror = tx.onabort = no;
          });
        });
      },
      weg: function () {
        var db = dbp;
        dbp = null;
        (db || Promise.resolve(null)).then(function (d) {
          if (d) d.close();
          indexedDB.deleteDatabase(naam);
        })["catch"](function () {});
      }
    };
  };
  function idb(mode, act) { return fotos.doe(mode, act); }

  // the photo into IndexedDB; a promise that settles when it is there (or in
  // localStorage, where IndexedDB fails)
  function savePhoto(id, url) {
    return idb("readwrite", function (s) { return url ? s.put(url, id) : s["delete"](id); })["catch"](function () {
      noDb = 1; // keep the photo in localStorage instead
      if (recs[id]) persist(id);
    });
  }

  /* A record whose photo is in IndexedDB gets it from there. At start a
     photo that is gone leaves nothing; told by another tab, it may still be
     on its way, so it is asked once more and never removed from here. */
  function loadPhoto(id, vanAnder) {
    idb("readonly", function (s) { return s.get(id); }).then(function (url) {
      var r = recs[id], f = B.schoon("foto", { foto: url });
      if (!r || r.type !== "foto" || (r.waarde && r.waarde.foto)) return;
      if (f) {
        r.waarde = { bijschrift: (r.waarde && r.waarde.bijschrift) || "", foto: f.foto }; // the caption may have been typed meanwhile
        show(id);
      } else if (vanAnder) {
        if (vanAnder < 3) setTimeout(function () { loadPhoto(id, vanAnder + 1); }, 500);
      } else if (!r.waarde || !r.waarde.bijschrift) {
        delete recs[id]; // its photo is gone: nothing left
        write("a:" + id, null);
        notify("antwoord");
      }
    }, function () {});
  }

  /* ---- records ---- */

  // a record from storage; a photo kept in IndexedDB may have nothing else yet
  function fromStore(json, id) {
    var r, rec;
    try { r = JSON.parse(json); } catch (e) { return null; }
    if (!H.isObj(r)) return null;
    rec = B.record(r);
    if (!rec && r.idb === 1 && r.type === "foto") rec = { waarde: undefined, gewijzigd: String(r.gewijzigd || ""), type: "foto", label: "", werkblad: null, kaart: null };
    if (!rec) return null;
    if (r.v !== 2) rec.oud = 1; // saved by versie 1: choices by their text
    if (r.idb === 1) rec.idb = 1;
    var f = velden[id];
    if (rec.oud) B.uitVersie1(rec, f && f.def);
    return rec;
  }

  // an answer to a field that is still there takes its current text and place
  function snap(id, r) {
    var f = velden[id];
    if (f && f.def.type === r.type) {
      r.label = f.def.label;
      r.werkblad = f.werkblad || null;
      r.kaart = f.kaart || null;
      B.namen(r, f.def);
    }
    return r;
  }

  // r as an earlier answer: only what is needed to show it
  function alsEerder(r) {
    var e = { waarde: r.waarde, type: r.type, label: r.label, gewijzigd: r.gewijzigd };
    if (r.namen) e.namen = r.namen;
    return e;
  }

  // earlier answers without doubles, and none equal to the answer itself
  function uniek(list, r) {
    var seen = [JSON.stringify([r.type, r.waarde])];
    return list.filter(function (e) {
      var k = JSON.stringify([e.type, e.waarde]);
      if (e.waarde === undefined || seen.indexOf(k) >= 0) return false;
      seen.push(k);
      return true;
    }).slice(0, 20);
  }

  function setRecord(id, r) {
    if (r) {
      if (r.eerder && !(r.eerder = uniek(r.eerder, r)).length) delete r.eerder;
      if (r.waarde === undefined && !r.eerder) r = null;
    }
    if (r) recs[id] = snap(id, r);
    else delete recs[id];
    persist(id);
    notify("antwoord");
  }

  // the student changed field veld: its new value, keeping what did not fit
  function save(veld) {
    var id = veld.getAttribute("data-veld"), f = velden[id], old = recs[id];
    if (!f) return;
    var v = V.type(f.def.type).lees(veld);
    if (old && old.type === f.def.type && same(old.waarde, v)) return;
    var eerder = (old && old.eerder) || [];
    if (old && old.waarde !== undefined && V.past(old, f.def).rest) eerder = [alsEerder(old)].concat(eerder);
    setRecord(id, { waarde: v, gewijzigd: now(), type: f.def.type, label: f.def.label, eerder: eerder });
    toonEerder(veld, recs[id]);
  }

  /* ---- the page: fields, and what no longer fits ---- */

  var map = null;
  function fieldEl(id) {
    if (!map) {
      map = Object.create(null);
      each(document.querySelectorAll("[data-veld]"), function (v) { map[v.getAttribute("data-veld")] = v; });
    }
    return map[id];
  }

  // put answer id (or nothing) into its field on this page; an answer
  // without a field is one of the answers to removed questions
  function show(id) {
    var veld = fieldEl(id), f = velden[id], r = recs[id];
    if (!veld || !f) return oudeAntwoorden();
    var p = r ? V.past(r, f.def) : {};
    V.type(f.def.type).zet(veld, p.waarde);
    mirror(veld);
    toonEerder(veld, r);
  }

  // print-only copies of the text boxes, so long answers print in full
  function mirror(veld) {
    each(veld.querySelectorAll("textarea,input[type=text]"), function (c) {
      var m = c.nextElementSibling;
      if (!m || m.className !== "afdruk-tekst") {
        m = document.createElement("div");
        m.className = "afdruk-tekst";
        if (c.rows > 1) m.style.minHeight = c.rows * 1.5 + "em";
        c.after(m);
      }
      m.textContent = c.value;
    });
  }

  function box(parent, titel, entries, id) {
    var d = document.createElement("div"), def = velden[id] && velden[id].def;
    d.className = "eerder";
    d.setAttribute("data-eerder", id);
    var kop = d.appendChild(document.createElement("p"));
    kop.className = "eerder__kop";
    kop.textContent = titel;
    entries.forEach(function (e) {
      var p = d.appendChild(document.createElement("p"));
      p.className = "eerder__tekst";
      p.textContent = V.tekst(e, def);
    });
    var uitleg = d.appendChild(document.createElement("p"));
    uitleg.textContent = "Dit antwoord gaf je eerder. Het blijft bewaard en staat in elk bestand dat je downloadt. Heb je het niet meer nodig? Haal het dan weg.";
    var b = d.appendChild(document.createElement("button"));
    b.type = "button";
    b.className = "knop knop--licht knop--klein";
    b.setAttribute("data-actie", "eerder-weg");
    b.textContent = "Weghalen";
    parent.appendChild(d);
  }

  // earlier answers of a field, and its answer itself if it no longer fits
  function toonEerder(veld, r) {
    var id = veld.getAttribute("data-veld"), old = veld.querySelector("[data-eerder]"), f = velden[id];
    if (old) old.remove();
    if (!r || !f) return;
    var entries = (V.past(r, f.def).rest ? [r] : []).concat(r.eerder || []);
    if (entries.length) box(veld, entries.length > 1 ? "Je eerdere antwoorden" : "Je eerdere antwoord", entries, id);
  }

  // answers to questions that were removed from the content: on their
  // werkblad or card if it is still there, else on the start page
  function oudeAntwoorden() {
    each(document.querySelectorAll("[data-eerder-los]"), function (d) { d.remove(); });
    Object.keys(recs).forEach(function (id) {
      var r = recs[id];
      if (velden[id] || fieldEl(id)) return;
      var plek = (r.werkblad && document.querySelector('.view[data-werkblad="' + r.werkblad + '"] .werkblad__velden')) ||
        (r.kaart && document.querySelector('.view[data-kaart="' + r.kaart + '"] .tekst')) || document.querySelector("#start [data-module=leerling]");
      if (!plek) return;
      var wrap = document.createElement("div");
      wrap.setAttribute("data-eerder-los", id);
      box(wrap, "Je eerdere antwoord bij een vraag die er niet meer is: " + (r.label || id), (r.waarde !== undefined ? [r] : []).concat(r.eerder || []), id);
      plek.appendChild(wrap);
    });
  }

  function weghalen(id) {
    var r = recs[id], f = velden[id];
    if (!r) return;
    var p = f && V.past(r, f.def), n = f && Object.assign({}, r, { waarde: p.waarde, gewijzigd: now() });
    if (n) delete n.eerder;
    setRecord(id, n || null); // a removed question's answer goes whole
    show(id);
  }

  /* ---- photos ---- */

  /* The photo is stored first, then shown and its record saved: a photo on
     the screen is a photo kept, and a tab that hears of the record finds it. */
  function setPhoto(veld, url) {
    savePhoto(veld.getAttribute("data-veld"), url).then(function () {
      V.type("foto").toonFoto(veld, url);
      save(veld);
    });
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

  // one stored key (at start, or changed by another tab) into memory
  function readKey(key, json, vanAnder) {
    var name = key.slice(pre.length), id = name.slice(2);
    if (name === "leerling") {
      try { wie = B.leerling(JSON.parse(json)); } catch (e) { wie = B.leerling(null); }
      return "leerling";
    }
    if (name.indexOf("a:") !== 0 || !/^[a-z0-9-]+$/.test(id)) return "";
    var rec = json == null ? null : fromStore(json, id);
    if (rec) {
      var oud = rec.oud, viaIdb = rec.idb;
      delete rec.oud;
      delete rec.idb;
      recs[id] = snap(id, rec);
      if (viaIdb) loadPhoto(id, vanAnder ? 1 : 0); // (a photo has no choices to turn into ids)
      else if (oud) persist(id); // now stored by id, so a later rewording changes nothing
    } else {
      delete recs[id];
    }
    return id;
  }

  A.start = function () {
    if (document.documentElement.hasAttribute("data-blanco")) return; // the blank print view (enable.js): no answers in or out
    var data = O.data;
    if (pre || !data || !data.sleutel) return;
    B = O.antwoordbestand;
    V = O.veld;
    H = O.hulp;
    pre = "opstage:" + data.sleutel + ":";
    velden = B.velden(data);
    fotos = A.db(pre + "fotos", "f");
    try {
      store = localStorage;
      store.setItem(pre + "test", 1);
      store.removeItem(pre + "test");
    } catch (e) {
      store = null;
    }
    if (store) each(keys(), function (key) { readKey(key, store.getItem(key)); });
    each(document.querySelectorAll("[data-veld]"), function (veld) {
      var id = veld.getAttribute("data-veld"), f = velden[id], r = recs[id];
      if (!f) return;
      if (f.def.type === "tabel") veld.setAttribute("data-rijen", veld.querySelectorAll("tbody>.tabel__rij").length);
      if (r) {
        var p = V.past(r, f.def);
        if (p.waarde !== undefined) V.type(f.def.type).zet(veld, p.waarde);
        if (p.rest || r.eerder) toonEerder(veld, r);
      }
      mirror(veld);
    });
    oudeAntwoorden();
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist()["catch"](function () {});
    document.addEventListener("input", onInput);
    document.addEventListener("change", onInput);
    document.addEventListener("click", onClick);
    window.addEventListener("storage", onStorage);
    // answers that could not be stored are lost when the page closes: warn
    window.addEventListener("beforeunload", function (e) {
      if (A.probleem() !== "vol") return;
      e.preventDefault();
      e.returnValue = "";
    });
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
    var b = e.target.closest && e.target.closest("[data-actie]"), actie = b && b.getAttribute("data-actie");
    var veld = b && b.closest("[data-veld]"), los = b && b.closest("[data-eerder]");
    if (actie === "eerder-weg" && los) {
      var id = los.getAttribute("data-eerder"), next = los.parentNode.closest("[data-veld]") || document.getElementById("start");
      weghalen(id);
      if (veld) veld.querySelector("input,textarea").focus();
      else if (next) next.focus();
    } else if (!veld) {
      return;
    } else if (actie === "foto-weg") {
      setPhoto(veld, null);
      veld.querySelector("input[type=file]").focus();
    } else if (actie === "rij-toevoegen") {
      var rij = V.type("tabel").rijErbij(veld);
      mirror(rij);
      rij.querySelector("input,textarea").focus();
    }
  }

  // another tab changed storage: take it over, field by field
  function onStorage(e) {
    if (!store || e.storageArea !== store || !e.key || e.key.indexOf(pre) !== 0) return;
    if (e.key === pre + "gewist") {
      if (e.newValue) leeg();
      return;
    }
    delete wacht[e.key.slice(pre.length)]; // the later edit, in the other tab, wins
    var id = readKey(e.key, e.newValue, true);
    if (id === "leerling") return notify("leerling");
    if (!id) return;
    show(id);
    notify("antwoord");
    retry(); // the other tab may have made room
  }

  /* ---- for the buttons and the answer file ---- */

  A.sleutel = function () { return O.data.sleutel; };
  A.veld = function (id) { return velden[id]; };
  A.alle = function () { return Object.assign(Object.create(null), recs); };
  A.leerling = function () { return Object.assign({}, wie); };
  // answered: has a value (not only earlier answers)
  A.beantwoord = function (id) { return !!recs[id] && recs[id].waarde !== undefined; };

  A.zetLeerling = function (naam, klas) {
    wie = { naam: naam, klas: klas };
    write("leerling", naam || klas ? wie : null);
    notify("leerling");
  };

  // answers from a file of another student (after wiping) or of nobody yet
  A.neem = function (nieuw, l) {
    Object.keys(nieuw).forEach(function (id) {
      setRecord(id, nieuw[id]);
      if (nieuw[id].type === "foto" && nieuw[id].waarde) savePhoto(id, nieuw[id].waarde.foto);
      show(id);
    });
    if (l.naam || l.klas) A.zetLeerling(l.naam, l.klas);
  };

  /* Answers from this student's own file, answer by answer: the newer
     (gewijzigd) wins and the other is kept as an earlier answer, so an old
     file never wipes newer typing. */
  A.voegSamen = function (nieuw, l) {
    Object.keys(nieuw).forEach(function (id) {
      var a = recs[id], b = nieuw[id];
      if (a && same(a, b)) return;
      var w = !a || b.gewijzigd > a.gewijzigd ? b : a, other = w === a ? b : a;
      var r = Object.assign({}, w, { eerder: [].concat(other ? [alsEerder(other)] : [], (a && a.eerder) || [], b.eerder || []) });
      setRecord(id, r);
      if (w === b && b.type === "foto" && b.waarde) savePhoto(id, b.waarde.foto);
      show(id);
    });
    if (!wie.naam && l.naam) A.zetLeerling(l.naam, l.klas);
  };

  // memory and page without answers (after a wipe here or in another tab)
  function leeg() {
    notify("gewist"); // first, so nothing writes the emptied answers anywhere
    recs = Object.create(null);
    wacht = Object.create(null);
    retry();
    wie = { naam: "", klas: "" };
    each(document.querySelectorAll("[data-veld]"), function (veld) {
      var id = veld.getAttribute("data-veld");
      if (velden[id]) show(id);
    });
    oudeAntwoorden();
    notify("antwoord");
    notify("leerling");
    notify("probleem");
  }

  // every trace of this student, in every tab: saved keys, photos, naam and klas
  A.wis = function () {
    if (store) {
      each(keys(), function (k) { try { store.removeItem(k); } catch (e) { /* nothing to free */ } });
      try {
        store.setItem(pre + "gewist", now()); // tells the other tabs
        store.removeItem(pre + "gewist");
      } catch (e) { /* they still get the removed keys one by one */ }
    }
    fotos.weg();
    leeg();
  };

  // the freshest answers before a download: what other tabs stored meanwhile
  A.ververs = function () {
    if (store) each(keys(), function (key) {
      var name = key.slice(pre.length), json = store.getItem(key), mine = recs[name.slice(2)], r;
      if (name in wacht) return; // ours is newer and not stored yet
      if (name.indexOf("a:") === 0 && mine) {
        try { r = JSON.parse(json); } catch (e) { return; }
        if (!H.isObj(r) || !(String(r.gewijzigd) > mine.gewijzigd)) return; // ours is as new
      }
      var id = readKey(key, json, true);
      if (id && id !== "leerling") show(id);
    });
  };

  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-veld],[data-module=leerling]")) A.start();
  });
})();
