"""The curriculum report as a PDF for a department head: a coverage chart first, then the tables.

Tagged like every lessonpress PDF: a `Sect` per section, the chart a `Figure`
whose Alt text gives every bar's number, the tables with their header cells.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer

from lessonpress.analysis.report import UnitReport
from lessonpress.builder.settings import RenderJob
from lessonpress.document.model import Cell, Furniture, Metadata, Table, plain
from lessonpress.render.pdf import _look
from lessonpress.render.pdf.document import build_pdf
from lessonpress.render.pdf.flowables import Marked
from lessonpress.render.pdf.styles import Look
from lessonpress.render.pdf.writer import PdfWriter


def _chart(report: UnitReport, look: Look) -> Drawing:
    skills = report.skills
    size = look.size("small")
    font = look.fonts.heading.regular.name
    label_width = max((stringWidth(skill, font, size) for skill in skills), default=0) + 8
    note_width = stringWidth("rarely practised", font, size) + 8 if report.rarely_practised else 20
    width, height = look.frame_width, 22 + size * 1.9 * len(skills)
    drawing = Drawing(width, height)
    drawing.initialFontName = font  # not reportlab's default Helvetica, which would be set (and not embedded) for nothing
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 10
    chart.width, chart.height = width - label_width - note_width, height - 20
    chart.data = [[report.skill_totals[s] for s in reversed(skills)]]
    chart.categoryAxis.categoryNames = list(reversed(skills))
    chart.categoryAxis.labels.fontName = look.fonts.heading.regular.name
    chart.categoryAxis.labels.fontSize = look.size("small")
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([*report.skill_totals.values(), 2]) + 1
    chart.valueAxis.valueStep = 1
    chart.valueAxis.labels.fontName = look.fonts.heading.regular.name
    chart.valueAxis.labels.fontSize = look.size("small")
    chart.bars[0].fillColor = look.color["accent"]
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = look.fonts.heading.regular.name
    chart.barLabels.fontSize = look.size("small")
    chart.barLabels.nudge = 7
    drawing.add(chart)
    for index, skill in enumerate(reversed(skills)):
        if skill in report.rarely_practised:
            y = chart.y + (index + 0.5) * chart.height / len(skills) - 3
            drawing.add(String(width - 2, y, "rarely practised", fontName=look.fonts.heading.regular.name, fontSize=look.size("small"),
                               fillColor=look.color["advisory_border"], textAnchor="end"))
    return drawing


def _chart_alt(report: UnitReport) -> str:
    """What the chart shows, in words: every bar's number, and which skills are rarely practised."""
    bars = "; ".join(f"{skill}: {report.skill_totals[skill]}" for skill in report.skills)
    rare = f". Rarely practised: {', '.join(report.rarely_practised)}" if report.rarely_practised else ""
    return f"Bar chart of skill coverage, how many exercises practise each skill in this unit. {bars}{rare}."


def _table(writer: PdfWriter, rows: list[list[str]], widths: list[float]) -> Flowable:
    """A data table laid out like every other table: columns as wide as their content needs, header repeated."""
    cells = tuple(tuple(Cell(plain(str(value)), header=r == 0) for value in row) for r, row in enumerate(rows))
    flowables: list[Flowable] = writer.table(Table(kind="data", rows=cells, widths=tuple(widths), header_rows=1))
    return flowables[0]


def report_pdf(report: UnitReport, job: RenderJob) -> bytes:
    look = _look(job.theme, job.templates_dir, job.paper, job.fonts_dir, "standard")
    writer = PdfWriter(look)
    para = writer.para

    def section(title: str, body: Callable[[], list[Flowable]]) -> list[Flowable]:
        with writer.inside(writer.node("Sect")):
            heading = para(title, "h2", node="H2")
            flowables = body()
        return [KeepTogether([heading, *flowables[:1]]), *flowables[1:]]

    def coverage() -> list[Flowable]:
        out: list[Flowable] = [Marked(_chart(report, look), writer.node("Figure", alt=_chart_alt(report))), Spacer(1, 2 * mm)]
        if report.rarely_practised:
            out.append(para("Practised at most once in this unit: " + ", ".join(report.rarely_practised) + ".", "instruction"))
        # skills down, lessons across (numbered, with a legend), so long units still fit the page
        lessons = report.coverage
        out += [para(f"L{n}: {row.title}", "small") for n, row in enumerate(lessons, start=1)]
        grid = [["Skill", *[f"L{n}" for n in range(1, len(lessons) + 1)], "Total"]]
        grid += [[skill, *[str(row.skills[skill] or "") for row in lessons], str(report.skill_totals[skill])] for skill in report.skills]
        column = 0.7 / (len(lessons) + 1)
        return [*out, Spacer(1, 2 * mm), _table(writer, grid, [0.3] + [column] * (len(lessons) + 1))]

    def reading() -> list[Flowable]:
        excerpts = [["Lesson", "Doc", "Words", "Grade level", "Flags", "Word bank suggestions"]]
        for e in report.excerpts:
            flags = ", ".join(f for f, on in (("above grade", e.too_hard), ("long", e.too_long)) if on) or "—"
            excerpts.append([e.lesson, e.document, str(e.words), f"{e.grade_level:g} (lesson: {e.lesson_grade or '?'})", flags,
                             ", ".join(e.vocabulary_suggestions) or "—"])
        return [_table(writer, excerpts, [0.23, 0.06, 0.09, 0.16, 0.14, 0.32])]

    def time() -> list[Flowable]:
        rows = [["Lesson", "Minutes", "Agenda"]] + [[t.lesson, str(t.minutes or "—"), str(t.agenda_minutes)] for t in report.time]
        rows.append(["Unit total", str(report.total_minutes), f"class period: {report.period_minutes} min" if report.period_minutes else ""])
        return [_table(writer, rows, [0.5, 0.2, 0.3])]

    story: list[Flowable] = [para("Curriculum report", "kicker"), para(report.title, "title", node="H1"), Spacer(1, 3 * mm)]
    story += section("Skill coverage", coverage)
    story += section("Reading level and length", reading)
    if report.provenance:
        rows = [["Material", "File", "Missing"]] + [[p.material + (" (unattributed)" if p.unattributed else ""), f"{p.path}:{p.line}",
                                                     ", ".join(p.missing)] for p in report.provenance]
        story += section("Provenance", lambda: [_table(writer, rows, [0.35, 0.35, 0.30])])
    story += section("Time", time)
    if report.modifications:
        changes = [["Lesson", "Doc", "Change", "Original", "Printed"]] + [
            [m.lesson, m.document, m.kind, m.original, m.printed] for m in report.modifications]
        story += section("Modification log", lambda: [_table(writer, changes, [0.22, 0.06, 0.12, 0.36, 0.24])])
    if report.warnings:
        story += section("Warnings", lambda: [para(w, "small") for w in report.warnings])
    furniture = Furniture(report.title, "Curriculum report", job.school or "", lambda page, pages: f"Page {page} of {pages}")
    meta = Metadata(f"{report.title} — curriculum report", job.school or "lessonpress", "Curriculum report", ("report",))
    return build_pdf(story, look, furniture, meta, structure=writer.root).data
