"""Raw HTML in content is checked, not passed on: whatever the sanitizer would remove is a problem.

Markdown lets an editor write HTML, and Python-Markdown's `{: ...}` attribute
lists let them add attributes to what Markdown makes. Both go through nh3
(the Python binding of the Rust sanitizer ammonia) with the allowlist below,
the one documented in docs/content-format.md. The build does not silently
publish the cleaned HTML either: anything nh3 would drop (a `<script>`, a
`<meta http-equiv="refresh">`, an `onerror`, a `javascript:` link) is
reported at the line of the source where it was written, so the editor sees
what would not work.

This module (and nh3) is imported only for a text that can hold such things
(markdown.might_hold_html): a build without HTML in its content never loads it.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from opstage_build.content.markdown import SAFE_ADDRESS, line_at, mask_code

# Everything Markdown makes, and a few inline tags an editor may want.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
})
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "th": {"style"},  # Markdown's column alignment: style="text-align: ..." and nothing else
    "td": {"style"},
}
STYLE_PROPERTIES = {"text-align"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}  # and addresses without a scheme (pages of the site)
URL_ATTRIBUTES = ("href", "src")

EXPECTED = "expected Markdown, or HTML from the list in docs/content-format.md"


def html_problems(html: str, source: str, first_line: int = 1) -> list[tuple[int, str]]:
    """`(line, message)` for everything nh3 would remove from `html`, the rendering of `source`."""
    import nh3  # only here: most texts need no sanitizer at all

    cleaned = nh3.clean(html, tags=set(ALLOWED_TAGS), attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                        url_schemes=set(URL_SCHEMES), filter_style_properties=set(STYLE_PROPERTIES),
                        link_rel=None, strip_comments=False)
    if cleaned == html:
        return []
    before, after = _Elements.of(html), _Elements.of(cleaned)
    finder = _Finder(source, first_line)
    problems = []
    removed_tags = before.tags - after.tags
    for tag, count in removed_tags.items():
        for _ in range(count):
            line = finder.line(rf"<{re.escape(tag)}(?=[\s/>])")
            if tag in ALLOWED_TAGS:
                problems.append((line, f"HTML <{tag}> is not in a place where HTML allows it, so it would be left "
                                       f"out (expected valid HTML, e.g. <td> only in a <tr> of a <table>)"))
            else:
                problems.append((line, f"HTML <{tag}> is not allowed in content ({EXPECTED})"))
    for (tag, name, value), count in (before.attributes - after.attributes).items():
        # A removed tag's attributes go with it (one problem, not one each); a link's
        # address is checked with the other links (parse._Markdown), also in plain Markdown.
        if tag in removed_tags or (tag, name) == ("a", "href"):
            continue
        for _ in range(count):
            if name in URL_ATTRIBUTES and value:
                line = finder.line(re.escape(value), rf"\b{name}\s*=")
                problems.append((line, f"address '{value}' is not allowed (expected {SAFE_ADDRESS})"))
            elif name in ALLOWED_ATTRIBUTES.get(tag, ()) or name in ALLOWED_ATTRIBUTES["*"]:
                line = finder.line(rf"\b{re.escape(name)}\s*=")
                problems.append((line, f"{name}=\"{value}\" on <{tag}> is not allowed ({EXPECTED})"))
            else:
                line = finder.line(rf"\b{re.escape(name)}\s*=", rf"\b{re.escape(name)}\b")
                problems.append((line, f"attribute '{name}' on <{tag}> is not allowed ({EXPECTED})"))
    return sorted(problems)


class _Elements(HTMLParser):
    """How often each start tag and each (tag, attribute, value) occurs in some HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.attributes: Counter = Counter()

    @classmethod
    def of(cls, html: str) -> "_Elements":
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for name, value in attrs:
            value = value or ""
            if name == "style":  # nh3 writes "text-align: left;" as "text-align:left"
                value = re.sub(r"\s+", "", value).rstrip(";").lower()
            self.attributes[(tag, name, value)] += 1

    handle_startendtag = handle_starttag


class _Finder:
    """The source line of the next match of a pattern, in order, outside code."""

    def __init__(self, source: str, first_line):
        self.source = mask_code(source)
        self.first_line = first_line
        self.after: dict[str, int] = {}  # pattern -> where its last match ended

    def line(self, *patterns: str) -> int:
        for pattern in patterns:
            match = re.compile(pattern, re.I).search(self.source, self.after.get(pattern, 0))
            if match:
                self.after[pattern] = match.end()
                return line_at(self.first_line, self.source, match.start())
        return line_at(self.first_line, self.source, 0)
