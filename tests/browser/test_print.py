"""Paper, in real Chromium: werkbladen printed to PDF (page.pdf, A4 from the
page's own @page rules), read back with pdftotext and as pixels with
pdftoppm. A blank werkblad has lines for Naam and Klas (also without
JavaScript), writing lines and a box for each photo; a filled one prints
every answer and the name; long tables go on over the page with their header
again; no page but the last is left mostly empty; table borders are
complete. index.html?afdrukken prints all werkbladen blank, never a stored
answer. The routekaart prints on one A4 page in landscape."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_answers_support import download_all, fill_all, show, wait_until

A4_PORTRAIT = (594.96, 841.92)  # points, as pdfinfo reports Chromium's A4
A4_LANDSCAPE = (841.92, 594.96)


@pytest.fixture(scope="session", autouse=True)
def poppler():
    for tool in ("pdftotext", "pdftoppm", "pdfinfo"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: run `make test`, which installs Debian's poppler-utils")


def print_pdf(page, path: Path) -> Path:
    page.pdf(path=str(path), prefer_css_page_size=True)
    return path


def text(pdf: Path, layout: bool = False) -> str:
    args = ["pdftotext"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pages(pdf: Path) -> list[tuple[float, float]]:
    """The size of every page in points."""
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True, text=True).stdout
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            w, _, h = line.split("size:")[1].split()[:3]
            sizes.append((float(w), float(h)))
    return sizes


def gray_pages(pdf: Path, dpi: int = 30) -> list[list[bytes]]:
    """Every page as rows of gray pixels (0 black .. 255 white)."""
    folder = pdf.parent / (pdf.stem + "-px")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), str(folder / "p")], check=True)
    out = []
    for pgm in sorted(folder.glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[1])):
        data = pgm.read_bytes()
        parts = data.split(maxsplit=4)  # P5, width, height, maxval, pixels
        width, height = int(parts[1]), int(parts[2])
        pixels = parts[4]
        out.append([pixels[y * width:(y + 1) * width] for y in range(height)])
    return out


def used(rows: list[bytes], margin_mm: float = 15) -> float:
    """How much of the page's printable height holds ink (0..1)."""
    height = len(rows)
    margin = round(height * margin_mm / 297)
    inked = [y for y, row in enumerate(rows) if min(row) < 160]
    if not inked:
        return 0.0
    return (inked[-1] - margin) / (height - 2 * margin)


@pytest.fixture
def printer(browser, tmp_path):
    """printer(url, js=True, before=None) -> PDF path; `before(page)` may fill in answers."""
    contexts = []

    def run(url: str, name: str, js: bool = True, before=None, context=None) -> Path:
        if context is None:
            context = browser.new_context(java_script_enabled=js)
            contexts.append(context)
        page = context.new_page()
        page.goto(url)
        if before:
            before(page)
        return print_pdf(page, tmp_path / f"{name}.pdf")

    yield run
    for c in contexts:
        c.close()


def test_a_blank_werkblad_has_lines_for_naam_klas_and_a_box_for_each_photo(printer, site_dist):
    pdf = printer(site_dist.joinpath("index.html").as_uri() + "#werkblad-15", "wb15")
    words = text(pdf)
    assert "Werkblad 15" in words
    assert words.count("Naam:") == 1 and words.count("Klas:") == 1
    html = site_dist.joinpath("index.html").read_text(encoding="utf-8")
    sheet = html[html.index('id="werkblad-15"'):html.index('id="werkblad-16"')]
    assert words.count("Plak hier je foto") == sheet.count('data-type="foto"') > 0
    assert "Kies een foto" not in words and "Download dit werkblad" not in words
    assert all(size == A4_PORTRAIT for size in pages(pdf))


def test_text_answers_get_writing_lines_as_many_as_their_rows(open_page, site_dist):
    page, _ = open_page(site_dist.joinpath("index.html").as_uri() + "#werkblad-3")
    for js_mirrors in (True, False):
        if not js_mirrors:
            page.goto(site_dist.joinpath("index.html").as_uri() + "?afdrukken")
        page.emulate_media(media="print")
        lines = page.evaluate("""() => Array.from(document.querySelectorAll('#werkblad-3 .veld--lang, #werkblad-3 .veld--tekst')).map(v => {
            const box = v.querySelector('.afdruk-tekst') || v.querySelector('textarea, input');
            const s = getComputedStyle(box), line = parseFloat(s.lineHeight);
            const rows = +(v.querySelector('textarea') || {rows: 1}).rows;
            return { id: v.dataset.veld, shown: box.getClientRects().length > 0, rows,
                     lines: Math.round(box.getBoundingClientRect().height / line),
                     ruled: (/gradient/.test(s.backgroundImage) && s.printColorAdjust === 'exact')
                            || (rows === 1 && parseFloat(s.borderBottomWidth) >= 1) };
        })""")
        assert lines, "no text fields found"
        for f in lines:
            assert f["shown"] and f["ruled"], f
            assert f["lines"] >= f["rows"], f
        page.emulate_media(media="screen")


def test_without_javascript_every_werkblad_prints_naam_and_klas_lines(printer, mini_dist):
    pdf = printer(mini_dist.joinpath("index.html").as_uri(), "nojs", js=False)
    words = text(pdf)
    assert words.count("Naam:") == 2  # the mini site has two werkbladen
    assert words.count("Plak hier je foto") == 1


def test_a_filled_werkblad_prints_the_answers_and_the_name(printer, mini_dist):
    long_answer = "Bij de bakker sta ik om zes uur op de stoep en ik help met het deeg. " * 4

    def fill(page):
        page.fill("#leerling-naam", "Zoë Müller")
        page.fill("#leerling-klas", "3B")
        fill_all(page, text="Bakkerij Jansen")
        show(page, "werkblad-1")
        page.fill("[name='wb1-verhaal']", long_answer)
        page.wait_for_timeout(50)

    pdf = printer(mini_dist.joinpath("index.html").as_uri(), "filled", before=fill)
    words = " ".join(text(pdf).split())
    assert "Zoë Müller" in words and "3B" in words
    assert words.count("Naam:") == 1, "the name's line replaces the blank lines, it does not add to them"
    assert long_answer.strip() in words, "a long answer must print in full"
    assert "Bakkerij Jansen" in words and "Extra rij" in words
    assert "Plak hier je foto" not in words  # the photo is there


def test_a_long_table_goes_on_over_the_page_with_its_header_again(printer, mini_dist):
    def many_rows(page):
        show(page, "werkblad-1")
        for r in range(14):
            if r >= 2:
                page.click("#veld-wb1-plan [data-actie='rij-toevoegen']")
            page.fill(f"[name='wb1-plan.{r}.notitie']", f"Rij {r + 1}: " + "een notitie over wat ik die dag deed. " * 6)

    pdf = printer(mini_dist.joinpath("index.html").as_uri(), "rows", before=many_rows)
    per_page = [p for p in text(pdf).split("\f") if p.strip()]
    with_table = [p for p in per_page if "Rij " in p]
    assert len(with_table) >= 2, "the table should need more than one page"
    for p in with_table:
        assert "Wanneer?" in p and "Notitie" in p, "every page with table rows repeats the header"
    assert all(f"Rij {r + 1}:" in " ".join(per_page) for r in range(14))


def test_the_answer_file_of_a_long_table_leaves_no_page_mostly_empty(browser, mini_dist, tmp_path):
    """The downloaded answer file printed: a werkblad with a long table starts on page 1 (its whole section
    was pushed to page 2, leaving page 1 with only the heading)."""
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(mini_dist.joinpath("index.html").as_uri())
        show(page, "werkblad-1")
        for r in range(30):
            if r >= 2:
                page.click("#veld-wb1-plan [data-actie='rij-toevoegen']")
            page.fill(f"[name='wb1-plan.{r}.notitie']", f"Rij {r + 1}: een notitie over wat ik die dag deed.")
        download_all(page, tmp_path)
        page.goto((tmp_path / "alles.html").as_uri())
        pdf = print_pdf(page, tmp_path / "alles.pdf")
        fill = [used(rows) for rows in gray_pages(pdf)]
        assert len(fill) >= 2 and all(f >= 0.6 for f in fill[:-1]), [round(f, 2) for f in fill]
    finally:
        context.close()


def _fill_everything(page):
    page.evaluate("""() => {
        const text = 'Een antwoord van een leerling dat over een paar regels doorloopt, zoals echte antwoorden doen. ';
        document.querySelectorAll('.view.is-current textarea, .view.is-current input[type=text]').forEach((c) => {
            c.value = text.repeat(c.tagName === 'TEXTAREA' ? 3 : 1);
            c.dispatchEvent(new Event('input', { bubbles: true }));
        });
    }""")


@pytest.mark.parametrize("filled", [False, True], ids=["blank", "filled"])
def test_no_page_of_a_werkblad_is_left_mostly_empty(browser, site_dist, tmp_path, filled):
    context = browser.new_context()
    try:
        page = context.new_page()
        emptyish = {}
        for nummer in range(1, 18):
            page.goto(site_dist.joinpath("index.html").as_uri() + f"#werkblad-{nummer}")
            if filled:
                _fill_everything(page)
            pdf = print_pdf(page, tmp_path / f"wb{nummer}.pdf")
            fill = [used(rows) for rows in gray_pages(pdf)]
            if any(f < 0.6 for f in fill[:-1]):
                emptyish[nummer] = [round(f, 2) for f in fill]
        assert emptyish == {}, "werkblad: how full each page is"
    finally:
        context.close()


def test_table_borders_are_complete_on_paper(printer, site_dist):
    """The right border of a full-width table lies on the page (it did not)."""
    pdf = printer(site_dist.joinpath("index.html").as_uri() + "#werkblad-3", "wb3")
    rows = gray_pages(pdf, dpi=100)[0]
    width = len(rows[0])
    right = round(width * (210 - 15) / 210)  # the right edge of the printable area

    def dark_run(x):  # the longest vertical run of dark pixels in column x
        best = run = 0
        for row in rows:
            run = run + 1 if row[x] < 200 else 0
            best = max(best, run)
        return best

    assert max(dark_run(x) for x in range(right - 8, right + 1)) > 100, "no right border near the page's edge"


def test_all_werkbladen_print_blank_without_stored_answers(browser, site_dist, tmp_path):
    index = site_dist.joinpath("index.html").as_uri()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(index)
        page.fill("#leerling-naam", "Geheime Naam")
        page.fill("#leerling-klas", "3Z")
        show(page, "werkblad-3")
        page.fill("[name='wb3-favoriet']", "Geheim antwoord")
        page.fill("[name='wb3-filmpjes.0.beroep']", "Geheim beroep")
        page.check("#werkblad-3 input[type=checkbox] >> nth=0")
        wait_until(page, "() => Object.keys(localStorage).some(k => k.includes('wb3-favoriet'))")

        page.goto(site_dist.joinpath("handleiding.html").as_uri())
        page.click("text=Alle werkbladen afdrukken")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.hasAttribute('data-blanco')")
        shown = page.evaluate("Array.from(document.querySelectorAll('.view')).filter(v => v.getClientRects().length).map(v => v.id)")
        assert shown == [f"werkblad-{n}" for n in range(1, 18)]
        assert page.input_value("[name='wb3-favoriet']") == ""
        assert page.evaluate("document.querySelectorAll('input:checked').length") == 0

        pdf = print_pdf(page, tmp_path / "alle.pdf")
        words = text(pdf)
        assert "Geheim" not in words and "3Z" not in words
        assert words.count("Naam:") == 17
        assert all(f"Werkblad {n}\n" in words for n in range(1, 18))
        assert "Alle werkbladen afdrukken" not in words  # the explanation is for the screen only

        # typing in the print view stores nothing, and the answers are still there
        page.fill("[name='wb3-favoriet']", "In de afdrukversie getypt")
        page.goto(index + "#werkblad-3")
        wait_until(page, "() => document.querySelector('[name=\"wb3-favoriet\"]').value === 'Geheim antwoord'")
    finally:
        context.close()


def test_the_routekaart_prints_on_one_a4_page_in_landscape(printer, site_dist):
    pdf = printer(site_dist.joinpath("routekaart.html").as_uri(), "routekaart")
    assert pages(pdf) == [A4_LANDSCAPE]
    words = text(pdf)
    for phase in ("Voorbereiding en matching", "Stageperiode", "Beoordeling", "Evaluatie"):
        assert phase in words
    assert "Stagebedrijf" in words
