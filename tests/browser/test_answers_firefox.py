"""Firefox on file:// (tests/firefox/*.cjs, puppeteer-core driving Debian's
firefox-esr with the strict file origin policy real users have): card answers
reach Doorgaan and a werkblad, with a photo, survives a reload; a content edit
after answers exist loses nothing; another student's file never mixes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_answers_support import png

from testsupport import ROOT

FIREFOX = Path("/usr/bin/firefox-esr")
SCRIPT = ROOT / "tests" / "firefox" / "answers.cjs"
STUDENTS = ROOT / "tests" / "firefox" / "students.cjs"


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


def test_content_edit_and_another_student_in_firefox_on_file(mini_copy, tmp_path):
    node = shutil.which("node")
    if not node or not FIREFOX.exists() or not (ROOT / "node_modules" / "puppeteer-core").is_dir():
        pytest.skip("node, firefox-esr and node_modules/puppeteer-core are needed (run `make test-deps`)")
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "opstage_build", "build", "--project", str(ROOT), "--content", str(mini_copy),
                    "--out", str(site)], check=True, capture_output=True)
    edited = tmp_path / "nieuw"
    shutil.copytree(mini_copy, edited)
    sheet = edited / "werkbladen" / "01-alles.yaml"
    text = sheet.read_text().replace("blauw: Blauw", "blauw: Donkerblauw").replace("      woensdag: Woensdag\n", "")
    sheet.write_text(text.replace("    type: lang\n    label: Vertel over je stage.\n    regels: 4",
                                  "    type: tekst\n    label: Vertel over je stage."))
    rebuild = [sys.executable, "-m", "opstage_build", "build", "--project", str(ROOT), "--content", str(edited), "--out", str(site)]
    lisa = tmp_path / "op-stage_Lisa_3A_alles.html"
    data = {"formaat": "opstage-antwoorden", "versie": 2, "site": "mini-stage", "gemaakt": "2026-11-28T10:00:00Z",
            "leerling": {"naam": "Lisa", "klas": "3A"}, "omvang": "alles",
            "antwoorden": {"wb2-tip": {"waarde": "Lisa's tip", "type": "tekst", "werkblad": 2, "gewijzigd": "2026-11-28T09:00:00Z"}}}
    lisa.write_text('<!DOCTYPE html><script type="application/json" id="opstage-antwoorden">' + json.dumps(data) + "</script>")
    result = subprocess.run([node, str(STUDENTS), str(site), str(lisa), json.dumps(rebuild)],
                            capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
