"""Markdown to HTML, and the internal links a Markdown text contains.

Rendering is the main cost of a build, so results are cached by the text
itself: a rebuild (or `serve`) only converts what changed. Python-Markdown is
imported on the first conversion only: when every file comes from the build
cache (content/cache.py), a build never needs it.
"""

from __future__ import annotations

import re

_converter = None
_cache: dict[str, str] = {}


def _make_converter():
    """Markdown Extra (the extensions "extra" stands for) with sane lists.

    The extensions are given as objects, not by name: a name makes
    Python-Markdown look through every installed package for it
    (importlib.metadata), which took a tenth of a small site's build.
    """
    import markdown
    from markdown.extensions import abbr, attr_list, def_list, fenced_code, footnotes, md_in_html, sane_lists, tables

    extra = [fenced_code.FencedCodeExtension(), footnotes.FootnoteExtension(), attr_list.AttrListExtension(),
             def_list.DefListExtension(), tables.TableExtension(), abbr.AbbrExtension(), md_in_html.MarkdownInHtmlExtension()]
    return markdown.Markdown(extensions=[*extra, sane_lists.SaneListExtension()], output_format="html")

# [text](target) and <a href="target"> in Markdown source
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|href=\"([^\"]+)\"")


def load_converter() -> None:
    """Load Python-Markdown now rather than at the first conversion (serve does
    this after its first build, so that the first edit is as quick as the rest)."""
    global _converter
    if _converter is None:
        _converter = _make_converter()


def render_markdown(text: str) -> str:
    """Return the HTML for `text` (cached by content)."""
    html = _cache.get(text)
    if html is None:
        load_converter()
        html = _converter.reset().convert(text)
        _cache[text] = html
    return html


def find_links(text: str, first_line: int = 1) -> list[tuple[str, int]]:
    """Return `(target, line)` for every link in Markdown `text`."""
    found = []
    for match in _LINK.finditer(text):
        target = match.group(1) or match.group(2)
        line = first_line + text.count("\n", 0, match.start())
        found.append((target, line))
    return found


def is_external(target: str) -> bool:
    return re.match(r"^(https?:|mailto:|tel:)", target) is not None


_HEADING = re.compile(r"<(/?)h([1-5])\b")


def shift_headings(html: str, by: int = 1) -> str:
    """Move every heading `by` levels down, so `##` in a card body sits under the card's own title."""
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + by, 6)}", html)
