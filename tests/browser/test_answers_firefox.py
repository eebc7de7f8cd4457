"""Firefox on file:// (tests/firefox/answers.cjs, puppeteer-core driving
Debian's firefox-esr with the strict file origin policy real users have):
card answers reach Doorgaan and a werkblad, with a photo, survives a reload."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from test_answers_support import png

from testsupport import ROOT

FIREFOX = Path("/usr/bin/firefox-esr")
SCRIPT = ROOT / "tests" / "firefox" / "answers.cjs"


def test_answers_in_firefox_on_file(mini_dist, tmp_path):
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed (needed to drive Firefox with puppeteer-core)")
    if not FIREFOX.exists():
        pytest.skip(f"{FIREFOX} is missing (apt-get install firefox-esr)")
    if not (ROOT / "node_modules" / "puppeteer-core").is_dir():
        pytest.skip("node_modules/puppeteer-core is missing (run `make test-deps`)")
    photo = tmp_path / "werkplek.png"
    photo.write_bytes(png())
    result = subprocess.run([node, str(SCRIPT), str(mini_dist), str(photo)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
