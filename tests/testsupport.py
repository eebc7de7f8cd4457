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


def linked_sources(dist: Path, page: str, kind: str, assets: Path | None = None) -> list[str]:
    """The asset files ("js/site.js") that `page` of a built site links, in order,
    also those inside a joined file (bundles.py): its parts are found by their
    minified bytes, which must tile it exactly. `assets`: a project's own folder."""
    import re

    from opstage_build.build import builtin
    from opstage_build.write import asset_files, minified

    sources = asset_files([folder for folder in (assets, builtin("assets")) if folder])
    made = {name: minified(path) for name, path in sources.items() if name.endswith("." + kind)}
    separator = b"\n" if kind == "css" else b";\n"
    html = (dist / page).read_text(encoding="utf-8")
    attribute = "href" if kind == "css" else "src"
    names = []
    for name in re.findall(rf'{attribute}="assets/({kind}/[^"]+\.{kind})"', html):
        if name in made:
            names.append(name)
            continue
        data, at, parts = (dist / "assets" / name).read_bytes(), 0, []
        while at < len(data):
            part = max((n for n, m in made.items() if m and data.startswith(m, at)), key=lambda n: len(made[n]))
            parts.append(part)
            at += len(made[part]) + len(separator)
        assert at == len(data) + len(separator), f"{name} is not its parts joined"
        names += parts
    return names
