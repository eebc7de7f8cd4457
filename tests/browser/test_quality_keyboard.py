"""Keyboard only: a student reaches a werkblad from the start page, fills in
every kind of field, adds a table row and downloads the werkblad, all without
a mouse. Every control shows where the focus is. The mini site's werkblad 1
has every field type."""

from __future__ import annotations

import json
import re

import pytest

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const view = el.closest('.view');
  const style = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', text: el.textContent.trim(),
          view: view ? view.id : '', field: !!el.closest('.werkblad__velden'),
          visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none'};
}"""


def tab_to(page, selector: str, key: str = "Tab", limit: int = 300) -> None:
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with {key}")


def test_fill_and_download_a_werkblad_by_keyboard(open_page, mini_dist, tmp_path):
    page, watched = open_page(mini_dist.joinpath("index.html").as_uri(), locale="nl-NL")
    page.wait_for_selector("#start.is-current")
    kaart = page.evaluate("Opstage.data.werkbladen.find(w => w.nummer === 1).kaart")
    tab_to(page, f'#start a[href="#kaart-{kaart}"]')
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#kaart-{kaart}.is-current")
    tab_to(page, f'#kaart-{kaart} a[href="#werkblad-1"]')
    page.keyboard.press("Enter")
    page.wait_for_selector("#werkblad-1.is-current")

    # add a table row with the keyboard
    tab_to(page, "#werkblad-1 [data-actie='rij-toevoegen']")
    page.keyboard.press("Enter")
    # walk back to the buttons above the fields, then Tab through every control once
    tab_to(page, "#werkblad-1 .view__acties button", "Shift+Tab")
    filled, unseen_focus = set(), []
    last = page.evaluate("""() => { const all = document.querySelectorAll(
        '#werkblad-1 .werkblad__velden input:not([type=hidden]), #werkblad-1 .werkblad__velden textarea');
        return all[all.length - 1].name; }""")
    for _ in range(400):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED)
        if not f or f["view"] != "werkblad-1":
            continue
        if not f["visible"]:
            unseen_focus.append(f)
        if f["field"] and f["name"] and f["name"] not in filled:
            if f["type"] in ("radio", "checkbox"):
                page.keyboard.press("Space")
            elif f["type"] == "date":
                page.keyboard.type("14032025")
            elif f["tag"] == "textarea" or f["type"] == "text":
                page.keyboard.type("Met het toetsenbord ingevuld")
            if f["type"] != "file":
                filled.add(f["name"])
        if f["name"] == last:
            break
    else:
        raise AssertionError("never reached the last field of werkblad 1 with Tab")
    assert unseen_focus == [], "focus is not visible on these controls"

    # back up to the download button and press Enter
    button = page.locator("#werkblad-1 button", has_text="Download dit werkblad")
    if not button.count():
        pytest.fail("no 'Download dit werkblad' button on werkblad 1 (issue 4: answer file download)")
    for _ in range(400):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.closest('#werkblad-1 .view__acties') && document.activeElement.textContent.includes('Download')"):
            break
    page.keyboard.press("Enter")
    # no naam yet: the dialog asks for it, with the focus in its first box
    assert page.evaluate("document.activeElement.id") == "dl-leerling-naam"
    page.keyboard.type("Toetsenbord")
    page.keyboard.press("Tab")
    page.keyboard.type("3K")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Download"
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    saved = tmp_path / "werkblad.html"
    info.value.save_as(saved)
    answers = json.loads(re.search(r'id="opstage-antwoorden">(.*?)</script>', saved.read_text(encoding="utf-8"), re.S)[1])["antwoorden"]

    types = page.evaluate("Object.fromEntries(Opstage.data.werkbladen.find(w => w.nummer === 1).velden.map(v => [v.id, v.type]))")
    missing = {i: t for i, t in types.items() if t != "foto" and i not in answers}
    assert missing == {}, "answered by keyboard but not in the downloaded file"
    rows = {i: v["waarde"] for i, v in answers.items() if types.get(i) == "tabel"}
    start_rows = page.evaluate("Object.fromEntries(Opstage.data.werkbladen.find(w => w.nummer === 1).velden"
                               ".filter(v => v.type === 'tabel').map(v => [v.id, v.rijen]))")
    first = next(iter(start_rows))
    assert len(rows[first]) == start_rows[first] + 1, f"the row added by keyboard is missing: {rows}"
    assert watched.page_errors == [] and watched.console_errors == []


def test_back_to_the_start_page_puts_the_focus_on_its_heading(open_page, mini_dist):
    page, watched = open_page(mini_dist.joinpath("index.html").as_uri() + "#kaart-2")
    page.focus("#kaart-2 .kruimelpad a")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'start-titel'")
    assert watched.page_errors == []


def test_the_photo_button_stays_in_view_when_the_photo_pushes_it_down(open_page, mini_dist):
    from test_answers_support import PHOTO

    page, watched = open_page(mini_dist.joinpath("index.html").as_uri() + "#werkblad-1",
                              viewport={"width": 800, "height": 500})
    page.evaluate("document.querySelector('#v-wb1-foto-bestand').closest('.veld').scrollIntoView({block: 'end'})")
    page.focus("#v-wb1-foto-bestand")
    page.set_input_files("#v-wb1-foto-bestand", files=[PHOTO])
    page.wait_for_selector("#veld-wb1-foto [data-foto-voorbeeld] img")
    page.wait_for_function("""() => { const r = document.querySelector('#veld-wb1-foto .foto__kies').getBoundingClientRect();
                                      return r.top >= 0 && r.bottom <= innerHeight; }""", timeout=3000)
    assert page.text_content("#veld-wb1-foto .foto__kies") == "Kies een andere foto"
    assert watched.page_errors == []
