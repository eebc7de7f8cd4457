"""Images that content names with `![alt](file)`: check them, size them, place them.

The home of everything about pictures in content, in pipeline order:

- `resolve`, `key` and `token` (pure, used by the parser): an image's path
  relative to the file that names it, what it is named by (with the widest it
  is made), and the stand-in `src` the parsed HTML carries until the build
  knows the image's final name.
- `check_images` (load): each named file exists with exactly that name (web
  servers tell upper and lower case apart), lies inside content/, is a JPEG,
  PNG, WebP, GIF or SVG, is no decompression bomb. Gives a `Picture` per file:
  its name under assets/ (with a hash of its content) and its size on the page.
- `place` (render): the stand-ins become that name with `width` and `height`.
- `render_images` (write): the bytes of each picture: turned upright by its
  EXIF orientation, made no wider than `MAX_WIDTH`, metadata stripped; SVG and
  animated GIF as they are. Kept between builds in the cache folder by the
  hash of their input, so a rebuild resizes nothing that it resized before.

Pillow is imported only here, and only when a package has raster images.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import unicodedata
from io import BytesIO
from pathlib import Path
from urllib.parse import quote, unquote

from opstage_build.content.markdown import is_external
from opstage_build.content.model import Picture
from opstage_build.errors import ContentError, Problem

FOLDER = "assets/images"  # in the built site
MAX_WIDTH = 1728  # px: twice the widest a picture is shown (the text column, 48rem of 18 px)
MAX_PIXELS = 89_478_485  # Pillow's own limit for a picture it opens without warning
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}  # and SVG
SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg")
EXPECTED_TYPES = "expected a JPEG, PNG, WebP, GIF or SVG file"
# Changes to how pictures are processed must change their names (and cache keys)
_PROCESS = f"opstage-images-1:{MAX_WIDTH}:".encode()
TOKEN = "opstage-image:"


# -- parse (pure) -------------------------------------------------------------

def resolve(path: str, src: str) -> str:
    """The image `src` that the file at `path` names, as a path like `path` (posix)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(src)))


def key(resolved: str, most: int = MAX_WIDTH) -> str:
    """What content names an image by: the file (`resolve`) and the widest it is made."""
    return f"{most}:{resolved}"


def small(resolved: str, width: int) -> str:
    """The `key` for a place that shows the image at most `width` px wide (a card's
    picture): it is made at most twice that wide, not MAX_WIDTH."""
    return key(resolved, min(2 * width, MAX_WIDTH))


def token(named: str) -> str:
    """The `src` an image carries between parsing and rendering, for its `key`."""
    return TOKEN + quote(named, safe="/")


def is_web_address(src: str) -> bool:
    """An image somewhere else (https:, //): the site loads nothing from elsewhere."""
    return is_external(src) or src.startswith("//")


def _file_and_width(named: str) -> tuple[str, int]:
    most, _, file = named.partition(":")
    return file, int(most)


# -- load ---------------------------------------------------------------------

def check_images(refs: list[tuple[str, str, str, int]], content_dir: Path
                 ) -> tuple[dict[str, Picture], list[Problem], set[str]]:
    """For each `(key, src, path, line)` that content names: a Picture per key, a
    problem at `path:line` for each that cannot be shown, and every file named
    (resolved; also those that failed: they are not unused, they are wrong)."""
    pictures: dict[str, Picture] = {}
    problems: list[Problem] = []
    failed: dict[str, str] = {}
    named: set[str] = set()
    content = Path(content_dir).resolve()
    for named_as, src, path, line in refs:
        if named_as in pictures:
            continue
        message = failed.get(named_as)
        if message is None:
            file, most = _file_and_width(named_as)
            try:
                pictures[named_as] = _inspect(Path(file), src, content, (path, line), most)
                named.add(pictures[named_as].source)
                continue
            except _Unusable as err:
                message = failed[named_as] = str(err)
                if "\0" not in file:
                    named.add(os.path.realpath(file))
        problems.append(Problem(path, line, message))
    return pictures, problems, named


class _Unusable(Exception):
    pass


def _inspect(file: Path, src: str, content: Path, where: tuple[str, int], most: int) -> Picture:
    if src.startswith("/"):
        raise _Unusable(f"image '{src}' starts with '/' (expected a path from this file to the image, "
                        f"such as foto.jpg for a file beside it)")
    if "\0" in str(file):  # %00: no file name has it
        raise _Unusable(f"image '{src}' is no file name (expected the name of a file, e.g. foto.jpg)")
    try:
        real = file.resolve()
    except OSError:
        real = Path(os.path.abspath(file))
    if not real.is_relative_to(content):
        where = ("is a link to a file outside the content folder"
                 if Path(os.path.abspath(file)).is_relative_to(content) else "lies outside the content folder")
        raise _Unusable(f"image '{src}' {where} (expected a file inside {content.name}/, e.g. beside this one; "
                        f"a link is not copied along with the site)")
    real = _exact_name(real, content, src)
    suffix = real.suffix.lower()
    if suffix not in SUFFIXES:
        raise _Unusable(f"image '{src}' is not a picture the site can show ({EXPECTED_TYPES})")
    try:
        data = real.read_bytes()
    except OSError as err:
        raise _Unusable(f"image '{src}' cannot be read ({err.strerror})")
    digest = hashlib.blake2b(_PROCESS + str(most).encode() + b"\0" + data, digest_size=16).hexdigest()
    if suffix == ".svg":
        width, height = _svg_size(data, src)
        return Picture(str(real), _name(real, digest, ".svg"), width, height, "svg", digest, where)
    kind, width, height, ext = _raster(data, src, most)
    return Picture(str(real), _name(real, digest, ext), width, height, kind, digest, where)


def _exact_name(real: Path, content: Path, src: str) -> Path:
    """The file as it is named on disk: it must exist with exactly this name, every
    folder on the way included. Only how an accent is stored may differ (a Mac
    writes "é" as "e" plus an accent mark): the site's file names have no accents."""
    folder = content
    for part in real.relative_to(content).parts:
        try:
            names = os.listdir(folder)
        except OSError:
            names = []
        if part not in names:
            same = next((n for n in names if unicodedata.normalize("NFC", n) == unicodedata.normalize("NFC", part)), None)
            if same is not None:
                folder = folder / same
                continue
            other = next((n for n in names if n.lower() == part.lower()), None)
            if other is not None:
                raise _Unusable(f"image '{src}' does not exist: the name is written '{other}' "
                                f"(expected the name exactly, upper and lower case too: web servers tell them apart)")
            slashes = "; between folders a / as in ../beelden/foto.jpg, not a \\" if "\\" in src else ""
            raise _Unusable(f"image '{src}' does not exist (expected a file "
                            f"{real.relative_to(content.parent).as_posix()}{slashes})")
        folder = folder / part
    return folder


def _raster(data: bytes, src: str, most: int) -> tuple[str, int, int, str]:
    """`(kind, width, height, suffix)` on the page, from the file's header only."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the size is checked below
            image = Image.open(BytesIO(data))
        with image:
            if image.format not in FORMATS:
                raise _Unusable(f"image '{src}' is a {image.format} file ({EXPECTED_TYPES})")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _Unusable(_too_many(src, f"{width} x {height}"))
            if getattr(image, "is_animated", False):  # GIF, WebP or PNG that moves: kept as it is
                return "animated", width, height, FORMATS[image.format]
            if image.getexif().get(0x0112) in (5, 6, 7, 8):  # EXIF orientation: turned a quarter
                width, height = height, width
    except Image.DecompressionBombError:
        raise _Unusable(_too_many(src, "more than 178 million"))
    except UnidentifiedImageError:
        raise _Unusable(f"image '{src}' cannot be read as a picture ({EXPECTED_TYPES}; this file is none of them, "
                        f"or it is damaged)")
    except (OSError, SyntaxError, ValueError) as err:
        raise _Unusable(f"image '{src}' cannot be read as a picture ({EXPECTED_TYPES}; {err})")
    if width > most:
        width, height = most, max(1, round(height * most / width))
    return "raster", width, height, FORMATS[image.format]


def _too_many(src: str, pixels: str) -> str:
    return (f"image '{src}' is {pixels} pixels, too many to open safely (expected at most "
            f"{MAX_PIXELS // 1_000_000} million pixels: make it smaller in a photo editor)")


_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def _svg_size(data: bytes, src: str) -> tuple[int, int]:
    """Its width and height from the root's width/height in px, or else its viewBox."""
    import xml.etree.ElementTree as ElementTree  # expat refuses entity bombs

    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as err:
        raise _Unusable(f"image '{src}' is not a valid SVG file ({err})")
    if root.tag not in ("{http://www.w3.org/2000/svg}svg", "svg"):
        raise _Unusable(f"image '{src}' is not an SVG picture (expected <svg> as its outer element)")
    script = _svg_script(root)
    if script:  # harmless inside <img>, but opened on its own from file:// it would run
        raise _Unusable(f"image '{src}' holds a script ({script}) (expected an SVG picture without scripts: "
                        f"save it again from the drawing program as plain SVG)")
    sizes = [_LENGTH.match(root.get(name, "")) for name in ("width", "height")]
    if all(sizes):
        return tuple(max(1, round(float(m[1]))) for m in sizes)
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        width, height = float(box[2]), float(box[3])
    except (IndexError, ValueError):
        width = height = 0
    if width <= 0 or height <= 0:
        raise _Unusable(f"image '{src}' has no size (expected a viewBox such as viewBox=\"0 0 400 300\" "
                        f"on its <svg>, so the page knows its shape)")
    return max(1, round(width)), max(1, round(height))


def _svg_script(root) -> str | None:
    """What in an SVG tree would run as a script: <script>, <foreignObject> (HTML
    inside), an on...= attribute or a javascript: link; None if nothing does."""
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1]
        if tag in ("script", "foreignObject"):
            return f"<{tag}>"
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1]
            if name.lower().startswith("on"):
                return f"{name}="
            if name == "href" and "".join(value.split()).lower().startswith("javascript:"):
                return "a javascript: link"
    return None


def _name(file: Path, digest: str, suffix: str) -> str:
    """`assets/images/<name>.<hash><suffix>`: a name any server and browser reads (accents
    dropped, anything else but letters and digits a '-')."""
    plain = unicodedata.normalize("NFKD", file.stem).encode("ascii", "ignore").decode()
    plain = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower()[:60] or "image"
    return f"{FOLDER}/{plain}.{digest[:10]}{suffix}"


# -- render -------------------------------------------------------------------

_PLACED = re.compile(r'<img\b[^>]*\bsrc="' + re.escape(TOKEN) + r'([^"]*)"[^>]*>')
_SIZED = re.compile(r"\s(width|height)\s*=", re.I)


def place(html: str, pictures: dict[str, Picture]) -> str:
    """Each stand-in `src` of `html` becomes the picture's name, with its width and
    height (unless the `<img>` of raw HTML gives its own)."""
    if TOKEN not in html:
        return html

    def named(match: re.Match) -> str:
        picture = pictures[unquote(match[1])]
        size = "" if _SIZED.search(match[0]) else f' width="{picture.width}" height="{picture.height}"'
        return match[0].replace(f'src="{TOKEN}{match[1]}"', f'src="{picture.name}"{size}', 1)

    return _PLACED.sub(named, html)


# -- write --------------------------------------------------------------------

def render_images(pictures: dict[str, Picture], cache: Path | None = None) -> dict[str, bytes]:
    """`{name in the site: bytes}` for every picture. A picture made before is taken
    from `cache` (a folder, optional) by the hash of its input."""
    files, problems = {}, []
    for picture in pictures.values():
        if picture.name in files:
            continue
        try:
            files[picture.name] = _made(picture, cache)
        except (OSError, ValueError, SyntaxError) as err:  # read in full only now: a damaged file
            path, line = picture.where
            problems.append(Problem(path, line, f"image '{Path(picture.source).name}' cannot be read as a "
                                                f"picture ({err}; {EXPECTED_TYPES} that opens in a photo viewer)"))
    if problems:
        raise ContentError(problems)
    return files


def _made(picture: Picture, cache: Path | None) -> bytes:
    kept = cache / f"{picture.digest}{Path(picture.name).suffix}" if cache else None
    if kept is not None:
        try:
            data = kept.read_bytes()
            os.utime(kept)  # in use: see remove_stale
            return data
        except OSError:
            pass
    data = Path(picture.source).read_bytes()
    if picture.kind == "raster":
        data = _resized(data, picture.width, picture.height)
    if kept is not None:
        _keep(kept, data)
    return data


def _resized(data: bytes, width: int, height: int) -> bytes:
    """The picture upright, `width` x `height`, with no metadata (no EXIF, GPS, camera, XMP)."""
    from PIL import Image, ImageOps

    with Image.open(BytesIO(data)) as original:
        kind = original.format
        icc = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)
        if image.size != (width, height):
            if image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA" if "transparency" in image.info or image.mode in ("P", "PA") else "RGB")
            image = image.resize((width, height), Image.LANCZOS)
        image.info = {key: value for key, value in image.info.items() if key == "transparency"}
        options = {"icc_profile": icc} if icc else {}
        if kind == "JPEG":
            if image.mode not in ("RGB", "L", "CMYK"):
                image = image.convert("RGB")
            options.update(quality=85, optimize=True, progressive=True)
        elif kind == "WEBP":
            options.update(quality=85)
        elif kind == "PNG":
            options.update(optimize=True)
        out = BytesIO()
        image.save(out, kind, **options)
    return out.getvalue()


def _keep(file: Path, data: bytes) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = file.with_name(f".{file.name}.{os.getpid()}")
        partial.write_bytes(data)
        os.replace(partial, file)
    except OSError:
        pass  # a read-only project still builds, only slower


STALE_DAYS = 30


def remove_stale(cache: Path | None, days: int = STALE_DAYS) -> None:
    """Forget pictures no build used for `days` (each use touches its file)."""
    import time

    if not cache or not cache.is_dir():
        return
    limit = time.time() - days * 86400
    for file in cache.iterdir():
        try:
            if file.stat().st_mtime < limit:
                file.unlink()
        except OSError:
            pass
