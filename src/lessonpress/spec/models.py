"""Typed models of everything a user writes; they double as the JSON Schema for editors.

Values arrive as strings from the loader; pydantic turns them into the types
declared here, so the schema, not YAML's guessing, decides what `10` means.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema, model_validator

LESSON_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LessonId = Annotated[str, StringConstraints(pattern=LESSON_ID_PATTERN, max_length=80)]
Letter = Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]
Text = Annotated[str, StringConstraints(min_length=1)]
Paper = Literal["letter", "a4"]
VARIANTS = ("standard", "large-print", "answer-key")
Variant = Literal["standard", "large-print", "answer-key"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


def _paragraph_numbers(value: Any) -> Any:
    """Accept `3`, `"2-4"` and lists mixing both; ranges are inclusive."""
    items = value if isinstance(value, list) else [value]
    numbers: list[Any] = []
    for item in items:
        match = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", item) if isinstance(item, str) else None
        if match:
            first, last = int(match.group(1)), int(match.group(2))
            if last < first:
                raise ValueError(f"range '{item}' runs backwards: write it as {last}-{first}")
            numbers.extend(range(first, last + 1))
        else:
            numbers.append(item)
    return numbers


_ONE_OR_RANGE = {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": r"^\s*\d+\s*-\s*\d+\s*$"}]}
_PARAGRAPHS_SCHEMA = {"anyOf": [_ONE_OR_RANGE, {"type": "array", "items": _ONE_OR_RANGE, "minItems": 1}]}


class QuoteRange(Strict):
    from_: Text = Field(alias="from", description="Exact words where the excerpt starts.")
    to: Text = Field(description="Exact words where the excerpt ends (included).")


class Select(Strict):
    """Which part of the material to print. Give exactly one of the three."""

    paragraphs: Annotated[list[int], BeforeValidator(_paragraph_numbers), WithJsonSchema(_PARAGRAPHS_SCHEMA)] | None = Field(
        None, description="Paragraph numbers or ranges, e.g. [1, 3] or ['2-4']."
    )
    section: Text | None = Field(None, description="A heading of the material; the section runs to the next heading of the same level.")
    quote: QuoteRange | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Select:
        given = [name for name in ("paragraphs", "section", "quote") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("select needs exactly one of 'paragraphs', 'section' or 'quote'" + (f", not {' and '.join(given)}" if given else ""))
        return self


class SourceSpec(Strict):
    material: LessonId = Field(description="The id of a material in materials/.")
    select: Select | None = Field(None, description="Part of the material to print; the whole text when left out.")
    omit: list[Text] = Field(default_factory=list, description="Exact passages to cut; printed as an ellipsis.")
    replace: dict[str, str] = Field(default_factory=dict, description="Exact passage -> simpler wording; marks the document (Modified).")
    headnote: Text | None = Field(None, description="One or two sentences introducing the document.")
    title: Text | None = Field(None, description="Title printed for the document; defaults to the material's title.")


class Evidence(Strict):
    quote: Text = Field(description="Exact words from the document; the guide cites their line numbers.")


class ExerciseBase(Strict):
    SKILL: ClassVar[str] = ""
    skill: Text | None = Field(None, description="Skill tag for reports; defaults to the exercise type's skill.")

    @property
    def skill_tag(self) -> str:
        return self.skill or self.SKILL


class Sourcing(ExerciseBase):
    SKILL: ClassVar[str] = "sourcing"
    type: Literal["sourcing"]
    source: Letter
    prompt: Text | None = None
    answer: SourcingAnswer | None = None


class SourcingAnswer(Strict):
    author: Text | None = None
    date: Text | None = None
    audience: Text | None = None
    purpose: Text | None = None


class CloseReading(ExerciseBase):
    SKILL: ClassVar[str] = "close reading"
    type: Literal["close_reading"]
    source: Letter
    prompt: Text
    evidence: Evidence | None = None
    lines: int = Field(4, ge=1, le=30)
    answer: Text | None = None


class ClaimEvidence(ExerciseBase):
    SKILL: ClassVar[str] = "claim and evidence"
    type: Literal["claim_evidence"]
    source: Letter
    claim: Text
    prompt: Text | None = None
    evidence: Evidence | None = None
    lines: int = Field(4, ge=1, le=30)
    answer: Text | None = None


class Corroboration(ExerciseBase):
    SKILL: ClassVar[str] = "corroboration"
    type: Literal["corroboration"]
    sources: list[Letter] = Field(min_length=2)
    topics: list[Text] = Field(min_length=1)
    prompt: Text | None = None
    answer: dict[str, Text | dict[str, Text]] | None = Field(
        None, description="Topic -> what the documents show, or topic -> {letter: text}."
    )


class Reliability(ExerciseBase):
    SKILL: ClassVar[str] = "reliability"
    type: Literal["reliability"]
    source: Letter
    prompt: Text | None = None
    lines: int = Field(4, ge=1, le=30)
    answer: Text | None = None


class Contextualization(ExerciseBase):
    SKILL: ClassVar[str] = "contextualization"
    type: Literal["contextualization"]
    prompt: Text
    source: Letter | None = None
    lines: int = Field(5, ge=1, le=30)
    answer: Text | None = None


class MultipleChoice(ExerciseBase):
    SKILL: ClassVar[str] = "comprehension"
    type: Literal["multiple_choice"]
    prompt: Text
    choices: list[Text] = Field(min_length=2, max_length=8)
    answer: Text | None = Field(None, description="The letter of the right choice (A, B, ...) or its exact text.")
    source: Letter | None = None


class ShortAnswer(ExerciseBase):
    SKILL: ClassVar[str] = "argumentation"
    type: Literal["short_answer"]
    prompt: Text
    lines: int = Field(6, ge=1, le=40)
    model_answer: Text | None = None
    sources: list[Letter] = Field(default_factory=list)


class Sequence(ExerciseBase):
    SKILL: ClassVar[str] = "chronological reasoning"
    type: Literal["sequence"]
    prompt: Text | None = None
    items: list[Text] = Field(min_length=2, max_length=12, description="In the correct order; the handout shuffles them.")


Exercise = Annotated[
    Sourcing | CloseReading | ClaimEvidence | Corroboration | Reliability | Contextualization | MultipleChoice | ShortAnswer | Sequence,
    Field(discriminator="type"),
]
EXERCISE_TYPES: dict[str, type[ExerciseBase]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls  # type: ignore[union-attr]
    for cls in (Sourcing, CloseReading, ClaimEvidence, Corroboration, Reliability, Contextualization, MultipleChoice, ShortAnswer, Sequence)
}


class AgendaItem(Strict):
    minutes: int = Field(ge=1, le=600)
    activity: Text


class DiscussionPrompt(Strict):
    prompt: Text
    look_fors: list[Text] = Field(default_factory=list)
    sources: list[Letter] = Field(default_factory=list)


class RubricRow(Strict):
    criterion: Text
    points: int = Field(ge=1, le=100)
    description: Text | None = None


class Lesson(Strict):
    """A lesson spec (lesson_specs/*.yaml)."""

    id: LessonId
    title: Text
    central_question: Text
    course: Text | None = None
    grade: Text | None = None
    duration: int | None = Field(None, ge=1, le=600, description="Minutes; the agenda must add up to it.")
    teacher: Text | None = None
    date: dt.date | None = None
    advisory: Text | None = Field(None, description="Content warning printed on both PDFs.")
    objectives: list[Text] = Field(default_factory=list)
    vocabulary: dict[str, Text] = Field(default_factory=dict)
    sources: dict[Letter, SourceSpec] = Field(default_factory=dict)
    background: Text | None = None
    agenda: list[AgendaItem] = Field(default_factory=list)
    discussion: list[DiscussionPrompt] = Field(default_factory=list)
    exercises: list[Exercise] = Field(default_factory=list)
    rubric: list[RubricRow] = Field(default_factory=list)
    extends: LessonId | None = Field(None, description="Id of a lesson to start from; keys here override it.")


class ClassSection(Strict):
    name: Text
    teacher: Text | None = None
    students: int = Field(ge=1, le=200)
    variant: Variant | None = None
    paper: Paper | None = None
    date: dt.date | None = None


class Curriculum(Strict):
    """A curriculum (lesson_specs/*.curriculum.yaml)."""

    id: LessonId
    title: Text
    lessons: list[Text] = Field(min_length=1, description="Lesson ids or globs such as 'glf-*', in unit order.")
    classes: list[ClassSection] = Field(default_factory=list)
    date: dt.date | None = None
    course: Text | None = None
    period_minutes: int | None = Field(None, ge=1, le=600, description="Length of a class period; `report` flags lessons that do not fit.")


class Limits(Strict):
    max_file_mb: float = Field(1.0, gt=0, le=100)
    max_lessons: int = Field(2000, ge=1)
    max_excerpt_words: int = Field(3000, ge=1)
    max_exercises: int = Field(60, ge=1)
    recommended_excerpt_words: int = Field(300, ge=1, description="`report` and `check` warn about longer documents.")
    render_timeout_s: float = Field(120, gt=0, description="A lesson that takes longer to render is stopped and reported.")
    max_render_mb: int = Field(2048, ge=256, description="Memory one lesson's rendering may use.")


class WorkspaceSettings(Strict):
    """lessonpress.yaml"""

    school: Text | None = None
    paper: Paper = "letter"
    theme: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)] = Field(
        "default", description="A built-in theme or templates/themes/<name>.yaml."
    )
    output: Text = "output"
    limits: Limits = Field(default_factory=Limits)


class MaterialMeta(Strict):
    """Front matter of a material (materials/*.md)."""

    id: LessonId | None = Field(None, description="Defaults to the file name without .md.")
    title: Text
    kind: Literal["primary", "secondary", "tertiary"]
    author: Text | None = None
    publisher: Text | None = None
    date: Text | None = None
    license: Text | None = None
    url: Text | None = None
    note: Text | None = None


Sourcing.model_rebuild()
