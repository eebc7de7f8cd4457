"""Nakijken counts every mailed file right (issue 11, "Counting right"): files
without naam are students of their own, cut-off files say "beschadigd, vraag
het opnieuw", "3a" = "3A" = "3 A", the same file twice is one line, a faked
`gemaakt` never wins, one hostile file stops no other, and no column of the
overview breaks a word. The files are made through the real student page and
then changed by hand for each bad case."""

from __future__ import annotations

import copy
import csv
import io
from pathlib import Path

import pytest
from test_answers_support import read_answer_file, show
from test_teacher_nakijken import ALLES, WB1, _student, _with_json, assert_clean, load, overview


@pytest.fixture(scope="module")
def made(browser, mini_dist, tmp_path_factory):
    """One real file of werkblad 1 and one with everything; returns (folder, wb1 text, alles text)."""
    folder = tmp_path_factory.mktemp("tellen")
    url = mini_dist.joinpath("index.html").as_uri()

    def fill(page, folder):
        show(page, "werkblad-1")
        page.fill("[name='wb1-naam']", "Garage Tellen")
        show(page, "kaart-2")
        page.fill("[name='kaart2-vraag']", "Ik weet veel.")

    wb1, alles = _student(browser, url, "Noor", "3B", [fill, WB1, ALLES], folder)
    return folder, (folder / wb1).read_text(encoding="utf-8"), (folder / alles).read_text(encoding="utf-8")


def variant(made, name: str, **changes) -> str:
    """The werkblad file with its JSON changed (leerling, gemaakt, antwoorden...), saved as `name`."""
    folder, wb1, _ = made
    data = read_answer_file(wb1)
    leerling = changes.pop("leerling", None)
    if leerling is not None:
        data["leerling"] = leerling
    for key, value in changes.items():
        data[key] = value
    path = folder / name
    path.write_text(_with_json(wb1, data), encoding="utf-8")
    return str(path)


@pytest.fixture
def nakijken(open_page, mini_dist):
    return open_page(mini_dist.joinpath("nakijken.html").as_uri())


def notes(page, cls: str) -> list[str]:
    return page.locator(f".nk-melding.{cls} li").all_text_contents()


def test_files_without_naam_are_students_of_their_own(nakijken, made):
    page, watched = nakijken
    a = variant(made, "werkblad1-zonder-naam.html", leerling={"naam": "", "klas": ""})
    data = read_answer_file(Path(a).read_text(encoding="utf-8"))
    data["antwoorden"]["wb1-naam"]["waarde"] = "Ander bedrijf"
    b = made[0] / "werkblad1-zonder-naam (1).html"
    b.write_text(_with_json(made[1], data), encoding="utf-8")
    load(page, [a, str(b)])
    assert page.text_content(".nk-status") == "2 bestanden gelezen, 2 leerlingen."
    rows = overview(page)
    assert [r[0] for r in rows] == ["Zonder naam 1werkblad1-zonder-naam (1).html", "Zonder naam 2werkblad1-zonder-naam.html"]
    assert page.locator(".nk-meldingen .nk-melding").count() == 0  # nothing "Niet gebruikt"
    heads = page.locator(".nk-leerling h3").all_text_contents()
    assert heads == ["Zonder naam 1 (bestand: werkblad1-zonder-naam (1).html)", "Zonder naam 2 (bestand: werkblad1-zonder-naam.html)"]
    text = page.text_content(".nk-uitvoer")
    assert "Ander bedrijf" in text and "Garage Tellen" in text
    assert_clean(page, watched, "file://")


def test_damaged_files_say_ask_again_and_name_the_file(nakijken, made):
    page, _ = nakijken
    folder, wb1, alles = made
    start = wb1.index('<script type="application/json"')
    cuts = {
        "afgebroken-in-json.html": wb1[: start + 300],
        "afgebroken-voor-json.html": wb1[: start - 40],
        "afgebroken-in-kop.html": wb1[:400],
        "kapotte-json.html": wb1.replace('"versie":', '"versie" ', 1),
    }
    for name, text in cuts.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "handleiding.html").write_text("<!DOCTYPE html><title>Handleiding</title><h1>Docentenhandleiding</h1>", encoding="utf-8")
    load(page, [str(folder / n) for n in [*cuts, "handleiding.html"]])
    items = notes(page, "nk-melding--fout")
    assert len(items) == 5
    for name in cuts:
        line = next(i for i in items if i.startswith(name + ": "))
        assert line.startswith(name + ": beschadigd, vraag het opnieuw."), line
    assert next(i for i in items if i.startswith("handleiding.html: ")) == "handleiding.html: Dit bestand is geen antwoordbestand van Mini stage."


def test_klas_spellings_are_one_klas_in_its_most_common_spelling(nakijken, made):
    page, _ = nakijken
    paths = [variant(made, f"k{i}.html", leerling={"naam": naam, "klas": klas})
             for i, (naam, klas) in enumerate([("Noor", "3a"), ("Bo", "3A"), ("Cas", "3 A"), ("Dex", "3A"), ("noor", "3 a"), ("Eva", "4b")])]
    load(page, paths)
    options = page.locator(".nk-balk select option").all_text_contents()
    assert options == ["Alle klassen", "3A", "4b"]
    rows = overview(page)
    assert [(r[0], r[1]) for r in rows] == [("Bo", "3A"), ("Cas", "3A"), ("Dex", "3A"), ("noor", "3A"), ("Eva", "4b")]
    page.select_option(".nk-balk select", label="3A")
    assert len(overview(page)) == 4
    assert "4 in klas 3A" in page.text_content(".nk-status")


@pytest.mark.parametrize("subtle", [True, False], ids=["sha256", "no-crypto-subtle"])
def test_the_same_file_twice_is_one_line(open_page, mini_dist, made, subtle):
    """The same bytes are spotted by SHA-256, or by the script's own hash where
    the browser has no crypto.subtle (plain http on a school server)."""
    page, _ = open_page("about:blank")
    if not subtle:
        page.add_init_script("Object.defineProperty(window.crypto, 'subtle', {value: undefined})")
    page.goto(mini_dist.joinpath("nakijken.html").as_uri())
    assert page.evaluate("!!window.crypto.subtle") == subtle
    folder, wb1, alles = made
    a = folder / "noor.html"
    a.write_text(alles, encoding="utf-8")
    copy_ = folder / "noor-kopie.html"
    copy_.write_bytes(a.read_bytes())
    load(page, [str(a), str(a)])
    assert notes(page, "nk-melding--al") == ["noor.html: al geladen. Het telt één keer."]
    assert notes(page, "nk-melding--dubbel") == []
    load(page, [str(copy_)])
    assert notes(page, "nk-melding--al") == ["noor.html: al geladen. Het telt één keer.",
                                             "noor-kopie.html: al geladen (hetzelfde bestand als noor.html). Het telt één keer."]
    assert notes(page, "nk-melding--dubbel") == []
    assert page.text_content(".nk-status") == "1 bestand gelezen, 1 leerling."


def test_a_faked_date_is_flagged_and_never_wins(nakijken, made):
    page, _ = nakijken
    folder, wb1, _ = made
    real = read_answer_file(wb1)
    fake = copy.deepcopy(real)
    fake["gemaakt"] = "9999-12-31T10:00:00.000Z"
    fake["antwoorden"]["wb1-naam"]["waarde"] = "Nep bedrijf"
    odd = copy.deepcopy(fake)
    odd["gemaakt"] = "gisteren"
    (folder / "nep.html").write_text(_with_json(wb1, fake), encoding="utf-8")
    (folder / "raar.html").write_text(_with_json(wb1, odd), encoding="utf-8")
    (folder / "echt.html").write_text(wb1, encoding="utf-8")
    load(page, [str(folder / n) for n in ("nep.html", "echt.html", "raar.html")])
    art = page.locator(".nk-leerling")
    assert art.count() == 1
    assert "Garage Tellen" in art.text_content() and "Nep bedrijf" not in art.text_content()
    flag = art.locator(".nk-let-op").text_content()
    assert "vreemde datum" in flag and "nep.html (9999-12-31" in flag and "raar.html (gisteren)" in flag
    assert page.locator(".nk-rooster tbody .nk-datum .nk-let-op").text_content() == "Vreemde datum"
    assert "9999" not in overview(page)[0][2]
    dubbel = notes(page, "nk-melding--dubbel")
    assert len(dubbel) == 1 and "Het nieuwste is gebruikt: echt.html" in dubbel[0]
    # only the faked one: it is still shown (it is all there is), flagged
    page.click("text=Begin opnieuw")
    page.click("dialog[open] >> text=Ja, wis alles")
    load(page, [str(folder / "nep.html")])
    assert "Nep bedrijf" in page.text_content(".nk-leerling")
    assert overview(page)[0][2].startswith("onbekend")


HOSTILE_IDS = ["constructor", "tostring", "hasownproperty", "valueof", "prototype", "isprototypeof"]


def test_one_hostile_file_stops_no_other(nakijken, made, tmp_path):
    page, watched = nakijken
    folder, wb1, alles = made
    data = read_answer_file(wb1)
    for i, key in enumerate(HOSTILE_IDS):
        data["antwoorden"][key] = {"type": "tekst", "waarde": f"waarde {i}", "label": key, "werkblad": 1}
    data["antwoorden"]["constructor"]["kaart"] = 2
    data["leerling"] = {"naam": "constructor", "klas": "__proto__"}
    hostile = folder / "vijandig.html"
    text = _with_json(wb1, data).replace('"antwoorden":{', '"antwoorden":{"__proto__":{"type":"tekst","waarde":"proto"},', 1)
    hostile.write_text(text, encoding="utf-8")
    other = [variant(made, "gewoon1.html", leerling={"naam": "Bo", "klas": "3B"}),
             variant(made, "gewoon2.html", leerling={"naam": "Cas", "klas": "3B"})]
    load(page, [other[0], str(hostile), other[1]])
    assert page.text_content(".nk-status") == "3 bestanden gelezen, 3 leerlingen."
    names = [r[0] for r in overview(page)]
    assert names == ["constructor", "Bo", "Cas"] or sorted(names) == ["Bo", "Cas", "constructor"]
    art = page.locator(".nk-leerling", has_text="constructor (__proto__)")
    for i in range(len(HOSTILE_IDS)):
        assert f"waarde {i}" in art.text_content()
    page.click("text=Per vraag")
    page.click("text=Per leerling")
    with page.expect_download() as info:
        page.click("text=Download als CSV (Excel)")
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))
    assert {r[0] for r in rows[1:]} == {"constructor", "Bo", "Cas"}
    assert {r[4] for r in rows[1:] if r[0] == "constructor"} >= set(HOSTILE_IDS)
    # a feedback field for the hostile student works and is kept
    page.fill(".nk-leerling:has-text('constructor (__proto__)') textarea >> nth=0", "Goed gedaan")
    assert watched.page_errors == [] and watched.console_errors == []


WORDS = """(sel) => {
  // every word in the cells of `sel` sits on one line
  const broken = [];
  document.querySelectorAll(sel).forEach((cell) => {
    const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const re = /[^\\s-]+/g;  // a break after a hyphen is a break between words
      let m;
      while ((m = re.exec(n.data))) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        const tops = new Set(Array.from(r.getClientRects()).map((x) => Math.round(x.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  });
  return broken;
}"""


@pytest.mark.parametrize("width", [1280, 800, 375])
def test_no_column_breaks_a_word(open_page, mini_dist, made, width):
    page, _ = open_page(mini_dist.joinpath("nakijken.html").as_uri(), viewport={"width": width, "height": 800})
    folder, wb1, alles = made
    (folder / "alles.html").write_text(alles, encoding="utf-8")
    load(page, [str(folder / "alles.html"), variant(made, "lang.html", leerling={"naam": "Mohammed-Abdelkader van den Berg", "klas": "3B"})])
    assert page.evaluate(WORDS, ".nk-rooster th, .nk-rooster td") == []
    # the page itself never scrolls sideways; the grid may, in its own box
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('body *')).filter((e) => !e.closest('.nk-overzicht')
        && e.getBoundingClientRect().right > innerWidth + 1).map((e) => e.tagName + '.' + e.className)""")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), wide
    box = page.evaluate("(() => { const b = document.querySelector('.nk-overzicht'); return [b.scrollWidth, b.clientWidth, getComputedStyle(b).overflowX]; })()")
    assert box[2] == "auto"
    if width == 375:
        assert box[0] > box[1]


@pytest.mark.parametrize("naam", ["Mohammed van den Berg", "MaximiliaanAlexanderVanderbeekOosterhuis"])
def test_the_real_sites_grid_fits_at_1280(browser, site_dist, tmp_path, naam):
    """Every werkblad and card question of the real site, one student: no sideways scrolling at 1280 px;
    a name longer than its cell wraps inside it (it ran over the Klas column)."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(site_dist.joinpath("index.html").as_uri())
        page.evaluate("""() => {
          document.querySelectorAll('[data-veld] textarea, [data-veld] input[type=text]').forEach((c) => {
            c.value = 'Tekst'; c.dispatchEvent(new Event('input', {bubbles: true})); });
          Opstage.antwoorden.zetLeerling(naam, '3B');
        }""".replace("naam", repr(naam)))
        with page.expect_download() as info:
            page.click("text=Download al je antwoorden")
        info.value.save_as(tmp_path / "alles.html")
        page.goto(site_dist.joinpath("nakijken.html").as_uri())
        load(page, [str(tmp_path / "alles.html")])
        columns = page.locator(".nk-rooster thead th").count()
        assert columns >= 20
        fits = page.evaluate("(() => { const b = document.querySelector('.nk-overzicht'); return b.scrollWidth <= b.clientWidth; })()")
        assert fits or " " not in naam, "a long name may widen its column to 10rem: the grid then scrolls in its box"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.evaluate(WORDS, ".nk-rooster th, .nk-rooster td") == ([] if " " in naam else [naam])
        name = page.evaluate("(() => { const c = document.querySelector('.nk-rooster tbody th'); return [c.scrollWidth, c.clientWidth]; })()")
        assert name[0] <= name[1], "the name runs over the Klas column"
    finally:
        context.close()
