"""Answers in real Chromium, on file:// and over http: every field type is
saved as it is typed and comes back after a reload; the answer file is
downloaded, reads with JavaScript off, and loads back into a fresh browser;
Doorgaan / Afronden; wiping; no storage; broken files; content edits."""

from __future__ import annotations

import json
import re

import pytest
from test_answers_support import (PHOTO, expected, fill_all, load_file, prefixed_keys, read_answer_file, show, snapshot,
                                  values, wait_until)

from opstage_build.build import build
from testsupport import project_for

PREFIX = "opstage:mini-stage:"



def download(page, button: str, tmp_path) -> tuple[str, str]:
    with page.expect_download() as info:
        page.click(button)
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return info.value.suggested_filename, path.read_text(encoding="utf-8")


def test_fill_reload_download_and_load_back(open_page, browser, mini_url, tmp_path):
    page, watched = open_page(mini_url)
    fill_all(page)
    before = snapshot(page)
    assert before["wb1-foto#foto"] == "data:image/jpeg;base64,"
    assert len(prefixed_keys(page, PREFIX + "a:")) == 12

    page.reload()
    page.wait_for_selector("#veld-wb1-foto [data-foto-voorbeeld] img", state="attached")
    assert snapshot(page) == before
    assert page.text_content("#werkblad-1 .antwoorden-status") == "Je antwoorden worden bewaard op deze computer."

    show(page, "start")
    page.fill("#leerling-naam", "Sam de Vries")
    page.fill("#leerling-klas", "3B")
    page.click("text=Opslaan")
    assert "Sam de Vries" in page.text_content(".antwoorden__samenvatting")

    show(page, "werkblad-1")
    name, html = download(page, "#werkblad-1 >> text=Download dit werkblad", tmp_path)
    assert re.fullmatch(r"op-stage_Sam-de-Vries_3B_werkblad-1_\d{4}-\d\d-\d\d\.html", name)
    data = read_answer_file(html)
    assert data["omvang"] == "werkblad-1" and data["versie"] == 2 and data["site"] == "mini-stage"
    assert data["leerling"] == {"naam": "Sam de Vries", "klas": "3B"}
    want = {k: v for k, v in expected().items() if k.startswith("wb1-")}
    assert values(data["antwoorden"]) == want
    assert data["antwoorden"]["wb1-naam"]["label"] == "Hoe heet je stagebedrijf?"
    assert data["antwoorden"]["wb1-naam"]["werkblad"] == 1

    show(page, "start")
    name, html = download(page, "text=Download al je antwoorden", tmp_path)
    assert "_alles_" in name
    data = read_answer_file(html)
    assert values(data["antwoorden"]) == expected()
    assert data["antwoorden"]["kaart2-vraag"]["kaart"] == 2

    # the file reads with JavaScript off: naam, klas, date, every question and answer, the photo
    reader, _ = open_page((tmp_path / name).as_uri(), js=False)
    assert reader.text_content("dl dd:nth-of-type(1)") == "Sam de Vries"
    assert reader.text_content("dl dd:nth-of-type(2)") == "3B"
    assert re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", reader.text_content("dl dd:nth-of-type(3)"))
    sect = reader.locator("section[data-veld='wb1-verhaal']")
    assert sect.locator("h3").text_content() == "Vertel over je stage."
    assert sect.locator(".antwoord").text_content() == "Bakkerij Jansen\nTweede regel"
    assert reader.locator("section[data-veld='wb1-dagen'] li").all_text_contents() == ["Maandag", "Woensdag"]
    assert reader.locator("section[data-veld='wb1-klaar'] li").all_text_contents() == ["Een cv gemaakt"]
    assert "Stage is leuk.Feit" in reader.text_content("section[data-veld='wb1-stellingen'] tbody")
    assert reader.locator("section[data-veld='wb1-plan'] thead th").all_text_contents() == ["Wat ga je doen?", "Wanneer?", "Notitie"]
    assert reader.text_content("section[data-veld='wb1-plan'] tbody tr:first-child") == "Bakkerij Jansen1 maart 2027Bakkerij Jansen"
    assert reader.text_content("section[data-veld='wb1-start'] .antwoord") == "1 februari 2027"
    assert reader.text_content("section[data-veld='kaart2-vraag'] .antwoord") == "Bakkerij Jansen"
    photo = reader.locator("section[data-veld='wb1-foto'] img")
    assert photo.get_attribute("src").startswith("data:image/jpeg;base64,")
    assert reader.evaluate("(img) => img.naturalWidth", photo.element_handle()) == 1280
    # and with JavaScript on nothing runs or fails (its own CSP allows no script)
    opened, seen = open_page((tmp_path / name).as_uri())
    assert seen.page_errors == [] and seen.console_errors == []
    assert "script-src" not in opened.get_attribute("meta[http-equiv='Content-Security-Policy']", "content")

    # a fresh browser profile: load the file back
    fresh, fresh_watched = open_page(mini_url)
    message = load_file(fresh, tmp_path / name, answer=None)
    assert message.startswith("Gelukt")
    fresh.wait_for_selector("#veld-wb1-foto [data-foto-voorbeeld] img", state="attached")
    assert snapshot(fresh) == before
    assert fresh.input_value("#leerling-naam") == "Sam de Vries"
    fresh.reload()
    fresh.wait_for_selector("#veld-wb1-foto [data-foto-voorbeeld] img", state="attached")
    assert snapshot(fresh) == before

    # the same student's file again, while newer typing is here: merged answer
    # by answer, the newer wins and the older is kept beside it
    show(fresh, "werkblad-2")
    fresh.fill("[name='wb2-tip']", "Nieuwer antwoord")
    assert load_file(fresh, tmp_path / name, answer=None).startswith("Gelukt")
    assert fresh.input_value("[name='wb2-tip']") == "Nieuwer antwoord"
    assert fresh.text_content("#veld-wb2-tip [data-eerder] .eerder__tekst") == "Bakkerij Jansen"
    assert fresh.input_value("[name='wb1-naam']") == "Bakkerij Jansen"

    for w in (watched, fresh_watched):
        assert w.page_errors == [] and w.console_errors == []


def test_doorgaan_and_afronden(open_page, mini_url, tmp_path):
    page, watched = open_page(mini_url)
    assert page.locator("text=Doorgaan").is_hidden()
    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", "Geen kaartvraag")
    show(page, "start")
    assert page.locator("text=Doorgaan").is_hidden()
    show(page, "kaart-2")
    page.fill("[name='kaart2-vraag']", "Wat ik al weet")
    show(page, "start")
    page.click("text=Doorgaan")
    assert page.locator(".afronden #leerling-naam").is_visible()
    assert page.locator(".afronden #leerling-klas").is_visible()
    page.get_by_role("button", name="Afronden", exact=True).click()
    assert page.text_content("#leerling-naam-fout") == "Vul je naam in."
    assert page.evaluate("document.activeElement.id") == "leerling-naam"
    page.fill("#leerling-naam", "Ayla")
    page.fill("#leerling-klas", "3C")
    with page.expect_download() as info:
        page.get_by_role("button", name="Afronden", exact=True).click()
    assert re.fullmatch(r"op-stage_Ayla_3C_kaarten_[\d-]+\.html", info.value.suggested_filename)
    data = read_answer_file(open(info.value.path(), encoding="utf-8").read())
    assert data["omvang"] == "kaarten"
    assert data["leerling"] == {"naam": "Ayla", "klas": "3C"}
    assert values(data["antwoorden"]) == {"kaart2-vraag": "Wat ik al weet"}
    assert "Lever dit bestand in" in page.text_content(".antwoorden-melding")
    page.reload()  # naam and klas remembered
    assert "Ayla" in page.text_content(".antwoorden__samenvatting")
    assert page.locator("text=Doorgaan").is_visible()
    assert watched.page_errors == []


def test_a_card_question_is_handed_in_from_the_card(open_page, mini_url):
    page, watched = open_page(mini_url)
    show(page, "kaart-2")
    card = page.locator("#kaart-2")
    hand_in = card.get_by_role("button", name="Afronden", exact=True)
    assert hand_in.is_hidden(), "nothing to hand in before the question is answered"
    page.fill("[name='kaart2-vraag']", "Wat ik al weet")
    assert hand_in.is_visible() and "Lever je antwoorden" in card.text_content()
    hand_in.click()
    page.fill("#dl-leerling-naam", "Ayla")  # no naam yet: asked first
    page.fill("#dl-leerling-klas", "3C")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download", exact=True).click()
    assert re.fullmatch(r"op-stage_Ayla_3C_kaarten_[\d-]+\.html", info.value.suggested_filename)
    data = read_answer_file(open(info.value.path(), encoding="utf-8").read())
    assert data["omvang"] == "kaarten" and values(data["antwoorden"]) == {"kaart2-vraag": "Wat ik al weet"}
    assert info.value.suggested_filename in card.locator(".antwoorden-melding[role=status]").text_content()
    page.fill("[name='kaart2-vraag']", "")
    assert hand_in.is_hidden(), "an emptied answer has nothing to hand in"
    assert watched.page_errors == []


def test_klaar_on_the_card_goes_once_the_answer_changes(open_page, browser, mini_url):
    """"Klaar! Je antwoorden staan in het bestand ..." is about that file: an answer
    changed afterwards (here, or in a second tab) would not be in it."""
    page, watched = open_page(mini_url)
    show(page, "kaart-2")
    card = page.locator("#kaart-2")
    page.fill("[name='kaart2-vraag']", "Eerste antwoord")
    page.evaluate("() => Opstage.antwoorden.zetLeerling('Ayla', '3C')")
    with page.expect_download():
        card.get_by_role("button", name="Afronden", exact=True).click()
    klaar = card.locator(".antwoorden-melding[role=status]")
    assert "Klaar!" in klaar.text_content()
    page.fill("[name='kaart2-vraag']", "Later nog wat bijgeschreven")
    assert klaar.count() == 0, "the file no longer has what the card shows"
    with page.expect_download():
        card.get_by_role("button", name="Afronden", exact=True).click()
    assert "Klaar!" in klaar.text_content()
    other = page.context.new_page()
    other.goto(page.url)
    show(other, "kaart-2")
    other.fill("[name='kaart2-vraag']", "In het andere tabblad veranderd")
    page.wait_for_function("() => !document.querySelector('#kaart-2 .antwoorden-melding[role=status]')")
    assert watched.page_errors == []


def test_wis_removes_every_trace(open_page, mini_url, tmp_path):
    page, watched = open_page(mini_url)
    fill_all(page)
    show(page, "start")
    page.fill("#leerling-naam", "Sam")
    page.fill("#leerling-klas", "3B")
    assert page.evaluate("indexedDB.databases().then((d) => d.map((x) => x.name))") == [PREFIX + "fotos"]
    page.click("text=Wis mijn antwoorden")
    with page.expect_download() as info:
        page.click("dialog >> text=Eerst downloaden")
    assert len(read_answer_file(open(info.value.path(), encoding="utf-8").read())["antwoorden"]) == 12
    assert page.locator("dialog[open]").is_visible()
    page.click("dialog >> text=Ja, wis alles")
    assert page.text_content(".antwoorden-melding") == "Alles is gewist van deze computer."
    wait_until(page, "() => indexedDB.databases().then((d) => d.length === 0)")
    assert prefixed_keys(page, "opstage:") == []
    assert not any(v for k, v in snapshot(page).items())
    assert page.input_value("#leerling-naam") == ""
    page.reload()
    assert not any(v for k, v in snapshot(page).items())
    assert page.locator(".antwoorden__form").is_visible()
    assert watched.page_errors == []


def test_after_wis_the_next_student_sees_the_empty_form_at_once(open_page, mini_url):
    """A shared PC: student 1 saved naam and klas, then wipes; student 2 must not have to find "Wijzigen"."""
    page, watched = open_page(mini_url)
    page.fill("#leerling-naam", "Sanne de Vries")
    page.fill("#leerling-klas", "3B")
    page.click(".antwoorden__form >> text=Opslaan")
    assert page.locator(".antwoorden__samenvatting").is_visible()
    page.click("text=Wis mijn antwoorden")
    page.click("dialog >> text=Ja, wis alles")
    assert page.locator(".antwoorden__form").is_visible(), "the naam and klas form, ready for the next student"
    assert not page.locator(".antwoorden__samenvatting").is_visible()
    assert (page.input_value("#leerling-naam"), page.input_value("#leerling-klas")) == ("", "")
    assert page.locator(".antwoorden__form button").text_content() == "Opslaan"
    assert watched.page_errors == []


def test_storage_unavailable_warns_and_download_still_works(open_page, mini_dist):
    page, watched = open_page("about:blank")
    page.add_init_script("Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('nee', 'SecurityError'); }});")
    page.goto(mini_dist.joinpath("index.html").as_uri() + "#werkblad-2")
    status = page.text_content("#werkblad-2 .antwoorden-status")
    assert status.startswith("Let op: je antwoorden kunnen op deze computer niet bewaard worden")
    page.fill("[name='wb2-tip']", "Toch bewaard in het bestand")
    page.click("#werkblad-2 >> text=Download dit werkblad")
    # no naam yet: asked first, so no file is "zonder naam"
    page.fill("dialog[open] #dl-leerling-naam", "Noor")
    page.fill("dialog[open] #dl-leerling-klas", "4A")
    with page.expect_download() as info:
        page.click("dialog[open] >> text=Download")
    assert "_Noor_4A_werkblad-2_" in info.value.suggested_filename
    data = read_answer_file(open(info.value.path(), encoding="utf-8").read())
    assert values(data["antwoorden"]) == {"wb2-tip": "Toch bewaard in het bestand"}
    assert watched.page_errors == []


def test_storage_full_warns(open_page, mini_dist):
    page, watched = open_page("about:blank")
    page.add_init_script("""
      const real = Storage.prototype.setItem;
      Storage.prototype.setItem = function (k, v) {
        if (k.includes(':a:') && v.length > 40) throw new DOMException('vol', 'QuotaExceededError');
        return real.call(this, k, v);
      };""")
    page.goto(mini_dist.joinpath("index.html").as_uri() + "#werkblad-2")
    assert page.text_content("#werkblad-2 .antwoorden-status") == "Je antwoorden worden bewaard op deze computer."
    page.fill("[name='wb2-tip']", "Een lang antwoord dat niet meer past")
    assert "Niet al je antwoorden zijn bewaard" in page.text_content("#werkblad-2 .antwoorden-status")
    page.fill("[name='wb2-tip']", "")
    assert page.text_content("#werkblad-2 .antwoorden-status") == "Je antwoorden worden bewaard op deze computer."
    assert watched.page_errors == []


def answer_file(**changes) -> str:
    data = {"formaat": "opstage-antwoorden", "versie": 1, "site": "mini-stage", "gemaakt": "2026-11-28T10:00:00Z",
            "leerling": {"naam": "X", "klas": "Y"}, "omvang": "alles",
            "antwoorden": {"wb2-tip": {"waarde": "uit bestand", "type": "tekst", "label": "Tip", "werkblad": 2, "kaart": None}}}
    data.update(changes)
    return ('<!DOCTYPE html><title>x</title><script type="application/json" id="opstage-antwoorden">'
            + json.dumps(data) + "</script>")


@pytest.mark.parametrize("content, message", [
    (answer_file()[:-40], "beschadigd"),
    ("<!DOCTYPE html><title>Iets anders</title><p>Hallo</p>", "geen antwoordbestand"),
    ("\x00\xff garbage", "geen antwoordbestand"),
    (answer_file(formaat="iets-anders"), "geen antwoordbestand"),
    (answer_file(versie=3), "nieuwere versie"),
    (answer_file(site="een-andere-site"), "andere website"),
    (answer_file(antwoorden={"wb2-tip": {"waarde": 5, "type": "tekst"}}), "geen antwoorden"),
], ids=["afgebroken", "andere-html", "onzin", "ander-formaat", "nieuwere-versie", "andere-site", "foute-waarde"])
def test_bad_files_change_nothing(open_page, mini_dist, content, message):
    page, watched = open_page(mini_dist.joinpath("index.html").as_uri() + "#werkblad-2")
    page.fill("[name='wb2-tip']", "mijn eigen antwoord")
    before = (snapshot(page), page.evaluate("JSON.stringify(localStorage)"))
    text = load_file(page, {"name": "bestand.html", "mimeType": "text/html", "buffer": content.encode("utf-8", "surrogateescape")},
                     answer=None)
    assert message in text, text
    assert page.locator(".antwoorden-melding--fout").is_visible()
    assert (snapshot(page), page.evaluate("JSON.stringify(localStorage)")) == before
    assert watched.page_errors == []


def test_answers_survive_content_edits(open_page, mini_copy, tmp_path):
    old, new = tmp_path / "oud", tmp_path / "nieuw"
    build(project_for(mini_copy), old)
    page, watched = open_page(old.joinpath("index.html").as_uri() + "#werkblad-2")
    page.fill("[name='wb2-tip']", "Vraag hulp")
    show(page, "werkblad-1")
    page.fill("[name='wb1-naam']", "Bakkerij Jansen")

    sheet = mini_copy / "werkbladen" / "02-kort.yaml"
    sheet.write_text(sheet.read_text().replace("wb2-tip", "wb2-nieuw").replace("Wat is je beste tip?", "Nieuwe vraag"))
    first = mini_copy / "werkbladen" / "01-alles.yaml"
    first.write_text(first.read_text().replace("Hoe heet je stagebedrijf?", "Wat is de naam van je stagebedrijf?"))
    build(project_for(mini_copy), new)

    # file:// pages share localStorage in Chromium: the new build finds the answers
    page.goto(new.joinpath("index.html").as_uri() + "#werkblad-1")
    assert page.input_value("[name='wb1-naam']") == "Bakkerij Jansen"
    assert page.text_content("label[for='v-wb1-naam']") == "Wat is de naam van je stagebedrijf?"
    show(page, "werkblad-2")
    page.click("#werkblad-2 >> text=Download dit werkblad")
    page.fill("dialog[open] #dl-leerling-naam", "Sam")
    page.fill("dialog[open] #dl-leerling-klas", "3B")
    with page.expect_download() as info:
        page.click("dialog[open] >> text=Download")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    data = read_answer_file(saved.read_text(encoding="utf-8"))
    assert data["antwoorden"]["wb2-tip"]["label"] == "Wat is je beste tip?"
    assert data["antwoorden"]["wb2-tip"]["waarde"] == "Vraag hulp"
    reader, _ = open_page(saved.as_uri(), js=False)
    assert reader.text_content("section[data-veld='wb2-tip'] h3") == "Wat is je beste tip?"
    assert reader.text_content("section[data-veld='wb2-nieuw'] .leeg") == "Niet ingevuld"
    show(page, "start")
    with page.expect_download() as info:
        page.click("text=Download al je antwoorden")
    data = read_answer_file(open(info.value.path(), encoding="utf-8").read())
    assert set(data["antwoorden"]) == {"wb1-naam", "wb2-tip"}
    assert data["antwoorden"]["wb1-naam"]["label"] == "Wat is de naam van je stagebedrijf?"
    assert watched.page_errors == []


def test_print_shows_one_werkblad_in_full(open_page, mini_dist):
    page, _ = open_page(mini_dist.joinpath("index.html").as_uri() + "#werkblad-1")
    long_text = "\n".join(f"Regel {n}: ik heb vandaag veel geleerd op mijn stage." for n in range(1, 41))
    page.fill("[name='wb1-verhaal']", long_text)
    page.evaluate("window.print = () => { window.printed = document.querySelector('.view.is-current').id; }")
    page.click("#werkblad-1 >> text=Afdrukken")
    assert page.evaluate("window.printed") == "werkblad-1"
    page.emulate_media(media="print")
    mirror = page.locator("#veld-wb1-verhaal .afdruk-tekst")
    assert mirror.is_visible() and mirror.text_content() == long_text
    assert page.locator("[name='wb1-verhaal']").is_hidden()
    for hidden in (".kop", ".voet", "#werkblad-1 .kruimelpad", "#werkblad-1 .view__acties", "#werkblad-1 .vorigvolgend",
                   "#werkblad-2", "#start", "#veld-wb1-plan [data-actie='rij-toevoegen']"):
        assert page.locator(hidden).first.is_hidden(), hidden
    # no name yet: the sheet's blank lines for naam and klas print, not the script's line
    assert page.locator("#werkblad-1 .afdruk-leerling").is_visible()
    assert page.locator("#werkblad-1 .afdruk-kop").is_hidden()
    assert page.locator("#veld-wb1-kleur input").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 2  # the long answer runs on


def test_without_javascript_the_form_is_plain(open_page, mini_dist):
    page, _ = open_page(mini_dist.joinpath("index.html").as_uri(), js=False)
    assert page.locator(".antwoorden").count() == 0
    assert page.locator("#v-wb1-foto-bestand").is_visible()
    assert page.locator("[name='wb1-verhaal']").is_visible()
    assert page.locator(".afdruk-tekst").count() == 0


IDB_HAS_PHOTO = """() => new Promise((done) => {
  const q = indexedDB.open("opstage:mini-stage:fotos", 1);
  q.onupgradeneeded = () => q.result.createObjectStore("f");
  q.onerror = () => done(false);
  q.onsuccess = () => {
    const get = q.result.transaction("f", "readonly").objectStore("f").get("wb1-foto");
    get.onsuccess = () => { q.result.close(); done(!!get.result); };
    get.onerror = () => done(false);
  };
})"""


def test_a_photo_without_caption_comes_back(open_page, mini_url):
    """Its saved record holds nothing but 'the photo is in IndexedDB' (found by the Firefox test)."""
    page, watched = open_page(mini_url)
    show(page, "werkblad-1")
    page.set_input_files("#v-wb1-foto-bestand", files=[PHOTO])
    page.wait_for_selector("#veld-wb1-foto [data-foto-voorbeeld] img")
    wait_until(page, IDB_HAS_PHOTO)
    page.reload()
    page.wait_for_selector("#veld-wb1-foto [data-foto-voorbeeld] img", state="attached")
    assert snapshot(page)["wb1-foto#foto"] == "data:image/jpeg;base64,"
    assert not watched.page_errors


def test_a_photo_gone_from_indexeddb_leaves_no_empty_answer(open_page, mini_url):
    page, _ = open_page(mini_url)
    show(page, "werkblad-1")
    page.set_input_files("#v-wb1-foto-bestand", files=[PHOTO])
    wait_until(page, IDB_HAS_PHOTO)
    page.evaluate("() => new Promise((done) => { const q = indexedDB.deleteDatabase('opstage:mini-stage:fotos'); q.onsuccess = q.onerror = q.onblocked = () => done(); })")
    page.reload()
    wait_until(page, "() => !localStorage.getItem('opstage:mini-stage:a:wb1-foto')")
    assert page.query_selector("#veld-wb1-foto [data-foto-voorbeeld] img") is None
