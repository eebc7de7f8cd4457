"""One stylesheet and one script file per page, instead of one per source file.

Every file a page links costs the browser a request; from file:// Chromium
reads each one in turn, and index.html links three stylesheets and ten
scripts: joined, the start page loads about 30 ms sooner (bench/bench_start.py).
The templates keep naming the source files (macros/assets.html). After
rendering, each run of stylesheet links, and each run of deferred scripts, to
files of assets/ in a page's <head> becomes one link to their minified
contents, joined in the same order (so they run in the same order). The joined
file is named by a hash of its contents, so a browser never runs an old one
with a new page. A link on its own stays as it is. (The parts carry no comment
naming their source: on the start page that was 305 of its 80 KB budget.)
"""

from __future__ import annotations

import hashlib
import re
from html import unescape
from typing import Callable

_RUNS = {
    "css": re.compile(r'<link rel="stylesheet" href="assets/(css/[^"?#]+\.css)">'
                      r'(?:\s*<link rel="stylesheet" href="assets/css/[^"?#]+\.css">)+'),
    "js": re.compile(r'<script defer src="assets/(js/[^"?#]+\.js)"></script>'
                     r'(?:\s*<script defer src="assets/js/[^"?#]+\.js"></script>)+'),
}
_NAME = re.compile(r'(?:href|src)="assets/([^"]+)"')
_TAG = {"css": '<link rel="stylesheet" href="assets/{}">', "js": '<script defer src="assets/{}"></script>'}
_SEPARATOR = {"css": b"\n", "js": b";\n"}  # a script whose last statement has no ';' still ends there
# A part that would mean something else inside a joined file keeps its own link: an @import
# counts only at the top of a stylesheet, a script's opening "use strict" would hold for all after it.
_JOINABLE = {"css": lambda part: not re.search(rb"@import", part, re.I),
             "js": lambda part: not re.match(rb"""\s*(["'])use strict\1""", part)}


def _names(html: str) -> list[str]:
    """The asset names ("js/site.js") that `html` links, as the browser reads them (&amp; is &)."""
    return [unescape(name) for name in _NAME.findall(html)]


def join(pages: dict[str, str], read: Callable[[str], bytes]) -> tuple[dict[str, str], dict[str, bytes], set[str]]:
    """`(pages, files, joined)`: the pages with each run of links replaced by one
    link, the joined files ({"assets/js/index.1a2b3c4d5e.js": bytes}), and the
    asset names ("js/site.js") that no page links on their own any more.
    `read("js/site.js")` gives an asset's bytes as they are written (minified)."""
    files: dict[str, bytes] = {}
    in_runs: set[str] = set()
    linked_alone: set[str] = set()
    out = {}
    for page, html in pages.items():
        stem = page.rsplit("/", 1)[-1].split(".")[0]

        def one_link(match: re.Match, kind: str) -> str:
            names = _names(match[0])
            try:
                parts = [read(name) for name in names]
            except (KeyError, OSError):  # not a file of assets/: left as it is
                return match[0]
            if not all(map(_JOINABLE[kind], parts)):
                return match[0]
            in_runs.update(names)
            data = _SEPARATOR[kind].join(parts)
            joined = f"{kind}/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{kind}"
            files.setdefault(f"assets/{joined}", data)
            return _TAG[kind].format(joined)

        if not page.endswith(".html"):
            out[page] = html
            continue
        end = html.find("</head>")  # only the head is searched: a page of 1000 werkbladen is 7 MB
        end = len(html) if end < 0 else end
        head = new_head = html[:end]
        for kind, runs in _RUNS.items():
            new_head = runs.sub(lambda m, kind=kind: one_link(m, kind), new_head)
        out[page] = html if new_head == head else html.replace(head, new_head, 1)  # one copy of the page, not two
        linked_alone.update(_names(new_head))
        if html.find("assets/", end) >= 0:  # a link further down is not joined, but its file is kept
            linked_alone.update(_names(html[end:]))
    return out, files, in_runs - linked_alone
