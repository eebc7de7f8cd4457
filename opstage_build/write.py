"""The only code that touches dist/: write a new tree next to it, then swap it in.

A build replaces its output folder whole, so it first makes sure that folder
holds nothing but an earlier build: a build never deletes what it did not make
(as Zola and Hugo). Each build leaves a marker file in the folder that lists
every file it wrote; a folder may be replaced when it is missing, empty, or
holds only what its marker lists. A dist/ of a version from before the marker
counts as an earlier build when it has exactly the files such a build wrote.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from opstage_build.content.loader import PAGES
from opstage_build.errors import ContentError, Problem

MARKER = ".opstage-build.json"
TOOL = "opstage-build"
# What a build from before the marker wrote: the pages and a copy of assets/ as it was then
LEGACY_MARK = '<script type="application/json" id="opstage-data">'
LEGACY_ASSET = re.compile(r"assets/(?:css/[^/]+\.css|js/[^/]+\.js|favicon\.svg)")
OWN_FOLDER = "expected a folder of its own for the site, such as dist"


def write_site(pages: dict[str, str], assets: dict[str, str], out_dir: Path,
               protected: dict[str, Path] | None = None, files: dict[str, bytes] | None = None,
               leave_out: set[str] = frozenset()) -> None:
    """Write `pages`, the `assets` ({"css/site.css": its source file}, asset_files)
    minified, and `files` (the images of content and joined CSS and JS, by name)
    to `out_dir`, atomically; `leave_out` names assets that no page uses
    ("beelden/kaart.svg").

    Refuses (ContentError) when `out_dir` may not be replaced; see
    `check_output`. Everything goes into a fresh temporary folder beside
    `out_dir` first; only when that is complete is the old tree swapped out.
    If anything fails, the previous `out_dir` stays exactly as it was.
    """
    check_output(out_dir, protected or {})
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-{os.getpid()}-", dir=out_dir.parent))
    try:
        _write_marker(tmp, [])  # until the end: an interrupted build leaves a folder known to be ours
        for name, source in assets.items():
            if name in leave_out:
                continue
            target = tmp / "assets" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(minified(source))
        for name, html in pages.items():
            target = tmp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
        for name, data in (files or {}).items():
            target = tmp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _write_marker(tmp, _files_in(tmp))
        os.chmod(tmp, 0o755)
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def check_output(out_dir: Path, protected: dict[str, Path]) -> None:
    """Raise ContentError unless a build may replace `out_dir`.

    `protected` names the folders a build must never replace, nor any folder
    that holds them ({"project": ..., "content": ..., ...}); the output may
    not lie inside one of them either, except inside the project.
    """
    problems = output_problems(out_dir, protected)
    if problems:
        raise ContentError(problems)


def output_problems(out_dir: Path, protected: dict[str, Path]) -> list[Problem]:
    shown = Path(out_dir).as_posix()  # as the editor typed it
    out = Path(out_dir).resolve()
    for what, folder in protected.items():
        folder = Path(folder).resolve()
        if out == folder:
            return [Problem(shown, 0, f"the output folder is the {what} folder, and a build replaces "
                                      f"its output folder ({OWN_FOLDER})")]
        if folder.is_relative_to(out):
            return [Problem(shown, 0, f"the output folder holds the {what} folder, and a build replaces "
                                      f"its output folder ({OWN_FOLDER})")]
        if what != "project" and out.is_relative_to(folder):
            return [Problem(shown, 0, f"the output folder is inside the {what} folder ({OWN_FOLDER})")]
    if not out.exists():
        return []
    if not out.is_dir():
        return [Problem(shown, 0, f"the output folder is a file ({OWN_FOLDER})")]
    written = _written_by_last_build(out)
    if written is None:
        if not any(out.iterdir()):
            return []
        return [Problem(shown, 0, "the folder is not empty and holds no earlier build of opstage-build, "
                                  "and a build replaces its output folder (expected a missing or empty folder, "
                                  "or an earlier build; choose another --out)")]
    return [Problem(f"{shown}/{rel}", 0, "this was not made by opstage-build, and a build replaces its output "
                                         "folder (expected only what the last build wrote: move it elsewhere, "
                                         "or choose another --out)")
            for rel in _not_written(out, written)]


def _written_by_last_build(out: Path) -> set[str] | None:
    """What the last build wrote into `out`, or None if `out` holds no build."""
    try:
        marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return _legacy_build(out)
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict) or marker.get("tool") != TOOL or not isinstance(marker.get("files"), list):
        return None
    return {f for f in marker["files"] if isinstance(f, str)} | {MARKER}


def _legacy_build(out: Path) -> set[str] | None:
    """A dist/ from before the marker: its index.html carries the site's data (as
    only this tool writes it), beside the other pages and a copy of assets/ as it
    was then (css/*.css, js/*.js, favicon.svg). What else the folder holds is not
    counted as written, so it is named and stops the build (a school's own site
    with an index.html and an assets/ folder is never taken for a build)."""
    try:
        with open(out / "index.html", encoding="utf-8", errors="replace") as index:
            if LEGACY_MARK not in index.read():
                return None
    except OSError:
        return None
    return set(PAGES) | {name for name in _files_in(out) if LEGACY_ASSET.fullmatch(name)}


def _not_written(out: Path, written: set[str]) -> list[str]:
    """Every file (or folder) in `out` that is not among `written`; a folder with
    nothing written in it is named once, not file by file."""
    folders = {name[:at] for name in written for at, char in enumerate(name) if char == "/"}
    found = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:  # scandir knows each entry's type without another system call
            for entry in sorted(entries, key=lambda e: e.name):
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if rel in folders:
                        walk(entry.path, rel + "/")
                    else:
                        found.append(rel + "/")
                elif rel not in written:
                    found.append(rel)

    walk(str(out), "")
    return found


def _files_in(folder: Path) -> list[str]:
    """Every file below `folder`, as sorted relative paths with '/'."""
    files = []
    for top, _dirs, names in os.walk(folder):
        prefix = os.path.relpath(top, folder).replace(os.sep, "/")
        files += [name if prefix == "." else f"{prefix}/{name}" for name in names]
    return sorted(files)


def _write_marker(folder: Path, files: list[str]) -> None:
    marker = {"tool": TOOL, "about": "what the last build of opstage-build wrote into this folder; "
                                     "a build replaces only a folder with nothing else in it", "files": files}
    (folder / MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")


def remove_leftovers(out_dir: Path) -> None:
    """Remove what an interrupted build left beside `out_dir`: its temporary
    tree (.dist.new-PID-...) and the old tree it was swapping out (.dist.old-PID),
    each only if no running process owns it and it holds a build (or nothing)."""
    for kind in ("new", "old"):
        for path in out_dir.parent.glob(f".{out_dir.name}.{kind}-*"):
            pid = path.name[len(f".{out_dir.name}.{kind}-"):].split("-")[0]
            if not path.is_dir() or path.is_symlink() or (pid.isdigit() and _running(int(pid))):
                continue
            if not any(path.iterdir()) or _written_by_last_build(path) is not None:
                shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours, but not of this build: this process builds one at a time
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def asset_files(assets_dirs: list[Path]) -> dict[str, str]:
    """{"css/site.css": its source file}: every file of the folders (hidden ones and
    __pycache__ left out); the first folder that has a name wins."""
    files: dict[str, str] = {}
    for folder in map(str, assets_dirs):
        for top, folders, names in os.walk(folder):
            folders[:] = sorted(f for f in folders if not f.startswith(".") and f != "__pycache__")
            for name in sorted(names):
                if not name.startswith("."):
                    path = os.path.join(top, name)
                    files.setdefault(os.path.relpath(path, folder).replace(os.sep, "/"), path)
    return files


_minified: dict[str, tuple[int, int, bytes]] = {}  # source -> (mtime_ns, size, bytes), for serve's rebuilds


def minified(source: str) -> bytes:
    """The file's bytes; CSS and JS without comments and white space (the sources keep them).

    Every page must stay within its weight budget; rjsmin and rcssmin only
    remove what the browser ignores, they rename nothing. A file is minified
    once per process while it is unchanged (serve rebuilds on every edit).
    """
    stat = os.stat(source)
    kept = _minified.get(source)
    if kept and kept[:2] == (stat.st_mtime_ns, stat.st_size):
        return kept[2]
    with open(source, "rb") as f:
        data = f.read()
    if source.endswith(".js"):  # utf-8-sig: a BOM (Notepad writes one) would sit inside a joined file (bundles.py)
        import rjsmin

        data = rjsmin.jsmin(data.decode("utf-8-sig")).encode("utf-8")
    elif source.endswith(".css"):
        import rcssmin

        data = rcssmin.cssmin(data.decode("utf-8-sig")).encode("utf-8")
    _minified[source] = (stat.st_mtime_ns, stat.st_size, data)
    return data


def _swap(new: Path, target: Path) -> None:
    if not target.exists():
        new.rename(target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
