"""Page weight: per page of a built site, the bytes of its HTML and of the CSS
and JS it links. Run: python bench/weight.py [DIST]  (default: dist/).

Only files inside the site count; a link to anything outside it (http:, //)
is listed as an error, since the site must load nothing from elsewhere.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

BUDGET = 80 * 1024  # CSS + JS together, minified, per page (the budget of the pictures-and-looks issue)


class _Linked(HTMLParser):
    def __init__(self):
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.css.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"])


def is_outside(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def page_weight(page: Path) -> dict:
    html = page.read_bytes()
    linked = _Linked()
    linked.feed(html.decode("utf-8"))
    row = {"page": page.name, "html": len(html), "css": 0, "js": 0, "outside": []}
    for kind, urls in (("css", linked.css), ("js", linked.js)):
        for url in urls:
            if is_outside(url):
                row["outside"].append(url)
                continue
            row[kind] += (page.parent / urlsplit(url).path).stat().st_size
    return row


def site_weights(dist: Path) -> list[dict]:
    return [page_weight(p) for p in sorted(Path(dist).glob("*.html"))]


def table(rows: list[dict]) -> str:
    lines = [f"{'page':<20} {'HTML':>9} {'CSS':>8} {'JS':>8} {'CSS+JS':>8}  budget {BUDGET // 1024} KB"]
    for r in rows:
        both = r["css"] + r["js"]
        verdict = "ok" if both <= BUDGET and not r["outside"] else "OVER" if both > BUDGET else "OUTSIDE"
        lines.append(f"{r['page']:<20} {r['html']:>9,} {r['css']:>8,} {r['js']:>8,} {both:>8,}  {verdict}")
        lines += [f"    loads from outside: {u}" for u in r["outside"]]
    return "\n".join(lines)


if __name__ == "__main__":
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    rows = site_weights(dist)
    print(f"Page weight of {dist} (bytes, uncompressed)")
    print(table(rows))
    sys.exit(0 if all(r["css"] + r["js"] <= BUDGET and not r["outside"] for r in rows) else 1)
