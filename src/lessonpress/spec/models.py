"""Typed models of everything a user writes; they double as the JSON Schema for editors.

Values arrive as strings from the loader; pydantic turns them into the types
declared here, so the schema, not YAML's guessing, decides what `10` means.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

LESSON_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LessonId = Annotated[str, StringConstraints(pattern=LESSON_ID_PATTERN, max_length=80)]
Letter = Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]
Paper = Literal["letter", "a4"]
Layout = Literal["documents-first", "by-document"]
VARIANTS = ("standard", "large-print", "answer-key")
Variant = Literal["standard", "large-print", "answer-key"]
# a BCP 47 language tag such as en, es, zh-Hans, pt-BR; `check` also asks Babel whether it knows it
Lang = Annotated[str, StringConstraints(pattern=r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$", max_length=35)]
TierName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=40)]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, defer_build=True)


def _as_list(value: Any) -> Any:
    """`paragraphs: 3` means `[3]`."""
    return value if isinstance(value, list) else [value]


_MAX_DIGITS = 100  # far beyond any material, and short enough that int() is instant


def _paragraph_span(item: Any) -> Any:
    """`3` or `"2-4"` as an inclusive (first, last) span, never expanded here: a range such as
    "1-9999999999" is checked against the material's paragraph count before any list is made."""
    if isinstance(item, bool):
        return item  # pydantic reports it
    if isinstance(item, int):
        return (item, item)
    if not isinstance(item, str):
        return item
    match = re.fullmatch(r"\s*([0-9]+)\s*(?:-\s*([0-9]+)\s*)?", item)
    if not match:
        raise ValueError(f"paragraph '{item}' is not a number or a range such as 2-4")
    digits = [group for group in match.groups() if group is not None]
    if any(len(d.lstrip("0")) > _MAX_DIGITS for d in digits):
        raise ValueError(f"paragraph '{item.strip()}' is far beyond the end of any material")
    first, last = int(digits[0]), int(digits[-1])
    if last < first:
        raise ValueError(f"range '{item}' runs backwards: write it as {last}-{first}")
    return (first, last)


ParagraphSpan = Annotated[tuple[int, int], BeforeValidator(_paragraph_span)]


def _blank(value: str) -> bool:
    return all(ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc") for ch in value)


def _not_blank(value: str) -> str:
    """Text of only spaces or invisible characters prints as nothing, and layout code expects a word."""
    if _blank(value):
        raise PydanticCustomError("blank", "must not be blank")
    return value


def _not_blank_term(value: str) -> str:
    if _blank(value):
        raise PydanticCustomError("blank", "word-bank term must not be blank")
    return value


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_not_blank)]
Term = Annotated[str, AfterValidator(_not_blank_term)]
Key = Annotated[str, AfterValidator(_not_blank)]  # a mapping key that is printed or searched for


_ONE_OR_RANGE = {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": r"^\s*\d+\s*-\s*\d+\s*$"}]}
_PARAGRAPHS_SCHEMA = {"anyOf": [_ONE_OR_RANGE, {"type": "array", "items": _ONE_OR_RANGE, "minItems": 1}]}


class QuoteRange(Strict):
    from_: Text = Field(alias="from", description="Exact words where the excerpt starts.")
    to: Text = Field(description="Exact words where the excerpt ends (included).")


class Select(Strict):
    """Which part of the material to print. Give exactly one of the three."""

    paragraphs: Annotated[list[ParagraphSpan], BeforeValidator(_as_list), WithJsonSchema(_PARAGRAPHS_SCHEMA)] | None = Field(
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


def _fraction(value: float) -> float:
    if not 0 <= value <= 1:
        raise PydanticCustomError("fraction", "must be a fraction from 0 to 1")
    return value


Fraction = Annotated[float, AfterValidator(_fraction)]
Width = Annotated[str, StringConstraints(pattern=r"^\s*(100|[1-9][0-9]?)\s*%\s*$")]


class ChartSpec(Strict):
    """A chart drawn from a table document's columns."""

    type: Literal["bar", "line"] = Field(description="bar or line")
    x: Text = Field(description="The column (its header) along the bottom, e.g. Year.")
    y: Text = Field(description="The column (its header) of numbers to plot; its header labels the vertical axis.")


ShowWhat = Literal["table", "chart"]


class SourceSpec(Strict):
    material: LessonId = Field(description="The id of a material in materials/.")
    select: Select | None = Field(None, description="Part of the material to print; the whole text when left out.")
    omit: list[Text] = Field(default_factory=list, description="Exact passages to cut; printed as an ellipsis.")
    replace: dict[Key, str] = Field(default_factory=dict, description="Exact passage -> simpler wording; marks the document (Modified).")
    headnote: Text | None = Field(None, description="One or two sentences introducing the document.")
    title: Text | None = Field(None, description="Title printed for the document; defaults to the material's title.")
    table: int | None = Field(None, ge=1, le=1000, description="Which table of the material to show (1 = its first); a material "
                              "that is only a table needs none.")
    show: list[ShowWhat] | None = Field(None, min_length=1, description="For a table document: [table], [chart] or [table, chart]; "
                                        "the table, and the chart too when `chart` is given.")
    chart: ChartSpec | None = Field(None, description="Draw the table as a bar or line chart.")
    crop: tuple[Fraction, Fraction, Fraction, Fraction] | None = Field(
        None, description="For an image: the region to print, [x0, y0, x1, y1] as fractions of its width and height from the top left.")
    width: Width | None = Field(None, description="For an image: its printed width as a share of the text width, e.g. 60%.")
    tiers: dict[TierName, TierSpec] = Field(default_factory=dict, description="Reading tiers (e.g. modified, adapted) a class "
                                            "may get instead of this excerpt (the 'original' tier).")
    bilingual: bool = Field(False, description="For a lesson that prints a translation: print it and its original side by side, "
                            "paragraph by paragraph (the translation's lines are numbered and cited).")

    @field_validator("crop")
    @classmethod
    def _crop_in_order(cls, crop: tuple[float, float, float, float] | None) -> tuple[float, float, float, float] | None:
        if crop is not None:
            x0, y0, x1, y1 = crop
            if x1 <= x0 or y1 <= y0:
                raise ValueError("crop is [x0, y0, x1, y1] with x0 < x1 and y0 < y1, e.g. [0, 0, 0.5, 0.5] for the top-left quarter")
        return crop

    @model_validator(mode="after")
    def _chart_to_show(self) -> SourceSpec:
        if self.show is not None and "chart" in self.show and self.chart is None:
            raise ValueError("show: [chart] needs a `chart: {type: bar, x: <column>, y: <column>}`")
        return self

    @property
    def width_fraction(self) -> float:
        return int(self.width.strip().rstrip("%").strip()) / 100 if self.width else 1.0

    @property
    def shows(self) -> tuple[ShowWhat, ...]:
        if self.show is not None:
            return tuple(dict.fromkeys(self.show))
        return ("table", "chart") if self.chart is not None else ("table",)


class TierSpec(Strict):
    """A reading tier of a document: its own cuts and simpler words, or (adapted) its own text."""

    omit: list[Text] = Field(default_factory=list, description="Exact passages of the original to cut in this tier.")
    replace: dict[Key, str] = Field(default_factory=dict, description="Exact passage -> simpler wording, in this tier.")
    text: Text | None = Field(None, description="An adapted text in place of the excerpt (paragraphs separated by a blank "
                              "line); printed with the label (Adapted).")

    @model_validator(mode="after")
    def _text_alone(self) -> TierSpec:
        if self.text is not None and (self.omit or self.replace):
            raise ValueError("an adapted tier gives its own 'text', without 'omit' or 'replace'")
        return self


REGIONS = ("top left", "top", "top right", "left", "centre", "right", "bottom left", "bottom", "bottom right", "whole")
Region = Literal["top left", "top", "top right", "left", "centre", "center", "right", "bottom left", "bottom", "bottom right", "whole"]


class Evidence(Strict):
    """Where the answer is in the document: exact words, a table row, an image region or the caption. Give one."""

    quote: Text | None = Field(None, description="Exact words from the document; the guide cites their line numbers.")
    row: Text | None = Field(None, description="A table document's row, by its first cell (e.g. 1960); cited as 'row 1960'.")
    region: Region | None = Field(None, description="Part of an image document, e.g. 'top left'; cited as such.")
    caption: bool = Field(False, description="The caption of an image document.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Evidence:
        given = [name for name in ("quote", "row", "region") if getattr(self, name) is not None] + (["caption"] if self.caption else [])
        if len(given) != 1:
            raise ValueError("evidence needs exactly one of 'quote', 'row', 'region' or 'caption'" + (f", not {' and '.join(given)}" if given else ""))
        return self


class ExerciseBase(Strict):
    """What every exercise has; each type (lessonpress/exercises/<type>.py) adds its own keys and a `type` literal."""

    SKILL: ClassVar[str] = ""
    type: str
    skill: Text | None = Field(None, description="Skill tag for reports; defaults to the exercise type's skill.")

    @property
    def skill_tag(self) -> str:
        return self.skill or self.SKILL


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
    """A lesson spec (lesson_specs/*.yaml). Validate with `lessonpress.exercises.lesson_model()`, which knows the exercise types."""

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
    vocabulary: dict[Term, Text] = Field(default_factory=dict)
    sources: dict[Letter, SourceSpec] = Field(default_factory=dict)
    background: Text | None = None
    agenda: list[AgendaItem] = Field(default_factory=list)
    discussion: list[DiscussionPrompt] = Field(default_factory=list)
    exercises: list[ExerciseBase] = Field(default_factory=list, description="Questions; `type` picks one of the registered exercise types.")
    rubric: list[RubricRow] = Field(default_factory=list)
    extends: LessonId | None = Field(None, description="Id of a lesson to start from; keys here override it.")
    lang: Lang | None = Field(None, description="The language of this lesson's copies (BCP 47, e.g. es); default: the workspace's.")
    layout: Layout | None = Field(None, description="documents-first (all documents, then all questions) or by-document "
                                                    "(each document followed by its own questions); default from lessonpress.yaml.")


StudentName = Annotated[str, StringConstraints(min_length=1, max_length=120), AfterValidator(_not_blank)]


class ClassSection(Strict):
    name: Text
    teacher: Text | None = None
    students: Annotated[int, Field(ge=1, le=200)] | Annotated[list[StudentName], Field(min_length=1, max_length=200)] | None = Field(
        None, description="How many copies, or the students' names (one named copy each); or give `roster`.")
    roster: Text | None = Field(None, description="A CSV file of the students' names (e.g. rosters/period-2.csv): one named copy each.")
    variant: Variant | None = None
    paper: Paper | None = None
    date: dt.date | None = Field(None, description="The date of the class's first lesson (or of every lesson, without `meets`).")
    lang: Lang | None = Field(None, description="The language of this class's copies (BCP 47, e.g. es): wording, dates, translations.")
    tier: TierName | dict[LessonId, TierName] | None = Field(
        None, description="The reading tier this class gets (e.g. modified), for every lesson or per lesson id.")
    lessons: list[Text] | None = Field(None, min_length=1, description="This class's own lessons (ids or globs), in place of the unit's.")
    meets: list[Weekday] | None = Field(None, min_length=1, description="The class's meeting days, e.g. [mon, wed, fri]: "
                                        "each lesson is dated on the next meeting day from `date`.")
    dates: dict[LessonId, dt.date] = Field(default_factory=dict, description="A date for a lesson of this class (overrides the rest).")

    @model_validator(mode="after")
    def _students_or_roster(self) -> ClassSection:
        if self.students is None and self.roster is None:
            raise ValueError("a class needs 'students' (a number or a list of names) or a 'roster' CSV file")
        if self.students is not None and self.roster is not None:
            raise ValueError("give 'students' or 'roster', not both")
        return self

    @property
    def names(self) -> list[str] | None:
        return list(self.students) if isinstance(self.students, list) else None


class Curriculum(Strict):
    """A curriculum (lesson_specs/*.curriculum.yaml)."""

    id: LessonId
    title: Text
    lessons: list[Text] = Field(min_length=1, description="Lesson ids or globs such as 'glf-*', in unit order.")
    classes: list[ClassSection] = Field(default_factory=list)
    date: dt.date | None = None
    course: Text | None = None
    period_minutes: int | None = Field(None, ge=1, le=600, description="Length of a class period; `report` flags lessons that do not fit.")
    dates: dict[LessonId, dt.date] = Field(default_factory=dict, description="The date of each lesson of the unit, for every class.")
    lang: Lang | None = None


class Limits(Strict):
    max_file_mb: float = Field(1.0, gt=0, le=100)
    max_lessons: int = Field(2000, ge=1)
    max_excerpt_words: int = Field(3000, ge=1)
    max_image_mb: float = Field(20, gt=0, le=500, description="Image files larger than this are refused.")
    max_image_megapixels: float = Field(40, gt=0, le=500, description="Larger images are refused (a decompression bomb is tiny on disk).")
    max_exercises: int = Field(60, ge=1)
    recommended_excerpt_words: int = Field(300, ge=1, description="`report` and `check` warn about longer documents.")
    render_timeout_s: float = Field(120, gt=0, le=3600, description="A lesson that takes longer to render is stopped and reported.")
    max_render_mb: int = Field(2048, ge=256, le=65536, description="Memory one lesson's rendering may use.")


class WorkspaceSettings(Strict):
    """lessonpress.yaml"""

    school: Text | None = None
    paper: Paper = "letter"
    theme: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)] = Field(
        "default", description="A built-in theme or templates/themes/<name>.yaml."
    )
    output: Text = "output"
    layout: Layout = Field("documents-first", description="Handout layout unless a lesson sets its own.")
    lang: Lang = Field("en", description="The language of the fixed wording, dates and numbers (BCP 47, e.g. en, es, zh-Hans).")
    formats: list[Literal["pdf", "html", "docx", "qti"]] = Field(["pdf"], min_length=1, description="What `build` makes unless --format says otherwise.")
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
    lang: Lang | None = Field(None, description="The language the material is written in (BCP 47); default: the workspace's.")
    translation_of: LessonId | None = Field(None, description="The id of the material this one translates, paragraph for paragraph.")
    translator: Text | None = Field(None, description="Who translated it (printed with the provenance).")
    image: Text | None = Field(None, description="An image document: a PNG or JPEG file, relative to this material's folder.")
    alt: Text | None = Field(None, description="Required for an image: a short text alternative (what a student who cannot see it needs).")
    description: Text | None = Field(None, description="A longer description of an image, for the guide and accessible outputs.")
    caption: Text | None = Field(None, description="A caption printed under an image.")


