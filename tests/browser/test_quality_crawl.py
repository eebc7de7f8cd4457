"""No broken links: crawl the built site from its start page, over a real web
server (nginx, under the sub-path /lob/opstage/) and straight from disk
(file://). Every relative href/src must resolve, every #anchor must be an id
in its target page, and nothing may use an absolute path that would escape
the sub-path. External https links are listed, never fetched.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

PREFIX = "/lob/opstage/"


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key):
                self.refs.append(a[key])
        if a.get("id"):
            self.ids.add(a["id"])


@dataclass
class Crawl:
    fetched: dict = field(default_factory=dict)  # url -> content type
    broken: list = field(default_factory=list)
    external: set = field(default_factory=set)


def crawl(start: str, fetch, inside: str) -> Crawl:
    """Follow every relative href/src from `start`; `fetch(url) -> (status, type, bytes)`."""
    result, ids, anchors = Crawl(), {}, []
    todo = [(start, "start")]
    while todo:
        url, source = todo.pop()
        if url in result.fetched:
            continue
        status, kind, body = fetch(url)
        result.fetched[url] = kind
        if status != 200:
            result.broken.append(f"{url} ({status}), linked from {source}")
            continue
        refs = []
        if kind.startswith("text/html"):
            page = _Page()
            page.feed(body.decode("utf-8"))
            ids[url] = page.ids
            refs = page.refs
        elif kind.startswith("text/css"):
            refs = re.findall(r"url\(\s*['\"]?([^'\")]+)", body.decode("utf-8"))
        for ref in refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto", "tel"):
                result.external.add(ref)
                continue
            if parts.scheme == "data":
                continue
            if parts.scheme or parts.netloc or ref.startswith("/"):
                result.broken.append(f"{ref} in {url} is not a relative link (it breaks under a sub-path)")
                continue
            target, anchor = urldefrag(urljoin(url, ref))
            if not target.startswith(inside):
                result.broken.append(f"{ref} in {url} leaves the site")
                continue
            if anchor:
                anchors.append((target, anchor, url))
            todo.append((target, url))
    for target, anchor, source in anchors:
        if target in ids and unquote(anchor) not in ids[target]:
            result.broken.append(f"#{anchor} does not exist in {target}, linked from {source}")
    return result


def check(result: Crawl, site: Path) -> None:
    pages = {p.name for p in site.glob("*.html")}
    crawled = {urlsplit(u).path.rsplit("/", 1)[-1] for u in result.fetched}
    assert result.broken == []
    assert pages - crawled == set(), "pages not reachable from the start page"
    for asset in site.rglob("*"):
        if asset.is_file() and asset.suffix in (".css", ".js"):
            assert asset.name in crawled, f"{asset} is never linked"


# ---- file:// ----

def fetch_file(url: str):
    path = Path(unquote(urlsplit(url).path))
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return 404, "", b""
    kind = {".html": "text/html", ".css": "text/css", ".js": "text/javascript"}.get(path.suffix, "other")
    return 200, kind, path.read_bytes()


@pytest.mark.parametrize("which", ["site", "mini"])
def test_file_crawl(which, site_dist, mini_dist):
    site = site_dist if which == "site" else mini_dist
    result = crawl(site.joinpath("index.html").as_uri(), fetch_file, site.as_uri() + "/")
    check(result, site)
    if which == "site":
        assert result.external, "the Handige links should be listed as external links"


# ---- nginx under a sub-path ----

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NGINX_CONF = """daemon off;
user root;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log {tmp}/access.log;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    location {prefix} {{ alias {root}/; }}
  }}
}}
"""


@pytest.fixture(scope="module")
def nginx(site_dist, tmp_path_factory):
    """nginx serving the real site at http://127.0.0.1:PORT/lob/opstage/, its own config and files."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx is missing: run `make test-deps` (scripts/install-test-deps.sh)")
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, prefix=PREFIX, root=site_dist.resolve()))
    process = subprocess.Popen([binary, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(conf)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}{PREFIX}"
    for _ in range(100):
        if process.poll() is not None:
            pytest.fail(f"nginx stopped: {process.stdout.read().decode()} {(tmp / 'error.log').read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                break
        except OSError:
            time.sleep(0.05)
    yield base
    process.terminate()
    process.wait(timeout=10)


def fetch_http(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as err:
        return err.code, "", b""


def test_nginx_crawl(nginx, site_dist):
    result = crawl(nginx, fetch_http, nginx)
    check(result, site_dist)
    kinds = {urlsplit(u).path.rsplit(".", 1)[-1]: k for u, k in result.fetched.items()}
    assert kinds["css"].startswith("text/css")
    assert "javascript" in kinds["js"]
    assert kinds["svg"].startswith("image/svg+xml")


def test_nginx_really_reports_404(nginx):
    assert fetch_http(nginx + "bestaat-niet.html")[0] == 404
    assert crawl(nginx + "bestaat-niet.html", fetch_http, nginx).broken


def test_crawler_checks_anchors(tmp_path):
    (tmp_path / "index.html").write_text('<a href="b.html#weg">b</a><a href="#hier">x</a><p id="hier">', encoding="utf-8")
    (tmp_path / "b.html").write_text('<p id="er">', encoding="utf-8")
    broken = crawl(tmp_path.joinpath("index.html").as_uri(), fetch_file, tmp_path.as_uri() + "/").broken
    assert len(broken) == 1 and "#weg" in broken[0]
