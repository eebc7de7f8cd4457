"""Benchmarks for `make bench`: page weight, then build speed against the import
floor, MkDocs and Hugo.

    python bench/bench.py [--sizes 30,1000] [--runs 5] [--mkdocs-runs 3] [--no-mkdocs]

Everything it makes goes under bench/out/ (gitignored): the synthetic sites,
a copy of templates/ and assets/ with its own build cache (so the project's
.cache/ is never touched), and a virtual environment with MkDocs. Every
timing is the median over several runs of a new process
(`python -m opstage_build build`), as wall time and as CPU time (user+sys);
on a busy machine the CPU time is the steadier figure:

- cold:        new process, no build cache (the very first build of a checkout)
- no change:   new process, nothing changed since the last build (cache on disk)
- one change:  new process after one werkblad's text changed
- serve:       the same incremental build inside a running process, as `serve` does it
- edit to page: with the real `serve` and Chromium, from saving a werkblad to
               the reloaded page (serve_latency.py); real site only
- mkdocs:      `mkdocs build` of the same text as plain Markdown (it has no cache)
- hugo:        Debian's `hugo` building the same Markdown pages (a full build)
- import floor: `python -c "import jinja2, markdown, yaml, click"`, the least a
               build in Python with these libraries can take

The targets are mostly ratios within this one run (so a busy machine slows
both sides): real site cold <= 2x the import floor, at least 2x faster than
MkDocs, a one-werkblad rebuild of 1000 faster than Hugo's full build. Every row
with a target prints it and its verdict.
Timings are reported, never asserted: tests check correctness, this checks speed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path[:0] = [str(HERE), str(ROOT)]

import gen  # noqa: E402
import serve_latency  # noqa: E402
import weight  # noqa: E402

TARGETS = {"real": {"cold": 0.25, "serve": 0.1, "edit to page": 0.1}, 1000: {"cold": 2.0, "one change": 0.3}}
KINDS = ("cold", "no change", "one change", "serve", "edit to page", "mkdocs", "hugo")
FLOOR = [sys.executable, "-c", "import jinja2, markdown, yaml, click"]


PROJECT = OUT / "project"  # templates/ and assets/ copied here; its .cache/ is the bench's own


def run(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{done.stdout}{done.stderr}")
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def build_cmd(content: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "opstage_build", "build", "--project", str(PROJECT), "--content", str(content), "--out", str(out)]


def clear_cache() -> None:
    shutil.rmtree(PROJECT / ".cache", ignore_errors=True)


def median(xs: list) -> tuple[float, float]:
    if not xs:
        return float("nan"), float("nan")
    if isinstance(xs[0], tuple):
        return statistics.median(x[0] for x in xs), statistics.median(x[1] for x in xs)
    return statistics.median(xs), float("nan")


def time_ours(content: Path, out: Path, runs: int, change: int | None) -> dict[str, float]:
    times: dict[str, list] = {kind: [] for kind in KINDS}
    for _ in range(runs):
        clear_cache()
        shutil.rmtree(out, ignore_errors=True)
        times["cold"].append(run(build_cmd(content, out)))
    for _ in range(runs):
        times["no change"].append(run(build_cmd(content, out)))
    if change is not None:
        for i in range(runs):
            gen.touch_werkblad(content, change, i)
            times["one change"].append(run(build_cmd(content, out)))
    times["serve"] = time_serve(content, out, runs, change)
    return {k: median(v) for k, v in times.items() if v}


def time_serve(content: Path, out: Path, runs: int, change: int | None) -> list[tuple[float, float]]:
    """What `serve` does after a file changed: build() again in the same process.

    Without a synthetic werkblad to change (the real site), one werkblad's
    file is rewritten with a word appended to its title and put back after.
    """
    from opstage_build.build import Project, build

    project = Project.at(PROJECT, content)
    build(project, out)
    took = []
    sheet = sorted((content / "werkbladen").glob("*.yaml"))[0] if change is None else None
    original = sheet.read_text(encoding="utf-8") if sheet else ""
    for i in range(runs):
        if sheet:
            sheet.write_text(original.replace("titel: ", f"titel: Versie {i} ", 1), encoding="utf-8")
        else:
            gen.touch_werkblad(content, change, 100 + i)
        started, cpu = time.perf_counter(), time.process_time()
        build(project, out)
        took.append((time.perf_counter() - started, time.process_time() - cpu))
    if sheet:
        sheet.write_text(original, encoding="utf-8")
    return took


def mkdocs_venv() -> Path | None:
    venv = OUT / "venv-mkdocs"
    mkdocs = venv / "bin" / "mkdocs"
    if not mkdocs.exists():
        print(f"Installing MkDocs into {venv} (once) ...", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "mkdocs"], check=True)
        except (subprocess.CalledProcessError, OSError) as err:
            print(f"  could not install MkDocs ({err}); skipping the comparison")
            return None
    return mkdocs


def time_mkdocs(mkdocs: Path, folder: Path, runs: int) -> tuple[float, float]:
    return median([run([str(mkdocs), "build", "--quiet", "--clean", "-f", "mkdocs.yml", "-d", "site"], cwd=folder)
                   for _ in range(runs)])


def time_hugo(folder: Path, runs: int) -> tuple[float, float] | None:
    """Hugo's full build (it keeps no cache for plain Markdown pages), or None without Hugo."""
    hugo = shutil.which("hugo")
    if not hugo:
        print("  no hugo (apt-get install hugo, or make test-deps); skipping the comparison")
        return None
    return median([run([hugo, "--quiet", "--source", str(folder), "--destination", "public"]) for _ in range(runs)])


def fmt(seconds: float) -> str:
    return f"{seconds:7.3f} s" if seconds == seconds else "      - "


def target_note(size, kind: str, value: tuple[float, float]) -> str:
    limit = TARGETS.get(size, {}).get(kind)
    if limit is None:
        return ""
    wall, cpu = value
    verdict = "ok" if wall <= limit else "ok in CPU time, wall time hit by load" if cpu <= limit else "MISSED"
    return f"  target <= {limit} s: {verdict}"


def ratio_row(label: str, ours: tuple[float, float], theirs: tuple[float, float], target: float | None,
              higher: bool = True) -> str:
    """theirs / ours in wall and CPU time, with its verdict: >= target when `higher`, else <= target
    (no target: the ratio only). On a busy machine wall time suffers most, so a target
    met in CPU time only is said so."""
    wall, cpu = (theirs[i] / ours[i] for i in (0, 1))
    if target is None:
        return f"  {label + ':':<36}{wall:5.1f}x {cpu:6.1f}x"
    good = (lambda x: x >= target) if higher else (lambda x: x <= target)
    verdict = "ok" if good(wall) else "ok in CPU time, wall time hit by load" if good(cpu) else "MISSED"
    return f"  {label + ':':<36}{wall:5.1f}x {cpu:6.1f}x  target {'>=' if higher else '<='} {target:g}x: {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="30,1000", help="werkbladen per synthetic site (default: 30,1000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per timing of our build (median)")
    parser.add_argument("--mkdocs-runs", type=int, default=3, help="runs per MkDocs timing (median)")
    parser.add_argument("--no-mkdocs", action="store_true", help="skip the MkDocs comparison")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    # Our package's bytecode, as an installed package has it (pip compiles on
    # install; MkDocs's is compiled too). With PYTHONDONTWRITEBYTECODE set, as
    # on our CI machines, every timed run would otherwise compile our source.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "opstage_build")], check=True)
    for folder in ("templates", "assets"):
        shutil.rmtree(PROJECT / folder, ignore_errors=True)
        shutil.copytree(ROOT / folder, PROJECT / folder)
    clear_cache()

    # the real site, in its own folder so content/ and dist/ are never touched
    real = OUT / "real"
    shutil.rmtree(real, ignore_errors=True)
    shutil.copytree(ROOT / "content", real / "content")
    run(build_cmd(real / "content", real / "dist"))
    print(f"== Page weight of the real site (bytes, uncompressed; CSS+JS budget {weight.BUDGET // 1024} KB per page, nothing from outside)")
    print(weight.table(weight.site_weights(real / "dist")))
    print()

    print(f"== Build speed on {os.cpu_count()} cores, Python {sys.version.split()[0]}; medians of {args.runs} runs "
          f"(MkDocs: {args.mkdocs_runs}); load average {os.getloadavg()[0]:.2f}")
    floor = median([run(FLOOR) for _ in range(args.runs)])
    results = {"real": time_ours(real / "content", real / "dist", args.runs, None)}
    results["real"]["edit to page"] = median(serve_latency.edit_to_page(PROJECT, real / "content", OUT / "serve", args.runs))
    mkdocs = None if args.no_mkdocs else mkdocs_venv()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    for size in sizes:
        folder = OUT / f"site-{size}"
        shutil.rmtree(folder, ignore_errors=True)
        gen.write_content(size, folder / "content")
        gen.write_mkdocs(size, folder / "mkdocs")
        gen.write_hugo(folder / "mkdocs", folder / "hugo")
        print(f"  timing {size} werkbladen ...", flush=True)
        results[size] = time_ours(folder / "content", folder / "dist", args.runs, change=(size + 1) // 2)
        if mkdocs:
            results[size]["mkdocs"] = time_mkdocs(mkdocs, folder / "mkdocs", args.mkdocs_runs)
        hugo = time_hugo(folder / "hugo", args.runs)
        if hugo:
            results[size]["hugo"] = hugo

    print(f"\nLoad average now {os.getloadavg()[0]:.2f}.\n")
    print(f"{'':<24}{'wall':>9}{'CPU':>10}")
    print(f"{'import floor':<24}{fmt(floor[0])}{fmt(floor[1])}  (python -c \"import jinja2, markdown, yaml, click\")\n")
    for size, r in results.items():
        print("real site (content/)" if size == "real" else f"{size} werkbladen")
        for kind in KINDS:
            if kind in r:
                print(f"  {kind:<22}{fmt(r[kind][0])}{fmt(r[kind][1])}{target_note(size, kind, r[kind])}")
        # Ratios: faster means less wall time. A cold build may use both cores, so
        # its CPU time can be higher than its wall time; for a one-core rebuild on a
        # busy machine, CPU time is the steadier figure.
        if size == "real":
            print(ratio_row("cold / import floor", floor, r["cold"], 2, higher=False))
        if "mkdocs" in r:
            for kind in ("cold", "no change", "one change"):
                print(ratio_row(f"MkDocs / ours, {kind}", r[kind], r["mkdocs"], 2))
        if "hugo" in r and "one change" in r:
            print(ratio_row("Hugo full build / ours one change", r["one change"], r["hugo"], 1 if size == 1000 else None))
        print()


if __name__ == "__main__":
    main()
