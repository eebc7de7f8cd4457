"""The build cache on disk: parse results of content files, reused while nothing changed.

Parsers are pure: `parser(text, path) -> (value, problems, links)`. So a result
can be reused whenever the same parser sees the same text at the same path
with the same code. The key is a hash of exactly that (the code being the
source of opstage_build plus the Markdown and YAML versions), so there is
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
import threading
import time
from pathlib import Path

_FORMAT = b"opstage-parse-cache-1"
_STALE_DAYS = 14  # cache files of content folders not built for this long are removed


def _code_version() -> bytes:
    h = hashlib.blake2b(_FORMAT, digest_size=16)
    package = Path(__file__).resolve().parent.parent  # all of opstage_build: results hold its classes
    for source in sorted(package.rglob("*.py")):
        h.update(source.relative_to(package).as_posix().encode())
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
        self.fresh: dict[bytes, bytes] = {}
        self.hits = self.misses = 0

    def _read(self) -> dict[bytes, bytes]:
        if not self.file:
            return {}
        try:
            data = pickle.loads(self.file.read_bytes())
        except Exception:  # missing, partly written by an old version, or damaged: start empty
            return {}
        return data if isinstance(data, dict) else {}

    def _key(self, parser, text: str, path: str) -> bytes:
        h = hashlib.blake2b(self.version, digest_size=20)
        for part in (parser.__module__, parser.__qualname__, path):
            h.update(part.encode())
            h.update(b"\0")
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.digest()

    def prefetch(self, jobs: list[tuple]) -> dict[Path, str]:
        """Parse the files among `jobs` [(parser, file, path)] that are not cached yet,
        on two cores when there are enough of them. Returns the texts read, so
        the caller need not read them again; `parse()` then finds every result.
        Problems (a file that cannot be read) are left to the caller to report.
        """
        texts: dict[Path, str] = {}
        todo = []
        for parser, file, path in jobs:
            try:
                text = texts[file] = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            key = self._key(parser, text, path)
            if key not in self.entries:
                todo.append((key, parser, text, path))
        if len(todo) >= PARALLEL_MIN and _can_fork():
            self.fresh.update(_parse_on_two_cores(todo))
        return texts

    def parse(self, parser, text: str, path: str):
        key = self._key(parser, text, path)
        fresh = key in self.fresh  # parsed just now by prefetch()
        blob = self.fresh.pop(key) if fresh else self.entries.get(key)
        if blob is not None:
            try:
                result = pickle.loads(blob)
            except Exception:
                blob = None
            else:
                if fresh:
                    self.misses += 1
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


# Parsing a werkblad takes 1-2 ms (mostly Markdown). Below this many files to
# parse, starting a second process (fork, ~10 ms, and sending the results back)
# does not pay.
PARALLEL_MIN = 64


def _can_fork() -> bool:
    # fork copies only the calling thread: with other threads running (serve's
    # web server), a lock one of them holds could hang the child. serve's first
    # build runs before its threads start, so it still gets both cores.
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _parse_all(todo) -> list[tuple[bytes, bytes]]:
    return [(key, pickle.dumps(parser(text, path), protocol=pickle.HIGHEST_PROTOCOL))
            for key, parser, text, path in todo]


def _parse_on_two_cores(todo) -> dict[bytes, bytes]:
    """Parse every other job in a forked child, the rest here; {key: pickled result}.

    If the child fails, its share is simply missing: `parse()` then parses
    those files itself, so the result never depends on the child.
    """
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: parse, send, and leave without running any cleanup of the parent's
        status = 1
        try:
            os.close(reader)
            with os.fdopen(writer, "wb") as out:
                pickle.dump(_parse_all(todo[1::2]), out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    got = os.fdopen(reader, "rb")
    try:
        results = dict(_parse_all(todo[0::2]))
        try:
            results.update(pickle.loads(got.read()))
        except Exception:  # the child failed: its files get parsed one by one later
            pass
        return results
    finally:
        got.close()  # also when our own share raised: the child then stops on a closed pipe
        os.waitpid(pid, 0)


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
