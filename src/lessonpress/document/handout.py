"""The student handout tree: everything a student needs, never an answer (the answer-key variant is a teacher copy)."""

from __future__ import annotations

from lessonpress.document.context import LessonContext
from lessonpress.document.model import (
    Audience,
    Block,
    Document,
    Group,
    Heading,
    Kind,
    NameLines,
    Paragraph,
    check_audience,
    plain,
)
from lessonpress.document.sources import boxes, furniture, kicker, metadata, source, title, word_bank
from lessonpress.exercises import exercise_type


def questions(ctx: LessonContext) -> list[Block]:
    out: list[Block] = []
    for index, exercise in enumerate(ctx.lesson.lesson.exercises):
        lead: list[Block] = [Heading(level=2, content=plain(ctx.words("questions")))] if index == 0 else []
        parts = exercise_type(exercise.type).question(ctx, index, exercise)
        audience: Audience = "teacher" if any(b.audience == "teacher" for p in parts for b in (p, *p.children())) else "everyone"
        out.append(Group(blocks=(*lead, *parts), role="question", keep=True, where=("exercises", index), audience=audience))
    return out


def discussion(ctx: LessonContext) -> list[Block]:
    prompts = ctx.lesson.lesson.discussion
    if not prompts:
        return []
    blocks: list[Block] = [Heading(level=2, content=plain(ctx.words("discussion")))]
    blocks += [Paragraph(content=plain(f"{n}. {item.prompt}"), role="prompt", where=("discussion", n - 1)) for n, item in enumerate(prompts, 1)]
    return [Group(blocks=tuple(blocks), keep=True)]


def handout(ctx: LessonContext) -> Document:
    """The handout, or with the answer-key variant the same pages with every answer filled in."""
    blocks: list[Block] = [*title(ctx, kicker(ctx)), NameLines(labels=(ctx.words("name_line"), ctx.words("date_line"), ctx.words("class_line")),
                                                             class_name=ctx.copy.class_name)]
    blocks += boxes(ctx)
    blocks += word_bank(ctx)
    blocks += [source(ctx, document) for document in ctx.lesson.documents.values()]
    blocks += questions(ctx)
    blocks += discussion(ctx)
    kind: Kind = "answer-key" if ctx.reveal else "handout"
    document = Document(kind, metadata(ctx), furniture(ctx, "handout_footer"), tuple(blocks), ctx.variant.name)
    return check_audience(document)
