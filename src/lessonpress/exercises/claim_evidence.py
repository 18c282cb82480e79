"""Claim and evidence: does the document support a claim it makes? The guide cites the lines of the evidence."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from lessonpress.document.model import Block, Paragraph, Span, clean, plain
from lessonpress.exercises.base import ExerciseType, KeyContext, QuestionContext, answer_or_lines, key_answer, numbered, prose
from lessonpress.spec.models import Evidence, ExerciseBase, Letter, Text


class ClaimEvidence(ExerciseBase):
    SKILL: ClassVar[str] = "claim and evidence"
    type: Literal["claim_evidence"]
    source: Letter
    claim: Text
    prompt: Text | None = None
    evidence: Evidence | None = None
    lines: int = Field(4, ge=1, le=30)
    answer: Text | None = None


def question(ctx: QuestionContext, index: int, ex: ClaimEvidence) -> list[Block]:
    prompt = prose(ctx, index, ex.prompt) if ex.prompt else ctx.words("claim_evidence_prompt", letter=ex.source)
    parts: list[Block] = [
        Paragraph(content=(Span(f"“{clean(prose(ctx, index, ex.claim, 'claim'))}”"),), role="claim"),
        Paragraph(content=plain(prompt), role="question"),
        *answer_or_lines(ctx, ex.lines, ex.answer),
    ]
    return [numbered(index + 1, ctx.words("claim_evidence", letter=ex.source), parts, ("exercises", index))]


def key(ctx: KeyContext, index: int, ex: ClaimEvidence) -> list[Block]:
    return key_answer(ctx, ex.answer)


TYPE = ExerciseType("claim_evidence", ClaimEvidence, question, key)
