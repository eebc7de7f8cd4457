"""Images in content: `![alt](file)` beside the Markdown or YAML file that names it.

Each good case is built and its output read back with Pillow (resized, upright,
no metadata, hashed name, width and height in the HTML); each bad case is one
`path:line` problem and nothing is written.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from opstage_build import images
from opstage_build.build import build, check
from opstage_build.errors import ContentError
from testsupport import ROOT, project_for, write_picture

CARD = "kaarten/01-begin.md"
ANCHOR = "Je maakt [werkblad 1](#werkblad-1)."  # line 16 of the card
LINE = 18  # where add() puts the Markdown


@pytest.fixture(autouse=True)
def beside_content(mini_copy, monkeypatch):
    """Work where content/ is, as an editor does: problems name content/..."""
    monkeypatch.chdir(mini_copy.parent)


def add(content: Path, markdown: str, file: str = CARD) -> None:
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert ANCHOR in text
    path.write_text(text.replace(ANCHOR, f"{ANCHOR}\n\n{markdown}\n", 1), encoding="utf-8")


def built(content: Path, tmp_path: Path) -> tuple[str, Path]:
    out = tmp_path / "dist"
    build(project_for(content), out)
    return (out / "index.html").read_text(encoding="utf-8"), out


def problems(content: Path, tmp_path: Path) -> list[str]:
    """The problems of building `content`; `check` (make check) finds exactly these too."""
    out = tmp_path / "dist"
    with pytest.raises(ContentError) as caught:
        build(project_for(content), out)
    assert not out.exists(), "nothing is written when an image is wrong"
    with pytest.raises(ContentError) as checked:
        check(project_for(content))
    assert checked.value.problems == caught.value.problems
    return [str(p) for p in caught.value.problems]


def img_tags(html: str) -> list[str]:
    """The images of the text (not the cards' own pictures, tests/test_beelden.py)."""
    return [tag for tag in re.findall(r"<img\b[^>]*>", html) if 'class="beeld"' not in tag]


def attribute(tag: str, name: str) -> str:
    return re.search(rf'\b{name}="([^"]*)"', tag)[1]


def test_a_photo_is_upright_resized_hashed_and_stripped(mini_copy, tmp_path):
    photo = Image.new("RGB", (4000, 3000), (200, 100, 50))
    exif = photo.getexif()
    exif[0x0112] = 6  # taken with the phone on its side
    exif[0x010F] = "Telefoonmerk"
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 0.0)}  # GPS
    photo.save(mini_copy / "kaarten/mijn foto.jpg", exif=exif, quality=90)
    add(mini_copy, "![Een leerling aan het werk](mijn foto.jpg)")
    html, out = built(mini_copy, tmp_path)
    [tag] = img_tags(html)
    assert attribute(tag, "alt") == "Een leerling aan het werk"
    src = attribute(tag, "src")
    assert re.fullmatch(r"assets/images/mijn-foto\.[0-9a-f]{10}\.jpg", src)
    width, height = int(attribute(tag, "width")), int(attribute(tag, "height"))
    assert (width, height) == (images.MAX_WIDTH, round(4000 * images.MAX_WIDTH / 3000))  # upright: taller than wide
    with Image.open(out / src) as result:
        assert result.size == (width, height)
        assert not result.getexif(), "EXIF (camera, GPS, orientation) is gone"
        assert not {"exif", "xmp", "XML:com.adobe.xmp"} & set(result.info)
    data = (out / src).read_bytes()
    assert b"Telefoonmerk" not in data and b"Exif" not in data


def test_paths_are_relative_to_the_file_and_work_in_every_kind_of_text(mini_copy, tmp_path):
    write_picture(mini_copy / "beelden/Zoë en Ali.png", (300, 200))
    write_picture(mini_copy / "docent/plan.png", (20, 10))
    add(mini_copy, "![Zoë en Ali](../beelden/Zoë%20en%20Ali.png)")
    sheet = mini_copy / "werkbladen/02-kort.yaml"
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(re.sub(r"^titel: (.*)$", r"titel: \1\nintro: '![Zoë en Ali](<../beelden/Zoë en Ali.png>)'",
                            text, count=1, flags=re.M), encoding="utf-8")
    guide = mini_copy / "docent/handleiding.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n![Het plan van de week](plan.png)\n", encoding="utf-8")
    html, out = built(mini_copy, tmp_path)
    tags = img_tags(html)
    assert len(tags) == 2 and len({attribute(t, "src") for t in tags}) == 1, "one file, named twice"
    src = attribute(tags[0], "src")
    assert re.fullmatch(r"assets/images/zoe-en-ali\.[0-9a-f]{10}\.png", src), "a plain name, no spaces or accents"
    assert (attribute(tags[0], "width"), attribute(tags[0], "height")) == ("300", "200"), "small pictures keep their size"
    [guide_tag] = img_tags((out / "handleiding.html").read_text(encoding="utf-8"))
    assert (out / attribute(guide_tag, "src")).is_file()
    assert sorted(p.name.split(".")[0] for p in (out / "assets/images").iterdir()) == ["plan", "zoe-en-ali"]


def test_svg_and_moving_pictures_are_kept_as_they_are(mini_copy, tmp_path):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 90"><circle cx="60" cy="45" r="40"/></svg>'
    (mini_copy / "kaarten/cirkel.svg").write_bytes(svg)
    frames = [Image.new("RGB", (2000, 100), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    frames[0].save(mini_copy / "kaarten/knipper.gif", save_all=True, append_images=frames[1:], duration=200, loop=0)
    frames[0].save(mini_copy / "kaarten/knipper.webp", save_all=True, append_images=frames[1:], duration=200)
    add(mini_copy, "![Een cirkel](cirkel.svg)\n\n![](knipper.gif){: .decoratief}\n\n![Het knippert](knipper.webp)")
    html, out = built(mini_copy, tmp_path)
    circle, blink, webp = img_tags(html)
    assert (out / attribute(webp, "src")).read_bytes() == (mini_copy / "kaarten/knipper.webp").read_bytes()
    assert (attribute(circle, "width"), attribute(circle, "height")) == ("120", "90")
    assert (out / attribute(circle, "src")).read_bytes() == svg
    assert attribute(blink, "alt") == "" and "decoratief" in attribute(blink, "class")
    assert (out / attribute(blink, "src")).read_bytes() == (mini_copy / "kaarten/knipper.gif").read_bytes()


def test_the_name_changes_with_the_picture_and_a_rebuild_resizes_nothing(mini_copy, tmp_path, monkeypatch):
    write_picture(mini_copy / "kaarten/foto.png", (2000, 1000))
    add(mini_copy, "![Een foto](foto.png)")
    project = project_for(mini_copy)
    project.cache = tmp_path / "cache"
    first = img_tags(build_with(project, tmp_path / "a"))[0]

    def no_resizing(*args):
        raise AssertionError("resized again although nothing changed")

    monkeypatch.setattr(images, "_resized", no_resizing)
    assert img_tags(build_with(project, tmp_path / "b"))[0] == first
    monkeypatch.undo()
    write_picture(mini_copy / "kaarten/foto.png", (2000, 1200))
    again = img_tags(build_with(project, tmp_path / "c"))[0]
    assert attribute(again, "src") != attribute(first, "src") and attribute(again, "height") == str(
        round(1200 * images.MAX_WIDTH / 2000))


def build_with(project, out: Path) -> str:
    build(project, out)
    return (out / "index.html").read_text(encoding="utf-8")


def png_header(width: int, height: int) -> bytes:
    """The start of a PNG that says it is `width` x `height` (no pixels follow)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    idat = struct.pack(">I", 0) + b"IDAT" + struct.pack(">I", zlib.crc32(b"IDAT"))
    return b"\x89PNG\r\n\x1a\n" + chunk + idat


@pytest.mark.parametrize("setup, markdown, message", [
    (None, "![Een foto](weg.png)", "image 'weg.png' does not exist (expected a file content/kaarten/weg.png)"),
    ("kaarten/Foto.PNG", "![Een foto](foto.png)", "image 'foto.png' does not exist: the name is written 'Foto.PNG' "
     "(expected the name exactly, upper and lower case too: web servers tell them apart)"),
    ("../geheim.png", "![Een foto](../../geheim.png)", "image '../../geheim.png' lies outside the content folder "
     "(expected a file inside content/, e.g. beside this one; a link is not copied along with the site)"),
    (None, "![Een foto](https://example.com/foto.png)", "image 'https://example.com/foto.png' is not a file of this "
     "lesson package (expected a file in the content folder, e.g. ![Wat je ziet](foto.jpg) beside this file: the site "
     "loads nothing from elsewhere)"),
    (None, "![Een foto](foto%00.png)", "image 'foto%00.png' is no file name (expected the name of a file, e.g. foto.jpg)"),
    (None, "![Een foto](//example.com/foto.png)", "image '//example.com/foto.png' is not a file of this lesson package"),
    ("kaarten/foto.png", "![](foto.png)", "image 'foto.png' has no alt text (expected ![what the picture shows]"
     "(foto.png), or ![](foto.png){: .decoratief} for a picture that only decorates)"),
    ("kaarten/foto.png", "![Een foto](foto.png){: .decoratief}", "image 'foto.png' is marked decoratief but has alt "
     "text 'Een foto'"),
    ("kaarten/foto.bmp", "![Een foto](foto.bmp)", "image 'foto.bmp' is not a picture the site can show (expected a "
     "JPEG, PNG, WebP, GIF or SVG file)"),
    ("kaarten/tiff.png", "![Een foto](tiff.png)", "image 'tiff.png' is a TIFF file (expected a JPEG, PNG, WebP, GIF "
     "or SVG file)"),
    ("kaarten/tekst.png", "![Een foto](tekst.png)", "image 'tekst.png' cannot be read as a picture (expected a JPEG, "
     "PNG, WebP, GIF or SVG file;"),
    ("kaarten/bom.png", "![Een foto](bom.png)", "image 'bom.png' is more than 178 million pixels, too many to open "
     "safely (expected at most 89 million pixels: make it smaller in a photo editor)"),
    ("kaarten/groot.png", "![Een foto](groot.png)", "image 'groot.png' is 10000 x 10000 pixels, too many to open "
     "safely"),
    ("kaarten/vorm.svg", "![Een vorm](vorm.svg)", "image 'vorm.svg' has no size (expected a viewBox such as "
     'viewBox="0 0 400 300" on its <svg>, so the page knows its shape)'),
    ("kaarten/kapot.svg", "![Een vorm](kapot.svg)", "image 'kapot.svg' is not a valid SVG file"),
    ("kaarten/script.svg", "![Een vorm](script.svg)", "image 'script.svg' holds a script (<script>) (expected an "
     "SVG picture without scripts: save it again from the drawing program as plain SVG)"),
    ("kaarten/onload.svg", "![Een vorm](onload.svg)", "image 'onload.svg' holds a script (onLoad=)"),
    ("kaarten/link.svg", "![Een vorm](link.svg)", "image 'link.svg' holds a script (a javascript: link)"),
    ("kaarten/halve.png", "![Een foto](halve.png)", "image 'halve.png' cannot be read as a picture"),
    ("kaarten/halve.jpg", "![Een foto](halve.jpg)", "image 'halve.jpg' cannot be read as a picture (image file is "
     "truncated"),  # half copied from a phone: the header is whole, the rest shows when it is decoded
])
def test_every_bad_image_is_a_problem_at_its_line(mini_copy, tmp_path, setup, markdown, message):
    if setup:
        target = mini_copy / setup
        if target.suffix == ".svg":
            inside = {"script.svg": "<script>alert(1)</script>", "onload.svg": '<rect onLoad="alert(1)"/>',
                      "link.svg": '<a xmlns:x="http://www.w3.org/1999/xlink" x:href=" Java\tScript:alert(1)"><rect/></a>'}
            drawn = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3">{inside.get(target.name, "")}</svg>'
            target.write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>' if "vorm" in setup
                              else "<svg>" if "kapot" in setup else drawn, encoding="utf-8")
        elif target.name == "tiff.png":
            Image.new("RGB", (10, 10)).save(target, "TIFF")
        elif target.name == "tekst.png":
            target.write_text("dit is geen plaatje", encoding="utf-8")
        elif target.name in ("bom.png", "groot.png"):
            target.write_bytes(png_header(*((30000, 30000) if target.name == "bom.png" else (10000, 10000))))
        elif target.name == "halve.png":  # a good header, cut off halfway
            write_picture(target, (400, 300))
            target.write_bytes(target.read_bytes()[:200])
        elif target.name == "halve.jpg":
            Image.effect_noise((2000, 1500), 60).convert("RGB").save(target, "JPEG")
            target.write_bytes(target.read_bytes()[:30000])
        elif target.suffix == ".bmp":
            write_picture(target, kind="BMP")
        else:
            write_picture(target)
    add(mini_copy, f"Kijk maar.\n\n{markdown}")
    found = problems(mini_copy, tmp_path)
    assert len(found) == 1, found
    assert found[0].startswith(f"content/{CARD}:{LINE + 2}: {message}"), found[0]


def test_a_picture_named_by_several_texts_is_one_problem_each(mini_copy, tmp_path):
    add(mini_copy, "![Een foto](weg.png)\n\nEn nog eens: ![Een foto](weg.png)")
    assert [p.split(": ")[0] for p in problems(mini_copy, tmp_path)] == [f"content/{CARD}:{LINE}",
                                                                          f"content/{CARD}:{LINE + 2}"]


def test_pillow_is_imported_only_for_a_package_with_images(tmp_path):
    code = ("import sys; from opstage_build.build import build; from testsupport import MINI, project_for; "
            f"build(project_for(MINI / 'content'), {str(tmp_path / 'dist')!r}); "
            "assert 'PIL' not in sys.modules, 'Pillow was imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "tests")})


def test_raw_img_with_single_quotes_or_no_quotes_is_found(mini_copy, tmp_path):
    write_picture(mini_copy / "kaarten/foto.png", (40, 30))
    add(mini_copy, "<img src='foto.png' alt='Met enkele aanhalingstekens'>\n\n<img src=foto.png alt=Zonder>")
    html, out = built(mini_copy, tmp_path)
    single, bare = img_tags(html)
    for tag, alt in ((single, "Met enkele aanhalingstekens"), (bare, "Zonder")):
        assert re.search(r'src="assets/images/foto\.[0-9a-f]{10}\.png"', tag), tag
        assert (attribute(tag, "width"), attribute(tag, "height")) == ("40", "30")
        assert alt in tag


@pytest.mark.parametrize("case", ["link outside", "not a picture", "a phone's HEIC"])
def test_a_named_picture_that_fails_is_no_unused_warning_as_well(mini_copy, tmp_path, case):
    name = "IMG_1234.HEIC" if case == "a phone's HEIC" else "foto.png"
    if case == "link outside":  # a symlink beside the card to a photo outside content/
        write_picture(tmp_path / "buiten.png")
        (mini_copy / "kaarten/foto.png").symlink_to(tmp_path / "buiten.png")
    else:
        (mini_copy / "kaarten" / name).write_text("geen plaatje", encoding="utf-8")
    add(mini_copy, f"![Een foto]({name})")
    with pytest.raises(ContentError) as caught:
        build(project_for(mini_copy), tmp_path / "dist")
    assert len(caught.value.problems) == 1, caught.value.problems
    assert not caught.value.warnings, "the picture is named: only its problem, not also 'not used by the site'"
    if case == "link outside":
        assert "'foto.png' is a link to a file outside the content folder" in caught.value.problems[0].message
    if case == "a phone's HEIC":
        assert "'IMG_1234.HEIC' is not a picture the site can show" in caught.value.problems[0].message


def test_an_accent_stored_the_mac_way_is_the_same_name(mini_copy, tmp_path):
    """A Mac stores "é" as "e" and an accent mark (NFD); the text has it as one letter (NFC)."""
    import unicodedata

    write_picture(mini_copy / "kaarten" / unicodedata.normalize("NFD", "café.png"), (40, 30))
    add(mini_copy, "![Het café](café.png)")
    site, pages = build(project_for(mini_copy), tmp_path / "dist")
    assert site.warnings == [], "the photo is used, also by the name it has on disk"
    tag, = img_tags(pages["index.html"])
    assert re.search(r'src="assets/images/cafe\.[0-9a-f]{10}\.png"', tag), tag


def test_backslashes_between_folders_are_named_in_the_problem(mini_copy, tmp_path):
    write_picture(mini_copy / "beelden/foto.png")
    add(mini_copy, "![Een foto](..\\beelden\\foto.png)")
    found, = problems(mini_copy, tmp_path)
    assert found.endswith("; between folders a / as in ../beelden/foto.jpg, not a \\)"), found
