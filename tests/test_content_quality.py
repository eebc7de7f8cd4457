"""Quality checks for the lesson content in content/.

These tests read the content files directly (PyYAML plus a simple front
matter split); they do not use the opstage_build package.

- Readability: every text a student reads (opdrachtkaarten and werkbladen)
  must score at least 60 on the Flesch-Douma scale (textstat with language
  "nl"). A report with all scores is printed (run pytest with -s to see it).
- Spelling: all Dutch text is checked with hunspell (nl_NL) plus the project
  word list tests/wordlist-nl.txt. Needs the Debian packages hunspell and
  hunspell-nl; the test is skipped when they are missing.
- Structure of this package: the headings every card has, field ids of the
  form wbN-..., every field type used at least once, the handleiding linking
  every card. Rules for any lesson package (numbering, each card linking its
  werkbladen, required keys, teacher pages) are the loader's problems instead
  (opstage_build/content/loader.py, tested in tests/test_cli.py); nothing here
  counts cards, werkbladen or ids, so adding a werkblad as content/README.md
  says never breaks a test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
WORDLIST = Path(__file__).resolve().parent / "wordlist-nl.txt"

MIN_FLESCH_DOUMA = 60

FIELD_TYPES = {
    "tekst", "lang", "keuze", "meerkeuze", "stellingen", "tabel",
    "datum", "checklist", "schaal", "foto", "uitleg",
}

ID_PATTERN = re.compile(r"^[a-z0-9-]+$")


# --------------------------------------------------------------------------
# Loading


def split_front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    assert lines and lines[0].strip() == "---", f"{rel(path)}: no front matter"
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            meta = yaml.safe_load("".join(lines[1:index])) or {}
            return meta, "".join(lines[index + 1:])
    raise AssertionError(f"{rel(path)}: front matter is not closed")


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def card_files() -> list[Path]:
    return sorted((CONTENT / "kaarten").glob("*.md"))


def werkblad_files() -> list[Path]:
    return sorted(p for p in (CONTENT / "werkbladen").iterdir() if p.suffix in (".yaml", ".yml"))


@pytest.fixture(scope="module")
def cards() -> dict[int, tuple[Path, dict, str]]:
    result = {}
    for path in card_files():
        meta, body = split_front_matter(path)
        result[meta["nummer"]] = (path, meta, body)
    return result


@pytest.fixture(scope="module")
def werkbladen() -> dict[int, tuple[Path, dict]]:
    result = {}
    for path in werkblad_files():
        data = load_yaml(path)
        result[data["nummer"]] = (path, data)
    return result


# --------------------------------------------------------------------------
# Turning content into plain Dutch text

_URL = re.compile(r"(https?://|mailto:|www\.)\S+")
_DOMAIN = re.compile(r"\b[\w-]+\.(?:nl|com|org|html)\b")
_CODE = re.compile(r"`[^`]*`")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]+>")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def strip_markdown(text: str) -> list[str]:
    """Return the lines of `text` as plain text, without Markdown syntax.

    Table rows are split into one line per cell. Empty lines are dropped.
    """
    out = []
    for raw in text.splitlines():
        if _TABLE_RULE.match(raw):
            continue
        line = _CODE.sub(" ", raw)
        line = _IMAGE.sub(r"\1", line)
        line = _LINK.sub(r"\1", line)
        line = _URL.sub(" ", line)
        line = _DOMAIN.sub(" ", line)
        line = _HTML_TAG.sub(" ", line)
        line = _HEADING.sub("", line)
        line = _LIST_MARK.sub("", line)
        for _ in range(2):
            line = _EMPHASIS.sub(r"\2", line)
        line = line.replace("*", "")
        cells = line.split("|") if "|" in line else [line]
        for cell in cells:
            cell = " ".join(cell.split())
            if cell:
                out.append(cell)
    return out


def as_sentences(lines: list[str]) -> str:
    """Join text units so that each one ends as a sentence.

    A heading, label or list item is a unit of its own for the reader, so it
    gets a full stop when it has no end mark (a trailing colon counts as one).
    """
    result = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if line.endswith(":"):
            line = line[:-1] + "."
        elif line[-1] not in ".!?":
            line += "."
        result.append(line)
    return "\n".join(result)


def field_texts(field: dict) -> list[str]:
    """All Dutch text of one werkblad field (or card question)."""
    texts: list[str] = []
    if field.get("type") == "uitleg":
        texts += strip_markdown(str(field.get("tekst", "")))
        return texts
    for key in ("label", "hulp"):
        if field.get(key):
            texts += strip_markdown(str(field[key]))
    if field.get("opties"):
        # a row of short options reads as one list
        texts.append(", ".join(str(o) for o in field["opties"].values()))
    for key in ("stellingen", "items"):
        for value in (field.get(key) or {}).values():
            texts += strip_markdown(str(value))
    for kolom in field.get("kolommen") or []:
        texts += strip_markdown(str(kolom.get("label", "")))
    schaal = [str(field[k]) for k in ("laag", "hoog") if field.get(k)]
    if schaal:
        texts.append(", ".join(schaal))
    return texts


def card_student_text(meta: dict, body: str) -> list[str]:
    texts = [str(meta.get("titel", "")), str(meta.get("samenvatting", ""))]
    texts += strip_markdown(body)
    if meta.get("vraag"):
        texts += field_texts(meta["vraag"])
    return texts


def card_teacher_text(meta: dict) -> list[str]:
    texts = []
    for value in (meta.get("handleiding") or {}).values():
        texts += strip_markdown(str(value))
    return texts


def werkblad_text(data: dict) -> list[str]:
    texts = [str(data.get("titel", ""))]
    texts += strip_markdown(str(data.get("intro", "")))
    for field in data.get("velden") or []:
        texts += field_texts(field)
    return texts


def page_text(path: Path) -> list[str]:
    meta, body = split_front_matter(path)
    return [str(meta.get("titel", ""))] + strip_markdown(body)


def routekaart_text(data: dict) -> list[str]:
    texts = [str(data.get("titel", ""))]
    texts += strip_markdown(str(data.get("intro", "")))
    texts += [str(f.get("titel", "")) for f in data.get("fases") or []]
    for rol in data.get("rollen") or []:
        texts.append(str(rol.get("titel", "")))
        for taken in (rol.get("taken") or {}).values():
            for taak in taken or []:
                texts += strip_markdown(str(taak))
    texts += strip_markdown(str(data.get("informatie", "")))
    return texts


def site_text(data: dict) -> list[str]:
    texts = [str(data.get(k, "")) for k in ("titel", "ondertitel")]
    texts += [str(d.get("titel", "")) for d in data.get("delen") or []]
    for link in data.get("links") or []:
        texts += [str(link.get("titel", "")), str(link.get("uitleg", ""))]
    texts += [str(v) for v in (data.get("teksten") or {}).values()]
    return texts


def student_texts() -> dict[str, str]:
    """File -> the text a student reads in it."""
    result = {}
    for path in card_files():
        meta, body = split_front_matter(path)
        result[rel(path)] = as_sentences(card_student_text(meta, body))
    for path in werkblad_files():
        result[rel(path)] = as_sentences(werkblad_text(load_yaml(path)))
    return result


def teacher_texts() -> dict[str, str]:
    """File -> the text a teacher or company reads in it."""
    result = {}
    for path in card_files():
        meta, _ = split_front_matter(path)
        result[rel(path) + " (handleiding)"] = as_sentences(card_teacher_text(meta))
    for name in ("handleiding.md", "reflectie.md", "stagedocument.md"):
        path = CONTENT / "docent" / name
        result[rel(path)] = as_sentences(page_text(path))
    path = CONTENT / "docent" / "routekaart.yaml"
    result[rel(path)] = as_sentences(routekaart_text(load_yaml(path)))
    path = CONTENT / "site.yaml"
    result[rel(path)] = as_sentences(site_text(load_yaml(path)))
    return result


def spelling_texts() -> dict[str, str]:
    """File -> all Dutch text in it, one text unit a line, as written."""
    result = {}
    for path in card_files():
        meta, body = split_front_matter(path)
        lines = card_student_text(meta, body) + card_teacher_text(meta)
        result[rel(path)] = "\n".join(lines)
    for path in werkblad_files():
        result[rel(path)] = "\n".join(werkblad_text(load_yaml(path)))
    for name in ("handleiding.md", "reflectie.md", "stagedocument.md"):
        path = CONTENT / "docent" / name
        result[rel(path)] = "\n".join(page_text(path))
    path = CONTENT / "docent" / "routekaart.yaml"
    result[rel(path)] = "\n".join(routekaart_text(load_yaml(path)))
    path = CONTENT / "site.yaml"
    result[rel(path)] = "\n".join(site_text(load_yaml(path)))
    path = CONTENT / "README.md"  # the guide for content editors; its examples are code, not prose
    guide = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    guide = re.sub(r"`[^`]*`-", "", guide)  # "`.md`-bestanden": the code is the first half of the word
    result[rel(path)] = "\n".join(strip_markdown(guide))
    return result


# --------------------------------------------------------------------------
# a) Readability


def flesch_douma(text: str) -> float:
    import textstat

    # For "nl" textstat uses the Flesch-Douma constants:
    # 206.835 - 0.93 * words/sentence - 77 * syllables/word
    textstat.set_lang("nl")
    return textstat.flesch_reading_ease(text)


def test_readability_of_student_texts():
    pytest.importorskip("textstat")
    scores = {name: flesch_douma(text) for name, text in student_texts().items()}
    info = {name: flesch_douma(text) for name, text in teacher_texts().items()}

    print(f"\nFlesch-Douma per file (student texts must score >= {MIN_FLESCH_DOUMA})")
    for name, score in scores.items():
        mark = "ok " if score >= MIN_FLESCH_DOUMA else "LOW"
        print(f"  {mark} {score:6.1f}  {name}")
    print("Teacher texts (for information, no minimum)")
    for name, score in info.items():
        print(f"      {score:6.1f}  {name}")

    too_hard = {n: round(s, 1) for n, s in scores.items() if s < MIN_FLESCH_DOUMA}
    assert not too_hard, (
        f"these student texts score below {MIN_FLESCH_DOUMA} (Flesch-Douma); "
        f"use shorter sentences and shorter words: {too_hard}")


# --------------------------------------------------------------------------
# b) Spelling


def hunspell_available() -> bool:
    if shutil.which("hunspell") is None:
        return False
    dirs = [Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts")]
    return any((d / "nl_NL.dic").exists() for d in dirs)


def project_words() -> list[str]:
    words = []
    for line in WORDLIST.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(line)
    return words


def unknown_words(text: str) -> list[str]:
    proc = subprocess.run(
        ["hunspell", "-d", "nl_NL", "-p", str(WORDLIST), "-l"],
        input=text, capture_output=True, text=True, encoding="utf-8", check=True)
    allowed = set(project_words())
    found = {w.strip(".,:;!?()'\"") for w in proc.stdout.split()}
    return sorted(w for w in found if w and w not in allowed)


def test_wordlist_is_clean():
    words = project_words()
    assert words, "tests/wordlist-nl.txt is empty"
    assert len(words) == len(set(words)), "tests/wordlist-nl.txt has duplicates"
    for word in words:
        assert " " not in word, f"one word per line in the word list, got {word!r}"


@pytest.mark.skipif(not hunspell_available(),
                    reason="hunspell with the nl_NL dictionary is not installed "
                           "(apt-get install hunspell hunspell-nl)")
def test_spelling():
    problems = {}
    for name, text in spelling_texts().items():
        words = unknown_words(text)
        if words:
            problems[name] = words
    report = "\n".join(f"  {name}: {', '.join(words)}" for name, words in problems.items())
    assert not problems, (
        "hunspell (nl_NL) does not know these words. Fix the spelling, or add a "
        "real word to tests/wordlist-nl.txt:\n" + report)


# --------------------------------------------------------------------------
# c) Structure


def test_card_required_keys(cards):
    """Op stage gives every card a handleiding and the same three headings (the loader
    requires neither: another lesson package may do without)."""
    for path, meta, body in cards.values():
        assert meta.get("handleiding"), f"{rel(path)}: missing handleiding"
        for key in ("voorbereiding", "doel", "werkwijze"):
            assert str(meta["handleiding"].get(key, "")).strip(), \
                f"{rel(path)}: handleiding.{key} is empty"
        for heading in ("## Wat ga je doen?", "## Wat heb je nodig?", "## Zo pak je het aan"):
            assert heading in body, f"{rel(path)}: missing heading {heading!r}"


def all_fields(cards, werkbladen):
    """(where, werkblad number or None, field) for every field on the site."""
    for nummer, (path, data) in werkbladen.items():
        for field in data.get("velden") or []:
            yield rel(path), nummer, field
    for path, meta, _ in cards.values():
        if meta.get("vraag"):
            yield rel(path), None, meta["vraag"]


def test_every_field_type_is_used(cards, werkbladen):
    used = {field.get("type") for _, _, field in all_fields(cards, werkbladen)}
    assert used <= FIELD_TYPES, f"unknown field types: {used - FIELD_TYPES}"
    assert FIELD_TYPES <= used, f"field types never used: {FIELD_TYPES - used}"


def test_field_ids(cards, werkbladen):
    seen: dict[str, str] = {}
    for where, nummer, field in all_fields(cards, werkbladen):
        if field.get("type") == "uitleg":
            assert "id" not in field and "label" not in field, where
            assert str(field.get("tekst", "")).strip(), f"{where}: empty uitleg"
            continue
        fid = field.get("id", "")
        assert ID_PATTERN.match(fid), f"{where}: bad id {fid!r}"
        assert fid not in seen, f"{where}: id {fid!r} also used in {seen[fid]}"
        seen[fid] = where
        if nummer is not None:
            assert fid.startswith(f"wb{nummer}-"), f"{where}: id {fid!r} should start with wb{nummer}-"
        assert str(field.get("label", "")).strip(), f"{where}: {fid} has no label"


def test_fields_have_their_extra_keys(cards, werkbladen):
    for where, _, field in all_fields(cards, werkbladen):
        kind = field.get("type")
        fid = field.get("id", "uitleg")
        if kind in ("keuze", "meerkeuze", "stellingen"):
            assert len(field.get("opties") or []) >= 2, f"{where}: {fid} needs opties"
        if kind == "stellingen":
            assert field.get("stellingen"), f"{where}: {fid} needs stellingen"
        if kind == "checklist":
            assert field.get("items"), f"{where}: {fid} needs items"
        if kind == "tabel":
            kolommen = field.get("kolommen") or []
            assert kolommen, f"{where}: {fid} needs kolommen"
            for kolom in kolommen:
                assert kolom.get("type") in ("tekst", "lang", "datum"), f"{where}: {fid}"
                assert ID_PATTERN.match(str(kolom.get("id", ""))), f"{where}: {fid}"


def test_site_yaml():
    site = load_yaml(CONTENT / "site.yaml")
    for link in site["links"]:
        assert link.get("uitleg"), f"link {link['url']} has no uitleg"


def test_handleiding_links_to_every_card(cards):
    _, body = split_front_matter(CONTENT / "docent" / "handleiding.md")
    for nummer in cards:
        assert f"](#kaart-{nummer})" in body, f"handleiding.md has no link to kaart {nummer}"
