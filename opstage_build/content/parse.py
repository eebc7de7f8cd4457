"""Pure parsers: file text in, model objects and problems out. No I/O here.

Each `parse_*` returns `(value, problems, found)` where `found.links` lists the
link targets found in its Markdown as `(target, path, line)` and `found.images`
the images it names as `(key, src, path, line)`, so the loader can check
them once every page and file is known.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import NamedTuple

from opstage_build import beelden, images
from opstage_build.content import schema
from opstage_build.content.fieldtypes import COMMON_FIELD_KEYS, FIELD_TYPES
from opstage_build.content.frontmatter import parse_front_matter
from opstage_build.content.markdown import (SAFE_ADDRESS, find_images, find_links, is_unsafe,
                                             might_hold_html, render_markdown, shift_headings)
from opstage_build.content.model import Card, Field, Handleiding, Link, Page, Part, Routekaart, Worksheet
from opstage_build.content.schema import Checker
from opstage_build.content.yamlparse import Node, line_finder, parse_yaml

DEFAULT_TEKSTEN = {
    "start": "Start",
    "vorige": "Vorige",
    "volgende": "Volgende",
    "kaart": "Opdrachtkaart",
    "werkblad": "Werkblad",
    "werkbladen_bij_kaart": "Werkbladen bij deze kaart",
    "terug_naar_kaart": "Terug naar opdrachtkaart",
    "voor_de_docent": "Voor de docent",
    "handige_links": "Handige links",
    "vraag_op_kaart": "Vraag",
    "naar_inhoud": "Naar de inhoud",
    "rij_toevoegen": "Rij toevoegen",
    "foto_kiezen": "Kies een foto",
    "bijschrift": "Wat zie je op de foto?",
    # the teacher pages (their own texts come from content/docent/)
    "nakijken": "Nakijken",
    "inhoud_handleiding": "Inhoud van de handleiding",
    "algemeen": "Algemeen",
    "naar_kaart": "Naar de opdrachtkaart",
    "voorbereiding": "Voorbereiding",
    "doel": "Doel",
    "werkwijze": "Werkwijze",
    "routekaart_tabel": "Wie doet wat in elke fase",
    "wie": "Wie",
    "tabel_schuift": "tabel, schuift opzij",
    "informatie": "Meer informatie",
}


class Found(NamedTuple):
    links: list[tuple[str, str, int]]  # (target, path, line)
    images: list[tuple[str, str, str, int]]  # (key, src, path, line): images.key


class _Markdown:
    """Renders Markdown strings of one file, remembers their links and images and
    reports HTML in them that the sanitizer would remove (sanitize.py)."""

    def __init__(self, check: Checker, source: str = ""):
        self.check = check
        self.path = check.path
        self.file_lines = source.split("\n")  # to find the lines of a YAML text in (value)
        self.links: list[tuple[str, str, int]] = []
        self.found = Found(self.links, [])

    def __call__(self, text: str, line) -> str:
        """The HTML of `text`; `line` is the file line it starts on, or a function
        from an offset in `text` to its file line (markdown.line_at)."""
        html = render_markdown(text)
        for target, link_line in find_links(text, line, html):
            if is_unsafe(target):
                self.check.error(link_line, f"link '{target}' is not allowed (expected {SAFE_ADDRESS})")
            else:
                self.links.append((target, self.path, link_line))
        if might_hold_html(text):
            from opstage_build.content.sanitize import html_problems  # only then: it loads html.parser and nh3

            for problem_line, message in html_problems(html, text, line):
                self.check.error(problem_line, message)
        if "<img" in html:
            html = self._images(text, line, html)
        return html

    def _images(self, text: str, line, html: str) -> str:
        """Check each image's address and alt text; its `src` becomes a stand-in
        (images.token) until the build knows the file's final name."""
        for image in find_images(text, line, html):
            src, at_line = image["src"], image["line"]
            if is_unsafe(src):
                continue  # javascript:, data:, file:: the sanitizer's problem says so
            if images.is_web_address(src) or not src.strip():
                self.check.error(at_line, f"image '{src}' is not a file of this lesson package (expected a file in "
                                          f"the content folder, e.g. ![Wat je ziet](foto.jpg) beside this file: "
                                          f"the site loads nothing from elsewhere)")
                continue
            if image["decorative"] and image["alt"]:
                self.check.error(at_line, f"image '{src}' is marked decoratief but has alt text '{image['alt']}' "
                                          f"(expected ![](...){{: .decoratief}} for a picture that only decorates, "
                                          f"or alt text without .decoratief)")
            elif not image["decorative"] and not image["alt"]:
                self.check.error(at_line, f"image '{src}' has no alt text (expected ![what the picture shows]({src}), "
                                          f"or ![]({src}){{: .decoratief}} for a picture that only decorates)")
            named = images.key(images.resolve(self.path, src))
            self.found.images.append((named, src, self.path, at_line))
            tag, (start, end) = image["tag"], image["src_at"]
            html = html.replace(tag, f'{tag[:start]}src="{images.token(named)}"{tag[end:]}', 1)
        return html

    def value(self, node: Node, key: str, check: Checker, what: str) -> str:
        """Render the Markdown string under `key`, each of its lines at its file line."""
        text = check.text(node, key, what)
        if not text:
            return ""
        span = getattr(node, "spans", {}).get(key)
        if span is None or not isinstance(node.get(key), str):  # a number, say
            return self(text, check.line_of(node, key))
        return self(text, line_finder(text, self.file_lines, span))


def _root(value, check: Checker, what: str) -> Node | None:
    if value is None:
        check.error(1, f"{what} is empty (expected YAML with keys such as 'titel: ...')")
        return None
    return check.mapping(value, 1, what)


def _open_yaml(text: str, path: str, what: str):
    """Start on a YAML file: `(check, md, root)`; root is None if unreadable."""
    check = Checker(path)
    md = _Markdown(check, text)
    data, problems = parse_yaml(text, path)
    check.problems += problems
    return check, md, (None if problems else _root(data, check, what))


def _open_front_matter(text: str, path: str, what: str):
    """Start on a Markdown file: `(check, md, root, body, body_line)`."""
    check = Checker(path)
    md = _Markdown(check, text)
    meta, body, body_line, problems = parse_front_matter(text, path)
    check.problems += problems
    return check, md, (None if problems else _root(meta, check, what)), body, body_line


# -- fields ------------------------------------------------------------------

def parse_field(node, line: int, check: Checker, md: _Markdown, what: str) -> Field | None:
    node = check.mapping(node, line, what)
    if node is None:
        return None
    kind = node.get("type")
    if kind is None:
        check.error(node.line, f"missing required key 'type' in {what} (expected one of: {schema.one_of(FIELD_TYPES)})")
        return None
    if kind not in FIELD_TYPES:
        check.error(check.line_of(node, "type"), f"unknown field type '{kind}' (expected one of: {schema.one_of(FIELD_TYPES)})")
        return None
    spec = FIELD_TYPES[kind]
    if kind == "uitleg":
        check.keys(node, ("type",) + spec.keys, ("type",) + spec.required, f"{what} (type uitleg)")
        return Field(type=kind, html=shift_headings(md.value(node, "tekst", check, what)), path=check.path, line=node.line)

    check.keys(node, COMMON_FIELD_KEYS + spec.keys, ("id", "type", "label") + spec.required, f"{what} (type {kind})")
    field = Field(
        type=kind,
        id=check.check_id(node.get("id", ""), check.line_of(node, "id"), what) if "id" in node else "",
        label=check.text(node, "label", what),
        hulp=check.text(node, "hulp", what),
        path=check.path,
        line=check.line_of(node, "id"),
    )
    if spec.read:
        spec.read(field, node, check, what)
    return field


def _parse_number(node: Node, check: Checker, what: str) -> int:
    if "nummer" not in node:
        return 0
    found = len(check.problems)
    number = check.integer(node, "nummer", what, default=0)
    if len(check.problems) == found and number < 1:  # 'een' is reported once, as not a number
        check.error(check.line_of(node, "nummer"), f"'nummer' in {what} must be 1 or higher (found {number})")
    return number


# -- files -------------------------------------------------------------------

def parse_card(text: str, path: str):
    check, md, node, body, body_line = _open_front_matter(text, path, "the front matter of an opdrachtkaart")
    if node is None:
        return None, check.problems, md.found
    what = "an opdrachtkaart"
    check.keys(node, schema.CARD_KEYS, schema.CARD_REQUIRED, what)
    nummer = _parse_number(node, check, what)
    werkbladen = check.int_list(node, "werkbladen", what) if "werkbladen" in node else []
    vraag = None
    if "vraag" in node:
        vraag = parse_field(node["vraag"], check.line_of(node, "vraag"), check, md, "the 'vraag' of the card")
        if vraag is not None and not vraag.is_question:
            check.error(check.line_of(node, "vraag"), "'vraag' on a card must be a question (expected a type other than 'uitleg')")
            vraag = None
    handleiding = Handleiding("", "", "")
    if "handleiding" in node:
        part = check.mapping(node["handleiding"], check.line_of(node, "handleiding"), "'handleiding'")
        if part is not None:
            check.keys(part, schema.HANDLEIDING_KEYS, schema.HANDLEIDING_KEYS, "'handleiding' of the card")
            handleiding = Handleiding(*(md.value(part, key, check, "'handleiding'") for key in schema.HANDLEIDING_KEYS))
    before = len(md.links)
    body_html = shift_headings(md(body, body_line))
    card = Card(
        nummer=nummer,
        titel=check.text(node, "titel", what),
        samenvatting=check.text(node, "samenvatting", what),
        werkbladen=werkbladen,
        body=body_html,
        handleiding=handleiding,
        vraag=vraag,
        path=path,
        line=check.line_of(node, "nummer"),
        werkbladen_line=check.line_of(node, "werkbladen"),
        body_links=[target for target, _, _ in md.links[before:]],
        beeld=_parse_beeld(node, check, md, what),
    )
    return card, check.problems, md.found


def _parse_beeld(node: Node, check: Checker, md: _Markdown, what: str) -> str:
    """The card's picture: one of the project's own (beelden.NAMES), "" for the default,
    or a file beside the card (a file name with its suffix), as an image of the card."""
    if "beeld" not in node:
        return ""
    found = len(check.problems)
    name = check.text(node, "beeld", what)
    if name in beelden.NAMES:
        return name
    if len(check.problems) > found:
        return ""  # not text (a list, say): check.text reported it
    line, names = check.line_of(node, "beeld"), schema.one_of(beelden.NAMES)
    if not name:
        check.error(line, f"'beeld' is empty (expected one of: {names}; or leave the line out for the plain picture)")
    elif PurePosixPath(name).suffix:
        if images.is_web_address(name) or is_unsafe(name):
            check.error(line, f"'beeld' '{name}' is not a file of this lesson package (expected a file beside the "
                              f"card, such as mijn-tekening.png, or one of: {names})")
            return ""
        named = images.small(images.resolve(check.path, name), beelden.WIDTH)
        md.found.images.append((named, name, check.path, line))
        return images.token(named)
    else:
        check.error(line, f"unknown beeld '{name}' (expected one of: {names}, or a file beside the card such as "
                          f"mijn-tekening.png)")
    return ""


def parse_worksheet(text: str, path: str):
    check, md, node = _open_yaml(text, path, "a werkblad")
    if node is None:
        return None, check.problems, md.found
    what = "a werkblad"
    check.keys(node, schema.WORKSHEET_KEYS, schema.WORKSHEET_REQUIRED, what)
    velden = []
    for index, (item, line) in enumerate(_items(node, "velden", check)):
        field = parse_field(item, line, check, md, f"field {index + 1} of 'velden'")
        if field is not None:
            velden.append(field)
    sheet = Worksheet(
        nummer=_parse_number(node, check, what),
        titel=check.text(node, "titel", what),
        intro=shift_headings(md.value(node, "intro", check, what)),
        velden=velden,
        path=path,
        line=check.line_of(node, "nummer"),
    )
    return sheet, check.problems, md.found


def parse_page(text: str, path: str, keys: tuple[str, ...] = schema.PAGE_KEYS):
    check, md, node, body, body_line = _open_front_matter(text, path, "the front matter")
    if node is None:
        return None, check.problems, md.found
    check.keys(node, keys, schema.PAGE_KEYS, "the front matter")
    intro = md.value(node, "intro", check, "the front matter") if "intro" in node else ""
    page = Page(titel=check.text(node, "titel", "the page"), body=md(body, body_line), path=path, intro=intro)
    return page, check.problems, md.found


def parse_handleiding(text: str, path: str):
    """docent/handleiding.md: a page whose `intro` (optional) stands above its table of contents."""
    return parse_page(text, path, schema.HANDLEIDING_PAGE_KEYS)


def parse_routekaart(text: str, path: str):
    check, md, node = _open_yaml(text, path, "the routekaart")
    if node is None:
        return None, check.problems, md.found
    what = "the routekaart"
    check.keys(node, schema.ROUTEKAART_KEYS, schema.ROUTEKAART_REQUIRED, what)
    fases = []
    for item, line in _items(node, "fases", check):
        fase = check.mapping(item, line, "a fase")
        if fase is None:
            continue
        check.keys(fase, ("id", "titel"), ("id", "titel"), "a fase")
        fases.append({"id": check.check_id(fase.get("id", ""), check.line_of(fase, "id"), "a fase"),
                      "titel": check.text(fase, "titel", "a fase")})
    fase_ids = [f["id"] for f in fases]
    rollen = []
    for item, line in _items(node, "rollen", check):
        rol = check.mapping(item, line, "a rol")
        if rol is None:
            continue
        check.keys(rol, ("titel", "taken"), ("titel", "taken"), "a rol")
        taken = {}
        per_fase = check.mapping(rol.get("taken"), check.line_of(rol, "taken"), "'taken'") if "taken" in rol else None
        for fase_id in (per_fase or {}):
            if fase_id not in fase_ids:
                check.error(per_fase.lines[fase_id], f"unknown fase '{fase_id}' in 'taken' (expected one of: {schema.one_of(fase_ids)})")
                continue
            taken[fase_id] = check.text_list(per_fase, fase_id, "'taken'")
        rollen.append({"titel": check.text(rol, "titel", "a rol"), "taken": taken})
    kaart = Routekaart(
        titel=check.text(node, "titel", what),
        intro=md.value(node, "intro", check, what),
        fases=fases,
        rollen=rollen,
        informatie=md.value(node, "informatie", check, what),
        informatie_titel=check.text(node, "informatie_titel", what) if "informatie_titel" in node else "",
        path=path,
    )
    return kaart, check.problems, md.found


def parse_site_config(text: str, path: str):
    """Return `(settings, problems, found)`; settings is a dict of model values."""
    check, md, node = _open_yaml(text, path, "site.yaml")
    if node is None:
        return None, check.problems, md.found
    check.keys(node, schema.SITE_KEYS, schema.SITE_REQUIRED, "site.yaml")
    sleutel = check.text(node, "sleutel", "site.yaml")
    if "sleutel" in node and not schema.ID_PATTERN.match(sleutel):
        check.error(node.lines["sleutel"], f"'sleutel' '{sleutel}' is not valid (expected lowercase letters, digits and '-')")
    korte_naam = check.text(node, "korte_naam", "site.yaml") if "korte_naam" in node else sleutel
    if "korte_naam" in node and not schema.ID_PATTERN.match(korte_naam):
        check.error(node.lines["korte_naam"], f"'korte_naam' '{korte_naam}' is not valid: it starts the names of "
                                              f"answer files (expected lowercase letters, digits and '-', e.g. op-stage)")
    delen = []
    for item, line in _items(node, "delen", check):
        deel = check.mapping(item, line, "a deel")
        if deel is None:
            continue
        check.keys(deel, ("titel", "kaarten"), ("titel", "kaarten"), "a deel")
        kaarten = check.int_list(deel, "kaarten", "a deel") if "kaarten" in deel else []
        delen.append(Part(check.text(deel, "titel", "a deel"), kaarten, check.line_of(deel, "kaarten")))
    links = []
    for item, line in _items(node, "links", check):
        link = check.mapping(item, line, "a link")
        if link is None:
            continue
        check.keys(link, ("titel", "url", "uitleg"), ("titel", "url"), "a link")
        url = check.text(link, "url", "a link")
        if url and not url.startswith(("http://", "https://")):
            check.error(check.line_of(link, "url"), f"url '{url}' is not a web address (expected it to start with https://)")
        links.append(Link(check.text(link, "titel", "a link"), url, check.text(link, "uitleg", "a link")))
    teksten = dict(DEFAULT_TEKSTEN)
    if "teksten" in node:
        custom = check.mapping(node["teksten"], node.lines["teksten"], "'teksten'")
        for key in custom or {}:
            if key not in DEFAULT_TEKSTEN:
                check.error(custom.lines[key], f"unknown key '{key}' in 'teksten' (expected one of: {schema.one_of(DEFAULT_TEKSTEN)})")
            else:
                teksten[key] = check.text(custom, key, "'teksten'")
    settings = {
        "titel": check.text(node, "titel", "site.yaml"),
        "ondertitel": check.text(node, "ondertitel", "site.yaml"),
        "sleutel": sleutel,
        "korte_naam": korte_naam,
        "delen": delen,
        "links": links,
        "teksten": teksten,
    }
    return settings, check.problems, md.found


def _items(node: Node, key: str, check: Checker):
    if key not in node:
        return []
    seq = check.sequence(node[key], node.lines[key], f"'{key}'")
    return list(zip(seq, seq.lines)) if seq is not None else []
