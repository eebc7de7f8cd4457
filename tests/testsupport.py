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
