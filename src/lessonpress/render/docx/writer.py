"""The DOCX writer's walk of a document tree: one handler per block kind, each adding styled paragraphs and tables.

What a block is and who it is for was decided when the tree was built; here
each block only gets its named Word style. Layout wishes of the PDF (a
question kept on one page, a short document never split on a student's page)
become Word's own "keep with next" and "row cannot split" settings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.document import Document as WordDocument
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from lessonpress.document import model as d
from lessonpress.render.docx.excerpt import write_excerpt
from lessonpress.render.docx.figures import add_picture
from lessonpress.render.docx.styles import INDENT_MM, ROLE_STYLES, Geometry, Styles, insert_ppr, num_pr
from lessonpress.render.html.view import chart_table

SPAN_STYLES = {"em": "Emphasis", "strong": "Strong"}
BALLOT, BALLOT_MARKED = "☐", "☒"


class UnknownBlock(TypeError):
    """A block type the DOCX writer has no handler for: a new block needs one, never a silent gap."""


class DocxWriter:
    def __init__(self, doc: WordDocument, styles: Styles, geo: Geometry):
        self.doc = doc
        self.styles = styles
        self.geo = geo
        self.kind = "handout"
        self.numbered_questions = True
        # style ids by name, looked up once: python-docx searches every style (and the default) on each assignment
        self.ids = {style.name: style.style_id for style in doc.styles}
        self._blocks: dict[type[d.Block], Callable[[Any], None]] = {
            d.Heading: self.heading, d.Paragraph: self.paragraph, d.Box: self.box, d.NameLines: self.name_lines,
            d.BulletList: self.bullets, d.Table: self.table, d.Source: self.source, d.Excerpt: self.excerpt,
            d.Question: self.question, d.Group: self.group, d.AnswerLines: self.answer_lines, d.RatingScale: self.rating,
            d.Choices: self.choices, d.OrderItems: self.order_items, d.Part: self.part, d.Figure: self.figure, d.Chart: self.chart,
        }

    # ---- walking ---------------------------------------------------------------------------
    def write(self, document: d.Document) -> None:
        self.kind = document.kind
        numbers = [b.number for b in document.walk() if isinstance(b, d.Question)]
        # Word numbers questions itself (a question a teacher inserts is numbered too) when the tree's numbers are 1, 2, ...
        self.numbered_questions = numbers == list(range(1, len(numbers) + 1))
        for block in document.blocks:
            self.block(block)

    def block(self, block: d.Block) -> None:
        try:
            handler = self._blocks[type(block)]
        except KeyError:
            raise UnknownBlock(f"the DOCX writer cannot write a {type(block).__name__} block yet: add it to render/docx") from None
        handler(block)

    def body_elements(self) -> list[BaseOxmlElement]:
        return [el for el in self.doc.element.body if el.tag != qn("w:sectPr")]

    # ---- text ------------------------------------------------------------------------------
    def para(self, style: str, content: d.Inlines = ()) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        self.restyle(paragraph, style)
        self.runs(paragraph, content)
        return paragraph

    def restyle(self, paragraph: Paragraph, style: str) -> None:
        paragraph._p.style = self.ids[style]

    def run(self, paragraph: Paragraph, text: str, style: str | None = None) -> Run:
        run = paragraph.add_run(text)
        if style is not None:
            run._r.style = self.ids[style]
        return run

    def runs(self, paragraph: Paragraph, content: d.Inlines) -> None:
        for text, style in spaced(content):
            self.run(paragraph, text, SPAN_STYLES.get(style))

    # ---- blocks ----------------------------------------------------------------------------
    def heading(self, block: d.Heading) -> None:
        self.para(f"Heading {min(max(block.level, 1), 3)}", block.content)

    def paragraph(self, block: d.Paragraph) -> None:
        self.para(ROLE_STYLES[block.role], block.content)

    def box(self, block: d.Box) -> None:
        """Label and text in one shaded paragraph, the label in the Box Label character style (capitals by style)."""
        paragraph = self.para("Central Question" if block.kind == "central_question" else "Advisory")
        self.run(paragraph, block.label, "Box Label")
        paragraph.add_run().add_break()
        self.runs(paragraph, block.content)

    def name_lines(self, block: d.NameLines) -> None:
        """Name ____ Date ____ Class ____ as tab stops with a line leader; a class copy prints its class instead of
        the last line."""
        name, date, class_ = (" ".join(label.split()) for label in block.labels)
        paragraph = self.para("Name Lines")
        width = self.geo.text_mm
        tabs = paragraph.paragraph_format.tab_stops
        tabs.add_tab_stop(Mm(width * 0.5), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.LINES)
        tabs.add_tab_stop(Mm(width * 0.72), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.LINES)
        tabs.add_tab_stop(Mm(width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES)
        paragraph.add_run(f"{name} \t {date} \t {class_} ")
        paragraph.add_run(" ".join(block.class_name.split()) if block.class_name else "\t")

    def bullets(self, block: d.BulletList) -> None:
        for item in block.items:
            self.para("Note List" if block.role == "note" else "List Bullet", item)

    def group(self, block: d.Group) -> None:
        start = len(self.body_elements())
        for child in block.blocks:
            self.block(child)
        if block.keep and block.role in ("question", "notes", "discussion"):
            self.keep_together(self.body_elements()[start:])

    def part(self, block: d.Part) -> None:
        paragraph = self.para("Heading 1", d.plain(block.title))
        paragraph.paragraph_format.page_break_before = True
        for child in block.blocks:
            self.block(child)

    def keep_together(self, elements: list[BaseOxmlElement]) -> None:
        """Every paragraph (and table row) kept with the next, but the last: Word then moves the whole on to a page."""
        paragraphs = [p for el in elements for p in ([el] if el.tag == qn("w:p") else el.iter(qn("w:p")))]
        for p in paragraphs[:-1]:
            insert_ppr(p.get_or_add_pPr(), OxmlElement("w:keepNext"))
        for element in elements:
            if element.tag == qn("w:tbl"):
                for row in element.iter(qn("w:tr")):
                    cant_split(row)

    # ---- documents -------------------------------------------------------------------------
    def source(self, block: d.Source) -> None:
        start = len(self.body_elements())
        self.para("Heading 2", block.heading)
        self.para("Provenance", block.provenance)
        if block.headnote:
            self.para("Headnote", block.headnote)
        if block.excerpt is None:
            self.visuals(block)
            if self.kind != "guide" and len(self.body_elements()) - start < 40:
                self.keep_together(self.body_elements()[start:])  # a picture or a short table stays with its label
            for note in block.notes:
                self.block(note)
            return
        self.excerpt(block.excerpt)
        written = self.body_elements()[start:]
        lines = sum(len(p.lines) or 1 for p in block.excerpt.paragraphs)
        line_mm = self.styles.measures.size("excerpt") * self.styles.measures.leading * 25.4 / 72
        if self.kind != "guide" and (lines + 2 * len(block.excerpt.paragraphs) + 6) * line_mm < self.geo.body_mm:
            # on a student's page a document that fits on one is never split, as in the PDF
            paragraphs = [p for element in written for p in ([element] if element.tag == qn("w:p") else element.iter(qn("w:p")))]
            for element in paragraphs:
                insert_ppr(element.get_or_add_pPr(), OxmlElement("w:keepLines"))
            self.keep_together(written)
        for note in block.notes:
            self.block(note)

    def excerpt(self, block: d.Excerpt) -> None:
        write_excerpt(self, block)

    # ---- pictures, tables of numbers, charts ------------------------------------------------
    def visuals(self, block: d.Source) -> None:
        """A document's picture, table and chart in print order. Word cannot draw the chart (python-docx makes no
        native charts), so it is described in words and its numbers are shown as a table: the document's own
        table when it prints one, else a table made from the chart's numbers in the chart's place."""
        label = d.to_text(block.heading)
        has_table = any(isinstance(v, d.Table) for v in block.visuals)
        for visual in block.visuals:
            if isinstance(visual, d.Table):
                self.table(visual, f"{label}, table")
            elif isinstance(visual, d.Chart):
                if not has_table:
                    self.table(chart_table(visual), f"{label}, table")
                self.chart(visual)
            else:
                self.block(visual)

    def ensure_visual_styles(self) -> None:
        if self.styles.visual_styles():
            self.ids = {style.name: style.style_id for style in self.doc.styles}

    def figure(self, block: d.Figure) -> None:
        """The picture at its share of the text width (smaller if it would be taller than most of a page), its alt
        text in the drawing's description, and its caption under it."""
        self.ensure_visual_styles()
        width = self.geo.text_mm * min(max(block.width, 0.05), 1.0)
        image = block.image
        if image.width and width * image.aspect > self.geo.body_mm * 0.75:
            width = self.geo.body_mm * 0.75 / image.aspect
        alt = " ".join(block.alt.split())
        if not alt:
            raise ValueError("a figure without alt text cannot be written: the image material must give `alt:`")
        add_picture(self.doc, image.data, alt, round(width, 2), style="Figure")
        if block.caption:
            self.para("Caption", block.caption)

    def chart(self, block: d.Chart) -> None:
        """The chart's text alternative (every value, the highest and the lowest), saying the chart is shown as a table."""
        self.ensure_visual_styles()
        self.para("Caption", d.plain(f"{' '.join(block.alt.split())} {CHART_AS_TABLE}"))

    # ---- questions -------------------------------------------------------------------------
    def question(self, block: d.Question) -> None:
        paragraph = self.para("Question", block.prompt)
        if not self.numbered_questions:  # the tree's own number, written out, and no list numbering
            insert_ppr(paragraph._p.get_or_add_pPr(), num_pr(0))
            paragraph.runs[0].text = f"{block.number}.\t{paragraph.runs[0].text}" if paragraph.runs else f"{block.number}."
        for part in block.parts:
            self.block(part)

    def answer_lines(self, block: d.AnswerLines) -> None:
        """Ruled lines to write on: a one-column table whose rows are `answer_line_mm` high, ruled below each."""
        table = self.new_table(block.count, [self.geo.text_mm - INDENT_MM], INDENT_MM)
        _borders(table, {"bottom": True, "insideH": True}, self.styles.colors["rule"])
        for row in table.rows:
            row.height = Mm(self.geo.answer_mm)
            row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
            self.restyle(row.cells[0].paragraphs[0], "Answer Space")

    def rating(self, block: d.RatingScale) -> None:
        boxes = "   ".join(f"{BALLOT_MARKED if n == block.marked else BALLOT} {n}" for n in range(1, 6))
        self.para("Rating Scale", d.plain(f"{block.low}   {boxes}   {block.high}"))

    def choices(self, block: d.Choices) -> None:
        """Lettered by a Word list that starts at A for each question; the right one (teacher copies) by tick and weight."""
        num_id = self.styles.choices_list()
        for index, item in enumerate(block.items):
            marked = index == block.marked
            paragraph = self.para("Choice Answer" if marked else "Choice", (d.Span("✓ "), *item) if marked else item)
            insert_ppr(paragraph._p.get_or_add_pPr(), num_pr(num_id))

    def order_items(self, block: d.OrderItems) -> None:
        for index, item in enumerate(block.items):
            position = f"{block.positions[index]}" if block.positions else "_____"
            self.para("Order Item Answer" if block.positions else "Order Item", (d.Span(f"{position}\t"), *item))

    # ---- tables ----------------------------------------------------------------------------
    def new_table(self, rows: int, widths_mm: list[float], indent_mm: float = 0.0) -> Table:
        """A fixed-layout table with these column widths; a small gap paragraph first if the last thing written is a
        table (Word would join the two into one)."""
        elements = self.body_elements()
        if elements and elements[-1].tag == qn("w:tbl"):
            self.para("Table Gap")
        table: Table = self.doc.add_table(rows=rows, cols=len(widths_mm))
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
            for cell in column.cells:
                cell.width = Mm(width)
        tbl_pr = table._tbl.tblPr
        for old in tbl_pr.findall(qn("w:tblW")):
            tbl_pr.remove(old)
        for tag, value in (("w:tblW", sum(widths_mm)), ("w:tblInd", indent_mm)):
            if value:
                element = OxmlElement(tag)
                element.set(qn("w:w"), str(_twips(value)))
                element.set(qn("w:type"), "dxa")
                tbl_pr.append(element)
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tbl_pr.append(layout)
        _order_tbl_pr(tbl_pr)
        return table

    def table(self, block: d.Table, caption: str = "") -> None:
        """A table; `caption` (a table document's) is its alt-text title in Word. A table document's columns are as
        wide as their longest cell needs (the whole at most the text width), numbers aligned as the material aligns them."""
        if not block.rows:
            return
        chart = block.kind in ("sourcing_chart", "corroboration_chart")
        cols = max(len(row) for row in block.rows)
        indent = INDENT_MM if chart else 0.0
        width = self.geo.text_mm - indent
        fractions = list(block.widths) if len(block.widths) == cols else [1 / cols] * cols
        widths = [width * f for f in fractions]
        if block.kind == "source":  # each column as wide as its longest cell, the whole no wider than the text
            natural = self.natural_widths(block, cols)
            widths = [w * min(1.0, width / sum(natural)) for w in natural]
        table = self.new_table(len(block.rows), widths, indent)
        table.style = self.doc.styles["Table Grid"]
        if caption:
            _table_caption(table, caption)
        for r, (row, cells) in enumerate(zip(table.rows, block.rows, strict=True)):
            head_row = r < block.header_rows
            if head_row:
                _table_header(row._tr)
            if chart or block.kind == "source":
                cant_split(row._tr)
            if block.blank_lines and not head_row and any(c.blank or not c.content for c in cells):
                row.height = Mm(self.geo.answer_mm * block.blank_lines)
                row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            for c, cell in enumerate(cells):
                paragraph = row.cells[c].paragraphs[0]
                style = "Table Answer" if cell.answer else "Table Heading" if cell.header else "Table Text"
                self.restyle(paragraph, style)
                if not cell.blank:
                    self.runs(paragraph, cell.content)
                if c < len(block.align) and block.align[c] != "left":
                    paragraph.alignment = ALIGN[block.align[c]]
                if head_row and block.kind != "word_bank":
                    _shade(row.cells[c]._tc, self.styles.colors["box"])

    def natural_widths(self, block: d.Table, columns: int) -> list[float]:
        """Millimetres each column needs for its longest cell on one line (bold, at the table's type size), with the
        cell's margins."""
        char_mm = self.styles.measures.size("small") * 0.62 * 25.4 / 72
        longest = [max((len(" ".join(d.to_text(row[c].content).split())) for row in block.rows if c < len(row)), default=0)
                   for c in range(columns)]
        return [(chars + 1) * char_mm + 4.0 for chars in longest]


ALIGN = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
CHART_AS_TABLE = "(In this Word file the chart is shown as the table of its numbers.)"


def spaced(content: d.Inlines) -> list[tuple[str, str]]:
    """Spans with whitespace as the PDF and HTML print it: runs of it as one space, none at the ends (python-docx
    would turn the newline a folded YAML scalar ends with into a line break)."""
    out: list[tuple[str, str]] = []
    space = False
    for span in content:
        if not span.text.strip():
            space = space or bool(span.text)
            continue
        text = " ".join(span.text.split())
        if out and (space or span.text[0].isspace()):
            text = " " + text
        out.append((text, span.style))
        space = span.text[-1].isspace()
    return out


def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def _table_header(tr: BaseOxmlElement) -> None:
    """Marked as a header row: read as one, and repeated at the top of each page the table runs on to."""
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def _table_caption(table: Table, caption: str) -> None:
    """The table's title for screen readers and Word's accessibility checker (Table Properties > Alt Text)."""
    tbl_pr = table._tbl.tblPr
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), caption)
    tbl_pr.append(element)
    _order_tbl_pr(tbl_pr)


def cant_split(tr: BaseOxmlElement) -> None:
    tr_pr = tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.insert(0, OxmlElement("w:cantSplit"))


def _shade(tc: BaseOxmlElement, color: str) -> None:
    tc_pr = tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", color.lstrip("#"))):
        shading.set(qn(key), value)
    tc_pr.append(shading)


def _borders(table: Table, which: dict[str, bool], color: str) -> None:
    """Table borders: the named ones ruled in `color`, every other one none."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        if which.get(side):
            for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", color.lstrip("#"))):
                edge.set(qn(key), value)
        else:
            edge.set(qn("w:val"), "nil")
        borders.append(edge)
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    tbl_pr.append(borders)
    _order_tbl_pr(tbl_pr)


TBL_PR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
                "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"]


def _order_tbl_pr(tbl_pr: BaseOxmlElement) -> None:
    """w:tblPr's children in the order the schema requires (Word refuses a file with them out of order)."""
    children = sorted(tbl_pr, key=lambda el: TBL_PR_ORDER.index(el.tag.split("}")[1]) if el.tag.split("}")[1] in TBL_PR_ORDER else 99)
    for child in children:
        tbl_pr.append(child)

