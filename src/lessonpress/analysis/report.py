"""`lessonpress report`: what a unit practises, how hard its texts are, where they come from, how they were changed,
and which pictures, tables and charts it uses.

The analysis is plain data (pydantic models, so `--format json` has a schema);
render/reportpdf.py draws it. The same warnings appear in `lessonpress check`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from lessonpress.analysis.checks import teacher_warnings
from lessonpress.errors import Diagnostic, Pos, Severity
from lessonpress.resolve.loader import Project, ResolvedCurriculum
from lessonpress.resolve.materials import Material
from lessonpress.resolve.rules import Document, ResolvedLesson

CORE_SKILLS = ["sourcing", "contextualization", "close reading", "corroboration", "claim and evidence", "reliability"]
PROVENANCE_FIELDS = ["author", "date", "publisher", "license"]


class Excerpt(BaseModel):
    lesson: str
    document: str
    material: str
    words: int
    grade_level: float | None = Field(description="Flesch-Kincaid grade level of the excerpt as printed (English only: null in other languages).")
    inflesz: float | None = Field(None, description="Spanish excerpts: Szigriszt-Pazos perspicuity on the INFLESZ scale, 0-100, higher is "
                                                    "easier (40-55 somewhat difficult, 55-65 normal); null in other languages.")
    tier: str | None = Field(None, description="The reading tier (e.g. modified, adapted); null for the document as the lesson defines it.")
    lesson_grade: int | None
    too_hard: bool
    too_long: bool
    vocabulary_suggestions: list[str] = Field(description="Long, rare words in the excerpt that the lesson's word bank does not define.")


class ProvenanceIssue(BaseModel):
    material: str
    path: str
    line: int
    missing: list[str]
    unattributed: bool


class LessonTime(BaseModel):
    lesson: str
    minutes: int | None
    agenda_minutes: int


class Modification(BaseModel):
    lesson: str
    document: str
    kind: str = Field(description="'omission' or 'replaced'")
    original: str
    printed: str


class Visual(BaseModel):
    lesson: str
    document: str
    material: str
    kind: Literal["image", "table"] = Field(description="What the material is: a picture, or a table of figures.")
    shows: list[Literal["image", "table", "chart"]] = Field(description="What the document prints: the image, or the table, its chart or both.")
    described: bool | None = Field(description="For an image: whether its material has a `description`; None for a table, whose cells are its text.")


class VisualCount(BaseModel):
    lesson: str
    images: int
    tables: int
    charts: int = Field(description="Charts drawn from table documents; a document shown as a table and a chart counts once in each.")


class UndescribedImage(BaseModel):
    material: str
    path: str
    line: int = Field(description="The line of the material's `image:` key.")
    documents: list[str] = Field(description="Where it is used, as lesson-id/letter.")


class Coverage(BaseModel):
    lesson: str
    title: str
    skills: dict[str, int]


class UnitReport(BaseModel):
    """Everything `lessonpress report --format json` prints."""

    title: str
    curriculum: str | None
    skills: list[str]
    coverage: list[Coverage]
    skill_totals: dict[str, int]
    rarely_practised: list[str] = Field(description="Skills practised at most once in the unit.")
    excerpts: list[Excerpt]
    provenance: list[ProvenanceIssue]
    time: list[LessonTime]
    total_minutes: int
    period_minutes: int | None
    modifications: list[Modification]
    visuals: list[Visual] = Field(description="Every image and table document of the unit, in lesson order.")
    visual_counts: list[VisualCount] = Field(description="Images, tables and charts per lesson (every lesson, zeros included).")
    visual_totals: dict[str, int] = Field(description="Images, tables and charts in the whole unit.")
    undescribed_images: list[UndescribedImage] = Field(
        description="Image materials without a `description` (a longer text alternative for a student who cannot see the picture).")
    warnings: list[str] = Field(description="The same warnings `lessonpress check` prints, as path:line:col lines.")
    lang: str = Field("en", description="The language the PDF report is written in: the curriculum's `lang:`, else the workspace's.")


def _grade(value: str | None) -> int | None:
    match = re.search(r"\d+", value or "")
    return int(match.group()) if match else None


@lru_cache(maxsize=4096)
def _readability(text: str) -> tuple[float, list[str]]:
    import warnings

    import textstat

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # textstat 0.7.4 leaves its word list file open
        return float(textstat.flesch_kincaid_grade(text)), list(textstat.difficult_words_list(text))


@lru_cache(maxsize=1)
def _spanish() -> Any:
    """textstat's formulas with Spanish syllables: an instance of its own, so the module's English one is untouched."""
    from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang("es")
    return stats


@lru_cache(maxsize=4096)
def _inflesz(text: str) -> float:
    """Szigriszt-Pazos perspicuity, the Spanish adaptation of Flesch's reading ease (read on the INFLESZ scale)."""
    return float(_spanish().szigriszt_pazos(text))


def _suggestions(text: str, difficult: list[str], lesson: ResolvedLesson) -> list[str]:
    defined = {word.lower() for word in lesson.lesson.vocabulary}
    proper = {m.group().lower() for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+", text)}
    import textstat

    words = {w for w in difficult if textstat.syllable_count(w) >= 4 and w not in proper and not any(w.startswith(d[:7]) for d in defined)}
    return sorted(words, key=lambda w: (-len(w), w))[:6]


class _Analysis:
    def __init__(self, project: Project, planned: list[ResolvedLesson], taught: list[ResolvedLesson], unit: ResolvedCurriculum | None):
        self.project = project
        self.planned = planned  # the unit's lessons: its skill coverage and time
        self.lessons = taught  # and those a class takes instead: every text students read, its sources and changes
        self.unit = unit
        self.warnings: list[Diagnostic] = []
        self.max_words = project.workspace.settings.limits.recommended_excerpt_words

    def warn(self, pos: Pos, message: str) -> None:
        self.warnings.append(Diagnostic(pos, message, Severity.WARNING))

    def coverage(self) -> tuple[list[str], list[Coverage], dict[str, int], list[str]]:
        custom = sorted({s for lesson in self.planned for s in lesson.skills} - set(CORE_SKILLS))
        skills = CORE_SKILLS + custom
        rows = []
        for lesson in self.planned:
            counts = {skill: 0 for skill in skills}
            for exercise in lesson.lesson.exercises:
                counts[exercise.skill_tag] += 1
            rows.append(Coverage(lesson=lesson.lesson.id, title=lesson.lesson.title, skills=counts))
        totals = {skill: sum(row.skills[skill] for row in rows) for skill in skills}
        rare = [skill for skill in CORE_SKILLS if totals[skill] <= 1]
        if self.unit is not None:
            pos = self.unit.smap.find(("lessons",), prefer_key=True) or Pos(self.unit.path)
            for skill in rare:
                times = "never" if totals[skill] == 0 else "only once"
                self.warn(pos, f"this unit practises {skill} {times}: add an exercise that does")
        return skills, rows, totals, rare

    def excerpts(self) -> list[Excerpt]:
        """Every document as printed, and every reading tier of it: words, reading grade, hard words."""
        found = []
        for lesson in self.lessons:
            versions = [(None, lesson.documents)] + [(name, version.documents) for name, version in sorted(lesson.tiers.items())]
            for tier, documents in versions:
                for letter, document in documents.items():
                    if tier is not None and document.tier != tier:
                        continue  # this document has no such tier: the same text as above
                    item = self._excerpt(lesson, letter, document, tier)
                    if item is not None:
                        found.append(item)
        return found

    def _excerpt(self, lesson: ResolvedLesson, letter: str, document: Document, tier: str | None) -> Excerpt | None:
        grade = _grade(lesson.lesson.grade)
        text = "\n".join(p.text for p in document.excerpt.paragraphs if p.number is not None)
        if not text.strip():
            return None  # an image or a table: no prose to grade or count
        language = (lesson.lesson.lang or self.project.workspace.settings.lang).split("-")[0].lower()
        english = language == "en"
        level, difficult = _readability(text) if english else (None, [])  # Flesch-Kincaid grades English only
        words = document.excerpt.word_count
        item = Excerpt(lesson=lesson.lesson.id, document=letter, material=document.material.id, words=words,
                       grade_level=round(level, 1) if level is not None else None, lesson_grade=grade, tier=tier,
                       inflesz=round(_inflesz(text), 1) if language == "es" else None,
                       too_hard=grade is not None and level is not None and level > grade + 2, too_long=words > self.max_words,
                       vocabulary_suggestions=_suggestions(text, difficult, lesson) if english else [])
        pos = lesson.pos(("sources", letter) + (("tiers", tier) if tier else ()))
        which = f"Document {letter}" + (f" ({tier})" if tier else "")
        if item.too_hard and tier is None:  # a tier is the teacher's answer to a hard text: reported, not warned about
            self.warn(pos, f"{which} reads at grade {item.grade_level:g} (Flesch-Kincaid), more than two grades above "
                           f"this grade-{grade} lesson: shorten or modify it, or pre-teach: {', '.join(item.vocabulary_suggestions[:4]) or 'its vocabulary'}")
        if item.too_long and tier is None:
            self.warn(pos, f"{which} is {words} words; document-based lessons usually stay under {self.max_words} "
                           "(limits.recommended_excerpt_words in lessonpress.yaml)")
        return item

    def provenance(self) -> list[ProvenanceIssue]:
        materials: dict[str, Material] = {}
        for lesson in self.lessons:
            for document in lesson.documents.values():
                materials[document.material.id] = document.material
        issues = []
        for material in sorted(materials.values(), key=lambda m: m.id):
            missing = [name for name in PROVENANCE_FIELDS if getattr(material.meta, name) in (None, "")]
            if not missing:
                continue
            line = min((p.line for p in material.meta_pos.values()), default=2)
            issue = ProvenanceIssue(material=material.id, path=str(_rel(material.path, self.project)), line=line,
                                    missing=missing, unattributed="author" in missing)
            what = "an unattributed source: " if issue.unattributed else ""
            self.warn(Pos(material.path, line, 1), f"{what}no {', '.join(missing)} in the front matter of {material.id}: "
                                                   "students cannot source what is not stated; add it if it is known")
            issues.append(issue)
        return issues

    def time(self) -> tuple[list[LessonTime], int, int | None]:
        rows = [LessonTime(lesson=l.lesson.id, minutes=l.lesson.duration, agenda_minutes=sum(a.minutes for a in l.lesson.agenda))
                for l in self.planned]
        period = self.unit.curriculum.period_minutes if self.unit else None
        if period:
            for lesson, row in zip(self.planned, rows):
                if (row.minutes or row.agenda_minutes) > period:
                    self.warn(lesson.pos(("duration",)), f"{row.minutes or row.agenda_minutes} minutes do not fit the unit's {period}-minute class period")
        return rows, sum(r.minutes or r.agenda_minutes for r in rows), period

    def visuals(self) -> tuple[list[Visual], list[VisualCount], dict[str, int], list[UndescribedImage]]:
        found: list[Visual] = []
        counts: list[VisualCount] = []
        undescribed: dict[str, UndescribedImage] = {}
        for lesson in self.lessons:
            mine = [_visual(lesson.lesson.id, letter, d) for letter, d in lesson.documents.items() if d.kind != "text"]
            found += mine
            counts.append(VisualCount(lesson=lesson.lesson.id, images=sum("image" in v.shows for v in mine),
                                      tables=sum("table" in v.shows for v in mine), charts=sum("chart" in v.shows for v in mine)))
            for letter, document in lesson.documents.items():
                material = document.material
                if document.image is None or material.meta.description:
                    continue
                if material.id not in undescribed:
                    at = material.meta_pos.get("image", Pos(material.path, 2))
                    undescribed[material.id] = UndescribedImage(material=material.id, path=str(_rel(material.path, self.project)),
                                                                line=at.line, documents=[])
                    self.warn(Pos(material.path, at.line, 1),
                              f"image material {material.id} has no 'description': its alt text is all a student who cannot see the "
                              "picture gets; add a 'description:' saying what it shows in more detail (printed in the guide, "
                              "offered in accessible copies)")
                undescribed[material.id].documents.append(f"{lesson.lesson.id}/{letter}")
        totals = {"images": sum(c.images for c in counts), "tables": sum(c.tables for c in counts), "charts": sum(c.charts for c in counts)}
        return found, counts, totals, sorted(undescribed.values(), key=lambda u: u.material)

    def modifications(self) -> list[Modification]:
        return [Modification(lesson=l.lesson.id, document=letter, kind=run.kind, original=run.original, printed=run.text.strip())
                for l in self.lessons for letter, d in l.documents.items() for run in d.excerpt.changes]


def _visual(lesson: str, letter: str, document: Document) -> Visual:
    if document.image is not None:
        return Visual(lesson=lesson, document=letter, material=document.material.id, kind="image", shows=["image"],
                      described=bool(document.material.meta.description))
    return Visual(lesson=lesson, document=letter, material=document.material.id, kind="table", shows=list(document.spec.shows),
                  described=None)


def visual_rows(report: UnitReport, words: Callable[..., str]) -> list[list[str]]:
    """The report's visual documents as a table for the PDF: a header, one row per lesson, the unit's total."""
    rows = [[words(f"report.{key}") for key in ("lesson", "images", "tables", "charts", "undescribed")]]
    for count in report.visual_counts:
        missing = sorted({u.material for u in report.undescribed_images if any(d.startswith(f"{count.lesson}/") for d in u.documents)})
        rows.append([count.lesson, str(count.images), str(count.tables), str(count.charts), ", ".join(missing) or "—"])
    totals = report.visual_totals
    rows.append([words("report.unit_total"), str(totals["images"]), str(totals["tables"]), str(totals["charts"]),
                 str(len(report.undescribed_images)) if report.undescribed_images else "—"])
    return rows


def _rel(path: Path, project: Project) -> Path:
    try:
        return path.relative_to(project.workspace.root)
    except ValueError:
        return path


def analyse(project: Project, unit: ResolvedCurriculum | None = None) -> tuple[UnitReport, list[Diagnostic]]:
    """The report for a curriculum, or for all lessons of the project when `unit` is None. A class's own lessons (its
    `lessons:`) are read, sourced and counted with the unit's; skill coverage and time are the unit's plan."""
    ids = unit.lesson_ids if unit else list(project.lessons)
    planned = [project.lessons[i] for i in ids if i in project.lessons]
    own = [i for lessons in (unit.class_lessons.values() if unit else []) for i in lessons]
    lessons = [project.lessons[i] for i in dict.fromkeys([*ids, *own]) if i in project.lessons]
    analysis = _Analysis(project, planned, lessons, unit)
    skills, coverage, totals, rare = analysis.coverage()
    excerpts = analysis.excerpts()
    provenance = analysis.provenance()
    time_rows, total, period = analysis.time()
    visuals, visual_counts, visual_totals, undescribed = analysis.visuals()
    analysis.warnings += teacher_warnings(lessons, project.workspace.max_file_bytes)
    report = UnitReport(
        title=unit.curriculum.title if unit else "All lessons", curriculum=unit.curriculum.id if unit else None,
        skills=skills, coverage=coverage, skill_totals=totals, rarely_practised=rare, excerpts=excerpts,
        provenance=provenance, time=time_rows, total_minutes=total, period_minutes=period,
        modifications=analysis.modifications(), visuals=visuals, visual_counts=visual_counts, visual_totals=visual_totals,
        undescribed_images=undescribed, warnings=[],
        lang=(unit.curriculum.lang if unit else None) or project.workspace.settings.lang,
    )
    report.warnings = [d.format(project.workspace.root) for d in sorted(analysis.warnings, key=lambda d: d.sort_key)]
    return report, analysis.warnings


def check_warnings(project: Project) -> list[Diagnostic]:
    """The report's warnings for `lessonpress check`: per lesson, and per curriculum for skill coverage."""
    warnings: dict[tuple[Pos, str], Diagnostic] = {}
    for unit in [None, *project.curricula.values()]:
        if unit is None and not project.lessons:
            continue
        for diagnostic in analyse(project, unit)[1]:
            warnings[(diagnostic.pos, diagnostic.message)] = diagnostic
    return list(warnings.values())
