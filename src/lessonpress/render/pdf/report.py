"""The curriculum report as a PDF for a department head: a coverage chart first, then the tables."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from lessonpress.analysis.report import UnitReport
from lessonpress.builder.settings import RenderJob
from lessonpress.document.model import Furniture, Metadata
from lessonpress.render.pdf import _look
from lessonpress.render.pdf.document import build_pdf
from lessonpress.render.pdf.flowables import Para, SafeTable
from lessonpress.render.pdf.styles import Look


def _chart(report: UnitReport, look: Look) -> Drawing:
    skills = report.skills
    width, height = look.frame_width, 22 + 16 * len(skills)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 120, 10
    chart.width, chart.height = width - 150, height - 20
    chart.data = [[report.skill_totals[s] for s in reversed(skills)]]
    chart.categoryAxis.categoryNames = list(reversed(skills))
    chart.categoryAxis.labels.fontName = look.fonts.heading.regular.name
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([*report.skill_totals.values(), 2]) + 1
    chart.valueAxis.valueStep = 1
    chart.valueAxis.labels.fontName = look.fonts.heading.regular.name
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = look.color["accent"]
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = look.fonts.heading.regular.name
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 7
    drawing.add(chart)
    for index, skill in enumerate(reversed(skills)):
        if skill in report.rarely_practised:
            y = chart.y + (index + 0.5) * chart.height / len(skills) - 3
            drawing.add(String(width - 2, y, "rarely practised", fontName=look.fonts.heading.regular.name, fontSize=7,
                               fillColor=look.color["advisory_border"], textAnchor="end"))
    return drawing


def _table(look: Look, rows: list[list[str]], widths: list[float]) -> SafeTable:
    cell, head = look.styles["cell"], look.styles["cellhead"]
    data = [[Para(look.p(str(v), "cellhead" if r == 0 else "cell"), head if r == 0 else cell) for v in row] for r, row in enumerate(rows)]
    table = SafeTable(data, max_row_height=look.pagesize[1], colWidths=[w * look.frame_width for w in widths], repeatRows=1, hAlign="LEFT")
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), look.fonts.heading.regular.name), ("BACKGROUND", (0, 0), (-1, 0), look.color["box"]),
                    ("GRID", (0, 0), (-1, -1), 0.3, look.color["rule"]), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return table


def report_pdf(report: UnitReport, job: RenderJob) -> bytes:
    look = _look(job.theme, job.templates_dir, job.paper, job.fonts_dir, "standard")

    def para(text: str, style: str = "body") -> Paragraph:
        return Para(look.p(text, style), look.styles[style])

    def section(title: str, body: list[Flowable]) -> list[Flowable]:
        return [KeepTogether([para(title, "h2"), *body[:1]]), *body[1:]]

    story: list[Flowable] = [para("Curriculum report", "kicker"), para(report.title, "title"), Spacer(1, 3 * mm)]
    story += section("Skill coverage", [_chart(report, look), Spacer(1, 2 * mm)])
    if report.rarely_practised:
        story.append(para("Practised at most once in this unit: " + ", ".join(report.rarely_practised) + ".", "instruction"))
    # skills down, lessons across (numbered, with a legend), so long units still fit the page
    lessons = report.coverage
    story += [para(f"L{n}: {row.title}", "small") for n, row in enumerate(lessons, start=1)]
    grid = [["Skill", *[f"L{n}" for n in range(1, len(lessons) + 1)], "Total"]]
    grid += [[skill, *[str(row.skills[skill] or "") for row in lessons], str(report.skill_totals[skill])] for skill in report.skills]
    column = 0.7 / (len(lessons) + 1)
    story += [Spacer(1, 2 * mm), _table(look, grid, [0.3] + [column] * (len(lessons) + 1))]
    excerpts = [["Lesson", "Doc", "Words", "Grade level", "Flags", "Word bank suggestions"]]
    for e in report.excerpts:
        flags = ", ".join(f for f, on in (("above grade", e.too_hard), ("long", e.too_long)) if on) or "—"
        excerpts.append([e.lesson, e.document, str(e.words), f"{e.grade_level:g} (lesson: {e.lesson_grade or '?'})", flags,
                         ", ".join(e.vocabulary_suggestions) or "—"])
    story += section("Reading level and length", [_table(look, excerpts, [0.23, 0.06, 0.09, 0.16, 0.14, 0.32])])
    if report.provenance:
        rows = [["Material", "File", "Missing"]] + [[p.material + (" (unattributed)" if p.unattributed else ""), f"{p.path}:{p.line}",
                                                     ", ".join(p.missing)] for p in report.provenance]
        story += section("Provenance", [_table(look, rows, [0.35, 0.35, 0.30])])
    rows = [["Lesson", "Minutes", "Agenda"]] + [[t.lesson, str(t.minutes or "—"), str(t.agenda_minutes)] for t in report.time]
    rows.append(["Unit total", str(report.total_minutes), f"class period: {report.period_minutes} min" if report.period_minutes else ""])
    story += section("Time", [_table(look, rows, [0.5, 0.2, 0.3])])
    if report.modifications:
        rows = [["Lesson", "Doc", "Change", "Original", "Printed"]] + [
            [m.lesson, m.document, m.kind, m.original, m.printed] for m in report.modifications]
        story += section("Modification log", [_table(look, rows, [0.22, 0.06, 0.12, 0.36, 0.24])])
    if report.warnings:
        story += section("Warnings", [para(w, "small") for w in report.warnings])
    furniture = Furniture(report.title, "Curriculum report", job.school or "", lambda page, pages: f"Page {page} of {pages}")
    return build_pdf(story, look, furniture, Metadata(f"{report.title} — curriculum report", job.school or "lessonpress", "Curriculum report",
                                                     ("report",))).data
