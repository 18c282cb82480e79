"""The content of a lesson's handout and guide as plain blocks, so the floor and every peer set the same words.

lessonpress lays out a richer page (line numbers, tags, fallback fonts); the
floor (floor.py) and the peers (peers.py) each set these blocks in their own
idiom at the default theme's sizes, so every engine makes the same pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
THEME = yaml.safe_load((REPO / "src/lessonpress/data/themes/default.yaml").read_text(encoding="utf-8"))
SIZES: dict[str, float] = THEME["sizes"]
LEADING: float = THEME["leading"]
MARGINS_MM: dict[str, float] = THEME["margins_mm"]
GUTTER_MM: float = THEME["gutter_mm"]
ANSWER_LINE_MM: float = THEME["answer_line_mm"]
SOURCING_ROWS = ("Who wrote it?", "When was it written?", "Who was it written for?", "Why was it written?")


@dataclass(frozen=True)
class Block:
    """One thing on a page. kind: title, fields, box, heading, small, italic, excerpt, question, body, table.

    `text` is plain text; `rows` a table's cells; `lines` ruled answer lines under a question;
    `grid` a question's chart (row labels, each with room to write).
    """

    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    lines: int = 0
    grid: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()


def _documents(lesson: Any) -> Iterator[Block]:
    for letter, doc in lesson.documents.items():
        meta = doc.material.meta
        bits = [meta.author or "Author not stated", f"“{doc.title}”", *([meta.publisher] if meta.publisher else []), meta.date or "date not stated"]
        yield Block("heading", f"Document {letter}")
        yield Block("small", ", ".join(bits) + "." + (f" {meta.license}." if meta.license else ""))
        if doc.spec.headnote:
            yield Block("italic", doc.spec.headnote)
        if doc.excerpt.paragraphs:
            yield Block("excerpt", paragraphs=tuple(p.text for p in doc.excerpt.paragraphs))
        elif doc.table is not None:
            yield Block("table", rows=tuple(tuple(str(c) for c in row) for row in [doc.table.header, *doc.table.rows]))


def _question(number: int, ex: Any) -> Block:
    claim = getattr(ex, "claim", None)
    fallback = {"sourcing": f"Source Document {getattr(ex, 'source', '')}. Use the headnote and the provenance line to fill in the chart.",
                "corroboration": f"Compare Documents {' and '.join(getattr(ex, 'sources', []))}. For each topic, note what each document says."}
    prompt = getattr(ex, "prompt", None) or fallback.get(ex.type, ex.type)
    text = f"{number}. " + (f"Document {ex.source} makes this claim:\n“{claim}”\n" if claim else "") + prompt
    if ex.type == "sourcing":
        return Block("question", text, grid=SOURCING_ROWS)
    if ex.type == "corroboration":
        return Block("question", text, grid=tuple(ex.topics), rows=(("Topic", *(f"Document {s}" for s in ex.sources)),))
    if ex.type == "multiple_choice":
        return Block("question", text + "".join(f"\n{chr(65 + n)}. {c}" for n, c in enumerate(ex.choices)))
    return Block("question", text, lines=getattr(ex, "lines", 4))


def handout(lesson: Any) -> list[Block]:
    spec = lesson.lesson
    blocks = [Block("title", spec.title), Block("fields"), Block("box", f"CENTRAL QUESTION\n{spec.central_question}")]
    if spec.advisory:
        blocks.append(Block("box", f"CONTENT ADVISORY\n{spec.advisory}"))
    if spec.vocabulary:
        blocks += [Block("heading", "Word bank"), Block("table", rows=tuple((w, m) for w, m in spec.vocabulary.items()))]
    blocks += _documents(lesson)
    blocks.append(Block("heading", "Questions"))
    blocks += [_question(n, ex) for n, ex in enumerate(spec.exercises, 1)]
    if spec.discussion:
        blocks.append(Block("heading", "For discussion"))
        blocks += [Block("small", f"{n}. {item.prompt}") for n, item in enumerate(spec.discussion, 1)]
    return blocks


def _answer(number: int, ex: Any) -> list[Block]:
    """What the answer key prints for one exercise: its label, its prompt, the answer (a chart as a table)."""
    blocks = [Block("question", f"{number}. {ex.type.replace('_', ' ').capitalize()}")]
    prompt = getattr(ex, "prompt", None) or getattr(ex, "claim", None)
    if prompt:
        blocks.append(Block("body", prompt))
    answer = getattr(ex, "answer", None) or getattr(ex, "model_answer", None) or ""
    if isinstance(answer, dict):
        rows = [(topic, *(v.values() if isinstance(v, dict) else (v,))) for topic, v in answer.items()]
        blocks.append(Block("table", rows=tuple(tuple(str(c) for c in row) for row in rows)))
    elif not isinstance(answer, str):
        blocks.append(Block("table", rows=tuple((k, str(v)) for k, v in answer.model_dump().items() if v)))
    elif answer:
        blocks.append(Block("excerpt", paragraphs=(answer,)))
    return blocks


def guide(lesson: Any) -> list[Block]:
    spec = lesson.lesson
    blocks = [Block("title", spec.title), Block("box", f"CENTRAL QUESTION\n{spec.central_question}")]
    if spec.advisory:
        blocks.append(Block("box", f"CONTENT ADVISORY\n{spec.advisory}"))
    blocks.append(Block("heading", "Objectives"))
    blocks += [Block("body", f"• {o}") for o in spec.objectives]
    if spec.agenda:
        clock, rows = 0, [("Clock", "Min", "Activity")]
        for item in spec.agenda:
            rows.append((f"{clock // 60}:{clock % 60:02d}–{(clock + item.minutes) // 60}:{(clock + item.minutes) % 60:02d}", str(item.minutes), item.activity))
            clock += item.minutes
        rows.append(("Total", str(clock), ""))
        blocks += [Block("heading", "Agenda"), Block("table", rows=tuple(rows))]
    if spec.vocabulary:
        blocks += [Block("heading", "Word bank"), Block("table", rows=tuple((w, m) for w, m in spec.vocabulary.items()))]
    if spec.background:
        blocks.append(Block("heading", "Background"))
        blocks += [Block("body", chunk) for chunk in spec.background.split("\n\n")]
    blocks += _documents(lesson)
    if spec.discussion:
        blocks.append(Block("heading", "For discussion"))
        for n, item in enumerate(spec.discussion, 1):
            blocks += [Block("question", f"{n}. {item.prompt}"), Block("small", "Look for")]
            blocks += [Block("small", f"• {look}") for look in item.look_fors]
    blocks.append(Block("heading", "Answer key"))
    for n, ex in enumerate(spec.exercises, 1):
        blocks += _answer(n, ex)
    if spec.rubric:
        blocks += [Block("heading", "Rubric"), Block("table", rows=(("Criterion", "Points"), *((r.criterion, str(r.points)) for r in spec.rubric)))]
    return blocks


def lessons(workspace: Path, names: list[str]) -> list[Any]:
    """The resolved lessons of `names` (spec file stems) in `workspace`, through lessonpress's own loader."""
    from lessonpress.resolve.loader import load_project
    from lessonpress.workspace import open_workspace

    project = load_project(open_workspace(workspace), [workspace / "lesson_specs" / f"{n}.yaml" for n in names])
    return list(project.lessons.values())
