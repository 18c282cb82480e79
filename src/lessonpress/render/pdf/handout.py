"""The student handout: everything a student needs, and never an answer (unless the variant is answer-key)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from lessonpress.render.pdf.blocks import document_block, kicker, name_lines, question_and_advisory, title_block, word_bank
from lessonpress.render.pdf.document import tag
from lessonpress.render.pdf.exercises import Ctx, handout_part


def handout_story(ctx: Ctx) -> list[Flowable]:
    lesson = ctx.lesson.lesson
    story: list[Flowable] = [*title_block(ctx, lesson.title, kicker(ctx)), Spacer(1, 1 * mm), name_lines(ctx)]
    story += question_and_advisory(ctx)
    story += word_bank(ctx)
    for document in ctx.lesson.documents.values():
        story += document_block(ctx, document)
    for index, exercise in enumerate(lesson.exercises):
        lead = [ctx.heading(ctx.words("questions"))] if index == 0 else None
        story.append(tag(handout_part(ctx, index, exercise, lead), ("exercises", index)))
    if lesson.discussion:
        prompts = [ctx.heading(ctx.words("discussion"))]
        for index, item in enumerate(lesson.discussion, start=1):
            prompts.append(tag(ctx.para(f"{index}. {item.prompt}", "question"), ("discussion", index - 1)))
        story.append(KeepTogether(prompts))
    return story
