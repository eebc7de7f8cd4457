"""The build cache on disk: parse results of content files, reused while nothing changed.

Parsers are pure: `parser(text, path) -> (value, problems, links)`. So a result
can be reused whenever the same parser sees the same text at the same path
with the same code. The key is a hash of exactly that (the code being the
source of opstage_build plus the Markdown and YAML versions), so there is
nothing to invalidate by hand. Rendering Markdown is most of a build's time;
with this cache a rebuild re-parses (and re-renders) only the files that
changed, also in a new process.

One cache file per content folder, under the project's `.cache/opstage/`
(a `Store`, see store.py: it keeps only the latest build's entries).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import pickle
import threading
from pathlib import Path

from opstage_build.content.source import read_source
from opstage_build.store import Store, store_file

_FORMAT = b"opstage-parse-cache-1"


@functools.cache  # the code does not change while a process runs
def code_version() -> bytes:
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
        self.store = Store(file)  # {key: pickled result}
        self.version = code_version()
        self.fresh: dict[bytes, bytes] = {}
        self.hits = self.misses = 0

    def _key(self, parser, text: str, path: str) -> bytes:
        h = hashlib.blake2b(self.version, digest_size=20)
        for part in (parser.__module__, parser.__qualname__, path):
            h.update(part.encode())
            h.update(b"\0")
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.digest()

    def prefetch(self, jobs: list[tuple], meanwhile=None) -> dict[Path, str]:
        """Parse the files among `jobs` [(parser, file, path)] that are not cached yet,
        on two cores when there are enough of them. Returns the texts read, so
        the caller need not read them again; `parse()` then finds every result.
        Problems (a file that cannot be read) are left to the caller to report.

        `meanwhile` (optional) is other work for this process: it runs while
        the second process parses, and this process parses fewer files.
        """
        texts: dict[Path, str] = {}
        todo = []
        for parser, file, path in jobs:
            try:
                text = texts[file] = read_source(file)
            except (OSError, UnicodeDecodeError):
                continue
            key = self._key(parser, text, path)
            if key not in self.store:
                todo.append((key, parser, text, path))
        if len(todo) >= PARALLEL_MIN and can_fork():
            self.fresh.update(_parse_with_child(todo, parent_share(len(todo), meanwhile is not None), meanwhile))
        elif meanwhile:
            meanwhile()
        return texts

    def parse(self, parser, text: str, path: str):
        key = self._key(parser, text, path)
        fresh = key in self.fresh  # parsed just now by prefetch()
        blob = self.fresh.pop(key) if fresh else self.store.get(key)
        if blob is not None:
            try:
                result = pickle.loads(blob)
            except Exception:
                pass  # parsed again below
            else:
                if fresh:
                    self.misses += 1
                    self.store.put(key, blob)
                else:
                    self.hits += 1
                return result
        self.misses += 1
        result = parser(text, path)
        self.store.put(key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        return result

    def save(self) -> None:
        """Keep the results this build used; drop the rest."""
        self.store.save()


# Parsing a werkblad takes about 1 ms, plus some 20 ms once per process to load
# Python-Markdown. Below this many files to parse, a second process (fork,
# sending the results back) does not pay.
PARALLEL_MIN = 8

# The work a build gives `meanwhile` (compiling the templates on a first build,
# about 40 ms) is worth this many files: the second process parses that many
# more than this one.
MEANWHILE_FILES = 40


def parent_share(files: int, meanwhile: bool) -> int:
    """How many of `files` this process parses; the child parses the rest."""
    return max(0, (files - MEANWHILE_FILES) // 2) if meanwhile else files // 2


def can_fork() -> bool:
    # fork copies only the calling thread: with other threads running (serve's
    # web server), a lock one of them holds could hang the child. serve's first
    # build runs before its threads start, so it still gets both cores.
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _parse_all(todo) -> list[tuple[bytes, bytes]]:
    results = []
    for key, parser, text, path in todo:
        try:
            results.append((key, pickle.dumps(parser(text, path), protocol=pickle.HIGHEST_PROTOCOL)))
        except Exception:  # left out: parse() meets the error again, and the loader reports it
            pass
    return results


def _parse_with_child(todo, share: int, meanwhile=None) -> dict[bytes, bytes]:
    """Parse todo[share:] in a forked child; here run `meanwhile`, then parse
    todo[:share]. Returns {key: pickled result}.

    If the child fails, its files are simply missing: `parse()` then parses
    them itself, so the result never depends on the child.
    """
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: parse, send, and leave without running any cleanup of the parent's
        status = 1
        try:
            os.close(reader)
            with os.fdopen(writer, "wb") as out:
                pickle.dump(_parse_all(todo[share:]), out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    got = os.fdopen(reader, "rb")
    try:
        if meanwhile:
            meanwhile()
        results = dict(_parse_all(todo[:share]))
        try:
            results.update(pickle.loads(got.read()))
        except Exception:  # the child failed: its files get parsed one by one later
            pass
        return results
    finally:
        got.close()  # also when our own work raised: the child then stops on a closed pipe
        os.waitpid(pid, 0)


def cache_file(cache_dir: Path, content_dir: Path) -> Path:
    """The file of parse results of one content folder."""
    return store_file(cache_dir, content_dir, "parse")
