"""One student at a time, as on a shared classroom PC: whose answers are here,
another student's file never mixes with them, the same student's file merges
answer by answer (the newer wins, the older is kept beside it)."""

from __future__ import annotations

import json

from test_answers_support import PHOTO, download_all, file_input, show, values

PREFIX = "opstage:mini-stage:"


def answer_file(naam: str, klas: str, antwoorden: dict, gemaakt: str = "2026-11-28T10:00:00Z", versie: int = 2) -> bytes:
    data = {"formaat": "opstage-antwoorden", "versie": versie, "site": "mini-stage", "gemaakt": gemaakt,
            "leerling": {"naam": naam, "klas": klas}, "omvang": "alles", "antwoorden": antwoorden}
    return ('<!DOCTYPE html><title>x</title><script type="application/json" id="opstage-antwoorden">'
            + json.dumps(data).replace("<", "\\u003c") + "</script>").encode()


def tekst(waarde: str, gewijzigd: str = "2026-11-28T09:00:00Z", werkblad: int = 2) -> dict:
    return {"waarde": waarde, "type": "tekst", "label": "Tip", "werkblad": werkblad, "kaart": None, "gewijzigd": gewijzigd}


LISA = answer_file("Lisa", "3A", {"wb2-tip": tekst("Lisa's tip")})


def choose(page, payload: bytes, name: str = "bestand.html") -> None:
    show(page, "start")
    page.evaluate("document.querySelector('.antwoorden-melding').hidden = true")
    file_input(page)
    with page.expect_file_chooser() as chooser:
        page.click("text=Verder werken met een bestand")
    chooser.value.set_files({"name": name, "mimeType": "text/html", "buffer": payload})


def message(page) -> str:
    page.wait_for_selector(".antwoorden-melding:not([hidden])")
    return page.text_content(".antwoorden-melding")


def sam_with_a_photo(page) -> None:
    show(page, "start")
    page.fill("#leerling-naam", "Sam")
    page.fill("#leerling-klas", "3B")
    page.click("text=Opslaan")
    show(page, "werkblad-1")
    page.fill("[name='wb1-naam']", "Garage Sam")
    page.set_input_files("#v-wb1-foto-bestand", files=[PHOTO])
    page.wait_for_selector("#veld-wb1-foto [data-foto-voorbeeld] img")


def test_the_start_page_says_whose_answers_are_here(open_page, mini_dist):
    page, watched = open_page(mini_dist.joinpath("index.html").as_uri())
    assert page.locator(".antwoorden__vanwie").is_hidden()
    sam_with_a_photo(page)
    page.reload()
    show(page, "start")
    assert page.text_content(".antwoorden__vanwie").startswith("Op deze computer staan de antwoorden van Sam (3B).")
    page.click("text=Ben jij niet Sam?")
    dialog = page.locator("dialog[open]")
    assert "Sam (3B)" in dialog.text_content()
    with page.expect_download() as info:
        dialog.locator("text=Download de antwoorden van Sam (3B)").click()
    assert "_Sam_3B_alles_" in info.value.suggested_filename
    assert dialog.is_visible()  # downloading is offered, never required
    dialog.locator("text=Wis ze en begin opnieuw").click()
    assert "zijn gewist" in message(page)
    assert page.evaluate("(p) => Object.keys(localStorage).filter((k) => k.startsWith(p))", PREFIX) == []
    assert page.locator(".antwoorden__vanwie").is_hidden()
    assert page.input_value("[name='wb1-naam']") == ""
    assert page.locator("#veld-wb1-foto img").count() == 0
    assert watched.page_errors == []


def test_another_students_file_never_mixes(open_page, mini_dist, tmp_path):
    page, watched = open_page(mini_dist.joinpath("index.html").as_uri())
    sam_with_a_photo(page)
    choose(page, LISA, "op-stage_Lisa_3A_alles.html")
    dialog = page.locator("dialog[open]")
    text = dialog.text_content()
    assert "Lisa (3A)" in text and "Sam (3B)" in text
    dialog.locator("text=Annuleren").click()
    assert message(page) == "Er is niets veranderd."
    assert page.input_value("[name='wb1-naam']") == "Garage Sam" and page.input_value("[name='wb2-tip']") == ""

    choose(page, LISA)
    page.locator("dialog[open] >> text=Wis de antwoorden van Sam (3B) en open het bestand").click()
    assert message(page).startswith("Gelukt")
    assert page.input_value("[name='wb2-tip']") == "Lisa's tip"
    assert page.input_value("[name='wb1-naam']") == "" and page.locator("#veld-wb1-foto img").count() == 0
    data = download_all(page, tmp_path)
    assert data["leerling"] == {"naam": "Lisa", "klas": "3A"}
    assert set(data["antwoorden"]) == {"wb2-tip"}
    assert page.evaluate("indexedDB.databases().then((d) => d.map((x) => x.name))") == []
    assert watched.page_errors == []


def test_the_same_student_written_otherwise_merges(open_page, mini_dist, tmp_path):
    page, watched = open_page(mini_dist.joinpath("index.html").as_uri())
    show(page, "start")
    page.fill("#leerling-naam", "Sam de Vries")
    page.fill("#leerling-klas", "3B")
    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", "Nieuw getypt")
    own = answer_file("  sam DE  vries ", "3 b", {
        "wb2-tip": tekst("Oud uit het bestand"),
        "wb1-naam": {"waarde": "Uit het bestand", "type": "tekst", "werkblad": 1, "gewijzigd": "2026-11-28T09:00:00Z"},
    })
    choose(page, own)
    assert message(page).startswith("Gelukt")  # no question: it is Sam's own file
    assert page.input_value("[name='wb2-tip']") == "Nieuw getypt"
    assert page.text_content("#veld-wb2-tip [data-eerder] .eerder__tekst") == "Oud uit het bestand"
    assert page.input_value("[name='wb1-naam']") == "Uit het bestand"
    # a newer file wins over older typing, which stays beside it
    newer = answer_file("Sam de Vries", "3B", {"wb2-tip": tekst("Nog nieuwer", gewijzigd="2099-01-01T00:00:00Z")})
    choose(page, newer)
    message(page)
    assert page.input_value("[name='wb2-tip']") == "Nog nieuwer"
    kept = page.locator("#veld-wb2-tip [data-eerder] .eerder__tekst").all_text_contents()
    assert kept == ["Nieuw getypt", "Oud uit het bestand"]
    data = download_all(page, tmp_path)
    assert [e["waarde"] for e in data["antwoorden"]["wb2-tip"]["eerder"]] == ["Nieuw getypt", "Oud uit het bestand"]
    # the student removes the earlier answers
    show(page, "werkblad-2")
    page.click("#veld-wb2-tip [data-actie='eerder-weg']")
    assert page.locator("#veld-wb2-tip [data-eerder]").count() == 0
    assert "eerder" not in download_all(page, tmp_path, "na.html")["antwoorden"]["wb2-tip"]
    assert watched.page_errors == []


def test_a_file_or_a_computer_without_naam_asks(open_page, mini_dist):
    page, watched = open_page(mini_dist.joinpath("index.html").as_uri() + "#werkblad-2")
    page.fill("[name='wb2-tip']", "Van iemand")
    show(page, "start")
    assert page.text_content(".antwoorden__vanwie").startswith("Op deze computer staan antwoorden zonder naam.")
    choose(page, LISA)
    dialog = page.locator("dialog[open]")
    assert dialog.locator("h2").text_content() == "Van wie is dit bestand?"
    assert "iemand zonder naam" in dialog.text_content() and "Lisa (3A)" in dialog.text_content()
    dialog.locator("text=Ja, van dezelfde leerling: samenvoegen").click()
    assert message(page).startswith("Gelukt")
    assert page.input_value("[name='wb2-tip']") == "Van iemand"  # typed later than the file's answer
    assert page.input_value("#leerling-naam") == "Lisa"
    assert watched.page_errors == []


def test_a_werkblad_download_asks_for_naam_and_klas_first(open_page, mini_dist):
    page, _ = open_page(mini_dist.joinpath("index.html").as_uri() + "#werkblad-2")
    page.fill("[name='wb2-tip']", "Tip")
    page.click("#werkblad-2 >> text=Download dit werkblad")
    page.click("dialog[open] >> text=Download")
    assert page.text_content("dialog[open] #dl-leerling-naam-fout") == "Vul je naam in."
    page.click("dialog[open] >> text=Annuleren")
    assert page.locator("dialog[open]").count() == 0


def test_enter_in_the_naam_dialog_downloads(open_page, mini_dist):
    page, _ = open_page(mini_dist.joinpath("index.html").as_uri() + "#werkblad-2")
    page.fill("[name='wb2-tip']", "Tip")
    page.click("#werkblad-2 >> text=Download dit werkblad")
    page.keyboard.type("Noor")
    page.keyboard.press("Tab")
    page.keyboard.type("4A")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert "_Noor_4A_werkblad-2_" in info.value.suggested_filename
    assert page.locator("dialog[open]").count() == 0


def test_another_naam_over_the_answers_of_a_student_asks_first(open_page, mini_dist, tmp_path):
    """A shared PC: student 2 finds Sam's answers, presses Wijzigen and types her own naam. Sam's answers
    must never go out under her naam; a corrected naam (a typo) keeps them."""
    page, watched = open_page(mini_dist.joinpath("index.html").as_uri())
    sam_with_a_photo(page)
    show(page, "start")
    page.click(".antwoorden__samenvatting >> text=Wijzigen")
    page.fill("#leerling-naam", "Noor")
    page.fill("#leerling-klas", "3C")
    assert page.evaluate("Opstage.antwoorden.leerling()") == {"naam": "Sam", "klas": "3B"}, "not taken while typing"
    page.click(".antwoorden__form >> text=Opslaan")
    dialog = page.locator("dialog[open]")
    assert dialog.locator("h2").text_content() == "Ben jij niet Sam?" and "Sam (3B)" in dialog.text_content()
    dialog.locator("text=Terug").click()
    assert (page.input_value("#leerling-naam"), page.input_value("#leerling-klas")) == ("Sam", "3B")
    assert download_all(page, tmp_path)["leerling"] == {"naam": "Sam", "klas": "3B"}

    page.fill("#leerling-naam", "Noor")
    page.fill("#leerling-klas", "3C")
    page.click(".antwoorden__form >> text=Opslaan")
    page.locator("dialog[open] >> text=Wis ze en begin opnieuw").click()
    assert page.evaluate("Opstage.antwoorden.leerling()") == {"naam": "Noor", "klas": "3C"}
    assert page.input_value("[name='wb1-naam']") == "" and page.locator("#veld-wb1-foto img").count() == 0
    assert page.text_content(".antwoorden__samenvatting").startswith("Je naam: Noor, klas: 3C")

    show(page, "werkblad-1")  # Noor's own typo, corrected: her answers stay hers
    page.fill("[name='wb1-naam']", "Garage Noor")
    show(page, "start")
    page.click(".antwoorden__samenvatting >> text=Wijzigen")
    page.fill("#leerling-naam", "Nora")
    page.click(".antwoorden__form >> text=Opslaan")
    page.locator("dialog[open]").get_by_role("button", name="Verbeterd").click()
    data = download_all(page, tmp_path)
    assert data["leerling"] == {"naam": "Nora", "klas": "3C"} and data["antwoorden"]["wb1-naam"]["waarde"] == "Garage Noor"
    assert watched.page_errors == []
