/* Op stage: the field types in the browser, one entry per type
   (docs/answer-file.md). Each type knows how to
     schoon(v)          check a value and bring it to its normal form
                        (undefined when empty or of the wrong shape),
     lees(veld)         read the value from its field on the page,
     zet(veld, v)       put a value into its field,
     past(v, def)       the part of a value the field `def` of today can show,
                        and whether something is left over ({waarde, rest}),
     uitTekst(v, def)   turn a value of answer files of versie 1 (choices
                        stored by their text) into ids, by today's texts,
     toon(v, def, namen) the value for people, as {tekst}, {lijst},
                        {tabel: {kop, rijen}} or {foto, bijschrift},
     namen(v, def)      the texts of the ids in a value, kept with the answer
                        so it can still be shown after the content changed.
   Opstage.veld holds what is the same for every type: type(name), and
   past/tekst/toon of a whole answer record against today's field.
   The markup of a type is its branch of templates/macros/fields.html, its
   content keys are in opstage_build/content/fieldtypes.py. */
(function () {
  "use strict";
  var O = (window.Opstage = window.Opstage || {});
  var T = (O.veldtypes = Object.create(null));
  var MAAND = " januari februari maart april mei juni juli augustus september oktober november december".split(" ");
  var FOTO = /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+\/=]+$/;

  /* ---- small helpers, also for the other scripts ---- */

  function isObj(v) { return !!v && typeof v === "object" && !Array.isArray(v); }
  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  // a map from content ids; a key such as "constructor" is just a key
  function kaart(pairs) {
    var m = Object.create(null);
    (pairs || []).forEach(function (p) { m[p[0]] = p[1]; });
    return m;
  }
  // {k: string} with the empty values left out, or null if not of that shape
  function strMap(o) {
    if (!isObj(o)) return null;
    var out = Object.create(null);
    for (var k in o) {
      if (!own(o, k)) continue;
      if (typeof o[k] !== "string" || k === "__proto__") return null;
      if (o[k]) out[k] = o[k];
    }
    return out;
  }
  function some(o) { return Object.keys(o).length ? o : undefined; }
  function strs(v) { return Array.isArray(v) && v.every(function (s) { return typeof s === "string"; }); }
  function datum(s) {
    var m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s);
    return m && MAAND[+m[2]] ? +m[3] + " " + MAAND[+m[2]] + " " + m[1] : s;
  }
  function each(list, fn) { for (var i = 0; i < list.length; i++) fn(list[i], i); }
  // the inputs of a field that carry its answer (not the file input of a photo)
  function inputs(root) {
    var out = [];
    each(root.querySelectorAll("input,textarea"), function (c) { if (c.name && c.type !== "file") out.push(c); });
    return out;
  }
  function rows(veld) { return veld.querySelectorAll("tbody>.tabel__rij"); }
  // a new element (with its class, text and parent when given), and a button that does fn
  function el(tag, cls, text, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return parent ? parent.appendChild(e) : e;
  }
  function knop(text, cls, parent, fn) {
    var b = el("button", "knop " + cls, text, parent);
    b.type = "button";
    b.onclick = fn;
    return b;
  }
  O.hulp = { isObj: isObj, kaart: kaart, strMap: strMap, datum: datum, each: each, inputs: inputs, el: el, knop: knop };

  // the text of an id: today's content, else the text kept with the answer
  function naam(id, vandaag, namen) { return vandaag[id] || (namen && namen[id]) || id; }

  /* ---- the types ---- */

  var tekst = {
    schoon: function (v) { return typeof v === "string" && v ? v : undefined; },
    lees: function (veld) { return tekst.schoon(inputs(veld)[0].value); },
    zet: function (veld, v) { inputs(veld)[0].value = v || ""; },
    past: function (v) { return { waarde: v, rest: false }; },
    toon: function (v) { return { tekst: v }; }
  };
  T.tekst = tekst;
  T.lang = tekst;
  T.datum = {
    schoon: tekst.schoon, lees: tekst.lees, zet: tekst.zet,
    past: function (v) { return /^\d{4}-\d\d-\d\d$/.test(v) ? { waarde: v, rest: false } : { rest: true }; },
    toon: function (v) { return { tekst: datum(v) }; }
  };

  // one radio button of a group: keuze (by option id) and schaal (a number)
  function radio(ids) {
    return {
      schoon: tekst.schoon,
      lees: function (veld) {
        var v;
        each(inputs(veld), function (c) { if (c.checked) v = c.value; });
        return v;
      },
      zet: function (veld, v) { each(inputs(veld), function (c) { c.checked = c.value === v; }); },
      past: function (v, def) { return ids(def).indexOf(v) >= 0 ? { waarde: v, rest: false } : { rest: true }; }
    };
  }
  T.keuze = radio(function (def) { return (def.opties || []).map(function (o) { return o[0]; }); });
  T.keuze.uitTekst = function (v, def) { return idVan(def.opties, v); };
  T.keuze.toon = function (v, def, namen) { return { tekst: naam(v, kaart(def.opties), namen) }; };
  T.keuze.namen = function (v, def) { return bekend([v], kaart(def.opties)); };

  T.schaal = radio(function (def) {
    var out = [];
    for (var n = def.min || 1; n <= (def.max || 5); n++) out.push(String(n));
    return out;
  });
  T.schaal.toon = function (v, def) { return { tekst: def.max ? v + " (van " + (def.min || 1) + " tot " + def.max + ")" : v }; };

  function idVan(pairs, text) {
    var hit = (pairs || []).filter(function (p) { return p[1] === text; })[0];
    return hit ? hit[0] : text;
  }
  // {id: text} of those ids that today's content names
  function bekend(ids, vandaag) {
    var out = Object.create(null);
    ids.forEach(function (id) { if (vandaag[id]) out[id] = vandaag[id]; });
    return some(out);
  }

  // ticked boxes: meerkeuze (option ids) and checklist (item ids)
  function vinkjes(key) {
    var t = {
      schoon: function (v) {
        return strs(v) && (v = v.filter(function (s, i) { return s && v.indexOf(s) === i; })).length ? v : undefined;
      },
      lees: function (veld) {
        var v = [];
        each(inputs(veld), function (c) { if (c.checked) v.push(c.value); });
        return t.schoon(v);
      },
      zet: function (veld, v) { each(inputs(veld), function (c) { c.checked = !!v && v.indexOf(c.value) >= 0; }); },
      past: function (v, def) {
        var known = kaart(def[key]), fit = v.filter(function (id) { return known[id]; });
        return { waarde: fit.length ? fit : undefined, rest: fit.length < v.length };
      },
      toon: function (v, def, namen) {
        var known = kaart(def[key]);
        return { lijst: v.map(function (id) { return naam(id, known, namen); }) };
      },
      namen: function (v, def) { return bekend(v, kaart(def[key])); }
    };
    return t;
  }
  T.meerkeuze = vinkjes("opties");
  T.meerkeuze.uitTekst = function (v, def) { return v.map(function (s) { return idVan(def.opties, s); }); };
  T.checklist = vinkjes("items");

  // stellingen: statement id -> option id
  T.stellingen = {
    schoon: function (v) { return some(strMap(v) || {}); },
    lees: function (veld) {
      var id = veld.getAttribute("data-veld"), v = {};
      each(inputs(veld), function (c) { if (c.checked) v[c.name.slice(id.length + 1)] = c.value; });
      return T.stellingen.schoon(v);
    },
    zet: function (veld, v) {
      var id = veld.getAttribute("data-veld");
      each(inputs(veld), function (c) {
        var s = c.name.slice(id.length + 1);
        c.checked = !!v && own(v, s) && v[s] === c.value;
      });
    },
    past: function (v, def) {
      var zinnen = kaart(def.stellingen), opties = kaart(def.opties), fit = Object.create(null), rest = false;
      Object.keys(v).forEach(function (s) {
        if (zinnen[s] && opties[v[s]]) fit[s] = v[s];
        else rest = true;
      });
      return { waarde: some(fit), rest: rest };
    },
    uitTekst: function (v, def) {
      var out = Object.create(null);
      Object.keys(v).forEach(function (s) { out[s] = idVan(def.opties, v[s]); });
      return out;
    },
    toon: function (v, def, namen) {
      var zinnen = kaart(def.stellingen), opties = kaart(def.opties);
      return { tabel: { kop: ["Zin", "Antwoord"], rijen: volgorde(def.stellingen, [v]).map(function (s) {
        return [naam(s, zinnen, namen), naam(v[s], opties, namen)];
      }) } };
    },
    namen: function (v, def) {
      var alle = kaart((def.stellingen || []).concat(def.opties || [])), ids = [];
      Object.keys(v).forEach(function (s) { ids.push(s, v[s]); });
      return bekend(ids, alle);
    }
  };

  // the ids of `pairs` in content order (all, or only those the objects use),
  // then any other keys of the objects
  function volgorde(pairs, objs, all) {
    var ids = (pairs || []).map(function (p) { return p[0]; });
    objs.forEach(function (o) { Object.keys(o).forEach(function (k) { if (ids.indexOf(k) < 0) ids.push(k); }); });
    return ids.filter(function (k, i) { return (all && i < pairs.length) || objs.some(function (o) { return own(o, k); }); });
  }

  // tabel: a list of rows, each column id -> text; empty rows between filled
  // ones keep their place, trailing ones go
  T.tabel = {
    schoon: function (v) {
      var rijen = Array.isArray(v) ? v.map(strMap) : [null];
      if (rijen.indexOf(null) >= 0) return undefined;
      while (rijen.length && !some(rijen[rijen.length - 1])) rijen.pop();
      return rijen.length ? rijen : undefined;
    },
    lees: function (veld) {
      var v = [];
      each(rows(veld), function (row) {
        var cells = {};
        each(inputs(row), function (c) { if (c.value) cells[c.name.split(".")[2]] = c.value; });
        v.push(cells);
      });
      return T.tabel.schoon(v);
    },
    zet: function (veld, v) {
      v = v || [];
      var keep = Math.max(+veld.getAttribute("data-rijen") || 0, v.length), all;
      while (rows(veld).length < keep) T.tabel.rijErbij(veld);
      while ((all = rows(veld)).length > keep) all[all.length - 1].remove();
      each(rows(veld), function (row, i) {
        each(inputs(row), function (c) {
          var k = c.name.split(".")[2];
          c.value = (v[i] && own(v[i], k) && v[i][k]) || "";
        });
      });
    },
    rijErbij: function (veld) {
      var tpl = veld.querySelector("template"), body = veld.querySelector("tbody");
      body.insertAdjacentHTML("beforeend", tpl.innerHTML.replace(/__rij__/g, rows(veld).length));
      return body.lastElementChild;
    },
    past: function (v, def) {
      var known = kaart((def.kolommen || []).map(function (k) { return [k.id, k]; })), rest = false;
      var fit = v.map(function (rij) {
        var out = {};
        Object.keys(rij).forEach(function (k) {
          if (known[k]) out[k] = rij[k];
          else rest = true;
        });
        return out;
      });
      return { waarde: T.tabel.schoon(fit), rest: rest };
    },
    toon: function (v, def, namen) {
      var pairs = (def.kolommen || []).map(function (k) { return [k.id, k]; }), kol = kaart(pairs);
      var ids = volgorde(pairs, v, true);
      return { tabel: {
        kop: ids.map(function (k) { return kol[k] ? kol[k].label : (namen && namen[k]) || k; }),
        rijen: v.map(function (rij) {
          return ids.map(function (k) {
            var c = own(rij, k) ? rij[k] : "";
            return kol[k] && kol[k].type === "datum" ? datum(c) : c;
          });
        })
      } };
    },
    namen: function (v, def) {
      var kol = kaart((def.kolommen || []).map(function (k) { return [k.id, k.label]; })), ids = [];
      v.forEach(function (rij) { Object.keys(rij).forEach(function (k) { ids.push(k); }); });
      return bekend(ids, kol);
    }
  };

  // foto: {bijschrift, foto: data URL or null}; the photo on the page is the
  // <img> in the field's preview
  T.foto = {
    schoon: function (v) {
      if (!isObj(v)) return undefined;
      var b = typeof v.bijschrift === "string" ? v.bijschrift : "", f = FOTO.test(v.foto) ? v.foto : null;
      return b || f ? { bijschrift: b, foto: f } : undefined;
    },
    lees: function (veld) {
      var img = veld.querySelector("[data-foto-voorbeeld] img");
      return T.foto.schoon({ bijschrift: inputs(veld)[0].value, foto: img && img.getAttribute("src") });
    },
    zet: function (veld, v) {
      inputs(veld)[0].value = (v && v.bijschrift) || "";
      T.foto.toonFoto(veld, v && v.foto);
    },
    toonFoto: function (veld, url) {
      var box = veld.querySelector("[data-foto-voorbeeld]"), label = veld.querySelector(".foto__kies");
      box.textContent = "";
      if (!label.title) label.title = label.textContent;
      label.textContent = url ? "Kies een andere foto" : label.title;
      if (!url) return;
      var img = box.appendChild(document.createElement("img"));
      // the photo pushes the button down: keep the button in view while it has the focus
      img.onload = function () { if (veld.contains(document.activeElement)) label.scrollIntoView({ block: "nearest" }); };
      img.src = url;
      img.alt = "Jouw foto";
      box.insertAdjacentHTML("beforeend", '<button type="button" class="knop knop--licht knop--klein" data-actie="foto-weg">Foto weghalen</button>');
    },
    past: function (v) { return { waarde: v, rest: false }; },
    toon: function (v) { return { foto: v.foto, bijschrift: v.bijschrift }; }
  };

  /* ---- the same for every type ---- */

  var V = (O.veld = {}), TEKST = { tekst: 1, lang: 1 };

  // the type of that name, or null
  V.type = function (type) { return typeof type === "string" && own(T, type) ? T[type] : null; };

  // the part of answer r that field def of today shows; rest: what does not fit
  V.past = function (r, def) {
    if (!def || r.waarde === undefined) return { waarde: undefined, rest: r.waarde !== undefined };
    if (def.type === r.type) return V.type(r.type).past(r.waarde, def);
    // text between one line and more lines moves along, unless lines would be lost
    if ((TEKST[r.type] && TEKST[def.type] && (def.type === "lang" || r.waarde.indexOf("\n") < 0))) {
      return { waarde: r.waarde, rest: false };
    }
    return { waarde: undefined, rest: true };
  };

  // an answer as plain text, for "Je eerdere antwoord" and the CSV
  V.tekst = function (r, def) {
    var t = V.type(r.type), d = def && def.type === r.type ? def : {}, s = t.toon(r.waarde, d, r.namen);
    if (s.lijst) return s.lijst.join("\n");
    if (s.tabel) {
      return s.tabel.rijen.map(function (rij) {
        return rij.map(function (c, i) { return s.tabel.kop[i] + ": " + c; }).join("; ");
      }).join("\n");
    }
    if (s.foto !== undefined) return (s.foto ? "[foto] " : "") + (s.bijschrift || "");
    return s.tekst;
  };

  // an answer for people as a structure (see toon above), with today's texts
  V.toon = function (r, def) {
    return V.type(r.type).toon(r.waarde, def && def.type === r.type ? def : {}, r.namen);
  };
})();
