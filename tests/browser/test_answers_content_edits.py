"""A content editor changes the werkbladen after students answered, and
rebuilds: a reworded option changes nothing, and an answer that no longer fits
its field (type changed, option, column or item gone, field removed) is shown
beside it as "Je eerdere antwoord", kept in storage and in every download until
the student removes it. Answers saved by versie 1 (choices by their text) are
read into ids."""

from __future__ import annotations

import json

from opstage_build.build import build
from test_answers_support import download_all, file_input, show
from testsupport import project_for

PREFIX = "opstage:mini-stage:"


def answer_everything(page) -> None:
    show(page, "werkblad-1")
    page.check("#v-wb1-kleur-blauw")
    page.check("#v-wb1-dagen-maandag")
    page.check("#v-wb1-dagen-woensdag")
    page.check("[name='wb1-stellingen.s1'][value='feit']")
    page.check("[name='wb1-stellingen.s2'][value='mening']")
    page.fill("[name='wb1-plan.0.wat']", "Bellen")
    page.fill("[name='wb1-plan.0.notitie']", "Voor maandag")
    page.check("#v-wb1-klaar-cv")
    page.check("#v-wb1-zin-4")
    page.fill("[name='wb1-verhaal']", "Mijn verhaal\nTweede regel")
    page.fill("[name='wb1-naam']", "Bakkerij")
    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", "Mijn tip")


def edit(path, *pairs) -> None:
    text = path.read_text()
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text)


def eerder(page, veld: str) -> list[str]:
    return page.locator(f"#veld-{veld} [data-eerder] .eerder__tekst").all_text_contents()


def test_every_kind_of_content_edit_keeps_the_answers(open_page, mini_copy, tmp_path):
    old, new = tmp_path / "oud", tmp_path / "nieuw"
    build(project_for(mini_copy), old)
    page, watched = open_page(old.joinpath("index.html").as_uri())
    answer_everything(page)

    first = mini_copy / "werkbladen" / "01-alles.yaml"
    edit(first,
         ("blauw: Blauw", "blauw: Donkerblauw"),              # a reworded option
         ("mening: Mening", "mening: Dit is een mening"),      # a reworded stellingen option
         ("      woensdag: Woensdag\n", ""),                  # an option gone
         ("      - id: notitie\n        label: Notitie", "      - id: opmerking\n        label: Opmerking"),  # a column renamed
         ("      cv: Een cv gemaakt", "      cv-klaar: Een cv gemaakt"),  # an item id renamed
         ("    type: lang\n    label: Vertel over je stage.\n    regels: 4", "    type: tekst\n    label: Vertel over je stage."),  # lang -> tekst
         ("    type: schaal", "    type: keuze\n    opties:\n      weinig: Weinig\n      veel: Veel"))  # schaal -> keuze
    edit(first, ("    min: 1\n    max: 5\n    laag: Geen zin\n    hoog: Heel veel zin\n", ""))
    edit(mini_copy / "werkbladen" / "02-kort.yaml", ("wb2-tip", "wb2-nieuw"), ("Wat is je beste tip?", "Nieuwe vraag"))
    build(project_for(mini_copy), new)

    # file:// pages share localStorage in Chromium: the new build finds the answers
    page.goto(new.joinpath("index.html").as_uri() + "#werkblad-1")
    assert page.is_checked("#v-wb1-kleur-blauw")
    assert page.text_content("label[for='v-wb1-kleur-blauw']") == "Donkerblauw"
    assert page.is_checked("[name='wb1-stellingen.s2'][value='mening']")
    assert eerder(page, "wb1-kleur") == [] and eerder(page, "wb1-stellingen") == []
    assert page.is_checked("#v-wb1-dagen-maandag")
    assert eerder(page, "wb1-dagen") == ["Maandag\nWoensdag"]
    assert page.input_value("[name='wb1-plan.0.wat']") == "Bellen"
    assert eerder(page, "wb1-plan") == ["Wat ga je doen?: Bellen; Wanneer?: ; Opmerking: ; Notitie: Voor maandag"]
    assert not page.is_checked("#v-wb1-klaar-cv-klaar")
    assert eerder(page, "wb1-klaar") == ["Een cv gemaakt"]
    assert page.input_value("[name='wb1-verhaal']") == ""  # two lines do not fit one line
    assert eerder(page, "wb1-verhaal") == ["Mijn verhaal\nTweede regel"]
    assert eerder(page, "wb1-zin") == ["4"]
    assert page.input_value("[name='wb1-naam']") == "Bakkerij"
    show(page, "werkblad-2")
    los = page.locator("#werkblad-2 [data-eerder-los]")
    assert "Wat is je beste tip?" in los.text_content() and "Mijn tip" in los.text_content()

    # the student works on: what did not fit stays, also after a reload
    show(page, "werkblad-1")
    page.fill("[name='wb1-verhaal']", "Een nieuwe zin")
    page.check("#v-wb1-zin-veel")
    page.check("#v-wb1-dagen-dinsdag")
    page.reload()
    show(page, "werkblad-1")
    assert page.input_value("[name='wb1-verhaal']") == "Een nieuwe zin"
    assert eerder(page, "wb1-verhaal") == ["Mijn verhaal\nTweede regel"]
    assert eerder(page, "wb1-zin") == ["4"]
    assert page.is_checked("#v-wb1-dagen-maandag") and page.is_checked("#v-wb1-dagen-dinsdag")
    assert eerder(page, "wb1-dagen") == ["Maandag\nWoensdag"]

    data = download_all(page, tmp_path)["antwoorden"]
    assert data["wb1-verhaal"]["waarde"] == "Een nieuwe zin"
    assert data["wb1-verhaal"]["eerder"][0]["waarde"] == "Mijn verhaal\nTweede regel"
    assert data["wb1-zin"]["waarde"] == "veel" and data["wb1-zin"]["eerder"][0] == {
        "waarde": "4", "type": "schaal", "label": "Hoeveel zin heb je in je stage?", "gewijzigd": data["wb1-zin"]["eerder"][0]["gewijzigd"]}
    assert data["wb1-klaar"]["waarde"] == ["cv"] and data["wb1-klaar"]["namen"] == {"cv": "Een cv gemaakt"}
    assert data["wb2-tip"]["waarde"] == "Mijn tip"
    reader, _ = open_page((tmp_path / "alles.html").as_uri(), js=False)
    assert "Je eerdere antwoord" in reader.text_content("section[data-veld='wb1-verhaal']")
    assert "Mijn verhaal" in reader.text_content("section[data-veld='wb1-verhaal'] .eerder")

    # until the student removes it
    show(page, "werkblad-1")
    page.click("#veld-wb1-verhaal [data-actie='eerder-weg']")
    page.click("#veld-wb1-klaar [data-actie='eerder-weg']")
    show(page, "werkblad-2")
    page.click("#werkblad-2 [data-eerder-los] [data-actie='eerder-weg']")
    assert page.locator("#werkblad-2 [data-eerder-los]").count() == 0  # gone at once, not only after a reload
    page.reload()
    show(page, "werkblad-1")
    assert eerder(page, "wb1-verhaal") == [] and eerder(page, "wb1-klaar") == []
    assert page.input_value("[name='wb1-verhaal']") == "Een nieuwe zin"
    data = download_all(page, tmp_path)["antwoorden"]
    assert "eerder" not in data["wb1-verhaal"] and "wb1-klaar" not in data and "wb2-tip" not in data
    assert watched.page_errors == [] and watched.console_errors == []


def test_answers_of_versie_1_are_read_into_ids(open_page, mini_dist, tmp_path):
    page, watched = open_page(mini_dist.joinpath("index.html").as_uri())
    oud = {
        "wb1-kleur": {"waarde": "Blauw", "type": "keuze", "label": "Kleur", "werkblad": 1, "gewijzigd": "2026-11-01T10:00:00Z"},
        "wb1-dagen": {"waarde": ["Maandag", "Zondag"], "type": "meerkeuze", "werkblad": 1, "gewijzigd": "2026-11-01T10:00:00Z"},
        "wb1-stellingen": {"waarde": {"s1": "Feit", "s2": "Mening"}, "type": "stellingen", "werkblad": 1},
    }
    page.evaluate("([p, o]) => { for (const k in o) localStorage.setItem(p + 'a:' + k, JSON.stringify(o[k])); }", [PREFIX, oud])
    page.reload()
    show(page, "werkblad-1")
    assert page.is_checked("#v-wb1-kleur-blauw") and page.is_checked("#v-wb1-dagen-maandag")
    assert page.is_checked("[name='wb1-stellingen.s1'][value='feit']") and page.is_checked("[name='wb1-stellingen.s2'][value='mening']")
    assert eerder(page, "wb1-dagen") == ["Maandag\nZondag"]  # "Zondag" is no option (any more)
    stored = json.loads(page.evaluate("(k) => localStorage.getItem(k)", PREFIX + "a:wb1-kleur"))
    assert stored["waarde"] == "blauw" and stored["v"] == 2  # stored by id now: a later rewording changes nothing

    # a file of versie 1 too
    page.evaluate("Opstage.antwoorden.wis()")
    data = {"formaat": "opstage-antwoorden", "versie": 1, "site": "mini-stage", "gemaakt": "2026-11-01T10:00:00Z",
            "leerling": {"naam": "Sam", "klas": "3B"}, "omvang": "alles", "antwoorden": oud}
    html = '<script type="application/json" id="opstage-antwoorden">' + json.dumps(data) + "</script>"
    show(page, "start")
    file_input(page)
    with page.expect_file_chooser() as chooser:
        page.click("text=Verder werken met een bestand")
    chooser.value.set_files({"name": "oud.html", "mimeType": "text/html", "buffer": html.encode()})
    page.wait_for_selector(".antwoorden-melding:not([hidden])")
    show(page, "werkblad-1")
    assert page.is_checked("#v-wb1-kleur-blauw") and page.is_checked("[name='wb1-stellingen.s1'][value='feit']")
    assert watched.page_errors == []
