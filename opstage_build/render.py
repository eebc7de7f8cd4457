"""Render the site model into `{relative path: html}` in memory. Writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from opstage_build import beelden
from opstage_build.content.model import Field, Site
from opstage_build.content.fieldtypes import FIELD_TYPES
from opstage_build.errors import ContentError, Problem
from opstage_build.store import Store
from opstage_build.views import TEMPLATE as VIEWS_TEMPLATE, render_views

_environments: dict[tuple[str, str], jinja2.Environment] = {}


def make_environment(templates_dirs: list[Path], compiled: Path | None = None) -> jinja2.Environment:
    """The Jinja environment of template folders (the first that has a name wins), made once per process.

    Reusing it keeps compiled templates between builds of `serve` (Jinja
    recompiles a template whose file changed). With `compiled` (a folder),
    compiled templates are also kept on disk for the next process: compiling
    the templates is most of a small site's render time.
    """
    key = (tuple(str(Path(d).resolve()) for d in templates_dirs), str(compiled or ""))
    env = _environments.get(key)
    if env is None:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in templates_dirs]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_bytecode_cache(compiled),
        )
        _environments[key] = env
    return env


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    if not folder:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only project still builds, only slower
    return jinja2.FileSystemBytecodeCache(str(folder))


def json_script(value) -> str:
    """JSON that is safe inside <script type="application/json">."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return jinja2.utils.markupsafe.Markup(text)


def field_data(field: Field) -> dict:
    """The keys of a field that its type uses, for the browser scripts."""
    data = {"id": field.id, "type": field.type, "label": field.label}
    for key in FIELD_TYPES[field.type].keys:
        value = getattr(field, key)
        data[key] = [list(pair) for pair in value] if key in ("opties", "stellingen", "items") else value
    return data


def site_data(site: Site) -> dict:
    """What the browser scripts need to know about the site, inlined as JSON."""
    return {
        "sleutel": site.sleutel,
        "titel": site.titel,
        "korte_naam": site.korte_naam,
        "kaarten": [
            {"nummer": c.nummer, "titel": c.titel, "werkbladen": c.werkbladen,
             "vraag": field_data(c.vraag) if c.vraag else None}
            for c in site.kaarten
        ],
        "werkbladen": [
            {"nummer": w.nummer, "titel": w.titel, "kaart": w.kaart,
             "velden": [field_data(f) for f in w.vragen]}
            for w in site.werkbladen
        ],
    }


def asset_function(assets_dirs: list[Path]):
    """`asset("js/site.js")` in a template: the file's link, checked to exist.

    Each page names the stylesheets and scripts it needs (see base.html), so a
    page carries only its own weight.
    """
    def asset(name: str) -> str:
        if not any((Path(folder) / name).is_file() for folder in assets_dirs):
            raise jinja2.TemplateRuntimeError(f"asset '{name}' does not exist in {Path(assets_dirs[0]).name}/")
        return f"assets/{name}"

    return asset


def render_site(site: Site, templates_dirs: list[Path], assets_dirs: list[Path], cache=None) -> dict[str, str]:
    """Every page of `site` as {name: html}. A template (or asset) is taken from the first
    of the folders that has it: a project's own, then the ones of opstage_build.
    `cache` (a BuildCache, optional) keeps compiled templates and the HTML of the
    card and werkblad views between builds (views.py)."""
    env = make_environment(templates_dirs, cache.templates if cache else None)
    context = {"site": site, "t": site.teksten, "asset": asset_function(assets_dirs), "beeld": beelden.src,
               "beelden": beelden.symbols(site.kaarten, assets_dirs),  # the cards' pictures, inlined once
               "site_json": json_script(site_data(site))}  # made once: two pages carry it
    pages, problems = {}, []
    try:
        context["views"] = render_views(env, site, cache.views if cache else Store())
    except Exception as err:  # a template mistake such as {{ titel + 1 }} is a TypeError, not a TemplateError
        problems.append(_template_problem(err, templates_dirs, VIEWS_TEMPLATE, "index.html"))
        context["views"] = {"kaarten": [], "werkbladen": []}  # the other pages still get checked
    for output in site.pages:  # each page has a template of the same name
        template_name = output
        try:
            template = env.get_template(template_name)
            pages[output] = template.render(context, page=output)
        except Exception as err:
            problems.append(_template_problem(err, templates_dirs, template_name, output))
    if problems:
        raise ContentError(problems)
    if site.images:  # the stand-in src of each image becomes its file in the site
        from opstage_build.images import place

        pages = {name: place(html, site.images) for name, html in pages.items()}
    return pages


def _template_problem(err: Exception, templates_dirs: list[Path], template_name: str, output: str) -> Problem:
    from opstage_build.errors import traceback_of  # only on this error path

    trace = traceback_of(err)
    if isinstance(err, jinja2.TemplateSyntaxError):
        return Problem(_template_path(templates_dirs, err.name or template_name), err.lineno or 1,
                       f"template error: {err.message}", trace=trace)
    if isinstance(err, jinja2.TemplateNotFound):
        return Problem(_template_path(templates_dirs, err.name or template_name), 1,
                       f"template is missing (expected it for {output})", trace=trace)
    line, name = _template_line(err, template_name, templates_dirs)
    return Problem(_template_path(templates_dirs, name), line, f"template error: {err} (while rendering {output})",
                   trace=trace)


def _template_path(templates_dirs: list[Path], name: str) -> str:
    """`templates/name`, in the first folder that has the file (a project's own first)."""
    folder = next((Path(d) for d in templates_dirs if (Path(d) / name).is_file()), Path(templates_dirs[0]))
    return f"{folder.name}/{name}"


def _template_line(err: Exception, default_name: str, templates_dirs: list[Path]) -> tuple[int, str]:
    """Find the template line of a render-time error from its traceback."""
    tb = err.__traceback__
    line, name = 1, default_name
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") and not filename.startswith("<"):
            file = Path(filename).resolve()  # macros/fields.html, not just fields.html
            name = next((file.relative_to(d).as_posix() for d in map(Path.resolve, map(Path, templates_dirs))
                         if file.is_relative_to(d)), file.name)
            line = tb.tb_lineno
        tb = tb.tb_next
    return line, name
