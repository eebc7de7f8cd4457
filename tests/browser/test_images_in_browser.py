"""Images of content in real Chromium: a photo with spaces in its name and an
SVG on a card load from file:// and over http under a sub-path, take their
place before they load (width and height), fit a 320 px window, and print."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from test_layout_reflow import NARROW, sideways

from opstage_build.build import build
from testsupport import MINI, project_for

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 90"><rect width="120" height="90" fill="#0b5394"/></svg>'


@pytest.fixture(scope="module")
def picture_dist(tmp_path_factory) -> Path:
    """The mini site with a big photo (spaces, accent) and an SVG on card 1."""
    top = tmp_path_factory.mktemp("pictures")
    content = top / "content"
    shutil.copytree(MINI / "content", content)
    Image.new("RGB", (3000, 2000), (200, 120, 40)).save(content / "kaarten/Stage bij de bakkerij é.jpg", quality=80)
    (content / "kaarten/plan.svg").write_bytes(SVG)
    Image.new("RGB", (1000, 3000), (40, 120, 200)).save(content / "kaarten/staand.jpg", quality=80)
    card = content / "kaarten/01-begin.md"
    text = card.read_text(encoding="utf-8")
    card.write_text(text + "\n![Een leerling bakt brood](<Stage bij de bakkerij é.jpg>)\n\n"
                           "![](plan.svg){: .decoratief}\n\n![Een hoge kast](staand.jpg)\n", encoding="utf-8")
    out = top / "dist"
    build(project_for(content), out)
    return out


@pytest.fixture(params=["file", "http"])
def picture_url(request, picture_dist, http_site):
    if request.param == "file":
        return picture_dist.joinpath("index.html").as_uri() + "#kaart-1"
    return http_site(picture_dist).url("index.html#kaart-1")


def loaded(page) -> list[dict]:
    page.wait_for_function("() => [...document.querySelectorAll('#kaart-1 img:not(.beeld)')].every(i => i.complete)")
    return page.evaluate("""() => [...document.querySelectorAll('#kaart-1 img:not(.beeld)')].map(i => ({
        alt: i.alt, natural: i.naturalWidth, width: i.getBoundingClientRect().width,
        height: i.getBoundingClientRect().height}))""")


def test_pictures_load_and_keep_their_shape(open_page, picture_url):
    page, watched = open_page(picture_url)
    photo, plan, _ = loaded(page)
    assert photo["alt"] == "Een leerling bakt brood" and photo["natural"] > 0 and plan["natural"] > 0
    assert abs(photo["width"] / photo["height"] - 1.5) < 0.02, "the photo keeps its shape"
    assert not watched.failed_requests and not watched.page_errors


def test_their_place_is_kept_before_they_load(open_page, picture_dist):
    page, _ = open_page(picture_dist.joinpath("index.html").as_uri() + "#kaart-1")
    page.route("**/*.jpg", lambda route: None)  # never answered: as on a slow network drive
    page.reload(wait_until="domcontentloaded")
    box = page.locator("#kaart-1 img:not(.beeld)").first.bounding_box()
    assert box["height"] > 100 and abs(box["width"] / box["height"] - 1.5) < 0.02


def test_pictures_fit_a_phone(open_page, picture_dist):
    page, _ = open_page(picture_dist.joinpath("index.html").as_uri() + "#kaart-1", viewport=NARROW)
    photo, *_ = loaded(page)
    assert photo["width"] <= 320 and sideways(page) == []


def test_pictures_print(open_page, picture_dist, tmp_path):
    page, _ = open_page(picture_dist.joinpath("index.html").as_uri() + "#kaart-1")
    loaded(page)
    pdf = tmp_path / "kaart.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert len(listing.strip().splitlines()) >= 3, listing  # two header lines, then one line per image


def test_a_standing_photo_fits_the_window(open_page, picture_dist):
    page, _ = open_page(picture_dist.joinpath("index.html").as_uri() + "#kaart-1", viewport={"width": 1280, "height": 700})
    *_, standing = loaded(page)
    assert standing["natural"] > 0 and 100 < standing["height"] <= 0.8 * 700 + 1
