"""CLI tests: one small broken site per error case, with the exact message.

Each case copies the mini site, breaks one thing, runs `build` and checks the
`path:line: message` line, exit code 1, and that the old dist/ is untouched.
"""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from opstage_build.cli import main

from testsupport import MINI, ROOT


def run(*args):
    return CliRunner().invoke(main, [*args], catch_exceptions=False)


@pytest.fixture
def site(mini_copy, monkeypatch):
    """The mini site as content/ in a fresh folder, with an old dist/ beside it."""
    monkeypatch.chdir(mini_copy.parent)
    old = mini_copy.parent / "dist"
    old.mkdir()
    (old / "index.html").write_text("old build", encoding="utf-8")
    return mini_copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build_fails(*expected: str) -> None:
    result = run("build", "--project", str(ROOT), "--content", "content", "--out", "dist")
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1, result.output
    assert lines[:-1] == list(expected)
    assert lines[-1].startswith(f"Found {len(expected)} problem")
    assert "Traceback" not in result.output
    assert Path("dist/index.html").read_text(encoding="utf-8") == "old build"
    assert sorted(p.name for p in Path("dist").iterdir()) == ["index.html"]
    assert not [p for p in Path(".").iterdir() if p.name.startswith(".dist")], "temporary folder left behind"


def test_valid_site_builds_and_replaces_dist(site):
    result = run("build", "--project", str(ROOT), "--content", "content", "--out", "dist")
    assert result.exit_code == 0, result.output
    assert "Built 5 pages" in result.output
    assert "Werkblad 1" in Path("dist/index.html").read_text(encoding="utf-8")
    assert Path("dist/assets/css/site.css").is_file()


def test_malformed_yaml(site):
    edit(site / "werkbladen/02-kort.yaml", "titel: Kort werkblad", "titel: [Kort werkblad")
    build_fails("content/werkbladen/02-kort.yaml:2: malformed YAML: while parsing a flow sequence, "
                "did not find expected ',' or ']' (expected valid YAML; check indentation and quotes)")


def test_bad_indentation_points_at_the_bad_line(site):
    edit(site / "werkbladen/02-kort.yaml", "    label: Wat is je beste tip?", "   label: Wat is je beste tip?")
    build_fails("content/werkbladen/02-kort.yaml:6: malformed YAML: while parsing a block collection, "
                "did not find expected '-' indicator (expected valid YAML; check indentation and quotes)")


def test_malformed_front_matter(site):
    edit(site / "kaarten/02-vraag.md", "titel: Met een vraag", "titel: 'Met een vraag")
    build_fails("content/kaarten/02-vraag.md:3: malformed YAML: while scanning a quoted scalar, "
                "found unexpected end of stream (expected valid YAML; check indentation and quotes)")


def test_missing_front_matter(site):
    path = site / "kaarten/02-vraag.md"
    path.write_text("# Alleen tekst\n", encoding="utf-8")
    build_fails(
        "content/kaarten/02-vraag.md:1: no front matter found (expected the file to start with a line '---', "
        "then YAML such as 'titel: ...', then a line '---')")


def test_unknown_key(site):
    edit(site / "werkbladen/02-kort.yaml", "titel: Kort werkblad", "titel: Kort werkblad\nkleur: rood")
    build_fails("content/werkbladen/02-kort.yaml:3: unknown key 'kleur' in a werkblad "
                "(expected one of: nummer, titel, intro, velden)")


def test_unknown_field_type(site):
    edit(site / "werkbladen/02-kort.yaml", "type: tekst", "type: tekstvlak")
    build_fails("content/werkbladen/02-kort.yaml:5: unknown field type 'tekstvlak' (expected one of: tekst, "
                "lang, keuze, meerkeuze, stellingen, tabel, datum, checklist, schaal, foto, uitleg)")


def test_duplicate_id(site):
    edit(site / "werkbladen/02-kort.yaml", "id: wb2-tip", "id: wb1-naam")
    build_fails("content/werkbladen/02-kort.yaml:4: duplicate id 'wb1-naam' (also used at "
                "content/werkbladen/01-alles.yaml:8; expected every id once in the whole site)")


def test_card_points_at_missing_werkblad(site):
    edit(site / "kaarten/02-vraag.md", "werkbladen: [2]", "werkbladen: [2, 7]")
    build_fails("content/kaarten/02-vraag.md:5: werkblad 7 does not exist (expected one of: 1, 2)")


def test_werkblad_no_card_links(site):
    edit(site / "kaarten/02-vraag.md", "werkbladen: [2]", "werkbladen: []")
    build_fails("content/werkbladen/02-kort.yaml:1: werkblad 2 is not listed by any opdrachtkaart "
                "(expected its number under 'werkbladen:' of a card)")


def test_broken_internal_link(site):
    edit(site / "kaarten/01-begin.md", "[werkblad 1](#werkblad-1)", "[werkblad 9](#werkblad-9)")
    build_fails("content/kaarten/01-begin.md:16: broken link '#werkblad-9': 'index.html' has no part "
                "'#werkblad-9' (expected e.g. #kaart-3 or #werkblad-5)")


def test_link_to_missing_page(site):
    edit(site / "docent/handleiding.md", "(routekaart.html)", "(route.html)")
    build_fails("content/docent/handleiding.md:6: broken link 'route.html': there is no page 'route.html' "
                "(expected one of: index.html, handleiding.html, routekaart.html, stagedocument.html, "
                "nakijken.html, or a web address)")


def test_missing_required_key(site):
    edit(site / "werkbladen/02-kort.yaml", "titel: Kort werkblad\n", "")
    build_fails("content/werkbladen/02-kort.yaml:1: missing required key 'titel' in a werkblad "
                "(expected a line 'titel: ...')")


def test_missing_file(site):
    (site / "docent/stagedocument.md").unlink()
    build_fails("content/docent/stagedocument.md:1: file is missing (expected it to exist)")


def test_problems_in_many_files_are_all_reported(site):
    edit(site / "werkbladen/02-kort.yaml", "type: tekst", "type: tekstvlak")
    edit(site / "kaarten/01-begin.md", "[werkblad 1](#werkblad-1)", "[werkblad 9](#werkblad-9)")
    build_fails(
        "content/kaarten/01-begin.md:16: broken link '#werkblad-9': 'index.html' has no part "
        "'#werkblad-9' (expected e.g. #kaart-3 or #werkblad-5)",
        "content/werkbladen/02-kort.yaml:5: unknown field type 'tekstvlak' (expected one of: tekst, "
        "lang, keuze, meerkeuze, stellingen, tabel, datum, checklist, schaal, foto, uitleg)",
    )


def test_template_error_points_at_template(site, tmp_path):
    templates = tmp_path / "project" / "templates"
    import shutil
    shutil.copytree(ROOT / "templates", templates)
    shutil.copytree(ROOT / "assets", tmp_path / "project" / "assets")
    edit(templates / "stagedocument.html", "{{ site.stagedocument.titel }}</h1>", "{{ site.stagedocument.titel }</h1>")
    result = run("build", "--project", str(tmp_path / "project"), "--content", "content", "--out", "dist")
    assert result.exit_code == 1
    assert result.output.startswith("templates/stagedocument.html:6: template error: unexpected '}'")
    assert Path("dist/index.html").read_text(encoding="utf-8") == "old build"


def test_check_writes_nothing(site):
    result = run("check", "--project", str(ROOT), "--content", "content")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("No problems: 2 opdrachtkaarten, 2 werkbladen")
    assert Path("dist/index.html").read_text(encoding="utf-8") == "old build"


def test_check_reports_problems(site):
    edit(site / "werkbladen/02-kort.yaml", "type: tekst", "type: tekstvlak")
    result = run("check", "--project", str(ROOT), "--content", "content")
    assert result.exit_code == 1
    assert result.output.startswith("content/werkbladen/02-kort.yaml:5: unknown field type 'tekstvlak'")


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["serve"]])
def test_help(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_python_dash_m_works():
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "opstage_build", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    assert "build" in result.stdout and "serve" in result.stdout


def test_the_command_line_keeps_exit_codes_and_output(tmp_path):
    """`python -m opstage_build` ends the process without tearing it down (cli.run): nothing may get lost."""
    import subprocess
    import sys
    content = tmp_path / "content"
    shutil.copytree(MINI / "content", content)
    command = [sys.executable, "-m", "opstage_build", "build", "--project", str(ROOT), "--content", str(content), "--out", str(tmp_path / "dist")]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert (done.returncode, done.stderr) == (0, "") and done.stdout.startswith("Built 5 pages")
    assert (tmp_path / "dist/index.html").is_file()
    (content / "site.yaml").write_text("titel: [\n", encoding="utf-8")
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1
    assert done.stderr.endswith("; nothing was written.\n") and "site.yaml:" in done.stderr
    done = subprocess.run([*command[:3], "bouw"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and "No such command 'bouw'" in done.stderr


def test_a_number_used_twice_points_at_its_line(site):
    edit(site / "kaarten/02-vraag.md", "nummer: 2", "nummer: 1")
    edit(site / "werkbladen/02-kort.yaml", "nummer: 2\ntitel: Kort werkblad", "titel: Kort werkblad\nnummer: 1")
    result = run("build", "--project", str(ROOT), "--content", "content", "--out", "dist")
    assert result.exit_code == 1
    assert "content/kaarten/02-vraag.md:2: opdrachtkaart number 1 is also used by content/kaarten/01-begin.md (expected each number once)" in result.output
    assert "content/werkbladen/02-kort.yaml:2: werkblad number 1 is also used by content/werkbladen/01-alles.yaml (expected each number once)" in result.output
