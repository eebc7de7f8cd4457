"""Valid HTML for what a student takes home: the answer file downloaded from a
filled werkblad (every field type, a photo too) and "Download al je antwoorden"
have 0 errors in the Nu Html Checker, even with markup-like text in the answers."""

from __future__ import annotations

import base64

import pytest

from test_answers_support import button
from test_vnu import vnu_errors

# 1x1 PNG, enough for the photo field
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")

TRICKY = 'Ik zei "<b>hallo</b>" & </script> -- ok'


def fill_every_field(page, view_id: str, tmp_path) -> None:
    view = page.locator(f"#{view_id}")
    photo = tmp_path / "foto.png"
    photo.write_bytes(PNG)
    for i in range(view.locator("input[type=file]").count()):
        view.locator("input[type=file]").nth(i).set_input_files(str(photo))
    page.evaluate("""([viewId, text]) => {
      const done = new Set();
      for (const el of document.getElementById(viewId).querySelectorAll('input, textarea')) {
        if (el.type === 'file' || el.type === 'hidden') continue;
        if (el.type === 'radio') { if (!done.has(el.name)) { done.add(el.name); el.click(); } continue; }
        if (el.type === 'checkbox') { el.click(); continue; }
        el.value = el.type === 'date' ? '2025-03-14' : text;
        el.dispatchEvent(new Event('input', {bubbles: true}));
        el.dispatchEvent(new Event('change', {bubbles: true}));
      }
    }""", [view_id, TRICKY])




def test_downloaded_answer_files_are_valid_html(open_page, mini_dist, tmp_path):
    page, watched = open_page(mini_dist.joinpath("index.html").as_uri() + "#werkblad-1")
    page.wait_for_selector("#werkblad-1.is-current")
    fill_every_field(page, "werkblad-1", tmp_path)
    page.wait_for_timeout(300)  # photos are resized and stored asynchronously
    button(page, "#werkblad-1", "Download dit werkblad", watched).click()
    page.fill("dialog[open] #dl-leerling-naam", "Sam")  # asked first: no file without a naam
    page.fill("dialog[open] #dl-leerling-klas", "3B")
    with page.expect_download() as info:
        page.click("dialog[open] >> text=Download")
    one = tmp_path / "werkblad.html"
    info.value.save_as(one)

    page.goto(mini_dist.joinpath("index.html").as_uri() + "#start")
    with page.expect_download() as info:
        button(page, "#start", "Download al je antwoorden", watched).click()
    everything = tmp_path / "alles.html"
    info.value.save_as(everything)

    text = one.read_text(encoding="utf-8")
    assert "opstage-antwoorden" in text and "hallo" in text
    assert "data:image/" in text, "the photo is missing from the answer file"
    assert vnu_errors([one, everything]) == []
    assert watched.page_errors == []
