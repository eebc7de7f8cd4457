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
