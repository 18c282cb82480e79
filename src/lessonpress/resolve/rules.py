"""Rules that need more than one value at a time: references between parts, sums, quotes in documents."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from lessonpress.errors import Diagnostics, Pos, suggest
from lessonpress.resolve.excerpts import Excerpt, cut_excerpt
from lessonpress.resolve.images import ImageFile
from lessonpress.resolve.materials import Material, MaterialTable
from lessonpress.resolve.textmatch import Haystack, clip, closest_passage
from lessonpress.resolve.tiers import TierVersion, resolve_tiers
from lessonpress.resolve.translations import original_paragraphs, translation_for
from lessonpress.resolve.visuals import VisualCite, check_visual_source, locate_visual_evidence, refuse_visual_keys
from lessonpress.spec.models import Evidence, Lesson, Limits, SourceSpec
from lessonpress.spec.yamltree import PathKey, SourceMap

if TYPE_CHECKING:
    from lessonpress.resolve.refs import LineRef


@dataclass(frozen=True)
class Document:
    letter: str
    material: Material
    spec: SourceSpec
    excerpt: Excerpt  # no paragraphs for an image or a table document
    table: MaterialTable | None = None  # a table document's table (shown as a table, a chart or both)
    image: ImageFile | None = None  # an image document's picture
    tier: str | None = None  # the reading tier this excerpt is (None: the original)
    original: Excerpt | None = None  # a tier's or a translation's document: the original excerpt, for the guide
    translation: Material | None = None  # the translation printed in place of the material's own words

    @property
    def title(self) -> str:
        return self.spec.title or self.material.meta.title

    @property
    def kind(self) -> Literal["text", "table", "image"]:
        return "image" if self.image is not None else "table" if self.table is not None else "text"


@dataclass(frozen=True)
class EvidenceSpan:
    """Where an exercise's evidence quote sits in its document: paragraph index and character span."""

    letter: str
    paragraph: int
    start: int
    end: int


@dataclass
class ResolvedLesson:
    """A lesson with `extends` merged, every reference checked and every excerpt cut: ready to render."""

    lesson: Lesson
    path: Path
    smap: SourceMap
    documents: dict[str, Document]
    evidence: dict[int, EvidenceSpan | VisualCite] = field(default_factory=dict)  # exercise index -> where
    inputs: list[Path] = field(default_factory=list)  # spec files (child first) and materials
    # `[[lines: ...]]` references by the text holding them, e.g. ("exercises", 1, "prompt"), in written order
    refs: dict[PathKey, list[LineRef]] = field(default_factory=dict)
    tiers: dict[str, TierVersion] = field(default_factory=dict)  # reading tier -> its documents, evidence and references
    tier: str | None = None  # the tier this copy prints (None: the original)

    def for_tier(self, name: str | None) -> ResolvedLesson:
        """The lesson as a class that gets reading tier `name` reads it (the original when no document has that tier)."""
        version = self.tiers.get(name) if name else None
        if version is None:
            return self
        return replace(self, documents=version.documents, evidence=version.evidence, refs=version.refs, tier=name)

    def pos(self, path: PathKey) -> Pos:
        return self.smap.find(path) or Pos(self.path)

    @property
    def skills(self) -> list[str]:
        return list(dict.fromkeys(ex.skill_tag for ex in self.lesson.exercises))


def _letters_of(exercise: Any) -> list[tuple[PathKey, str]]:
    """(relative path, letter) for every document an exercise refers to."""
    refs: list[tuple[PathKey, str]] = []
    source = getattr(exercise, "source", None)
    if source:
        refs.append((("source",), source))
    for index, letter in enumerate(getattr(exercise, "sources", None) or []):
        refs.append((("sources", index), letter))
    return refs


class LessonChecker:
    def __init__(
        self,
        lesson: Lesson,
        path: Path,
        smap: SourceMap,
        materials: dict[str, Material],
        limits: Limits,
        diags: Diagnostics,
        broken: set[str] | None = None,
    ):
        self.broken = broken or set()
        self.checked_documents: dict[str, Document] = {}
        self.lesson = lesson
        self.path = path
        self.smap = smap
        self.materials = materials
        self.limits = limits
        self.diags = diags

    def at(self, path: PathKey, prefer_key: bool = False) -> Pos:
        return self.smap.find(path, prefer_key) or Pos(self.path)

    def run(self) -> ResolvedLesson | None:
        from lessonpress.resolve import refs

        before = len(self.diags.errors)
        documents = self.documents()
        self.checked_documents = documents
        self.check_references(documents)
        evidence = self.locate_evidence(documents)
        line_refs = refs.resolve(self, documents)
        self.check_agenda()
        self.check_exercises()
        if len(self.diags.errors) > before:
            return None
        tiers = resolve_tiers(self, documents)
        if len(self.diags.errors) > before:
            return None
        inputs = sorted({path for d in documents.values() for m in (d.material, d.translation) if m for path in m.files})
        return ResolvedLesson(self.lesson, self.path, self.smap, documents, evidence, inputs, line_refs, tiers)

    def documents(self) -> dict[str, Document]:
        documents: dict[str, Document] = {}
        for letter, spec in sorted(self.lesson.sources.items()):
            material = self.materials.get(spec.material)
            if spec.material in self.broken:
                self.diags.error(self.at(("sources", letter, "material")), f"material '{spec.material}' has errors: fix those first")
                continue
            if material is None:
                hint = suggest(spec.material, set(self.materials)) or (
                    f"; materials/ has: {', '.join(sorted(self.materials))}" if self.materials else "; materials/ is empty"
                )
                self.diags.error(self.at(("sources", letter, "material")), f"no material with id '{spec.material}'{hint}")
                continue
            if material.is_visual or spec.table is not None:
                shown = check_visual_source(spec, material, partial(self._in_source, letter), self.diags)
                if shown is not None:
                    documents[letter] = Document(letter, material, spec, Excerpt(()), *shown)
                continue
            refuse_visual_keys(spec, partial(self._in_source, letter), self.diags)
            translation = translation_for(material, self.lesson.lang)  # a lesson in Spanish quotes and cuts the Spanish text
            excerpt = cut_excerpt(spec, translation or material, partial(self._in_source, letter), self.diags)
            if excerpt is None:
                continue
            if excerpt.word_count > self.limits.max_excerpt_words:
                self.diags.error(
                    self.at(("sources", letter, "select")),
                    f"Document {letter} is {excerpt.word_count} words; the limit is {self.limits.max_excerpt_words} "
                    "(select less text, or raise limits.max_excerpt_words in lessonpress.yaml)",
                )
            original = original_paragraphs(excerpt, material) if translation else None
            if spec.bilingual:
                self._check_bilingual(letter, spec, material, translation)
            documents[letter] = Document(letter, material, spec, excerpt, original=original, translation=translation)
        return documents

    def _check_bilingual(self, letter: str, spec: SourceSpec, material: Material, translation: Material | None) -> None:
        """Side by side needs a translation to print and whole paragraphs: translations align paragraph by paragraph."""
        at = self._in_source(letter, ("bilingual",))
        if translation is None:
            lang = self.lesson.lang or "the workspace's language"
            self.diags.error(at, f"bilingual: true prints a translation beside its original, but {material.id} has no translation "
                                 f"in this lesson's language ({lang}): add one to materials/ with 'translation_of: {material.id}', "
                                 "or set the lesson's 'lang:'")
        elif spec.select is not None and spec.select.quote is not None:
            self.diags.error(at, "bilingual: true needs whole paragraphs (select paragraphs or a section, not a quote): "
                                 "a translation lines up with its original paragraph by paragraph, not word by word")

    def _in_evidence(self, index: int, key: PathKey) -> Pos:
        return self.at(("exercises", index, "evidence") + key, prefer_key=True)

    def _in_source(self, letter: str, key: PathKey) -> Pos:
        return self.at(("sources", letter) + key, prefer_key=True)

    def _unknown_letter(self, pos: Pos, letter: str) -> None:
        have = ", ".join(sorted(self.lesson.sources)) or "none"
        self.diags.error(pos, f"Document {letter} does not exist: this lesson's documents are {have} (see 'sources')")

    def check_references(self, documents: dict[str, Document]) -> None:
        for index, exercise in enumerate(self.lesson.exercises):
            for sub, letter in _letters_of(exercise):
                if letter not in self.lesson.sources:
                    self._unknown_letter(self.at(("exercises", index) + sub), letter)
        for index, prompt in enumerate(self.lesson.discussion):
            for n, letter in enumerate(prompt.sources):
                if letter not in self.lesson.sources:
                    self._unknown_letter(self.at(("discussion", index, "sources", n)), letter)

    def locate_evidence(self, documents: dict[str, Document]) -> dict[int, EvidenceSpan | VisualCite]:
        spans: dict[int, EvidenceSpan | VisualCite] = {}
        for index, exercise in enumerate(self.lesson.exercises):
            evidence, letter = getattr(exercise, "evidence", None), getattr(exercise, "source", None)
            if not isinstance(evidence, Evidence) or not isinstance(letter, str):
                continue
            document = documents.get(letter)
            if document is None:
                continue
            if document.kind != "text" or evidence.quote is None:
                cite = locate_visual_evidence(letter, document.table, document.material, evidence, partial(self._in_evidence, index), self.diags)
                if cite is not None:
                    spans[index] = cite
                continue
            span = find_in_excerpt(document, evidence.quote)
            if span is None:
                self.diags.error(
                    self.at(("exercises", index, "evidence", "quote")),
                    f'evidence "{clip(evidence.quote)}" does not occur in Document {letter} as printed{not_found_hint(document, evidence.quote)}',
                )
            else:
                spans[index] = span
        return spans

    def check_agenda(self) -> None:
        agenda, duration = self.lesson.agenda, self.lesson.duration
        if not agenda or duration is None:
            return
        total = sum(item.minutes for item in agenda)
        if total != duration:
            self.diags.error(
                self.at(("agenda",), prefer_key=True),
                f"agenda adds up to {total} minutes but duration is {duration}: change a timing or the duration",
            )

    def check_exercises(self) -> None:
        """The limit on exercises, then each exercise type's own checks and a warning where the guide would lack an answer."""
        from lessonpress.exercises import exercise_type

        if len(self.lesson.exercises) > self.limits.max_exercises:
            self.diags.error(
                self.at(("exercises",), prefer_key=True),
                f"{len(self.lesson.exercises)} exercises; the limit is {self.limits.max_exercises} (split the lesson, or raise limits.max_exercises)",
            )
        for index, exercise in enumerate(self.lesson.exercises):
            kind = exercise_type(exercise.type)
            kind.check(exercise, _ExerciseChecks(self, ("exercises", index)))
            if kind.answer_field and getattr(exercise, kind.answer_field, None) is None:
                what = "short answer has no model_answer" if kind.answer_field == "model_answer" else f"{exercise.type} exercise has no {kind.answer_field}"
                self.diags.warning(self.at(("exercises", index)), f"{what} for the teacher guide")


@dataclass
class _ExerciseChecks:
    """Where an exercise type's checks report: paths relative to the exercise."""

    checker: LessonChecker
    here: PathKey

    def error(self, path: PathKey, message: str, prefer_key: bool = False) -> None:
        self.checker.diags.error(self.checker.at(self.here + path, prefer_key), message)

    def warning(self, path: PathKey, message: str) -> None:
        self.checker.diags.warning(self.checker.at(self.here + path), message)

    def document_kind(self, letter: str) -> str | None:
        document = self.checker.checked_documents.get(letter)
        return document.kind if document is not None else None


def find_in_excerpt(document: Document, quote: str) -> EvidenceSpan | None:
    """The first place `quote` occurs in the document as printed (one paragraph; spacing and Unicode form ignored)."""
    for index, paragraph in enumerate(document.excerpt.paragraphs):
        found = Haystack.of(paragraph.text).find(quote)
        if found:
            return EvidenceSpan(document.letter, index, found[0], found[1])
    return None


def not_found_hint(document: Document, quote: str) -> str:
    """Why a quote may be missing: the paragraph outside the selection that holds it, or the closest printed passage."""
    shown = "\n".join(p.text for p in document.excerpt.paragraphs)
    closest = closest_passage(shown, quote)
    closest_hint = f'; closest passage: "{closest}"' if closest else ""
    for paragraph in document.excerpt.paragraphs:
        original = " ".join(run.original if run.kind in ("omission", "replaced") else run.text for run in paragraph.runs)
        if not Haystack.of(original).find(quote):
            continue
        for run in paragraph.runs:
            if run.kind in ("omission", "replaced") and (Haystack.of(quote).find(run.original) or Haystack.of(run.original).find(quote)):
                return f'; Document {document.letter} prints "{clip(run.original, 40)}" as "{run.text.strip()}": quote the words as printed'
    return document.material.where(quote) or closest_hint
