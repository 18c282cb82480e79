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

from lessonpress.analysis.report import UnitReport, visual_rows
from lessonpress.builder.settings import RenderJob
from lessonpress.document.model import Cell, Furniture, Metadata, Table, plain
from lessonpress.render.pdf import _look, _wording
from lessonpress.render.pdf.document import build_pdf
from lessonpress.render.pdf.flowables import Marked
from lessonpress.render.pdf.styles import Look
from lessonpress.render.pdf.writer import PdfWriter
from lessonpress.style.locale import format_number
from lessonpress.style.wording import Wording, skill_name


def _chart(report: UnitReport, look: Look, words: Wording) -> Drawing:
    skills = [skill_name(words, s) for s in report.skills]
    rarely = words("report.rarely")
    size = look.size("small")
    font = look.fonts.heading.regular.name
    label_width = max((stringWidth(skill, font, size) for skill in skills), default=0) + 8
    note_width = stringWidth(rarely, font, size) + 8 if report.rarely_practised else 20
    width, height = look.frame_width, 22 + size * 1.9 * len(skills)
    drawing = Drawing(width, height)
    drawing.initialFontName = font  # not reportlab's default Helvetica, which would be set (and not embedded) for nothing
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 10
    chart.width, chart.height = width - label_width - note_width, height - 20
    chart.data = [[report.skill_totals[s] for s in reversed(report.skills)]]
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
    for index, skill in enumerate(reversed(report.skills)):
        if skill in report.rarely_practised:
            y = chart.y + (index + 0.5) * chart.height / len(skills) - 3
            drawing.add(String(width - 2, y, rarely, fontName=look.fonts.heading.regular.name, fontSize=look.size("small"),
                               fillColor=look.color["advisory_border"], textAnchor="end"))
    return drawing


def _chart_alt(report: UnitReport, words: Wording) -> str:
    """What the chart shows, in words: every bar's number, and which skills are rarely practised."""
    bars = "; ".join(f"{skill_name(words, skill)}: {report.skill_totals[skill]}" for skill in report.skills)
    rare = ", ".join(skill_name(words, s) for s in report.rarely_practised)
    return words("report.chart_alt", bars=bars, rare=rare)


def _table(writer: PdfWriter, rows: list[list[str]], widths: list[float]) -> Flowable:
    """A data table laid out like every other table: columns as wide as their content needs, header repeated."""
    cells = tuple(tuple(Cell(plain(str(value)), header=r == 0) for value in row) for r, row in enumerate(rows))
    flowables: list[Flowable] = writer.table(Table(kind="data", rows=cells, widths=tuple(widths), header_rows=1))
    return flowables[0]


def report_pdf(report: UnitReport, job: RenderJob) -> bytes:
    """The report in its language (the curriculum's `lang:`): wording from the same catalogues as the handouts."""
    # the lessons' own words (ids, titles, suggested words) are in the workspace's language: they hyphenate as it does
    look = _look(job.theme, job.templates_dir, job.paper, job.fonts_dir, "standard", lang=report.lang, text_lang=job.workspace_lang)
    words = _wording(job.templates_dir, lang=report.lang)
    writer = PdfWriter(look)
    para = writer.para

    def w(key: str, **values: object) -> str:
        return words(f"report.{key}", **values)

    def section(title: str, body: Callable[[], list[Flowable]]) -> list[Flowable]:
        with writer.inside(writer.node("Sect")):
            heading = para(title, "h2", node="H2")
            flowables = body()
        return [KeepTogether([heading, *flowables[:1]]), *flowables[1:]]

    def coverage() -> list[Flowable]:
        out: list[Flowable] = [Marked(_chart(report, look, words), writer.node("Figure", alt=_chart_alt(report, words))), Spacer(1, 2 * mm)]
        if report.rarely_practised:
            out.append(para(w("rarely_list", skills=", ".join(skill_name(words, s) for s in report.rarely_practised)), "instruction"))
        # skills down, lessons across (numbered, with a legend), so long units still fit the page
        lessons = report.coverage
        out += [para(f"{w('lesson_number', n=n)}: {row.title}", "small") for n, row in enumerate(lessons, start=1)]
        grid = [[w("skill"), *[w("lesson_number", n=n) for n in range(1, len(lessons) + 1)], w("total")]]
        grid += [[skill_name(words, skill), *[str(row.skills[skill] or "") for row in lessons], str(report.skill_totals[skill])]
                 for skill in report.skills]
        column = 0.7 / (len(lessons) + 1)
        return [*out, Spacer(1, 2 * mm), _table(writer, grid, [0.3] + [column] * (len(lessons) + 1))]

    def reading() -> list[Flowable]:
        excerpts = [[w(k) for k in ("lesson", "doc", "words", "grade_level", "lesson_grade", "flags", "suggestions")]]
        for e in report.excerpts:
            flags = ", ".join(w(f) for f, on in (("above_grade", e.too_hard), ("long", e.too_long)) if on) or "—"
            level = (format_number(e.grade_level, report.lang) if e.grade_level is not None
                     else f"INFLESZ {format_number(e.inflesz, report.lang)}" if e.inflesz is not None else "—")
            tier = f" {words(e.tier)}" if e.tier in ("modified", "adapted") else f" ({e.tier})" if e.tier else ""
            excerpts.append([e.lesson, e.document + tier, str(e.words), level, str(e.lesson_grade or "—"), flags, ", ".join(e.vocabulary_suggestions) or "—"])
        return [_table(writer, excerpts, [0.22, 0.08, 0.08, 0.1, 0.1, 0.13, 0.29])]

    def time() -> list[Flowable]:
        rows = [[w("lesson"), w("minutes"), w("agenda")]] + [[t.lesson, str(t.minutes or "—"), str(t.agenda_minutes)] for t in report.time]
        rows.append([w("unit_total"), str(report.total_minutes), w("period", minutes=report.period_minutes) if report.period_minutes else ""])
        return [_table(writer, rows, [0.5, 0.2, 0.3])]

    title = report.title if report.curriculum else w("all_lessons")
    story: list[Flowable] = [para(w("title"), "kicker"), para(title, "title", node="H1"), Spacer(1, 3 * mm)]
    story += section(w("coverage"), coverage)
    story += section(w("reading"), reading)
    if report.visuals:
        story += section(w("visuals"), lambda: [_table(writer, visual_rows(report, words), [0.4, 0.12, 0.12, 0.12, 0.24])])
    if report.provenance:
        rows = [[w("material"), w("file"), w("missing")]] + [
            [p.material + (f" {w('unattributed')}" if p.unattributed else ""), f"{p.path}:{p.line}", ", ".join(p.missing)]
            for p in report.provenance]
        story += section(w("provenance"), lambda: [_table(writer, rows, [0.35, 0.35, 0.30])])
    story += section(w("time"), time)
    if report.modifications:
        changes = [[w("lesson"), w("doc"), w("change"), w("original"), w("printed")]] + [
            [m.lesson, m.document, w(m.kind) if m.kind in ("omission", "replaced") else m.kind, m.original, m.printed]
            for m in report.modifications]
        story += section(w("modifications"), lambda: [_table(writer, changes, [0.22, 0.06, 0.12, 0.36, 0.24])])
    if report.warnings:
        story += section(w("warnings"), lambda: [para(line, "small") for line in report.warnings])
    furniture = Furniture(title, w("title"), job.school or "", lambda page, pages: words("page", page=page, pages=pages))
    meta = Metadata(f"{title} — {w('title')}", job.school or "lessonpress", w("title"), ("report",), report.lang)
    return build_pdf(story, look, furniture, meta, structure=writer.root).data
