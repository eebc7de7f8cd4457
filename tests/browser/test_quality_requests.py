"""Nothing leaves the site. Every page carries a Content-Security-Policy that
allows only the site's own files, and a full student session in Chromium
(start page, every card, every werkblad, filling in, download, loading the
file back, opening the answer file) makes 0 requests outside the site, on
file:// and over http, with no console errors (a CSP violation is one)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from test_answers_support import button, file_input

EXPECTED_CSP = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "connect-src": ["'none'"],
    "form-action": ["'none'"],
    "base-uri": ["'none'"],
}


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.csp: list[str] = []
        self.in_head = True
        self.csp_in_head = False
        self.inline_scripts: list[str] = []
        self.style_attrs = 0
        self._script = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.in_head = False
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(a.get("content") or "")
            self.csp_in_head = self.in_head
        if tag == "script" and not a.get("src"):
            self._script = a.get("type") or "text/javascript"
        if "style" in a:
            self.style_attrs += 1

    def handle_data(self, data):
        if self._script and self._script != "application/json" and data.strip():
            self.inline_scripts.append(data.strip()[:60])

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def parse_csp(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def test_every_page_carries_the_strict_csp(site_dist, mini_dist):
    pages = sorted(site_dist.glob("*.html")) + sorted(mini_dist.glob("*.html"))
    assert len(pages) >= 8
    for page in pages:
        head = _Head()
        head.feed(page.read_text(encoding="utf-8"))
        assert len(head.csp) == 1, f"{page.name}: expected one CSP meta, found {len(head.csp)}"
        assert head.csp_in_head, f"{page.name}: the CSP meta must be in <head>, before anything loads"
        assert parse_csp(head.csp[0]) == EXPECTED_CSP, page.name
        # what this CSP would block must not be in the page either
        assert head.inline_scripts == [], f"{page.name}: inline scripts {head.inline_scripts}"
        assert head.style_attrs == 0, f"{page.name}: style attributes are blocked by style-src 'self'"


# ---- a full session in the browser ----

def visit_everything(page, base_url: str) -> None:
    data = page.evaluate("Opstage.data")
    for kaart in data["kaarten"]:
        page.goto(f"{base_url}index.html#kaart-{kaart['nummer']}")
        page.wait_for_selector(f"#kaart-{kaart['nummer']}.is-current")
    for werkblad in data["werkbladen"]:
        page.goto(f"{base_url}index.html#werkblad-{werkblad['nummer']}")
        page.wait_for_selector(f"#werkblad-{werkblad['nummer']}.is-current")
    for name in ("handleiding.html", "routekaart.html", "stagedocument.html"):
        page.goto(base_url + name)
        page.wait_for_load_state("load")




ANSWER = "Ik vul de schappen bij."


@pytest.fixture(params=["site-file", "site-http", "mini-file", "mini-http"])
def base(request, site_dist, mini_dist, http_site):
    """The real site, and the mini site that has every field type (so every script path runs)."""
    which, how = request.param.split("-")
    folder = site_dist if which == "site" else mini_dist
    return folder.as_uri() + "/" if how == "file" else http_site(folder).url()


def test_full_session_stays_inside_the_site(open_page, base, tmp_path):
    page, watched = open_page(base + "index.html")
    page.wait_for_load_state("load")
    visit_everything(page, base)

    page.goto(base + "index.html#werkblad-1")
    page.wait_for_selector("#werkblad-1.is-current")
    first_text = page.locator("#werkblad-1 input[type=text], #werkblad-1 textarea").first
    first_text.fill(ANSWER)
    field_name = first_text.get_attribute("name")
    button(page, "#werkblad-1", "Download dit werkblad", watched).click()
    page.fill("dialog[open] #dl-leerling-naam", "Sam")  # asked first: no file without a naam
    page.fill("dialog[open] #dl-leerling-klas", "3B")
    with page.expect_download() as info:
        page.click("dialog[open] >> text=Download")
    answer_file = tmp_path / "antwoorden.html"
    info.value.save_as(answer_file)

    # load it back on a fresh browser profile
    fresh, fresh_watched = open_page(base + "index.html#start")
    fresh.wait_for_load_state("load")
    file_input(fresh)
    with fresh.expect_file_chooser() as chooser:
        button(fresh, "#start", "Verder werken met een bestand", fresh_watched).click()
    chooser.value.set_files(str(answer_file))
    fresh.goto(base + "index.html#werkblad-1")
    fresh.wait_for_selector("#werkblad-1.is-current")
    assert fresh.locator(f'#werkblad-1 [name="{field_name}"]').input_value() == ANSWER

    # the answer file itself, opened as a teacher would
    teacher, teacher_watched = open_page(answer_file.as_uri())
    teacher.wait_for_load_state("load")

    for who, w, inside in (("student", watched, base), ("fresh profile", fresh_watched, base),
                           ("answer file", teacher_watched, answer_file.as_uri())):
        assert w.outside(inside) == [], who
        # ERR_ABORTED: a request cut off because the test navigated on, not a broken link
        assert [r for r in w.failed_requests if not r.endswith("net::ERR_ABORTED")] == [], who
        assert w.console_errors == [], who
        assert w.page_errors == [], who


def test_watch_really_sees_outside_requests(open_page, mini_dist):
    """Guard against a silent pass: a request to elsewhere is recorded (and blocked by the CSP)."""
    page, watched = open_page(mini_dist.joinpath("index.html").as_uri(), bypass_csp=True)
    page.evaluate("new Image().src = 'https://example.org/pixel.png'")
    page.wait_for_timeout(200)
    assert any("example.org" in u for u in watched.outside(mini_dist.as_uri()))
