"""The build cache on disk: parse results of content files, reused while nothing changed.

Parsers are pure: `parser(text, path) -> (value, problems, links)`. So a result
can be reused whenever the same parser sees the same text at the same path
with the same code. The key is a hash of exactly that (the code being the
source of this package plus the Markdown and YAML versions), so there is
nothing to invalidate by hand. Rendering Markdown is most of a build's time;
with this cache a rebuild re-parses (and re-renders) only the files that
changed, also in a new process.

One cache file per content folder, under the project's `.cache/opstage/`. It
holds the entries of the latest build only, so it never grows beyond one
site. A cache file that cannot be read is ignored; writes are atomic.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import tempfile
import time
from pathlib import Path

_FORMAT = b"opstage-parse-cache-1"
_STALE_DAYS = 14  # cache files of content folders not built for this long are removed


def _code_version() -> bytes:
    h = hashlib.blake2b(_FORMAT, digest_size=16)
    for source in sorted(Path(__file__).parent.glob("*.py")):
        h.update(source.name.encode())
        h.update(source.read_bytes())
    for module, meta in (("markdown", "__meta__.py"), ("yaml", "__init__.py")):
        spec = importlib.util.find_spec(module)  # finds without importing
        if spec and spec.origin:
            h.update(Path(spec.origin).with_name(meta).read_bytes())
    return h.digest()


class ParseCache:
    """`cache.parse(parser, text, path)` returns what `parser(text, path)` would."""

    def __init__(self, file: Path | None = None):
        self.file = file
        self.version = _code_version()
        self.entries: dict[bytes, bytes] = self._read()
        self.used: dict[bytes, bytes] = {}
        self.hits = self.misses = 0

    def _read(self) -> dict[bytes, bytes]:
        if not self.file:
            return {}
        try:
            data = pickle.loads(self.file.read_bytes())
        except Exception:  # missing, partly written by an old version, or damaged: start empty
            return {}
        return data if isinstance(data, dict) else {}

    def parse(self, parser, text: str, path: str):
        h = hashlib.blake2b(self.version, digest_size=20)
        for part in (parser.__module__, parser.__qualname__, path):
            h.update(part.encode())
            h.update(b"\0")
        h.update(text.encode("utf-8", "surrogatepass"))
        key = h.digest()
        blob = self.entries.get(key)
        if blob is not None:
            try:
                result = pickle.loads(blob)
            except Exception:
                blob = None
            else:
                self.hits += 1
                self.used[key] = blob
                return result
        self.misses += 1
        result = parser(text, path)
        self.used[key] = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        return result

    def save(self) -> None:
        """Keep what this build used (atomically); drop the rest."""
        if not self.file or (self.misses == 0 and self.used.keys() == self.entries.keys()):
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
        self.entries = self.used
        _remove_stale(self.file.parent)


def cache_file(cache_dir: Path, content_dir: Path) -> Path:
    """The cache file of one content folder."""
    name = hashlib.blake2b(str(Path(content_dir).resolve()).encode(), digest_size=8).hexdigest()
    return Path(cache_dir) / f"parse-{name}.pickle"


def _remove_stale(folder: Path) -> None:
    limit = time.time() - _STALE_DAYS * 86400
    for old in folder.glob("parse-*.pickle"):
        try:
            if old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            pass
