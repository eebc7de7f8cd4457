"""Accessibility with axe-core in real Chromium, JavaScript on: every page of
the built site, every view of index.html (only one is visible at a time), and
a werkblad with every field filled in. WCAG 2.1 A and AA: 0 violations.

axe is injected from node_modules (installed by scripts/install-test-deps.sh).
The page's CSP rightly blocks injected scripts, so these contexts bypass it;
the CSP itself is tested in test_quality_requests.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from testsupport import ROOT, real_numbers

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def axe_page(browser):
    """One page with axe loadable, reused across the module (a fresh context per call is slow)."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make test-deps` (scripts/install-test-deps.sh)")
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.page_errors = errors
    yield page
    context.close()


def load(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))


def show_view(page, view_id: str) -> None:
    page.evaluate("(id) => { location.hash = id; }", view_id)
    page.wait_for_function(
        "(id) => { const v = document.querySelector('.view.is-current'); return v && v.id === id; }",
        arg=view_id, timeout=3000)


def violations(page) -> list[str]:
    """axe's violations as readable lines: rule, impact, where, what to fix.

    Views other than the current one are hidden (display: none), so leaving
    them out changes no result; it only halves the time on index.html.
    """
    result = page.evaluate(
        "(tags) => axe.run({exclude: [['.view:not(.is-current)']]},"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS)
    lines = []
    for v in result["violations"]:
        for node in v["nodes"][:5]:
            lines.append(f"{v['id']} ({v['impact']}): {' '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}")
        if len(v["nodes"]) > 5:
            lines.append(f"{v['id']}: ... and {len(v['nodes']) - 5} more")
    return lines


def view_ids(page) -> list[str]:
    return page.evaluate("Array.from(document.querySelectorAll('.view')).map(v => v.id)")


def test_every_view_of_the_student_page(axe_page, site_dist):
    load(axe_page, site_dist.joinpath("index.html").as_uri())
    views = view_ids(axe_page)
    assert views[0] == "start" and len(views) == 1 + sum(map(len, real_numbers())), views
    found = {}
    for view in views:
        show_view(axe_page, view)
        if problems := violations(axe_page):
            found[view] = problems
    assert found == {}, "\n".join(f"#{v}: {line}" for v, lines in found.items() for line in lines)
    assert axe_page.page_errors == []


@pytest.mark.parametrize("name", ["handleiding.html", "routekaart.html", "stagedocument.html", "nakijken.html"])
def test_every_other_page(axe_page, site_dist, name):
    page_file = site_dist / name
    if not page_file.is_file():
        pytest.skip(f"{name} is not built yet")
    load(axe_page, page_file.as_uri())
    assert violations(axe_page) == []
    assert axe_page.page_errors == []


FILL_JS = """(viewId) => {
  const view = document.getElementById(viewId);
  const done = new Set();
  for (const el of view.querySelectorAll('input, textarea, select')) {
    if (el.disabled || el.type === 'file' || el.type === 'hidden') continue;
    if (el.type === 'radio') {
      if (done.has(el.name)) continue;
      done.add(el.name);
      el.click();
    } else if (el.type === 'checkbox') {
      el.click();
    } else if (el.type === 'date') {
      el.value = '2025-03-14';
      el.dispatchEvent(new Event('input', {bubbles: true}));
      el.dispatchEvent(new Event('change', {bubbles: true}));
    } else {
      el.value = 'Ik help bij de kassa en vul de schappen bij.';
      el.dispatchEvent(new Event('input', {bubbles: true}));
      el.dispatchEvent(new Event('change', {bubbles: true}));
    }
  }
  return done.size;
}"""


def fill_view(page, view_id: str) -> None:
    """Answer every field in a view the way a student would (events included)."""
    page.evaluate(FILL_JS, view_id)


def test_filled_werkblad_with_every_field_type(axe_page, mini_dist):
    """The mini site's werkblad 1 has every field type; filled in, it must stay accessible."""
    load(axe_page, mini_dist.joinpath("index.html").as_uri())
    show_view(axe_page, "werkblad-1")
    types = set(axe_page.evaluate("Array.from(document.querySelectorAll('#werkblad-1 [data-type]')).map(e => e.dataset.type)"))
    assert {"tekst", "lang", "keuze", "meerkeuze", "stellingen", "tabel", "datum", "checklist", "schaal", "foto"} <= types
    added = axe_page.locator("#werkblad-1 [data-actie='rij-toevoegen']")
    if added.count():
        added.first.click()  # a row added by the student must be labelled as well
    fill_view(axe_page, "werkblad-1")
    assert violations(axe_page) == []
    assert axe_page.page_errors == []


def test_filled_werkblad_of_the_real_site(axe_page, site_dist):
    load(axe_page, site_dist.joinpath("index.html").as_uri())
    biggest = axe_page.evaluate(
        "Array.from(document.querySelectorAll('.view--werkblad')).map(v => [v.querySelectorAll('[data-veld]').length, v.id]).sort((a, b) => b[0] - a[0])[0][1]")
    show_view(axe_page, biggest)
    fill_view(axe_page, biggest)
    assert violations(axe_page) == []


def test_axe_really_reports(axe_page, mini_dist):
    """Guard against a silent pass: an unlabelled field in the current view is found."""
    load(axe_page, mini_dist.joinpath("index.html").as_uri())
    show_view(axe_page, "werkblad-2")
    axe_page.evaluate("document.querySelector('#werkblad-2').insertAdjacentHTML('beforeend', '<input type=text>')")
    assert any(line.startswith("label ") for line in violations(axe_page))
