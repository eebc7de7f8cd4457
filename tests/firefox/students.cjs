// Firefox (Debian firefox-esr) on file://, strict file origin policy: a
// content edit after answers exist (the site rebuilt in place) loses nothing,
// and another student's file never mixes with the answers of this one.
// Usage: node tests/firefox/students.cjs <built site folder> <other student's file> <rebuild command as JSON>
"use strict";
const path = require("path");
const { execFileSync } = require("child_process");
const { pathToFileURL } = require("url");
const run = require("./run.cjs");

const [site, lisaFile, rebuild] = process.argv.slice(2);
const index = pathToFileURL(path.resolve(site, "index.html")).href;

run(async ({ page, check, show }) => {
  const ready = () => page.waitForFunction(() => window.Opstage && document.querySelector(".antwoorden"));
  const eerder = (veld) => page.evaluate((v) => Array.from(document.querySelectorAll("#veld-" + v + " [data-eerder] .eerder__tekst"))
    .map((p) => p.textContent), veld);

  await page.goto(index);
  await ready();
  await page.type("#leerling-naam", "Sam");
  await page.type("#leerling-klas", "3B");
  await show("werkblad-1");
  await page.click("#v-wb1-kleur-blauw");
  await page.click("#v-wb1-dagen-maandag");
  await page.click("#v-wb1-dagen-woensdag");
  await page.type("[name='wb1-verhaal']", "Eerste regel");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Tweede regel");

  // the editor rewords an option, removes one and changes a type, then rebuilds in place
  const [cmd, ...args] = JSON.parse(rebuild);
  execFileSync(cmd, args, { stdio: "pipe" });
  await page.reload();
  await ready();
  await show("werkblad-1");
  const after = await page.evaluate(() => ({
    kleur: document.querySelector("#v-wb1-kleur-blauw").checked,
    kleurTekst: document.querySelector("label[for='v-wb1-kleur-blauw']").textContent,
    maandag: document.querySelector("#v-wb1-dagen-maandag").checked,
    verhaal: document.querySelector("[name='wb1-verhaal']").value,
  }));
  check(after.kleur && after.kleurTekst === "Donkerblauw", "reworded option lost: " + JSON.stringify(after));
  check(after.maandag, "a choice that still exists is lost");
  const dagen = await eerder("wb1-dagen");
  check(dagen.length === 1 && dagen[0] === "Maandag\nWoensdag", "removed option not kept as earlier answer: " + JSON.stringify(dagen));
  const verhaal = await eerder("wb1-verhaal");
  check(after.verhaal === "" && verhaal[0] === "Eerste regel\nTweede regel", "two lines into one line field: " + JSON.stringify([after.verhaal, verhaal]));

  // Lisa's file: a dialog names both students; wipe Sam, then Lisa's answers only
  await show("start");
  const [chooser] = await Promise.all([
    page.waitForFileChooser(),
    page.evaluate(() => Array.from(document.querySelectorAll("#start button")).find((b) => b.textContent === "Verder werken met een bestand").click()),
  ]);
  await chooser.accept([path.resolve(lisaFile)]);
  await page.waitForSelector("dialog[open]");
  const text = await page.evaluate(() => document.querySelector("dialog[open]").textContent);
  check(text.includes("Sam (3B)") && text.includes("Lisa (3A)"), "dialog does not name both students: " + text);
  await page.evaluate(() => Array.from(document.querySelectorAll("dialog[open] button"))
    .find((b) => b.textContent.startsWith("Wis de antwoorden van Sam")).click());
  await page.waitForFunction(() => document.querySelector("#leerling-naam").value === "Lisa");
  const lisa = await page.evaluate(() => ({
    ids: Object.keys(Opstage.antwoorden.alle()),
    tip: document.querySelector("[name='wb2-tip']").value,
  }));
  check(lisa.ids.join() === "wb2-tip" && lisa.tip === "Lisa's tip", "answers of two students mixed: " + JSON.stringify(lisa));
});
