"""Blocks both the handout and the guide hold: the title, the boxes, the word bank and the documents."""

from __future__ import annotations

from typing import Any

from lessonpress.document.context import LessonContext
from lessonpress.document.model import (
    Block,
    Box,
    BulletList,
    Cell,
    Excerpt,
    Furniture,
    Group,
    Heading,
    Metadata,
    Paragraph,
    Source,
    Table,
    clean,
    plain,
)
from lessonpress.document.visuals import visuals
from lessonpress.resolve.rules import Document
from lessonpress.style.locale import language_name
from lessonpress.style.wording import skill_name


def kicker(ctx: LessonContext, extra: str = "") -> str:
    lesson = ctx.lesson.lesson
    grade = ctx.words("grade", grade=lesson.grade) if lesson.grade else None
    bits = [b for b in (ctx.copy.school, lesson.course, grade, extra) if b]
    return " · ".join(bits)


def title(ctx: LessonContext, over: str) -> list[Block]:
    out: list[Block] = [Paragraph(content=plain(over), role="kicker")] if over else []
    out.append(Heading(level=1, content=plain(ctx.lesson.lesson.title), bookmark=False, where=("title",)))
    return out


def boxes(ctx: LessonContext) -> list[Block]:
    lesson = ctx.lesson.lesson
    out: list[Block] = [Box(kind="central_question", label=ctx.words("central_question"), content=plain(lesson.central_question),
                            where=("central_question",))]
    if lesson.advisory:
        out.append(Box(kind="advisory", label=ctx.words("advisory"), content=plain(lesson.advisory.strip()), where=("advisory",)))
    return out


def section(ctx: LessonContext, key: str, body: Block) -> Group:
    """A heading kept with what follows it; `key` names both the wording and the spec key."""
    return Group(blocks=(Heading(level=2, content=plain(ctx.words(key))), body), keep=True)


def word_bank(ctx: LessonContext) -> list[Block]:
    vocabulary = ctx.lesson.lesson.vocabulary
    if not vocabulary:
        return []
    rows = tuple((Cell(plain(word), header=True), Cell(plain(meaning))) for word, meaning in vocabulary.items())
    return [section(ctx, "vocabulary", Table(kind="word_bank", rows=rows, widths=(0.3, 0.7), where=("vocabulary",)))]


def provenance(ctx: LessonContext, document: Document) -> str:
    meta = document.material.meta
    bits = [meta.author or ctx.words("no_author"), f"“{document.title}”"]
    if meta.publisher:
        bits.append(meta.publisher)
    bits.append(meta.date or ctx.words("no_date"))
    line = ", ".join(bits).rstrip(".") + "."
    if meta.license:
        line += f" {meta.license.strip().rstrip('.')}."
    translation = document.translation.meta if document.translation else None
    if translation and translation.translator:  # the printed words are the translator's
        line += " " + ctx.words("translated_by", translator=translation.translator.strip().rstrip("."))
    return line


def source(ctx: LessonContext, document: Document, notes: tuple[Block, ...] = (), teacher: bool = False) -> Source:
    """A document as printed; `teacher` (the guide) adds what only the teacher reads, such as an image's long description."""
    lines = ctx.lines[document.letter]
    where = ("sources", document.letter)
    headnote = document.spec.headnote
    text = document.kind == "text"
    label = f" {ctx.words('adapted')}" if document.excerpt.adapted else f" {ctx.words('modified')}" if document.excerpt.modified else ""
    return Source(
        letter=document.letter,
        heading=plain(ctx.words("document", letter=document.letter) + label),
        provenance=plain(provenance(ctx, document)),
        modified=document.excerpt.modified,
        headnote=plain(headnote.strip()) if headnote else None,
        excerpt=Excerpt(letter=document.letter, paragraphs=tuple(lines.paragraphs), every=ctx.line_numbers_every, where=where,
                        **_side_by_side(ctx, document)) if text else None,
        notes=notes,
        visuals=() if text else visuals(document, ctx.words, ctx.variant.large, teacher),
        where=where,
    )


def _side_by_side(ctx: LessonContext, document: Document) -> dict[str, Any]:
    """A bilingual document's original, one paragraph beside each printed one (checked in resolve: whole paragraphs)."""
    if not document.spec.bilingual or document.original is None:
        return {}
    material = document.material  # the original: each printed paragraph has the number of the paragraph it translates
    return {"original": tuple(material.paragraph(p.number).text if p.number is not None else "" for p in document.excerpt.paragraphs),
            "original_lang": document.material.meta.lang or ctx.copy.source_lang}


def original_wording(ctx: LessonContext, document: Document) -> tuple[Block, ...]:
    """For a modified excerpt (teacher only): each omission and replacement with its line and the source's words;
    for an adapted one, the original excerpt the students' text was adapted from; for a translation, the passage
    in the language it was written in."""
    return (*_changes(ctx, document), *_untranslated_original(ctx, document))


def _untranslated_original(ctx: LessonContext, document: Document) -> tuple[Block, ...]:
    if document.translation is None or document.original is None or document.excerpt.adapted or document.spec.bilingual:
        return ()
    language = language_name(document.material.meta.lang or ctx.copy.source_lang, ctx.copy.lang)
    partial = document.spec.select is not None and document.spec.select.quote is not None  # paragraphs align, sentences may not
    heading = Heading(level=3, content=plain(ctx.words("original_language", language=language, whole_paragraph=partial)),
                      bookmark=False, audience="teacher")
    paragraphs = tuple(Paragraph(content=plain(p.text), role="note", audience="teacher") for p in document.original.paragraphs)
    return (Group(blocks=(heading, *paragraphs), role="notes", audience="teacher"),)


def _changes(ctx: LessonContext, document: Document) -> tuple[Block, ...]:
    if document.excerpt.adapted and document.original is not None:
        heading = Heading(level=3, content=plain(ctx.words("original_wording")), bookmark=False, audience="teacher")
        paragraphs = tuple(Paragraph(content=plain(p.text), role="note", audience="teacher") for p in document.original.paragraphs)
        return (Group(blocks=(heading, *paragraphs), role="notes", audience="teacher"),)
    if not document.excerpt.modified:
        return ()
    lines = ctx.lines[document.letter]
    notes = []
    for p_index, paragraph in enumerate(document.excerpt.paragraphs):
        offset = 0
        for run in paragraph.runs:
            if run.kind in ("omission", "replaced"):
                line = lines.line_of(p_index, offset + (len(run.text) - len(run.text.lstrip())))
                if run.kind == "replaced":
                    notes.append(plain(_with_texts(ctx, "original_replaced", line, text=run.text.strip(), original=run.original)))
                else:
                    notes.append(plain(_with_texts(ctx, "original_omitted", line, original=run.original)))
            offset += len(run.text)
    heading = Heading(level=3, content=plain(ctx.words("original_wording")), bookmark=False, audience="teacher")
    return (Group(blocks=(heading, BulletList(items=tuple(notes), role="note", audience="teacher")), role="notes", keep=True, audience="teacher"),)


def _with_texts(ctx: LessonContext, key: str, line: int, **texts: str) -> str:
    """The wording `key` with the source's own words put in after it is rendered: a long omission is not wording,
    so it never meets the wording's length limit."""
    marks = {name: f"\x00{n}\x00" for n, name in enumerate(texts)}
    out = ctx.words(key, line=line, **marks)
    for name, mark in marks.items():
        out = out.replace(mark, texts[name])
    return out


def furniture(ctx: LessonContext, footer_key: str) -> Furniture:
    lesson = ctx.lesson.lesson
    copy = ctx.copy
    right = " · ".join(clean_line(x) for x in (copy.class_name, copy.teacher, copy.date) if x)
    footer = clean_line(ctx.words(footer_key, course=lesson.course or "", school=copy.school or ""))
    words = ctx.words
    return Furniture(clean_line(lesson.title), right, footer, lambda page, pages: words("page", page=page, pages=pages),
                     first_page_header=bool(right))


def metadata(ctx: LessonContext, suffix: str = "") -> Metadata:
    spec = ctx.lesson.lesson
    # the author of a handout is its teacher (or the school), never the course
    author = clean_line(ctx.copy.teacher or spec.teacher or ctx.copy.school or "") or "lessonpress"
    title = clean_line(spec.title) + (f" — {suffix}" if suffix else "")
    return Metadata(title, author, clean_line(spec.central_question), tuple(clean_line(skill_name(ctx.words, s)) for s in ctx.lesson.skills), ctx.copy.lang)


def clean_line(text: str) -> str:
    """User text for one line (a header, a PDF title): cleaned and with whitespace runs made single spaces."""
    return " ".join(clean(text).split())
