"""The card and werkblad views of index.html, rendered one by one and kept between builds.

index.html holds every view of the student site in one document; with 1000
werkbladen that is 10 MB of HTML, and rendering it was most of a rebuild.
Each view is a macro in templates/views.html that sees only its arguments and
the site's texts and pages. Its HTML is stored (store.py) under a hash of exactly
those, the template files and the build code, so a rebuild renders again
only the views whose input changed: the changed werkblad and the two views
that name it as previous or next.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from pathlib import Path

import jinja2
from markupsafe import Markup

from opstage_build import beelden
from opstage_build.content.cache import code_version
from opstage_build.content.model import Site
from opstage_build.store import Store

TEMPLATE = "views.html"


def render_views(env: jinja2.Environment, site: Site, store: Store) -> dict[str, list[Markup]]:
    """{"kaarten": [html of each card view], "werkbladen": [html of each werkblad view]}."""
    macros = env.get_template(TEMPLATE).make_module({"t": site.teksten, "pages": site.pages})
    base = hashlib.blake2b(code_version(), digest_size=20)
    base.update(jinja2.__version__.encode())
    base.update(_templates_fingerprint(env))
    base.update(_fingerprint((site.teksten, site.pages)))

    def view(name: str, *args) -> Markup:
        h = base.copy()
        h.update(name.encode())
        h.update(_fingerprint(args))
        key = h.digest()
        html = store.get(key)
        if html is None:
            try:
                html = str(getattr(macros, name)(*args))
            except Exception:
                env.handle_exception()  # as Template.render does: the traceback then shows template lines
            store.put(key, html)
        return Markup(html)

    kaarten, werkbladen = site.kaarten, site.werkbladen
    return {  # a werkblad shows the picture of its card, so that is part of its view's key
        "kaarten": [view("kaart_view", kaart, beelden.src(kaart), [_nav(site.werkblad(n)) for n in kaart.werkbladen],
                         _neighbour(kaarten, i - 1), _neighbour(kaarten, i + 1))
                    for i, kaart in enumerate(kaarten)],
        "werkbladen": [view("werkblad_view", werkblad, beelden.src(site.kaart(werkblad.kaart)),
                            _neighbour(werkbladen, i - 1), _neighbour(werkbladen, i + 1))
                       for i, werkblad in enumerate(werkbladen)],
    }


def _nav(item) -> dict:
    """What a view shows of another card or werkblad: a link with its title."""
    return {"nummer": item.nummer, "titel": item.titel}


def _neighbour(items: list, index: int) -> dict | None:
    return _nav(items[index]) if 0 <= index < len(items) else None


def _fingerprint(value) -> bytes:
    """The pickled value without pickle's memo, so equal values give equal bytes
    whether or not their parts happen to be shared objects."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return out.getvalue()


def _templates_fingerprint(env: jinja2.Environment) -> bytes:
    """Every template file (a view may import any of them), by name and content."""
    h = hashlib.blake2b(digest_size=20)
    for folder in env.loader.searchpath:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                h.update(path.relative_to(folder).as_posix().encode() + b"\0")
                h.update(path.read_bytes())
    return h.digest()
