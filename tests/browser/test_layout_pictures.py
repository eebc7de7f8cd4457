"""The cards' pictures in real Chromium: on the start page every tile shows
its picture, loaded, from file:// and over http under a sub-path, also without
JavaScript and in forced colours (inline <svg>, not CSS backgrounds); a
card and its werkbladen keep theirs on screen and on paper."""

from __future__ import annotations

import pytest
from test_answers_support import show

from testsupport import real_numbers

# every picture inside `scope`: its address, whether it has loaded, and whether it takes up room
PICTURES = """(scope) => Array.from(document.querySelectorAll(scope + ' .beeld')).map((el) => {
  const r = el.getBoundingClientRect(), use = el.querySelector('use');
  const src = use ? use.getAttribute('href') : el.getAttribute('src');
  const symbol = use && document.querySelector(src);
  return { src, loaded: use ? !!symbol && symbol.querySelectorAll('path, circle, rect, ellipse').length > 0
                            : el.complete && el.naturalWidth > 0,
           shown: r.width > 30 && r.height > 20 && getComputedStyle(el).visibility === 'visible' };
})"""


def pictures(page, scope: str) -> list[dict]:
    page.wait_for_load_state("load")
    return page.evaluate(PICTURES, scope)


@pytest.mark.parametrize("where", ["file", "http"])
def test_the_start_page_shows_a_picture_on_every_tile(open_page, site_dist, http_site, where):
    url = site_dist.joinpath("index.html").as_uri() if where == "file" else http_site(site_dist).url("index.html")
    page, watched = open_page(url)
    found = pictures(page, "#start")
    assert len(found) == len(real_numbers()[0]) == len({p["src"] for p in found})
    assert [p for p in found if not (p["loaded"] and p["shown"])] == []
    assert watched.failed_requests == [] and watched.console_errors == []


def test_pictures_without_javascript_and_in_forced_colours(open_page, site_dist):
    for options in ({"js": False}, {"forced_colors": "active"}):
        page, _ = open_page(site_dist.joinpath("index.html").as_uri(), **options)
        found = pictures(page, "#start")
        assert len(found) == len(real_numbers()[0]), options
        assert [p for p in found if not (p["loaded"] and p["shown"])] == [], options


def test_a_card_and_its_werkblad_keep_the_picture_on_screen_and_on_paper(open_page, site_dist):
    page, _ = open_page(site_dist.joinpath("index.html").as_uri())
    for view in ("kaart-3", "werkblad-4"):
        show(page, view)
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            found = pictures(page, f"#{view}")
            assert [(p["src"], p["loaded"], p["shown"]) for p in found] == [
                ("#beeld-zoeken", True, True)], (view, media)
        page.emulate_media(media="screen")
