"""What content may contain: keys, field types, and a checker that collects problems.

The checker never stops at the first problem: it records each one with its
line and returns a usable default, so a single run reports everything.
"""

from __future__ import annotations

import re

from opstage_build.content.yamlparse import Node, Seq
from opstage_build.errors import Problem

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Names an object in the browser already has (Object.prototype and friends):
# as ids they could clash with the scripts' maps, so content may not use them.
RESERVED_IDS = frozenset({"constructor", "prototype", "__proto__", "hasownproperty", "isprototypeof",
                          "propertyisenumerable", "tolocalestring", "tostring", "valueof"})

CARD_KEYS = ("nummer", "titel", "samenvatting", "werkbladen", "beeld", "vraag", "handleiding")
CARD_REQUIRED = ("nummer", "titel", "samenvatting", "werkbladen")
HANDLEIDING_KEYS = ("voorbereiding", "doel", "werkwijze")
WORKSHEET_KEYS = ("nummer", "titel", "intro", "velden")
WORKSHEET_REQUIRED = ("nummer", "titel", "velden")
SITE_KEYS = ("titel", "ondertitel", "sleutel", "korte_naam", "delen", "links", "teksten")
SITE_REQUIRED = ("titel", "sleutel")
PAGE_KEYS = ("titel",)
HANDLEIDING_PAGE_KEYS = ("titel", "intro")
ROUTEKAART_KEYS = ("titel", "intro", "fases", "rollen", "informatie", "informatie_titel")
ROUTEKAART_REQUIRED = ("titel", "fases", "rollen")


def one_of(names) -> str:
    return ", ".join(names)


class Checker:
    """Collects problems for one file while reading values out of parsed YAML."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    # -- shapes ---------------------------------------------------------
    def mapping(self, value, line: int, what: str) -> Node | None:
        if isinstance(value, Node):
            return value
        self.error(line, f"{what} must be a list of 'key: value' lines (found {_kind(value)})")
        return None

    def sequence(self, value, line: int, what: str) -> Seq | None:
        if isinstance(value, Seq):
            return value
        self.error(line, f"{what} must be a list with '- ' items (found {_kind(value)})")
        return None

    def keys(self, node: Node, allowed, required, what: str) -> None:
        for key in node:
            if key not in allowed:
                self.error(node.lines[key], f"unknown key '{key}' in {what} (expected one of: {one_of(allowed)})")
        for key in required:
            if key not in node:
                self.error(node.line, f"missing required key '{key}' in {what} (expected a line '{key}: ...')")

    # -- values ---------------------------------------------------------
    def line_of(self, node: Node, key: str) -> int:
        return node.lines.get(key, node.line)

    def text(self, node: Node, key: str, what: str, default: str = "") -> str:
        value = node.get(key, default)
        if value is None:
            value = ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(self.line_of(node, key), f"'{key}' in {what} must be text (found {_kind(value)})")
            return default
        return value.strip()

    def integer(self, node: Node, key: str, what: str, default: int = 0) -> int:
        value = node.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(self.line_of(node, key), f"'{key}' in {what} must be a whole number (found {_kind(value)})")
            return default
        return value

    def text_list(self, node: Node, key: str, what: str, minimum: int = 0) -> list[str]:
        value = node.get(key)
        if value is None:
            return []
        seq = self.sequence(value, self.line_of(node, key), f"'{key}' in {what}")
        if seq is None:
            return []
        result = []
        for item, line in zip(seq, seq.lines):
            if isinstance(item, (Node, Seq)) or item is None:
                self.error(line, f"each item of '{key}' in {what} must be text (found {_kind(item)})")
            else:
                result.append(str(item).strip())
        if len(result) < minimum:
            self.error(self.line_of(node, key), f"'{key}' in {what} needs at least {minimum} items (found {len(result)})")
        return result

    def int_list(self, node: Node, key: str, what: str) -> list[int]:
        value = node.get(key)
        seq = self.sequence(value, self.line_of(node, key), f"'{key}' in {what}")
        if seq is None:
            return []
        result = []
        for item, line in zip(seq, seq.lines):
            if isinstance(item, bool) or not isinstance(item, int):
                self.error(line, f"each item of '{key}' in {what} must be a number (found {_kind(item)})")
            else:
                result.append(item)
        return result

    def id_map(self, node: Node, key: str, what: str, minimum: int = 1) -> list[tuple[str, str]]:
        """A mapping `id: text` such as `opties`, `stellingen` or `items`, in source order.

        Answers store the ids, so the texts can be reworded freely; ids and
        texts must each be unique within the mapping.
        """
        value = node.get(key)
        line_of_key = self.line_of(node, key)
        if isinstance(value, Seq):
            self.error(line_of_key, f"'{key}' in {what} is a list, but every choice needs an id (expected one 'id: text' line per choice, e.g. 'keuze-1: {str(value[0]) if value else 'Ja'}')")
            return []
        mapping = self.mapping(value, line_of_key, f"'{key}' in {what}")
        if mapping is None:
            return []
        result, texts = [], {}
        for sub_id, text in mapping.items():
            line = mapping.lines[sub_id]
            sub_id = self.check_id(sub_id, line, f"an entry of '{key}'")
            if isinstance(text, (Node, Seq)) or text is None:
                self.error(line, f"'{sub_id}' in '{key}' must be followed by text (found {_kind(text)})")
                continue
            text = str(text).strip()
            if text in texts:
                self.error(line, f"text '{text}' appears twice in '{key}' (also at line {texts[text]}; expected each text once)")
            texts.setdefault(text, line)
            result.append((sub_id, text))
        if len(result) < minimum:
            self.error(line_of_key, f"'{key}' in {what} needs at least {minimum} 'id: text' lines (found {len(result)})")
        return result

    def check_id(self, value, line: int, what: str) -> str:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.error(line, f"id '{value}' of {what} is not valid (expected lowercase letters, digits and '-', e.g. 'wb3-beroep')")
            return str(value)
        if value in RESERVED_IDS:
            self.error(line, f"id '{value}' of {what} is a word the browser uses itself (expected another id, e.g. 'wb3-{value}')")
        return value


def _kind(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (Node, dict)):
        return "a group of keys"
    if isinstance(value, (Seq, list)):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{value}'"
