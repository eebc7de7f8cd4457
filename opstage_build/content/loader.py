"""Read content/ into a validated `Site`, or raise `ContentError` with every problem.

File reading happens here and only here; parsing is delegated to the pure
functions in `parse.py`. After every file is parsed, the loader checks what
spans files: numbers, ids, which card links which werkblad, and links.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

from opstage_build.content import parse
from opstage_build.content.markdown import is_external
from opstage_build.content.model import Page, Routekaart, Site
from opstage_build.content.source import bad_byte_line, read_source
from opstage_build.errors import ContentError, Problem, unexpected

# The pages the build may write, each from the template of the same name (render.py);
# links in content may point at these and nothing else. A teacher page is
# written only when its file exists (Site.pages); index and nakijken always.
PAGES = ("index.html", "handleiding.html", "routekaart.html", "stagedocument.html", "nakijken.html")
PRINT_VIEW = "index.html?afdrukken"  # every werkblad blank, to print (assets/js/enable.js); a link may point at it


def read_text(path: Path, rel: str, problems: list[Problem]) -> str | None:
    try:
        return read_source(path)
    except UnicodeDecodeError as err:
        byte = err.object[err.start]
        problems.append(Problem(rel, bad_byte_line(err), f"file is not UTF-8 text: byte 0x{byte:02x} on this line "
                                f"cannot be read (expected a file saved as UTF-8)"))
    except OSError as err:
        problems.append(Problem(rel, 1, f"cannot read file ({err.strerror})"))
    return None


def parse_each(jobs: list[tuple]) -> list:
    """For each job `(parser, text, path)`: what `parser(text, path)` returns, or the
    exception it raised. A cache (content/cache.py) offers one that reuses results."""
    results = []
    for parser, text, path in jobs:
        try:
            results.append(parser(text, path))
        except Exception as err:  # a bug of ours, still reported at its file
            results.append(err)
    return results


def load_site(content_dir: Path, parse_all=parse_each) -> Site:
    """Read every content file, parse them all (`parse_all`, as `parse_each`), then check
    what spans files. Raises ContentError with every problem."""
    content_dir = Path(content_dir)
    root = Path.cwd()
    _folders.clear()
    problems: list[Problem] = []
    links: list[tuple[str, str, int, str]] = []  # target, path, line, page it lands on
    image_refs: list[tuple[str, str, str, int]] = []  # key (images.key), src, path, line

    card_files = _files(content_dir / "kaarten", CARD_SUFFIXES)
    sheet_files = _files(content_dir / "werkbladen", YAML_SUFFIXES)
    docent = content_dir / "docent"
    site_file = _yaml_file(content_dir / "site.yaml")
    teacher = [  # (file, parser, the page its links land on); each optional
        (docent / "handleiding.md", parse.parse_handleiding, "handleiding.html"),
        (docent / "reflectie.md", parse.parse_page, "handleiding.html"),
        (docent / "stagedocument.md", parse.parse_page, "stagedocument.html"),
        (_yaml_file(docent / "routekaart.yaml"), parse.parse_routekaart, "routekaart.html"),
    ]
    files = ([(site_file, parse.parse_site_config, "index.html")] + [(p, parse.parse_card, "index.html") for p in card_files]
             + [(p, parse.parse_worksheet, "index.html") for p in sheet_files] + teacher)
    jobs, read = [], []  # (parser, text, path) and (file, page) of every file read
    listed = set(card_files) | set(sheet_files)  # found in their folder: they exist
    for path, parser, page in files:
        rel = _rel(path, root)
        if path not in listed and not path.is_file():
            if path == site_file:
                problems.append(Problem(rel, 1, "file is missing (expected it to exist)"))
            continue
        text = read_text(path, rel, problems)
        if text is not None:
            jobs.append((parser, text, rel))
            read.append((path, page))
    values: dict[Path, object] = {}
    for (path, page), (_, _, rel), result in zip(read, jobs, parse_all(jobs)):
        if isinstance(result, Exception):
            problems.append(unexpected(result, rel, 1, "while reading this file"))
            continue
        values[path], found_problems, found = result
        problems.extend(found_problems)
        links.extend((target, p, line, page) for target, p, line in found.links)
        image_refs.extend(found.images)

    settings = values.get(site_file)
    cards_read = [values.get(p) for p in card_files]
    sheets_read = [values.get(p) for p in sheet_files]
    kaarten = [c for c in cards_read if c]
    werkbladen = [w for w in sheets_read if w]
    # A card or werkblad that could not be read at all would make every link to
    # it look broken; report only its own problem until it reads again.
    # So would one without a usable number (its own problem says why).
    all_read = (len(kaarten) == len(cards_read) and len(werkbladen) == len(sheets_read)
                and all(item.nummer >= 1 for item in kaarten + werkbladen))
    handleiding, reflectie, stagedocument, routekaart = (values.get(path) for path, _, _ in teacher)
    present = {page for path, _, page in teacher if path.is_file() and path.name != "reflectie.md"}
    pages = tuple(page for page in PAGES if page in present or page in ("index.html", "nakijken.html"))

    kaarten.sort(key=lambda c: c.nummer)
    werkbladen.sort(key=lambda w: w.nummer)
    problems += _check_numbers(kaarten, "opdrachtkaart")
    problems += _check_numbers(werkbladen, "werkblad")
    problems += _check_ids(kaarten, werkbladen)
    if all_read:
        problems += _check_card_links(kaarten, werkbladen)
        problems += _check_card_text_links(kaarten, {w.nummer for w in werkbladen})
        if settings:
            problems += _check_parts(settings["delen"], kaarten, _rel(site_file, root))
        problems += _check_links(links, anchors(kaarten, werkbladen, pages, reflectie is not None))

    pictures, named = {}, set()
    if image_refs:
        from opstage_build.images import check_images  # only a package with images needs it

        pictures, found_problems, named = check_images(image_refs, content_dir)
        problems += found_problems
    used = {path for path, *_ in files}
    warnings = _unused_files(content_dir, used, root, named)
    if problems or settings is None:
        raise ContentError(problems, warnings)
    return Site(
        warnings=warnings,
        titel=settings["titel"],
        ondertitel=settings["ondertitel"],
        sleutel=settings["sleutel"],
        korte_naam=settings["korte_naam"],
        pages=pages,
        teksten=settings["teksten"],
        delen=settings["delen"],
        links=settings["links"],
        kaarten=kaarten,
        werkbladen=werkbladen,
        handleiding=handleiding or Page("", "", ""),
        reflectie=reflectie or Page("", "", ""),
        stagedocument=stagedocument or Page("", "", ""),
        routekaart=routekaart or Routekaart("", "", [], [], "", ""),
        images=pictures,
    )


def _rel(path: Path, root: Path) -> str:
    """The path as a content editor would type it: relative to where they are.

    The folder is resolved (once per folder and build: resolving costs a
    system call per path part, with a thousand files that was a fifth of a
    cached build); the file keeps its own name, also when it is a link.
    """
    folder = _folders.get(path.parent)
    if folder is None:
        try:
            folder = path.parent.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            folder = path.parent.as_posix()
        _folders[path.parent] = folder
    return path.name if folder == "." else f"{folder}/{path.name}"


_folders: dict[Path, str] = {}  # folder -> its relative path; cleared in load_site


CARD_SUFFIXES = (".md",)
YAML_SUFFIXES = (".yaml", ".yml")  # .yml is read like .yaml
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")
# Files an operating system puts in folders by itself: never worth a warning
SYSTEM_FILES = ("thumbs.db", "desktop.ini")


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.suffix.lower() in suffixes and not p.name.startswith((".", "_"))),
                  key=lambda p: p.name)  # comparing names is much faster than comparing paths


def _yaml_file(path: Path) -> Path:
    """`site.yaml`, or `site.yml` when only that one exists."""
    other = path.with_suffix(".yml")
    return other if not path.exists() and other.exists() else path


def _unused_files(content_dir: Path, used: set[Path], root: Path, images: set[str]) -> list[Problem]:
    """A warning for every file in content/ that is neither read as content nor an image
    that content names (a werkblad saved as .txt, a card saved as .docx, a photo no
    text shows, ...). Hidden files and folders (.name) are left alone."""
    used_paths = {str(path) for path in used}  # `images` are resolved paths: only an image is resolved to compare
    image_names = {os.path.basename(image) for image in images}
    warnings = []
    for top, folders, names in os.walk(content_dir):
        folders[:] = [f for f in folders if not f.startswith(".")]
        for name in names:
            path = os.path.join(top, name)
            lower = name.lower()
            if path in used_paths or name.startswith(".") or lower in SYSTEM_FILES or name == "README.md":
                continue
            if name in image_names and os.path.realpath(path) in images:
                continue  # named as an image (one the site cannot show, such as .heic, is a problem of its own)
            if lower.endswith(IMAGE_SUFFIXES):
                if os.path.realpath(path) not in images:
                    warnings.append(Problem(_rel(Path(path), root), 0, "image is not used by the site (expected "
                                            "![what it shows](its name) in a card, werkblad or page)", warning=True))
                continue
            folder = os.path.basename(top) if top != str(content_dir) else ""
            expected = {"kaarten": "cards in kaarten/ end in .md",
                        "werkbladen": "werkbladen in werkbladen/ end in .yaml or .yml"}.get(
                folder, "content files are the ones named in docs/content-format.md; images may be anywhere")
            if name.startswith("_"):
                expected = "a name that starts with '_' is skipped on purpose; " + expected
            warnings.append(Problem(_rel(Path(path), root), 0, f"file is not used by the site ({expected})", warning=True))
    return sorted(warnings)


def _check_numbers(items, what: str) -> list[Problem]:
    problems, seen = [], {}
    for item in items:
        if item.nummer in seen:
            problems.append(Problem(item.path, item.line, f"{what} number {item.nummer} is also used by {seen[item.nummer]} (expected each number once)"))
        elif item.nummer:
            seen[item.nummer] = item.path
    return problems


def _check_card_links(kaarten, werkbladen) -> list[Problem]:
    problems = []
    by_number = {w.nummer: w for w in werkbladen}
    for card in kaarten:
        for nummer in card.werkbladen:
            sheet = by_number.get(nummer)
            if sheet is None:
                known = ", ".join(str(n) for n in sorted(by_number)) or "none"
                problems.append(Problem(card.path, card.werkbladen_line, f"werkblad {nummer} does not exist (expected one of: {known})"))
            elif sheet.kaart:
                problems.append(Problem(card.path, card.werkbladen_line, f"werkblad {nummer} is already listed by opdrachtkaart {sheet.kaart} (expected each werkblad on one card)"))
            else:
                sheet.kaart = card.nummer
    numbers = Counter(w.nummer for w in werkbladen)
    for sheet in werkbladen:
        if not sheet.kaart and numbers[sheet.nummer] == 1:  # a number used twice is a problem of its own
            problems.append(Problem(sheet.path, sheet.line, f"werkblad {sheet.nummer} is not listed by any opdrachtkaart (expected its number under 'werkbladen:' of a card)"))
    return problems


def _check_ids(kaarten, werkbladen) -> list[Problem]:
    problems, seen = [], {}
    fields = [c.vraag for c in kaarten if c.vraag] + [f for w in werkbladen for f in w.vragen]
    for field in fields:
        if not field.id:
            continue
        if field.id in seen:
            first = seen[field.id]
            problems.append(Problem(field.path, field.line, f"duplicate id '{field.id}' (also used at {first.path}:{first.line}; expected every id once in the whole site)"))
        else:
            seen[field.id] = field
        for label, pairs in (("stelling", field.stellingen), ("item", field.items)):
            sub_ids = [s for s, _ in pairs]
            if len(set(sub_ids)) == len(sub_ids):
                continue
            for double in sorted({s for s in sub_ids if sub_ids.count(s) > 1}):
                problems.append(Problem(field.path, field.line, f"{label} id '{double}' appears twice in '{field.id}' (expected each id once)"))
    return problems


def _check_parts(delen, kaarten, path: str) -> list[Problem]:
    problems = []
    known = {c.nummer for c in kaarten}
    placed = set()
    for deel in delen:
        for nummer in deel.kaarten:
            if nummer not in known:
                problems.append(Problem(path, deel.line, f"opdrachtkaart {nummer} in 'delen' does not exist (expected one of: {', '.join(map(str, sorted(known)))})"))
            placed.add(nummer)
    if delen:
        for nummer in sorted(known - placed):
            problems.append(Problem(path, delen[0].line, f"opdrachtkaart {nummer} is in no 'deel' (expected it under 'kaarten:' of one deel)"))
    return problems


def anchors(kaarten, werkbladen, pages=PAGES, reflectie: bool = True) -> dict[str, set[str]]:
    """Every page the build writes (`pages`), with the anchors a link may point at."""
    cards = {f"kaart-{c.nummer}" for c in kaarten}
    sheets = {f"werkblad-{w.nummer}" for w in werkbladen}
    fields = {f"v-{f.id}" for w in werkbladen for f in w.vragen} | {f"v-{c.vraag.id}" for c in kaarten if c.vraag}
    every = {
        "index.html": {"start", "inhoud"} | cards | sheets | fields,
        "handleiding.html": {"inhoud", "algemeen"} | ({"reflectie"} if reflectie else set()) | cards,
        "routekaart.html": {"inhoud"},
        "stagedocument.html": {"inhoud"},
        "nakijken.html": {"inhoud"},
    }
    return {page: every[page] for page in pages}


def _check_card_text_links(kaarten, known: set[int]) -> list[Problem]:
    """A card's text links each werkblad it lists, so a student finds it from the card."""
    linked: dict[str, set[str]] = {}
    for card in kaarten:
        for target in card.body_links:
            file_part, _, anchor = target.partition("#")
            if file_part in ("", "index.html", "./index.html") and anchor.startswith("werkblad-"):
                linked.setdefault(card.path, set()).add(anchor[len("werkblad-"):])
    return [Problem(card.path, card.werkbladen_line,
                    f"opdrachtkaart {card.nummer} lists werkblad {nummer} but its text does not link it "
                    f"(expected a link such as [werkblad {nummer}](#werkblad-{nummer}) in the card)")
            for card in kaarten for nummer in card.werkbladen
            if nummer in known and str(nummer) not in linked.get(card.path, ())]


def _check_links(links, targets: dict[str, set[str]]) -> list[Problem]:
    problems = []
    for target, path, line, page in links:
        if is_external(target):
            continue
        file_part, _, anchor = target.partition("#")
        file_part = re.sub(r"^\./", "", file_part) or page
        if file_part == PRINT_VIEW:
            file_part = "index.html"
        if file_part not in targets:
            problems.append(Problem(path, line, f"broken link '{target}': there is no page '{file_part}' (expected one of: {', '.join(targets)}, or a web address)"))
        elif anchor and anchor not in targets[file_part]:
            problems.append(Problem(path, line, f"broken link '{target}': '{file_part}' has no part '#{anchor}' (expected e.g. #kaart-3 or #werkblad-5)"))
    return problems
