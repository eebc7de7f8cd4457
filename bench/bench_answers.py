"""Answers benchmark (not a test): the student page from file:// in headless
Chromium (Debian's /usr/bin/chromium).

  restore   page interactive with every answer of the real site put back
            (navigation start -> mark "opstage:antwoorden-hersteld")
  huge      a werkblad whose answer is 1 MB without a space, drawn after a
            reload (navigation start -> the first frame after restoring)
  keystroke one input event in a long answer, saved to localStorage
  download  the answer file with everything and 10 photos (click -> file handed over)

Run: python bench/bench_answers.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from opstage_build.build import Project, build  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-gpu"]
TARGETS = {"restore": 100, "huge": 1000, "keystroke": 5, "download": 1000}

# Answers every field of the page with plausible text, as a student would.
FILL_EVERYTHING = """() => {
  const text = 'Ik heb op mijn stage bij de bakker geholpen met brood bakken en klanten helpen. '.repeat(4);
  document.querySelectorAll('[data-veld]').forEach((veld) => {
    veld.querySelectorAll('input, textarea').forEach((c, i) => {
      if (c.type === 'file') return;
      if (c.type === 'radio' || c.type === 'checkbox') c.checked = i % 2 === 0;
      else if (c.type === 'date') c.value = '2027-02-01';
      else c.value = text;
      c.dispatchEvent(new Event('input', {bubbles: true}));
    });
  });
}"""

# Ten camera-like photos (4032 x 3024 JPEG, shapes plus strong sensor grain) into ten foto fields.
TEN_PHOTOS = """async () => {
  const inputs = Array.from(document.querySelectorAll('.veld--foto input[type=file]')).slice(0, 10);
  for (const [n, input] of inputs.entries()) {
    const c = document.createElement('canvas');
    c.width = 4032; c.height = 3024;
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, c.width, c.height);
    grad.addColorStop(0, `hsl(${n * 36}, 60%, 70%)`); grad.addColorStop(1, `hsl(${n * 36 + 120}, 50%, 30%)`);
    g.fillStyle = grad; g.fillRect(0, 0, c.width, c.height);
    for (let i = 0; i < 60; i++) {
      g.fillStyle = `hsla(${(i * 47 + n * 13) % 360}, 70%, 50%, 0.6)`;
      g.beginPath(); g.arc((i * 613) % c.width, (i * 389) % c.height, 80 + (i * 37) % 400, 0, 7); g.fill();
    }
    const grain = g.getImageData(0, 0, 1024, 1024);
    let seed = n + 1;
    for (let i = 0; i < grain.data.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      if (i % 4 !== 3) grain.data[i] += (seed >>> 24) % 48 - 24;
    }
    for (let x = 0; x < c.width; x += 1024) for (let y = 0; y < c.height; y += 1024) g.putImageData(grain, x, y);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.92));
    const dt = new DataTransfer();
    dt.items.add(new File([blob], `foto${n}.jpg`, {type: 'image/jpeg'}));
    input.files = dt.files;
    input.dispatchEvent(new Event('change', {bubbles: true}));
  }
  return inputs.length;
}"""

# time since navigation start at the first frame drawn after the answers are back
FIRST_FRAME = """() => new Promise((done) => requestAnimationFrame(() => setTimeout(() => done(performance.now()))))"""

KEYSTROKE = """(runs) => {
  const box = document.querySelector('[data-type=lang] textarea');
  box.value = 'Mijn stage was leerzaam. '.repeat(200);
  const times = [];
  for (let i = 0; i < runs; i++) {
    box.value += 'a';
    const t = performance.now();
    box.dispatchEvent(new InputEvent('input', {bubbles: true, data: 'a', inputType: 'insertText'}));
    times.push(performance.now() - t);
  }
  const key = Object.keys(localStorage).find((k) => k.endsWith(':a:' + box.name));
  return {times, saved: JSON.parse(localStorage.getItem(key)).waarde === box.value};
}"""


def photo_site(tmp: Path) -> Path:
    """The mini test site plus a werkblad with ten photo fields."""
    content = tmp / "content"
    shutil.copytree(ROOT / "tests" / "sites" / "mini" / "content", content)
    fields = "".join(f"  - id: wb3-foto{n}\n    type: foto\n    label: Foto {n}\n" for n in range(1, 11))
    (content / "werkbladen" / "03-fotos.yaml").write_text(f"nummer: 3\ntitel: Tien foto's\nvelden:\n{fields}")
    kaart = content / "kaarten" / "02-vraag.md"
    kaart.write_text(kaart.read_text().replace("werkbladen: [2]", "werkbladen: [2, 3]") + "\nDan [werkblad 3](#werkblad-3).\n")
    out = tmp / "fotos"
    build(Project.at(ROOT, content), out)
    return out


def ms(values: list[float]) -> str:
    return f"{statistics.median(values):7.1f}"


def report(rows: list, targets: dict) -> None:
    """One line per measure: median and max in ms against its target (also for bench_nakijken.py)."""
    print(f"{'measure':<10} {'median ms':>9} {'max ms':>8} {'target':>7}  what")
    for name, what, values in rows:
        flag = "ok" if statistics.median(values) <= targets[name] else "SLOW"
        print(f"{name:<10} {ms(values):>9} {max(values):8.1f} {'<=' + str(targets[name]):>7}  {what}  {flag}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-answers-"))
    try:
        site = tmp / "site"
        build(Project.at(ROOT, ROOT / "content"), site)
        photos = photo_site(tmp)
        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(accept_downloads=True)
            page = context.new_page()
            url = site.joinpath("index.html").as_uri()
            page.goto(url)
            page.evaluate(FILL_EVERYTHING)
            answers = page.evaluate("Object.keys(Opstage.antwoorden.alle()).length")
            restore = []
            for _ in range(runs):
                page.reload()
                page.wait_for_load_state("load")
                restore.append(page.evaluate("performance.getEntriesByName('opstage:antwoorden-hersteld')[0].startTime"))
            rows.append(("restore", f"{answers} answers, real site", restore))

            page.goto(url + "#werkblad-1")
            page.evaluate("""() => { const t = document.querySelector('#werkblad-1 textarea');
                t.value = 'x'.repeat(1000000); t.dispatchEvent(new Event('input', {bubbles: true})); }""")
            huge = []
            for _ in range(runs):
                page.reload()
                page.wait_for_load_state("load")
                huge.append(page.evaluate(FIRST_FRAME))
            rows.append(("huge", "1 MB answer without spaces, werkblad 1 drawn", huge))

            result = page.evaluate(KEYSTROKE, 20 * runs)
            assert result["saved"], "keystroke not saved"
            rows.append(("keystroke", "5,000-character answer", result["times"]))

            page.goto(photos.joinpath("index.html").as_uri() + "#werkblad-3")
            page.evaluate("localStorage.clear()")
            page.reload()
            page.evaluate("Opstage.antwoorden.zetLeerling('Sam', '3B')")  # else the download asks for them first
            page.evaluate(TEN_PHOTOS)
            # (not wait_for_function: its polling evaluates strings, which the page's CSP forbids)
            while page.evaluate("document.querySelectorAll('.veld--foto [data-foto-voorbeeld] img').length") < 10:
                time.sleep(0.05)
            size = page.evaluate("Object.values(Opstage.antwoorden.alle()).reduce((n, r) => n + ((r.waarde && r.waarde.foto) || '').length, 0)")
            page.evaluate("""() => { const real = Opstage.antwoordbestand.download;
                Opstage.antwoordbestand.download = (f) => { real(f); window.handed = performance.now(); }; }""")
            page.evaluate("location.hash = 'start'")
            download, wall = [], []
            for _ in range(runs):
                with page.expect_download() as info:
                    page.evaluate("window.handed = 0; window.clicked = performance.now()")
                    started = time.perf_counter()
                    page.click("text=Download al je antwoorden")
                info.value.path()  # the whole file is written to disk
                wall.append((time.perf_counter() - started) * 1000)
                download.append(page.evaluate("window.handed - window.clicked"))
            file_size = info.value.path().stat().st_size
            rows.append(("download", f"10 photos {size / 1e6:.1f} MB, file {file_size / 1e6:.1f} MB: click -> file handed over", download))
            rows.append(("download", "same, click -> file saved on disk (seen from Playwright)", wall))
            browser.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    report(rows, TARGETS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
