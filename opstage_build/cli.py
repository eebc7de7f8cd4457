"""Command line: `opstage-build build|check|serve|new`. Thin: the work is in build.py."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from opstage_build.build import Project, build, check, new_project
from opstage_build.errors import ContentError, unexpected
from opstage_build.write import check_output

project_option = click.option(
    "--project", "project_dir", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="Folder that holds content/, templates/ and assets/.")
content_option = click.option(
    "--content", "content_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Content folder. [default: PROJECT/content]")
out_option = click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Output folder. [default: PROJECT/dist]")


debug_option = click.option(
    "--debug", is_flag=True, help="Also show the Python traceback of an unexpected error (for developers).")


def show(problems, debug: bool) -> None:
    """Print problems (or warnings) one a line; with --debug, each traceback under its problem."""
    for problem in problems:
        click.echo(str(problem), err=True)
        if debug and problem.trace:
            click.echo(problem.trace, err=True)


def report(err: ContentError, debug: bool = False) -> None:
    show(err.warnings, debug)
    show(err.problems, debug)
    count = len(err.problems)
    click.echo(f"Found {count} problem{'s' if count != 1 else ''}; nothing was written.", err=True)


def attempt(work, where: Path, debug: bool):
    """Run `work()`; any error ends the command as reported problems with exit code 1.

    An error nobody foresaw (a bug, a disk that is full) is reported at
    `where`, one line like any other; --debug adds its traceback.
    """
    try:
        return work()
    except ContentError as err:
        report(err, debug)
    except Exception as err:
        report(ContentError([unexpected(err, Path(where).as_posix())]), debug)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="opstage_build")
def main():
    """Build a lesson website (such as Op stage) from content/ into a static site."""


@main.command("build")
@project_option
@content_option
@out_option
@debug_option
def build_command(project_dir: Path, content_dir: Path | None, out_dir: Path | None, debug: bool):
    """Validate content/ and write the site to dist/ (all or nothing).

    The output folder must be missing, empty, or an earlier build: a build
    never deletes a file it did not make.
    """
    project = Project.at(project_dir, content_dir)
    out_dir = out_dir or project_dir / "dist"
    started = time.perf_counter()
    site, pages = attempt(lambda: build(project, out_dir), out_dir, debug)
    show(site.warnings, debug)
    click.echo(f"Built {len(pages)} pages into {out_dir} in {time.perf_counter() - started:.2f} s.")


@main.command("check")
@project_option
@content_option
@debug_option
def check_command(project_dir: Path, content_dir: Path | None, debug: bool):
    """Validate content/ and templates; write nothing."""
    project = Project.at(project_dir, content_dir)
    site, pages = attempt(lambda: check(project), project.content, debug)
    show(site.warnings, debug)
    click.echo(f"No problems: {len(site.kaarten)} opdrachtkaarten, {len(site.werkbladen)} werkbladen, {len(pages)} pages.")


@main.command("serve")
@project_option
@content_option
@out_option
@click.option("--port", default=8000, show_default=True, help="Port on localhost.")
@click.option("--open/--no-open", "open_browser", default=False, help="Open the start page in a browser.")
@debug_option
def serve_command(project_dir: Path, content_dir: Path | None, out_dir: Path | None, port: int, open_browser: bool,
                  debug: bool):
    """Serve dist/ on localhost, rebuild on every change and reload the browser."""
    from opstage_build.serve import serve

    project = Project.at(project_dir, content_dir)
    out_dir = out_dir or project_dir / "dist"
    attempt(lambda: check_output(out_dir, project.folders()), out_dir, debug)  # the same rule as build
    serve(project, out_dir, port, open_browser, debug)


@main.command("new")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@debug_option
def new_command(folder: Path, debug: bool):
    """Make a small starter lesson package in FOLDER (missing or empty)."""
    attempt(lambda: new_project(folder), folder, debug)
    click.echo(f"Made a starter lesson package in {folder}: 2 opdrachtkaarten, 3 werkbladen.")
    click.echo(f"Build it with: opstage-build build --project {folder}")


def run() -> None:
    """`opstage-build` and `python -m opstage_build`: run the command, then leave at once.

    When a command ends, everything it wrote is closed. Tearing the interpreter
    down after that (freeing every object, unloading every module) added a
    tenth to a small build, so the process ends without it, as mypy does.
    Errors other than a command's own exit still end the normal way.
    """
    try:
        main()
        code = 0
    except SystemExit as end:
        code = end.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
