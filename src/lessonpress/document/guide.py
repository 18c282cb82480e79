"""The teacher guide tree: plan, background, documents with line numbers and original wording, key, rubric."""

from __future__ import annotations

from lessonpress.document.context import LessonContext
from lessonpress.document.model import Audience, Block, BulletList, Cell, Document, Group, Heading, Paragraph, Table, plain
from lessonpress.document.sources import boxes, furniture, kicker, metadata, original_wording, section, source, title, word_bank
from lessonpress.exercises import exercise_type

TEACHER: Audience = "teacher"


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def agenda(ctx: LessonContext) -> list[Block]:
    items = ctx.lesson.lesson.agenda
    if not items:
        return []
    rows = [tuple(Cell(plain(ctx.words(f"agenda_{key}")), header=True) for key in ("clock", "minutes", "activity"))]
    elapsed = 0
    for item in items:
        rows.append((Cell(plain(f"{_clock(elapsed)}–{_clock(elapsed + item.minutes)}")), Cell(plain(str(item.minutes))), Cell(plain(item.activity))))
        elapsed += item.minutes
    rows.append((Cell(plain(ctx.words("agenda_total")), header=True), Cell(plain(str(elapsed)), header=True), Cell()))
    table = Table(kind="agenda", rows=tuple(rows), widths=(0.15, 0.08, 0.77), header_rows=1, where=("agenda",), audience=TEACHER)
    return [section(ctx, "agenda", table)]


def rubric(ctx: LessonContext) -> list[Block]:
    items = ctx.lesson.lesson.rubric
    if not items:
        return []
    rows = [(Cell(plain(ctx.words("rubric_criterion")), header=True), Cell(plain(ctx.words("rubric_points")), header=True))]
    for row in items:
        rows.append((Cell(plain(row.criterion + (f" — {row.description}" if row.description else ""))), Cell(plain(str(row.points)))))
    rows.append((Cell(plain(ctx.words("rubric_total")), header=True), Cell(plain(str(sum(r.points for r in items))), header=True)))
    table = Table(kind="rubric", rows=tuple(rows), widths=(0.85, 0.15), header_rows=1, where=("rubric",), audience=TEACHER)
    return [section(ctx, "rubric", table)]


def background(ctx: LessonContext) -> list[Block]:
    text = ctx.lesson.lesson.background
    if not text:
        return []
    chunks = [" ".join(chunk.split()) for chunk in text.strip().split("\n\n") if chunk.strip()]
    blocks: list[Block] = [Heading(level=2, content=plain(ctx.words("background")))]
    blocks += [Paragraph(content=plain(chunk), role="body", where=("background",)) for chunk in chunks]
    return [Group(blocks=tuple(blocks), audience=TEACHER)]


def discussion(ctx: LessonContext) -> list[Block]:
    out: list[Block] = []
    for index, item in enumerate(ctx.lesson.lesson.discussion):
        blocks: list[Block] = [Heading(level=2, content=plain(ctx.words("discussion")))] if index == 0 else []
        blocks.append(Paragraph(content=plain(f"{index + 1}. {ctx.prose(item.prompt, ('discussion', index, 'prompt'))}"), role="prompt"))
        if item.look_fors:
            blocks += [Paragraph(content=plain(ctx.words("look_fors")), role="instruction", audience=TEACHER),
                       BulletList(items=tuple(plain(x) for x in item.look_fors), role="note", audience=TEACHER)]
        out.append(Group(blocks=tuple(blocks), role="discussion", keep=True, where=("discussion", index), audience=TEACHER))
    return out


def answer_key(ctx: LessonContext) -> list[Block]:
    out: list[Block] = []
    revealing = ctx.revealing()
    printed = [index for _, group in ctx.order() for index in group]
    for index in printed:
        ex = ctx.lesson.lesson.exercises[index]
        blocks: list[Block] = [Heading(level=2, content=plain(ctx.words("answer_key")))] if not out else []
        heading = f"{ctx.number(index)}. {ctx.words(f'type_names.{ex.type}')}"
        source = getattr(ex, "source", None)
        letters = [source] if source else list(getattr(ex, "sources", []) or [])
        if letters:
            heading += f" · {ctx.words('key_documents', letters=letters)}"
        blocks.append(Heading(level=3, content=plain(heading), bookmark=False))
        key = "prompt" if getattr(ex, "prompt", None) else "claim"
        prompt = getattr(ex, key, None)
        if prompt:
            blocks.append(Paragraph(content=plain(ctx.prose(prompt, ("exercises", index, key))), role="instruction"))
        blocks += exercise_type(ex.type).key(revealing, index, ex)
        cite = ctx.citation(index)
        evidence = getattr(ex, "evidence", None)
        if cite and evidence is not None:
            blocks.append(Paragraph(content=plain(f"{cite}: “{evidence.quote}”" if evidence.quote else cite), role="citation"))
        out.append(Group(blocks=tuple(blocks), role="key", keep=True, where=("exercises", index), audience=TEACHER))
    return out


def guide(ctx: LessonContext) -> Document:
    lesson = ctx.lesson.lesson
    minutes = ctx.words("minutes", minutes=lesson.duration) if lesson.duration else ""
    blocks: list[Block] = [*title(ctx, f"{ctx.words('guide_title')} · {kicker(ctx, minutes)}")]
    blocks += boxes(ctx)
    if lesson.objectives:
        blocks.append(section(ctx, "objectives", BulletList(items=tuple(plain(o) for o in lesson.objectives), where=("objectives",))))
    blocks += agenda(ctx)
    blocks += word_bank(ctx)  # the agenda pre-teaches it: the teacher has it at hand
    blocks += background(ctx)
    blocks += [source(ctx, document, original_wording(ctx, document), teacher=True) for document in ctx.lesson.documents.values()]
    blocks += discussion(ctx)
    blocks += answer_key(ctx)
    blocks += rubric(ctx)
    return Document("guide", metadata(ctx, ctx.words("guide_title")), furniture(ctx, "guide_footer"), tuple(blocks), ctx.variant.name)
