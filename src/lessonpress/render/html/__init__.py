"""The HTML writer: a document tree as one self-contained HTML5 file (inline CSS, no scripts, nothing fetched).

Templates are jinja2 files in the package's data/html/, looked up in the
workspace's templates/html/ first (the same override path as themes and
wording). Autoescaping is on for the HTML templates: spec text is data and
reaches the page escaped, never as markup. The environment is sandboxed, and
workspace templates are read like every other workspace file (size-capped, no
links out of the workspace). A Content-Security-Policy in the page forbids
scripts and every network fetch, even from an overridden template.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from lessonpress.document import model as d
from lessonpress.errors import LessonpressError, Pos
from lessonpress.files import read_text
from lessonpress.render.html.sheet import Sheet, sheet
from lessonpress.render.html.view import (
    UnknownBlock,
    alt_text,
    block_id,
    chart_markup,
    data_uri,
    excerpt_lines,
    has_visuals,
    kind,
    letter,
    percent,
    table_rows,
    text_paragraphs,
)
from lessonpress.style.theme import Theme, package_data
from lessonpress.style.variant import Variant
from lessonpress.style.wording import Wording

PAGE_TEMPLATE = "document.html.j2"
STYLE_TEMPLATE = "style.css"


class WorkspaceTemplates(jinja2.BaseLoader):
    """templates/html/<name> in the workspace, read through files.read_text; missing names fall through to the package."""

    def __init__(self, folder: Path, root: Path):
        self.folder = folder
        self.root = root

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))
        if not (path.is_file() or path.is_symlink()):
            raise jinja2.TemplateNotFound(template)
        source = read_text(path, root=self.root)
        mtime = path.stat().st_mtime_ns

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime_ns == mtime
            except OSError:
                return False

        return source, str(path), uptodate


def _autoescape(name: str | None) -> bool:
    """HTML templates escape everything; the stylesheet gets only checked theme numbers and pre-escaped CSS strings."""
    return not (name or "").endswith(".css")


State = tuple[tuple[str, int, int], ...]


def overrides(templates_dir: Path | None) -> State:
    """What templates/html/ holds now: a file added later (in `watch`) must replace the package's template."""
    folder = templates_dir / "html" if templates_dir is not None else None
    if folder is None or not folder.is_dir():
        return ()
    return tuple((str(p), p.lstat().st_mtime_ns, p.lstat().st_size) for p in sorted(folder.rglob("*")))


@lru_cache(maxsize=8)
def _words(lang: str) -> Wording:
    """The built-in wording of `lang`, for a page written without a workspace's."""
    return Wording(None, lang)


def speaker(words: Wording) -> Callable[..., Markup]:
    """`wording(key, **values)` for the templates: the wording escaped, its values escaped once (a heading that is
    markup already stays markup). Text values go in after rendering, so the wording is escaped and they are not
    twice; numbers stay numbers, for the wording's `{% if count == 1 %}`."""

    def wording(key: str, **values: Any) -> Markup:
        marks = {name: f"\x00{n}\x00" for n, name in enumerate(values) if isinstance(values[name], str)}
        text = str(escape(words(key, **{**values, **marks})))
        for name, mark in marks.items():
            text = text.replace(mark, str(escape(values[name])))
        return Markup(text)

    return wording


def environment(templates_dir: Path | None, words: Wording | None = None) -> SandboxedEnvironment:
    """The templates of the workspace's templates/html/ (then the package's), speaking `words` (default: English)."""
    return _environment(templates_dir, overrides(templates_dir), words or _words("en"))


@lru_cache(maxsize=8)
def _environment(templates_dir: Path | None, state: State, words: Wording) -> SandboxedEnvironment:
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(WorkspaceTemplates(templates_dir / "html", templates_dir.parent))
    loaders.append(jinja2.FileSystemLoader(package_data() / "html"))
    env = SandboxedEnvironment(loader=jinja2.ChoiceLoader(loaders), autoescape=_autoescape, undefined=jinja2.StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True)
    env.globals.update(kind=kind, excerpt_lines=excerpt_lines, table_rows=table_rows, letter=letter, percent=percent, data_uri=data_uri,
                       alt_text=alt_text, text_paragraphs=text_paragraphs, block_id=block_id, chart_markup=chart_markup,
                       wording=speaker(words))
    return env


def split_header(blocks: tuple[d.Block, ...]) -> tuple[tuple[d.Block, ...], tuple[d.Block, ...]]:
    """The title block (kicker, title, name lines) goes in <header>; the rest is <main>."""
    for index, block in enumerate(blocks):
        if isinstance(block, d.Heading) and block.level == 1:
            end = index + 1
            while end < len(blocks) and isinstance(blocks[end], d.NameLines):
                end += 1
            return blocks[:end], blocks[end:]
    return (), blocks


def write_html(document: d.Document, theme: Theme, templates_dir: Path | None = None, words: Wording | None = None) -> bytes:
    """The document as UTF-8 HTML bytes; the same tree, lines and line numbers as the PDF of its variant.

    `words`: the wording of the document's language, for what a screen reader hears (default: the built-in wording
    of `document.meta.lang`).
    """
    env = environment(templates_dir, words or _words(document.meta.lang))
    style = sheet(theme, Variant(document.variant), document.paper, document.furniture)
    head, body = split_header(document.blocks)
    try:
        # the rules for pictures, tables of numbers and charts only in pages that have them
        css = env.get_template(STYLE_TEMPLATE).render(sheet=style, visuals=has_visuals(document))
        page = env.get_template(PAGE_TEMPLATE).render(document=document, meta=document.meta, furniture=document.furniture,
                                                      head=head, body=body, sheet=style, css=_inline_css(css))
    except UnknownBlock:
        raise
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        where = _where(exc, templates_dir / "html") if templates_dir is not None else None
        if where is None:  # not in a workspace template: a bug in lessonpress, with its traceback
            raise
        message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else f"{type(exc).__name__}: {exc}"
        raise LessonpressError.at(where, f"HTML template: {message}") from None
    return (page.rstrip("\n") + "\n").encode("utf-8")


def _inline_css(css: str) -> Markup:
    """A stylesheet safe inside <style>: '<' only as a CSS escape, so no text can end the element."""
    return Markup(css.replace("<", "\\3c "))


def _where(exc: Exception, folder: Path) -> Pos | None:
    """The workspace template line an error comes from (syntax errors carry it; others are in the traceback), if any."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        path = Path(exc.filename)
        return Pos(path, exc.lineno or 1) if path.is_relative_to(folder) else None
    pos = None
    trace = exc.__traceback__
    while trace is not None:
        filename = Path(trace.tb_frame.f_code.co_filename)
        if filename.is_relative_to(folder):
            pos = Pos(filename, trace.tb_lineno)
        trace = trace.tb_next
    return pos


__all__ = ["Sheet", "write_html"]
