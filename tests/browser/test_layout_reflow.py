"""Reflow (WCAG 1.4.10) in real Chromium: at 320 CSS px no view of the real
site scrolls sideways: the start page, every card and werkblad (also as
Digibord and without JavaScript), the blank print view, the teacher pages and
Nakijken with an answer file loaded. Nothing sticks out to the right, text
included; only the routekaart's table may scroll inside its own box. Table
fields become one block per row with the column's name in each cell, long
words (also one of 1 MB) wrap, and on a 1280 px desktop the routekaart shows
all four phases."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_answers_support import fill_all, show, wait_until
from test_quality_a11y import TAGS, axe_page, load, show_view, violations  # noqa: F401 (axe_page is a fixture)

NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}

# The only boxes that may scroll sideways: tables that need both directions.
SCROLL_BOXES = ".routekaart__scroll, .nk-overzicht"  # the two tables that need both directions

SIDEWAYS = """(allowed) => {
  const w = document.documentElement.clientWidth, out = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const clippedInside = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= w + 0.5) return true;
    }
    return false;
  };
  const shown = (el) => el.getClientRects().length > 0;
  for (const el of document.querySelectorAll('body *')) {
    if (!shown(el)) continue;
    const s = getComputedStyle(el);
    if (/auto|scroll/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 1 && !el.matches(allowed)) out.push('scrolls sideways: ' + name(el));
    const r = el.getBoundingClientRect();
    if (r.width && r.right > w + 0.5 && !clippedInside(el)) out.push(name(el) + ' ends at ' + Math.round(r.right));
  }
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), range = document.createRange();
  for (let n; (n = walk.nextNode());) {
    if (!n.textContent.trim() || !shown(n.parentElement) || clippedInside(n)) continue;
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.width && r.right > w + 0.5) out.push('text "' + n.textContent.trim().slice(0, 30) + '" in ' + name(n.parentElement) + ' ends at ' + Math.round(r.right));
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth, wide: out.slice(0, 8) };
}"""


def sideways(page) -> dict:
    """What makes the page wider than the window, empty when nothing does."""
    r = page.evaluate(SIDEWAYS, SCROLL_BOXES)
    problems = list(r["wide"])
    if r["scrollWidth"] > r["innerWidth"]:
        problems.insert(0, f"page is {r['scrollWidth']} px wide in a {r['innerWidth']} px window")
    return problems


def view_ids(page) -> list[str]:
    return page.evaluate("Array.from(document.querySelectorAll('.view')).map(v => v.id)")


@pytest.fixture
def narrow(open_page):
    def opener(url: str, js: bool = True):
        page, watched = open_page(url, js=js, viewport=NARROW)
        return page, watched
    return opener


def test_every_view_of_the_student_page_at_320_px(narrow, site_dist):
    page, watched = narrow(site_dist.joinpath("index.html").as_uri())
    ids = view_ids(page)
    assert len(ids) == 1 + 9 + 17
    failed = {}
    for view in ids:
        show(page, view)
        if problems := sideways(page):
            failed[view] = problems
    assert failed == {}
    assert watched.page_errors == []


def test_every_card_and_werkblad_as_digibord_at_320_px(narrow, site_dist):
    page, watched = narrow(site_dist.joinpath("index.html").as_uri())
    failed = {}
    for view in view_ids(page)[1:]:
        show(page, view)
        page.click(f"#{view} [data-module=digibord] button")
        wait_until(page, "(id) => document.getElementById(id).classList.contains('is-digibord')", view)
        board = page.evaluate("""(id) => { const v = document.getElementById(id), t = v.querySelector('.view__titel');
            return { scroll: v.scrollWidth, width: v.clientWidth, title: t.getBoundingClientRect().width }; }""", view)
        problems = sideways(page)
        if board["scroll"] > board["width"]:
            problems.append(f"the board is {board['scroll']} px wide in {board['width']} px")
        if board["title"] < 200:
            problems.append(f"the title is squeezed to {board['title']:.0f} px")
        if problems:
            failed[view] = problems
        page.keyboard.press("Escape")
    assert failed == {}
    assert watched.page_errors == []


def test_the_student_page_without_javascript_at_320_px(narrow, site_dist):
    page, _ = narrow(site_dist.joinpath("index.html").as_uri(), js=False)
    assert sideways(page) == []


def test_the_blank_print_view_at_320_px(narrow, site_dist):
    page, watched = narrow(site_dist.joinpath("index.html").as_uri() + "?afdrukken")
    assert sideways(page) == []
    assert watched.page_errors == []


@pytest.mark.parametrize("name", ["handleiding.html", "routekaart.html", "stagedocument.html", "nakijken.html"])
def test_teacher_pages_at_320_px(narrow, site_dist, name):
    page, _ = narrow(site_dist.joinpath(name).as_uri())
    assert sideways(page) == []


@pytest.fixture(scope="module")
def answer_file(browser, mini_dist, tmp_path_factory):
    """An answer file with every field type answered (a photo too) and a long word."""
    folder = tmp_path_factory.mktemp("reflow")
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(mini_dist.joinpath("index.html").as_uri())
        page.fill("#leerling-naam", "Zoë " + "Langenaam" * 30)
        page.fill("#leerling-klas", "3B")
        fill_all(page, text="Bakkerij" + "x" * 3000)
        show(page, "start")
        with page.expect_download() as info:
            page.click("text=Download al je antwoorden")
        path = folder / info.value.suggested_filename
        info.value.save_as(path)
        return path
    finally:
        context.close()


def test_nakijken_with_an_answer_file_at_320_px(narrow, mini_dist, answer_file):
    page, watched = narrow(mini_dist.joinpath("nakijken.html").as_uri())
    page.set_input_files("#nk-bestanden", [str(answer_file)])
    wait_until(page, "() => /gelezen/.test(document.querySelector('.nk-status').textContent)")
    assert sideways(page) == []
    page.click(".nk-balk >> text=Per vraag")
    assert sideways(page) == []
    assert watched.page_errors == []


def test_a_table_field_is_one_block_per_row_with_its_column_names(narrow, site_dist):
    page, _ = narrow(site_dist.joinpath("index.html").as_uri() + "#werkblad-3")
    veld = page.locator("#veld-wb3-filmpjes")
    labels = veld.locator("thead th").all_inner_texts()
    assert labels == ["Beroep", "Wat zag je?", "Past het bij jou? Waarom?"]
    row = veld.locator("tbody tr").first
    cells = row.locator("td")
    for i, label in enumerate(labels):
        cell = cells.nth(i)
        expect(cell.locator(".tabel__kolom")).to_be_visible()
        assert cell.locator(".tabel__kolom").inner_text() == label
        box = cell.locator("input, textarea").bounding_box()
        assert box["width"] > 240, f"{label}: the box to type in is {box['width']:.0f} px wide"
        expect(cell.locator("input, textarea")).to_have_accessible_name(label)
    # one cell under the other, not side by side
    tops = [cells.nth(i).bounding_box()["y"] for i in range(len(labels))]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    # a row the student adds looks the same
    veld.locator("[data-actie='rij-toevoegen']").click()
    added = veld.locator("tbody tr").last.locator(".tabel__kolom")
    assert added.all_inner_texts() == labels
    assert sideways(page) == []


def test_statements_use_the_full_width_with_their_choices_below(narrow, site_dist):
    page, _ = narrow(site_dist.joinpath("index.html").as_uri() + "#werkblad-1")
    row = page.locator("#werkblad-1 .stellingen tbody tr").first
    statement = row.locator("th").bounding_box()
    choice = row.locator("td").first.bounding_box()
    assert statement["width"] > 240
    assert choice["y"] >= statement["y"] + statement["height"] - 1
    expect(row.locator("input").first).to_have_accessible_name("Op stage zie je hoe het werk echt gaat. Mening")


def test_a_word_of_one_megabyte_wraps_and_restores_quickly(narrow, site_dist):
    """A student pastes one endless word into a long answer and a table cell:
    the page stays 320 px wide, also after a reload and on paper, and the
    werkblad is filled in again about as fast as with short answers."""
    url = site_dist.joinpath("index.html").as_uri() + "#werkblad-3"
    page, watched = narrow(url)
    restored = "() => performance.getEntriesByName('opstage:antwoorden-hersteld')[0].startTime"
    page.fill("[name='wb3-waarom']", "kort")
    page.reload()
    short = wait_until(page, restored)
    word = "stageovereenkomst" * 61681  # 1 MB
    page.fill("[name='wb3-waarom']", word)
    page.fill("[name='wb3-filmpjes.0.beroep']", word[:100_000])
    assert sideways(page) == []
    page.reload()
    long = wait_until(page, restored)
    assert page.input_value("[name='wb3-waarom']") == word
    assert sideways(page) == []
    assert long - short < 1000, f"restoring took {long:.0f} ms with the long word, {short:.0f} ms without"
    page.emulate_media(media="print")
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('#werkblad-3 .afdruk-tekst'))
        .filter(m => m.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).length""")
    assert wide == 0
    assert watched.page_errors == []


def test_the_routekaart_shows_all_four_phases_on_a_desktop(open_page, site_dist):
    page, _ = open_page(site_dist.joinpath("routekaart.html").as_uri(), viewport=DESKTOP)
    phases = page.locator(".routekaart thead th")
    assert phases.count() == 5  # Wie + four phases
    last = phases.nth(4).bounding_box()
    assert phases.nth(4).inner_text() == "Evaluatie"
    assert last["x"] + last["width"] <= DESKTOP["width"]
    box = page.evaluate("() => { const s = document.querySelector('.routekaart__scroll'); return [s.scrollWidth, s.clientWidth]; }")
    assert box[0] <= box[1], "the routekaart scrolls sideways on a desktop"
    assert sideways(page) == []


def test_axe_finds_nothing_at_320_px(axe_page, site_dist):
    """Tables as blocks, statements full width, and the blank print view (all
    werkbladen shown at once) stay WCAG 2.1 AA at 320 px."""
    axe_page.set_viewport_size(NARROW)
    load(axe_page, site_dist.joinpath("index.html").as_uri())
    for view in ("werkblad-1", "werkblad-3", "werkblad-5", "kaart-6"):
        show_view(axe_page, view)
        assert violations(axe_page) == [], view
    load(axe_page, site_dist.joinpath("index.html").as_uri() + "?afdrukken")
    result = axe_page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS)
    assert [v["id"] for v in result["violations"]] == []
    for name in ("routekaart.html", "handleiding.html"):
        load(axe_page, site_dist.joinpath(name).as_uri())
        assert violations(axe_page) == [], name
