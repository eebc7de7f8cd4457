"""Field types: the one place in Python that says what each type takes.

Each type names the keys it allows and requires besides the common ones
(id, type, label, hulp) and reads them into the `Field`. The markup of a type
is its branch of `templates/macros/fields.html`; its browser side (read,
write, check, show as text) is its entry in `assets/js/veldtypes.js`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from opstage_build.content.model import Field
from opstage_build.content.schema import Checker
from opstage_build.content.yamlparse import Node

COMMON_FIELD_KEYS = ("id", "type", "label", "hulp")
COLUMN_TYPES = ("tekst", "lang", "datum")


@dataclass(frozen=True)
class FieldType:
    keys: tuple[str, ...] = ()  # extra keys allowed
    required: tuple[str, ...] = ()  # of those, the ones a field must have
    read: Callable[[Field, Node, Checker, str], None] | None = None  # fills the Field from them


def _opties(field: Field, node: Node, check: Checker, what: str) -> None:
    if "opties" in node:
        field.opties = check.id_map(node, "opties", what, minimum=2)


def _stellingen(field: Field, node: Node, check: Checker, what: str) -> None:
    _opties(field, node, check, what)
    if "stellingen" in node:
        field.stellingen = check.id_map(node, "stellingen", what)


def _items(field: Field, node: Node, check: Checker, what: str) -> None:
    if "items" in node:
        field.items = check.id_map(node, "items", what)


def _lang(field: Field, node: Node, check: Checker, what: str) -> None:
    field.regels = check.integer(node, "regels", what, default=5)


def _schaal(field: Field, node: Node, check: Checker, what: str) -> None:
    field.min = check.integer(node, "min", what, default=1)
    field.max = check.integer(node, "max", what, default=5)
    field.laag = check.text(node, "laag", what)
    field.hoog = check.text(node, "hoog", what)
    if not 0 <= field.min < field.max <= field.min + 10:
        check.error(node.line, f"scale from {field.min} to {field.max} is not usable (expected min below max, at most 11 steps)")


def _tabel(field: Field, node: Node, check: Checker, what: str) -> None:
    field.rijen = check.integer(node, "rijen", what, default=3)
    seq = check.sequence(node.get("kolommen"), check.line_of(node, "kolommen"), f"'kolommen' in {what}")
    if seq is None:
        return
    seen = set()
    for item, line in zip(seq, seq.lines):
        column = check.mapping(item, line, "a column")
        if column is None:
            continue
        check.keys(column, ("id", "label", "type"), ("id", "label"), "a column of 'kolommen'")
        col_id = check.check_id(column.get("id", ""), check.line_of(column, "id"), "a column")
        col_type = column.get("type", "tekst")
        if col_type not in COLUMN_TYPES:
            check.error(check.line_of(column, "type"), f"unknown column type '{col_type}' (expected one of: {', '.join(COLUMN_TYPES)})")
        if col_id in seen:
            check.error(line, f"column id '{col_id}' appears twice (expected each column id once)")
        seen.add(col_id)
        field.kolommen.append({"id": col_id, "label": check.text(column, "label", "a column"), "type": col_type})
    if not field.kolommen:
        check.error(seq.line, f"'kolommen' in {what} is empty (expected at least one column)")


FIELD_TYPES: dict[str, FieldType] = {
    "tekst": FieldType(),
    "lang": FieldType(("regels",), (), _lang),
    "keuze": FieldType(("opties",), ("opties",), _opties),
    "meerkeuze": FieldType(("opties",), ("opties",), _opties),
    "stellingen": FieldType(("opties", "stellingen"), ("opties", "stellingen"), _stellingen),
    "tabel": FieldType(("kolommen", "rijen"), ("kolommen",), _tabel),
    "datum": FieldType(),
    "checklist": FieldType(("items",), ("items",), _items),
    "schaal": FieldType(("min", "max", "laag", "hoog"), (), _schaal),
    "foto": FieldType(),
    "uitleg": FieldType(("tekst",), ("tekst",)),  # not a question: Markdown between questions
}
