"""The contents page at the front of a course pack."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from lessonpress.builder.settings import RenderJob
from lessonpress.document.model import Furniture, Metadata
from lessonpress.render.pdf import _look, _wording
from lessonpress.render.pdf.document import build_pdf
from lessonpress.render.pdf.flowables import Para


def contents_pdf(unit_title: str, entries: list[tuple[str, int]], job: RenderJob) -> bytes:
    """Lesson titles with the page each guide starts on (0 while the page count is not yet known)."""
    look = _look(job.theme, job.templates_dir, job.paper, job.fonts_dir, "standard")
    words = _wording(job.templates_dir)
    story: list[Flowable] = [
        Para(look.p(words("course_pack"), "kicker"), look.styles["kicker"]),
        Para(look.p(unit_title, "title"), look.styles["title"]),
        Spacer(1, 6 * mm),
    ]
    rows = [[Para(look.p(f"{n}. {title}", "body"), look.styles["body"]), Para(look.p(str(page or ""), "body"), look.styles["body"])]
            for n, (title, page) in enumerate(entries, start=1)]
    table = Table(rows, colWidths=[look.frame_width * 0.88, look.frame_width * 0.12])
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), look.fonts.heading.regular.name),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, look.color["rule"]), ("ALIGN", (1, 0), (1, -1), "RIGHT")])
    story.append(table)
    furniture = Furniture(unit_title, "", job.school or "", lambda page, pages: "", first_page_header=False)
    return build_pdf(story, look, furniture, Metadata(unit_title, job.school or "lessonpress", "Contents")).data
