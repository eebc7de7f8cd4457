"""Lesson packages other than Op stage work in the browser: the second test site
(tests/sites/vier: 4 cards in 2 parts, no card questions, no routekaart, no
handleiding) and the starter package that `opstage-build new` makes."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from opstage_build.build import build
from opstage_build.cli import main
from test_answers_support import download_all, load_file, show
from testsupport import VIER, project_for


@pytest.fixture(scope="session")
def vier_dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("vier") / "dist"
    build(project_for(VIER / "content"), out)
    return out


@pytest.fixture(scope="session")
def starter_dist(tmp_path_factory):
    folder = tmp_path_factory.mktemp("starter") / "les"
    runner = CliRunner()
    assert runner.invoke(main, ["new", str(folder)]).exit_code == 0
    result = runner.invoke(main, ["build", "--project", str(folder)])
    assert result.exit_code == 0, result.output
    return folder / "dist"


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_a_package_of_another_shape_works(open_page, vier_dist, http_site, tmp_path, scheme):
    url = vier_dist.joinpath("index.html").as_uri() if scheme == "file" else http_site(vier_dist).url("index.html")
    page, watched = open_page(url)
    assert page.title() == "Beroepen verkennen"
    assert page.locator("h2.deel__titel").all_text_contents() == ["Ontdekken", "Kiezen"]
    assert page.locator(".kaartlijst__item").count() == 4
    footer = page.locator("footer a").all_text_contents()
    assert footer == ["Voor het bedrijf", "Nakijken"], "no handleiding and no routekaart: no links to them"
    assert page.locator(".docentlink").count() == 0

    show(page, "kaart-1")
    assert page.locator("#kaart-1 .kaartvraag").count() == 0
    show(page, "werkblad-1")
    page.fill("[name='droom-beroep']", "Kok")
    show(page, "werkblad-3")
    page.check("#v-sector-keuze-zorg")
    show(page, "start")
    assert not page.locator("text=Doorgaan").is_visible(), "no card questions: nothing to hand in with Doorgaan"

    with page.expect_download() as info:
        data = download_all(page, tmp_path)
    assert re.fullmatch(r"beroepen_Sam_3B_alles_\d{4}-\d\d-\d\d\.html", info.value.suggested_filename)
    assert data["site"] == "beroepen"
    assert data["antwoorden"]["droom-beroep"]["waarde"] == "Kok"
    assert data["antwoorden"]["sector-keuze"]["waarde"] == "zorg"

    message = load_file(page, {"name": "x.html", "mimeType": "text/html", "buffer": b"<p>Hallo</p>"}, answer=None)
    assert message.startswith("Dit bestand is geen antwoordbestand van Beroepen verkennen."), message
    assert watched.page_errors == [] and watched.console_errors == []
    assert watched.outside(url.rsplit("/", 1)[0]) == []


def test_the_starter_package_works(open_page, starter_dist, tmp_path):
    page, watched = open_page(starter_dist.joinpath("index.html").as_uri())
    assert page.title() == "Mijn lespakket"
    for view in ("kaart-1", "kaart-2", "werkblad-1", "werkblad-2", "werkblad-3"):
        show(page, view)
    show(page, "werkblad-1")
    page.fill("[name='wb1-naam']", "Sam")
    page.check("#v-wb1-buiten-buiten")
    show(page, "werkblad-3")
    page.check("#v-wb3-cijfer-4")
    with page.expect_download() as info:
        data = download_all(page, tmp_path)
    assert info.value.suggested_filename.startswith("mijn-lespakket_Sam_3B_alles_")
    assert data["site"] == "mijn-lespakket"
    assert {k: r["waarde"] for k, r in data["antwoorden"].items()} == {"wb1-naam": "Sam", "wb1-buiten": "buiten",
                                                                      "wb3-cijfer": "4"}
    page.goto(starter_dist.joinpath("handleiding.html").as_uri())
    assert page.locator("h1").text_content() == "Handleiding voor de docent"
    assert watched.page_errors == [] and watched.console_errors == []
