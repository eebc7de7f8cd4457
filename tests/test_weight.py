"""Page weight budget: bytes are deterministic, so a test may hold the line.

Every page may link at most 80 KB of CSS and JS together (minified), all
of it from the site's own files. `make bench` prints the same figures.
"""

import importlib.util
import re

from testsupport import ROOT, linked_sources

_spec = importlib.util.spec_from_file_location("bench_weight", ROOT / "bench" / "weight.py")
weight = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(weight)


def test_css_and_js_within_budget_on_every_page(site_dist):
    rows = weight.site_weights(site_dist)
    assert {r["page"] for r in rows} >= {"index.html", "handleiding.html", "routekaart.html", "stagedocument.html"}
    over = {r["page"]: r["css"] + r["js"] for r in rows if r["css"] + r["js"] > weight.BUDGET}
    assert over == {}, f"CSS + JS above {weight.BUDGET} bytes:\n{weight.table(rows)}"


def test_pages_link_no_css_or_js_from_outside(site_dist):
    outside = {r["page"]: r["outside"] for r in weight.site_weights(site_dist) if r["outside"]}
    assert outside == {}


def test_every_asset_shipped_is_linked_by_a_page(site_dist):
    """No stylesheet or script sits in dist/ unlinked (dead weight nobody counts)."""
    shipped = {f"assets/{p.parent.name}/{p.name}" for folder in ("css", "js") for p in (site_dist / "assets" / folder).glob("*.*")}
    linked = set()
    for page in site_dist.glob("*.html"):
        linked |= set(re.findall(r'(?:href|src)="(assets/(?:css|js)/[^"]+)"', page.read_text(encoding="utf-8")))
    assert shipped - linked == set()
    assert linked - shipped == set()


def test_assets_are_minified_in_dist(site_dist):
    source = (ROOT / "assets/js/enable.js").stat().st_size
    assert (site_dist / "assets/js/enable.js").stat().st_size < source
    assert "/*" not in (site_dist / "assets/css/site.css").read_text(encoding="utf-8")
    joined = next((site_dist / "assets/js").glob("index.*.js")).read_text(encoding="utf-8")
    assert "/*" not in joined and len(linked_sources(site_dist, "index.html", "js")) == 11  # enable.js and ten joined
