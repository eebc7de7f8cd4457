"""Feedback to the student (issue 11): the teacher types feedback on Nakijken
for two students whose files were made through the real student page; it is
kept in the teacher's browser, comes back with the same files, goes out as one
self-contained .html file per student (or one zip, read back here with
Python's zipfile), and each student sees only their own feedback after
loading it with "Verder werken met een bestand". Hostile text goes both ways
as text only. Also: the overview grid (totals, a click opens the answers,
A4 landscape print)."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from test_answers_support import fill_all, load_file, prefixed_keys, read_answer_file, show, snapshot, download_all
from test_teacher_nakijken import ALLES, WB1, _student, assert_clean, load, overview

EVIL = 'Goed! <img src=x onerror="window.__pwned=1"> </script><script>window.__pwned=2</script> & meer'
EVIL_STUDENT = "</script><img src=x onerror=window.__pwned=3>"
PREFIX = "opstage-docent:mini-stage:feedback:"


@pytest.fixture(scope="module")
def klas(browser, mini_dist, tmp_path_factory):
    """Sam (everything, card 2 with hostile text) and Ayla (werkblad 1): their answer files."""
    folder = tmp_path_factory.mktemp("feedback")
    url = mini_dist.joinpath("index.html").as_uri()

    def sam(page, folder):
        fill_all(page, photo=False)
        page.fill("[name='kaart2-vraag']", EVIL_STUDENT)

    def ayla(page, folder):
        show(page, "werkblad-1")
        page.fill("[name='wb1-naam']", "Garage Ayla")

    files = {"sam": _student(browser, url, "Sam", "3B", [sam, ALLES], folder)[0],
             "ayla": _student(browser, url, "Ayla", "3B", [ayla, WB1], folder)[0]}
    return folder, {k: str(folder / v) for k, v in files.items()}


def article(page, who: str):
    return page.locator(".nk-leerling", has=page.locator("h3", has_text=who))


def type_feedback(page):
    sam = article(page, "Sam (3B)")
    sam.get_by_label("Algemene opmerking voor Sam").fill("Je hebt hard gewerkt.\nGa zo door.")
    sam.get_by_label("Feedback voor Sam bij Werkblad 1").fill(EVIL)
    sam.get_by_label("Feedback voor Sam bij Kaart 2").fill("Mooi antwoord op de kaart.")
    article(page, "Ayla (3B)").get_by_label("Feedback voor Ayla bij Werkblad 1").fill("Vul ook de andere vragen in.")


@pytest.fixture
def nakijken(open_page, mini_dist):
    return open_page(mini_dist.joinpath("nakijken.html").as_uri(), viewport={"width": 1280, "height": 900})


def feedback_file(page, who: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click(f"button[aria-label='Download feedback voor {who}']")
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_feedback_is_kept_and_comes_back_with_the_same_files(nakijken, klas, browser, mini_dist):
    page, watched = nakijken
    folder, files = klas
    load(page, [files["sam"], files["ayla"]])
    assert [r[0] for r in overview(page)] == ["Ayla", "Sam"]
    assert page.locator(".nk-cel--fb").count() == 0
    type_feedback(page)
    assert page.locator(".nk-cel--fb").count() == 3  # the grid follows the typing
    assert len(prefixed_keys(page, PREFIX)) == 2
    assert prefixed_keys(page, "opstage:") == []  # never among the students' keys
    page.reload()
    assert page.locator(".nk-leerling").count() == 0
    load(page, [files["ayla"], files["sam"]])
    assert article(page, "Sam (3B)").get_by_label("Feedback voor Sam bij Werkblad 1").input_value() == EVIL
    assert article(page, "Sam (3B)").get_by_label("Algemene opmerking voor Sam").input_value() == "Je hebt hard gewerkt.\nGa zo door."
    assert article(page, "Ayla (3B)").get_by_label("Feedback voor Ayla bij Werkblad 1").input_value() == "Vul ook de andere vragen in."
    assert page.locator(".nk-cel--fb").count() == 3
    # Begin opnieuw asks first; Annuleren keeps everything
    page.click("text=Begin opnieuw")
    page.click("dialog[open] >> text=Annuleren")
    assert page.locator(".nk-leerling").count() == 2 and len(prefixed_keys(page, PREFIX)) == 2
    page.click("text=Begin opnieuw")
    assert "feedback" in page.text_content("dialog[open]")
    page.click("dialog[open] >> text=Ja, wis alles")
    assert page.text_content(".nk-status") == "Er zijn nog geen bestanden gekozen."
    assert prefixed_keys(page, PREFIX) == []
    load(page, [files["sam"]])
    assert article(page, "Sam (3B)").get_by_label("Feedback voor Sam bij Werkblad 1").input_value() == ""
    assert_clean(page, watched, "file://")


def class_feedback(page, files: dict, folder: Path) -> tuple[Path, Path]:
    """Sam's and Ayla's files in Nakijken, feedback typed: their feedback files."""
    load(page, [files["sam"], files["ayla"]])
    type_feedback(page)
    return feedback_file(page, "Sam (3B)", folder), feedback_file(page, "Ayla (3B)", folder)


def test_each_student_sees_only_their_own_feedback(nakijken, klas, browser, mini_dist, tmp_path):
    page, watched = nakijken
    folder, files = klas
    sam_fb, ayla_fb = class_feedback(page, files, tmp_path)
    assert re.fullmatch(r"op-stage_feedback_Sam_3B_\d{4}-\d\d-\d\d\.html", sam_fb.name)
    html = sam_fb.read_text(encoding="utf-8")
    data = read_answer_file(html)  # one JSON script, no other script, no handlers, <>& escaped
    assert data["formaat"] == "opstage-feedback" and data["versie"] == 1 and data["site"] == "mini-stage"
    assert data["leerling"] == {"naam": "Sam", "klas": "3B"}
    assert data["feedback"] == {"werkblad-1": EVIL, "kaart-2": "Mooi antwoord op de kaart."}
    assert data["algemeen"] == "Je hebt hard gewerkt.\nGa zo door."
    assert "<img" not in html and "&#60;img src=x" in html

    # readable without JavaScript, the hostile text as text
    from conftest import CHROMIUM_ARGS  # noqa: F401
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(sam_fb.as_uri())
        body = plain.inner_text("body")
        assert "Feedback voor Sam" in body and EVIL in body and "Mooi antwoord op de kaart." in body
        assert plain.locator("img").count() == 0
    finally:
        context.close()

    # Sam in his own browser: the feedback shows, the answers stay as they are
    context = browser.new_context(accept_downloads=True)
    try:
        student = context.new_page()
        errors = []
        student.on("pageerror", lambda e: errors.append(str(e)))
        student.goto(mini_dist.joinpath("index.html").as_uri())
        load_file(student, files["sam"], answer=None)
        before = snapshot(student), {k: student.evaluate("(k) => localStorage.getItem(k)", k) for k in prefixed_keys(student, "opstage:mini-stage:a:")}
        message = load_file(student, str(sam_fb), answer=None)
        assert "feedback van je docent staat erbij" in message
        assert (snapshot(student), {k: student.evaluate("(k) => localStorage.getItem(k)", k) for k in prefixed_keys(student, "opstage:mini-stage:a:")}) == before
        start = student.locator("#start .feedback-docent")
        assert start.count() == 1 and "Je hebt hard gewerkt.\nGa zo door." in start.inner_text()
        marked = student.locator(".kaartlijst__item:has(.kaartlijst__feedback)").evaluate_all("l => l.map(i => i.dataset.kaart)")
        assert marked == ["1", "2"]  # card 1 has werkblad 1; card 2 its question
        show(student, "werkblad-1")
        box = student.locator("#werkblad-1 .feedback-docent")
        assert box.locator("h3").text_content() == "Feedback van je docent"
        assert box.locator(".feedback-docent__tekst").text_content() == EVIL
        assert box.evaluate("b => b.compareDocumentPosition(document.querySelector('#werkblad-1 .werkblad__velden')) & Node.DOCUMENT_POSITION_FOLLOWING")
        show(student, "kaart-2")
        assert student.locator("#kaart-2 .feedback-docent + .kaartvraag").count() == 1
        assert student.locator("#werkblad-2 .feedback-docent").count() == 0
        assert student.locator(".feedback-docent img, .feedback-docent script").count() == 0
        # Ayla's feedback is refused and changes nothing
        message = load_file(student, str(ayla_fb), answer=None)
        assert "Dit is de feedback voor Ayla (3B)" in message and "niet voor jou" in message
        assert student.locator("#werkblad-1 .feedback-docent .feedback-docent__tekst").text_content() == EVIL
        # the next answer file says which feedback was seen; Nakijken shows it
        seen = download_all(student, tmp_path, "sam-later.html")
        assert seen["feedbackGezien"]["gemaakt"] == data["gemaakt"]
        assert sorted(seen["feedbackGezien"]["delen"]) == ["kaart-2", "werkblad-1"]
        assert "Feedback gelezen" in (tmp_path / "sam-later.html").read_text(encoding="utf-8")
        assert student.evaluate("window.__pwned") is None and errors == []
    finally:
        context.close()
    load(page, [str(tmp_path / "sam-later.html")])
    assert "Heeft de feedback van" in article(page, "Sam (3B)").text_content()
    # Ayla's browser takes Ayla's feedback
    context = browser.new_context()
    try:
        student = context.new_page()
        student.goto(mini_dist.joinpath("index.html").as_uri())
        load_file(student, files["ayla"], answer=None)
        assert "feedback van je docent staat erbij" in load_file(student, str(ayla_fb), answer=None)
        show(student, "werkblad-1")
        assert student.locator("#werkblad-1 .feedback-docent__tekst").text_content() == "Vul ook de andere vragen in."
        assert "niet voor jou" in load_file(student, str(sam_fb), answer=None)
        assert student.locator(".feedback-docent").count() == 1
        # a wipe takes the feedback too
        show(student, "start")
        student.click("text=Wis mijn antwoorden")
        student.click("dialog[open] >> text=Ja, wis alles")
        assert student.locator(".feedback-docent").count() == 0
    finally:
        context.close()
    assert_clean(page, watched, "file://")


def test_all_feedback_in_one_zip(nakijken, klas, tmp_path):
    page, _ = nakijken
    folder, files = klas
    load(page, [files["sam"], files["ayla"]])
    type_feedback(page)
    with page.expect_download() as info:
        page.click("text=Download alle feedback")
    assert re.fullmatch(r"op-stage_feedback_alle-klassen_\d{4}-\d\d-\d\d\.zip", info.value.suggested_filename)
    path = tmp_path / "alles.zip"
    info.value.save_as(path)
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None  # every CRC right
        names = z.namelist()
        assert len(names) == 2 and all(re.fullmatch(r"op-stage_feedback_(Sam|Ayla)_3B_\d{4}-\d\d-\d\d\.html", n) for n in names)
        assert all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())
        got = {read_answer_file(z.read(n).decode("utf-8"))["leerling"]["naam"]: read_answer_file(z.read(n).decode("utf-8")) for n in names}
    assert got["Sam"]["feedback"]["werkblad-1"] == EVIL
    assert got["Ayla"]["feedback"] == {"werkblad-1": "Vul ook de andere vragen in."}
    # and the CSV has a feedback column
    with page.expect_download() as info:
        page.click("text=Download als CSV (Excel)")
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][-1] == "Feedback"
    sam = [r for r in rows[1:] if r[0] == "Sam"]
    assert {r[7] for r in sam if r[4].startswith("wb1-")} == {EVIL}
    assert [r[7] for r in sam if r[3] == "Algemene opmerking"] == ["Je hebt hard gewerkt.\nGa zo door."]
    assert {r[7] for r in sam if r[4] == "wb2-tip"} == {""}


def test_feedback_zip_with_unicode_and_many_students(nakijken, klas, tmp_path):
    """Two students whose file names would be the same still get two files."""
    page, _ = nakijken
    folder, files = klas
    data = read_answer_file(Path(files["ayla"]).read_text(encoding="utf-8"))
    from test_teacher_nakijken import _with_json
    for i, naam in enumerate(["Zoë", "Zoe"]):
        d = dict(data, leerling={"naam": naam, "klas": "3B"})
        (tmp_path / f"z{i}.html").write_text(_with_json(Path(files["ayla"]).read_text(encoding="utf-8"), d), encoding="utf-8")
    load(page, [str(tmp_path / "z0.html"), str(tmp_path / "z1.html")])
    for who in ("Zoë", "Zoe"):
        article(page, who + " (3B)").get_by_label(f"Algemene opmerking voor {who}").fill(f"Hoi {who} ✓")
    with page.expect_download() as info:
        page.click("text=Download alle feedback")
    with zipfile.ZipFile(info.value.path()) as z:
        assert z.testzip() is None
        assert len(set(z.namelist())) == 2
        texts = sorted(read_answer_file(z.read(n).decode("utf-8"))["algemeen"] for n in z.namelist())
    assert texts == ["Hoi Zoe ✓", "Hoi Zoë ✓"]


def test_grid_totals_click_and_print(nakijken, klas, tmp_path):
    page, _ = nakijken
    folder, files = klas
    load(page, [files["sam"], files["ayla"]])
    heads = page.locator(".nk-rooster thead th").all_text_contents()
    assert heads == ["Naam", "Klas", "Ingeleverd", "K 2", "Wb 1", "Wb 2"]
    assert page.locator(".nk-rooster thead abbr").first.get_attribute("title") == "Kaart 2: Met een vraag"
    totals = page.locator(".nk-rooster tfoot td").all_text_contents()
    assert totals == ["1", "2", "1"]
    assert page.text_content(".nk-rooster tfoot th") == "Ingeleverd (van 2 leerlingen)"
    page.click("text=Per vraag")
    page.click(".nk-rooster tbody tr:has-text('Ayla') .nk-cel--in a")
    assert page.get_attribute(".nk-balk >> text=Per leerling", "aria-pressed") == "true"
    focused = page.evaluate("[document.activeElement.tagName, document.activeElement.textContent]")
    assert focused == ["H4", "Werkblad 1: Alle soorten vragen"]
    assert page.evaluate("document.activeElement.closest('.nk-leerling').querySelector('h3').textContent") == "Ayla (3B)"
    # the grid prints first, on A4 landscape; the students follow
    (tmp_path / "print.pdf").write_bytes(page.pdf(prefer_css_page_size=True))
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(tmp_path / "print.pdf")], capture_output=True, text=True, check=True).stdout
    sizes = [tuple(float(x) for x in m) for m in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)]
    assert len(sizes) >= 3
    assert sizes[0] == pytest.approx((841.9, 595.0), abs=1)  # A4 landscape: the grid
    assert all(s == pytest.approx((595.0, 841.9), abs=1) for s in sizes[1:])  # A4 portrait: the answers
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(tmp_path / "print.pdf"), "-"], capture_output=True, text=True).stdout
    assert first.startswith("Overzicht") and "Ayla" in first


def test_hostile_naam_in_a_feedback_file_stays_text(nakijken, klas, browser, tmp_path):
    """A student naam that tries to end the script or add a handler: the feedback file still has one JSON script only."""
    page, watched = nakijken
    folder, files = klas
    from test_teacher_nakijken import _with_json
    html = Path(files["ayla"]).read_text(encoding="utf-8")
    data = dict(read_answer_file(html), leerling={"naam": EVIL_STUDENT, "klas": '3B" onmouseover="window.__pwned=4'})
    (tmp_path / "boos.html").write_text(_with_json(html, data), encoding="utf-8")
    load(page, [str(tmp_path / "boos.html")])
    page.locator(".nk-leerling textarea").first.fill(EVIL)
    path = feedback_file(page, EVIL_STUDENT + ' (3B" onmouseover="window.__pwned=4)', tmp_path)
    got = read_answer_file(path.read_text(encoding="utf-8"))
    assert got["leerling"]["naam"] == EVIL_STUDENT and got["algemeen"] == EVIL
    context = browser.new_context()
    try:
        other = context.new_page()
        other.goto(path.as_uri())
        assert EVIL_STUDENT in other.inner_text("h1") and other.locator("img").count() == 0
        other.hover("h1")
        assert other.evaluate("window.__pwned") is None
    finally:
        context.close()
    assert_clean(page, watched, "file://")


def test_feedback_on_a_computer_without_naam_names_its_student(nakijken, klas, browser, mini_dist, tmp_path):
    """Sam loads his feedback on a PC where nobody is named yet: the next student must not see it as theirs."""
    page, _ = nakijken
    sam_fb, _ayla_fb = class_feedback(page, klas[1], tmp_path)
    context = browser.new_context()
    try:
        student = context.new_page()
        student.goto(mini_dist.joinpath("index.html").as_uri())
        assert "feedback van je docent staat erbij" in load_file(student, str(sam_fb), answer=None)
        assert student.evaluate("Opstage.antwoorden.leerling()") == {"naam": "Sam", "klas": "3B"}
        assert student.text_content(".antwoorden__vanwie").startswith("Op deze computer staan de antwoorden van Sam (3B).")
    finally:
        context.close()
