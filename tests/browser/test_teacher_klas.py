"""For the classroom, in real Chromium on file:// (and once over http):
the Digibord view opens and closes with the keyboard, "Lees voor" hands Dutch
text to speech synthesis (stubbed here, never in the product) and stops, and
the start page shows per card how far the student is."""

from __future__ import annotations

import pytest
from test_answers_support import show

# A stand-in for the browser's speech synthesis that records what it is given.
SPEECH_STUB = """
window.__spoken = []; window.__cancelled = 0;
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  speak(u) { window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice ? u.voice.name : null}); window.__last = u; },
  cancel() { window.__cancelled++; },
  getVoices() { return [{lang: 'en-US', name: 'English'}, {lang: 'nl-BE', name: 'Vlaams'}, {lang: 'nl-NL', name: 'Nederlands'}]; },
  addEventListener() {}
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""
NO_SPEECH = "Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: undefined});"



def test_digibord_opens_and_closes_with_the_keyboard(open_page, mini_url):
    page, watched = open_page(mini_url, viewport={"width": 1280, "height": 720})
    show(page, "kaart-2")
    button = page.locator("#kaart-2 [data-module=digibord] button")
    assert button.text_content() == "Digibord"
    normal = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#kaart-2 .tekst')).fontSize)")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.fullscreenElement && document.fullscreenElement.id === 'kaart-2'")
    assert page.evaluate("document.documentElement.classList.contains('digibord')")
    assert page.evaluate("document.activeElement.textContent") == "Sluiten (Esc)"
    big = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#kaart-2 .tekst')).fontSize)")
    assert big >= 1.4 * normal
    for clutter in ("#kaart-2 .kruimelpad", "#kaart-2 .vorigvolgend", "#kaart-2 .view__acties", ".kop", ".voet"):
        assert page.locator(clutter).is_hidden(), clutter
    assert page.locator("#kaart-2 .kaartvraag").is_visible()
    assert page.evaluate("getComputedStyle(document.getElementById('kaart-2')).color") == "rgb(0, 0, 0)"

    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.fullscreenElement && !document.documentElement.classList.contains('digibord')")
    assert page.evaluate("document.activeElement.textContent") == "Digibord"
    assert page.locator(".kop").is_visible()
    assert page.locator("#kaart-2 .digibord__sluit").is_hidden()

    # the close button, and the CSS view alone when full screen is refused
    page.evaluate("() => { Element.prototype.requestFullscreen = () => Promise.reject(new Error('nee')); }")
    show(page, "werkblad-1")
    page.locator("#werkblad-1 [data-module=digibord] button").click()
    assert page.locator("#werkblad-1").evaluate("v => v.classList.contains('is-digibord') && getComputedStyle(v).position")  == "fixed"
    assert page.locator(".kop").is_hidden()
    page.keyboard.press("Enter")  # focus is on "Sluiten (Esc)"
    assert not page.evaluate("document.documentElement.classList.contains('digibord')")
    page.locator("#werkblad-1 [data-module=digibord] button").click()
    page.keyboard.press("Escape")
    assert not page.evaluate("document.documentElement.classList.contains('digibord')")
    assert watched.page_errors == [] and watched.console_errors == []


def test_digibord_looks_large(open_page, mini_dist, tmp_path):
    page, _ = open_page(mini_dist.joinpath("index.html").as_uri(), viewport={"width": 1280, "height": 720})
    show(page, "werkblad-1")
    page.locator("#werkblad-1 [data-module=digibord] button").click()
    page.wait_for_function("() => document.fullscreenElement")
    page.screenshot(path=str(tmp_path / "digibord.png"))
    title = page.locator("#werkblad-1 .view__titel").bounding_box()
    assert title["height"] > 60 and title["y"] < 150


def test_lees_voor_speaks_dutch_and_stops(browser, mini_dist):
    context = browser.new_context()
    context.add_init_script(SPEECH_STUB)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(mini_dist.joinpath("index.html").as_uri())
    show(page, "kaart-2")
    button = page.locator("#kaart-2 [data-module=voorlezen] button")
    assert button.text_content() == "Lees voor"
    button.click()
    spoken = page.evaluate("window.__spoken")
    texts = [s["text"] for s in spoken]
    assert texts[0] == page.text_content("#kaart-2 .view__titel").strip().replace("</span> ", " ") and texts[0].endswith(" 2 Met een vraag")
    assert "Beantwoord de vraag hieronder en maak werkblad 2. Terug naar kaart 1." in texts
    assert "Wat weet je al?" in texts
    assert "Werkblad 2: Kort werkblad" in texts
    assert not any("Digibord" in t or "Lees voor" in t or "Vorige" in t for t in texts)
    assert {s["lang"] for s in spoken} == {"nl-NL"} and {s["voice"] for s in spoken} == {"Nederlands"}
    assert button.text_content() == "Stop"
    button.click()
    assert button.text_content() == "Lees voor"
    assert page.evaluate("window.__cancelled") >= 2

    # reading to the end gives the button back; so does going to another view
    page.evaluate("() => { window.__spoken = []; }")
    button.click()
    page.evaluate("window.__last.onend()")
    assert button.text_content() == "Lees voor"
    button.click()
    show(page, "werkblad-1")
    assert button.text_content() == "Lees voor"
    page.locator("#werkblad-1 [data-module=voorlezen] button").click()
    texts = [s["text"] for s in page.evaluate("window.__spoken")]
    assert "Hoe heet je stagebedrijf?" in texts and "Mening of feit?" in texts
    assert errors == []
    context.close()


def card_read_aloud(browser, mini_dist, stub: str):
    """Card 2 with `stub` as speech synthesis, after a click on Lees voor: (context, page)."""
    context = browser.new_context()
    context.add_init_script(stub)
    page = context.new_page()
    page.goto(mini_dist.joinpath("index.html").as_uri())
    show(page, "kaart-2")
    page.locator("#kaart-2 [data-module=voorlezen] button").click()
    return context, page


def test_lees_voor_says_so_without_a_dutch_voice(browser, mini_dist):
    context, page = card_read_aloud(browser, mini_dist, SPEECH_STUB.replace(
        ", {lang: 'nl-BE', name: 'Vlaams'}, {lang: 'nl-NL', name: 'Nederlands'}", ""))
    message = page.locator("#kaart-2 [data-module=voorlezen] [role=status]")
    assert message.is_visible() and "geen Nederlandse stem" in message.text_content()
    assert page.evaluate("window.__spoken") == [], "Dutch text is not read in English"
    assert page.locator("#kaart-2 [data-module=voorlezen] button").text_content() == "Lees voor"
    context.close()


def test_lees_voor_says_so_when_the_dutch_voice_fails(browser, mini_dist):
    context, page = card_read_aloud(browser, mini_dist, SPEECH_STUB.replace(
        "getVoices() { return [", "getVoices() { return []; }, x() { return ["))
    assert page.evaluate("window.__spoken.length") > 0, "no voices listed yet: it tries"
    message = page.locator("#kaart-2 [data-module=voorlezen] [role=status]")
    page.evaluate("window.__last.onerror({error: 'interrupted'})")  # as when the student presses Stop
    assert message.count() == 0 or message.is_hidden()
    page.evaluate("window.__last.onerror({error: 'language-unavailable'})")
    assert message.is_visible()
    context.close()


@pytest.mark.parametrize("why", ["synthesis-failed", "synthesis-unavailable", "audio-hardware"])
def test_lees_voor_says_so_when_the_computer_cannot_speak_at_all(browser, mini_dist, why):
    """A school PC without a speech service lists no voices; speaking then fails (synthesis-failed in Chromium)."""
    context, page = card_read_aloud(browser, mini_dist, SPEECH_STUB.replace(
        "getVoices() { return [", "getVoices() { return []; }, x() { return ["))
    page.evaluate(f"window.__last.onerror({{error: '{why}'}})")
    message = page.locator("#kaart-2 [data-module=voorlezen] [role=status]")
    assert message.is_visible() and "Voorlezen kan hier niet" in message.text_content()
    assert page.locator("#kaart-2 [data-module=voorlezen] button").text_content() == "Lees voor"
    context.close()


def test_no_lees_voor_without_speech(browser, mini_dist):
    context = browser.new_context()
    context.add_init_script(NO_SPEECH)
    page = context.new_page()
    page.goto(mini_dist.joinpath("index.html").as_uri())
    show(page, "kaart-2")
    assert page.locator("#kaart-2 [data-module=voorlezen] button").count() == 0
    assert page.locator("#kaart-2 [data-module=digibord] button").count() == 1
    context.close()


def status(page) -> dict:
    return page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll('.kaartlijst__item'))
        .map(li => [li.dataset.kaart, li.querySelector('.voortgang').textContent]))""")


def test_progress_changes_as_fields_are_filled(open_page, mini_url):
    page, watched = open_page(mini_url)
    assert status(page) == {"1": "Nog niet begonnen", "2": "Nog niet begonnen"}
    # the status is part of the link's text, so screen readers hear it too
    assert "Nog niet begonnen" in page.locator(".kaartlijst__item[data-kaart='1'] a").inner_text()

    show(page, "werkblad-1")
    page.fill("[name='wb1-naam']", "Bakkerij")
    show(page, "start")
    assert status(page)["1"] == "Bezig: 1 van 10 vragen"

    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", "Op tijd komen")
    show(page, "start")
    assert status(page)["2"] == "Bezig: 1 van 2 vragen"  # the card's own question counts too
    show(page, "kaart-2")
    page.fill("[name='kaart2-vraag']", "Veel")
    show(page, "start")
    assert status(page)["2"] == "Klaar"

    show(page, "werkblad-1")
    page.evaluate("""() => {
      const done = new Set();
      for (const el of document.querySelectorAll('#werkblad-1 input, #werkblad-1 textarea')) {
        if (el.type === 'file') continue;
        if (el.type === 'radio') { if (!done.has(el.name)) { done.add(el.name); el.click(); } continue; }
        if (el.type === 'checkbox') { el.click(); continue; }
        el.value = el.type === 'date' ? '2027-02-01' : 'tekst';
        el.dispatchEvent(new Event('input', {bubbles: true}));
      }
    }""")
    show(page, "start")
    assert status(page) == {"1": "Klaar", "2": "Klaar"}

    # it is saved: after a reload the start page still knows
    page.reload()
    assert status(page) == {"1": "Klaar", "2": "Klaar"}
    show(page, "werkblad-2")
    page.fill("[name='wb2-tip']", "")
    show(page, "start")
    assert status(page)["2"] == "Bezig: 1 van 2 vragen"
    assert page.locator(".kaartlijst__item[data-kaart='2'] .voortgang--bezig").is_visible()
    assert watched.page_errors == []


def test_digibord_and_progress_are_accessible(browser, mini_dist):
    from test_quality_a11y import AXE, violations

    context = browser.new_context(bypass_csp=True)  # only so axe can be injected
    try:
        page = context.new_page()
        page.goto(mini_dist.joinpath("index.html").as_uri())
        page.add_script_tag(path=str(AXE))
        show(page, "werkblad-2")
        page.fill("[name='wb2-tip']", "Tip")
        show(page, "start")
        assert violations(page) == []
        show(page, "werkblad-1")
        page.locator("#werkblad-1 [data-module=digibord] button").click()
        assert violations(page) == []
    finally:
        context.close()
