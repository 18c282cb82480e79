"""The teacher guide: plan, background, documents with line numbers and original wording, key, rubric."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, ListFlowable, ListItem, Spacer

from lessonpress.render.pdf.blocks import document_block, kicker, paragraphs, question_and_advisory, title_block, titled_table
from lessonpress.render.pdf.document import tag
from lessonpress.render.pdf.exercises import Ctx, key_entry
from lessonpress.resolve.rules import Document


def _bullets(ctx: Ctx, items: list[str], style: str = "body") -> Flowable:
    return ListFlowable([ListItem(ctx.para(item, style), leftIndent=12, value="•") for item in items],
                        bulletType="bullet", start="•", leftIndent=12, bulletFontName=ctx.look.fonts.body.regular.name)


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def agenda(ctx: Ctx) -> list[Flowable]:
    items = ctx.lesson.lesson.agenda
    if not items:
        return []
    look = ctx.look
    rows = [[ctx.para(ctx.words(f"agenda_{key}"), "cellhead") for key in ("clock", "minutes", "activity")]]
    elapsed = 0
    for item in items:
        rows.append([ctx.para(f"{_clock(elapsed)}–{_clock(elapsed + item.minutes)}", "cell"), ctx.para(str(item.minutes), "cell"), ctx.para(item.activity, "cell")])
        elapsed += item.minutes
    rows.append([ctx.para(ctx.words("agenda_total"), "cellhead"), ctx.para(str(elapsed), "cellhead"), ""])
    width = look.frame_width
    return titled_table(ctx, "agenda", rows, [width * 0.15, width * 0.08, width * 0.77], [
        ("BACKGROUND", (0, 0), (-1, 0), look.color["box"]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, look.color["rule"]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ], header=True)


def original_wording(ctx: Ctx, document: Document) -> list[Flowable]:
    """For a modified excerpt: each omission and replacement with its line and the source's words."""
    if not document.excerpt.modified:
        return []
    layout = ctx.layouts[document.letter]
    notes = []
    for p_index, paragraph in enumerate(document.excerpt.paragraphs):
        offset = 0
        for run in paragraph.runs:
            if run.kind in ("omission", "replaced"):
                line = layout.line_of(p_index, offset + (len(run.text) - len(run.text.lstrip())))
                change = f"“{run.text.strip()}” replaces “{run.original}”" if run.kind == "replaced" else f"“…” omits “{run.original}”"
                notes.append(f"Line {line}: {change}")
            offset += len(run.text)
    return [KeepTogether([ctx.para(ctx.words("original_wording"), "h3"), _bullets(ctx, notes, "small")]), Spacer(1, 2 * mm)]


def guide_story(ctx: Ctx) -> list[Flowable]:
    lesson = ctx.lesson.lesson
    minutes = f"{lesson.duration} minutes" if lesson.duration else ""
    story: list[Flowable] = [*title_block(ctx, lesson.title, f"{ctx.words('guide_title')} · {kicker(ctx, minutes)}")]
    story += question_and_advisory(ctx)
    if lesson.objectives:
        story += [KeepTogether([ctx.heading(ctx.words("objectives")), tag(_bullets(ctx, list(lesson.objectives)), ("objectives",))])]
    story += agenda(ctx)
    if lesson.background:
        story += [ctx.heading(ctx.words("background")), *paragraphs(ctx, lesson.background)]
    for document in ctx.lesson.documents.values():
        story += document_block(ctx, document, original_wording(ctx, document))
    if lesson.discussion:
        for index, item in enumerate(lesson.discussion, start=1):
            block: list[Flowable] = [ctx.heading(ctx.words("discussion"))] if index == 1 else []
            block.append(ctx.para(f"{index}. {item.prompt}", "question"))
            if item.look_fors:
                block += [ctx.para(ctx.words("look_fors"), "instruction"), _bullets(ctx, list(item.look_fors), "small")]
            story.append(tag(KeepTogether(block + [Spacer(1, 2 * mm)]), ("discussion", index - 1)))
    for index, exercise in enumerate(lesson.exercises):
        lead = [ctx.heading(ctx.words("answer_key"))] if index == 0 else None
        story += [tag(f, ("exercises", index)) for f in key_entry(ctx, index, exercise, lead)]
    story += rubric(ctx)
    return story


def rubric(ctx: Ctx) -> list[Flowable]:
    rows_in = ctx.lesson.lesson.rubric
    if not rows_in:
        return []
    look = ctx.look
    rows = [[ctx.para(ctx.words("rubric_criterion"), "cellhead"), ctx.para(ctx.words("rubric_points"), "cellhead")]]
    for row in rows_in:
        text = row.criterion + (f" — {row.description}" if row.description else "")
        rows.append([ctx.para(text, "cell"), ctx.para(str(row.points), "cell")])
    rows.append([ctx.para(ctx.words("rubric_total"), "cellhead"), ctx.para(str(sum(r.points for r in rows_in)), "cellhead")])
    return titled_table(ctx, "rubric", rows, [look.frame_width * 0.85, look.frame_width * 0.15], [
        ("BACKGROUND", (0, 0), (-1, 0), look.color["box"]),
        ("GRID", (0, 0), (-1, -1), 0.4, look.color["rule"]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ], header=True)
