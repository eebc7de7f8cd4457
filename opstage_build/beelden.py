"""The project's own illustrations: one picture per card, in assets/beelden/<name>.svg.

A card names its picture in its front matter (`beeld: handdruk`); a card
without one shows the plain DEFAULT. `Card.beeld` holds the name, or for a
file beside the card (`beeld: tekening.png`) the stand-in address of an image
of content (images.token): images.py checks and sizes that file like any other.
The pictures are decorative next to the card's title: pages show a built-in
one as an inline <svg aria-hidden="true"> (symbols), a file of the card's own
as <img alt="">; never as a CSS background, so they print and stay in forced
colours.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from opstage_build.images import TOKEN

# Each drawn by hand in one style: viewBox 0 0 120 90, stroke 3, the same few colours.
BUILTIN = ("vraag", "kaart", "zoeken", "telefoon", "handdruk", "contract", "eerste-dag", "opdrachten", "afscheid")
DEFAULT = "standaard"
NAMES = BUILTIN + (DEFAULT,)  # what `beeld:` may say
FOLDER = "beelden"  # inside assets/
WIDTH, HEIGHT = 120, 90  # of every built-in picture, for the <img> attributes (no shift while it loads)


def asset_name(name: str) -> str:
    """`beelden/<name>.svg`: the picture's path inside assets/ ("" for the default)."""
    return f"{FOLDER}/{name or DEFAULT}.svg"


def src(card) -> str:
    """What pages show as a card's picture: `#beeld-<name>`, a symbol of the page
    (see `symbols`), or for a file of its own the stand-in address images.place fills in."""
    if card.beeld.startswith(TOKEN):
        return card.beeld
    return f"#beeld-{card.beeld or DEFAULT}"


def symbols(kaarten, assets_dirs) -> Markup:
    """The built-in pictures the cards use, once each, as <symbol>s of one hidden <svg>
    that every place shows with <use href="#beeld-...">: inline in index.html, so
    the start page reads no picture file (each file:// request cost more than the
    bytes; bench/bench_start.py), and they still print and keep their colours in
    forced colours. A project's own assets/beelden/<name>.svg replaces the built-in one."""
    used = sorted({card.beeld or DEFAULT for card in kaarten if not card.beeld.startswith(TOKEN)})
    parts = []
    for name in used:
        file = next((Path(d) / asset_name(name) for d in assets_dirs if (Path(d) / asset_name(name)).is_file()), None)
        if file is None:
            continue  # the built-in assets always have it
        svg = file.read_text(encoding="utf-8")
        start = _OPEN.search(svg)
        box = _VIEWBOX.search(start[0]) if start else None
        inner = svg[start.end():svg.rindex("</svg>")]
        parts.append(f'<symbol id="beeld-{name}" viewBox="{box[1] if box else f"0 0 {WIDTH} {HEIGHT}"}">{inner}</symbol>')
    if not parts:
        return Markup("")
    return Markup('<svg class="beelden" width="0" height="0" aria-hidden="true" focusable="false">'
                  + "".join(parts) + "</svg>")


def all_files() -> set[str]:
    """The built-in pictures as paths inside assets/: inlined as symbols, never copied."""
    return {asset_name(name) for name in NAMES}


_OPEN = re.compile(r"<svg\b[^>]*>")
_VIEWBOX = re.compile(r'viewBox="([^"]*)"')
