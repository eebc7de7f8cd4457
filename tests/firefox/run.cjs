// Runs one Firefox scenario: Debian's firefox-esr on file:// with the strict
// file origin policy real users have (each HTML file its own storage).
// run(async ({page, check, show}) => { ... }): check(ok, what) collects
// failures; page errors count as one. Exit 0 "ok", 1 failures, 2 a crash.
"use strict";
const path = require("path");
const puppeteer = require(path.join(__dirname, "..", "..", "node_modules", "puppeteer-core"));

module.exports = function run(scenario) {
  (async () => {
    const browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: process.env.FIREFOX || "/usr/bin/firefox-esr",
      extraPrefsFirefox: { "security.fileuri.strict_origin_policy": true },
    });
    const failures = [];
    const check = (ok, what) => { if (!ok) failures.push(what); };
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      const show = (view) => page.evaluate((v) => { location.hash = v; }, view);
      await scenario({ page, check, show });
      check(errors.length === 0, "page errors: " + errors.join("; "));
    } finally {
      await browser.close();
    }
    if (failures.length) {
      console.error(failures.join("\n"));
      process.exit(1);
    }
    console.log("ok");
  })().catch((err) => { console.error(err); process.exit(2); });
};
