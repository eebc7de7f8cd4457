"""Nakijken benchmark (not a test): a class of answer files on the teacher's
page, from file:// in headless Chromium (Debian's /usr/bin/chromium).

  class     30 students, each a full answer file with 10 photos (about 3 MB):
            files picked -> the grid drawn (first frame after "gelezen"),
            with the progress lines seen on the way
  huge      one file whose answer is 1 MB without a space: picked -> drawn

The answer file is made through the real student page (every field of the
mini site plus a werkblad with ten photo fields, filled as bench_answers.py
does); the 30 files differ in naam and one answer, so none is "al geladen".
Run: python bench/bench_nakijken.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_answers import ARGS, CHROMIUM, FILL_EVERYTHING, TEN_PHOTOS, photo_site, report  # noqa: E402

TARGETS = {"class": 3000, "huge": 1000}

# picked -> first frame after the status says "gelezen"; every progress line seen
WATCH = """() => {
  window.__lines = []; window.__t0 = 0; window.__done = 0;
  document.getElementById('nk-bestanden').addEventListener('change', () => { window.__t0 = performance.now(); }, true);
  new MutationObserver(() => {
    const t = document.querySelector('.nk-status').textContent;
    window.__lines.push(t);
    if (/gelezen/.test(t) && !window.__done) requestAnimationFrame(() => setTimeout(() => { window.__done = performance.now(); }));
  }).observe(document.querySelector('.nk-status'), {childList: true, characterData: true, subtree: true});
}"""


def with_json(html: str, data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return re.sub(r'(id="opstage-antwoorden">).*?(</script>)', lambda m: m.group(1) + text + m.group(2), html, flags=re.S)


def answers_of(html: str) -> dict:
    return json.loads(re.search(r'id="opstage-antwoorden">(.*?)</script>', html, re.S).group(1))


def timed(page, url: str, paths: list[str]) -> tuple[float, list[str]]:
    page.goto(url)
    page.evaluate("localStorage.clear()")
    page.evaluate(WATCH)
    page.set_input_files("#nk-bestanden", paths)
    while not page.evaluate("window.__done"):
        time.sleep(0.02)
    return page.evaluate("window.__done - window.__t0"), page.evaluate("window.__lines")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-nakijken-"))
    rows = []
    try:
        site = photo_site(tmp)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(site.joinpath("index.html").as_uri() + "#werkblad-3")
            page.evaluate("Opstage.antwoorden.zetLeerling('Sam', '3B')")
            page.evaluate(TEN_PHOTOS)
            while page.evaluate("document.querySelectorAll('.veld--foto [data-foto-voorbeeld] img').length") < 10:
                time.sleep(0.05)
            page.evaluate(FILL_EVERYTHING)
            page.evaluate("location.hash = 'start'")
            with page.expect_download() as info:
                page.click("text=Download al je antwoorden")
            html = Path(info.value.path()).read_text(encoding="utf-8")
            base = answers_of(html)
            folder = tmp / "klas"
            folder.mkdir()
            paths = []
            for n in range(1, 31):
                data = dict(base, leerling={"naam": f"Leerling {n}", "klas": "3B" if n % 2 else "3A"})
                data["antwoorden"] = dict(base["antwoorden"])
                data["antwoorden"]["wb1-naam"] = dict(base["antwoorden"]["wb1-naam"], waarde=f"Bedrijf {n}")
                path = folder / f"op-stage_Leerling-{n}_alles.html"
                path.write_text(with_json(html, data), encoding="utf-8")
                paths.append(str(path))
            size = sum(Path(x).stat().st_size for x in paths) / 30 / 1e6
            url = site.joinpath("nakijken.html").as_uri()
            times, lines = [], []
            for _ in range(runs):
                t, lines = timed(page, url, paths)
                times.append(t)
            assert page.locator(".nk-rooster tbody tr").count() == 30
            progress = [x for x in lines if x.startswith("Bezig")]
            rows.append(("class", f"30 files of {size:.1f} MB, 10 photos each: picked -> grid drawn; "
                         f"{len(progress)} progress lines ('{progress[0]}' ... '{progress[-1]}')", times))

            data = dict(base, antwoorden={"wb1-verhaal": dict(base["antwoorden"]["wb1-verhaal"], waarde="x" * 1_000_000)})
            huge = folder / "groot.html"
            huge.write_text(with_json(html, data), encoding="utf-8")
            times = [timed(page, url, [str(huge)])[0] for _ in range(runs)]
            assert page.locator(".nk-leerling").count() == 1
            rows.append(("huge", "one file with a 1 MB answer without a space: picked -> drawn", times))
            browser.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    report(rows, TARGETS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
