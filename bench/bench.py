"""Benchmarks for `make bench`: page weight, then build speed against MkDocs.

    python bench/bench.py [--sizes 30,1000] [--runs 5] [--mkdocs-runs 3] [--no-mkdocs]

Everything it makes goes under bench/out/ (gitignored): the synthetic sites
and a virtual environment with MkDocs. Every timing is the wall time of a new
process (`python -m opstage_build build`), the median of several runs:

- cold:       new process, empty build cache (the first build on a machine)
- cached:     new process, nothing changed since the last build
- one change: new process after one werkblad's text changed
- serve:      the same incremental build inside a running process, as `serve` does it
- mkdocs:     `mkdocs build` of the same text as plain Markdown

Timings are reported, never asserted: tests check correctness, this checks speed.
"""

from __future__ import annotations

import argparse
import os
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
import weight  # noqa: E402

TARGETS = {"real": {"cold": 0.25}, 1000: {"cold": 2.0, "one change": 0.3}}


def run(cmd: list[str], cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{done.stdout}{done.stderr}")
    return took


def build_cmd(content: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "opstage_build", "build", "--project", str(ROOT), "--content", str(content), "--out", str(out)]


def cache_dir_of(out: Path) -> Path:
    """Where the build keeps its cache for `out` (see opstage_build.build.cache_dir)."""
    try:
        from opstage_build.build import cache_dir
        return cache_dir(out)
    except ImportError:
        return out.parent / ".cache"


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def time_ours(content: Path, out: Path, runs: int, change: int | None) -> dict[str, float]:
    times: dict[str, list[float]] = {"cold": [], "cached": [], "one change": [], "serve": []}
    for _ in range(runs):
        shutil.rmtree(cache_dir_of(out), ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        times["cold"].append(run(build_cmd(content, out)))
    for _ in range(runs):
        times["cached"].append(run(build_cmd(content, out)))
    if change is not None:
        for i in range(runs):
            gen.touch_werkblad(content, change, i)
            times["one change"].append(run(build_cmd(content, out)))
        times["serve"] = time_serve(content, out, runs, change)
    return {k: median(v) for k, v in times.items() if v}


def time_serve(content: Path, out: Path, runs: int, change: int) -> list[float]:
    """What `serve` does after a file changed: build() again in the same process."""
    from opstage_build.build import Project, build

    project = Project.at(ROOT, content)
    build(project, out)
    took = []
    for i in range(runs):
        gen.touch_werkblad(content, change, 100 + i)
        started = time.perf_counter()
        build(project, out)
        took.append(time.perf_counter() - started)
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


def time_mkdocs(mkdocs: Path, folder: Path, runs: int) -> float:
    return median([run([str(mkdocs), "build", "--quiet", "--clean", "-f", "mkdocs.yml", "-d", "site"], cwd=folder)
                   for _ in range(runs)])


def fmt(seconds: float) -> str:
    return f"{seconds:6.3f} s" if seconds == seconds else "     - "


def target_note(size, kind: str, value: float) -> str:
    limit = TARGETS.get(size, {}).get(kind)
    if limit is None:
        return ""
    return f"  (target <= {limit} s: {'ok' if value <= limit else 'MISSED'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="30,1000", help="werkbladen per synthetic site (default: 30,1000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per timing of our build (median)")
    parser.add_argument("--mkdocs-runs", type=int, default=3, help="runs per MkDocs timing (median)")
    parser.add_argument("--no-mkdocs", action="store_true", help="skip the MkDocs comparison")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)

    # the real site, in its own folder so content/ and dist/ are never touched
    real = OUT / "real"
    shutil.rmtree(real, ignore_errors=True)
    shutil.copytree(ROOT / "content", real / "content")
    run(build_cmd(real / "content", real / "dist"))
    print("== Page weight of the real site (bytes, uncompressed; CSS+JS budget 50 KB, nothing from outside)")
    print(weight.table(weight.site_weights(real / "dist")))
    print()

    print(f"== Build speed on {os.cpu_count()} cores, Python {sys.version.split()[0]}; medians of {args.runs} runs "
          f"(MkDocs: {args.mkdocs_runs}); load average {os.getloadavg()[0]:.2f}")
    results = {"real": time_ours(real / "content", real / "dist", args.runs, None)}
    mkdocs = None if args.no_mkdocs else mkdocs_venv()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    for size in sizes:
        folder = OUT / f"site-{size}"
        shutil.rmtree(folder, ignore_errors=True)
        gen.write_content(size, folder / "content")
        gen.write_mkdocs(size, folder / "mkdocs")
        print(f"  timing {size} werkbladen ...", flush=True)
        results[size] = time_ours(folder / "content", folder / "dist", args.runs, change=(size + 1) // 2)
        if mkdocs:
            results[size]["mkdocs"] = time_mkdocs(mkdocs, folder / "mkdocs", args.mkdocs_runs)

    print()
    for size, r in results.items():
        name = "real site (content/)" if size == "real" else f"{size} werkbladen"
        print(f"{name}")
        for kind in ("cold", "cached", "one change", "serve", "mkdocs"):
            if kind in r:
                print(f"  {kind:<11} {fmt(r[kind])}{target_note(size, kind, r[kind])}")
        if "mkdocs" in r:
            for kind in ("cold", "one change"):
                ratio = r["mkdocs"] / r[kind]
                print(f"  MkDocs / ours ({kind}): {ratio:5.1f}x  (target >= 2x: {'ok' if ratio >= 2 else 'MISSED'})")
        print()


if __name__ == "__main__":
    main()
