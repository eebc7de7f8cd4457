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
`BuildCache` holds it with the other things kept between builds; the
pipeline (build.py) only hands it on.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import pickle
import threading
from pathlib import Path

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
    """`cache.parse_all(jobs)` returns what `loader.parse_each(jobs)` would."""

    def __init__(self, file: Path | None = None):
        self.store = Store(file)  # {key: pickled result}
        self.version = code_version()
        self.hits = self.misses = 0

    def _key(self, parser, text: str, path: str) -> bytes:
        h = hashlib.blake2b(self.version, digest_size=20)
        for part in (parser.__module__, parser.__qualname__, path):
            h.update(part.encode())
            h.update(b"\0")
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.digest()

    def parse_all(self, jobs: list[tuple]) -> list:
        """For each job `(parser, text, path)`: the stored result if there is one, else
        what the parser returns (or raises). What is new is parsed on two cores when
        there is enough of it (_parse_with_child)."""
        keys = [self._key(*job) for job in jobs]
        results = [self._stored(key) for key in keys]
        todo = [i for i, result in enumerate(results) if result is None]
        self.hits += len(jobs) - len(todo)
        self.misses += len(todo)
        if len(todo) >= PARALLEL_MIN and can_fork():
            fresh = _parse_with_child([(keys[i], *jobs[i]) for i in todo], len(todo) // 2)
        else:
            fresh = {}
        for i in todo:
            blob = fresh.get(keys[i])
            if blob is None:  # small, or the child failed: parsed here
                results[i] = _parse_one(*jobs[i])
                if not isinstance(results[i], Exception):
                    self.store.put(keys[i], pickle.dumps(results[i], protocol=pickle.HIGHEST_PROTOCOL))
            else:
                results[i] = pickle.loads(blob)
                self.store.put(keys[i], blob)
        return results

    def _stored(self, key: bytes):
        blob = self.store.get(key)
        if blob is not None:
            try:
                return pickle.loads(blob)
            except Exception:  # damaged: parsed again
                pass
        return None

    def save(self) -> None:
        """Keep the results this build used; drop the rest."""
        self.store.save()


class BuildCache:
    """Everything a build keeps between runs of one project: parse results, the
    views of index.html (views.py), compiled templates (render.py) and resized
    images (images.py). Without a folder it keeps nothing, and the build gives
    the same output.

    With `template_dirs`, a first build (no compiled templates yet) compiles them
    in a forked child while this process loads the content (_compile_in_child);
    `templates` waits for it."""

    def __init__(self, folder: Path | None, content_dir: Path, template_dirs: list[Path] = ()):
        self.parses = ParseCache(store_file(folder, content_dir, "parse") if folder else None)
        self.views = Store(store_file(folder, content_dir, "views") if folder else None)
        self._templates = Path(folder) / "jinja" if folder else None
        self._compiling = None
        if self._templates and template_dirs and not _any_file(self._templates) and can_fork():
            self._compiling = _compile_in_child(template_dirs, self._templates)
        self.pictures = Path(folder) / "images" if folder else None

    @property
    def templates(self) -> Path | None:
        """The folder of compiled templates, once the child (if any) has filled it."""
        self._wait()
        return self._templates

    def _wait(self) -> None:
        if self._compiling is not None:
            os.waitpid(self._compiling, 0)  # whatever it did not compile, render compiles itself
            self._compiling = None

    def images(self, pictures: dict) -> dict[str, bytes]:
        """The files of the site's images (images.render_images), resized ones kept here."""
        if not pictures:
            return {}
        from opstage_build.images import remove_stale, render_images

        files = render_images(pictures, self.pictures)
        remove_stale(self.pictures)
        return files

    def save(self) -> None:
        self._wait()  # also when loading failed: no child is left behind
        self.parses.save()
        self.views.save()


# Parsing a werkblad takes about 1 ms, plus some 20 ms once per process to load
# Python-Markdown. Below this many files to parse, a second process (fork,
# sending the results back) does not pay: for the real site's 31 files it
# measured no faster and cost 15% more CPU; for 1000 it is ~30% faster (bench/README.md).
PARALLEL_MIN = 100


def can_fork() -> bool:
    # fork copies only the calling thread: with other threads running (serve's
    # web server), a lock one of them holds could hang the child. serve's first
    # build runs before its threads start, so it still gets both cores.
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _any_file(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except OSError:
        return False


def _compile_in_child(template_dirs: list[Path], folder: Path) -> int | None:
    """Fork a child that compiles every template into `folder` (Jinja's bytecode
    cache, written atomically) and exits; its process id (None if it cannot fork).

    Compiling the templates is a fifth of a small site's first build and needs
    nothing from the content, so it runs on the second core meanwhile. If the
    child fails, render.py simply compiles what is missing (and reports any error).
    """
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:
        try:
            import gc

            from opstage_build.render import make_environment

            gc.disable()  # a short-lived process: nothing to collect
            env = make_environment(template_dirs, folder)
            for name in env.list_templates(extensions=["html"]):
                try:
                    env.get_template(name)
                except Exception:  # reported by the build itself, at the template's line
                    pass
        finally:
            os._exit(0)
    return pid


def _parse_one(parser, text: str, path: str):
    try:
        return parser(text, path)
    except Exception as err:  # reported by the loader at the file
        return err


def _parse_with_child(todo, share: int) -> dict[bytes, bytes]:
    """Parse todo[share:] [(key, parser, text, path)] in a forked child and todo[:share]
    here. Returns {key: pickled result}; a file whose parser raised is left out.

    If the child fails, its files are simply missing: `parse_all()` then parses
    them itself, so the result never depends on the child.
    """
    def parse_part(part) -> list[tuple[bytes, bytes]]:
        done = ((key, _parse_one(parser, text, path)) for key, parser, text, path in part)
        return [(key, pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL)) for key, r in done
                if not isinstance(r, Exception)]

    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: parse, send, and leave without running any cleanup of the parent's
        status = 1
        try:
            os.close(reader)
            with os.fdopen(writer, "wb") as out:
                pickle.dump(parse_part(todo[share:]), out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    got = os.fdopen(reader, "rb")
    try:
        results = dict(parse_part(todo[:share]))
        try:
            results.update(pickle.loads(got.read()))
        except Exception:  # the child failed: its files get parsed one by one later
            pass
        return results
    finally:
        got.close()  # also when our own work raised: the child then stops on a closed pipe
        os.waitpid(pid, 0)
