"""Werken in je eigen bestand: "Bewaar in een bestand" writes every change into
one answer file (File System Access API). Served on http://127.0.0.1, a secure
context where the origin private file system gives real FileSystemFileHandles:
the pickers are replaced by functions that hand those out. Where the API is
absent (made so on file:// here; Firefox in test_answers_firefox.py) the start
page reminds how many answers are not in a file yet."""

from __future__ import annotations

import json
import time

import pytest
from test_answers_support import download_all, expected, fill_all, read_answer_file, show, snapshot, values, wait_until

NAAM = "op-stage_Sam_3B_alles.html"

# the pickers hand out files of the origin private file system; every write is counted
PICKERS = """
window.__kies = window.__kies || "%s";
window.showSaveFilePicker = async (o) => {
  window.__voorgesteld = o && o.suggestedName;
  const d = await navigator.storage.getDirectory();
  return d.getFileHandle(window.__kies || o.suggestedName, {create: true});
};
window.showOpenFilePicker = async () => {
  const d = await navigator.storage.getDirectory();
  return [await d.getFileHandle(window.__kies)];
};
window.__schrijven = 0;
const echt = FileSystemFileHandle.prototype.createWritable;
FileSystemFileHandle.prototype.createWritable = function () {
  if (window.__kapot) return Promise.reject(new DOMException("De stick is eruit", "NotFoundError"));
  window.__schrijven++;
  return echt.apply(this, arguments);
};
""" % NAAM

READ = """async (n) => {
  const d = await navigator.storage.getDirectory();
  try { return await (await (await d.getFileHandle(n)).getFile()).text(); } catch (e) { return null; }
}"""

WRITE = """async ([n, text]) => {
  const d = await navigator.storage.getDirectory();
  const w = await (await d.getFileHandle(n, {create: true})).createWritable();
  await w.write(text);
  await w.close();
}"""

LEES = """(text) => {
  const B = Opstage.antwoordbestand, got = B.lees(text, Opstage.data.sleutel, B.velden(Opstage.data));
  if (got.fout) return {fout: got.fout};
  const out = {};
  Object.keys(got.antwoorden).forEach((id) => { out[id] = got.antwoorden[id].waarde; });
  return {omvang: got.omvang, leerling: got.leerling, waarden: out};
}"""


def in_file(page, name: str = NAAM) -> dict | None:
    """The answers in the file as the site's own reader sees them."""
    text = page.evaluate(READ, name)
    return page.evaluate(LEES, text) if text else None


def status(page) -> str:
    return page.text_content(".bestand__status") or ""


def reminder(page) -> str | None:
    """The start page's "N antwoorden staan nog niet in een bestand", if it shows."""
    show(page, "start")
    return page.text_content(".bestand__herinnering") if page.is_visible(".bestand__herinnering") else None


def wait_saved(page, name: str = NAAM) -> None:
    wait_until(page, "(n) => (document.querySelector('.bestand__status') || {}).textContent.startsWith('Bewaard in ' + n + ' om ')",
               name, timeout=8)


def wait_in_file(page, field: str, value, name: str = NAAM, timeout: float = 4.0):
    end = time.monotonic() + timeout
    while True:
        got = in_file(page, name)
        if got and got.get("waarden", {}).get(field) == value:
            return got
        if time.monotonic() > end:
            pytest.fail(f"{field}={value!r} not in {name} after {timeout} s: {got}; status: {status(page)!r}")
        time.sleep(0.1)


def new_page(browser, url, pick: str = NAAM):
    context = browser.new_context(accept_downloads=True)
    context.add_init_script(PICKERS.replace(f'"{NAAM}"', json.dumps(pick)))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return context, page, errors


def naam_klas(page, naam="Sam", klas="3B"):
    show(page, "start")
    page.fill("#leerling-naam", naam)
    page.fill("#leerling-klas", klas)


def bewaar_in_bestand(page):
    show(page, "start")
    page.click(".antwoorden button:text-is('Bewaar in een bestand')")


def saving(browser, url, tip: str):
    """A page of Sam (3B) that writes into the file, which holds wb2-tip = tip."""
    context, page, errors = new_page(browser, url)
    naam_klas(page)
    bewaar_in_bestand(page)
    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", tip)
    wait_in_file(page, "wb2-tip", tip)
    return context, page, errors


@pytest.fixture
def url(mini_dist, http_site):
    return http_site(mini_dist, prefix="/bestand/").url("index.html")


def test_every_change_goes_into_the_file_and_a_reload_writes_on(browser, url):
    context, page, errors = new_page(browser, url)
    naam_klas(page)
    bewaar_in_bestand(page)
    assert page.evaluate("window.__voorgesteld") == NAAM  # as "Download al je antwoorden", without the date
    fill_all(page)
    show(page, "start")
    wait_saved(page)
    got = wait_in_file(page, "kaart2-vraag", "Bakkerij Jansen")
    assert got["omvang"] == "alles" and got["leerling"] == {"naam": "Sam", "klas": "3B"}
    text = page.evaluate(READ, NAAM)
    assert values(read_answer_file(text)["antwoorden"]) == expected()  # every answer, the photo too

    # a change is in the file within 2 s
    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", "Vraag veel")
    start = time.monotonic()
    wait_in_file(page, "wb2-tip", "Vraag veel", timeout=3)
    assert time.monotonic() - start < 2.5

    # after a reload the same file is written into again, without asking
    page.reload()
    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", "Na het herladen")
    wait_in_file(page, "wb2-tip", "Na het herladen")
    show(page, "start")
    wait_saved(page)
    assert not page.is_visible(".bestand__herinnering")
    assert errors == []
    context.close()


# as on file:// after a reload: the browser asks once before the site may write again
ASKS = """
window.__gevraagd = 0;
FileSystemHandle.prototype.queryPermission = async function () { return window.__mag ? "granted" : "prompt"; };
FileSystemHandle.prototype.requestPermission = async function () { window.__gevraagd++; window.__mag = true; return "granted"; };
"""


def test_on_the_same_pc_one_click_reconnects(browser, url):
    context, page, errors = saving(browser, url, "Voor het herladen")
    context.add_init_script(ASKS)
    page.reload()
    show(page, "start")
    again = page.locator(f".antwoorden button:text-is('Verder bewaren in {NAAM}')")
    again.wait_for(state="visible", timeout=5000)
    assert "werden bewaard in " + NAAM in status(page)
    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", "Na het herladen")
    time.sleep(1.5)
    assert in_file(page)["waarden"]["wb2-tip"] == "Voor het herladen"  # not without asking
    show(page, "start")
    again.click()
    wait_in_file(page, "wb2-tip", "Na het herladen")
    assert page.evaluate("window.__gevraagd") == 1
    wait_saved(page)
    assert errors == []
    context.close()


def test_next_lesson_a_fresh_browser_opens_the_file_and_writes_on(browser, url):
    first, page, _ = new_page(browser, url)
    naam_klas(page)
    bewaar_in_bestand(page)
    fill_all(page, photo=False)
    wait_in_file(page, "kaart2-vraag", "Bakkerij Jansen")
    text = page.evaluate(READ, NAAM)
    before = snapshot(page)
    first.close()

    # another PC: a fresh profile; the file is on the stick
    context, page, errors = new_page(browser, url)
    page.evaluate(WRITE, [NAAM, text])
    show(page, "start")
    page.click("text=Verder werken met een bestand")
    page.wait_for_selector(".antwoorden-melding:not([hidden])")
    assert "Gelukt" in page.text_content(".antwoorden-melding")
    assert snapshot(page) == before
    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", "Op een andere computer")
    wait_in_file(page, "wb2-tip", "Op een andere computer")
    assert in_file(page)["waarden"]["wb1-naam"] == "Bakkerij Jansen"  # nothing lost
    show(page, "start")
    wait_saved(page)
    assert errors == []
    context.close()


def test_a_write_that_fails_warns_and_loses_nothing(browser, url):
    context, page, errors = saving(browser, url, "Eerste tip")

    page.evaluate("window.__kapot = true")  # the stick is pulled out
    page.fill("[name='wb2-tip']", "Tweede tip")
    show(page, "start")
    wait_until(page, "() => document.querySelector('.bestand__status').textContent.includes('konden niet')")
    assert page.is_visible(".antwoorden button:text-is('Probeer opnieuw')")
    assert in_file(page)["waarden"]["wb2-tip"] == "Eerste tip"  # the good file stays as it was
    stored = page.evaluate("() => JSON.parse(localStorage.getItem('opstage:' + Opstage.data.sleutel + ':a:wb2-tip')).waarde")
    assert stored == "Tweede tip"  # in the browser as before

    page.evaluate("window.__kapot = false")  # the stick is back
    show(page, "start")
    page.click(".antwoorden button:text-is('Probeer opnieuw')")
    wait_in_file(page, "wb2-tip", "Tweede tip")
    wait_saved(page)
    page.reload()
    show(page, "werkblad-2")
    assert page.input_value("[name='wb2-tip']") == "Tweede tip"
    assert errors == []
    context.close()


def test_another_pc_changed_the_file_so_writing_stops_and_offers_it(browser, url):
    context, page, errors = saving(browser, url, "Mijn tip")
    show(page, "start")
    wait_saved(page)

    # another PC writes the file: a newer answer to wb1-naam
    data = read_answer_file(page.evaluate(READ, NAAM))
    data["antwoorden"]["wb1-naam"] = {"waarde": "Van de andere computer", "type": "tekst", "werkblad": 1,
                                      "gewijzigd": "2099-01-01T10:00:00.000Z"}
    other = ('<!DOCTYPE html><html><body><script type="application/json" id="opstage-antwoorden">'
             + json.dumps(data) + "</script></body></html>")
    time.sleep(0.05)
    page.evaluate(WRITE, [NAAM, other])

    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", "Nog een tip")
    show(page, "start")
    wait_until(page, "() => document.querySelector('.bestand__status').textContent.includes('andere computer')")
    time.sleep(1.5)
    assert page.evaluate(READ, NAAM) == other  # not overwritten
    page.click(".antwoorden button:text-is('Open het nieuwere bestand')")
    wait_in_file(page, "wb2-tip", "Nog een tip")  # merged, then written on
    assert in_file(page)["waarden"]["wb1-naam"] == "Van de andere computer"
    show(page, "werkblad-1")
    assert page.input_value("[name='wb1-naam']") == "Van de andere computer"
    assert errors == []
    context.close()


def test_one_tab_writes_and_hands_over_when_it_closes(browser, url):
    context = browser.new_context()
    context.add_init_script(PICKERS)
    a, b = context.new_page(), context.new_page()
    a.goto(url)
    b.goto(url)
    naam_klas(a)
    bewaar_in_bestand(a)
    show(b, "start")
    wait_until(b, "() => document.querySelector('.bestand__status').textContent.startsWith('Een ander tabblad bewaart')")
    show(b, "werkblad-2")
    b.fill("[name='wb2-tip']", "Getypt in tab b")
    wait_in_file(a, "wb2-tip", "Getypt in tab b")  # tab a writes what tab b typed
    assert b.evaluate("window.__schrijven") == 0 and a.evaluate("window.__schrijven") >= 1

    a.close()  # tab b takes over
    b.fill("[name='wb2-tip']", "Tab a is dicht")
    wait_in_file(b, "wb2-tip", "Tab a is dicht")
    assert b.evaluate("window.__schrijven") >= 1
    show(b, "start")
    wait_saved(b)
    context.close()


def test_only_this_students_file_of_all_answers_is_written_into(browser, url, tmp_path):
    context, page, errors = new_page(browser, url, pick="op-stage_Sam_3B_werkblad-2_2026-11-30.html")
    naam_klas(page)
    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", "Een tip")
    with page.expect_download() as info:
        page.click("#werkblad-2 >> text=Download dit werkblad")
    one = info.value.path().read_text(encoding="utf-8")
    page.evaluate(WRITE, ["op-stage_Sam_3B_werkblad-2_2026-11-30.html", one])
    writes = page.evaluate("window.__schrijven")  # that write was the test's own
    show(page, "start")
    page.click("text=Verder werken met een bestand")
    page.wait_for_selector(".antwoorden-melding:not([hidden])")
    wait_until(page, "() => document.querySelector('.bestand__status').textContent.includes('niet')")
    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", "Andere tip")
    time.sleep(1.5)
    assert page.evaluate(READ, "op-stage_Sam_3B_werkblad-2_2026-11-30.html") == one  # a one-werkblad file stays as it was
    assert page.evaluate("window.__schrijven") == writes
    assert errors == []
    context.close()


def test_wis_forgets_the_file_but_never_deletes_it(browser, url):
    context, page, errors = saving(browser, url, "Mijn tip")
    show(page, "start")
    page.click("text=Wis mijn antwoorden")
    page.click("dialog[open] >> text=Ja, wis alles")
    time.sleep(1.5)
    assert in_file(page)["waarden"]["wb2-tip"] == "Mijn tip"  # the file is the student's: untouched
    page.reload()
    show(page, "start")
    page.wait_for_selector(".antwoorden button:text-is('Bewaar in een bestand')")
    assert not page.is_visible(".bestand__status")
    assert page.evaluate("indexedDB.databases().then((l) => l.map((d) => d.name).filter((n) => n.endsWith(':bestand')))") == []
    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", "Iemand anders")
    time.sleep(1.5)
    assert in_file(page)["waarden"]["wb2-tip"] == "Mijn tip"
    assert page.evaluate("window.__schrijven") == 0
    assert errors == []
    context.close()


NO_API = "delete window.showSaveFilePicker; delete window.showOpenFilePicker;"


def test_without_the_api_the_start_page_counts_answers_not_in_a_file(browser, mini_dist, tmp_path):
    context = browser.new_context(accept_downloads=True)
    context.add_init_script(NO_API)
    page = context.new_page()
    page.goto(mini_dist.joinpath("index.html").as_uri())
    show(page, "start")
    assert not page.is_visible(".antwoorden button:text-is('Bewaar in een bestand')")
    assert reminder(page) is None
    naam_klas(page)
    show(page, "werkblad-1")
    page.fill("[name='wb1-naam']", "Bakkerij")
    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", "Tip")
    assert (reminder(page) or "").startswith("2 antwoorden staan nog niet in een bestand")

    # a one-werkblad download counts for that werkblad only
    show(page, "werkblad-2")
    with page.expect_download():
        page.click("#werkblad-2 >> text=Download dit werkblad")
    assert (reminder(page) or "").startswith("1 antwoord staat nog niet in een bestand")
    download_all(page, tmp_path)
    assert reminder(page) is None
    show(page, "werkblad-1")
    page.fill("[name='wb1-naam']", "Bakkerij Jansen")
    assert (reminder(page) or "").startswith("1 antwoord staat")
    page.reload()  # the times are kept
    assert (reminder(page) or "").startswith("1 antwoord staat")
    context.close()


def test_on_file_chromium_offers_the_file(open_page, mini_dist):
    page, watched = open_page(mini_dist.joinpath("index.html").as_uri())
    show(page, "start")
    assert page.is_visible(".antwoorden button:text-is('Bewaar in een bestand')")
    assert watched.page_errors == []
