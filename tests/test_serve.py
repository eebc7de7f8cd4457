"""The dev server: serves dist/, rebuilds on change, tells the page to reload,
and shows content problems without stopping."""

import hashlib
import re
import threading
import time
import urllib.request

import pytest

from opstage_build.serve import BuildState, make_server, rebuild, watch

from testsupport import project_for


@pytest.fixture
def server(mini_copy, tmp_path):
    project = project_for(mini_copy)
    out = tmp_path / "dist"
    state = BuildState()
    rebuild(project, out, state)
    httpd = make_server(out, state, 0)
    stop = threading.Event()
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    threading.Thread(target=watch, args=(project, out, state, stop), daemon=True).start()
    time.sleep(0.3)  # let the watcher start
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", state, mini_copy
    stop.set()
    httpd.shutdown()
    httpd.server_close()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition, seconds=5.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_serves_pages_with_reload_script(server):
    url, state, _ = server
    page = get(url)
    assert "Mini stage" in page
    assert re.search(r'<script src="/__opstage/reload.js\?v=\w+" defer></script></head>', page)
    assert "connect-src 'self'" in page
    assert "EventSource" in get(url + "__opstage/reload.js")
    assert get(url + "assets/css/site.css").startswith(":root{")


def test_asset_links_carry_a_version_so_a_reload_fetches_only_the_page(server):
    url, state, _ = server
    page = get(url)
    link = re.search(r'href="((assets/css/index\.\w+\.css)\?v=(\w+))"', page)  # the joined stylesheet (bundles.py)
    assert link, "the stylesheet link has a version"
    assert not re.search(r'(?:href|src)="assets/[^"?]+"', page), "every asset link has one"
    with urllib.request.urlopen(url + link[1], timeout=5) as response:
        assert "immutable" in response.headers["Cache-Control"]
        css = response.read()
    assert link[3] == hashlib.blake2b(css, digest_size=6).hexdigest(), "the version is the file's content"
    with urllib.request.urlopen(url + link[2], timeout=5) as response:
        assert response.headers["Cache-Control"] is None, "without a version: the usual checks"
    script = re.search(r'src="/(__opstage/reload.js\?v=\w+)"', page)[1]
    with urllib.request.urlopen(url + script, timeout=5) as response:
        assert response.headers.get_all("Cache-Control") == ["max-age=86400, immutable"]


def test_rebuilds_on_change_and_signals_reload(server):
    url, state, content = server
    generation = state.generation
    events = urllib.request.urlopen(url + "__opstage/events", timeout=10)
    sheet = content / "werkbladen/02-kort.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Kort werkblad", "Nieuwe titel"), encoding="utf-8")
    assert wait_for(lambda: state.generation > generation), "no rebuild after a change"
    assert events.readline() == b"event: reload\n"
    events.close()
    assert "Nieuwe titel" in get(url)


def test_content_error_shows_on_page_and_server_keeps_running(server):
    url, state, content = server
    sheet = content / "werkbladen/02-kort.yaml"
    good = sheet.read_text(encoding="utf-8")
    sheet.write_text(good.replace("type: tekst", "type: tekstvlak"), encoding="utf-8")
    assert wait_for(lambda: state.problems), "the problem was not reported"
    page = get(url)
    assert 'id="opstage-fouten"' in page
    assert "02-kort.yaml:5: unknown field type &#x27;tekstvlak&#x27;" in page
    assert "Kort werkblad" in page  # the last good build is still served
    sheet.write_text(good, encoding="utf-8")
    assert wait_for(lambda: not state.problems), "fixing the file did not clear the problem"
    assert 'id="opstage-fouten"' not in get(url)


def test_any_error_in_a_rebuild_is_shown_and_not_raised(mini_copy, tmp_path, monkeypatch):
    from opstage_build import serve

    def broken(project, out_dir):
        raise RuntimeError("kapot")

    monkeypatch.setattr(serve, "build", broken)
    state = BuildState()
    rebuild(project_for(mini_copy), tmp_path / "dist", state)
    assert len(state.problems) == 1
    assert state.problems[0].startswith(f"{(tmp_path / 'dist').as_posix()}: unexpected error: RuntimeError: kapot")


def test_a_template_error_is_shown_in_the_browser(mini_copy, tmp_path):
    import shutil
    from opstage_build.build import Project
    from testsupport import ROOT
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    page = tmp_path / "templates/stagedocument.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<h1>{{ site.stagedocument.titel }}</h1>",
                                                             "<h1>{{ site.stagedocument.titel + 1 }}</h1>"), encoding="utf-8")
    out, state = tmp_path / "dist", BuildState()
    rebuild(Project(mini_copy, tmp_path / "templates", ROOT / "assets"), out, state)
    assert state.problems == ['templates/stagedocument.html:6: template error: can only concatenate str (not "int") '
                              'to str (while rendering stagedocument.html)']
    out.mkdir()
    httpd = make_server(out, state, 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page = get(f"http://127.0.0.1:{httpd.server_address[1]}/")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert 'id="opstage-fouten"' in page and "stagedocument.html:6: template error" in page


def test_the_watcher_survives_a_failing_watch(mini_copy, tmp_path, monkeypatch):
    import watchfiles

    calls = []

    def flaky(*folders, stop_event, **options):
        calls.append(folders)
        if len(calls) == 1:
            raise OSError("folder is gone")
        stop_event.set()
        return iter(())

    monkeypatch.setattr(watchfiles, "watch", flaky)
    state, stop = BuildState(), threading.Event()
    monkeypatch.setattr(stop, "wait", lambda seconds: None)
    watch(project_for(mini_copy), tmp_path / "dist", state, stop)
    assert len(calls) == 2
    assert "unexpected error while watching for changes: OSError: folder is gone" in state.problems[0]
