/* Op stage: a small zip writer for "Download alle feedback" on Nakijken.
 *
 * Opstage.zip([{naam, tekst}]) -> Blob (application/zip). Every file is
 * stored as it is (method 0, "store": no compression), with its CRC-32,
 * its name in UTF-8 (flag bit 11) and today's date; then the central
 * directory and the end record (PKWARE APPNOTE 4.3). No zip64, so the whole
 * zip stays below 4 GB and 65535 files, far above a class of feedback files.
 * Why not a library: the well-kept ones (JSZip, fflate) weigh 25-100 KB,
 * the page's budget is 80 KB of CSS and JS, and feedback files are small
 * text that needs no compression. tests/browser/test_teacher_feedback.py
 * reads the zip back with Python's zipfile.
 */
(function () {
  "use strict";
  var O = (window.Opstage = window.Opstage || {});

  var TABEL = [];
  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    TABEL[n] = c >>> 0;
  }
  function crc32(bytes) {
    var c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) c = TABEL[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }

  // little-endian fields: [value, bytes] pairs -> Uint8Array
  function velden(lijst) {
    var len = lijst.reduce(function (s, f) { return s + f[1]; }, 0), out = new Uint8Array(len), p = 0;
    lijst.forEach(function (f) {
      for (var i = 0; i < f[1]; i++) out[p++] = (f[0] / Math.pow(256, i)) & 0xff;
    });
    return out;
  }

  O.zip = function (files, nu) {
    nu = nu || new Date();
    var tijd = (nu.getHours() << 11) | (nu.getMinutes() << 5) | (nu.getSeconds() >> 1);
    var datum = ((nu.getFullYear() - 1980) << 9) | ((nu.getMonth() + 1) << 5) | nu.getDate();
    var enc = new TextEncoder(), delen = [], centraal = [], plek = 0;
    files.forEach(function (f) {
      var naam = enc.encode(f.naam), data = enc.encode(f.tekst), crc = crc32(data);
      // version 2.0, flag 0x0800 (UTF-8 name), method 0, time, date, crc, sizes, name length, extra length
      var gemeen = [[20, 2], [0x0800, 2], [0, 2], [tijd, 2], [datum, 2], [crc, 4], [data.length, 4], [data.length, 4], [naam.length, 2], [0, 2]];
      var kop = velden([[0x04034b50, 4]].concat(gemeen));
      delen.push(kop, naam, data);
      centraal.push(velden([[0x02014b50, 4], [20, 2]].concat(gemeen, [[0, 2], [0, 2], [0, 2], [0, 4], [plek, 4]])), naam);
      plek += kop.length + naam.length + data.length;
    });
    var grootte = centraal.reduce(function (s, b) { return s + b.length; }, 0);
    var eind = velden([[0x06054b50, 4], [0, 2], [0, 2], [files.length, 2], [files.length, 2], [grootte, 4], [plek, 4], [0, 2]]);
    return new Blob(delen.concat(centraal, [eind]), { type: "application/zip" });
  };
})();
