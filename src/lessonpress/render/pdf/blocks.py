"""Blocks both PDFs share: title, boxes, word bank, documents with provenance and numbered excerpts."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from lessonpress.render.pdf.document import tag
from lessonpress.render.pdf.exercises import Ctx
from lessonpress.resolve.rules import Document


def kicker(ctx: Ctx, extra: str = "") -> str:
    lesson = ctx.lesson.lesson
    bits = [b for b in (ctx.school, lesson.course, f"Grade {lesson.grade}" if lesson.grade else None, extra) if b]
    return " · ".join(bits)


def title_block(ctx: Ctx, heading: str, over: str) -> list[Flowable]:
    out: list[Flowable] = []
    if over:
        out.append(ctx.para(over, "kicker"))
    out.append(ctx.para(heading, "title"))
    return out


def name_lines(ctx: Ctx) -> Flowable:
    look = ctx.look
    labels = [ctx.words("name_line"), ctx.words("date_line"), ctx.words("class_line")]
    width = look.frame_width
    cells = [ctx.para(labels[0], "cellhead"), "", ctx.para(labels[1], "cellhead"), "", ctx.para(labels[2], "cellhead"), ""]
    if ctx.class_name:
        cells[5] = ctx.para(ctx.class_name, "cell")
    label_w = [_text_width(ctx, label) + 8 for label in labels]
    free = width - sum(label_w)
    table = ctx.table([cells], colWidths=[label_w[0], free * 0.5, label_w[1], free * 0.22, label_w[2], free * 0.28], hAlign="LEFT")
    table.setStyle(ctx.table_style([
        ("LINEBELOW", (1, 0), (1, 0), 0.6, look.color["text"]),
        ("LINEBELOW", (3, 0), (3, 0), 0.6, look.color["text"]),
        ("LINEBELOW", (5, 0), (5, 0), 0.6, look.color["text"]),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def _text_width(ctx: Ctx, text: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = ctx.look.styles["cellhead"]
    return float(stringWidth(ctx.look.fonts.plain(text, ctx.look.fonts.heading.faces["bold"]), style.fontName, style.fontSize))


def box(ctx: Ctx, label: str, text: str, fill: str, border: str | None = None, text_style: str = "box") -> Flowable:
    look = ctx.look
    content = [ctx.para(label.upper(), "boxlabel"), Spacer(1, 1.5), ctx.para(text, text_style)]
    table = ctx.table([[content]], colWidths=[look.frame_width])
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, -1), look.color[fill]),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]
    if border:
        commands.append(("LINEBEFORE", (0, 0), (0, -1), 3, look.color[border]))
    table.setStyle(ctx.table_style(commands))
    return table


def question_and_advisory(ctx: Ctx) -> list[Flowable]:
    lesson = ctx.lesson.lesson
    out: list[Flowable] = [Spacer(1, 3 * mm), box(ctx, ctx.words("central_question"), lesson.central_question, "box", "accent", "question")]
    if lesson.advisory:
        out += [Spacer(1, 2 * mm), tag(box(ctx, ctx.words("advisory"), lesson.advisory.strip(), "advisory", "advisory_border", "small"), ("advisory",))]
    return out


def titled_table(ctx: Ctx, key: str, rows: list[list[Any]], widths: list[float], style: list[tuple[Any, ...]],
                 header: bool = False) -> list[Flowable]:
    """A section heading kept with its table; `key` names both the wording and the spec key errors point at."""
    table = ctx.table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    table.setStyle(ctx.table_style(style))
    return [KeepTogether([ctx.heading(ctx.words(key)), tag(table, (key,))])]


def word_bank(ctx: Ctx) -> list[Flowable]:
    vocabulary = ctx.lesson.lesson.vocabulary
    if not vocabulary:
        return []
    look = ctx.look
    rows = [[ctx.para(word, "cellhead"), ctx.para(meaning, "cell")] for word, meaning in vocabulary.items()]
    longest = max(max(_text_width(ctx, part) for part in word.split()) for word in vocabulary) + 12
    first = min(max(longest, look.frame_width * 0.2), look.frame_width * 0.4)
    return titled_table(ctx, "vocabulary", rows, [first, look.frame_width - first], [
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, look.color["rule"]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ])


def provenance(ctx: Ctx, document: Document) -> str:
    meta = document.material.meta
    bits = [meta.author or ctx.words("no_author"), f"“{document.title}”"]
    if meta.publisher:
        bits.append(meta.publisher)
    bits.append(meta.date or ctx.words("no_date"))
    line = ", ".join(bits) + "."
    if meta.license:
        line += f" {meta.license}."
    if document.excerpt.modified:
        line += f" {ctx.words('modified')}"
    return line


def document_block(ctx: Ctx, document: Document, after: list[Flowable] | None = None) -> list[Flowable]:
    """Heading, provenance, headnote and the numbered excerpt; the heading never sits alone at a page bottom."""
    layout = ctx.layouts[document.letter]
    head: list[Flowable] = [
        ctx.heading(ctx.words("document", letter=document.letter)),
        ctx.para(provenance(ctx, document), "provenance"),
    ]
    if document.spec.headnote:
        head.append(ctx.para(document.spec.headnote.strip(), "headnote"))
    lines = layout.flowables()
    first_lines = ctx.look.styles["excerpt"].leading * 3
    out: list[Flowable] = [CondPageBreak(sum(_height(f, ctx) for f in head) + first_lines + 3 * mm)]
    out += [tag(f, ("sources", document.letter)) for f in head + lines]
    out += after or []
    return out


def _height(flowable: Flowable, ctx: Ctx) -> float:
    _, height = flowable.wrap(ctx.look.frame_width, 1e6)
    return float(height) + getattr(flowable, "spaceBefore", 0) + getattr(flowable, "spaceAfter", 0)


def paragraphs(ctx: Ctx, text: str, style: str = "body") -> list[Flowable]:
    """Blank-line separated text as paragraphs (for background and similar free text)."""
    chunks = [" ".join(chunk.split()) for chunk in text.strip().split("\n\n") if chunk.strip()]
    out: list[Flowable] = []
    for chunk in chunks:
        out += [ctx.para(chunk, style), Spacer(1, 2 * mm)]
    return out

