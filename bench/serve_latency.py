"""How long an edit takes to show in the browser with `serve` (part of `make bench`).

Starts the real `python -m opstage_build serve` on a copy of the content,
opens the first werkblad in Chromium, then rewrites that werkblad's title and
times from the write until the reloaded page shows it: its DOMContentLoaded
event, when the new HTML is parsed and the page's scripts have shown the
werkblad. That is watching (about 15 ms), rebuilding (15), the reload signal
(10) and loading the 190 KB page (50).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def edit_to_page(project: Path, content: Path, work: Path, runs: int) -> list[float]:
    """Seconds from writing a werkblad to the reloaded page, once per run."""
    from playwright.sync_api import sync_playwright

    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(content, work / "content")
    sheet = sorted((work / "content" / "werkbladen").glob("*.yaml"))[0]
    original = sheet.read_text(encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "opstage_build", "serve", "--project", str(project), "--content", str(work / "content"),
         "--out", str(work / "dist"), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = _served_url(server)
        took = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(url + "index.html#werkblad-1")
            time.sleep(0.5)  # let the page open its reload connection
            for i in range(runs):
                title = f"Versie {i}"
                with page.expect_event("domcontentloaded", timeout=10_000):
                    started = time.perf_counter()
                    sheet.write_text(original.replace("titel: ", f"titel: {title} ", 1), encoding="utf-8")
                took.append(time.perf_counter() - started)
                if title not in page.text_content("#werkblad-1-titel"):
                    sys.exit(f"serve: the page reloaded without the edit ({title!r})")
                time.sleep(0.2)
            browser.close()
        return took
    finally:
        server.terminate()
        server.wait(timeout=10)


def _served_url(server: subprocess.Popen) -> str:
    for line in server.stdout:
        found = re.search(r" on (http://\S+/)", line)
        if found:
            return found.group(1)
    sys.exit("serve did not start")
