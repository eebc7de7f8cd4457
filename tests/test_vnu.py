"""Valid HTML: the Nu Html Checker (vnu.jar, from node_modules) finds 0 errors in
every page the build writes, for the real site and the mini site (every field type).

The answer file a student downloads is checked in tests/browser/test_quality_vnu.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from testsupport import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(files: list[Path]) -> list[str]:
    """Errors as `file:line: message`; one Java start for all files."""
    if not shutil.which("java") or not VNU.is_file():
        pytest.fail("java or vnu.jar is missing: run `make test-deps` (scripts/install-test-deps.sh)")
    run = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
                         capture_output=True, text=True, timeout=120)
    report = json.loads(run.stderr or run.stdout)
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
            + (f" [{m['extract'].strip()[:80]}]" if m.get("extract") else "")
            for m in report["messages"] if m["type"] in ("error", "non-document-error")]


def test_every_page_is_valid_html(site_dist, mini_dist):
    pages = sorted(site_dist.glob("*.html")) + sorted(mini_dist.glob("*.html"))
    assert len(pages) >= 8
    assert vnu_errors(pages) == []


def test_checker_really_reports(tmp_path):
    """Guard against a silent pass: a page with an unclosed element and no title fails."""
    bad = tmp_path / "kapot.html"
    bad.write_text("<!DOCTYPE html><html lang=nl><body><p><div></span></body></html>", encoding="utf-8")
    assert vnu_errors([bad])
