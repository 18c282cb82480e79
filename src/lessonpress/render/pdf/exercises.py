"""One small function per exercise type: the handout's question with answer space, and the guide's key entry.

Handout parts never read an answer field unless the variant is `answer-key`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from lessonpress.render.pdf.excerpt import DocumentLayout
from lessonpress.render.pdf.flowables import AnswerLines, Para, RatingScale, SafeTable
from lessonpress.render.pdf.styles import Look
from lessonpress.resolve.rules import ResolvedLesson, choice_index
from lessonpress.spec import models as m
from lessonpress.style.wording import Wording


@dataclass
class Ctx:
    look: Look
    words: Wording
    lesson: ResolvedLesson
    layouts: dict[str, DocumentLayout]
    school: str | None = None
    class_name: str | None = None  # per-class copies (curricula) print these in the header
    teacher: str | None = None
    date: str | None = None
    reveal: bool = False  # the guide's answer key: charts filled in

    def para(self, text: str, style: str = "body", indent: float = 0) -> Paragraph:
        st = self.look.styles[style]
        if indent:
            st = st.clone(f"{st.name}-ind", leftIndent=indent)
        return Para(self.look.p(text, style), st)

    def citation(self, index: int) -> str | None:
        span = self.lesson.evidence.get(index)
        if span is None:
            return None
        first, last = self.layouts[span.letter].cite(span)
        return self.words("evidence_at", letter=span.letter, first=first, last=last)

    def heading(self, text: str, style: str = "h2") -> Paragraph:
        """A section heading that becomes a bookmark."""
        from lessonpress.render.pdf.document import outline

        para = self.para(text, style)
        outline(para, text, 0 if style == "h2" else 1)
        return para

    def table(self, rows: list[list[Any]], **kwargs: Any) -> SafeTable:
        frame_height = self.look.pagesize[1] - self.look.margins[2] - self.look.margins[3]
        return SafeTable(rows, max_row_height=frame_height, **kwargs)

    def table_style(self, commands: list[tuple[Any, ...]]) -> TableStyle:
        """Every table names our font, or reportlab falls back to non-embedded Helvetica for plain cells."""
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.look.fonts.heading.regular.name), *commands])

    @property
    def show_answers(self) -> bool:
        return self.reveal or self.look.variant.answers


INDENT = 7 * mm


def _question(ctx: Ctx, number: int, text: str) -> Paragraph:
    st = ctx.look.styles["question"].clone("q", leftIndent=INDENT, firstLineIndent=-INDENT)
    return Para(f"<b>{number}.</b>&nbsp;&nbsp;" + ctx.look.p(text, "question"), st)


def _lines_or_answer(ctx: Ctx, count: int, answer: str | None) -> list[Flowable]:
    if ctx.show_answers:
        return [ctx.para(answer or ctx.words("no_answer"), "answer", INDENT), Spacer(1, 4)]
    return [AnswerLines(count, ctx.look.answer_gap, ctx.look.color["rule"], indent=INDENT)]


def _table(ctx: Ctx, rows: list[list[Any]], widths: list[float], header: bool, min_height: float | None) -> SafeTable:
    """A grid; `min_height` gives empty answer cells room to write, while rows with long text still grow."""
    if min_height is not None:
        rows = [[Spacer(1, min_height - 8) if cell == "" and (i or not header) else cell for cell in row] for i, row in enumerate(rows)]
    table = ctx.table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, ctx.look.color["rule"]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), ctx.look.color["box"]))
    for row in range(len(rows)):
        commands.append(("NOSPLIT", (0, row), (-1, row)))
    table.setStyle(ctx.table_style(commands))
    return table


# ---- handout parts -------------------------------------------------------------------------


def sourcing(ctx: Ctx, n: int, ex: m.Sourcing) -> list[Flowable]:
    width = ctx.look.frame_width - INDENT
    keys = ["author", "date", "audience", "purpose"]
    answer = ex.answer or m.SourcingAnswer()
    rows = [
        [ctx.para(ctx.words(f"sourcing_rows.{key}"), "cellhead"),
         ctx.para(getattr(answer, key) or "", "answer") if ctx.show_answers else ""]
        for key in keys
    ]
    table = _table(ctx, rows, [width * 0.3, width * 0.7], header=False, min_height=None if ctx.show_answers else ctx.look.answer_gap * 2.2)
    table.hAlign = "RIGHT"
    intro = ctx.words("sourcing", letter=ex.source)
    parts: list[Flowable] = [_question(ctx, n, intro + (f" {ex.prompt}" if ex.prompt else ""))]
    return [*parts, table]


def close_reading(ctx: Ctx, n: int, ex: m.CloseReading) -> list[Flowable]:
    return [_question(ctx, n, f"{ctx.words('close_reading', letter=ex.source)} {ex.prompt}"), *_lines_or_answer(ctx, ex.lines, ex.answer)]


def claim_evidence(ctx: Ctx, n: int, ex: m.ClaimEvidence) -> list[Flowable]:
    claim = ctx.para(f"“{ex.claim}”", "headnote", INDENT + 4 * mm)
    prompt = ex.prompt or ctx.words("claim_evidence_prompt", letter=ex.source)
    return [_question(ctx, n, ctx.words("claim_evidence", letter=ex.source)), claim, ctx.para(prompt, "question", INDENT),
            *_lines_or_answer(ctx, ex.lines, ex.answer)]


def corroboration(ctx: Ctx, n: int, ex: m.Corroboration) -> list[Flowable]:
    width = ctx.look.frame_width - INDENT
    topic_width = width * 0.26
    doc_width = (width - topic_width) / len(ex.sources)
    header = [ctx.para(ctx.words("corroboration_topic"), "cellhead")] + [
        ctx.para(ctx.words("document", letter=letter), "cellhead") for letter in ex.sources
    ]
    rows: list[list[Any]] = [header]
    for topic in ex.topics:
        cells: list[Any] = [ctx.para(topic, "cellhead")]
        for letter in ex.sources:
            value = _corroboration_answer(ex, topic, letter) if ctx.show_answers else ""
            cells.append(ctx.para(value, "answer") if value else "")
        rows.append(cells)
    table = _table(ctx, rows, [topic_width] + [doc_width] * len(ex.sources), header=True,
                   min_height=None if ctx.show_answers else ctx.look.answer_gap * 3.2)
    table.hAlign = "RIGHT"
    intro = ctx.words("corroboration", letters=list(ex.sources))
    return [_question(ctx, n, intro + (f" {ex.prompt}" if ex.prompt else "")), table]


def _corroboration_answer(ex: m.Corroboration, topic: str, letter: str) -> str:
    value = (ex.answer or {}).get(topic)
    if isinstance(value, dict):
        return value.get(letter, "")
    return value if (value and letter == ex.sources[0]) else ""


def reliability(ctx: Ctx, n: int, ex: m.Reliability) -> list[Flowable]:
    look = ctx.look
    scale = RatingScale(look.fonts.plain(ctx.words("reliability_low"), look.fonts.heading.regular),
                        look.fonts.plain(ctx.words("reliability_high"), look.fonts.heading.regular),
                        look.fonts.heading.regular.name, look.size("small") + 1, look.color["text"])
    scale.hAlign = "RIGHT"
    prompt = ex.prompt or ctx.words("reliability", letter=ex.source)
    return [_question(ctx, n, prompt), _Indented(scale, INDENT), *_lines_or_answer(ctx, ex.lines, ex.answer)]


def contextualization(ctx: Ctx, n: int, ex: m.Contextualization) -> list[Flowable]:
    return [_question(ctx, n, f"{ctx.words('contextualization')} {ex.prompt}"), *_lines_or_answer(ctx, ex.lines, ex.answer)]


def multiple_choice(ctx: Ctx, n: int, ex: m.MultipleChoice) -> list[Flowable]:
    right = choice_index(ex) if ctx.show_answers else None
    parts: list[Flowable] = [_question(ctx, n, f"{ex.prompt}  ({ctx.words('multiple_choice')})")]
    for index, choice in enumerate(ex.choices):
        letter = chr(65 + index)
        style = "answer" if index == right else "body"
        parts.append(ctx.para(f"{letter}.  {choice}", style, INDENT + 3 * mm))
    return parts


def short_answer(ctx: Ctx, n: int, ex: m.ShortAnswer) -> list[Flowable]:
    return [_question(ctx, n, f"{ex.prompt} ({ctx.words('short_answer')})"), *_lines_or_answer(ctx, ex.lines, ex.model_answer)]


def shuffled(lesson_id: str, index: int, items: list[str]) -> list[str]:
    """The handout's order: deterministic per lesson and exercise, never the answer's order."""
    order = list(items)
    random.Random(f"{lesson_id}:{index}").shuffle(order)
    if order == items:
        order = order[1:] + order[:1]
    return order


def sequence(ctx: Ctx, n: int, ex: m.Sequence, index: int = 0) -> list[Flowable]:
    parts: list[Flowable] = [_question(ctx, n, ex.prompt or ctx.words("sequence"))]
    for item in shuffled(ctx.lesson.lesson.id, index, list(ex.items)):
        blank = f"{ex.items.index(item) + 1}" if ctx.show_answers else "_____"
        parts.append(ctx.para(f"{blank}   {item}", "answer" if ctx.show_answers else "body", INDENT + 3 * mm))
    return parts


class _Indented(Flowable):  # type: ignore[misc]
    def __init__(self, inner: Flowable, indent: float):
        super().__init__()
        self.inner, self.indent = inner, indent

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _, h = self.inner.wrap(aw - self.indent, ah)
        self.width, self.height = aw, h
        return aw, h

    def draw(self) -> None:
        self.inner.drawOn(self.canv, self.indent, 0)


HANDOUT: dict[str, Callable[..., list[Flowable]]] = {
    "sourcing": sourcing, "close_reading": close_reading, "claim_evidence": claim_evidence,
    "corroboration": corroboration, "reliability": reliability, "contextualization": contextualization,
    "multiple_choice": multiple_choice, "short_answer": short_answer, "sequence": sequence,
}


def handout_part(ctx: Ctx, index: int, exercise: Any, lead: list[Flowable] | None = None) -> Flowable:
    """A question with its answer space, never split; `lead` (a section heading) stays with it."""
    builder = HANDOUT[exercise.type]
    extra = {"index": index} if exercise.type == "sequence" else {}
    parts = builder(ctx, index + 1, exercise, **extra)
    return KeepTogether([*(lead or []), *parts, Spacer(1, 3 * mm)])


# ---- answer key ----------------------------------------------------------------------------


def key_entry(ctx: Ctx, index: int, ex: Any, lead: list[Flowable] | None = None) -> list[Flowable]:
    """The guide's answer for one exercise, citing line numbers where the spec gives evidence."""
    heading = f"{index + 1}. {ctx.words(f'type_names.{ex.type}')}"
    letters = getattr(ex, "source", None) or ", ".join(getattr(ex, "sources", []) or [])
    if letters:
        heading += f" · Document{'s' if ',' in letters else ''} {letters}"
    out: list[Flowable] = [*(lead or []), ctx.para(heading, "h3")]
    prompt = getattr(ex, "prompt", None) or getattr(ex, "claim", None)
    if prompt:
        out.append(ctx.para(prompt, "instruction"))
    body: list[str] = []
    if isinstance(ex, m.Sourcing):
        out.append(sourcing(replace(ctx, reveal=True), index + 1, ex)[-1])  # the chart, filled in
    elif isinstance(ex, m.Corroboration):
        out.append(corroboration(replace(ctx, reveal=True), index + 1, ex)[-1])
    elif isinstance(ex, m.MultipleChoice):
        right = choice_index(ex)
        body.append(f"{chr(65 + right)}. {ex.choices[right]}" if right is not None else ctx.words("no_answer"))
    elif isinstance(ex, m.Sequence):
        body.extend(f"{n}. {item}" for n, item in enumerate(ex.items, start=1))
    elif isinstance(ex, m.ShortAnswer):
        body.append(ex.model_answer or ctx.words("no_answer"))
    else:
        body.append(getattr(ex, "answer", None) or ctx.words("no_answer"))
    out.extend(ctx.para(line, "answer", 4 * mm) for line in body)
    cite = ctx.citation(index)
    if cite and getattr(ex, "evidence", None) is not None:
        out.append(ctx.para(f"{cite}: “{ex.evidence.quote}”", "small", 4 * mm))
    out.append(Spacer(1, 2 * mm))
    return [KeepTogether(out)]
