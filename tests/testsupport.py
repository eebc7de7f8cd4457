"""Paths and helpers shared by tests at every level (importable as `testsupport`)."""

from __future__ import annotations

from pathlib import Path

from opstage_build.build import Project

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "sites" / "mini"
VIER = ROOT / "tests" / "sites" / "vier"  # another shape: 4 cards in 2 parts, no card questions, no routekaart


def project_for(content: Path) -> Project:
    """The repository's templates and assets with any content folder."""
    return Project.at(ROOT, content)


def real_numbers() -> tuple[list[int], list[int]]:
    """The card and werkblad numbers of content/ as the loader reads them: tests of
    the real site take them from here and never pin how many there are."""
    from opstage_build.content.loader import load_site

    site = load_site(ROOT / "content")
    return [k.nummer for k in site.kaarten], [w.nummer for w in site.werkbladen]


def write_picture(path: Path, size=(40, 30), kind="PNG", **options) -> Path:
    """A real picture file (Pillow), for content that shows images."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (30, 120, 200)).save(path, kind, **options)
    return path


def linked_sources(dist: Path, page: str, kind: str) -> list[str]:
    """The asset files ("js/site.js") that `page` of a built site links, in order,
    also those inside a joined file (bundles.py names each part in a comment)."""
    import re

    html = (dist / page).read_text(encoding="utf-8")
    attribute = "href" if kind == "css" else "src"
    names = []
    for name in re.findall(rf'{attribute}="assets/({kind}/[^"]+\.{kind})"', html):
        parts = re.findall(rf"^/\* ({kind}/\S+) \*/$", (dist / "assets" / name).read_text(encoding="utf-8"), re.M)
        names += parts or [name]
    return names
