"""Unit tests for the pure parsers: a string in, values or problems out."""

from textwrap import dedent

import pytest

from opstage_build.content.frontmatter import parse_front_matter
from opstage_build.content.markdown import find_links, render_markdown
from opstage_build.content.parse import parse_card, parse_handleiding, parse_page, parse_routekaart, parse_site_config, parse_worksheet
from opstage_build.content.yamlparse import parse_yaml


def test_yaml_mappings_remember_lines():
    data, problems = parse_yaml("titel: A\nvelden:\n  - id: x\n    type: tekst\n", "f.yaml")
    assert problems == []
    assert data["titel"] == "A"
    assert data.lines == {"titel": 1, "velden": 2}
    assert data["velden"].lines == [3]
    assert data["velden"][0].lines["type"] == 4


def test_yaml_lines_are_offset_for_front_matter():
    data, _ = parse_yaml("a: 1\nb: 2\n", "f.md", first_line=2)
    assert data.lines == {"a": 2, "b": 3}


def test_malformed_yaml_reports_line():
    _, problems = parse_yaml("titel: A\nvelden: [1, 2\nnog: x\n", "f.yaml")
    assert len(problems) == 1
    assert problems[0].path == "f.yaml"
    assert problems[0].line == 2  # where the unclosed list was opened
    assert problems[0].message.startswith("malformed YAML: while parsing a flow sequence")


def test_duplicate_yaml_key_is_a_problem():
    _, problems = parse_yaml("titel: A\ntitel: B\n", "f.yaml")
    assert [str(p) for p in problems] == ["f.yaml:2: key 'titel' appears twice (expected each key once)"]


def test_front_matter_splits_meta_and_body():
    meta, body, body_line, problems = parse_front_matter("---\ntitel: X\n---\nHallo\n", "k.md")
    assert problems == []
    assert meta == {"titel": "X"}
    assert body == "Hallo\n"
    assert body_line == 4


def test_missing_front_matter():
    meta, _, _, problems = parse_front_matter("# Kop\n", "k.md")
    assert meta is None
    assert str(problems[0]).startswith("k.md:1: no front matter found")


def test_unclosed_front_matter():
    _, _, _, problems = parse_front_matter("---\ntitel: X\n", "k.md")
    assert str(problems[0]) == "k.md:1: front matter is not closed (expected a second line '---' after the YAML)"


def test_find_links_gives_target_and_line():
    text = "Eerst\n[een](#kaart-1) en\n\n[twee](handleiding.html#kaart-2 \"titel\")\n"
    assert find_links(text, first_line=10) == [("#kaart-1", 11), ("handleiding.html#kaart-2", 13)]


def test_render_markdown():
    assert render_markdown("Hallo *jij*") == "<p>Hallo <em>jij</em></p>"


WERKBLAD = dedent("""\
    nummer: 3
    titel: Beroepen
    intro: Kijk filmpjes.
    velden:
      - type: uitleg
        tekst: Lees dit.
      - id: wb3-plan
        type: tabel
        label: Plan
        kolommen:
          - id: wat
            label: Wat?
          - id: wanneer
            label: Wanneer?
            type: datum
      - id: wb3-stellingen
        type: stellingen
        label: Mening of feit?
        opties:
          mening: Mening
          feit: Feit
        stellingen:
          s1: Een
          s2: Twee
      - id: wb3-zin
        type: schaal
        label: Zin?
        min: 1
        max: 4
    """)


def test_parse_worksheet_values():
    sheet, problems, links = parse_worksheet(WERKBLAD, "w.yaml")
    assert problems == []
    assert (sheet.nummer, sheet.titel, sheet.intro) == (3, "Beroepen", "<p>Kijk filmpjes.</p>")
    assert [f.type for f in sheet.velden] == ["uitleg", "tabel", "stellingen", "schaal"]
    assert [f.id for f in sheet.vragen] == ["wb3-plan", "wb3-stellingen", "wb3-zin"]
    table = sheet.velden[1]
    assert table.kolommen == [{"id": "wat", "label": "Wat?", "type": "tekst"},
                              {"id": "wanneer", "label": "Wanneer?", "type": "datum"}]
    assert table.rijen == 3
    assert sheet.velden[2].stellingen == [("s1", "Een"), ("s2", "Twee")]
    assert sheet.velden[2].opties == [("mening", "Mening"), ("feit", "Feit")]
    assert (sheet.velden[3].min, sheet.velden[3].max) == (1, 4)
    assert sheet.velden[1].line == 7


def _problems(velden: str) -> list[str]:
    _, problems, _ = parse_worksheet("nummer: 1\ntitel: T\nvelden:\n" + dedent(velden), "w.yaml")
    return [str(p) for p in problems]


def test_options_as_a_list_are_a_problem_that_shows_the_new_form():
    assert _problems("""\
        - id: wb1-kleur
          type: keuze
          label: Kleur?
          opties: [Rood, Blauw]
        """) == ["w.yaml:7: 'opties' in field 1 of 'velden' is a list, but every choice needs an id "
                 "(expected one 'id: text' line per choice, e.g. 'keuze-1: Rood')"]


def test_two_options_with_the_same_text_are_a_problem():
    assert _problems("""\
        - id: wb1-kleur
          type: meerkeuze
          label: Kleur?
          opties:
            rood: Rood
            ook-rood: Rood
        """) == ["w.yaml:9: text 'Rood' appears twice in 'opties' (also at line 8; expected each text once)"]


def test_ids_the_browser_uses_itself_are_refused():
    assert _problems("""\
        - id: constructor
          type: keuze
          label: Kleur?
          opties:
            prototype: Rood
            blauw: Blauw
        - id: wb1-tabel
          type: tabel
          label: T
          kolommen:
            - id: constructor
              label: K
        """) == [
        "w.yaml:4: id 'constructor' of field 1 of 'velden' is a word the browser uses itself (expected another id, e.g. 'wb3-constructor')",
        "w.yaml:8: id 'prototype' of an entry of 'opties' is a word the browser uses itself (expected another id, e.g. 'wb3-prototype')",
        "w.yaml:14: id 'constructor' of a column is a word the browser uses itself (expected another id, e.g. 'wb3-constructor')",
    ]


def test_unknown_field_type_names_the_choices():
    text = "nummer: 1\ntitel: T\nvelden:\n  - id: a\n    type: tekstvlak\n    label: L\n"
    _, problems, _ = parse_worksheet(text, "w.yaml")
    assert [str(p) for p in problems] == [
        "w.yaml:5: unknown field type 'tekstvlak' (expected one of: tekst, lang, keuze, meerkeuze, "
        "stellingen, tabel, datum, checklist, schaal, foto, uitleg)"]


def test_worksheet_reports_every_problem_at_once():
    text = dedent("""\
        nummer: 1
        titel: T
        kleur: rood
        velden:
          - id: a
            type: keuze
            label: L
          - type: tekst
            label: Zonder id
          - id: Fout Id
            type: tekst
            label: L
        """)
    _, problems, _ = parse_worksheet(text, "w.yaml")
    assert [str(p) for p in problems] == [
        "w.yaml:3: unknown key 'kleur' in a werkblad (expected one of: nummer, titel, intro, velden)",
        "w.yaml:5: missing required key 'opties' in field 1 of 'velden' (type keuze) (expected a line 'opties: ...')",
        "w.yaml:8: missing required key 'id' in field 2 of 'velden' (type tekst) (expected a line 'id: ...')",
        "w.yaml:10: id 'Fout Id' of field 3 of 'velden' is not valid (expected lowercase letters, digits and '-', e.g. 'wb3-beroep')",
    ]


CARD = dedent("""\
    ---
    nummer: 6
    titel: Stageovereenkomst
    samenvatting: Afspraken.
    werkbladen: [13]
    vraag:
      id: kaart6-afspraken
      type: lang
      label: Welke afspraken?
    handleiding:
      voorbereiding: Computers.
      doel: Weten.
      werkwijze: |
        1. Bespreek.
        2. Zie [werkblad 13](index.html#werkblad-13).
    ---
    ## Wat ga je doen?

    Maak [werkblad 13](#werkblad-13).
    """)


def test_parse_card():
    card, problems, found = parse_card(CARD, "k.md")
    assert problems == []
    assert (card.nummer, card.titel, card.werkbladen) == (6, "Stageovereenkomst", [13])
    assert card.vraag.id == "kaart6-afspraken" and card.vraag.type == "lang"
    assert card.handleiding.doel == "<p>Weten.</p>"
    assert "<h3>Wat ga je doen?</h3>" in card.body  # under the card's own h2 title
    assert card.werkbladen_line == 5
    assert found.links == [("index.html#werkblad-13", "k.md", 15), ("#werkblad-13", "k.md", 19)]


def test_card_missing_handleiding_part():
    text = CARD.replace("  doel: Weten.\n", "")
    _, problems, _ = parse_card(text, "k.md")
    assert [str(p) for p in problems] == [
        "k.md:11: missing required key 'doel' in 'handleiding' of the card (expected a line 'doel: ...')"]


def test_parse_page_and_routekaart_and_site():
    page, problems, _ = parse_page("---\ntitel: Handleiding\n---\nTekst\n", "h.md")
    assert problems == [] and page.titel == "Handleiding" and page.body == "<p>Tekst</p>"
    page, problems, _ = parse_handleiding("---\ntitel: H\nintro: Op *papier*\n---\nTekst\n", "h.md")
    assert problems == [] and page.intro == "<p>Op <em>papier</em></p>"
    _, problems, _ = parse_page("---\ntitel: Reflectie\nintro: Op papier\n---\nTekst\n", "r.md")
    assert [p.message for p in problems] == ["unknown key 'intro' in the front matter (expected one of: titel)"]

    kaart, problems, _ = parse_routekaart(dedent("""\
        titel: Route
        fases:
          - id: voor
            titel: Voorbereiding
        rollen:
          - titel: Leerling
            taken:
              voor: [Zoekt een plek.]
              later: [Niets.]
        """), "r.yaml")
    assert [str(p) for p in problems] == ["r.yaml:9: unknown fase 'later' in 'taken' (expected one of: voor)"]
    assert kaart.rollen == [{"titel": "Leerling", "taken": {"voor": ["Zoekt een plek."]}}]

    settings, problems, _ = parse_site_config("titel: Op stage\nsleutel: opstage\nteksten:\n  volgende: Verder\n", "s.yaml")
    assert problems == []
    assert settings["teksten"]["volgende"] == "Verder"
    assert settings["teksten"]["vorige"] == "Vorige"


def test_empty_front_matter_is_reported():
    _, problems, _ = parse_page("---\n---\nTekst\n", "h.md")
    assert [str(p) for p in problems] == [
        "h.md:1: the front matter is empty (expected YAML with keys such as 'titel: ...')"]


def test_yaml_words_stay_text():
    """YAML 1.2's idea: only true/false are booleans; times, dates and numbers with a leading 0 stay as written."""
    data, problems = parse_yaml("opties: [ja, no, off, yes, on, n, 8:30, 2024-05-01, 010, 1.5]\nn: 12\nb: true\ne:\n", "f.yaml")
    assert problems == []
    assert data["opties"] == ["ja", "no", "off", "yes", "on", "n", "8:30", "2024-05-01", "010", "1.5"]
    assert (data["n"], data["b"], data["e"]) == (12, True, None)


def test_a_yaml_key_that_is_a_list_is_a_problem():
    _, problems = parse_yaml("titel: A\n[a, b]: x\n", "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:2: a key must be a word or a text (found a list before ':'; expected a line such as 'titel: ...')"]
    _, problems = parse_yaml("? {a: 1}\n: x\n", "f.yaml")
    assert "found a group of keys" in str(problems[0])


def test_reading_drops_a_byte_order_mark_and_finds_the_bad_line(tmp_path):
    import pytest
    from opstage_build.content.source import bad_byte_line, read_source
    path = tmp_path / "k.md"
    path.write_bytes("\ufeff---\ntitel: X\n---\n".encode("utf-8"))
    assert read_source(path) == "---\ntitel: X\n---\n"
    path.write_bytes("a\nb\ncaf\u00e9\n".encode("latin-1"))
    with pytest.raises(UnicodeDecodeError) as err:
        read_source(path)
    assert bad_byte_line(err.value) == 3


def test_find_links_reads_the_html_reference_links_included_code_left_out():
    text = ("Zie [werkblad 9][w] en <a href=\"#kaart-2\">kaart 2</a>.\n\n"
            "```\n[niet](#werkblad-5)\n```\n\n`[ook niet](#kaart-7)` Noot[^1]\n\n[w]: #werkblad-9\n[^1]: Uitleg.\n")
    assert find_links(text, first_line=5) == [("#werkblad-9", 5), ("#kaart-2", 5)]
    text = "Zie [w] en noot[^1].\n\n[^1]: Noot met [kaart 3](#kaart-3).\n[w]: #werkblad-9\n[x]: #ongebruikt\n"
    assert find_links(text, first_line=1) == [("#werkblad-9", 1), ("#kaart-3", 3)]


def test_html_problems_name_what_nh3_would_remove_at_its_line():
    from opstage_build.content.sanitize import html_problems
    text = "Goed <b>vet</b>\n\n<p onclick=\"x()\">Fout</p>\n\n<script>x()</script>\n"
    assert html_problems(render_markdown(text), text, first_line=3) == [
        (5, "attribute 'onclick' on <p> is not allowed (expected Markdown, or HTML from the list in docs/content-format.md)"),
        (7, "HTML <script> is not allowed in content (expected Markdown, or HTML from the list in docs/content-format.md)"),
    ]
    table = "| a | b |\n|:--|--:|\n| 1 | 2 |\n"
    assert html_problems(render_markdown(table), table) == []  # Markdown's own alignment is allowed


def test_nh3_is_loaded_only_for_text_that_may_hold_html():
    import subprocess
    import sys
    code = ("import sys; from opstage_build.content.parse import parse_page; "
            "parse_page('---\\ntitel: X\\n---\\nGewone *tekst* met [link](#start).\\n', 'p.md'); "
            "print('nh3' in sys.modules, 'opstage_build.content.sanitize' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split() == ["False", "False"]


# An intro written in each of YAML's ways of writing a text over several lines; the
# image (line 7 of the file unless said otherwise) and the <script> after it must be
# named at their own lines, not counted from where the text starts.
INTROS = {
    "literal |": "intro: |\n  Kijk eerst.\n\n  Dan dit.\n\n\n  ![Een camera](camera.jpg)\n\n  <script>x</script>\n",
    "plain": "intro:\n  Kijk eerst\n  naar de foto.\n\n  Dan dit.\n  ![Een camera](camera.jpg)\n\n  <script>x</script>\n",
    "folded >": "intro: >\n  Kijk eerst\n  naar de foto.\n\n  Dan dit.\n  ![Een camera](camera.jpg)\n\n  <script>x</script>\n",
    "quoted over lines": 'intro: "Kijk eerst\n  naar de foto.\n\n  Dan dit.\n\n  ![Een camera](camera.jpg)\n\n  <script>x</script>"\n',
}


@pytest.mark.parametrize("style", INTROS)
def test_a_text_over_several_lines_names_each_problem_at_its_own_line(style):
    text = "nummer: 1\ntitel: T\n" + INTROS[style] + "velden:\n  - type: uitleg\n    tekst: Lees.\n"
    lines = text.split("\n")
    image = next(i for i, line in enumerate(lines, 1) if "camera" in line)
    script = next(i for i, line in enumerate(lines, 1) if "<script>" in line)
    _, problems, found = parse_worksheet(text, "w.yaml")
    assert [line for *_, line in found.images] == [image]
    assert [p.line for p in problems] == [script], [str(p) for p in problems]


def test_a_quoted_text_with_line_breaks_written_as_escapes_stays_on_its_line():
    text = 'nummer: 1\ntitel: T\nintro: "Kijk:\\n\\n![Een camera](camera.jpg)"\nvelden:\n  - type: uitleg\n    tekst: Lees.\n'
    _, problems, found = parse_worksheet(text, "w.yaml")
    assert problems == [] and [line for *_, line in found.images] == [3]


@pytest.mark.parametrize("text", ["titel: x\nvelden:\n\t- a\n", "a:\n  b: 1\n\tc: 2\n"])
def test_a_tab_for_indenting_says_use_spaces(text):
    _, problems = parse_yaml(text, "w.yaml")
    assert [p.line for p in problems] == [3]
    assert problems[0].message.endswith("(expected valid YAML; indent with spaces, not tabs)")
