"""Render a resolved lesson into the handout and the teacher guide (PDF bytes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lessonpress.build.settings import RenderJob, Stamp
from lessonpress.errors import Diagnostic, LessonpressError, Pos, Severity
from lessonpress.render.pdf.document import Furniture, Metadata, Pdf, RenderProblem, build_pdf
from lessonpress.render.pdf.excerpt import DocumentLayout
from lessonpress.render.pdf.exercises import Ctx
from lessonpress.render.pdf.fonts import CJK_PACKAGE_HINT, cjk_face
from lessonpress.render.pdf.guide import guide_story
from lessonpress.render.pdf.handout import handout_story
from lessonpress.render.pdf.styles import Look, Variant
from lessonpress.resolve.rules import ResolvedLesson
from lessonpress.style.theme import Theme, load_theme
from lessonpress.style.wording import Wording


@dataclass
class Rendered:
    handout: Pdf
    guide: Pdf
    warnings: list[Diagnostic] = field(default_factory=list)


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
def _wording_at(templates_dir: Path, state: State) -> Wording:
    return Wording(templates_dir)


@lru_cache(maxsize=16)
def _look_at(theme_name: str, templates_dir: Path, paper: str, fonts_dir: Path | None, variant: str,
             state: State) -> Look:
    return Look(_theme_at(theme_name, templates_dir, state), paper, fonts_dir, Variant(variant))


def _wording(templates_dir: Path, state: State | None = None) -> Wording:
    return _wording_at(templates_dir, fingerprint(templates_dir) if state is None else state)


def _look(theme_name: str, templates_dir: Path, paper: str, fonts_dir: Path | None, variant: str, state: State | None = None) -> Look:
    return _look_at(theme_name, templates_dir, paper, fonts_dir, variant, fingerprint(templates_dir) if state is None else state)


def warm_up(job: RenderJob, with_cjk: bool) -> None:
    """Load fonts, theme and templates once in the parent, so forked workers inherit them instead of each paying."""
    _wording(job.templates_dir)
    for variant in {job.variant, "standard"}:
        _look(job.theme, job.templates_dir, job.paper, job.fonts_dir, variant)
    if with_cjk:
        cjk_face()


def render_lesson(lesson: ResolvedLesson, job: RenderJob) -> Rendered:
    """Both PDFs; a part that cannot be laid out raises LessonpressError at its place in the spec."""
    state = fingerprint(job.templates_dir)  # look at templates/ once per lesson
    words = _wording(job.templates_dir, state)
    handout_look = _look(job.theme, job.templates_dir, job.paper, job.fonts_dir, job.variant, state)
    # the guide cites the lines of the handout the students hold, so a large-print class gets a
    # large-print guide; an answer-key handout has the standard layout and a standard guide
    guide_variant = "large-print" if job.variant == "large-print" else "standard"
    guide_look = _look(job.theme, job.templates_dir, job.paper, job.fonts_dir, guide_variant, state)
    for look in (handout_look, guide_look):
        look.fonts.report.missing.clear()
        look.fonts.report.unembedded.clear()
        look.fonts.report.right_to_left.clear()
    handout_ctx = _ctx(lesson, job, handout_look, words)
    guide_ctx = _ctx(lesson, job, guide_look, words) if guide_look is not handout_look else handout_ctx
    meta = _metadata(lesson)
    try:
        handout = build_pdf(handout_story(handout_ctx), handout_look, _furniture(handout_ctx, "handout_footer"), meta)
        guide_meta = Metadata(f"{meta.title} — {words('guide_title')}", meta.author, meta.subject, meta.keywords)
        guide = build_pdf(guide_story(guide_ctx), guide_look, _furniture(guide_ctx, "guide_footer"), guide_meta)
    except RenderProblem as problem:
        raise LessonpressError.at(lesson.pos(problem.where), str(problem)) from None
    return Rendered(handout, guide, _font_warnings(lesson, handout_look, guide_look))


def _ctx(lesson: ResolvedLesson, job: RenderJob, look: Look, words: Wording) -> Ctx:
    layouts = {letter: DocumentLayout(doc, look) for letter, doc in lesson.documents.items()}
    stamp = job.stamp
    return Ctx(look, words, lesson, layouts, job.school, stamp.class_name, stamp.teacher, stamp.date)


def _metadata(lesson: ResolvedLesson) -> Metadata:
    spec = lesson.lesson
    author = " — ".join(x for x in (spec.course, spec.teacher) if x) or "lessonpress"
    return Metadata(spec.title, author, spec.central_question, lesson.skills)


def _furniture(ctx: Ctx, footer_key: str) -> Furniture:
    lesson = ctx.lesson.lesson
    right = " · ".join(x for x in (ctx.class_name, ctx.teacher, ctx.date) if x)
    footer = ctx.words(footer_key, course=lesson.course or "", school=ctx.school or "")
    return Furniture(lesson.title, right, footer, lambda page, pages: ctx.words("page", page=page, pages=pages),
                     first_page_header=bool(right))


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


__all__ = ["RenderJob", "Rendered", "Stamp", "render_lesson"]
