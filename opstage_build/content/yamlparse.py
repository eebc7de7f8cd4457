"""Parse YAML into plain dicts and lists that remember their line numbers.

`parse_yaml(text, path)` is pure: a string in, values or problems out.
Mappings come back as `Node` (a dict) and sequences as `Seq` (a list); both
know the line they start on and the line of every key or item, so the
validator can point a content editor at the exact line.
"""

from __future__ import annotations

import yaml

from opstage_build.errors import Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Node(dict):
    """A YAML mapping with `line` (where it starts) and `lines[key]`."""

    line: int = 0
    lines: dict


class Seq(list):
    """A YAML sequence with `line` and `lines[index]`."""

    line: int = 0
    lines: list


class _DuplicateKey(Exception):
    def __init__(self, key, line):
        self.key, self.line = key, line


class _Loader(_BaseLoader):
    line_offset = 0

    def _line(self, node) -> int:
        return node.start_mark.line + 1 + self.line_offset

    def construct_node_mapping(self, node):
        result = Node()
        result.line = self._line(node)
        result.lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in result:
                raise _DuplicateKey(key, self._line(key_node))
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = self._line(key_node)
        return result

    def construct_node_sequence(self, node):
        result = Seq(self.construct_object(child, deep=True) for child in node.value)
        result.line = self._line(node)
        result.lines = [self._line(child) for child in node.value]
        return result


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_node_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_node_sequence)


def parse_yaml(text: str, path: str, first_line: int = 1):
    """Return `(value, problems)`; `first_line` is where `text` starts in the file."""
    loader = _Loader(text)
    loader.line_offset = first_line - 1
    try:
        return loader.get_single_data(), []
    except _DuplicateKey as err:
        return None, [Problem(path, err.line, f"key '{err.key}' appears twice (expected each key once)")]
    except yaml.MarkedYAMLError as err:
        # For something left open (a quote, a [list]) the parser notices only
        # later; where it was opened (the context) is where the editor must look.
        left_open = (err.context or "").startswith(("while scanning a quoted", "while parsing a flow"))
        mark = (err.context_mark if left_open else None) or err.problem_mark or err.context_mark
        line = (mark.line + first_line) if mark else first_line
        what = err.problem or "malformed YAML"
        if err.context:
            what = f"{err.context}, {what}"
        return None, [Problem(path, line, f"malformed YAML: {what} (expected valid YAML; check indentation and quotes)")]
    except yaml.YAMLError as err:
        return None, [Problem(path, first_line, f"malformed YAML: {err} (expected valid YAML)")]
    finally:
        loader.dispose()
