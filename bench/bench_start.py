"""Start page benchmark (not a test): the real site's start page with all its
pictures, opened from file:// in headless Chromium (Debian's /usr/bin/chromium).

  start     a new browser context each run (no memory cache, as when a student
            opens the file): navigation start -> the load event, by when every
            picture on the start page has loaded (checked each run)
  bare      the same page with its pictures (the inline <svg class="beeld">
            and their symbols, beelden.py) taken out, in turns with `start`:
            what the pictures cost on this machine at this load

Run: python bench/bench_start.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_answers import ARGS, CHROMIUM, ROOT, report  # noqa: E402

from opstage_build.build import Project, build  # noqa: E402 (bench_answers put the project on the path)

TARGETS = {"start": 150, "bare": 150}

LOADED = """() => {
  const pictures = Array.from(document.querySelectorAll('#start .beeld'));
  const drawn = (p) => p.tagName === 'IMG' ? p.complete && p.naturalWidth > 0
    : !!document.querySelector(p.querySelector('use').getAttribute('href')) && p.getBoundingClientRect().width > 0;
  return { ms: performance.getEntriesByType('navigation')[0].loadEventEnd,
           pictures: pictures.length, loaded: pictures.filter(drawn).length };
}"""
PICTURES = re.compile(r'<svg class="beelden".*?</symbol></svg>|<svg class="beeld"[^>]*><use[^>]*/></svg>|<img class="beeld"[^>]*>', re.S)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-start-"))
    try:
        site = tmp / "site"
        build(Project.at(ROOT, ROOT / "content"), site)
        bare = tmp / "bare"
        shutil.copytree(site, bare)
        page_html = bare / "index.html"
        html = page_html.read_text(encoding="utf-8")
        symbols = re.search(r'<svg class="beelden".*?</symbol></svg>', html, re.S)
        page_html.write_text(PICTURES.sub("", html), encoding="utf-8")
        times = {"start": [], "bare": []}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for run in range(runs + 1):  # the first round warms the browser process and the disk cache: not counted
                for name, folder in (("start", site), ("bare", bare)):
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(folder.joinpath("index.html").as_uri(), wait_until="load")
                    seen = page.evaluate(LOADED)
                    context.close()
                    if name == "start":
                        assert seen["pictures"] == seen["loaded"] >= 9, f"pictures not all loaded: {seen}"
                        shown = seen["pictures"]
                    if run:
                        times[name].append(seen["ms"])
            browser.close()
        pictures = len(symbols[0].encode()) if symbols else 0  # inline in index.html
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"Start page from file://, medians of {runs} runs; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    report([("start", f"start page, {shown} pictures ({pictures:,} bytes inline), file://", times["start"]),
            ("bare", "the same page without its pictures (reference)", times["bare"])], TARGETS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
