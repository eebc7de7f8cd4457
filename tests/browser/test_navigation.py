"""The student page in real Chromium: loads cleanly on file:// and over http,
every card and werkblad is reachable by keyboard alone, and without
JavaScript the page still shows everything in order."""

import re

import pytest

from testsupport import real_numbers


def current_view(page) -> str:
    return page.evaluate("document.querySelector('.view.is-current') && document.querySelector('.view.is-current').id")


def expect_view(page, view_id: str) -> None:
    """Wait for the view to show: hashchange is handled in a later task than the key press."""
    page.wait_for_function("(id) => { const v = document.querySelector('.view.is-current'); return v && v.id === id; }",
                           arg=view_id, timeout=3000)


@pytest.fixture(params=["file", "http"])
def start_url(request, site_dist, http_site):
    if request.param == "file":
        return site_dist.joinpath("index.html").as_uri(), site_dist.as_uri()
    server = http_site(site_dist)
    return server.url("index.html"), server.url()


def test_start_page_loads_cleanly(open_page, start_url):
    url, base = start_url
    page, watched = open_page(url)
    page.wait_for_load_state("load")
    assert current_view(page) == "start"
    assert page.locator("#start .kaartlijst__item").count() == len(real_numbers()[0])
    assert page.locator("#kaart-1").is_hidden()
    assert watched.console_errors == []
    assert watched.page_errors == []
    assert watched.failed_requests == []
    assert watched.outside(base) == []


def tab_to(page, selector: str, limit: int = 300) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with Tab")


def test_every_card_and_werkblad_by_keyboard(open_page, site_dist):
    page, watched = open_page(site_dist.joinpath("index.html").as_uri())
    cards = page.evaluate("Opstage.data.kaarten.map(k => [k.nummer, k.werkbladen])")
    reached = []
    for nummer, werkbladen in cards:
        tab_to(page, f'#start a[href="#kaart-{nummer}"]')
        page.keyboard.press("Enter")
        expect_view(page, f"kaart-{nummer}")
        assert page.evaluate("document.activeElement.classList.contains('view__titel')"), "focus did not move to the title"
        for sheet in werkbladen:
            tab_to(page, f'#kaart-{nummer} a[href="#werkblad-{sheet}"]')
            page.keyboard.press("Enter")
            expect_view(page, f"werkblad-{sheet}")
            reached.append(sheet)
            tab_to(page, f'#werkblad-{sheet} .terug a')
            page.keyboard.press("Enter")
            expect_view(page, f"kaart-{nummer}")
        tab_to(page, f'#kaart-{nummer} .kruimelpad a[href="#start"]')
        page.keyboard.press("Enter")
        expect_view(page, "start")
    assert sorted(reached) == real_numbers()[1]
    assert watched.page_errors == []


def test_previous_and_next_and_back_button(open_page, site_dist):
    page, _ = open_page(site_dist.joinpath("index.html").as_uri() + "#kaart-4")
    assert current_view(page) == "kaart-4"
    page.click("#kaart-4 a[rel=next]")
    expect_view(page, "kaart-5")
    page.go_back()
    expect_view(page, "kaart-4")
    assert re.match(r"Opdrachtkaart 4", page.title())


def test_without_javascript_everything_shows_in_order(open_page, site_dist):
    page, watched = open_page(site_dist.joinpath("index.html").as_uri(), js=False)
    sections = page.eval_on_selector_all("main > section", "els => els.map(e => e.id)")
    kaarten, werkbladen = real_numbers()
    assert sections == ["start"] + [f"kaart-{n}" for n in kaarten] + [f"werkblad-{n}" for n in werkbladen]
    for section in sections:
        assert page.locator(f"#{section}").is_visible()
    assert page.locator("#werkblad-13 input, #werkblad-13 textarea").count() > 0
    assert page.locator("button.js-alleen:visible").count() == 0, "buttons that need JavaScript are shown"


def test_teacher_pages_load_cleanly(open_page, site_dist):
    for name in ("handleiding.html", "routekaart.html", "stagedocument.html"):
        page, watched = open_page(site_dist.joinpath(name).as_uri())
        assert page.locator("h1").count() == 1
        assert watched.console_errors == [] and watched.page_errors == []
        assert watched.outside(site_dist.as_uri()) == []
