"""Render a resolved lesson into the handout and the teacher guide (PDF bytes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from lessonpress.builder.settings import RenderJob, Stamp
from lessonpress.document.context import Copy, LessonContext
from lessonpress.document.guide import guide
from lessonpress.document.handout import handout
from lessonpress.document.model import Document
from lessonpress.errors import Diagnostic, Pos, Severity
from lessonpress.render.pdf.document import Pdf, build_pdf
from lessonpress.render.pdf.excerpt import line_breaker
from lessonpress.render.pdf.fonts import CJK_PACKAGE_HINT
from lessonpress.render.pdf.styles import Look
from lessonpress.render.pdf.tagging import speaking
from lessonpress.render.pdf.writer import PdfWriter
from lessonpress.resolve.rules import ResolvedLesson
from lessonpress.style.hyphenation import Hyphenator, hyphenator
from lessonpress.style.locale import format_date
from lessonpress.style.theme import Theme, load_theme
from lessonpress.style.variant import Variant
from lessonpress.style.wording import Wording

State = tuple[tuple[str, int, int], ...]


def fingerprint(templates_dir: Path) -> State:
    """What the workspace's templates/ holds now, so a long-running process (watch) sees edits."""
    if not templates_dir.is_dir():
        return ()
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(templates_dir.rglob("*")) if p.is_file())


@lru_cache(maxsize=16)
def _theme_at(name: str, templates_dir: Path, state: State) -> Theme:
    return load_theme(name, templates_dir, Pos(templates_dir.parent / "lessonpress.yaml"))


@lru_cache(maxsize=16)
def _wording_at(templates_dir: Path, state: State, lang: str) -> Wording:
    return Wording(templates_dir, lang)


@lru_cache(maxsize=16)
def _look_at(theme_name: str, templates_dir: Path, paper: str, fonts_dir: Path | None, variant: str,
             state: State, lang: str, text_lang: str | None) -> Look:
    return Look(_theme_at(theme_name, templates_dir, state), paper, fonts_dir, Variant(variant), lang, text_lang)


def _wording(templates_dir: Path, state: State | None = None, lang: str = "en") -> Wording:
    """The wording in `lang` (English by default), as the workspace's templates/ holds it now."""
    return _wording_at(templates_dir, fingerprint(templates_dir) if state is None else state, lang)


def _look(theme_name: str, templates_dir: Path, paper: str, fonts_dir: Path | None, variant: str, state: State | None = None,
          lang: str = "en", text_lang: str | None = None) -> Look:
    """The look of a copy in `lang` of a lesson written in `text_lang` (default: the same)."""
    return _look_at(theme_name, templates_dir, paper, fonts_dir, variant, fingerprint(templates_dir) if state is None else state,
                    lang, text_lang if text_lang != lang else None)


def warm(job: RenderJob) -> None:
    """Build the wording and the handout and guide looks (fonts registered, styles made) of `job`'s copies in its
    workspace language: what a build's worker does while the main process plans, so its first lesson is not slower
    than the rest. The same cached objects a lesson would build; nothing a page shows depends on when."""
    state = fingerprint(job.templates_dir)
    lang = job.language(None)
    _wording(job.templates_dir, state, lang)
    variant = Variant(job.variant)
    for name in dict.fromkeys((variant.name, variant.guide.name)):
        look = _look(job.theme, job.templates_dir, job.paper, job.fonts_dir, name, state, lang, lang)
        if isinstance(breaker := hyphenator(look.measures.hyphenation), Hyphenator):
            breaker.ready()


def prepare(lesson: ResolvedLesson, job: RenderJob) -> tuple[list[tuple[Document, Look]], Callable[[], list[Diagnostic]]]:
    """The handout (or answer key) and guide trees of one lesson copy, each with the look that laid out its lines.

    The PDF layout decides where excerpt lines break, so these trees are the
    one truth every format writes and every citation counts from.
    """
    state = fingerprint(job.templates_dir)  # look at templates/ once per lesson
    spec = lesson.lesson
    lang = job.language(spec.lang)  # the class's, then the lesson's, then the workspace's
    text_lang = spec.lang or job.workspace_lang  # what the lesson itself is written in
    words = _wording(job.templates_dir, state, lang)
    variant = Variant(job.variant)
    handout_look = _look(job.theme, job.templates_dir, job.paper, job.fonts_dir, variant.name, state, lang, text_lang)
    guide_look = _look(job.theme, job.templates_dir, job.paper, job.fonts_dir, variant.guide.name, state, lang, text_lang)
    for look in (handout_look, guide_look):
        look.fonts.report.missing.clear()
        look.fonts.report.unembedded.clear()
        look.fonts.report.right_to_left.clear()
    when = job.stamp.date or spec.date  # a lesson's own teacher and date print too
    copy = Copy(job.school, job.stamp.class_name, job.stamp.teacher or spec.teacher, format_date(when, lang) if when else None, lang,
                job.workspace_lang)
    every = handout_look.theme.line_numbers_every
    handout_ctx = LessonContext.make(lesson, words, variant, copy, line_breaker(handout_look), every, job.layout,
                                     line_breaker(handout_look, bilingual=True))
    guide_ctx = handout_ctx if guide_look is handout_look else LessonContext.make(
        lesson, words, variant.guide, copy, line_breaker(guide_look), every, job.layout, line_breaker(guide_look, bilingual=True))
    guide_ctx = replace(guide_ctx, variant=variant.guide, reveal=False)
    documents = [(replace(handout(handout_ctx), paper=job.paper), handout_look), (replace(guide(guide_ctx), paper=job.paper), guide_look)]
    return documents, lambda: [*words.warnings, *_font_warnings(lesson, handout_look, guide_look)]


def write_pdf(document: Document, look: Look, words: Wording | None = None) -> Pdf:
    """A document tree as tagged PDF bytes: its structure tree comes from the same blocks as its pages.

    `words` (the wording of the document's language) gives the words a screen reader hears for an answer space
    or a rating scale; without it they are English.
    """
    writer = PdfWriter(look)
    with speaking(words):
        story = writer.story(document)
    return build_pdf(story, look, document.furniture, document.meta, structure=writer.root)


def _font_warnings(lesson: ResolvedLesson, *looks: Look) -> list[Diagnostic]:
    missing: dict[str, str] = {}
    unembedded: set[str] = set()
    rtl: set[str] = set()
    for look in looks:
        missing.update(look.fonts.report.missing)
        unembedded |= look.fonts.report.unembedded
        rtl |= look.fonts.report.right_to_left
    warnings = []
    for char in sorted(missing):
        warnings.append(Diagnostic(_locate(char, lesson), f"no installed font can draw '{char}' (U+{ord(char):04X}); it is left out of the PDF", Severity.WARNING))
    if unembedded:
        sample = "".join(sorted(unembedded)[:6])
        warnings.append(Diagnostic(_locate(min(unembedded), lesson), f"'{sample}' is drawn with STSong-Light, which is not embedded in the PDF: {CJK_PACKAGE_HINT}", Severity.WARNING))
    if rtl:
        sample = min(rtl)
        warnings.append(Diagnostic(_locate(sample, lesson), f"right-to-left text ('{sample}'...) is printed in stored order, "
                                   "not laid out right to left: check the PDF, or give a transliteration", Severity.WARNING))
    return warnings


def _locate(char: str, lesson: ResolvedLesson) -> Pos:
    """The first place in the lesson's files (spec chain, then materials) where `char` is written."""
    for path in lesson.inputs:
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except OSError:
            continue
        for number, line in enumerate(lines, start=1):
            col = line.find(char)
            if col >= 0:
                return Pos(path, number, col + 1)
    return Pos(lesson.path)


__all__ = ["RenderJob", "Stamp", "prepare", "write_pdf"]
