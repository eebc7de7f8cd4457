"""The only code that touches dist/: write a new tree next to it, then swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_site(pages: dict[str, str], assets_dir: Path, out_dir: Path) -> None:
    """Write `pages` and a copy of `assets_dir` to `out_dir`, atomically.

    Everything goes into a fresh temporary folder beside `out_dir` first; only
    when that is complete is the old tree swapped out. If anything fails, the
    previous `out_dir` stays exactly as it was.
    """
    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        if Path(assets_dir).is_dir():
            shutil.copytree(assets_dir, tmp / "assets", ignore=shutil.ignore_patterns(".*", "__pycache__"))
            minify_assets(tmp / "assets")
        for name, html in pages.items():
            target = tmp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
        os.chmod(tmp, 0o755)
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def minify_assets(folder: Path) -> None:
    """Strip comments and white space from the copied CSS and JS (the sources keep them).

    Every page must stay within its weight budget; rjsmin and rcssmin only
    remove what the browser ignores, they rename nothing.
    """
    import rcssmin
    import rjsmin

    for path in folder.rglob("*"):
        if path.suffix == ".js":
            path.write_text(rjsmin.jsmin(path.read_text(encoding="utf-8")), encoding="utf-8")
        elif path.suffix == ".css":
            path.write_text(rcssmin.cssmin(path.read_text(encoding="utf-8")), encoding="utf-8")


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
