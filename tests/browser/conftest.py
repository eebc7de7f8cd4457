"""Real-browser fixtures: Debian's Chromium driven by Playwright, over file:// and http.

Playwright cannot download browsers here, so tests launch /usr/bin/chromium.
`open_page` returns a page that records console errors, page errors, failed
requests and every request that leaves the site, for tests to assert on.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def playwright_instance():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@dataclass
class Server:
    root: Path
    prefix: str
    port: int = 0

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}{path}"


@pytest.fixture(scope="session")
def http_site(tmp_path_factory):
    """Serve a folder over http on loopback under a sub-path: serve(folder) -> base URL."""
    servers = []

    def serve(folder: Path, prefix: str = "/lob/opstage/") -> Server:
        top = tmp_path_factory.mktemp("http")
        mount = top / prefix.strip("/")
        mount.parent.mkdir(parents=True, exist_ok=True)
        mount.symlink_to(Path(folder).resolve(), target_is_directory=True)
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(top)))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append(server)
        return Server(Path(folder), prefix, server.server_address[1])

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@dataclass
class Watched:
    """What a page did besides rendering: errors and requests."""

    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)
    requests: list = field(default_factory=list)

    def outside(self, allowed_prefix: str) -> list:
        return [u for u in self.requests if not u.startswith(allowed_prefix) and not u.startswith(("data:", "blob:"))]


@pytest.fixture
def open_page(browser):
    """open_page(url, js=True, **context_options) -> (page, watched)."""
    contexts = []

    def opener(url: str, js: bool = True, **options):
        context = browser.new_context(java_script_enabled=js, accept_downloads=True, **options)
        contexts.append(context)
        page = context.new_page()
        watched = Watched()
        page.on("console", lambda m: watched.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: watched.page_errors.append(str(e)))
        page.on("requestfailed", lambda r: watched.failed_requests.append(f"{r.url} {r.failure}"))
        page.on("request", lambda r: watched.requests.append(r.url))
        page.goto(url)
        return page, watched

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture(params=["file", "http"])
def mini_url(request, mini_dist, http_site):
    """The mini site's index.html, once from file:// and once over http under a sub-path."""
    if request.param == "file":
        return mini_dist.joinpath("index.html").as_uri()
    return http_site(mini_dist).url("index.html")
