"""Markdown to HTML, and the internal links a Markdown text contains.

Rendering is the main cost of a build: each text is converted once (its links
are read from that HTML), and the build cache (content/cache.py) keeps whole
parse results, so a rebuild converts only what changed. Python-Markdown is
imported on the first conversion only: when every file comes from the build
cache, a build never needs it.
"""

from __future__ import annotations

import re

_converter = None


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

# <a href="..."> in rendered HTML; text Markdown shows as code is escaped there (&lt;a), so never matches
_HREF = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_ID = re.compile(r"""\bid\s*=\s*["']?([^"'\s>]+)""")
# [label]: target, the definition of a reference link
_REF_DEF = re.compile(r"^ {0,3}\[([^\]\n^][^\]\n]*)\]:[ \t]*<?([^\s>]+)>?[^\n]*", re.M)  # not [^1]: a footnote


def load_converter() -> None:
    """Load Python-Markdown now rather than at the first conversion (serve does
    this after its first build, so that the first edit is as quick as the rest)."""
    global _converter
    if _converter is None:
        _converter = _make_converter()


def render_markdown(text: str) -> str:
    """Return the HTML for `text`."""
    load_converter()
    return _converter.reset().convert(text)


def find_links(text: str, first_line: int = 1, html: str | None = None) -> list[tuple[str, int]]:
    """Return `(target, line)` for every link of Markdown `text`: every `href` of its
    HTML (reference links, raw HTML, autolinks; nothing inside code), at the line of
    the source where the link is written (a reference link: where it is used, or else
    its `[label]: target` line). A link to a part of the text itself (a footnote) is
    left out: it always works. `html` is `render_markdown(text)` if the caller has it."""
    if html is None:
        html = render_markdown(text)
    if "href" not in html:
        return []
    from html import unescape

    own = set(_ID.findall(html))
    targets = [unescape(next(g for g in match.groups() if g is not None)) for match in _HREF.finditer(html)]
    targets = [t for t in targets if not (t.startswith("#") and t[1:] in own)]
    return list(zip(targets, _lines_of(text, first_line, targets)))


def find_images(text: str, first_line: int = 1, html: str | None = None) -> list[dict]:
    """Every image of Markdown `text` (`![alt](src)`, reference images, raw `<img>`;
    nothing inside code), in order: `{"src", "alt", "decorative", "line", "tag", "src_at"}`,
    `tag` being the `<img ...>` of `html` (`render_markdown(text)`) it became and
    `src_at` the span of its src attribute in `tag` (None without one)."""
    if html is None:
        html = render_markdown(text)
    if "<img" not in html:
        return []
    from html import unescape

    images = []
    for tag in _IMG.findall(html):
        found = {m[1].lower(): m for m in _ATTRIBUTE.finditer(tag, 4)}
        value = {name: unescape(next(v for v in m.groups()[1:] if v is not None))  # an unused group is None
                 for name, m in found.items()}
        images.append({"src": value.get("src", ""), "alt": value.get("alt", "").strip(),
                       "decorative": "decoratief" in value.get("class", "").split(), "tag": tag,
                       "src_at": found["src"].span() if "src" in found else None})
    for image, line in zip(images, _lines_of(text, first_line, [i["src"] for i in images])):
        image["line"] = line
    return images


_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def line_at(first_line, text: str, offset: int) -> int:
    """The file line of `offset` in `text`: `first_line` is the line `text` starts on,
    or a function from offset to line (a YAML text whose line breaks were folded,
    yamlparse.line_finder)."""
    return first_line(offset) if callable(first_line) else first_line + text.count("\n", 0, offset)


def _lines_of(text: str, first_line, targets: list[str]) -> list[int]:
    """The source line of each of `targets` (in the order the HTML has them): where it
    is next written, or a `[label]` whose reference definition gives it."""
    source = mask_code(text)
    definitions: dict[str, list[re.Match]] = {}
    if "]:" in source:
        for definition in _REF_DEF.finditer(source):
            definitions.setdefault(definition[2], []).append(definition)
        source = _REF_DEF.sub(lambda m: " " * len(m[0]), source)  # a definition is not where a link is used
    lines, searched_from = [], {}
    for target in targets:
        start, end = _written_at(source, target, definitions.get(target), searched_from.get(target, 0))
        if start < 0 and "&" in target:  # raw HTML writes & as &amp;
            escaped = target.replace("&", "&amp;")
            start, end = _written_at(source, escaped, None, searched_from.get(target, 0))
        if start >= 0:
            searched_from[target] = end
            lines.append(line_at(first_line, source, start))
        elif target in definitions:
            lines.append(line_at(first_line, source, definitions[target][0].start()))
        else:  # written otherwise (encoded, say): the line of the previous one
            lines.append(lines[-1] if lines else line_at(first_line, source, 0))
    return lines


def _written_at(source: str, target: str, definitions: list[re.Match] | None, after: int) -> tuple[int, int]:
    """Where `target` is next written in `source` from `after`: itself, or a `[label]` that
    a reference definition gives it. (-1, -1) if nowhere."""
    if not definitions:  # the usual case: a plain search
        at = source.find(target, after)
        return at, at + len(target)
    labels = "|".join(rf"\[{re.escape(d[1])}\]" for d in definitions)
    match = re.compile(f"{re.escape(target)}|{labels}", re.I).search(source, after)
    return (match.start(), match.end()) if match else (-1, -1)


_CODE = re.compile(r"^ {0,3}(```+|~~~+).*?^ {0,3}\1|(`+)[^\n]*?\2", re.M | re.S)


def mask_code(source: str) -> str:
    """`source` with fenced code blocks and code spans blanked out (lines kept), so
    that searching it finds what Markdown turned into HTML, not what it showed as code."""
    if "`" not in source and "~~~" not in source:
        return source
    return _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)


def is_external(target: str) -> bool:
    return re.match(r"^(https?:|mailto:|tel:)", target) is not None


SAFE_ADDRESS = "a web address such as https://..., mailto:, tel:, or a page or part of this site"

# '<' starts HTML, '{' an attribute list, '![' an image (its address is checked too)
_MIGHT_HOLD_HTML = re.compile(r"<|\{|!\[")


def might_hold_html(text: str) -> bool:
    """Whether `text` needs the HTML check of sanitize.py."""
    return _MIGHT_HOLD_HTML.search(text) is not None


def is_unsafe(target: str) -> bool:
    """A link with a scheme other than those of is_external: javascript:, data:, file:, ..."""
    return re.match(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:", target) is not None and not is_external(target)


_HEADING = re.compile(r"<(/?)h([1-5])\b")


def shift_headings(html: str, by: int = 1) -> str:
    """Move every heading `by` levels down, so `##` in a card body sits under the card's own title."""
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + by, 6)}", html)
