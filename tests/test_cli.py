"""CLI tests: one small broken site per error case, with the exact message.

Each case copies the mini site, breaks one thing, runs `build` and checks the
`path:line: message` line, exit code 1, and that the old dist/ is untouched.
"""

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from opstage_build.cli import main
from opstage_build.write import MARKER

from testsupport import MINI, ROOT, write_picture


def run(*args):
    return CliRunner().invoke(main, [*args], catch_exceptions=False)


OLD_DIST = ["index.html", MARKER]


@pytest.fixture
def site(mini_copy, monkeypatch):
    """The mini site as content/ in a fresh folder, with an old dist/ (an earlier build) beside it."""
    monkeypatch.chdir(mini_copy.parent)
    old = mini_copy.parent / "dist"
    old.mkdir()
    (old / "index.html").write_text("old build", encoding="utf-8")
    (old / MARKER).write_text(json.dumps({"tool": "opstage-build", "files": ["index.html"]}), encoding="utf-8")
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
    assert sorted(p.name for p in Path("dist").iterdir()) == sorted(OLD_DIST)
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


def test_unknown_beeld(site):
    edit(site / "kaarten/02-vraag.md", "werkbladen: [2]", "beeld: telefoontje\nwerkbladen: [2]")
    build_fails("content/kaarten/02-vraag.md:5: unknown beeld 'telefoontje' (expected one of: vraag, kaart, zoeken, "
                "telefoon, handdruk, contract, eerste-dag, opdrachten, afscheid, standaard, or a file beside the "
                "card such as mijn-tekening.png)")


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
    edit(site / "kaarten/01-begin.md", "[werkblad 1](#werkblad-1)", "[werkblad 1](#werkblad-1) en [werkblad 9](#werkblad-9)")
    build_fails("content/kaarten/01-begin.md:16: broken link '#werkblad-9': 'index.html' has no part "
                "'#werkblad-9' (expected e.g. #kaart-3 or #werkblad-5)")


def test_the_print_view_is_a_page_a_link_may_name(site):
    edit(site / "docent/handleiding.md", "(routekaart.html)", "(index.html?afdrukken) en [x](index.html?alles)")
    build_fails("content/docent/handleiding.md:6: broken link 'index.html?alles': there is no page 'index.html?alles' "
                "(expected one of: index.html, handleiding.html, routekaart.html, stagedocument.html, "
                "nakijken.html, or a web address)")


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
    (site / "site.yaml").unlink()
    build_fails("content/site.yaml:1: file is missing (expected it to exist)")


def test_a_missing_teacher_page_is_left_out_with_its_link(site):
    (site / "docent/stagedocument.md").unlink()
    assert build_here().exit_code == 0
    assert not Path("dist/stagedocument.html").exists()
    index = Path("dist/index.html").read_text(encoding="utf-8")
    assert 'href="stagedocument.html"' not in index
    assert 'href="handleiding.html"' in index and 'href="routekaart.html"' in index


def test_a_link_to_a_missing_teacher_page_is_a_problem(site):
    (site / "docent/routekaart.yaml").unlink()  # handleiding.md links it
    build_fails("content/docent/handleiding.md:6: broken link 'routekaart.html': there is no page 'routekaart.html' "
                "(expected one of: index.html, handleiding.html, stagedocument.html, nakijken.html, or a web address)")


def test_a_card_links_each_of_its_werkbladen(site):
    edit(site / "kaarten/01-begin.md", "Je maakt [werkblad 1](#werkblad-1).", "Je maakt het werkblad.")
    build_fails("content/kaarten/01-begin.md:5: opdrachtkaart 1 lists werkblad 1 but its text does not link it "
                "(expected a link such as [werkblad 1](#werkblad-1) in the card)")


def test_korte_naam_must_fit_a_file_name(site):
    edit(site / "site.yaml", "korte_naam: op-stage", "korte_naam: Op stage!")
    build_fails("content/site.yaml:11: 'korte_naam' 'Op stage!' is not valid: it starts the names of answer files "
                "(expected lowercase letters, digits and '-', e.g. op-stage)")


def test_problems_in_many_files_are_all_reported(site):
    edit(site / "werkbladen/02-kort.yaml", "type: tekst", "type: tekstvlak")
    edit(site / "kaarten/01-begin.md", "[werkblad 1](#werkblad-1)", "[werkblad 1](#werkblad-1) en [werkblad 9](#werkblad-9)")
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
    assert "is not listed by any opdrachtkaart" not in result.output, "one mistake, one problem"


# -- safe output: a build replaces only a folder that holds an earlier build --

OUT_REFUSED = "and a build replaces its output folder ({})"


def build_here(*extra):
    """Build the mini site of the `site` fixture (the repository's templates) into --out dist."""
    return run("build", "--project", str(ROOT), "--content", "content", "--out", "dist", *extra)


def refused(result, *expected):
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1, result.output
    assert lines == [*expected, f"Found {len(expected)} problem{'s' if len(expected) > 1 else ''}; nothing was written."]


def test_a_teachers_file_in_dist_survives(site):
    assert build_here().exit_code == 0
    built = Path("dist/index.html").read_text(encoding="utf-8")
    Path("dist/cijfers.xlsx").write_bytes(b"PK\x03\x04 spreadsheet")
    Path("dist/eigen").mkdir()
    Path("dist/eigen/foto.jpg").write_bytes(b"jpg")
    refused(build_here(),
            "dist/cijfers.xlsx: this was not made by opstage-build, and a build replaces its output folder "
            "(expected only what the last build wrote: move it elsewhere, or choose another --out)",
            "dist/eigen/: this was not made by opstage-build, and a build replaces its output folder "
            "(expected only what the last build wrote: move it elsewhere, or choose another --out)")
    assert Path("dist/cijfers.xlsx").read_bytes() == b"PK\x03\x04 spreadsheet"
    assert Path("dist/eigen/foto.jpg").read_bytes() == b"jpg"
    assert Path("dist/index.html").read_text(encoding="utf-8") == built
    Path("dist/cijfers.xlsx").unlink()
    shutil.rmtree("dist/eigen")
    assert build_here().exit_code == 0


def test_a_folder_without_a_build_is_refused(site):
    Path("mijn-documenten").mkdir()
    Path("mijn-documenten/rekenblad.ods").write_text("cijfers", encoding="utf-8")
    result = run("build", "--project", str(ROOT), "--content", "content", "--out", "mijn-documenten")
    refused(result, "mijn-documenten: the folder is not empty and holds no earlier build of opstage-build, "
                    "and a build replaces its output folder (expected a missing or empty folder, or an earlier "
                    "build; choose another --out)")
    assert sorted(p.name for p in Path("mijn-documenten").iterdir()) == ["rekenblad.ods"]


def test_a_missing_or_empty_folder_is_fine_and_gets_a_marker(site):
    Path("leeg").mkdir()
    for out in ("leeg", "nieuw/site"):
        result = run("build", "--project", str(ROOT), "--content", "content", "--out", out)
        assert result.exit_code == 0, result.output
        marker = json.loads(Path(out, MARKER).read_text(encoding="utf-8"))
        files = sorted(p.relative_to(out).as_posix() for p in Path(out).rglob("*") if p.is_file())
        assert marker["tool"] == "opstage-build"
        assert marker["files"] == files  # the marker lists itself too
        assert "assets/js/enable.js" in files and "index.html" in files


def test_a_dist_from_before_the_marker_is_an_earlier_build(site):
    shutil.rmtree("dist")
    for name in ("dist/assets/css/site.css", "dist/assets/js/oud.js", "dist/assets/favicon.svg", "dist/handleiding.html"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text("old", encoding="utf-8")
    Path("dist/index.html").write_text('<main><script type="application/json" id="opstage-data">{}</script>',
                                       encoding="utf-8")  # as only this tool wrote it
    Path("dist/notities.txt").write_text("van mij", encoding="utf-8")
    Path("dist/assets/fotos").mkdir()
    Path("dist/assets/fotos/excursie.jpg").write_bytes(b"\xff\xd8")
    result = build_here()
    assert result.exit_code == 1
    for mine in ("dist/assets/fotos/", "dist/notities.txt"):
        assert f"{mine}: this was not made by opstage-build, and a build replaces its output folder (expected only " \
               "what the last build wrote: move it elsewhere, or choose another --out)" in result.output
    shutil.rmtree("dist/assets/fotos")
    Path("dist/notities.txt").unlink()
    assert build_here().exit_code == 0
    assert not Path("dist/assets/js/oud.js").exists() and Path(f"dist/{MARKER}").is_file()


def test_a_site_of_the_school_is_never_taken_for_an_earlier_build(site):
    """An index.html beside an assets/ folder of pictures and CSS, not made by this tool."""
    shutil.rmtree("dist")
    mine = {"schoolsite/index.html": "<h1>Onze site</h1>", "schoolsite/assets/eigen.css": "body{}",
            "schoolsite/assets/css/site.css": "body{}", "schoolsite/assets/fotos/klas3b.jpg": "jpeg"}
    for name, text in mine.items():
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(text, encoding="utf-8")
    result = run("build", "--project", str(ROOT), "--content", "content", "--out", "schoolsite")
    assert result.exit_code == 1
    assert "schoolsite: the folder is not empty and holds no earlier build of opstage-build" in result.output
    assert {name: Path(name).read_text(encoding="utf-8") for name in mine} == mine, "nothing touched"


@pytest.fixture
def project(site):
    """The mini site as a whole project in the current folder: content/, templates/, assets/."""
    shutil.copytree(ROOT / "templates", "templates")
    shutil.copytree(ROOT / "assets", "assets")
    return Path(".").resolve()


@pytest.mark.parametrize("out, message", [
    (".", "the output folder is the project folder, and a build replaces its output folder"),
    ("content", "the output folder is the content folder, and a build replaces its output folder"),
    ("templates", "the output folder is the templates folder, and a build replaces its output folder"),
    ("assets", "the output folder is the assets folder, and a build replaces its output folder"),
    ("..", "the output folder holds the project folder, and a build replaces its output folder"),
    ("content/site", "the output folder is inside the content folder"),
])
def test_the_project_and_its_folders_are_never_the_output(project, out, message):
    before = sorted(p.relative_to(project.parent) for p in project.parent.rglob("*"))
    result = run("build", "--project", ".", "--out", out)
    refused(result, f"{out}: {message} (expected a folder of its own for the site, such as dist)")
    assert sorted(p.relative_to(project.parent) for p in project.parent.rglob("*")) == before


def test_serve_refuses_the_same_folders(project):
    result = run("serve", "--project", ".", "--out", "content")
    refused(result, "content: the output folder is the content folder, and a build replaces its output folder "
                    "(expected a folder of its own for the site, such as dist)")


def test_leftovers_of_an_interrupted_build_are_cleaned(site):
    for leftover in (".dist.new-999999999-abc", ".dist.old-999999999", ".dist.new-x1y2"):
        Path(leftover).mkdir()
        Path(leftover, MARKER).write_text(json.dumps({"tool": "opstage-build", "files": []}), encoding="utf-8")
    Path(".dist.new-999999999-abc/index.html").write_text("half", encoding="utf-8")
    Path(".dist.old-123").mkdir()
    Path(".dist.old-123/van-mij.txt").write_text("not a build", encoding="utf-8")  # not ours: stays
    assert build_here().exit_code == 0
    assert sorted(p.name for p in Path(".").iterdir() if p.name.startswith(".dist")) == [".dist.old-123"]


# -- every error is a problem ----------------------------------------------

def test_a_template_type_error_points_at_the_template_line(project):
    edit(Path("templates/stagedocument.html"), "<h1>{{ site.stagedocument.titel }}</h1>",
         "<h1>{{ site.stagedocument.titel + 1 }}</h1>")
    result = run("build", "--project", ".")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "templates/stagedocument.html:6: template error: can only concatenate str (not \"int\") to str "
        "(while rendering stagedocument.html)", "Found 1 problem; nothing was written."]
    result = run("build", "--project", ".", "--debug")
    assert result.exit_code == 1 and "Traceback (most recent call last)" in result.output
    assert 'templates/stagedocument.html", line 6' in result.output


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(site, monkeypatch):
    from opstage_build.content import parse

    def broken(text, path):
        raise RuntimeError("kapot")

    monkeypatch.setattr(parse, "parse_worksheet", broken)
    expected = ("content/werkbladen/{}.yaml:1: unexpected error while reading this file: RuntimeError: kapot "
                "(expected no error; this may be a bug in opstage-build: run again with --debug and report what it shows)")
    build_fails(expected.format("01-alles"), expected.format("02-kort"))
    result = build_here("--debug")
    assert "Traceback (most recent call last)" in result.output and "RuntimeError: kapot" in result.output


@pytest.mark.parametrize("name, old, new, message", [
    ("werkbladen/02-kort.yaml", "titel: Kort werkblad", "[titel, kop]: Kort werkblad",
     "content/werkbladen/02-kort.yaml:2: a key must be a word or a text (found a list before ':'; "
     "expected a line such as 'titel: ...')"),
    ("werkbladen/02-kort.yaml", "nummer: 2", "nummer: een",
     "content/werkbladen/02-kort.yaml:1: 'nummer' in a werkblad must be a whole number (found 'een')"),
    ("kaarten/02-vraag.md", "nummer: 2", "nummer: een",
     "content/kaarten/02-vraag.md:2: 'nummer' in an opdrachtkaart must be a whole number (found 'een')"),
])
def test_one_problem_for_one_mistake(site, name, old, new, message):
    edit(site / name, old, new)
    build_fails(message)


def test_a_file_that_is_not_utf8_points_at_the_first_bad_line(site):
    sheet = site / "werkbladen/02-kort.yaml"
    sheet.write_bytes(sheet.read_text(encoding="utf-8").replace("beste tip", "beste idee voor café").encode("latin-1"))
    build_fails("content/werkbladen/02-kort.yaml:6: file is not UTF-8 text: byte 0xe9 on this line cannot be read "
                "(expected a file saved as UTF-8)")


def test_a_byte_order_mark_is_no_problem(site):
    for name in ("kaarten/02-vraag.md", "werkbladen/02-kort.yaml", "site.yaml"):
        path = site / name
        path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = build_here()
    assert result.exit_code == 0, result.output
    assert "Met een vraag" in Path("dist/index.html").read_text(encoding="utf-8")


def test_a_yml_file_is_read_like_yaml(site):
    (site / "werkbladen/02-kort.yaml").rename(site / "werkbladen/02-kort.yml")
    (site / "site.yaml").rename(site / "site.yml")
    result = build_here()
    assert result.exit_code == 0, result.output
    assert "Kort werkblad" in Path("dist/index.html").read_text(encoding="utf-8")
    edit(site / "site.yml", "kaarten: [1, 2]", "kaarten: [1, 2, 5]")
    assert build_here().output.startswith("content/site.yml:6: opdrachtkaart 5 in 'delen' does not exist")


def test_a_file_that_is_not_content_gets_a_warning(site):
    (site / "werkbladen/03-nieuw.txt").write_text("nummer: 3\n", encoding="utf-8")
    (site / "kaarten/03-kaart.docx").write_bytes(b"PK")
    (site / "kaarten/foto.png").write_bytes(b"png")  # an image no text shows
    (site / "werkbladen/.DS_Store").write_bytes(b"")
    result = build_here()
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        "content/kaarten/03-kaart.docx: warning: file is not used by the site (cards in kaarten/ end in .md)",
        "content/kaarten/foto.png: warning: image is not used by the site (expected ![what it shows](its name) "
        "in a card, werkblad or page)",
        "content/werkbladen/03-nieuw.txt: warning: file is not used by the site "
        "(werkbladen in werkbladen/ end in .yaml or .yml)"]
    assert result.output.splitlines()[3].startswith("Built 5 pages")
    result = run("check", "--project", str(ROOT), "--content", "content")
    assert result.exit_code == 0 and result.output.count(": warning: ") == 3


# -- safe Markdown: HTML the sanitizer would remove is a problem at its line --

LINK = "Je maakt [werkblad 1](#werkblad-1)."
NOT_ALLOWED = "is not allowed in content (expected Markdown, or HTML from the list in docs/content-format.md)"
SAFE = "(expected a web address such as https://..., mailto:, tel:, or a page or part of this site)"


@pytest.mark.parametrize("html, message", [
    ("<script>alert(1)</script>", f"HTML <script> {NOT_ALLOWED}"),
    ('<meta http-equiv="refresh" content="0;url=https://example.com">', f"HTML <meta> {NOT_ALLOWED}"),
    ('<iframe src="https://example.com"></iframe>', f"HTML <iframe> {NOT_ALLOWED}"),
    ('Een foto <img src="foto.png" alt="Een foto" onerror="alert(1)">', "attribute 'onerror' on <img> "
     "is not allowed (expected Markdown, or HTML from the list in docs/content-format.md)"),
    ("## Kop {: onclick=\"alert(1)\" }", "attribute 'onclick' on <h2> is not allowed (expected Markdown, "
     "or HTML from the list in docs/content-format.md)"),
    ("[klik](javascript:alert(1))", f"link 'javascript:alert(1)' is not allowed {SAFE}"),
    ('<a href="data:text/html,hoi">hoi</a>', f"link 'data:text/html,hoi' is not allowed {SAFE}"),
    ("![foto](data:image/png;base64,AAAA)", f"address 'data:image/png;base64,AAAA' is not allowed {SAFE}"),
])
def test_html_that_would_be_removed_is_a_problem(site, html, message):
    if "foto.png" in html:
        write_picture(site / "kaarten/foto.png")
    edit(site / "kaarten/01-begin.md", LINK, f"{LINK}\n\n{html}\n")
    build_fails(f"content/kaarten/01-begin.md:18: {message}")


def test_html_on_the_allowlist_is_kept(site):
    write_picture(site / "kaarten/plan.png")
    edit(site / "kaarten/01-begin.md", LINK, f'{LINK}\n\n<img src="plan.png" alt="Het plan" width="200" height="100">'
                                             f'\n\n<details><summary>Meer</summary><p>Tekst <kbd>Ctrl</kbd></p></details>\n')
    result = build_here()
    assert result.exit_code == 0, result.output
    html = Path("dist/index.html").read_text(encoding="utf-8")
    assert re.search(r'<img src="assets/images/plan\.[0-9a-f]{10}\.png" alt="Het plan" width="200" height="100">', html)
    assert "<kbd>Ctrl</kbd>" in html


def test_html_in_a_yaml_text_points_at_its_line(site):
    edit(site / "werkbladen/02-kort.yaml", "titel: Kort werkblad", "titel: Kort werkblad\nintro: |\n  Lees dit.\n\n"
         "  <script>alert(1)</script>")
    build_fails(f"content/werkbladen/02-kort.yaml:6: HTML <script> {NOT_ALLOWED}")


def test_a_broken_reference_link_is_found(site):
    edit(site / "kaarten/01-begin.md", LINK, f"{LINK} Maak ook [werkblad 99][w].\n\n[w]: #werkblad-99\n")
    build_fails("content/kaarten/01-begin.md:16: broken link '#werkblad-99': 'index.html' has no part "
                "'#werkblad-99' (expected e.g. #kaart-3 or #werkblad-5)")


def test_links_and_html_in_code_are_only_shown(site):
    edit(site / "kaarten/01-begin.md", LINK, f"{LINK}\n\n```\n[werkblad 99](#werkblad-99) <script>x</script>\n```\n\n"
                                             "Schrijf `[kaart 42](#kaart-42)` voor een link.\n")
    result = build_here()
    assert result.exit_code == 0, result.output
    assert "&lt;script&gt;x&lt;/script&gt;" in Path("dist/index.html").read_text(encoding="utf-8")


def test_yaml_words_stay_words_on_the_page(site):
    edit(site / "werkbladen/02-kort.yaml", "label: Wat is je beste tip?", "label: off\n    hulp: no")
    result = build_here()
    assert result.exit_code == 0, result.output
    html = Path("dist/index.html").read_text(encoding="utf-8")
    assert '"label":"off"' in html and ">no</p>" in html and "False" not in html


# -- opstage-build new: a starter lesson package -------------------------------

def test_new_makes_a_starter_package_that_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "les")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("les/content/werkbladen").iterdir()) == [
        "01-over-mij.yaml", "02-mijn-plan.yaml", "03-terugkijken.yaml"]
    assert len(list(Path("les/content/kaarten").iterdir())) == 2
    result = run("build", "--project", "les")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("les/dist").glob("*.html")) == ["handleiding.html", "index.html", "nakijken.html"]
    index = Path("les/dist/index.html").read_text(encoding="utf-8")
    types = set(re.findall(r'class="veld veld--([a-z]+)"', index)) | ({"uitleg"} if "Lees eerst alle vragen" in index else set())
    from opstage_build.content.fieldtypes import FIELD_TYPES
    assert types == set(FIELD_TYPES), "the starter shows every field type"


def test_new_refuses_a_folder_that_is_not_empty(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("les").mkdir()
    Path("les/eigen.txt").write_text("van mij", encoding="utf-8")
    result = run("new", "les")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == ("les: the folder is not empty (expected a new or empty folder for the "
                                             "lesson package; nothing was changed)")
    assert sorted(p.name for p in Path("les").iterdir()) == ["eigen.txt"]
