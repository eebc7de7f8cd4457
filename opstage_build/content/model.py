"""The validated site model that templates render. Plain data, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Field:
    """One question on a werkblad or card (or an `uitleg` text block)."""

    type: str
    id: str = ""
    label: str = ""
    hulp: str = ""
    opties: list[tuple[str, str]] = field(default_factory=list)  # (id, text), as stellingen and items
    stellingen: list[tuple[str, str]] = field(default_factory=list)
    items: list[tuple[str, str]] = field(default_factory=list)
    kolommen: list[dict] = field(default_factory=list)
    rijen: int = 3
    min: int = 1
    max: int = 5
    laag: str = ""
    hoog: str = ""
    regels: int = 5
    html: str = ""  # rendered Markdown of an `uitleg` block
    path: str = ""
    line: int = 0

    @property
    def is_question(self) -> bool:
        return self.type != "uitleg"


@dataclass
class Handleiding:
    voorbereiding: str
    doel: str
    werkwijze: str


@dataclass
class Card:
    nummer: int
    titel: str
    samenvatting: str
    werkbladen: list[int]
    body: str
    handleiding: Handleiding
    vraag: Field | None
    path: str
    line: int = 1  # where the card gives its nummer
    werkbladen_line: int = 0  # where the card lists its werkbladen
    body_links: list[str] = field(default_factory=list)  # internal links of its text, for the student
    # its picture as the card names it: a built-in name (beelden.NAMES), or "" for the plain
    # default; a str so that it can also hold a file beside the card once images are wired up
    beeld: str = ""


@dataclass
class Worksheet:
    nummer: int
    titel: str
    intro: str
    velden: list[Field]
    path: str
    line: int = 1
    kaart: int = 0  # the card that links this werkblad

    @property
    def vragen(self) -> list[Field]:
        return [f for f in self.velden if f.is_question]


@dataclass
class Page:
    """A teacher page made of Markdown: handleiding, reflectie, stagedocument."""

    titel: str
    body: str
    path: str
    intro: str = ""  # handleiding only: Markdown above its table of contents


@dataclass
class Routekaart:
    titel: str
    intro: str
    fases: list[dict]
    rollen: list[dict]  # {titel, taken: {fase_id: [task, ...]}}
    informatie: str
    path: str
    informatie_titel: str = ""  # the heading above `informatie` (default: teksten.informatie)


@dataclass
class Part:
    titel: str
    kaarten: list[int]
    line: int = 0


@dataclass
class Link:
    titel: str
    url: str
    uitleg: str


@dataclass
class Picture:
    """An image that content names, checked (images.py): its file, its name in the
    built site and its size there in CSS pixels."""

    source: str  # the file, resolved
    name: str  # "assets/images/<name>.<hash>.<suffix>"
    width: int
    height: int
    kind: str  # "raster" (resized, metadata stripped), "svg" or "animated" (GIF, WebP or PNG; kept as it is)
    digest: str  # hash of the file and of how it is processed
    where: tuple[str, int]  # the first place that names it: (path, line)


@dataclass
class Site:
    titel: str
    ondertitel: str
    sleutel: str
    pages: tuple[str, ...]  # the pages this site has (loader.PAGES without the missing teacher pages)
    korte_naam: str  # starts the name of every answer file and CSV: "<korte_naam>_<naam>_..."
    teksten: dict[str, str]
    delen: list[Part]
    links: list[Link]
    kaarten: list[Card]
    werkbladen: list[Worksheet]
    handleiding: Page
    reflectie: Page
    stagedocument: Page
    routekaart: Routekaart
    warnings: list = field(default_factory=list)  # Problems that do not stop the build
    images: dict[str, Picture] = field(default_factory=dict)  # by what content names it by (images.key)

    # number -> item, made on first use: templates look items up for every
    # link, which made rendering grow with the square of the werkbladen.
    _numbered: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def _by_number(self, items: list) -> dict:
        size, index = self._numbered.get(id(items), (-1, None))
        if size != len(items):
            index = {}
            for item in items:
                index.setdefault(item.nummer, item)  # the first one wins, as before
            self._numbered[id(items)] = (len(items), index)
        return index

    def kaart(self, nummer: int) -> Card:
        found = self._by_number(self.kaarten).get(nummer)
        return found if found is not None else next(c for c in self.kaarten if c.nummer == nummer)

    def werkblad(self, nummer: int) -> Worksheet:
        found = self._by_number(self.werkbladen).get(nummer)
        return found if found is not None else next(w for w in self.werkbladen if w.nummer == nummer)
