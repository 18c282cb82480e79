"""Quiz items from a lesson copy: the student's tree for what is asked, the guide's tree for what is right.

The question text, the choices, the items to order and the documents come
from the student document (the handout, or the answer key's same pages), and
only from blocks a student may see, so the same numbers, the same line
references ("lines 7–9") and the same printed lines reach the LMS. The right
answers come from the exercises themselves; the feedback (model answer, key,
citation) from the guide's answer key. Nothing here writes XML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from lessonpress.document import model as d
from lessonpress.exercises.multiple_choice import choice_index
from lessonpress.resolve.rules import ResolvedLesson

# Canvas's names for the QTI 1.2 item kinds it (and Moodle's Canvas format) reads back
ItemKind = Literal["multiple_choice_question", "matching_question", "essay_question"]


@dataclass(frozen=True)
class Option:
    ident: str
    text: str


@dataclass(frozen=True)
class QuizItem:
    """One question as a quiz holds it; `points` are the LMS's points, 100 % of SCORE."""

    ident: str
    title: str
    kind: ItemKind
    exercise: str  # the exercise type it came from
    number: int  # as printed on the handout
    sources: tuple[d.Source, ...]  # the documents it asks about, as the student's copy prints them
    prompt: tuple[str, ...]  # the question's paragraphs, as printed for the student
    points: float
    options: tuple[Option, ...] = ()  # multiple choice: the choices; matching: the positions 1..n
    correct: str | None = None  # multiple choice: the ident of the right choice
    rows: tuple[Option, ...] = ()  # matching: the items to put in order, as printed
    matches: tuple[tuple[str, str], ...] = ()  # matching: (row ident, right position's ident)
    feedback: tuple[str, ...] = ()  # the guide's key for it: model answer, right choice, citation


def quiz_items(lesson: ResolvedLesson, student: d.Document, guide: d.Document) -> list[QuizItem]:
    """Every question of the lesson that a quiz can hold, in printed order."""
    questions = {q.where[1]: q for q in student.walk() if isinstance(q, d.Question) and len(q.where) == 2 and q.where[0] == "exercises"}
    sources = {s.letter: s for s in student.walk() if isinstance(s, d.Source)}
    keys = guide_keys(guide)
    exercises = lesson.lesson.exercises
    indexes = sorted((i for i in questions if isinstance(i, int) and exercises[i].type in BUILDERS), key=lambda i: questions[i].number)
    points = item_points(lesson, indexes)
    out = []
    for index in indexes:
        question, exercise = questions[index], exercises[index]
        title, feedback = keys.get(index, (f"{question.number}. {exercise.type.replace('_', ' ').capitalize()}", ()))
        source = getattr(exercise, "source", None)
        letters = [source] if isinstance(source, str) else list(getattr(exercise, "sources", None) or [])
        base = QuizItem(ident=f"lp_{lesson.lesson.id}_q{question.number}", title=title, kind="essay_question", exercise=exercise.type,
                        number=question.number, sources=tuple(sources[x] for x in letters if x in sources), prompt=prompt_of(question),
                        points=points[index], feedback=feedback)
        out.append(BUILDERS[exercise.type](base, question, exercise))
    return out


def prompt_of(question: d.Question) -> tuple[str, ...]:
    """The question's own words and the student-visible paragraphs in it (a claim, a sub-question, a hint)."""
    parts = [d.to_text(question.prompt)]
    for block in question.parts:
        if isinstance(block, d.Paragraph) and block.audience == "everyone" and block.role in ("claim", "question", "instruction"):
            parts.append(d.to_text(block.content))
    return tuple(" ".join(p.split()) for p in parts if p.strip())


def _multiple_choice(item: QuizItem, question: d.Question, exercise: Any) -> QuizItem:
    choices = next(b for b in question.parts if isinstance(b, d.Choices))  # the texts only: a teacher copy's mark is not read
    options = tuple(Option(f"{item.ident}_{chr(65 + i)}", " ".join(d.to_text(c).split())) for i, c in enumerate(choices.items))
    right = choice_index(exercise)
    # the handout's "(Circle the best answer.)" is for paper: the LMS draws buttons
    prompt = (re.sub(r"\s*\([^()]*\)$", "", item.prompt[0]) if "  (" in d.to_text(question.prompt) else item.prompt[0], *item.prompt[1:])
    return replace(item, kind="multiple_choice_question", options=options, prompt=prompt,
                    correct=options[right].ident if right is not None else None)


def _sequence(item: QuizItem, question: d.Question, exercise: Any) -> QuizItem:
    """Canvas has no ordering question in QTI 1.2 (its importer turns one into matching): each item, as printed, is
    matched with its position 1..n, which is how Canvas and Moodle's Canvas format read it back."""
    printed = next(b for b in question.parts if isinstance(b, d.OrderItems))
    order = [d.clean(text) for text in exercise.items]
    rows = tuple(Option(f"{item.ident}_item{i + 1}", " ".join(d.to_text(x).split())) for i, x in enumerate(printed.items))
    positions = tuple(Option(f"{item.ident}_pos{n}", str(n)) for n in range(1, len(rows) + 1))
    matches = tuple((row.ident, positions[order.index(d.to_text(x))].ident) for row, x in zip(rows, printed.items, strict=True))
    return replace(item, kind="matching_question", rows=rows, options=positions, matches=matches)


def _essay(item: QuizItem, question: d.Question, exercise: Any) -> QuizItem:
    return item


def _rating(item: QuizItem, question: d.Question, exercise: Any) -> QuizItem:
    """A 1-5 rating and its justification: one essay, the scale written into the prompt."""
    scale = next((b for b in question.parts if isinstance(b, d.RatingScale)), None)
    if scale is None:
        return item
    return replace(item, prompt=(*item.prompt, f"1 ({scale.low}) – 2 – 3 – 4 – 5 ({scale.high})"))


BUILDERS: dict[str, Callable[[QuizItem, d.Question, Any], QuizItem]] = {
    "multiple_choice": _multiple_choice, "sequence": _sequence, "short_answer": _essay, "claim_evidence": _essay,
    "reliability": _rating, "image_analysis": _essay,
}


def guide_keys(guide: d.Document) -> dict[int, tuple[str, tuple[str, ...]]]:
    """Exercise index -> (the key's heading, e.g. "6. Multiple choice · Document A", and its answer paragraphs)."""
    keys: dict[int, tuple[str, tuple[str, ...]]] = {}
    for group in guide.walk():
        if not (isinstance(group, d.Group) and group.role == "key" and len(group.where) == 2 and isinstance(group.where[1], int)):
            continue
        heading = next((d.to_text(b.content) for b in group.blocks if isinstance(b, d.Heading) and b.level == 3), "")
        texts = tuple(" ".join(d.to_text(b.content).split()) for b in group.blocks
                      if isinstance(b, d.Paragraph) and b.role in ("key", "citation"))
        keys[group.where[1]] = (" ".join(heading.split()), texts)
    return keys


def item_points(lesson: ResolvedLesson, indexes: list[int]) -> dict[int, float]:
    """Points per quiz item from the lesson's rubric, where a rubric row can be tied to an item; else 1 point.

    A row whose criterion names an item's skill (its `skill:`, or its type's:
    "reliability", "chronological reasoning", ...) or its type ("multiple
    choice", "sequence", ...) gives its points to that item, shared equally if
    it names several. The rows that name none grade the lesson's written
    argument: their points go to its short-answer question when it has exactly
    one. An item no row gives points to is worth 1 point.
    """
    exercises = lesson.lesson.exercises
    points = dict.fromkeys(indexes, 0.0)
    left = 0
    for row in lesson.lesson.rubric:
        named = [i for i in indexes if _names(row.criterion, exercises[i].skill_tag) or _names(row.criterion, exercises[i].type.replace("_", " "))]
        for index in named:
            points[index] += row.points / len(named)
        if not named:
            left += row.points
    essays = [i for i in indexes if exercises[i].type == "short_answer"]
    if left and len(essays) == 1:
        points[essays[0]] += left
    return {index: round(value, 2) if value else 1.0 for index, value in points.items()}


def _names(criterion: str, words: str) -> bool:
    return bool(words) and re.search(rf"(?<!\w){re.escape(words)}(?!\w)", criterion, re.IGNORECASE) is not None
