"""Answers survive closing the browser: the same Chromium profile is opened
twice (file:// and http), and every field, the photo and naam/klas are back."""

from __future__ import annotations

import pytest
from test_answers_support import CHROMIUM_ARGS, fill_all, show, snapshot

CHROMIUM = "/usr/bin/chromium"


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_answers_survive_a_browser_restart(playwright_instance, mini_dist, http_site, tmp_path, scheme):
    url = mini_dist.joinpath("index.html").as_uri() if scheme == "file" else http_site(mini_dist).url("index.html")
    profile = tmp_path / "profiel"

    def launch():
        return playwright_instance.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)

    context = launch()
    page = context.new_page()
    page.goto(url)
    fill_all(page)
    show(page, "start")
    page.fill("#leerling-naam", "Noah")
    page.fill("#leerling-klas", "4A")
    before = snapshot(page)
    context.close()

    context = launch()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector("#veld-wb1-foto [data-foto-voorbeeld] img", state="attached")
    assert snapshot(page) == before
    assert before["wb1-foto#foto"] == "data:image/jpeg;base64,"
    assert "Noah" in page.text_content(".antwoorden__samenvatting")
    assert page.locator("text=Doorgaan").is_visible()
    assert errors == []
    context.close()
