"""A dict kept in one pickle file between builds, under the project's `.cache/opstage/`.

The build cache is two of these per content folder: parse results of content
files (content/cache.py) and the rendered HTML of the views of index.html
(views.py). A build looks entries up with `get` and adds new ones with `put`;
`save` then keeps exactly what this build used, so a file never grows beyond
one site. A file that cannot be read counts as empty; writes are atomic.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from pathlib import Path

_STALE_DAYS = 14  # files of content folders not built for this long are removed


class Store:
    def __init__(self, file: Path | None = None):
        self.file = file
        self.entries: dict = self._read()
        self.used: dict = {}
        self.added = 0

    def _read(self) -> dict:
        if not self.file:
            return {}
        try:
            data = pickle.loads(self.file.read_bytes())
        except Exception:  # missing, partly written by an old version, or damaged: start empty
            return {}
        return data if isinstance(data, dict) else {}

    def __contains__(self, key) -> bool:
        return key in self.entries

    def get(self, key):
        """The stored value, or None; a value looked up is kept by `save`."""
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key, value) -> None:
        self.used[key] = value
        self.added += 1

    def save(self) -> None:
        """Keep what this build used (atomically); drop the rest."""
        if not self.file or (self.added == 0 and self.used.keys() == self.entries.keys()):
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.file.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump(self.used, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.entries, self.added = self.used, 0
        _remove_stale(self.file.parent)


def store_file(cache_dir: Path, content_dir: Path, kind: str) -> Path:
    """The file of one kind of entries ("parse", "views") for one content folder."""
    name = hashlib.blake2b(str(Path(content_dir).resolve()).encode(), digest_size=8).hexdigest()
    return Path(cache_dir) / f"{kind}-{name}.pickle"


_cleaned: set[Path] = set()  # folders already cleaned by this process (serve saves on every build)


def _remove_stale(folder: Path) -> None:
    if folder in _cleaned:
        return
    _cleaned.add(folder)
    limit = time.time() - _STALE_DAYS * 86400
    for old in folder.glob("*-*.pickle"):
        try:
            if old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            pass
