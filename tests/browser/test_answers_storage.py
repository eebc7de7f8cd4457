"""What real computers do to stored answers: storage that fills up and frees
again, two tabs of the site at once, hostile ids, a huge answer, a link an
e-mail program broke. No answer may be lost in any of them."""

from __future__ import annotations

import json

from test_answers_support import PHOTO, download_all, file_input, show, wait_until

PREFIX = "opstage:mini-stage:"
# localStorage that is full while window.__vol is set: a value longer than 200 characters does not fit
FULL = """
  const real = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) {
    if (window.__vol && String(v).length > 200) throw new DOMException('vol', 'QuotaExceededError');
    return real.call(this, k, v);
  };"""
STORED = "Je antwoorden worden bewaard op deze computer."


def status(page, view="werkblad-1") -> str:
    return page.text_content(f"#{view} .antwoorden-status")


def test_full_storage_keeps_the_answer_until_there_is_room(open_page, mini_dist, tmp_path):
    page, watched = open_page("about:blank")
    page.add_init_script(FULL)
    page.goto(mini_dist.joinpath("index.html").as_uri() + "#werkblad-1")
    page.evaluate("window.__vol = true")
    long = "Op mijn stage heb ik veel geleerd. " * 20
    page.fill("[name='wb1-verhaal']", long)
    assert "Niet al je antwoorden zijn bewaard" in status(page)
    page.fill("[name='wb1-naam']", "Kort")  # this one fits: the warning must stay
    assert "Niet al je antwoorden zijn bewaard" in status(page)
    assert json.loads(page.evaluate("(k) => localStorage.getItem(k)", PREFIX + "a:wb1-naam"))["waarde"] == "Kort"
    data = download_all(page, tmp_path)["antwoorden"]
    assert data["wb1-verhaal"]["waarde"] == long  # in every download meanwhile
    page.evaluate("window.__vol = false")  # room again: stored within a few seconds
    wait_until(page, "(s) => document.querySelector('#werkblad-1 .antwoorden-status').textContent === s", STORED, timeout=6)
    page.reload()
    show(page, "werkblad-1")
    assert page.input_value("[name='wb1-verhaal']") == long
    assert watched.page_errors == []


def test_closing_the_page_with_unstored_answers_warns(open_page, mini_dist):
    page, _ = open_page("about:blank")
    page.add_init_script(FULL)
    page.goto(mini_dist.joinpath("index.html").as_uri() + "#werkblad-1")
    page.evaluate("window.__vol = true")
    page.fill("[name='wb1-verhaal']", "x" * 500)
    asked = []
    page.on("dialog", lambda d: (asked.append(d.type), d.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]


def test_two_tabs_stay_in_step(browser, mini_dist, tmp_path):
    context = browser.new_context(accept_downloads=True)
    url = mini_dist.joinpath("index.html").as_uri()
    a, b = context.new_page(), context.new_page()
    errors = []
    for page in (a, b):
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.add_init_script(FULL)
        page.goto(url + "#werkblad-1")

    # an edit in one tab appears in the other within a second
    a.fill("[name='wb1-naam']", "Uit tab A")
    wait_until(b, "() => document.querySelector(\"[name='wb1-naam']\").value === 'Uit tab A'", timeout=1)
    # different fields never overwrite each other
    b.fill("[name='wb1-verhaal']", "Uit tab B")
    a.check("#v-wb1-kleur-rood")
    wait_until(a, "() => document.querySelector(\"[name='wb1-verhaal']\").value === 'Uit tab B'", timeout=1)
    wait_until(b, "() => document.querySelector('#v-wb1-kleur-rood').checked", timeout=1)
    # on the same field the later edit wins, and the other tab shows it
    a.fill("[name='wb1-naam']", "Eerst A")
    b.fill("[name='wb1-naam']", "Later B")
    wait_until(a, "() => document.querySelector(\"[name='wb1-naam']\").value === 'Later B'", timeout=1)
    # a photo chosen in one tab shows in the other
    b.set_input_files("#v-wb1-foto-bestand", files=[PHOTO])
    wait_until(a, "() => !!document.querySelector('#veld-wb1-foto [data-foto-voorbeeld] img')", timeout=3)
    # a download in either has everything
    data = download_all(a, tmp_path)["antwoorden"]
    assert data["wb1-naam"]["waarde"] == "Later B" and data["wb1-verhaal"]["waarde"] == "Uit tab B"
    assert data["wb1-kleur"]["waarde"] == "rood" and data["wb1-foto"]["waarde"]["foto"].startswith("data:image/jpeg")
    for page in (a, b):
        page.reload()
        show(page, "werkblad-1")
    assert a.input_value("[name='wb1-naam']") == b.input_value("[name='wb1-naam']") == "Later B"

    # tab B holds an answer that could not be stored; "Wis mijn antwoorden" in A clears it too
    b.evaluate("window.__vol = true")
    b.fill("[name='wb1-verhaal']", "y" * 500)
    assert "Niet al je antwoorden zijn bewaard" in status(b)
    show(a, "start")
    a.click("text=Wis mijn antwoorden")
    a.click("dialog[open] >> text=Ja, wis alles")
    wait_until(b, "() => Object.keys(Opstage.antwoorden.alle()).length === 0", timeout=1)
    assert b.input_value("[name='wb1-verhaal']") == "" and b.input_value("[name='wb1-naam']") == ""
    assert b.locator("#veld-wb1-foto img").count() == 0
    assert status(b) == STORED
    wait_until(a, "() => indexedDB.databases().then((d) => d.length === 0)", timeout=3)
    b.evaluate("window.__vol = false")
    b.wait_for_timeout(2500)  # nothing comes back from B's memory
    assert a.evaluate("(p) => Object.keys(localStorage).filter((k) => k.startsWith(p))", PREFIX) == []
    assert errors == []
    context.close()


def test_ids_that_are_names_in_javascript_are_just_ids(open_page, mini_dist, tmp_path):
    page, watched = open_page(mini_dist.joinpath("index.html").as_uri())
    antwoorden = {name: {"waarde": f"antwoord {name}", "type": "tekst", "label": f"vraag {name}", "werkblad": 2}
                  for name in ("constructor", "hasownproperty", "tostring", "valueof", "prototype")}
    antwoorden["wb2-tip"] = {"waarde": "gewoon", "type": "tekst", "werkblad": 2}
    text = json.dumps({"formaat": "opstage-antwoorden", "versie": 2, "site": "mini-stage", "leerling": {"naam": "Sam", "klas": "3B"},
                       "antwoorden": antwoorden})
    text = text.replace('"antwoorden": {', '"antwoorden": {"__proto__": {"waarde": "x", "type": "tekst"}, ', 1)
    page.evaluate("(p) => localStorage.setItem(p + 'a:__proto__', '{\"waarde\":\"x\",\"type\":\"tekst\"}')", PREFIX)
    page.reload()
    show(page, "start")
    file_input(page)
    with page.expect_file_chooser() as chooser:
        page.click("text=Verder werken met een bestand")
    chooser.value.set_files({"name": "f.html", "mimeType": "text/html",
                             "buffer": f'<script type="application/json" id="opstage-antwoorden">{text}</script>'.encode()})
    page.wait_for_selector(".antwoorden-melding:not([hidden])")
    assert page.text_content(".antwoorden-melding").startswith("Gelukt"), page.text_content(".antwoorden-melding")
    show(page, "werkblad-2")
    assert page.input_value("[name='wb2-tip']") == "gewoon"
    assert page.locator("#werkblad-2 [data-eerder-los]").count() == 5  # kept, shown, never code
    data = download_all(page, tmp_path)["antwoorden"]
    assert sorted(data) == ["constructor", "hasownproperty", "prototype", "tostring", "valueof", "wb2-tip"]
    page.reload()
    assert page.evaluate("Object.keys(Opstage.antwoorden.alle()).length") == 6
    assert watched.page_errors == [] and watched.console_errors == []


def test_a_huge_answer_shows(open_page, mini_dist):
    page, watched = open_page(mini_dist.joinpath("index.html").as_uri() + "#werkblad-1")
    page.evaluate("""() => { const t = document.querySelector("[name='wb1-verhaal']");
                     t.value = 'x'.repeat(1000000); t.dispatchEvent(new Event('input', {bubbles: true})); }""")
    page.reload()
    assert page.evaluate("document.querySelector(\"[name='wb1-verhaal']\").value.length") == 1_000_000
    assert page.locator("#werkblad-1").is_visible()
    assert watched.page_errors == []


def test_a_mangled_address_still_starts_every_script(open_page, mini_dist):
    for broken in ("#%E0%A4%A", "#%", "#kaart-1%ZZ", "#<script>"):
        page, watched = open_page(mini_dist.joinpath("index.html").as_uri() + broken)
        page.wait_for_selector("#start.is-current")
        assert page.locator("#start .antwoorden").count() == 1  # the answers module started
        assert page.locator(".voortgang").count() >= 1  # and the progress module
        assert watched.page_errors == [], broken


def test_the_status_line_is_read_out_when_the_computer_is_full(open_page, mini_url):
    """A live region: a screen reader says "de computer is vol" when it appears, wherever the student is typing."""
    page, watched = open_page(mini_url)
    roles = page.evaluate("[...document.querySelectorAll('.antwoorden-status')].map((p) => p.getAttribute('role'))")
    assert roles and set(roles) == {"status"}
    assert watched.page_errors == []
