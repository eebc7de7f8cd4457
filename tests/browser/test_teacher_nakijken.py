"""Nakijken in real Chromium: answer files of five students, made through the
real student page (fill in, set naam and klas, click the download button),
are loaded at once on file:// (and once over http and by drag and drop). The
page shows them per student and per question, filters by klas, exports a CSV
that Dutch Excel opens, keeps the newest of two files, lists files it cannot
read with the reason, and never runs what a student typed."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_answers_support import fill_all, read_answer_file, show, wait_until

HOSTILE_NAME = "Daan <img src=x onerror=window.__pwned=1>"
HOSTILE = 'Hoi </script><script>window.__pwned=2</script> <b onmouseover="window.__pwned=3">vet</b>'
EXCEL = '=HYPERLINK("http://x.test";"klik"); "quotes"; puntkomma; en\neen tweede regel'


@dataclass
class Files:
    folder: Path
    students: dict  # file name -> parsed JSON
    bad: dict  # file name -> expected reason (a part of it)

    def paths(self, *names) -> list[str]:
        return [str(self.folder / n) for n in (names or [*self.students, *self.bad])]


def _download(page, selector: str, folder: Path) -> str:
    """Click a download button and save the file as a browser would: a second
    file with the same name gets " (1)" added."""
    with page.expect_download() as info:
        page.click(selector)
    name = info.value.suggested_filename
    if (folder / name).exists():
        name = name.replace(".html", " (1).html")
    info.value.save_as(folder / name)
    return name


def _student(browser, url: str, naam: str, klas: str, steps, folder: Path) -> list[str]:
    """One student in a fresh browser: naam and klas, then the steps (fill
    fields, click download buttons); returns the names of the saved files."""
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(url)
        page.fill("#leerling-naam", naam)
        page.fill("#leerling-klas", klas)
        return [name for step in steps if (name := step(page, folder))]
    finally:
        context.close()


def download(view: str, selector: str):
    def step(page, folder):
        show(page, view)
        return _download(page, selector, folder)
    return step


ALLES = download("start", "text=Download al je antwoorden")
WB1 = download("werkblad-1", "#werkblad-1 >> text=Download dit werkblad")
WB2 = download("werkblad-2", "#werkblad-2 >> text=Download dit werkblad")


@pytest.fixture(scope="module")
def files(browser, mini_dist, tmp_path_factory) -> Files:
    folder = tmp_path_factory.mktemp("antwoordbestanden")
    url = mini_dist.joinpath("index.html").as_uri()

    def ayla(page, folder):
        show(page, "werkblad-1")
        page.fill("[name='wb1-naam']", "Garage Oud")
        page.check("#v-wb1-kleur-rood")

    def ayla_later(page, folder):
        page.wait_for_timeout(20)  # a later `gemaakt`
        page.fill("[name='wb1-naam']", "Garage Nieuw")

    def daan(page, folder):
        show(page, "werkblad-1")
        page.fill("[name='wb1-naam']", HOSTILE)
        page.fill("[name='wb1-verhaal']", "<script>window.__pwned=4</script>")
        page.fill("[name='wb1-plan.0.wat']", HOSTILE)
        show(page, "kaart-2")
        page.fill("[name='kaart2-vraag']", "&lt;b&gt; blijft tekst")

    def fatima(page, folder):
        show(page, "werkblad-1")
        page.fill("[name='wb1-naam']", "Kapsalon Fatima")
        page.fill("[name='wb1-verhaal']", EXCEL)
        show(page, "werkblad-2")
        page.fill("[name='wb2-tip']", "-op tijd komen")
        show(page, "kaart-2")
        page.fill("[name='kaart2-vraag']", "Ik weet al veel.")

    def jesse(page, folder):
        show(page, "werkblad-2")
        page.fill("[name='wb2-tip']", "Vraag veel.")

    def sam(page, folder):
        fill_all(page)

    names = []
    names += _student(browser, url, "Sam de Vries", "3B", [sam, ALLES], folder)
    names += _student(browser, url, "Ayla", "3B", [ayla, WB1, ayla_later, WB1], folder)
    names += _student(browser, url, HOSTILE_NAME, "3A", [daan, ALLES], folder)
    names += _student(browser, url, "Fatima", "3A", [fatima, ALLES], folder)
    names += _student(browser, url, "Jesse", "4C", [jesse, WB2], folder)
    assert len(names) == 6, names
    students = {n: read_answer_file((folder / n).read_text(encoding="utf-8")) for n in names}

    sam_file = names[0]
    sam_text = (folder / sam_file).read_text(encoding="utf-8")
    bad = {
        "kapot.html": "beschadigd",
        "nieuwer.html": "nieuwere versie",
        "brief.html": "geen antwoordbestand",
        "foto.png": "geen antwoordbestand",
    }
    script = re.search(r'(<script type="application/json" id="opstage-antwoorden">)(.*?)(</script>)', sam_text, re.S)
    (folder / "kapot.html").write_text(sam_text.replace(script.group(2), script.group(2)[:200]), encoding="utf-8")
    newer = dict(students[sam_file], versie=3)
    (folder / "nieuwer.html").write_text(_with_json(sam_text, newer), encoding="utf-8")
    (folder / "brief.html").write_text("<!DOCTYPE html><title>Brief</title><p onclick=x>Beste meneer,</p>", encoding="utf-8")
    (folder / "foto.png").write_bytes(b"\x89PNG\r\n\x1a\nniet echt")
    return Files(folder, students, bad)


def _with_json(html: str, data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return re.sub(r'(id="opstage-antwoorden">).*?(</script>)', lambda m: m.group(1) + text + m.group(2), html, flags=re.S)


def load(page, paths) -> None:
    page.set_input_files("#nk-bestanden", paths)
    # (wait_until, not wait_for_function: its polling evaluates strings, which the page's CSP forbids)
    wait_until(page, "() => /gelezen/.test(document.querySelector('.nk-status').textContent)")


def overview(page) -> list[list[str]]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('.nk-rooster tbody tr'))
        .map(tr => Array.from(tr.cells).map(c => c.textContent))""")


def assert_clean(page, watched, base: str) -> None:
    assert page.evaluate("window.__pwned") is None
    assert watched.page_errors == []
    assert watched.console_errors == []
    assert watched.outside(base) == []


@pytest.fixture
def nakijken(open_page, mini_dist):
    page, watched = open_page(mini_dist.joinpath("nakijken.html").as_uri())
    return page, watched


def test_per_student(nakijken, files, mini_dist):
    page, watched = nakijken
    load(page, files.paths())
    assert page.text_content(".nk-status") == "6 bestanden gelezen, 5 leerlingen. 4 bestanden niet gelezen."
    rows = overview(page)
    assert [(r[0], r[1]) for r in rows] == [
        ("Daan <img src=x onerror=window.__pwned=1>", "3A"), ("Fatima", "3A"),
        ("Ayla", "3B"), ("Sam de Vries", "3B"), ("Jesse", "4C")]
    # the grid: Kaart 2, Werkblad 1, Werkblad 2
    assert rows[3][3:] == ["1 van 1", "10 van 10", "1 van 1"]
    assert rows[2][3:] == ["–niet ingeleverd", "2 van 10", "–niet ingeleverd"]
    assert re.fullmatch(r"\d{1,2} \w+\.?,? \d\d:\d\d", rows[0][2]), rows[0][2]  # "1 dec, 10:15": short for the grid

    sam = page.locator(".nk-leerling", has_text="Sam de Vries (3B)")
    text = sam.inner_text()
    for label, answer in [("Hoe heet je stagebedrijf?", "Bakkerij Jansen"), ("Vertel over je stage.", "Tweede regel"),
                          ("Welke kleur vind je mooi?", "Blauw"), ("Op welke dagen werk je?", "Woensdag"),
                          ("Mening of feit?", "Stage is leuk."), ("Je stappenplan", "Extra rij"),
                          ("Wanneer begin je?", "1 februari 2027"), ("Wat heb je al gedaan?", "Een cv gemaakt"),
                          ("Hoeveel zin heb je in je stage?", "4 (van 1 tot 5)"), ("Wat is je beste tip?", "Bakkerij Jansen"),
                          ("Wat weet je al?", "Bakkerij Jansen")]:
        assert label in text and answer in text, (label, answer)
    img = sam.locator("img")
    assert img.count() == 1 and img.get_attribute("src").startswith("data:image/jpeg;base64,")
    img.scroll_into_view_if_needed()  # photos load lazily
    wait_until(page, "() => { const i = document.querySelector('.nk-leerling img'); return i.complete && i.naturalWidth > 0; }")

    daan = page.locator(".nk-leerling", has_text="(3A)").first
    assert daan.locator("h3").text_content() == HOSTILE_NAME + " (3A)"
    assert HOSTILE in daan.text_content() and "<script>window.__pwned=4</script>" in daan.text_content()
    assert "&lt;b&gt; blijft tekst" in daan.text_content()
    assert page.locator(".nk-uitvoer script, .nk-uitvoer [onerror], .nk-uitvoer [onmouseover], .nk-uitvoer b").count() == 0
    page.hover(".nk-leerling >> nth=0")
    assert_clean(page, watched, mini_dist.as_uri())


def test_unreadable_files_are_listed_with_the_reason(nakijken, files):
    page, _ = nakijken
    load(page, files.paths(*files.bad))
    assert page.text_content(".nk-status") == "0 bestanden gelezen, 0 leerlingen. 4 bestanden niet gelezen."
    items = page.locator(".nk-melding--fout li").all_text_contents()
    assert len(items) == 4
    for name, reason in files.bad.items():
        line = next(i for i in items if i.startswith(name + ": "))
        assert reason in line.lower(), line
    assert page.locator(".nk-balk").is_hidden()


def test_newest_file_wins_and_the_page_says_so(nakijken, files):
    page, _ = nakijken
    ayla = [n for n in files.students if n.startswith("op-stage_Ayla")]
    load(page, files.paths(*ayla))
    assert len(overview(page)) == 1
    article = page.locator(".nk-leerling")
    assert "Garage Nieuw" in article.text_content() and "Garage Oud" not in article.text_content()
    note = page.locator(".nk-melding:not(.nk-melding--fout) li").all_text_contents()
    assert len(note) == 1
    older, newer = sorted(ayla, key=lambda n: files.students[n]["gemaakt"])
    assert newer.endswith(" (1).html")
    assert note[0].startswith("Ayla (3B): Werkblad 1: Alle soorten vragen zat in 2 bestanden. Het nieuwste is gebruikt: " + newer)
    assert "Niet gebruikt: " + older + " (" in note[0]


def test_per_question_side_by_side(nakijken, files):
    page, _ = nakijken
    load(page, files.paths())
    page.click("text=Per vraag")
    assert page.get_attribute(".nk-balk >> text=Per vraag", "aria-pressed") == "true"
    section = page.locator(".nk-perVraag", has=page.locator("h4", has_text="Hoe heet je stagebedrijf?"))
    rows = section.evaluate("s => Array.from(s.querySelectorAll('tr')).map(tr => [tr.cells[0].textContent, tr.cells[1].textContent])")
    assert rows == [[HOSTILE_NAME + " (3A)", HOSTILE], ["Fatima (3A)", "Kapsalon Fatima"], ["Ayla (3B)", "Garage Nieuw"],
                    ["Sam de Vries (3B)", "Bakkerij Jansen"]]
    tip = page.locator(".nk-perVraag", has=page.locator("h4", has_text="Wat is je beste tip?"))
    assert tip.locator("th").all_text_contents() == ["Fatima (3A)", "Sam de Vries (3B)", "Jesse (4C)"]
    kleur = page.locator(".nk-perVraag", has=page.locator("h4", has_text="Welke kleur vind je mooi?"))
    assert kleur.locator(".nk-niet").text_content() == "Niet ingevuld door: " + HOSTILE_NAME + " (3A), Fatima (3A)"
    assert page.evaluate("window.__pwned") is None


def test_klas_filter(nakijken, files):
    page, _ = nakijken
    load(page, files.paths())
    options = page.locator(".nk-balk select option").all_text_contents()
    assert options == ["Alle klassen", "3A", "3B", "4C"]
    page.select_option(".nk-balk select", "3A")
    assert [r[0] for r in overview(page)] == [HOSTILE_NAME, "Fatima"]
    assert page.locator(".nk-leerling").count() == 2
    assert "2 in klas 3A" in page.text_content(".nk-status")
    page.click("text=Per vraag")
    assert "Jesse" not in page.text_content(".nk-uitvoer") and "Fatima" in page.text_content(".nk-uitvoer")
    page.select_option(".nk-balk select", "")
    assert "Jesse" in page.text_content(".nk-uitvoer")


def _flat(record: dict) -> str:
    """What the CSV should hold for an answer (see the Nakijken help text)."""
    v, kind = record["waarde"], record["type"]
    items = {"cv": "Een cv gemaakt", "brief": "Een brief geschreven", "maandag": "Maandag", "dinsdag": "Dinsdag",
             "woensdag": "Woensdag"}
    opties = {"rood": "Rood", "blauw": "Blauw", "groen": "Groen", "mening": "Mening", "feit": "Feit"}
    if kind == "keuze":
        return opties[v]
    if kind == "datum":
        return _date(v)
    if kind == "schaal":
        return f"{v} (van 1 tot 5)"
    if isinstance(v, str):
        return v
    if kind == "foto":
        return ("[foto] " if v["foto"] else "") + v["bijschrift"]
    if kind in ("meerkeuze", "checklist"):
        return "\n".join(items.get(x, x) for x in v)
    if kind == "stellingen":
        zinnen = {"s1": "Stage is leuk.", "s2": "Een stage duurt een paar weken."}
        return "\n".join(f"Zin: {zinnen[k]}; Antwoord: {opties[a]}" for k, a in v.items())
    kolommen = {"wat": "Wat ga je doen?", "wanneer": "Wanneer?", "notitie": "Notitie"}
    return "\n".join("; ".join(f"{label}: {_date(row.get(k, '')) if k == 'wanneer' else row.get(k, '')}"
                               for k, label in kolommen.items()) for row in v)


def _date(s: str) -> str:
    months = "januari februari maart april mei juni juli augustus september oktober november december".split()
    if not s:
        return ""
    y, m, d = s.split("-")
    return f"{int(d)} {months[int(m) - 1]} {y}"


def _excel(s: str) -> str:
    return "'" + s if s[:1] in ("=", "+", "-", "@") else s


def test_csv_for_dutch_excel(nakijken, files, tmp_path):
    page, _ = nakijken
    load(page, files.paths())
    with page.expect_download() as info:
        page.click("text=Download als CSV (Excel)")
    assert re.fullmatch(r"op-stage_nakijken_alle-klassen_\d{4}-\d\d-\d\d\.csv", info.value.suggested_filename)
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") >= 2
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Naam", "Klas", "Ingeleverd", "Onderdeel", "Vraag-id", "Vraag", "Antwoord", "Feedback"]

    want = set()
    newest = {}
    for data in files.students.values():
        key = (data["leerling"]["naam"], data["leerling"]["klas"])
        if key not in newest or data["gemaakt"] > newest[key]["gemaakt"]:
            newest[key] = data
    for data in newest.values():
        for qid, record in data["antwoorden"].items():
            want.add((_excel(data["leerling"]["naam"]), data["leerling"]["klas"], qid, _excel(_flat(record))))
    got = {(r[0], r[1], r[4], r[6]) for r in rows[1:]}
    assert len(rows) - 1 == len(want) == len(got)
    assert got == want
    fatima = {r[4]: r for r in rows[1:] if r[0] == "Fatima"}
    assert fatima["wb1-verhaal"][6] == "'" + EXCEL  # a formula stays text in Excel
    assert fatima["wb2-tip"][6] == "'-op tijd komen"
    assert fatima["wb1-verhaal"][3] == "Werkblad 1: Alle soorten vragen"
    assert fatima["wb1-verhaal"][5] == "Vertel over je stage."
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", fatima["wb1-verhaal"][2])

    page.select_option(".nk-balk select", "4C")
    with page.expect_download() as info:
        page.click("text=Download als CSV (Excel)")
    assert "_4C_" in info.value.suggested_filename
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["Jesse"]


def test_print_one_student(nakijken, files):
    page, _ = nakijken
    load(page, files.paths())
    page.evaluate("() => { window.print = () => { window.__printed = document.querySelector('.nk-print-dit h3').textContent; }; }")
    page.click(".nk-leerling:has-text('Fatima (3A)') >> text=Afdrukken")
    assert page.evaluate("window.__printed") == "Fatima (3A)"
    page.emulate_media(media="print")
    visible = [h.text_content() for h in page.locator(".nk-leerling h3").all() if h.is_visible()]
    assert visible == ["Fatima (3A)"]
    for hidden in (".nk-kies", ".nk-balk", ".nk-overzicht-blok", ".voet", ".kop", "h1"):
        assert page.locator(hidden).first.is_hidden(), hidden
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    visible = [h for h in page.locator(".nk-leerling h3").all() if h.is_visible()]
    assert len(visible) == 5  # the browser's own print prints every student


def test_drop_files(nakijken, files):
    page, watched = nakijken
    payload = [{"name": n, "text": (files.folder / n).read_text(encoding="utf-8")} for n in sorted(files.students)[:3]]
    page.evaluate("""(files) => {
        const dt = new DataTransfer();
        for (const f of files) dt.items.add(new File([f.text], f.name, {type: 'text/html'}));
        const target = document.querySelector('.nk');
        target.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
        target.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""", payload)
    wait_until(page, "() => /gelezen/.test(document.querySelector('.nk-status').textContent)")
    assert page.text_content(".nk-status").startswith("3 bestanden gelezen")
    assert page.url.endswith("nakijken.html")
    # more files add to the list
    load(page, files.paths(*sorted(files.students)[3:]))
    assert page.text_content(".nk-status") == "6 bestanden gelezen, 5 leerlingen."
    page.click("text=Begin opnieuw")
    page.click("dialog[open] >> text=Ja, wis alles")
    assert page.text_content(".nk-status") == "Er zijn nog geen bestanden gekozen."
    assert watched.page_errors == []


def test_over_http(open_page, files, mini_dist, http_site):
    server = http_site(mini_dist)
    page, watched = open_page(server.url("nakijken.html"))
    load(page, files.paths())
    assert len(overview(page)) == 5
    assert_clean(page, watched, server.url())


def test_without_javascript(open_page, mini_dist):
    page, _ = open_page(mini_dist.joinpath("nakijken.html").as_uri(), js=False)
    assert "werkt alleen als JavaScript aan staat" in page.text_content(".nk")
    assert page.locator(".nk-geen-js").is_visible()


def test_footer_links_to_nakijken(open_page, mini_dist):
    page, _ = open_page(mini_dist.joinpath("index.html").as_uri())
    page.click(".voet >> text=Nakijken")
    assert page.url.endswith("nakijken.html")
    assert page.get_attribute(".voet >> text=Nakijken", "aria-current") == "page"


def test_accessible_with_answers_loaded(browser, files, mini_dist):
    """axe (WCAG 2.1 AA) on both views with every kind of answer shown."""
    from test_quality_a11y import AXE, violations

    context = browser.new_context(bypass_csp=True)  # only so axe can be injected
    try:
        page = context.new_page()
        page.goto(mini_dist.joinpath("nakijken.html").as_uri())
        page.add_script_tag(path=str(AXE))
        load(page, files.paths())
        assert violations(page) == []
        page.click("text=Per vraag")
        assert violations(page) == []
    finally:
        context.close()


def test_crafted_file_runs_nothing(nakijken, files, mini_dist, tmp_path):
    """A file made by hand to attack the page: only checked values show, as text."""
    sam = next(n for n in files.students if n.startswith("op-stage_Sam"))
    data = {
        "formaat": "opstage-antwoorden", "versie": 1, "site": "mini-stage", "gemaakt": "<b>nu</b>",
        "leerling": {"naam": "<svg onload=window.__pwned=5>", "klas": ["3B"]},
        "antwoorden": {
            "wb1-foto": {"type": "foto", "waarde": {"bijschrift": "kijk", "foto": "javascript:window.__pwned=6"}},
            "wb1-zin": {"type": "schaal", "waarde": 4},
            "wb1-kleur": {"type": "script", "waarde": "x"},
            "wb1-naam": {"type": "tekst", "waarde": "Goed", "label": "<img src=x onerror=window.__pwned=7>"},
            "<img src=x onerror=window.__pwned=8>": {"type": "tekst", "waarde": "id met html"},
            "nieuw-veld": {"type": "tekst", "waarde": "weg uit de inhoud", "label": "<i>Oude vraag</i>", "werkblad": 1},
        },
    }
    path = tmp_path / "aanval.html"
    path.write_text(_with_json((files.folder / sam).read_text(encoding="utf-8"), data)
                    + '<img src=x onerror="window.__pwned=9"><script>window.__pwned=10</script>', encoding="utf-8")
    page, watched = nakijken
    load(page, [str(path)])
    article = page.locator(".nk-leerling")
    assert article.locator("h3").text_content() == "<svg onload=window.__pwned=5> (geen klas)"
    text = article.text_content()
    assert "kijk" in text and "Goed" in text and "weg uit de inhoud" in text and "<i>Oude vraag</i>" in text
    assert "Hoe heet je stagebedrijf?" in text  # the label from the content, not the file
    assert "id met html" not in text and "Welke kleur" not in text and "Hoeveel zin" not in text
    assert article.locator("img, svg, i, script").count() == 0
    assert_clean(page, watched, mini_dist.as_uri())
