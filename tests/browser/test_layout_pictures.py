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


@pytest.fixture(scope="module")
def own_picture_dist(tmp_path_factory):
    """The mini site whose card 1 has a picture of its own that is not 4:3: a phone photo, standing."""
    import shutil

    from PIL import Image

    from opstage_build.build import build
    from testsupport import MINI, project_for

    top = tmp_path_factory.mktemp("own-picture")
    content = top / "content"
    shutil.copytree(MINI / "content", content)
    Image.new("RGB", (300, 400), (30, 120, 200)).save(content / "kaarten/staand.jpg")
    card = content / "kaarten/01-begin.md"
    card.write_text(card.read_text(encoding="utf-8").replace("---\n", "---\nbeeld: staand.jpg\n", 1), encoding="utf-8")
    build(project_for(content), top / "dist")
    return top / "dist"


def test_a_picture_of_its_own_that_stands_keeps_the_place_of_a_built_in_one(open_page, own_picture_dist):
    page, _ = open_page(own_picture_dist.joinpath("index.html").as_uri())
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        for view in ("start", "kaart-1"):
            show(page, view)
            page.wait_for_load_state("load")
            boxes = page.evaluate(f"""() => [...document.querySelectorAll('#{view} img.beeld')].map(i => {{
                const r = i.getBoundingClientRect(); return [i.naturalWidth, r.width, r.height]; }})""")
            assert boxes and all(natural > 0 for natural, *_ in boxes), (width, view, boxes)
            for _, w, h in boxes:  # as wide as the attributes say and 4:3, not taller (the photo inside, whole)
                assert abs(w / h - 4 / 3) < 0.05, (width, view, boxes)


def test_a_picture_of_its_own_is_no_bigger_on_paper(open_page, own_picture_dist):
    page, _ = open_page(own_picture_dist.joinpath("index.html").as_uri())
    show(page, "kaart-1")
    page.wait_for_load_state("load")
    size = "() => { const r = document.querySelector('#kaart-1 img.beeld').getBoundingClientRect(); return [r.width, r.height]; }"
    on_screen = page.evaluate(size)
    page.emulate_media(media="print")
    assert page.evaluate(size) == on_screen, "print's `main img { width: auto }` made it its file's width (2x)"
