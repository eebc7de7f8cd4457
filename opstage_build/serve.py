"""Development server: serve dist/ on localhost, rebuild on change, reload the tab.

The server injects a small script into every HTML page it sends. The script
listens on an event stream and reloads the page after each rebuild. Links to
assets get a version (a hash of the file), so the browser keeps a CSS or JS file
until it changes: a reload then fetches the page and nothing else. If a
rebuild fails for any reason (a content problem, a template mistake, a bug),
the terminal lists the problems, every page shows them on top, and the last
good dist/ keeps being served.
"""

from __future__ import annotations

import gc
import hashlib
import html
import re
import threading
import time
import webbrowser
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click

from opstage_build.build import Project, build
from opstage_build.content.markdown import load_converter
from opstage_build.errors import ContentError, unexpected

DEV_PREFIX = "/__opstage/"

RELOAD_JS = """(function () {
  var source = new EventSource("/__opstage/events");
  source.addEventListener("reload", function () { location.reload(); });
})();
"""

DEV_CSS = """#opstage-fouten { position: fixed; inset: 0 0 auto 0; z-index: 9999; max-height: 60vh; overflow: auto;
  background: #b10e1e; color: #fff; padding: 1rem 1.5rem; font: 16px/1.4 monospace; }
#opstage-fouten h2 { margin: 0 0 .5rem; font: bold 18px sans-serif; }
#opstage-fouten ul { margin: 0; padding-left: 1.2rem; }
"""
DEV_VERSION = hashlib.blake2b((RELOAD_JS + DEV_CSS).encode(), digest_size=6).hexdigest()


class BuildState:
    """The outcome of the latest build, shared between the watcher and requests."""

    def __init__(self):
        self.generation = 0
        self.problems: list[str] = []
        self.changed = threading.Condition()
        self._versions: tuple[int, dict[str, str]] = (-1, {})

    def update(self, problems: list[str]) -> None:
        with self.changed:
            self.problems = problems
            self.generation += 1
            self.changed.notify_all()

    def versions(self, out_dir: Path) -> dict[str, str]:
        """{"assets/css/site.css": a hash of its content}, worked out once per build."""
        generation, versions = self._versions
        if generation != self.generation:
            generation, versions = self.generation, {}
            for file in (Path(out_dir) / "assets").rglob("*"):
                try:
                    content = file.read_bytes()
                except OSError:  # a folder, or a file the next build just swapped out: not versioned
                    continue
                versions[file.relative_to(out_dir).as_posix()] = hashlib.blake2b(content, digest_size=6).hexdigest()
            self._versions = (generation, versions)
        return versions


def rebuild(project: Project, out_dir: Path, state: BuildState, debug: bool = False) -> None:
    """Build once; whatever goes wrong is shown in the terminal and on every page, never raised.

    A build leaves the objects it made for the cyclic garbage collector's oldest
    generation (build._collector_paused); they are collected a second later,
    when the reloaded page has been served."""
    try:
        _build_and_show(project, out_dir, state, debug)
    finally:
        collect = threading.Timer(1.0, gc.collect)
        collect.daemon = True
        collect.start()


def _build_and_show(project: Project, out_dir: Path, state: BuildState, debug: bool) -> None:
    started = time.perf_counter()
    try:
        site, pages = build(project, out_dir)
    except Exception as err:  # anything: the watcher must keep running
        problems = err.problems if isinstance(err, ContentError) else [unexpected(err, Path(out_dir).as_posix())]
        for problem in problems:
            click.echo(str(problem), err=True)
            if debug and problem.trace:
                click.echo(problem.trace, err=True)
        click.echo(f"Found {len(problems)} problem(s); still serving the last good build.", err=True)
        state.update([str(p) for p in problems])
        return
    for warning in site.warnings:
        click.echo(str(warning), err=True)
    click.echo(f"Built {len(pages)} pages in {time.perf_counter() - started:.2f} s.")
    state.update([])


_ASSET_LINK = re.compile(r'((?:href|src)=")(assets/[^"?#]+)"')


def inject(page: str, problems: list[str], versions: dict[str, str] | None = None) -> str:
    """Add the reload script (and any build problems) to an HTML page, and each
    asset link its version (`versions`, see BuildState.versions).

    The script and style go into the head (the script deferred), so that a
    reload fetches them together with the page's own files instead of after
    the whole body has been read.
    """
    if versions:
        page = _ASSET_LINK.sub(lambda m: f'{m[1]}{m[2]}?v={versions[m[2]]}"' if m[2] in versions else m[0], page)
    page = page.replace("connect-src 'none'", "connect-src 'self'")
    tags = (f'<link rel="stylesheet" href="{DEV_PREFIX}dev.css?v={DEV_VERSION}">'
            f'<script src="{DEV_PREFIX}reload.js?v={DEV_VERSION}" defer></script>')
    page = page.replace("</head>", tags + "</head>", 1)
    if problems:
        items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
        alert = f'<div id="opstage-fouten" role="alert"><h2>De site kon niet opnieuw gebouwd worden</h2><ul>{items}</ul></div>'
        page = page.replace("</body>", alert + "</body>", 1) if "</body>" in page else page + alert
    return page


ERROR_PAGE = '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Bouwfout</title></head><body></body></html>'


class Handler(SimpleHTTPRequestHandler):
    state: BuildState
    protocol_version = "HTTP/1.1"  # keep connections open: a reload then fetches the page's files at once
    disable_nagle_algorithm = True  # with open connections, small writes must not wait for an ACK

    def log_message(self, format, *args):  # keep the terminal for build output
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == DEV_PREFIX + "events":
            return self.send_events()
        if path == DEV_PREFIX + "reload.js":
            return self.send_text(RELOAD_JS, "text/javascript")
        if path == DEV_PREFIX + "dev.css":
            return self.send_text(DEV_CSS, "text/css")
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            page = inject(file.read_text(encoding="utf-8"), self.state.problems, self.state.versions(self.directory))
            return self.send_text(page, "text/html")
        if not file.exists() and self.state.problems:
            return self.send_text(inject(ERROR_PAGE, self.state.problems), "text/html")
        return super().do_GET()

    def end_headers(self):
        if "?v=" in self.path:  # a versioned asset: the same URL always has the same content
            self.send_header("Cache-Control", "max-age=86400, immutable")
        super().end_headers()

    def send_text(self, text: str, kind: str) -> None:
        body = text.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if "?v=" not in self.path:  # a versioned file is kept (end_headers)
            self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def send_events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.state
        seen = state.generation
        try:
            while True:
                with state.changed:
                    state.changed.wait_for(lambda: state.generation != seen, timeout=15)
                    current = state.generation
                if current != seen:
                    seen = current
                    self.wfile.write(b"event: reload\ndata: now\n\n")
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def watch(project: Project, out_dir: Path, state: BuildState, stop: threading.Event, debug: bool = False) -> None:
    """Rebuild on every change until `stop`. If watching itself fails (a folder
    was removed, say), that is shown like a problem and watching starts again."""
    from watchfiles import watch as watch_files

    while not stop.is_set():
        try:
            folders = [str(p) for p in (project.content, project.templates, project.assets) if p.is_dir()]
            for _changes in watch_files(*folders, stop_event=stop, debounce=50, step=5):
                rebuild(project, out_dir, state, debug)
            return
        except Exception as err:
            problem = unexpected(err, project.content.as_posix(), 0, "while watching for changes")
            click.echo(str(problem), err=True)
            state.update([str(problem)])
            stop.wait(1.0)


def make_server(out_dir: Path, state: BuildState, port: int) -> ThreadingHTTPServer:
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(out_dir)))
    server.daemon_threads = True
    return server


def serve(project: Project, out_dir: Path, port: int, open_browser: bool, debug: bool = False) -> None:
    out_dir = Path(out_dir).resolve()
    state = BuildState()
    rebuild(project, out_dir, state, debug)
    load_converter()  # a first build may have parsed in a second process: load it here now
    out_dir.mkdir(parents=True, exist_ok=True)
    server = make_server(out_dir, state, port)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(project, out_dir, state, stop, debug), daemon=True)
    watcher.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    click.echo(f"Serving {out_dir} on {url} (Ctrl+C stops).")
    if open_browser:
        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        stop.set()
        server.server_close()
