"""The whole pipeline: load (validate everything) -> render (in memory) -> write."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from opstage_build.content.cache import ParseCache, cache_file
from opstage_build.content.loader import load_site
from opstage_build.errors import ContentError, unexpected
from opstage_build.store import Store, store_file
from opstage_build.write import check_output, write_site


@dataclass
class Project:
    """Where a project's folders are; `cache` (optional) keeps work between builds."""

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

    def folders(self) -> dict[str, Path]:
        """The folders a build must never write into or replace (write.check_output)."""
        named = {"project": self.root, "content": self.content, "templates": self.templates, "assets": self.assets}
        return {what: folder for what, folder in named.items() if folder is not None}


def check(project: Project):
    """Load and render without writing; raises ContentError with every problem.

    The cyclic garbage collector is paused meanwhile: a build makes a lot of
    objects and frees few, so its passes were a tenth of a rebuild, spent
    finding nothing. It runs again afterwards (serve builds many times).

    With `project.cache`, files that did not change since the last build are
    not parsed again (their Markdown not rendered again), card and werkblad
    views whose input did not change are not rendered again, and compiled
    templates are reused; the result is the same.
    """
    with _collector_paused():
        cache = ParseCache(cache_file(project.cache, project.content) if project.cache else None)
        try:
            site = load_site(project.content, cache, meanwhile=partial(_compile_templates, project))
        except ContentError:
            raise
        except Exception as err:  # each file's own errors are reported by the loader; this is what is left
            raise ContentError([unexpected(err, project.content.as_posix(), 0, "while loading the content")]) from err
        finally:
            cache.save()  # every entry is the pure result of one file, valid even if another file failed
        views = Store(store_file(project.cache, project.content, "views") if project.cache else None)
        from opstage_build.render import render_site  # loaded by now: see _compile_templates

        pages = render_site(site, project.templates, project.assets, project.cache, views)
        views.save()
    return site, pages


def build(project: Project, out_dir: Path):
    """Load, render and write: `(site, pages)` as `check`. The output folder is
    checked first, so a refused folder costs no time (and again when written)."""
    check_output(out_dir, project.folders())
    site, pages = check(project)
    write_site(pages, project.assets, out_dir, project.folders())
    return site, pages


def _compile_templates(project: Project) -> None:
    """While a second process parses the content (on a first build), this one
    compiles the templates. render.py (and so Jinja) is imported only here, so
    that loading Jinja is part of that parallel work, not of the time before."""
    from opstage_build.render import compile_templates

    compile_templates(project.templates, project.cache)


@contextmanager
def _collector_paused():
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
