"""Build tests: build into tmp_path and look at the files written."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from opstage_build import write as write_module
from opstage_build.build import build
from opstage_build.content.fieldtypes import FIELD_TYPES

from testsupport import MINI, ROOT, linked_sources, project_for, real_numbers


class Refs(HTMLParser):
    """Collects href/src values and ids of an HTML page."""

    def __init__(self):
        super().__init__()
        self.refs, self.ids = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("href", "src"):
            if attrs.get(key):
                self.refs.append((tag, attrs[key]))
        if attrs.get("id"):
            self.ids.append(attrs["id"])


def refs_of(path: Path) -> Refs:
    parser = Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_mini_site_pages_and_assets(mini_dist):
    names = sorted(p.name for p in mini_dist.iterdir())
    assert names == [".opstage-build.json", "assets", "handleiding.html", "index.html", "nakijken.html",
                     "routekaart.html", "stagedocument.html"]
    assert linked_sources(mini_dist, "index.html", "js")[:2] == ["js/enable.js", "js/site.js"]
    assert linked_sources(mini_dist, "handleiding.html", "css") == ["css/site.css"]
    assert (mini_dist / "assets/css/site.css").is_file()


def test_every_field_type_is_rendered_with_its_id(mini_dist):
    html = (mini_dist / "index.html").read_text(encoding="utf-8")
    types_used = set(re.findall(r'data-type="([a-z]+)"', html))
    assert types_used == set(FIELD_TYPES) - {"uitleg"}
    assert '<div class="uitleg">' in html
    for name in ["wb1-naam", "wb1-verhaal", "wb1-kleur", "wb1-dagen", "wb1-stellingen.s1", "wb1-plan.0.wanneer",
                 "wb1-start", "wb1-klaar", "wb1-zin", "wb1-foto.bijschrift", "kaart2-vraag"]:
        assert f'name="{name}"' in html


def test_one_document_with_views_in_order(mini_dist):
    ids = refs_of(mini_dist / "index.html").ids
    views = [i for i in ids if re.fullmatch(r"start|kaart-\d+|werkblad-\d+", i)]
    assert views == ["start", "kaart-1", "kaart-2", "werkblad-1", "werkblad-2"]
    assert len(ids) == len(set(ids)), "duplicate ids in index.html"


def test_only_relative_links_and_nothing_loaded_from_outside(mini_dist):
    for page in mini_dist.glob("*.html"):
        for tag, ref in refs_of(page).refs:
            if tag == "a" and ref.startswith(("https://", "http://")):
                continue  # plain links to outside sites are allowed; nothing loads them
            assert not re.match(r"^[a-z]+:|^/", ref), f"{page.name}: {tag} {ref} is not relative"
            file_part = ref.split("#")[0].split("?")[0]
            if file_part:
                assert (mini_dist / file_part).exists(), f"{page.name}: {ref} is missing"
        html = page.read_text(encoding="utf-8")
        assert 'type="module"' not in html
        assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html) == [], "inline script"
        for script in re.findall(r"<script[^>]*\bsrc=[^>]*>", html):
            assert "defer" in script or "enable.js" in script


def test_pages_link_only_what_they_use(mini_dist):
    def scripts(page):
        return [name.removeprefix("js/") for name in linked_sources(mini_dist, page, "js")]

    assert "nakijken.js" not in scripts("index.html") and "zip.js" not in scripts("index.html")
    assert "antwoorden.js" in scripts("index.html") and "feedback.js" in scripts("index.html")
    assert scripts("nakijken.html") == ["enable.js", "site.js", "veldtypes.js", "antwoordbestand.js", "zip.js", "nakijken.js"]
    assert scripts("stagedocument.html") == []


def test_missing_asset_is_a_template_error(tmp_path, mini_copy):
    import shutil
    from opstage_build.build import Project
    from opstage_build.errors import ContentError
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "templates/stagedocument.html").write_text(
        '{% extends "base.html" %}\n{% from "macros/assets.html" import assets_tags with context %}\n'
        '{% block assets %}{{ assets_tags(["site.css"], ["weg.js"]) }}{% endblock %}\n', encoding="utf-8")
    with pytest.raises(ContentError) as err:
        build(Project(mini_copy, tmp_path / "templates", ROOT / "assets"), tmp_path / "dist")
    assert "asset 'js/weg.js' does not exist in assets/" in str(err.value)


def test_card_and_teacher_pages_link_each_other(mini_dist):
    index = (mini_dist / "index.html").read_text(encoding="utf-8")
    guide = (mini_dist / "handleiding.html").read_text(encoding="utf-8")
    assert 'href="handleiding.html#kaart-1"' in index
    assert 'href="index.html#kaart-1"' in guide
    assert 'id="kaart-2"' in guide and "Voorbereiding" in guide and "Werkwijze" in guide


def test_teacher_pages_take_their_words_from_content_and_teksten(tmp_path, mini_copy):
    """No sentence of one package is in a template: the handleiding's intro (with the
    print link) and the routekaart's headings come from content/docent/, words from teksten."""
    guide = mini_copy / "docent/handleiding.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace(
        "titel: Docentenhandleiding", "titel: Docentenhandleiding\nintro: Op papier? [Afdrukken](index.html?afdrukken)."),
        encoding="utf-8")
    with (mini_copy / "docent/routekaart.yaml").open("a", encoding="utf-8") as route:
        route.write("informatie_titel: Hulp en steun\n")
    with (mini_copy / "site.yaml").open("a", encoding="utf-8") as site_yaml:
        site_yaml.write("teksten:\n  nakijken: Controleren\n  voorbereiding: Vooraf\n")
    build(project_for(mini_copy), tmp_path / "dist")
    page = (tmp_path / "dist/handleiding.html").read_text(encoding="utf-8")
    assert '<div class="handleiding__intro"><p>Op papier? <a href="index.html?afdrukken">Afdrukken</a>.</p></div>' in page
    assert "<h3>Vooraf</h3>" in page and "<h3>Voorbereiding</h3>" not in page and ">Controleren</a>" in page
    assert "<h2>Hulp en steun</h2>" in (tmp_path / "dist/routekaart.html").read_text(encoding="utf-8")
    assert "<h1>Controleren</h1>" in (tmp_path / "dist/nakijken.html").read_text(encoding="utf-8")


def test_without_those_texts_the_teacher_pages_show_none_of_op_stage(mini_dist):
    guide = (mini_dist / "handleiding.html").read_text(encoding="utf-8")
    route = (mini_dist / "routekaart.html").read_text(encoding="utf-8")
    assert "handleiding__intro" not in guide and "op papier" not in guide
    assert "<h2>Meer informatie</h2>" in route and "ondersteuning" not in route and "van de stage" not in route
    for name in ("handleiding.html", "routekaart.html", "stagedocument.html"):
        assert "stage" not in (ROOT / "templates" / name).read_text(encoding="utf-8").lower().replace("stagedocument", "")


def test_inline_data_cannot_break_out_of_its_script(tmp_path, mini_copy):
    sheet = mini_copy / "werkbladen/02-kort.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace(
        "label: Wat is je beste tip?", "label: \"</script><script>alert(1)</script> & <b>\""), encoding="utf-8")
    build(project_for(mini_copy), tmp_path / "dist")
    html = (tmp_path / "dist/index.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="opstage-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in data and "\\u003c/script\\u003e" in data
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in html  # the visible label is escaped too


def test_failed_write_leaves_previous_dist(tmp_path, monkeypatch):
    out = tmp_path / "dist"
    build(project_for(MINI / "content"), out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken_swap(new, target):
        raise OSError("disk full")

    monkeypatch.setattr(write_module, "_swap", broken_swap)
    with pytest.raises(OSError):
        build(project_for(MINI / "content"), out)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"], "temporary folder left behind"


def test_real_content_builds(site_dist):
    html = (site_dist / "index.html").read_text(encoding="utf-8")
    kaarten, werkbladen = real_numbers()
    assert re.findall(r'<section id="kaart-(\d+)"', html) == [str(n) for n in kaarten]
    assert re.findall(r'<section id="werkblad-(\d+)"', html) == [str(n) for n in werkbladen]
    for page in ("handleiding.html", "routekaart.html", "stagedocument.html"):
        assert (site_dist / page).is_file()


def test_real_content_uses_every_field_type(site_dist):
    html = (site_dist / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'data-type="([a-z]+)"', html)) == set(FIELD_TYPES) - {"uitleg"}
    assert '<div class="uitleg">' in html


def test_missing_page_template_is_reported(tmp_path, mini_copy):
    from opstage_build.build import Project
    from opstage_build.errors import ContentError
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/nakijken.html").write_text('{% include "geen.html" %}', encoding="utf-8")
    with pytest.raises(ContentError) as err:
        build(Project(mini_copy, tmp_path / "templates", tmp_path / "assets"), tmp_path / "dist")
    assert str(err.value) == "templates/geen.html:1: template is missing (expected it for nakijken.html)"
    assert not (tmp_path / "dist").exists()


def test_a_project_overrides_single_templates_and_assets(tmp_path, mini_copy):
    """A project's own templates/ and assets/ hold only what it changes; the rest is built in."""
    from opstage_build.build import Project
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/nakijken.html").write_text('{% extends "base.html" %}{% block main %}<p>Eigen</p>'
                                                       '{% endblock %}', encoding="utf-8")
    (tmp_path / "assets/css").mkdir(parents=True)
    (tmp_path / "assets/css/site.css").write_text("body { color: red; }\n", encoding="utf-8")
    build(Project(mini_copy, tmp_path / "templates", tmp_path / "assets"), tmp_path / "dist")
    assert "<p>Eigen</p>" in (tmp_path / "dist/nakijken.html").read_text(encoding="utf-8")
    assert "Alle soorten vragen" in (tmp_path / "dist/index.html").read_text(encoding="utf-8")  # built in
    assert (tmp_path / "dist/assets/css/site.css").read_text(encoding="utf-8").startswith("body{color:red")
    joined = next((tmp_path / "dist/assets/css").glob("index.*.css")).read_text(encoding="utf-8")
    assert joined.startswith("body{color:red")  # also inside the start page's one stylesheet
    assert linked_sources(tmp_path / "dist", "index.html", "css", tmp_path / "assets")[0] == "css/site.css"
    assert linked_sources(tmp_path / "dist", "index.html", "js")[1] == "js/site.js"  # built in


def test_a_view_that_uses_more_than_its_arguments_is_an_error(tmp_path, mini_copy):
    """Views are kept by a hash of their arguments (views.py): reading `site` there would go stale."""
    import shutil
    from opstage_build.build import Project
    from opstage_build.errors import ContentError
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    views = tmp_path / "templates/views.html"
    lines = views.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "werkblad.titel }}</h2>" in line)
    lines.insert(at + 1, "<p>{{ site.titel }}</p>")
    views.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        build(Project(mini_copy, tmp_path / "templates", ROOT / "assets"), tmp_path / "dist")
    assert str(err.value) == f"templates/views.html:{at + 2}: template error: 'site' is undefined (while rendering index.html)"


def test_an_error_in_a_macro_names_the_macro_file(tmp_path, mini_copy):
    import shutil
    from opstage_build.build import Project
    from opstage_build.errors import ContentError
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    fields = tmp_path / "templates/macros/fields.html"
    lines = fields.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("{% macro field(f) %}"))
    lines.insert(at + 1, "{{ f.no_such_key.deeper }}")
    fields.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        build(Project(mini_copy, tmp_path / "templates", ROOT / "assets"), tmp_path / "dist")
    assert str(err.value).startswith(f"templates/macros/fields.html:{at + 2}: template error: ")


def test_an_asset_is_minified_again_once_it_changes(tmp_path):
    """write.minified keeps a file's minified bytes while serve runs, until the file changes."""
    import os

    from opstage_build.write import minified

    script = tmp_path / "a.js"
    script.write_text("var a = 1; // one\n", encoding="utf-8")
    assert minified(str(script)) == b"var a=1;"
    script.write_text("var b = 22; // two\n", encoding="utf-8")
    os.utime(script, ns=(1, 1))  # even with an old time stamp: the size differs
    assert minified(str(script)) == b"var b=22;"
    (tmp_path / "logo.svg").write_bytes(b"<svg/>  ")
    assert minified(str(tmp_path / "logo.svg")) == b"<svg/>  ", "other files as they are"


def test_a_byte_order_mark_of_an_own_stylesheet_does_not_end_up_inside_the_joined_file(tmp_path, mini_copy):
    """Notepad saves UTF-8 with a BOM; in the middle of a joined file it would spoil the rule after it."""
    from opstage_build.build import Project
    own = (ROOT / "assets/css/digibord.css").read_text(encoding="utf-8")
    (tmp_path / "assets/css").mkdir(parents=True)
    (tmp_path / "assets/css/digibord.css").write_text("\ufeff.eigen { outline: 5px solid red; }\n" + own, encoding="utf-8")
    build(Project(mini_copy, ROOT / "templates", tmp_path / "assets"), tmp_path / "dist")
    joined = next((tmp_path / "dist/assets/css").glob("index.*.css")).read_bytes()
    assert b"\xef\xbb\xbf" not in joined
    assert b"\n.eigen{outline:5px solid red}" in joined
