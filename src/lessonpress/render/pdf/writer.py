"""The PDF writer: walks a document tree and lays each block out as reportlab flowables.

Layout decisions live here (spacing, indents, keep-together, column widths);
what a block *is* and who it is for was decided when the tree was built.
Beside the flowables, the writer builds the PDF's structure tree from the
same blocks (`self.root`, see tagging.py): a heading's paragraph draws as an
`H2`, a table cell as a `TH` with its scope, an excerpt paragraph as a `P` in
the document's `BlockQuote`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, ListItem, Paragraph, Spacer, TableStyle

from lessonpress.document import model as d
from lessonpress.render.pdf import visuals
from lessonpress.render.pdf.document import outline, tag
from lessonpress.render.pdf.excerpt import excerpt_flowables
from lessonpress.render.pdf.flowables import (
    AnswerLines,
    Blank,
    FieldAnchor,
    Indented,
    Para,
    RatingScale,
    SafeTable,
    TaggedList,
)
from lessonpress.render.pdf.styles import Look
from lessonpress.render.pdf.tagging import Node, answer_space, say

INDENT = 7 * mm
KEY_INDENT = 4 * mm
ITEM_INDENT = INDENT + 3 * mm
CLAIM_INDENT = INDENT + 4 * mm
# paragraph role -> (style, left indent)
PARAGRAPH: dict[str, tuple[str, float]] = {
    "body": ("body", 0), "kicker": ("kicker", 0), "prompt": ("question", 0), "question": ("question", INDENT),
    "instruction": ("instruction", 0), "headnote": ("headnote", 0), "provenance": ("provenance", 0), "answer": ("answer", INDENT),
    "key": ("answer", KEY_INDENT), "citation": ("small", KEY_INDENT), "claim": ("headnote", CLAIM_INDENT), "note": ("small", 0),
}


def _text(inlines: d.Inlines) -> str:
    return d.to_text(inlines)


def cell_role(table: d.Table, row: int, column: int, cell: d.Cell) -> tuple[str, str | None]:
    """TH with its scope or TD, as the HTML pages say it: a header cell in a header row heads its column, the first
    one in a body row heads its row; other header cells (a total) are data."""
    if cell.header and row < table.header_rows:
        return "TH", "Column"
    if cell.header and column == 0:
        return "TH", "Row"
    return "TD", None


def _capped(least: list[float], width: float) -> list[float]:
    """`least` with its largest values lowered to one cap, so that they add up to `width`."""
    order = sorted(least, reverse=True)
    for count in range(1, len(order) + 1):
        cap = (width - sum(order[count:])) / count  # the `count` widest columns share what the others leave
        if count == len(order) or cap >= order[count]:
            break
    widths = [min(value, cap) for value in least]
    return [w * width / sum(widths) for w in widths]


class PdfWriter:
    def __init__(self, look: Look):
        self.look = look
        self.kind: str = "handout"
        self.root = Node("Document")  # the structure tree, built with the flowables
        self.parent = self.root  # where the next block's structure element goes
        self.shift = 0  # heading levels inside a part of a compound document (a lesson in a course pack) go one down
        self._blocks: dict[type[d.Block], Callable[[Any], list[Flowable]]] = {
            d.Heading: self.heading, d.Paragraph: self.paragraph, d.Box: self.box, d.NameLines: self.name_lines,
            d.BulletList: self.bullets, d.Table: self.table, d.Source: self.source, d.Question: self.question,
            d.Group: self.group, d.AnswerLines: self.answer_lines, d.RatingScale: self.rating, d.Choices: self.choices,
            d.OrderItems: self.order_items, d.Excerpt: self.excerpt,
            d.Figure: lambda block: visuals.figure(self, block), d.Chart: lambda block: visuals.chart(self, block),
        }

    # ---- helpers ---------------------------------------------------------------------------
    @contextmanager
    def inside(self, node: Node) -> Iterator[Node]:
        """Structure elements made in the body go under `node`."""
        outer, self.parent = self.parent, node
        try:
            yield node
        finally:
            self.parent = outer

    def node(self, role: str, **attributes: Any) -> Node:
        return self.parent.add(role, **attributes)

    def para(self, text: str, style: str = "body", indent: float = 0, node: Node | str = "P") -> Paragraph:
        """A paragraph of user or template text whose words are the content of `node` (a new element of that role)."""
        st = self.look.styles[style]
        if indent:
            st = self.look.variant_style(style, leftIndent=indent)
        para = Para(self.look.p(text, style), st)
        para._lp_node = self.node(node) if isinstance(node, str) else node
        return para

    def labelled(self, item: Node, label: str, body: str, style: str, indent: float, label_text: str | None = None) -> Paragraph:
        """One paragraph "label  body" tagged as the Lbl and LBody of list item `item`; `label_text` is what a screen
        reader says for the label when it shows no words (a blank to write in) or more (a tick)."""
        para = self.para(label + body, style, indent, node=item)
        para._lp_node = None
        para._lp_inline = (item.add("Lbl", actual_text=label_text), item.add("LBody"))
        para._lp_label = len("".join(label.split()))
        return para

    def heading_node(self, level: int) -> Node:
        return self.node(f"H{min(level + self.shift, 6)}")

    def table_style(self, commands: list[tuple[Any, ...]]) -> TableStyle:
        """Every table names our font, or reportlab falls back to non-embedded Helvetica for plain cells."""
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.look.fonts.heading.regular.name), *commands])

    def new_table(self, rows: list[list[Any]], **kwargs: Any) -> SafeTable:
        frame_height = self.look.pagesize[1] - self.look.margins[2] - self.look.margins[3]
        return SafeTable(rows, max_row_height=frame_height, **kwargs)

    def text_width(self, text: str, style: str = "cellhead") -> float:
        st = self.look.styles[style]
        return float(stringWidth(self.look.fonts.plain(text, self.look.fonts.heading.faces["bold"]), st.fontName, st.fontSize))

    def story(self, document: d.Document) -> list[Flowable]:
        """The flowables of the document; its structure tree is `self.root` afterwards."""
        self.kind = document.kind
        out: list[Flowable] = []
        for block in document.blocks:
            out += self.block(block)
        return out

    def block(self, block: d.Block) -> list[Flowable]:
        flowables = self._blocks[type(block)](block)
        if block.where and not isinstance(block, (d.Source, d.Box, d.NameLines)):
            for flowable in flowables:
                if not isinstance(flowable, Spacer):
                    tag(flowable, block.where)
        return flowables

    # ---- blocks ----------------------------------------------------------------------------
    def heading(self, block: d.Heading) -> list[Flowable]:
        text = _text(block.content)
        if block.level == 1:
            return [self.para(text, "title", node=self.heading_node(1))]
        para = self.para(text, "h2" if block.level == 2 else "h3", node=self.heading_node(block.level))
        if block.bookmark:
            outline(para, text, block.level - 2)
        return [para]

    def paragraph(self, block: d.Paragraph) -> list[Flowable]:
        style, indent = PARAGRAPH[block.role]
        # a quoted claim is a quotation, as in the HTML page
        para = self.para(_text(block.content), style, indent, node=self.node("BlockQuote").add("P") if block.role == "claim" else "P")
        if block.role == "answer":
            return [para, Spacer(1, 4)]
        if block.role == "body":
            return [para, Spacer(1, 2 * mm)]
        return [para]

    def box(self, block: d.Box) -> list[Flowable]:
        look = self.look
        fill, border, text_style, gap = (("box", "accent", "question", 3 * mm) if block.kind == "central_question"
                                         else ("advisory", "advisory_border", "small", 2 * mm))
        with self.inside(self.node("Div")):
            content = [self.para(block.label.upper(), "boxlabel"), Spacer(1, 1.5), self.para(_text(block.content), text_style)]
        table = self.new_table([[content]], colWidths=[look.frame_width])
        commands: list[tuple[Any, ...]] = [
            ("BACKGROUND", (0, 0), (-1, -1), look.color[fill]),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ("LINEBEFORE", (0, 0), (0, -1), 3, look.color[border]),
        ]
        table.setStyle(self.table_style(commands))
        return [Spacer(1, gap), tag(table, block.where)]

    def name_lines(self, block: d.NameLines) -> list[Flowable]:
        look = self.look
        labels = list(block.labels)
        width = look.frame_width
        with self.inside(self.node("Div")):  # the lines to write on are the table's rules: artifacts
            name_field = FieldAnchor(self.look.size("body") * 1.3)  # where a print pack writes a student's name
            cells: list[Any] = [self.para(labels[0], "cellhead"), name_field, self.para(labels[1], "cellhead"), "", self.para(labels[2], "cellhead"), ""]
            if block.class_name:
                cells[5] = self.para(block.class_name, "cell")
        label_w = [self.text_width(label) + 8 for label in labels]
        free = width - sum(label_w)
        table = self.new_table([cells], colWidths=[label_w[0], free * 0.5, label_w[1], free * 0.22, label_w[2], free * 0.28], hAlign="LEFT")
        table.setStyle(self.table_style([
            ("LINEBELOW", (1, 0), (1, 0), 0.6, look.color["text"]),
            ("LINEBELOW", (3, 0), (3, 0), 0.6, look.color["text"]),
            ("LINEBELOW", (5, 0), (5, 0), 0.6, look.color["text"]),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
        ]))
        return [Spacer(1, 1 * mm), table]

    def bullets(self, block: d.BulletList) -> list[Flowable]:
        style = "small" if block.role == "note" else "body"
        items = []
        listing = self.node("L")
        for item in block.items:
            entry = listing.add("LI")
            label = entry.add("Lbl")
            para = self.para(_text(item), style, node=entry.add("LBody"))
            para._lp_label = label
            items.append(ListItem(para, leftIndent=self.look.styles[style].fontSize * 1.1, value="•"))
        size = self.look.styles[style].fontSize
        return [TaggedList(items, bulletType="bullet", start="•", leftIndent=size * 1.1, bulletFontName=self.look.fonts.body.regular.name,
                           bulletFontSize=size)]

    def group(self, block: d.Group) -> list[Flowable]:
        per_child: list[list[Flowable]] = []
        with self.inside(self.node("Sect" if block.role == "section" else "Div")):
            for child in block.blocks:
                per_child.append(self.block(child))
        inner: list[Flowable] = [f for flowables in per_child for f in flowables]
        if block.role == "question":
            inner.append(Spacer(1, 3 * mm))
        elif block.role in ("key", "discussion"):
            inner.append(Spacer(1, 2 * mm))
        if not block.keep:
            if block.role == "notes" and len(inner) > 1 and inner[0].getKeepWithNext():
                # a long note (the original of a translated passage) may run on over a page break: only its heading
                # and first lines go to the next page together, so no page is left half empty
                inner[0].keepWithNext = 0
                return [CondPageBreak(self._height(inner[0]) + 4 * self.look.styles["small"].leading), *inner]
            return inner
        if block.role == "section" and len(inner) == 2 and isinstance(inner[1], SafeTable):
            return self.heading_with_table(inner[0], inner[1])
        if block.role == "key":  # the teacher's key may run on over a page break; its heading stays with the answer's start
            lead = next((i for i, child in enumerate(block.blocks) if child.audience == "teacher"), len(block.blocks))
            head = sum(len(flowables) for flowables in per_child[:lead])
            start = sum(self._height(f) for f in inner[:head]) + 4 * self.look.styles["answer"].leading
            rest = [KeepTogether([f]) if isinstance(f, Paragraph) else f for f in inner[head:]]  # an answer is never cut in two
            return [CondPageBreak(start), KeepTogether(inner[:head]), *rest]
        if block.role == "question":  # each step of a question (see, think, wonder) is kept with its answer space
            steps = [i for i, f in enumerate(inner) if getattr(f, "_lp_step", False)]
            return [KeepTogether(inner[a:b]) for a, b in zip([0, *steps], [*steps, len(inner)], strict=True)]
        kept: list[Flowable] = [KeepTogether(inner)]
        if block.role == "notes":
            kept.append(Spacer(1, 2 * mm))
        return kept

    def heading_with_table(self, heading: Flowable, table: SafeTable) -> list[Flowable]:
        """A long table (word bank, agenda, rubric) may run on over a page break between rows, its header repeated;
        only the heading and the first rows are kept together, so no page is left half empty."""
        heading.keepWithNext = 0
        table.wrap(self.look.frame_width, 1e6)
        first_rows = sum(table._rowHeights[: min(3, len(table._rowHeights))])
        return [CondPageBreak(self._height(heading) + first_rows + 2), heading, table]

    @property
    def frame_height(self) -> float:
        return float(self.look.pagesize[1] - self.look.margins[2] - self.look.margins[3])

    def source(self, block: d.Source) -> list[Flowable]:
        """Heading, provenance, headnote and the numbered excerpt: on a student's page a document that fits on a page
        is never split (it starts on the next page instead); a longer one starts where its heading and first lines fit."""
        with self.inside(self.node("Sect")):
            return self._source(block)

    def _source(self, block: d.Source) -> list[Flowable]:
        heading = self.para(_text(block.heading), "h2", node=self.heading_node(2))
        outline(heading, _text(block.heading), 0)
        head: list[Flowable] = [heading, self.para(_text(block.provenance), "provenance")]
        if block.headnote:
            head.append(self.para(_text(block.headnote), "headnote"))
        head_height = sum(self._height(f) for f in head)
        if block.excerpt is not None:
            lines, first_lines = self.excerpt(block.excerpt), self.look.styles["excerpt"].leading * 3
            whole = head_height + sum(self._height(f) for f in lines)
        else:  # a picture, a table, a chart: measured with the paragraphs' spacing, as a picture is sized to the page
            head_height = visuals.measure(self, head)
            lines, first_lines = visuals.document_visuals(self, block.visuals, self.frame_height - head_height)
            whole = visuals.measure(self, head + lines)
        out: list[Flowable]
        if whole <= self.frame_height and self.kind != "guide":  # the guide's copy is the teacher's reference: it may run on
            out = [tag(KeepTogether([tag(f, block.where) for f in head + lines]), block.where)]
        else:
            for flowable in head:  # the page break below keeps them with the first lines; keepWithNext would take the whole text
                flowable.keepWithNext = 0
            out = [CondPageBreak(head_height + first_lines + 3 * mm)]
            out += [tag(f, block.where) for f in head + lines]
        for note in block.notes:
            out += self.block(note)
        return out

    def _height(self, flowable: Flowable) -> float:
        _, height = flowable.wrap(self.look.frame_width, 1e6)
        return float(height) + getattr(flowable, "spaceBefore", 0) + getattr(flowable, "spaceAfter", 0)

    def excerpt(self, block: d.Excerpt) -> list[Flowable]:
        return excerpt_flowables(self, block)

    # ---- questions -------------------------------------------------------------------------
    def question(self, block: d.Question) -> list[Flowable]:
        st = self.look.variant_style("question", leftIndent=INDENT, firstLineIndent=-INDENT)
        prompt = Para(f"<b>{block.number}.</b>&nbsp;&nbsp;" + self.look.p(_text(block.prompt), "question"), st)
        prompt._lp_node = self.node("P")
        out: list[Flowable] = [prompt]
        asked = False
        for part in block.parts:
            flowables = self.block(part)
            if isinstance(part, d.Paragraph) and part.role == "question":  # a question in several steps may break before a step
                flowables[0]._lp_step = asked
                asked = True
            out += flowables
        return out

    def answer_lines(self, block: d.AnswerLines) -> list[Flowable]:
        node = self.node("P", actual_text=answer_space(block.count))  # the ruled lines are artifacts; these are their words
        return [AnswerLines(block.count, self.look.answer_gap, self.look.color["rule"], indent=INDENT, node=node)]

    def rating(self, block: d.RatingScale) -> list[Flowable]:
        look = self.look
        face = look.fonts.heading.regular
        alt = say("rating", low=block.low, high=block.high) + (f"; {say('rating_marked', n=block.marked)}" if block.marked else "")
        scale = RatingScale(look.fonts.plain(block.low, face), look.fonts.plain(block.high, face), face.name, look.size("small") + 1,
                            look.color["text"], block.marked, node=self.node("Figure", alt=alt))
        scale.hAlign = "RIGHT"
        return [Indented(scale, INDENT)]

    def choices(self, block: d.Choices) -> list[Flowable]:
        # the right choice is marked by a tick and bold type, not by colour alone; a screen reader hears "(right answer)"
        listing = self.node("L")
        out: list[Flowable] = []
        for i, choice in enumerate(block.items):
            right = i == block.marked
            letter = f"{chr(65 + i)}."
            out.append(self.labelled(listing.add("LI"), f"{'✓ ' if right else ''}{letter}", f"  {_text(choice)}", "answer" if right else "body",
                                     ITEM_INDENT, f"{letter} {say('right_choice')}" if right else None))
        return out

    def order_items(self, block: d.OrderItems) -> list[Flowable]:
        positions = block.positions
        listing = self.node("L")
        return [self.labelled(listing.add("LI"), str(positions[i]) if positions else "_____", f"   {_text(item)}", "answer" if positions else "body",
                              ITEM_INDENT, None if positions else say("blank_position"))
                for i, item in enumerate(block.items)]

    # ---- tables ----------------------------------------------------------------------------
    def cell(self, cell: d.Cell, node: Node, style: str = "cell") -> Any:
        """A cell's flowable, its words the content of `node` (its TH or TD); "" for an empty cell."""
        if cell.header:
            return self.para(_text(cell.content), "cellhead", node=node)
        if cell.answer:
            return self.para(_text(cell.content), "answer", node=node)
        if cell.blank or not cell.content:
            if cell.blank:
                node.actual_text = say("blank_cell")
            return ""
        return self.para(_text(cell.content), style, node=node)

    def table_nodes(self, block: d.Table) -> list[list[Node]]:
        """Table > TR > TH (with Scope) / TD, one element per cell, row by row."""
        table = self.node("Table")
        nodes = []
        for r, row in enumerate(block.rows):
            tr = table.add("TR")
            nodes.append([tr.add(role, scope=scope) for role, scope in (cell_role(block, r, i, cell) for i, cell in enumerate(row))])
        return nodes

    def table(self, block: d.Table) -> list[Flowable]:
        look = self.look
        if block.kind in ("sourcing_chart", "corroboration_chart"):
            return [self.chart(block)]
        if block.kind == "source":
            return visuals.source_table(self, block)
        nodes = self.table_nodes(block)
        rows = [[self.cell(cell, node) for cell, node in zip(row, row_nodes, strict=True)] for row, row_nodes in zip(block.rows, nodes, strict=True)]
        widths = self.column_widths(block, look.frame_width)
        commands: list[tuple[Any, ...]]
        if block.kind == "word_bank":
            commands = [("LINEBELOW", (0, 0), (-1, -2), 0.3, look.color["rule"]), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]
        elif block.kind == "agenda":
            commands = [("BACKGROUND", (0, 0), (-1, 0), look.color["box"]), ("LINEBELOW", (0, 0), (-1, -1), 0.3, look.color["rule"]),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
        else:
            commands = [("BACKGROUND", (0, 0), (-1, 0), look.color["box"]), ("GRID", (0, 0), (-1, -1), 0.4, look.color["rule"]),
                        ("VALIGN", (0, 0), (-1, -1), "TOP")]
        table = self.new_table(rows, colWidths=widths, repeatRows=block.header_rows, hAlign="LEFT")
        table.setStyle(self.table_style(commands))
        return [table]

    def column_widths(self, block: d.Table, width: float, padding: float = 17) -> list[float]:  # 8 + 8 of cell padding, and 1 to spare
        """Widths from the content, as a browser would: a column gets its text's natural width when it is narrow
        (a time, a number, "Min"); when the table is too wide, the columns of long text wrap first."""
        columns = list(zip(*block.rows, strict=False))
        natural, least = [], []
        for column in columns:
            texts = [(_text(cell.content), "cellhead" if cell.header else "cell") for cell in column]
            natural.append(max((self.text_width(t, s) for t, s in texts), default=0) + padding)
            least.append(max((self.text_width(w, s) for t, s in texts for w in t.split()), default=0) + padding)
        if sum(natural) <= width:
            widths = list(natural)
            widest = max(range(len(widths)), key=lambda i: natural[i])
            widths[widest] += width - sum(natural)
            return widths
        # too wide: each column gives back in proportion to how far it is wider than its longest word, so a
        # number or a one-word column keeps its width and long text wraps; only if even the longest words do not
        # fit do the columns with the longest words narrow, to one width, and break them at hyphenation points
        # ("Words" and "above" stay whole where "industrialization" can break)
        over = sum(natural) - width
        slack = [n - m for n, m in zip(natural, least, strict=True)]
        if sum(slack) >= over:
            return [n - over * room / sum(slack) for n, room in zip(natural, slack, strict=True)]
        return _capped(least, width)

    def chart(self, block: d.Table) -> SafeTable:
        """A grid to write in; blank cells get room to write, while rows with long text still grow."""
        look = self.look
        header = block.header_rows > 0
        min_height = look.answer_gap * block.blank_lines if block.blank_lines else None
        rows: list[list[Any]] = []
        for i, (row, row_nodes) in enumerate(zip(block.rows, self.table_nodes(block), strict=True)):
            cells = [self.cell(cell, node) for cell, node in zip(row, row_nodes, strict=True)]
            if min_height is not None:
                cells = [Blank(1, min_height - 8, node) if cell == "" and (i or not header) else cell for cell, node in zip(cells, row_nodes, strict=True)]
            rows.append(cells)
        width = look.frame_width - INDENT
        table = self.new_table(rows, colWidths=[w * width for w in block.widths], repeatRows=1 if header else 0, hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.6, look.color["rule"]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), look.color["box"]))
        for row_index in range(len(rows)):
            commands.append(("NOSPLIT", (0, row_index), (-1, row_index)))
        table.setStyle(self.table_style(commands))
        table.hAlign = "RIGHT"
        return table
