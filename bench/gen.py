"""Synthetic content for the build benchmark: N werkbladen of about 400 words,
one opdrachtkaart per 10 werkbladen linking them, in our own format
(content/), the same text as plain Markdown for MkDocs (mkdocs/) and as a
minimal Hugo site of those Markdown pages (hugo/).

    python bench/gen.py N OUT     writes OUT/content/, OUT/mkdocs/ and OUT/hugo/

Deterministic: the same N gives the same files. `touch_werkblad(content, n)`
changes one werkblad's text, for the rebuild-after-one-change timing.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = ("stage bedrijf werk leerling docent praktijk begeleider afspraak opdracht vraag antwoord "
         "collega klant winkel kassa magazijn zorg school klas plan dag week taak hulp verslag "
         "gesprek mail telefoon rooster pauze kleding tijd nieuw goed samen leren maken vragen "
         "kijken helpen schrijven bellen zoeken vinden denken weten doen gaan komen zien zeggen "
         "je jij ik wij zij het een de en of maar want dus als dan ook nog al niet wel heel veel "
         "mooi moeilijk leuk handig belangrijk eerst daarna later vandaag morgen altijd soms").split()

PER_CARD = 10


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def paragraph(rng: random.Random, words: int) -> str:
    out, count = [], 0
    while count < words:
        n = rng.randint(6, 12)
        out.append(sentence(rng, n))
        count += n
    return " ".join(out)


def werkblad_text(n: int, kaart: int) -> dict:
    """About 400 words: intro (Markdown with a list and a link), an uitleg block, labelled fields."""
    rng = random.Random(n)
    return {
        "titel": sentence(rng, 4)[:-1],
        "intro": (f"{paragraph(rng, 90)}\n\n## {sentence(rng, 3)[:-1]}\n\n"
                  + "".join(f"- **{rng.choice(WORDS)}**: {sentence(rng, 7)}\n" for _ in range(4))
                  + f"\n{paragraph(rng, 40)} Terug naar [kaart {kaart}](#kaart-{kaart}).\n"),
        "uitleg": f"{paragraph(rng, 80)}\n\n1. {sentence(rng, 8)}\n2. {sentence(rng, 8)}\n3. {sentence(rng, 8)}\n",
        "vragen": [(kind, sentence(rng, 10), sentence(rng, 8)) for kind in ("tekst", "lang", "keuze", "lang", "tekst")],
        "opties": [sentence(rng, 3)[:-1] for _ in range(3)],
    }


def card_text(k: int, werkbladen: list[int]) -> dict:
    rng = random.Random(100_000 + k)
    return {
        "titel": sentence(rng, 4)[:-1],
        "samenvatting": sentence(rng, 9),
        "body": (f"{paragraph(rng, 60)}\n\n## Wat ga je doen?\n\n"
                 + "".join(f"- Maak [werkblad {w}](#werkblad-{w}).\n" for w in werkbladen)
                 + f"\n## Waarom?\n\n{paragraph(rng, 60)}\n"),
        "handleiding": {k2: paragraph(rng, 30) for k2 in ("voorbereiding", "doel", "werkwijze")},
    }


def indent(text: str, by: int) -> str:
    return "".join(" " * by + line if line.strip() else line for line in text.splitlines(keepends=True))


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cards_for(n: int) -> dict[int, list[int]]:
    return {k: list(range((k - 1) * PER_CARD + 1, min(k * PER_CARD, n) + 1)) for k in range(1, (n - 1) // PER_CARD + 2)}


def werkblad_yaml(n: int, kaart: int, extra: str = "") -> str:
    t = werkblad_text(n, kaart)
    lines = [f"nummer: {n}", f"titel: {quote(t['titel'])}", "intro: |", indent(t["intro"] + extra, 2).rstrip("\n"), "velden:",
             "  - type: uitleg", "    tekst: |", indent(t["uitleg"], 6).rstrip("\n")]
    for i, (kind, label, hulp) in enumerate(t["vragen"]):
        lines += [f"  - id: wb{n}-v{i}", f"    type: {kind}", f"    label: {quote(label)}", f"    hulp: {quote(hulp)}"]
        if kind == "keuze":
            lines.append("    opties:")
            lines += [f"      o{n}: {quote(o)}" for n, o in enumerate(t["opties"], 1)]
    return "\n".join(lines) + "\n"


def card_md(k: int, werkbladen: list[int]) -> str:
    c = card_text(k, werkbladen)
    front = [f"nummer: {k}", f"titel: {quote(c['titel'])}", f"samenvatting: {quote(c['samenvatting'])}",
             f"werkbladen: [{', '.join(map(str, werkbladen))}]", "handleiding:"]
    for key, text in c["handleiding"].items():
        front += [f"  {key}: |", indent(text, 4).rstrip("\n")]
    return "---\n" + "\n".join(front) + "\n---\n" + c["body"]


def write_content(n: int, folder: Path) -> None:
    cards = cards_for(n)
    (folder / "kaarten").mkdir(parents=True, exist_ok=True)
    (folder / "werkbladen").mkdir(parents=True, exist_ok=True)
    (folder / "docent").mkdir(parents=True, exist_ok=True)
    site = ["titel: Op stage (benchmark)", "ondertitel: Synthetische inhoud", "sleutel: bench", "delen:"]
    for start in range(1, len(cards) + 1, 10):
        group = list(range(start, min(start + 10, len(cards) + 1)))
        site += [f"  - titel: Deel {(start - 1) // 10 + 1}", f"    kaarten: [{', '.join(map(str, group))}]"]
    site += ["links: []"]
    (folder / "site.yaml").write_text("\n".join(site) + "\n", encoding="utf-8")
    for k, sheets in cards.items():
        (folder / "kaarten" / f"{k:04d}-kaart.md").write_text(card_md(k, sheets), encoding="utf-8")
        for w in sheets:
            (folder / "werkbladen" / f"{w:04d}-werkblad.yaml").write_text(werkblad_yaml(w, k), encoding="utf-8")
    rng = random.Random(7)
    for name in ("handleiding", "reflectie", "stagedocument"):
        (folder / "docent" / f"{name}.md").write_text(f"---\ntitel: {name.capitalize()}\n---\n{paragraph(rng, 200)}\n", encoding="utf-8")
    (folder / "docent" / "routekaart.yaml").write_text(
        "titel: Stageroutekaart\nintro: Wie doet wat.\nfases:\n  - id: voor\n    titel: Voor\nrollen:\n"
        "  - titel: Leerling\n    taken:\n      voor:\n        - Zoekt een plek.\ninformatie: Meer informatie.\n", encoding="utf-8")


def write_mkdocs(n: int, folder: Path) -> None:
    """The same text as plain Markdown pages; MkDocs builds its own nav from the files."""
    cards = cards_for(n)
    docs = folder / "docs"
    (docs / "kaarten").mkdir(parents=True, exist_ok=True)
    (docs / "werkbladen").mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text("site_name: Op stage (benchmark)\ntheme: mkdocs\nmarkdown_extensions: [extra, sane_lists]\n", encoding="utf-8")
    (docs / "index.md").write_text("# Op stage\n\n" + "".join(f"- [Kaart {k}](kaarten/kaart-{k}.md)\n" for k in cards), encoding="utf-8")
    for k, sheets in cards.items():
        c = card_text(k, sheets)
        body = c["body"].replace("(#werkblad-", "(../werkbladen/werkblad-").replace(")\n", ")\n")
        body = "".join(line.replace(")", ".md)", 1) if "werkbladen/werkblad-" in line else line for line in body.splitlines(keepends=True))
        handleiding = "".join(f"### {key}\n\n{text}\n\n" for key, text in c["handleiding"].items())
        (docs / "kaarten" / f"kaart-{k}.md").write_text(f"# {c['titel']}\n\n{c['samenvatting']}\n\n{body}\n## Handleiding\n\n{handleiding}", encoding="utf-8")
        for w in sheets:
            t = werkblad_text(w, k)
            intro = t["intro"].replace(f"(#kaart-{k})", f"(../kaarten/kaart-{k}.md)")
            vragen = "".join(f"### {label}\n\n{hulp}\n\n" for _, label, hulp in t["vragen"])
            (docs / "werkbladen" / f"werkblad-{w}.md").write_text(f"# {t['titel']}\n\n{intro}\n{t['uitleg']}\n{vragen}", encoding="utf-8")


HUGO_CONFIG = """baseURL = "/"
title = "Op stage (benchmark)"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
"""
# One layout for every page: the page's HTML in a bare document, and a list of links on a section
HUGO_LAYOUT = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main>
{{ if .IsNode }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
</body></html>
"""


def write_hugo(mkdocs_folder: Path, folder: Path) -> None:
    """A minimal Hugo site of the MkDocs pages (the same Markdown): each page's
    first heading becomes its title, the rest its content."""
    (folder / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for kind in ("single", "list"):
        (folder / "layouts" / "_default" / f"{kind}.html").write_text(HUGO_LAYOUT, encoding="utf-8")
    (folder / "layouts" / "index.html").write_text(HUGO_LAYOUT, encoding="utf-8")
    docs = mkdocs_folder / "docs"
    for page in sorted(docs.rglob("*.md")):
        title, _, body = page.read_text(encoding="utf-8").partition("\n")
        rel = page.relative_to(docs)
        target = folder / "content" / (rel.with_name("_index.md") if rel.name == "index.md" else rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\ntitle: {quote(title.lstrip('# '))}\n---\n{body}", encoding="utf-8")


def touch_werkblad(content: Path, n: int, round_: int) -> None:
    """Change the text of werkblad `n` (a different sentence each round)."""
    k = (n - 1) // PER_CARD + 1
    extra = f"\nGewijzigd in ronde {round_}.\n"
    (content / "werkbladen" / f"{n:04d}-werkblad.yaml").write_text(werkblad_yaml(n, k, extra), encoding="utf-8")


if __name__ == "__main__":
    count, out = int(sys.argv[1]), Path(sys.argv[2])
    write_content(count, out / "content")
    write_mkdocs(count, out / "mkdocs")
    write_hugo(out / "mkdocs", out / "hugo")
    print(f"{count} werkbladen, {len(cards_for(count))} kaarten in {out}")
