"""Hostile input: whatever a student types (or a crafted file carries) stays
text. Each payload is typed into every kind of text box, saved, downloaded,
opened, and loaded back; nothing may run (a window flag stays unset, no
alert/confirm appears) and nothing may change shape."""

from __future__ import annotations

import json

import pytest
from test_answers_support import load_file, read_answer_file, show, snapshot, values

RUN = "window.__xss=1"
PAYLOADS = [
    f"<script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f"</script><script>{RUN}</script>",
    f"</textarea><img src=x onerror={RUN}>",
    f'"><svg onload={RUN}>',
    f"'><svg/onload={RUN}>",
    f'<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    f'<a href="javascript:{RUN}">klik</a>',
    f"javascript:{RUN}",
    f"data:text/html,<script>{RUN}</script>",
    "<style>*{display:none}</style>",
    '<base href="http://evil.example/">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    f"<math><mtext><table><mglyph><style><img src=x onerror={RUN}>",
    f'<noscript><p title="</noscript><img src=x onerror={RUN}>">',
    f"<input autofocus onfocus={RUN}>",
    f"<svg><script>{RUN}</script></svg>",
    f'<object data="javascript:{RUN}"></object>',
    "<!--", "<![CDATA[x]]>", "{{ 7*7 }}", "{% raw %}", "${window.__xss=1}",
    f"'; {RUN}; //", f'" + ({RUN}) + "',
    "\\u003cscript\\u003ewindow.__xss=1\\u003c/script\\u003e",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;", "&amp;&#60;&#x3C;",
    "null", "undefined", "NaN", "{}", "__proto__", "constructor",
    "😀👍🏽🇳🇱 emoji", "مرحبا بالعالم", "שלום עולם", "\u202egnirts desrever", "Zoë Çelik – “dubbel” ‘enkel’ \"recht\" 'recht'",
    "tab\tand\r\nnewline", "   ", "\u2028\u2029 line separators", "lang " + "x" * 100_000,
]
# view -> its text boxes: tekst, lang, table cells (text and lang), photo caption, card question, naam/klas
TEXT_BOXES = {
    "werkblad-1": ["wb1-naam", "wb1-verhaal", "wb1-plan.0.wat", "wb1-plan.0.notitie", "wb1-foto.bijschrift"],
    "kaart-2": ["kaart2-vraag"],
}


def type_everywhere(page, text: str) -> None:
    for view, names in TEXT_BOXES.items():
        show(page, view)
        for name in names:
            page.fill(f"[name='{name}']", text)


def guard(page) -> list:
    """Record every JavaScript dialog (none may appear)."""
    seen = []

    def on_dialog(dialog):
        seen.append(dialog.message)
        dialog.dismiss()
    page.on("dialog", on_dialog)
    return seen


def clean(page) -> None:
    assert page.evaluate("window.__xss") is None, "a payload ran"


def element_count(page) -> int:
    """Elements of the page, less the boxes of earlier answers (made of <p>s and a button)."""
    return page.evaluate("""() => {
      const boxes = document.querySelectorAll('[data-eerder]');
      boxes.forEach((b) => b.querySelectorAll('*').forEach((e) => {
        if (!['P', 'BUTTON'].includes(e.tagName)) throw new Error('unexpected ' + e.tagName);
      }));
      return document.querySelectorAll('*:not([data-eerder], [data-eerder] *, [data-eerder-los], [data-eerder-los] *)').length;
    }""")


@pytest.fixture(scope="module")
def pages(browser, mini_dist):
    context = browser.new_context(accept_downloads=True)
    other = browser.new_context(accept_downloads=True)
    reader = browser.new_context(java_script_enabled=False)
    page, back, viewer = context.new_page(), other.new_page(), reader.new_page()
    url = mini_dist.joinpath("index.html").as_uri()
    page.goto(url)
    back.goto("about:blank")  # a separate profile: its storage is its own
    back.goto(url)
    yield page, back, viewer
    for c in (context, other, reader):
        c.close()


def test_payloads_in_every_text_box_stay_text(pages, tmp_path):
    page, back, viewer = pages
    dialogs = guard(page) + guard(back)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    back.on("pageerror", lambda e: errors.append(str(e)))
    count = element_count(page)
    assert len(PAYLOADS) >= 30
    for n, payload in enumerate(PAYLOADS):
        type_everywhere(page, payload)
        show(page, "start")
        page.fill("#leerling-naam", payload)
        page.fill("#leerling-klas", payload[:50])
        typed = snapshot(page)
        clean(page)
        assert element_count(page) == count

        with page.expect_download() as info:
            page.evaluate("Opstage.antwoorden.download('alles')")
        path = tmp_path / f"{n}.html"
        info.value.save_as(path)
        data = read_answer_file(path.read_text(encoding="utf-8"))
        got = values(data["antwoorden"])
        assert got["wb1-naam"] == typed["wb1-naam"]
        assert got["wb1-verhaal"] == typed["wb1-verhaal"] == got["kaart2-vraag"]
        assert data["leerling"]["naam"] == typed_name(page)

        viewer.goto(path.as_uri())
        shown = viewer.text_content("section[data-veld='wb1-verhaal'] .antwoord")
        assert shown == typed["wb1-verhaal"].replace("\r\n", "\n").replace("\r", "\n")
        assert viewer.evaluate("document.querySelectorAll('script, img, iframe, svg, object, style, base, meta[http-equiv=refresh], input').length") == 2

        back.evaluate("Opstage.antwoorden.wis()")  # one student's file after another's: wiped first
        load_file(back, path, answer=None)
        assert snapshot(back) == typed, payload[:40]
        clean(back)
    assert dialogs == [] and errors == []

    # everything at once survives a reload too
    type_everywhere(page, "\n".join(PAYLOADS))
    typed = snapshot(page)
    page.reload()
    assert snapshot(page) == typed
    clean(page)


def typed_name(page) -> str:
    return page.input_value("#leerling-naam")


def test_a_crafted_answer_file_changes_nothing_it_should_not(pages, tmp_path):
    page, back, viewer = pages
    dialogs = guard(back)
    bad = PAYLOADS[1]
    antwoorden = {
        "wb1-kleur": {"waarde": bad, "type": "keuze", "label": bad},
        "wb1-dagen": {"waarde": [bad, "Maandag"], "type": "meerkeuze", "label": bad},
        "wb1-stellingen": {"waarde": {"s1": bad, "__proto__": "x"}, "type": "stellingen"},
        "wb1-klaar": {"waarde": [bad], "type": "checklist"},
        "wb1-zin": {"waarde": bad, "type": "schaal"},
        "wb1-start": {"waarde": bad, "type": "datum"},
        "wb1-plan": {"waarde": [{bad: bad, "wat": bad}], "type": "tabel"},
        "wb1-foto": {"waarde": {"bijschrift": bad, "foto": 'data:image/jpeg;base64,AA" onerror="window.__xss=1'}, "type": "foto"},
        "wb1-naam": {"waarde": {"geen": "tekst"}, "type": "tekst"},
        "verdwenen-veld": {"waarde": bad, "type": "lang", "label": bad, "werkblad": 1},
        "wb1-verhaal": {"waarde": bad, "type": f"<img src=x onerror={RUN}>"},
        "__proto__": {"waarde": bad, "type": "tekst"},
        f'x"><img src=x onerror={RUN}>': {"waarde": bad, "type": "tekst"},
    }
    data = {"formaat": "opstage-antwoorden", "versie": 1, "site": "mini-stage", "omvang": bad,
            "leerling": {"naam": bad, "klas": ["geen", "tekst"]}, "antwoorden": antwoorden}
    text = json.dumps(data).replace("<", "\\u003c")
    html = f'<!DOCTYPE html><script type="application/json" id="opstage-antwoorden">{text}</script>'
    back.evaluate("localStorage.clear()")
    back.reload()
    count = element_count(back)
    message = load_file(back, {"name": "vals.html", "mimeType": "text/html", "buffer": html.encode()}, answer=None)
    assert message.startswith("Gelukt"), message
    clean(back)
    assert element_count(back) == count
    assert dialogs == []
    # only values that fit went into the form; the rest is kept as text
    assert not back.is_checked("#v-wb1-kleur-rood") and not back.is_checked("#v-wb1-kleur-blauw")
    assert back.is_checked("#v-wb1-dagen-maandag")
    assert back.input_value("[name='wb1-plan.0.wat']") == bad
    assert back.input_value("[name='wb1-foto.bijschrift']") == bad
    assert back.locator("#veld-wb1-foto img").count() == 0
    assert back.input_value("[name='wb1-start']") == ""
    assert back.input_value("[name='wb1-naam']") == ""
    kept = back.evaluate("Object.keys(Opstage.antwoorden.alle()).sort()")
    assert kept == sorted(["wb1-kleur", "wb1-dagen", "wb1-klaar", "wb1-zin", "wb1-start", "wb1-plan", "wb1-foto", "verdwenen-veld"])

    with back.expect_download() as info:
        back.evaluate("Opstage.antwoorden.download('alles')")
    path = tmp_path / "terug.html"
    info.value.save_as(path)
    out = read_answer_file(path.read_text(encoding="utf-8"))
    assert out["leerling"] == {"naam": bad, "klas": ""}
    assert values(out["antwoorden"])["verdwenen-veld"] == bad
    viewer.goto(path.as_uri())
    assert viewer.text_content("section[data-veld='verdwenen-veld'] h3") == bad
    assert viewer.evaluate("document.querySelectorAll('img, svg, iframe, script').length") == 1
    opened = back.context.new_page()
    opened.goto(path.as_uri())
    clean(opened)
    opened.close()
