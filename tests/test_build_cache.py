"""The build cache (opstage_build/content/cache.py) changes speed, never output:
a cached build writes exactly what an uncached one writes, re-parses only the
files that changed, reports the same problems, and survives a damaged cache."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from opstage_build.build import build
from opstage_build.content.cache import ParseCache
from opstage_build.content.loader import load_site
from opstage_build.errors import ContentError

from testsupport import MINI, ROOT, project_for, real_numbers


def cache_file(project):
    from opstage_build.store import store_file
    return store_file(project.cache, project.content, "parse")


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI / "content", content)
    return replace(project_for(content), cache=tmp_path / "cache")


def test_cached_build_writes_the_same_as_uncached(project, tmp_path):
    build(replace(project, cache=None), tmp_path / "plain")
    build(project, tmp_path / "cold")
    build(project, tmp_path / "warm")
    assert tree(tmp_path / "plain") == tree(tmp_path / "cold") == tree(tmp_path / "warm")
    assert cache_file(project).is_file()
    assert list((project.cache / "jinja").iterdir()), "compiled templates are kept"


def test_real_site_cached_equals_uncached(tmp_path):
    project = replace(project_for(ROOT / "content"), cache=tmp_path / "cache")
    build(replace(project, cache=None), tmp_path / "plain")
    build(project, tmp_path / "cold")
    build(project, tmp_path / "warm")
    assert tree(tmp_path / "plain") == tree(tmp_path / "cold") == tree(tmp_path / "warm")


def load(project) -> ParseCache:
    cache = ParseCache(cache_file(project))
    load_site(project.content, cache.parse_all)
    cache.save()
    return cache


def test_only_the_changed_file_is_parsed_again(project):
    first = load(project)
    assert first.hits == 0 and first.misses > 3
    again = load(project)
    assert (again.hits, again.misses) == (first.misses, 0)
    sheet = sorted((project.content / "werkbladen").glob("*.yaml"))[0]
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("titel: ", "titel: Nieuw ", 1), encoding="utf-8")
    changed = load(project)
    assert changed.misses == 1
    assert "Nieuw " in load_site(project.content, ParseCache().parse_all).werkbladen[0].titel


def test_same_problems_with_a_warm_cache(project, tmp_path):
    card = sorted((project.content / "kaarten").glob("*.md"))[0]
    card.write_text(card.read_text(encoding="utf-8").replace("werkbladen: [1]", "werkbladen: [99]"), encoding="utf-8")
    messages = []
    for _ in range(2):
        with pytest.raises(ContentError) as err:
            build(project, tmp_path / "dist")
        messages.append([str(p) for p in err.value.problems])
    assert messages[0] == messages[1] and "werkblad 99 does not exist" in messages[0][0]


def test_repeated_builds_in_one_process_like_serve(project, tmp_path):
    """The loader links werkbladen to cards on the objects it gets; cached ones must be fresh each time."""
    for _ in range(3):
        build(project, tmp_path / "dist")


def test_damaged_cache_is_ignored(project, tmp_path):
    build(project, tmp_path / "a")
    cache_file(project).write_bytes(b"not a pickle")
    build(project, tmp_path / "b")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_other_code_means_other_keys(project, monkeypatch):
    load(project)
    monkeypatch.setattr("opstage_build.content.cache.code_version", lambda: b"other parser code")
    assert load(project).hits == 0


def test_parsing_on_two_cores_gives_the_same_site(project, tmp_path, monkeypatch):
    """A first build parses half of the files in a forked child."""
    import opstage_build.content.cache as cache_module

    monkeypatch.setattr(cache_module, "PARALLEL_MIN", 1)
    monkeypatch.setattr(cache_module, "can_fork", lambda: True)
    forked = []
    real = cache_module._parse_with_child

    def recorded(todo, share):
        forked.append((len(todo), share))
        return real(todo, share)

    monkeypatch.setattr(cache_module, "_parse_with_child", recorded)
    build(replace(project, cache=None), tmp_path / "plain")
    build(project, tmp_path / "parallel")
    files, share = forked[0]
    assert files >= 4 and share == files // 2
    assert tree(tmp_path / "plain") == tree(tmp_path / "parallel")
    assert load(project).misses == 0, "what the child parsed is in the cache"


def test_a_failing_child_changes_nothing(project, tmp_path, monkeypatch):
    import os

    import opstage_build.content.cache as cache_module

    monkeypatch.setattr(cache_module, "PARALLEL_MIN", 1)
    monkeypatch.setattr(cache_module, "can_fork", lambda: True)
    parent = os.getpid()
    real = cache_module._parse_one

    def broken_in_child(*job):
        if os.getpid() != parent:
            raise RuntimeError("child fails")
        return real(*job)

    monkeypatch.setattr(cache_module, "_parse_one", broken_in_child)
    build(replace(project, cache=None), tmp_path / "plain")
    build(project, tmp_path / "fallback")
    assert tree(tmp_path / "plain") == tree(tmp_path / "fallback")


def test_a_first_build_compiles_the_templates_in_a_child_meanwhile(project, tmp_path, monkeypatch):
    import opstage_build.content.cache as cache_module

    monkeypatch.setattr(cache_module, "can_fork", lambda: True)
    forked = []
    real = cache_module._compile_in_child
    monkeypatch.setattr(cache_module, "_compile_in_child", lambda *args: forked.append(args) or real(*args))
    build(project, tmp_path / "first")
    assert len(forked) == 1
    templates = list((ROOT / "templates").rglob("*.html"))
    assert len(list((project.cache / "jinja").iterdir())) == len(templates), "the child compiled every template"
    build(project, tmp_path / "second")
    assert len(forked) == 1, "compiled templates on disk: no child"
    build(replace(project, cache=None), tmp_path / "plain")
    assert tree(tmp_path / "plain") == tree(tmp_path / "first")


def test_a_template_mistake_is_reported_when_the_child_compiled_the_rest(project, tmp_path, monkeypatch):
    import opstage_build.content.cache as cache_module

    monkeypatch.setattr(cache_module, "can_fork", lambda: True)
    own = tmp_path / "templates"
    own.mkdir()
    (own / "nakijken.html").write_text('{% extends "base.html" %}\n{% block main %}{{ oops( }}{% endblock %}\n',
                                        encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build(replace(project, templates=own), tmp_path / "dist")
    assert [f"{p.path}:{p.line}" for p in caught.value.problems] == ["templates/nakijken.html:2"]


# --- views: the card and werkblad views of index.html, kept by views.py ---

@pytest.fixture
def real_project(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return replace(project_for(content), cache=tmp_path / "cache")


def views_rendered(project) -> int:
    """How many views a build renders (the rest come from the cache)."""
    from opstage_build.render import make_environment
    from opstage_build.store import Store, store_file
    from opstage_build.views import render_views

    site = load_site(project.content)
    store = Store(store_file(project.cache, project.content, "views"))
    render_views(make_environment(project.template_dirs()), site, store)
    rendered = store.added
    store.save()
    return rendered


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_question_renders_its_own_view_only(real_project):
    assert views_rendered(real_project) == sum(map(len, real_numbers()))
    assert views_rendered(real_project) == 0
    edit(real_project.content / "werkbladen/05-stappenplan.yaml", "label: Mijn plan", "label: Mijn eigen plan")
    assert views_rendered(real_project) == 1


def test_a_changed_title_renders_every_view_that_shows_it(real_project):
    views_rendered(real_project)
    edit(real_project.content / "werkbladen/05-stappenplan.yaml", "titel: Mijn stappenplan", "titel: Mijn plan")
    # werkblad 5 itself, werkblad 4 and 6 (their next/previous link) and card 3 (its list of werkbladen)
    assert views_rendered(real_project) == 4


def test_a_changed_picture_renders_its_card_and_werkbladen(real_project):
    views_rendered(real_project)
    edit(real_project.content / "kaarten/03-stageplek-zoeken.md", "beeld: zoeken", "beeld: kaart")
    assert views_rendered(real_project) == 3  # card 3 and werkblad 4 and 5, which show its picture


def test_changed_texts_or_templates_render_every_view(real_project, tmp_path):
    views_rendered(real_project)
    with (real_project.content / "site.yaml").open("a", encoding="utf-8") as site_yaml:
        site_yaml.write("teksten:\n  terug_naar_kaart: Terug naar kaart\n")
    assert views_rendered(real_project) == 26
    templates = tmp_path / "templates"
    shutil.copytree(real_project.templates, templates)
    real_project = replace(real_project, templates=templates)
    views_rendered(real_project)
    edit(templates / "macros/fields.html", "{% macro field(f) %}", "{% macro field(f) %}{# changed #}")
    assert views_rendered(real_project) == 26


def test_a_warm_cache_after_changes_writes_what_an_empty_one_does(real_project, tmp_path):
    build(real_project, tmp_path / "first")
    edit(real_project.content / "werkbladen/05-stappenplan.yaml", "titel: Mijn stappenplan", "titel: Mijn plan")
    edit(real_project.content / "werkbladen/09-bellen-voor-de-klas.yaml", "label:", "label: Nu")
    build(real_project, tmp_path / "warm")
    build(replace(real_project, cache=None), tmp_path / "plain")
    assert tree(tmp_path / "warm") == tree(tmp_path / "plain")
    assert "Mijn plan" in (tmp_path / "warm/index.html").read_text(encoding="utf-8")


def test_cache_files_of_folders_not_built_for_two_weeks_are_removed(project, tmp_path):
    import os
    import time

    project.cache.mkdir(parents=True)
    old, recent = project.cache / "parse-0000000000000000.pickle", project.cache / "views-1111111111111111.pickle"
    for path in (old, recent):
        path.write_bytes(b"")
    month_ago = time.time() - 30 * 86400
    os.utime(old, (month_ago, month_ago))
    build(project, tmp_path / "dist")
    assert not old.exists() and recent.exists()
