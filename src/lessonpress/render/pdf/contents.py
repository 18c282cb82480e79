"""The PDF writer for a course pack: the guide writer plus what a compound document adds.

A `Part` (one lesson's guide) starts on a new page and leaves a `Mark` where
it lands, so the page furniture drawn at save time knows which lesson each
page belongs to and the pack's outline nests unit -> lesson -> section. The
contents table is set like a book's; every other table is the guide writer's.
In the structure tree each part is a `Sect` whose headings sit one level
below the pack's title, as its bookmarks do; the contents are a `TOC`.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreakIfNotEmpty

from lessonpress.document import model as d
from lessonpress.render.pdf.document import Mark
from lessonpress.render.pdf.flowables import Para
from lessonpress.render.pdf.styles import Look
from lessonpress.render.pdf.writer import PdfWriter


class PackWriter(PdfWriter):
    """Bookmark levels: the pack's title 0, each lesson 1, each lesson's sections 2."""

    def __init__(self, look: Look):
        super().__init__(look)
        self._blocks[d.Part] = self.part

    def story(self, document: d.Document) -> list[Flowable]:
        title = next((d.to_text(b.content) for b in document.blocks if isinstance(b, d.Heading) and b.level == 1), document.meta.title)
        return [Mark(bookmark=(title, 0), nest=1), *super().story(document)]

    def part(self, block: d.Part) -> list[Flowable]:
        out: list[Flowable] = [PageBreakIfNotEmpty(), Mark(header=(block.header_left, block.header_right), bookmark=(block.title, 1), nest=2)]
        self.shift += 1
        with self.inside(self.node("Sect")):
            for child in block.blocks:
                out += self.block(child)
        self.shift -= 1
        return out

    def table(self, block: d.Table) -> list[Flowable]:
        return [self.contents(block)] if block.kind == "contents" else super().table(block)

    def contents(self, block: d.Table) -> Flowable:
        """Title and page per line, page numbers flush right, a hairline under each entry."""
        look = self.look
        number_style = look.styles["body"].clone("contents-page", alignment=2)
        toc = self.node("TOC")
        rows = []
        for row in block.rows:
            entry = toc.add("TOCI")
            number = Para(look.p(d.to_text(row[1].content), "body"), number_style)
            rows.append([self.para(d.to_text(row[0].content), node=entry.add("P")), number])
            number._lp_node = entry.add("P")
        table = self.new_table(rows, colWidths=[w * look.frame_width for w in block.widths], hAlign="LEFT")
        table.setStyle(self.table_style([("LINEBELOW", (0, 0), (-1, -1), 0.3, look.color["rule"]), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                         ("LEFTPADDING", (0, 0), (0, -1), 0), ("RIGHTPADDING", (-1, 0), (-1, -1), 0)]))
        return table
