"""The whole pipeline: load (validate everything) -> render (in memory) -> write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from opstage_build.content.loader import load_site
from opstage_build.render import render_site
from opstage_build.write import write_site


@dataclass
class Project:
    """Where a project's folders are."""

    content: Path
    templates: Path
    assets: Path

    @classmethod
    def at(cls, root: Path, content: Path | None = None) -> "Project":
        """The folders side by side in `root`; `content` may live elsewhere."""
        root = Path(root)
        return cls(Path(content) if content else root / "content", root / "templates", root / "assets")


def check(project: Project):
    """Load and render without writing; raises ContentError with every problem."""
    site = load_site(project.content)
    return site, render_site(site, project.templates, project.assets)


def build(project: Project, out_dir: Path) -> dict[str, str]:
    site, pages = check(project)
    write_site(pages, project.assets, out_dir)
    return pages
