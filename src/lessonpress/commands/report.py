"""`lessonpress report`: the unit report as PDF files (rendered in a worker, under the build's limits) or JSON data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lessonpress.analysis.report import UnitReport, analyse
from lessonpress.builder.plan import BuildOptions, base_job, output_dir
from lessonpress.builder.settings import RenderJob
from lessonpress.builder.workers import Limits, run_tasks
from lessonpress.errors import Diagnostic, Pos
from lessonpress.files import write_file
from lessonpress.resolve.loader import ResolvedCurriculum, load_project
from lessonpress.workspace import Workspace


@dataclass
class ReportResult:
    reports: list[UnitReport] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _ReportJob:
    report: UnitReport
    job: RenderJob
    out: Path
    target: Path


def _write_report(work: _ReportJob) -> Path:
    from lessonpress.render.pdf.report import report_pdf

    return write_file(work.target, report_pdf(work.report, work.job), inside=work.out)


def report(workspace: Workspace, paths: list[Path] | None = None, pdf: bool = True, out: Path | None = None) -> ReportResult:
    """Analyse each curriculum in `paths` (or all lessons); with `pdf`, write output/<curriculum>/report.pdf for each."""
    project = load_project(workspace, paths or None)
    result = ReportResult(errors=project.diagnostics.errors)
    units: list[ResolvedCurriculum | None] = [*project.curricula.values()] or [None]
    for unit in units:
        result.reports.append(analyse(project, unit)[0])
    if not pdf:
        return result
    options = BuildOptions(out=out)
    folder = output_dir(workspace, options)
    jobs = [_ReportJob(r, base_job(workspace, options), folder, folder / (r.curriculum or "") / "report.pdf") for r in result.reports]
    limits = Limits(workspace.settings.limits.render_timeout_s, workspace.settings.limits.max_render_mb)
    positions = [(unit.smap.find(("id",)) or Pos(unit.path)) if unit else Pos(workspace.specs_dir) for unit in units]
    for outcome in run_tasks(_write_report, jobs, positions, 1, limits):
        if outcome.ok:
            result.written.append(outcome.value)
        else:
            result.errors.extend(outcome.errors)
    return result
