"""bundles.join: each run of stylesheet links and of deferred scripts becomes one file."""

import re

from opstage_build.bundles import join

SOURCES = {"css/a.css": b"a{color:red}", "css/b.css": b"b{color:blue}",
           "js/x.js": b"var x=1", "js/y.js": b"var y=x+1", "js/enable.js": b"go()"}

PAGE = """<head>
<link rel="stylesheet" href="assets/css/a.css">
<link rel="stylesheet" href="assets/css/b.css">
<script src="assets/js/enable.js"></script>
<script defer src="assets/js/x.js"></script>
<script defer src="assets/js/y.js"></script>
</head>"""


def test_a_run_of_links_becomes_one_link_to_the_parts_in_order():
    pages, files, joined = join({"index.html": PAGE}, SOURCES.__getitem__)
    html = pages["index.html"]
    css = re.findall(r'href="assets/(css/[^"]+)"', html)
    js = re.findall(r'src="assets/(js/[^"]+)"', html)
    assert len(css) == 1 and re.fullmatch(r"css/index\.[0-9a-f]{10}\.css", css[0])
    assert js[0] == "js/enable.js", "a blocking script stays apart, first"
    assert len(js) == 2 and re.fullmatch(r"js/index\.[0-9a-f]{10}\.js", js[1])
    assert html.index("enable.js") < html.index(js[1])
    assert files[f"assets/{css[0]}"] == b"a{color:red}\nb{color:blue}"
    assert files[f"assets/{js[1]}"] == b"var x=1;\nvar y=x+1"
    assert joined == {"css/a.css", "css/b.css", "js/x.js", "js/y.js"}


def test_the_name_follows_the_contents():
    first = join({"index.html": PAGE}, SOURCES.__getitem__)[1]
    changed = join({"index.html": PAGE}, {**SOURCES, "js/y.js": b"var y=2"}.__getitem__)[1]
    assert [n for n in first if n.endswith(".css")] == [n for n in changed if n.endswith(".css")]
    assert [n for n in first if n.endswith(".js")] != [n for n in changed if n.endswith(".js")]


def test_a_single_link_stays_and_its_file_is_still_written():
    alone = '<link rel="stylesheet" href="assets/css/a.css">\n<script defer src="assets/js/x.js"></script>'
    pages, files, joined = join({"index.html": PAGE, "other.html": alone}, SOURCES.__getitem__)
    assert pages["other.html"] == alone and len(files) == 2
    assert joined == {"css/b.css", "js/y.js"}, "a.css and x.js are still linked on their own"


def test_only_plain_links_to_own_assets_are_joined():
    page = ('<link rel="stylesheet" href="assets/css/a.css" media="print">\n'
            '<link rel="stylesheet" href="assets/css/b.css">\n'
            '<script defer src="https://example.org/x.js"></script>\n<script defer src="assets/js/y.js"></script>\n'
            '<p>text</p>\n<script defer src="assets/js/x.js"></script>')
    pages, files, joined = join({"index.html": page, "data.json": PAGE}, SOURCES.__getitem__)
    assert pages == {"index.html": page, "data.json": PAGE} and files == {} and joined == set()


def test_links_below_the_head_are_kept_with_their_files():
    page = PAGE + '\n<body><p>x</p><script defer src="assets/js/y.js"></script>\n<script defer src="assets/js/x.js"></script>'
    pages, files, joined = join({"index.html": page}, SOURCES.__getitem__)
    assert pages["index.html"].endswith('<body><p>x</p><script defer src="assets/js/y.js"></script>\n'
                                        '<script defer src="assets/js/x.js"></script>')
    assert joined == {"css/a.css", "css/b.css"}, "x.js and y.js are still linked on their own"


def test_a_part_that_means_something_else_inside_a_joined_file_keeps_its_run_apart():
    sources = {**SOURCES, "css/b.css": b'@IMPORT url("font.css");b{color:blue}', "js/y.js": b'"use strict";var y=1'}
    pages, files, joined = join({"index.html": PAGE}, sources.__getitem__)
    assert pages["index.html"] == PAGE and files == {} and joined == set()


def test_odd_file_names_are_read_as_the_browser_reads_them():
    sources = {"css/a&b.css": b"a{}", "css/x*/y.css": b"y{}", "js/x.js": b"1", "js/y.js": b"2"}
    page = ('<link rel="stylesheet" href="assets/css/a&amp;b.css">\n<link rel="stylesheet" href="assets/css/x*/y.css">\n'
            '<script defer src="assets/js/x.js"></script>\n<script defer src="assets/js/weg.js"></script>')
    pages, files, joined = join({"index.html": page}, sources.__getitem__)
    css = next(data for name, data in files.items() if name.endswith(".css"))
    assert css == b"a{}\ny{}"
    assert pages["index.html"].endswith('<script defer src="assets/js/x.js"></script>\n'
                                        '<script defer src="assets/js/weg.js"></script>'), "an unknown file: left as is"
    assert joined == {"css/a&b.css", "css/x*/y.css"}
