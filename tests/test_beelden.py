"""A picture for every card (opstage_build/beelden.py): `beeld:` in a card's front
matter, the built-in SVGs in assets/beelden/, and where pages show them.
Unit tests on the parser and the files, build tests on what is written."""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from opstage_build import beelden
from opstage_build.build import build
from opstage_build.content.loader import load_site
from opstage_build.content.parse import parse_card

from testsupport import ROOT, project_for, write_picture

BEELDEN = ROOT / "assets" / beelden.FOLDER
SVG = "{http://www.w3.org/2000/svg}"
# The one style of the pictures: these colours only (outline, pale circle, fills)
PALETTE = {"none", "#263238", "#e4edf7", "#fff", "#cfd8dc", "#cfe3c9", "#cfe3f7", "#3d7cc9", "#f7c548",
           "#ef7d64", "#5bb381", "#f2c9a5", "#b9774f"}


def card_text(beeld_line: str) -> str:
    return textwrap.dedent(f"""\
        ---
        nummer: 1
        titel: Begin
        samenvatting: De eerste kaart.
        {beeld_line}
        werkbladen: []
        ---
        Tekst.
        """)


# -- beeld: in the front matter ------------------------------------------------

def test_a_built_in_name_is_kept():
    card, problems, _ = parse_card(card_text("beeld: handdruk"), "k.md")
    assert problems == [] and card.beeld == "handdruk"


def test_a_card_without_beeld_gets_the_plain_default():
    card, problems, _ = parse_card(card_text(""), "k.md")
    assert problems == [] and card.beeld == ""
    assert beelden.src(card) == "#beeld-standaard"


NAMES = "vraag, kaart, zoeken, telefoon, handdruk, contract, eerste-dag, opdrachten, afscheid, standaard"


@pytest.mark.parametrize("line, message", [
    ("beeld: handschudden", f"unknown beeld 'handschudden' (expected one of: {NAMES}, or a file beside the card "
                            f"such as mijn-tekening.png)"),
    ("beeld: https://example.com/x.png", f"'beeld' 'https://example.com/x.png' is not a file of this lesson "
                                         f"package (expected a file beside the card, such as mijn-tekening.png, or "
                                         f"one of: {NAMES})"),
    ("beeld:", f"'beeld' is empty (expected one of: {NAMES}; or leave the line out for the plain picture)"),
    ("beeld: [vraag]", "'beeld' in an opdrachtkaart must be text (found a list)"),
])
def test_a_wrong_beeld_is_one_problem_at_its_line(line, message):
    card, problems, _ = parse_card(card_text(line), "k.md")
    assert [(p.path, p.line, p.message) for p in problems] == [("k.md", 5, message)]
    assert card.beeld == ""


def test_a_file_beside_the_card_is_its_picture_made_small(mini_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(mini_copy.parent)
    write_picture(mini_copy / "kaarten/mijn tekening.jpg", (3000, 2250), "JPEG")
    card = mini_copy / "kaarten/01-begin.md"
    card.write_text(card.read_text(encoding="utf-8").replace("nummer: 1\n", "nummer: 1\nbeeld: mijn tekening.jpg\n", 1),
                    encoding="utf-8")
    out = tmp_path / "dist"
    build(project_for(mini_copy), out)
    html = (out / "index.html").read_text(encoding="utf-8")
    srcs = set(re.findall(r'<img class="beeld" src="([^"]+)"', html))
    own = {src for src in srcs if src.startswith("assets/images/")}
    assert len(own) == 1 and re.fullmatch(r"assets/images/mijn-tekening\.[0-9a-f]{10}\.jpg", own.pop())
    assert html.count('src="assets/images/mijn-tekening.') == 3  # tile, card, its werkblad
    [file] = (out / "assets/images").iterdir()
    from PIL import Image
    with Image.open(file) as picture:
        assert picture.size == (2 * beelden.WIDTH, round(2250 * 2 * beelden.WIDTH / 3000)), "no bigger than needed"
    card.write_text(card.read_text(encoding="utf-8").replace("mijn tekening.jpg", "weg.png"), encoding="utf-8")
    from opstage_build.errors import ContentError
    with pytest.raises(ContentError) as caught:
        build(project_for(mini_copy), tmp_path / "again")
    assert [str(p) for p in caught.value.problems] == [
        "content/kaarten/01-begin.md:3: image 'weg.png' does not exist (expected a file content/kaarten/weg.png)"]


def test_every_real_card_has_its_own_picture():
    kaarten = load_site(ROOT / "content").kaarten
    chosen = [card.beeld for card in kaarten]
    assert "" not in chosen and beelden.DEFAULT not in chosen
    assert len(set(chosen)) == len(chosen) == len(beelden.BUILTIN)


# -- the files ------------------------------------------------------------------

def test_the_built_in_names_are_the_files():
    assert sorted(p.stem for p in BEELDEN.glob("*.svg")) == sorted(beelden.NAMES)
    assert sorted(p.name for p in BEELDEN.iterdir()) == sorted(f"{name}.svg" for name in beelden.NAMES)


def test_the_nine_pictures_together_stay_within_60_kb():
    assert sum((BEELDEN / f"{name}.svg").stat().st_size for name in beelden.BUILTIN) <= 60 * 1024


@pytest.mark.parametrize("name", beelden.NAMES)
def test_each_picture_is_plain_svg_in_the_one_style(name):
    """Well-formed; no script, no foreign objects, no link to anything; no editor metadata."""
    text = (BEELDEN / f"{name}.svg").read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert (root.get("viewBox"), root.get("width"), root.get("height")) == ("0 0 120 90", "120", "90")
    allowed = {"svg", "g", "path", "circle", "rect", "ellipse", "line", "polyline", "polygon"}
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        assert tag in allowed, f"{name}.svg: <{tag}> is not allowed"
        for key, value in element.attrib.items():
            assert not key.startswith("on") and "href" not in key and key != "style", f"{name}.svg: {key}"
            assert "url(" not in value and "//" not in value, f"{name}.svg: {key}={value}"
            if key in ("fill", "stroke"):
                assert value in PALETTE, f"{name}.svg: colour {value} is not in the palette"
            if key == "stroke-width":
                assert float(value) in (2, 3, 8), f"{name}.svg: stroke-width {value}"
    assert "<!--" not in text and "<?xml" not in text and "xmlns:" not in text
    assert 'stroke="#263238" stroke-width="3"' in text  # the outline every picture shares


# -- pages ----------------------------------------------------------------------

class Pictures(HTMLParser):
    """{where: [what each .beeld shows]}, where is "tile-N", "kaart-N" or "werkblad-N";
    what: "#beeld-<name>" (a <use> of the page's symbols) or the src of an <img>.
    `symbols`: {id: the <symbol>'s viewBox}."""

    def __init__(self):
        super().__init__()
        self.where = ""
        self.found: dict[str, list[str]] = {}
        self.images: list[dict] = []
        self.symbols: dict[str, str] = {}
        self.picture = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li" and a.get("data-kaart"):
            self.where = f"tile-{a['data-kaart']}"
        elif tag == "section" and re.fullmatch(r"(kaart|werkblad)-\d+", a.get("id", "")):
            self.where = a["id"]
        elif tag in ("img", "svg") and "beeld" in (a.get("class") or "").split():
            self.images.append(a)
            self.picture = a
            if tag == "img":
                self.found.setdefault(self.where, []).append(a["src"])
        elif tag == "use" and self.picture is not None:
            self.found.setdefault(self.where, []).append(a["href"])
            self.picture = None
        elif tag == "symbol":
            self.symbols[a["id"]] = a["viewbox"]

    handle_startendtag = handle_starttag


def pictures(dist: Path) -> Pictures:
    parser = Pictures()
    parser.feed((dist / "index.html").read_text(encoding="utf-8"))
    return parser


def test_every_card_shows_its_picture_on_its_tile_its_view_and_its_werkbladen(site_dist):
    site = load_site(ROOT / "content")
    found = pictures(site_dist)
    expected = {}
    for card in site.kaarten:
        src = f"#beeld-{card.beeld}"
        expected[f"tile-{card.nummer}"] = expected[f"kaart-{card.nummer}"] = [src]
        expected.update({f"werkblad-{n}": [src] for n in card.werkbladen})
    assert found.found == expected
    for image in found.images:  # decorative beside the title, hidden from screen readers; sized
        assert image["aria-hidden"] == "true" and int(image["width"]) * 3 == int(image["height"]) * 4


def test_the_pictures_in_use_are_inline_once_and_none_is_copied(site_dist, mini_dist):
    site = pictures(site_dist)
    assert sorted(site.symbols) == sorted(f"beeld-{name}" for name in beelden.BUILTIN)
    assert set(site.symbols.values()) == {"0 0 120 90"}
    html = (site_dist / "index.html").read_text(encoding="utf-8")
    for name in beelden.BUILTIN:  # the file's drawing, as it is
        inner = re.search(r"<svg[^>]*>(.*)</svg>", (BEELDEN / f"{name}.svg").read_text(encoding="utf-8"), re.S)[1]
        assert f'<symbol id="beeld-{name}" viewBox="0 0 120 90">{inner}</symbol>' in html
    mini = pictures(mini_dist)
    assert list(mini.symbols) == ["beeld-standaard"]
    assert set(sum(mini.found.values(), [])) == {"#beeld-standaard"}
    assert not (site_dist / "assets/beelden").exists() and not (mini_dist / "assets/beelden").exists()


# -- colours of the delen ---------------------------------------------------------

def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_deel_colour_is_aa_on_white_and_on_the_tiles():
    """White numbers sit on it and it borders grey tiles: 4.5:1 against both (text), so any number of delen is AA."""
    css = (ROOT / "assets/css/site.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"\.deel-(\d) \{ --deel: (#[0-9a-f]{6}); \}", css))
    vlak = re.search(r"--vlak: (#[0-9a-f]{6});", css).group(1)
    assert sorted(colours) == ["1", "2", "3", "4", "5", "6"] and len(set(colours.values())) == 6
    assert {n: c for n, c in colours.items() if min(contrast(c, "#ffffff"), contrast(c, vlak)) < 4.5} == {}


def test_the_delen_take_the_six_colours_in_turn(tmp_path, mini_copy):
    kaart = (mini_copy / "kaarten/01-begin.md").read_text(encoding="utf-8")
    kaart = re.sub(r"(?m)^werkbladen: \[1\]$", "werkbladen: []", kaart).replace("(index.html#werkblad-1)", "(#start)")
    for n in range(3, 9):
        (mini_copy / f"kaarten/{n:02}-extra.md").write_text(kaart.replace("nummer: 1", f"nummer: {n}"), encoding="utf-8")
    site_yaml = mini_copy / "site.yaml"
    delen = "".join(f"  - titel: Deel {n}\n    kaarten: [{n}]\n" for n in range(3, 9))
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace(
        "delen:\n  - titel: Alles\n    kaarten: [1, 2]\n", f"delen:\n  - titel: Alles\n    kaarten: [1, 2]\n{delen}"),
        encoding="utf-8")
    build(project_for(mini_copy), tmp_path / "dist")
    html = (tmp_path / "dist/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<h2 class="deel__titel (deel-\d)">', html) == [f"deel-{n}" for n in (1, 2, 3, 4, 5, 6, 1)]
    assert re.findall(r'<ol class="kaartlijst (deel-\d)">', html) == [f"deel-{n}" for n in (1, 2, 3, 4, 5, 6, 1)]
