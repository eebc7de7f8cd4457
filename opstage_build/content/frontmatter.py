"""Split a Markdown file into YAML front matter and body. Pure: no I/O."""

from __future__ import annotations

from opstage_build.content.yamlparse import parse_yaml
from opstage_build.errors import Problem

FENCE = "---"


def parse_front_matter(text: str, path: str):
    """Return `(meta, body, body_line, problems)`; `meta` is None when empty.

    `body_line` is the line of the file where the body starts, so problems
    found later in the body can still be reported with the right line.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return None, text, 1, [Problem(
            path, 1, "no front matter found (expected the file to start with a line '---', "
            "then YAML such as 'titel: ...', then a line '---')")]
    for index in range(1, len(lines)):
        if lines[index].strip() == FENCE:
            meta_text = "".join(lines[1:index])
            body = "".join(lines[index + 1:])
            meta, problems = parse_yaml(meta_text, path, first_line=2)
            return meta, body, index + 2, problems
    return None, text, 1, [Problem(
        path, 1, "front matter is not closed (expected a second line '---' after the YAML)")]
