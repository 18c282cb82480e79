"""The student handout tree: everything a student needs, never an answer (the answer-key variant is a teacher copy)."""

from __future__ import annotations

from dataclasses import replace

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
    Question,
    check_audience,
    plain,
)
from lessonpress.document.sources import boxes, furniture, kicker, metadata, source, title, word_bank
from lessonpress.exercises import exercise_type


def question(ctx: LessonContext, index: int, lead: list[Block]) -> Group:
    """One exercise as its type builds it, numbered in printed order; `lead` (a heading) stays with it."""
    exercise = ctx.lesson.lesson.exercises[index]
    parts = [replace(b, number=ctx.number(index)) if isinstance(b, Question) else b
             for b in exercise_type(exercise.type).question(ctx, index, exercise)]
    audience: Audience = "teacher" if any(b.audience == "teacher" for p in parts for b in (p, *p.children())) else "everyone"
    return Group(blocks=(*lead, *parts), role="question", keep=True, where=("exercises", index), audience=audience)


def questions(ctx: LessonContext, heading: str, indexes: list[int]) -> list[Block]:
    lead: list[Block] = [Heading(level=2, content=plain(heading))]
    return [question(ctx, index, lead if n == 0 else []) for n, index in enumerate(indexes)]


def documents_and_questions(ctx: LessonContext) -> list[Block]:
    """documents-first: every document, then every question. by-document: each document with its own questions."""
    groups = dict(ctx.order())
    by_document = ctx.layout == "by-document"
    out: list[Block] = []
    for letter, document in ctx.lesson.documents.items():
        out.append(source(ctx, document))
        if by_document and groups.get(letter):
            out += questions(ctx, ctx.words("questions_on", letter=letter), groups[letter])
    rest = groups.get(None, [])
    if rest:
        out += questions(ctx, ctx.words("questions_comparing" if by_document and len(groups) > 1 else "questions"), rest)
    return out


def discussion(ctx: LessonContext) -> list[Block]:
    prompts = ctx.lesson.lesson.discussion
    if not prompts:
        return []
    blocks: list[Block] = [Heading(level=2, content=plain(ctx.words("discussion")))]
    blocks += [Paragraph(content=plain(f"{n}. {ctx.prose(item.prompt, ('discussion', n - 1, 'prompt'))}"), role="prompt", where=("discussion", n - 1))
               for n, item in enumerate(prompts, 1)]
    return [Group(blocks=tuple(blocks), keep=True)]


def handout(ctx: LessonContext) -> Document:
    """The handout, or with the answer-key variant the same pages with every answer filled in."""
    blocks: list[Block] = [*title(ctx, kicker(ctx)), NameLines(labels=(ctx.words("name_line"), ctx.words("date_line"), ctx.words("class_line")),
                                                             class_name=ctx.copy.class_name)]
    blocks += boxes(ctx)
    blocks += word_bank(ctx)
    blocks += documents_and_questions(ctx)
    blocks += discussion(ctx)
    kind: Kind = "answer-key" if ctx.reveal else "handout"
    furniture_ = furniture(ctx, "handout_footer")
    if ctx.reveal:  # a teacher copy must never pass for a student's: marked on every page, by a word, not a colour
        furniture_ = replace(furniture_, stamp=ctx.words("answer_key_stamp"))
    suffix = ctx.words("answer_key_title", stamp=ctx.words("answer_key_stamp")) if ctx.reveal else ""
    document = Document(kind, metadata(ctx, suffix), furniture_, tuple(blocks), ctx.variant.name)
    return check_audience(document)
