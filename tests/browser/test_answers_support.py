"""Helpers for the answer tests (no tests here): fill the mini site's every
field type, take a snapshot of what the page shows, read an answer file."""

from __future__ import annotations

import json
import struct
import time
import zlib
from html.parser import HTMLParser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-gpu", "--no-first-run"]


def png(width: int = 1600, height: int = 1200) -> bytes:
    """A real PNG bigger than 1280 px, so the page has to make it smaller."""
    row = b"\x00" + bytes((x * 7 + 40) % 256 for x in range(width * 3))
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


PHOTO = {"name": "werkplek.png", "mimeType": "image/png", "buffer": png()}


def wait_until(page, js: str, arg=None, timeout: float = 10.0):
    """Poll a page function until it returns something truthy. (Playwright's
    wait_for_function may evaluate strings, which the page's CSP forbids.)"""
    end = time.monotonic() + timeout
    while True:
        value = page.evaluate(js, arg)
        if value or time.monotonic() > end:
            assert value, f"timed out waiting for {js}"
            return value
        time.sleep(0.02)


def show(page, view: str) -> None:
    page.evaluate("(id) => { location.hash = id; }", view)
    wait_until(page, "(id) => document.querySelector('.view.is-current').id === id", view)


def fill_all(page, text: str = "Bakkerij Jansen", photo: bool = True) -> None:
    """Answer every field type of the mini site (werkblad 1 and 2, card 2)."""
    show(page, "werkblad-1")
    page.fill("[name='wb1-naam']", text)
    page.fill("[name='wb1-verhaal']", text + "\nTweede regel")
    page.check("#v-wb1-kleur-blauw")
    page.check("#v-wb1-dagen-maandag")
    page.check("#v-wb1-dagen-woensdag")
    page.check("[name='wb1-stellingen.s1'][value='feit']")
    page.check("[name='wb1-stellingen.s2'][value='mening']")
    page.fill("[name='wb1-plan.0.wat']", text)
    page.fill("[name='wb1-plan.0.wanneer']", "2027-03-01")
    page.fill("[name='wb1-plan.0.notitie']", text)
    page.click("#veld-wb1-plan [data-actie='rij-toevoegen']")
    page.fill("[name='wb1-plan.2.wat']", "Extra rij")
    page.fill("[name='wb1-start']", "2027-02-01")
    page.check("#v-wb1-klaar-cv")
    page.check("#v-wb1-zin-4")
    page.fill("[name='wb1-foto.bijschrift']", text)
    if photo:
        page.set_input_files("#v-wb1-foto-bestand", files=[PHOTO])
        page.wait_for_selector("#veld-wb1-foto [data-foto-voorbeeld] img")
    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", text)
    show(page, "kaart-2")
    page.fill("[name='kaart2-vraag']", text)


def expected(text: str = "Bakkerij Jansen") -> dict:
    """The answer values fill_all() gives, as docs/answer-file.md describes them."""
    return {
        "wb1-naam": text,
        "wb1-verhaal": text + "\nTweede regel",
        "wb1-kleur": "blauw",
        "wb1-dagen": ["maandag", "woensdag"],
        "wb1-stellingen": {"s1": "feit", "s2": "mening"},
        "wb1-plan": [{"wat": text, "wanneer": "2027-03-01", "notitie": text}, {}, {"wat": "Extra rij"}],
        "wb1-start": "2027-02-01",
        "wb1-klaar": ["cv"],
        "wb1-zin": "4",
        "wb1-foto": {"bijschrift": text, "foto": "JPEG"},
        "wb2-tip": text,
        "kaart2-vraag": text,
    }


SNAPSHOT = """() => {
  const out = {};
  document.querySelectorAll('[data-veld] input, [data-veld] textarea').forEach((c) => {
    if (c.type === 'file') return;
    out[c.name + (c.type === 'radio' || c.type === 'checkbox' ? '=' + c.value : '')] =
      c.type === 'radio' || c.type === 'checkbox' ? c.checked : c.value;
  });
  document.querySelectorAll('[data-foto-voorbeeld]').forEach((b) => {
    const img = b.querySelector('img');
    out[b.closest('[data-veld]').dataset.veld + '#foto'] = img ? img.src.slice(0, 23) : null;
  });
  return out;
}"""


def snapshot(page) -> dict:
    """Every input of every field as the page shows it."""
    return page.evaluate(SNAPSHOT)


def values(answers: dict) -> dict:
    """id -> waarde from the file's JSON, photos reduced to 'JPEG' for comparing."""
    out = {}
    for key, record in answers.items():
        value = record["waarde"]
        if record["type"] == "foto":
            assert value["foto"] is None or value["foto"].startswith("data:image/jpeg;base64,")
            value = dict(value, foto="JPEG" if value["foto"] else None)
        out[key] = value
    return out


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.json, self._in = [], None, False
        self.handlers = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.handlers += [k for k in a if k.startswith("on")]
        if tag == "script":
            self.scripts.append(a)
            self._in = a.get("id") == "opstage-antwoorden"

    def handle_data(self, data):
        if self._in:
            self.json = (self.json or "") + data

    def handle_endtag(self, tag):
        self._in = False


def read_answer_file(html: str) -> dict:
    """Parse a downloaded file as a stranger would: one JSON script, no other script."""
    parser = _Scripts()
    parser.feed(html)
    assert parser.scripts == [{"type": "application/json", "id": "opstage-antwoorden"}], parser.scripts
    assert parser.handlers == [], parser.handlers
    assert "<" not in parser.json and ">" not in parser.json and "&" not in parser.json
    return json.loads(parser.json)


def file_input(page) -> None:
    """Playwright cannot answer the File System Access picker (it aborts it), so
    "Verder werken met een bestand" is made to use its file input, as in
    browsers without that API. test_answers_file.py covers the picker."""
    page.evaluate("delete window.showOpenFilePicker")


def load_file(page, path_or_payload, answer: str | None = "Ja, vervangen") -> str:
    """Use "Verder werken met een bestand"; confirm (or refuse) replacing; return the message."""
    show(page, "start")
    page.evaluate("document.querySelector('.antwoorden-melding').hidden = true")
    file_input(page)
    with page.expect_file_chooser() as chooser:
        page.click("text=Verder werken met een bestand")
    chooser.value.set_files(path_or_payload)
    if answer:
        page.wait_for_selector("dialog[open]")
        page.click(f"dialog[open] >> text={answer}")
    page.wait_for_selector(".antwoorden-melding:not([hidden])")
    return page.text_content(".antwoorden-melding")


def prefixed_keys(page, prefix: str) -> list:
    return page.evaluate("(p) => Object.keys(localStorage).filter((k) => k.startsWith(p))", prefix)


def button(page, scope: str, text: str, watched):
    """A visible button with `text` inside `scope`; fail fast and say why when it is not there."""
    import pytest

    found = page.locator(f"{scope} button", has_text=text)
    try:
        found.first.wait_for(state="visible", timeout=3000)
    except Exception:
        pytest.fail(f"no visible '{text}' button in {scope}; console errors: {watched.console_errors}")
    return found.first


def download_all(page, tmp_path, name: str = "alles.html", naam: str = "Sam", klas: str = "3B") -> dict:
    """Click "Download al je antwoorden" on the start page (giving naam and klas
    if it asks) and return the file's JSON."""
    show(page, "start")
    with page.expect_download() as info:
        page.click("text=Download al je antwoorden")
        if page.locator("dialog[open] #dl-leerling-naam").count():
            page.fill("dialog[open] #dl-leerling-naam", naam)
            page.fill("dialog[open] #dl-leerling-klas", klas)
            page.click("dialog[open] >> text=Download")
    path = tmp_path / name
    info.value.save_as(path)
    return read_answer_file(path.read_text(encoding="utf-8"))
