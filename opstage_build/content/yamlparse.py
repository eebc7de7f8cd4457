"""Parse YAML into plain dicts and lists that remember their line numbers.

`parse_yaml(text, path)` is pure: a string in, values or problems out.
Mappings come back as `Node` (a dict) and sequences as `Seq` (a list); both
know the line they start on and the line of every key or item, so the
validator can point a content editor at the exact line.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import yaml

from opstage_build.errors import Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Node(dict):
    """A YAML mapping with `line` (where it starts), `lines[key]` and, for a key
    whose value is text, `spans[key]`: `(line, column, last line, style)` of
    that text in the file (style "|", ">", '"', "'" or "" for plain)."""

    line: int = 0
    lines: dict
    spans: dict


class Seq(list):
    """A YAML sequence with `line` and `lines[index]`."""

    line: int = 0
    lines: list


class _KeyProblem(Exception):
    def __init__(self, line, message):
        self.line, self.message = line, message


class _Loader(_BaseLoader):
    """PyYAML's safe loader with lines kept and YAML 1.2's idea of what is text.

    PyYAML follows YAML 1.1, where `no`, `off`, `ja`-like words (`yes`, `on`,
    `y`, `n`) are booleans, `8:30` is the number 510 and `2024-05-01` a date.
    Here only `true`/`false` are booleans, `null`/`~`/nothing is empty, and
    whole numbers written plainly (`3`, `-1`) are numbers; everything else is
    text, exactly as written.
    """

    line_offset = 0
    yaml_implicit_resolvers: dict = {}

    def _line(self, node) -> int:
        return node.start_mark.line + 1 + self.line_offset

    def construct_node_mapping(self, node):
        result = Node()
        result.line = self._line(node)
        result.lines = {}
        result.spans = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise _KeyProblem(self._line(key_node), f"a key must be a word or a text (found {_shape(key)} "
                                  "before ':'; expected a line such as 'titel: ...')")
            if key in result:
                raise _KeyProblem(self._line(key_node), f"key '{key}' appears twice (expected each key once)")
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = self._line(key_node)
            if isinstance(value_node, yaml.ScalarNode):
                end = value_node.end_mark  # a block (|, >) ends at the start of the line after it
                last = max(self._line(value_node), end.line + (1 if end.column else 0) + self.line_offset)
                result.spans[key] = (self._line(value_node), value_node.start_mark.column, last, value_node.style)
        return result

    def construct_node_sequence(self, node):
        result = Seq(self.construct_object(child, deep=True) for child in node.value)
        result.line = self._line(node)
        result.lines = [self._line(child) for child in node.value]
        return result


def _shape(value) -> str:
    return "a list" if isinstance(value, list) else "a group of keys"


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_node_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_node_sequence)
def _construct_int(loader, node) -> int:
    try:
        return int(node.value)
    except ValueError:  # only an explicit '!!int' gets here with something else
        raise yaml.constructor.ConstructorError(None, None, f"'{node.value}' is not a whole number",
                                                node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"),
                              ["~", "n", "N", ""])
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^-?(?:0|[1-9][0-9]*)$"), list("-0123456789"))


def line_finder(text: str, file_lines: list[str], span: tuple):
    """A function from an offset in `text` (a YAML text at `span`, Node.spans,
    stripped) to its file line. YAML folds the line breaks of plain, folded (>)
    and quoted texts, so each file line of the text is looked up in it, in
    order; a line written otherwise (a quoted \\n) belongs to the one before."""
    start, column, end, style = span
    offsets, lines, searched = [0], [start + (style in ("|", ">"))], 0
    for number in range(start, min(end, len(file_lines)) + 1):
        written = file_lines[number - 1]
        if number == start:
            if style in ("|", ">"):
                continue  # the indicator's line
            written = written[column:]
        key = written.strip().strip("\"'")
        found = text.find(key, searched) if key else -1
        if found >= 0:
            offsets.append(found)
            lines.append(number)
            searched = found + len(key)
    return lambda offset: lines[bisect_right(offsets, offset) - 1]


def parse_yaml(text: str, path: str, first_line: int = 1):
    """Return `(value, problems)`; `first_line` is where `text` starts in the file."""
    loader = _Loader(text)
    loader.line_offset = first_line - 1
    try:
        return loader.get_single_data(), []
    except _KeyProblem as err:
        return None, [Problem(path, err.line, err.message)]
    except yaml.MarkedYAMLError as err:
        # For something left open (a quote, a [list]) the parser notices only
        # later; where it was opened (the context) is where the editor must look.
        left_open = (err.context or "").startswith(("while scanning a quoted", "while parsing a flow"))
        mark = (err.context_mark if left_open else None) or err.problem_mark or err.context_mark
        line = (mark.line + first_line) if mark else first_line
        what = err.problem or "malformed YAML"
        if err.context:
            what = f"{err.context}, {what}"
        lines = text.split("\n")
        written = lines[mark.line] if mark and mark.line < len(lines) else ""
        tabbed = "tab" in what or "\t" in written[:len(written) - len(written.lstrip())]
        hint = "indent with spaces, not tabs" if tabbed else "check indentation and quotes"
        return None, [Problem(path, line, f"malformed YAML: {what} (expected valid YAML; {hint})")]
    except yaml.YAMLError as err:
        return None, [Problem(path, first_line, f"malformed YAML: {err} (expected valid YAML)")]
    finally:
        loader.dispose()
