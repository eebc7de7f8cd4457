// Firefox (Debian firefox-esr) on file://, with the strict file origin policy
// real users have: each HTML file has its own storage there, so everything a
// student fills in must live in index.html. Checks that card answers reach
// Doorgaan and that a werkblad, with a photo, survives a reload. Firefox has no
// File System Access API: no "Bewaar in een bestand", but a reminder of the
// answers that are in no file yet.
// Usage: node tests/firefox/answers.cjs <built site folder> <image file>
"use strict";
const path = require("path");
const { pathToFileURL } = require("url");
const run = require("./run.cjs");

const index = pathToFileURL(path.resolve(process.argv[2], "index.html")).href;

run(async ({ page, check, show }) => {
  const doorgaan = () => page.evaluate(() => Array.from(document.querySelectorAll("#start button"))
    .some((b) => b.textContent === "Doorgaan" && b.offsetParent !== null));

  await page.goto(index);
  check(!(await doorgaan()), "Doorgaan shows before any card question is answered");
  await show("kaart-2");
  await page.type("[name='kaart2-vraag']", "Wat ik al weet");
  await show("start");
  check(await doorgaan(), "Doorgaan does not show after answering the card question");

  await show("werkblad-1");
  await page.type("[name='wb1-naam']", "Bakkerij Jansen");
  await page.click("#v-wb1-kleur-blauw");
  await page.click("#v-wb1-dagen-woensdag");
  const photo = await page.$("#v-wb1-foto-bestand");
  await photo.uploadFile(path.resolve(process.argv[3]));
  const photoShown = () => page.waitForFunction(() => {
    const img = document.querySelector("#veld-wb1-foto [data-foto-voorbeeld] img");
    return img && img.complete && img.naturalWidth > 0 ? img.naturalWidth : false;
  }, { timeout: 10000 }).then((w) => w.jsonValue(), () => 0);
  const width = await photoShown();
  check(width > 0 && width <= 1280, "photo not shown (or not made smaller) after choosing it: width " + width);
  await page.reload();
  await page.waitForFunction(() => window.Opstage && document.querySelector(".antwoorden"));
  const after = await page.evaluate(() => ({
    naam: document.querySelector("[name='wb1-naam']").value,
    kleur: document.querySelector("#v-wb1-kleur-blauw").checked,
    dagen: document.querySelector("#v-wb1-dagen-woensdag").checked,
    vraag: document.querySelector("[name='kaart2-vraag']").value,
    status: document.querySelector("#werkblad-1 .antwoorden-status").textContent,
  }));
  check(after.naam === "Bakkerij Jansen", "werkblad text lost after reload: " + JSON.stringify(after));
  check(after.kleur && after.dagen, "werkblad choices lost after reload");
  check(after.vraag === "Wat ik al weet", "card answer lost after reload");
  check((await photoShown()) > 0, "photo lost after reload");
  check(after.status === "Je antwoorden worden bewaard op deze computer.", "storage warning in Firefox: " + after.status);
  await show("start");
  check(await doorgaan(), "Doorgaan gone after reload");
  const bestand = await page.evaluate(() => ({
    knop: Array.from(document.querySelectorAll("#start button")).some((b) => b.textContent === "Bewaar in een bestand" && b.offsetParent !== null),
    herinnering: (document.querySelector("#start .bestand__herinnering") || {}).textContent,
    zichtbaar: !!(document.querySelector("#start .bestand__herinnering") || {}).offsetParent,
  }));
  check(!bestand.knop, "Firefox offers 'Bewaar in een bestand' without the API");
  check(bestand.zichtbaar && /^5 antwoorden staan nog niet in een bestand/.test(bestand.herinnering || ""),
    "no reminder of answers not in a file: " + JSON.stringify(bestand));
});
