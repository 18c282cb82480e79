"""The document model: one small, closed tree of typed blocks between a resolved lesson and every output format.

Like pandoc's Block/Inline types or docutils' nodes: blocks say *what* they
are (their role) and *who* they are for (their audience), never how they are
laid out. The handout, guide, answer key, course-pack contents and report are
built once per variant as such trees; the PDF and HTML writers (and later
DOCX and QTI) walk the same tree. Decisions such as "answers only for the
teacher" are taken where a tree is built (document/builders), and checked
there, not in each writer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from lessonpress.resolve.images import PreparedImage
from lessonpress.resolve.textmatch import nfc
from lessonpress.spec.yamltree import PathKey

Audience = Literal["everyone", "teacher"]
Kind = Literal["handout", "guide", "answer-key", "contents", "report"]


def clean(text: str) -> str:
    """The one clean-up for user text wherever it goes (page, header, metadata): NFC without invisible characters."""
    return nfc(text)


@dataclass(frozen=True)
class Span:
    """A run of inline text; `style` is '' (plain), 'em' (e.g. a book title) or 'strong'."""

    text: str
    style: Literal["", "em", "strong"] = ""


Inlines = tuple[Span, ...]


def plain(text: str) -> Inlines:
    return (Span(clean(text)),)


def to_text(inlines: Inlines) -> str:
    return "".join(span.text for span in inlines)


@dataclass(frozen=True, kw_only=True)
class Block:
    """Every block knows who it is for and which spec item made it (for errors at path:line:col)."""

    audience: Audience = "everyone"
    where: PathKey = ()

    def children(self) -> tuple[Block, ...]:
        return ()


@dataclass(frozen=True, kw_only=True)
class Heading(Block):
    level: int  # 1 title, 2 section, 3 sub-section
    content: Inlines
    bookmark: bool = True


# body: running text; kicker: the line above a title; prompt: a discussion prompt; question: a sub-prompt inside a
# question; instruction: a
# hint or the prompt repeated in the key; headnote, provenance: introduce a document; claim: a quoted claim to test;
# answer: an answer in place of answer space; key: an answer in the guide's key; citation: where the evidence is;
# note: small print such as look-fors and original wording.
ParagraphRole = Literal["body", "kicker", "prompt", "question", "instruction", "headnote", "provenance", "answer", "key", "citation", "claim", "note"]


@dataclass(frozen=True, kw_only=True)
class Paragraph(Block):
    content: Inlines
    role: ParagraphRole = "body"


@dataclass(frozen=True, kw_only=True)
class Box(Block):
    """A labelled, shaded note: the central question, the content advisory."""

    kind: Literal["central_question", "advisory"]
    label: str
    content: Inlines


@dataclass(frozen=True, kw_only=True)
class NameLines(Block):
    """Name / Date / Class lines a student writes on; a class copy fills in the class."""

    labels: tuple[str, str, str]
    class_name: str | None = None


@dataclass(frozen=True, kw_only=True)
class BulletList(Block):
    items: tuple[Inlines, ...]
    role: Literal["body", "note"] = "body"


@dataclass(frozen=True)
class Cell:
    content: Inlines = ()
    header: bool = False  # a row or column header (TH)
    answer: bool = False  # an answer written into a chart (teacher copies)
    blank: bool = False  # room to write


# source: a table document (numbers a student reads as evidence)
TableKind = Literal["word_bank", "agenda", "rubric", "sourcing_chart", "corroboration_chart", "contents", "data", "source"]


@dataclass(frozen=True, kw_only=True)
class Table(Block):
    kind: TableKind
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]  # fractions of the available width
    header_rows: int = 0
    blank_lines: float = 0.0  # height of a blank cell, in answer lines
    align: tuple[Literal["left", "right", "center"], ...] = ()  # per column; left when not given


@dataclass(frozen=True)
class ExcerptParagraph:
    first_line: int  # number of its first printed line
    lines: tuple[str, ...]  # the printed lines, as the PDF layout of this variant breaks them
    text: str


@dataclass(frozen=True, kw_only=True)
class Excerpt(Block):
    """A document's text with its line numbers: one truth for every output and for the answer key's citations."""

    letter: str
    paragraphs: tuple[ExcerptParagraph, ...]
    every: int  # a number is printed beside every n-th line
    # bilingual: the original's paragraphs, one beside each printed paragraph (which then breaks at half the width)
    original: tuple[str, ...] = ()
    original_lang: str = ""


@dataclass(frozen=True, kw_only=True)
class Figure(Block):
    """A picture: printed at `width` (a share of the text width), with its text alternative and caption.

    `description` is the long description (for the guide and accessible outputs); a PDF
    tags it with the alt text, HTML offers it under the picture.
    """

    image: PreparedImage
    alt: str
    width: float
    caption: Inlines | None = None
    description: str | None = None


@dataclass(frozen=True, kw_only=True)
class Chart(Block):
    """A bar or line chart of one column of numbers against another; `alt` says what it shows in words."""

    kind: Literal["bar", "line"]
    x_label: str
    y_label: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    alt: str
    value_labels: tuple[str, ...] = ()  # each value as the table writes it (195.05 stays 195.05)
    note: str = ""  # printed under it: where the numbers come from


@dataclass(frozen=True, kw_only=True)
class Source(Block):
    """A document: label, provenance, headnote, then its numbered excerpt or its visuals (a figure, a table, a chart);
    for the teacher, the original wording of changes."""

    letter: str
    heading: Inlines
    provenance: Inlines
    modified: bool
    headnote: Inlines | None
    excerpt: Excerpt | None
    notes: tuple[Block, ...] = ()
    visuals: tuple[Block, ...] = ()  # Figure, Table (kind "source") and Chart blocks, in print order

    def children(self) -> tuple[Block, ...]:
        return ((self.excerpt,) if self.excerpt else ()) + self.visuals + self.notes


@dataclass(frozen=True, kw_only=True)
class AnswerLines(Block):
    count: int


@dataclass(frozen=True, kw_only=True)
class RatingScale(Block):
    low: str
    high: str
    marked: int | None = None


@dataclass(frozen=True, kw_only=True)
class Choices(Block):
    """Lettered options; `marked` (teacher copies) is the right one, shown by weight and a mark, not colour alone."""

    items: tuple[Inlines, ...]
    marked: int | None = None


@dataclass(frozen=True, kw_only=True)
class OrderItems(Block):
    """Items to put in order: a blank before each, or (teacher copies) its position."""

    items: tuple[Inlines, ...]
    positions: tuple[int, ...] | None = None


@dataclass(frozen=True, kw_only=True)
class Question(Block):
    number: int
    prompt: Inlines
    parts: tuple[Block, ...] = ()

    def children(self) -> tuple[Block, ...]:
        return self.parts


@dataclass(frozen=True, kw_only=True)
class Group(Block):
    """Blocks that belong together: a section (tagged as one), kept on one page when `keep` is set."""

    blocks: tuple[Block, ...]
    role: Literal["section", "question", "key", "discussion", "notes"] = "section"
    keep: bool = False

    def children(self) -> tuple[Block, ...]:
        return self.blocks


@dataclass(frozen=True, kw_only=True)
class Part(Block):
    """A self-contained part of a compound document: one lesson's teacher guide in a course pack.

    A part starts on a new page, the running header of each of its pages names
    it (`header_left`, `header_right`: a reader who opens the pack anywhere sees
    whose page it is), and its bookmark `title` holds the bookmarks of its
    sections, so a pack's outline reads document -> part -> section.
    """

    title: str
    header_left: str
    header_right: str = ""
    blocks: tuple[Block, ...]

    def children(self) -> tuple[Block, ...]:
        return self.blocks


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...] = ()
    lang: str = "en"


@dataclass(frozen=True)
class Furniture:
    """What is printed around the content on every page."""

    header_left: str
    header_right: str
    footer_left: str
    page_label: Callable[[int, int], str] = field(compare=False)
    first_page_header: bool = False
    # a word printed on every page, first included, where a copier or a glance cannot lose it ("ANSWER KEY"):
    # a teacher copy that only differs from the student's by its filled-in answers must say so on each sheet
    stamp: str | None = None


@dataclass(frozen=True)
class Document:
    kind: Kind
    meta: Metadata
    furniture: Furniture
    blocks: tuple[Block, ...]
    variant: str = "standard"
    paper: str = "letter"

    def walk(self) -> Iterator[Block]:
        """Every block, depth first, in reading order."""
        stack = list(reversed(self.blocks))
        while stack:
            block = stack.pop()
            yield block
            stack.extend(reversed(block.children()))


class AudienceError(AssertionError):
    """A student document got a teacher block: a bug in a builder, never a user's mistake."""


def check_audience(document: Document) -> Document:
    """A handout never contains a teacher block; checked where trees are built, so no writer has to."""
    if document.kind == "handout":
        leaked = [block for block in document.walk() if block.audience == "teacher"]
        if leaked:
            raise AudienceError(f"handout contains {len(leaked)} teacher block(s), first: {type(leaked[0]).__name__} at {leaked[0].where}")
    return document
