"""The course pack tree: a unit overview, the contents, then every lesson's teacher guide, as ONE document.

A pack merged from finished guide PDFs can only cite pages that its guides do
not print (each guide's footer restarts at "Page 1"). Built as one tree and
laid out once, the pack's footers count the whole pack and its contents cite
the pages as printed. Each guide goes in as a `Part` holding exactly the
blocks `document/guide.py` built for that lesson, so the pack never drifts
from the guides a teacher prints one by one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from lessonpress.document.model import Block, Cell, Document, Furniture, Group, Heading, Metadata, Paragraph, Part, Table, plain
from lessonpress.document.sources import clean_line
from lessonpress.resolve.rules import ResolvedLesson
from lessonpress.style.wording import Wording


@dataclass(frozen=True)
class Unit:
    """What the pack says about its curriculum."""

    title: str
    course: str | None = None
    school: str | None = None


@dataclass(frozen=True)
class PackLesson:
    """One lesson of the pack: its resolved spec (for the overview) and its teacher guide tree (for its pages)."""

    lesson: ResolvedLesson
    guide: Document


def minutes(lesson: ResolvedLesson) -> int:
    """A lesson's length as `lessonpress report` counts it: its duration, else what its agenda adds up to."""
    return lesson.lesson.duration or sum(item.minutes for item in lesson.lesson.agenda)


def skills(lesson: ResolvedLesson) -> str:
    """The skill tags the lesson's exercises practise, in exercise order, with a count where one repeats."""
    counts = Counter(exercise.skill_tag for exercise in lesson.lesson.exercises)
    return ", ".join(f"{skill} ×{n}" if n > 1 else skill for skill, n in counts.items())


def documents(lesson: ResolvedLesson) -> str:
    """Each document's letter and printed title, letters from one text together ("A, B: “Great Leap Forward”").

    What a teacher gathers before class, and sees repeated across lessons; the
    guide's provenance lines say the rest, so the table stays narrow enough
    for large print.
    """
    texts: dict[str, list[str]] = {}
    for letter, document in lesson.documents.items():
        texts.setdefault(document.title, []).append(letter)
    return "; ".join(f"{', '.join(letters)}: “{title}”" for title, letters in texts.items())


def overview(unit: Unit, lessons: list[PackLesson], words: Wording) -> list[Block]:
    """Title, course, and one row per lesson: minutes, skills and documents, with the unit's total minutes."""
    kicker = " · ".join(clean_line(bit) for bit in (unit.school, unit.course, words("course_pack")) if bit)
    header = tuple(Cell(plain(words(key)), header=True) for key in ("pack_lesson", "pack_minutes", "pack_skills", "pack_documents"))
    rows: list[tuple[Cell, ...]] = [header]
    for number, item in enumerate(lessons, start=1):
        spec = item.lesson.lesson
        rows.append((Cell(plain(f"{number}. {spec.title}")), Cell(plain(str(minutes(item.lesson) or "—"))),
                     Cell(plain(skills(item.lesson) or "—")), Cell(plain(documents(item.lesson) or "—"))))
    total = sum(minutes(item.lesson) for item in lessons)
    rows.append((Cell(plain(words("pack_total")), header=True), Cell(plain(str(total)), header=True), Cell(), Cell()))
    return [
        Paragraph(content=plain(kicker), role="kicker"),
        Heading(level=1, content=plain(unit.title), bookmark=False),
        _section(words("pack_overview"), Table(kind="data", rows=tuple(rows), widths=(0.32, 0.08, 0.28, 0.32), header_rows=1)),
    ]


def _section(heading: str, table: Table) -> Group:
    """A heading kept with the first rows of its table (not a bookmark: the pack's bookmarks are its lessons)."""
    return Group(blocks=(Heading(level=2, content=plain(heading), bookmark=False), table), keep=True)


def contents(lessons: list[PackLesson], words: Wording, starts: list[int] | None) -> list[Block]:
    """Lesson titles with the pack page each guide starts on; blank while the layout has not said yet."""
    pages = [str(page) for page in starts] if starts else [""] * len(lessons)
    rows = tuple((Cell(plain(f"{number}. {item.lesson.lesson.title}")), Cell(plain(page)))
                 for number, (item, page) in enumerate(zip(lessons, pages), start=1))
    return [_section(words("pack_contents"), Table(kind="contents", rows=rows, widths=(0.88, 0.12)))]


def course_pack(unit: Unit, lessons: list[PackLesson], words: Wording, starts: list[int] | None = None) -> Document:
    """The whole pack; `starts` are the 1-based pages the guides start on, as the previous layout of this tree found them."""
    course = unit.course or next((item.lesson.lesson.course for item in lessons if item.lesson.lesson.course), None)
    unit = replace(unit, course=course)
    parts: list[Block] = []
    for number, item in enumerate(lessons, start=1):
        guide = item.guide
        title = clean_line(item.lesson.lesson.title)
        parts.append(Part(title=title, header_left=guide.furniture.header_left,
                          header_right=words("pack_part", number=number, count=len(lessons)), blocks=guide.blocks))
    footer = clean_line(words("guide_footer", course=course or "", school=unit.school or ""))
    furniture = Furniture(clean_line(unit.title), clean_line(course or ""), footer,
                          lambda page, pages: words("page", page=page, pages=pages))
    keywords = tuple(dict.fromkeys(skill for item in lessons for skill in item.lesson.skills))
    meta = Metadata(f"{clean_line(unit.title)} — {words('course_pack')}", clean_line(unit.school or "") or "lessonpress",
                    words("course_pack"), keywords, lessons[0].guide.meta.lang if lessons else "en")
    blocks = [*overview(unit, lessons, words), *contents(lessons, words, starts), *parts]
    paper = lessons[0].guide.paper if lessons else "letter"
    variant = lessons[0].guide.variant if lessons else "standard"
    return Document("contents", meta, furniture, tuple(blocks), variant, paper)
