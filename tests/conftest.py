"""Shared fixtures: the project's folders and built copies of the test sites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from opstage_build.build import build
from testsupport import MINI, ROOT, project_for


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    """A writable copy of the mini site's content/, to break on purpose."""
    target = tmp_path / "content"
    shutil.copytree(MINI / "content", target)
    return target


@pytest.fixture(scope="session")
def mini_dist(tmp_path_factory) -> Path:
    """The mini test site (every field type), built once."""
    out = tmp_path_factory.mktemp("mini") / "dist"
    build(project_for(MINI / "content"), out)
    return out


@pytest.fixture(scope="session")
def site_dist(tmp_path_factory) -> Path:
    """The real site from content/, built once."""
    out = tmp_path_factory.mktemp("site") / "dist"
    build(project_for(ROOT / "content"), out)
    return out
