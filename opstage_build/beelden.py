"""The project's own illustrations: one picture per card, in assets/beelden/<name>.svg.

A card names its picture in its front matter (`beeld: handdruk`); a card
without one shows the plain DEFAULT. `Card.beeld` holds the name, or for a
file beside the card (`beeld: tekening.png`) the stand-in address of an image
of content (images.token): images.py checks and sizes that file like any other.
The pictures are decorative next to the card's title: pages show them as
<img alt=""> (not a CSS background, so they print and stay in forced colours).
"""

from __future__ import annotations

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
    """The address of a card's picture, as pages link it."""
    if card.beeld.startswith(TOKEN):
        return card.beeld  # its own file: images.place gives its final name
    return f"assets/{asset_name(card.beeld)}"


def unused(kaarten) -> set[str]:
    """The built-in pictures no card shows, as paths inside assets/: the build leaves them out."""
    return {asset_name(name) for name in NAMES} - {asset_name(card.beeld) for card in kaarten}
