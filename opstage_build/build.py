"""The whole pipeline: load (validate everything) -> render (in memory) -> write."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from opstage_build import beelden, bundles
from opstage_build.content.cache import BuildCache
from opstage_build.content.loader import load_site
from opstage_build.errors import ContentError, Problem, unexpected
from opstage_build.render import render_site
from opstage_build.write import asset_files, check_output, minified, write_site


PACKAGE = Path(__file__).resolve().parent


def builtin(kind: str) -> Path:
    """The `templates` or `assets` folder that comes with opstage_build: inside the
    installed package (package data), or beside it in a checkout of the repository."""
    inside = PACKAGE / kind
    return inside if inside.is_dir() else PACKAGE.parent / kind


@dataclass
class Project:
    """Where a project's folders are; `cache` (optional) keeps work between builds.

    `templates` and `assets` are the project's own and may be missing: a file
    there replaces the built-in file of the same name (template_dirs, asset_dirs).
    """

    content: Path
    templates: Path
    assets: Path
    cache: Path | None = None
    root: Path | None = None

    @classmethod
    def at(cls, root: Path, content: Path | None = None) -> "Project":
        """The folders side by side in `root`; `content` may live elsewhere."""
        root = Path(root)
        return cls(Path(content) if content else root / "content", root / "templates", root / "assets",
                   root / ".cache" / "opstage", root)

    def template_dirs(self) -> list[Path]:
        return _own_then_builtin(self.templates, builtin("templates"))

    def asset_dirs(self) -> list[Path]:
        return _own_then_builtin(self.assets, builtin("assets"))

    def folders(self) -> dict[str, Path]:
        """The folders a build must never write into or replace (write.check_output)."""
        named = {"project": self.root, "content": self.content, "templates": self.templates, "assets": self.assets}
        return {what: folder for what, folder in named.items() if folder is not None}


def check(project: Project, cache: BuildCache | None = None):
    """Load, render and make the images without writing: `(site, pages)`, or
    ContentError with every problem (a photo cut off halfway shows only when it
    is decoded, so `check` decodes the images as `build` does).

    `project.cache` (optional) keeps work between builds (content/cache.py): the
    result is the same with or without it.
    """
    site, pages, _files = _made(project, cache or BuildCache(project.cache, project.content, project.template_dirs()))
    return site, pages


def _made(project: Project, cache: BuildCache):
    """`(site, pages, files)`: the loaded site, its pages and the files of its images."""
    with _collector_paused():
        try:
            site = load(project, cache)
            pages = render_site(site, project.template_dirs(), project.asset_dirs(), cache)
        finally:
            cache.save()  # every entry is the pure result of its input, valid even if another file failed
    return site, pages, cache.images(site.images)


def load(project: Project, cache: BuildCache):
    try:
        return load_site(project.content, cache.parses.parse_all)
    except ContentError:
        raise
    except Exception as err:  # each file's own errors are reported by the loader; this is what is left
        raise ContentError([unexpected(err, project.content.as_posix(), 0, "while loading the content")]) from err


def build(project: Project, out_dir: Path):
    """Load, render and write: `(site, pages)` as `check`. The output folder is
    checked first, so a refused folder costs no time (and again when written)."""
    check_output(out_dir, project.folders())
    cache = BuildCache(project.cache, project.content, project.template_dirs())
    site, pages, files = _made(project, cache)
    sources = asset_files(project.asset_dirs())
    pages, joined, only_joined = bundles.join(pages, lambda name: minified(sources[name]))
    write_site(pages, sources, out_dir, project.folders(), {**files, **joined},
               leave_out=beelden.all_files() | only_joined)
    return site, pages


def new_project(folder: Path) -> None:
    """Copy the starter package (content/ only: templates and assets are built in)
    into `folder`, which must be missing or empty."""
    import shutil

    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ContentError([Problem(folder.as_posix(), 0, "the folder is not empty (expected a new or empty folder "
                                                          "for the lesson package; nothing was changed)")])
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PACKAGE / "starter", folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))


def _own_then_builtin(own: Path, default: Path) -> list[Path]:
    if own.is_dir() and own.resolve() != default.resolve():
        return [own, default]
    return [default]


@contextmanager
def _collector_paused():
    """The cyclic garbage collector is off while a build loads and renders: a
    build makes many objects and frees few, so its scans found little and cost
    a fifth of a rebuild of 1000 werkbladen (bench/README.md).

    Turning it on again would scan every object the build made at once (10-25 ms,
    in serve on the way to the browser's reload). So they are moved to the oldest
    generation first (freeze, then unfreeze), which is scanned only now and then;
    serve collects once the page has reloaded.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_on:
            gc.enable()
