"""`lessonpress check`: load, validate and resolve without rendering; the report's findings come as warnings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lessonpress.errors import Diagnostic
from lessonpress.resolve.loader import Project, load_project
from lessonpress.workspace import Workspace


@dataclass
class CheckResult:
    project: Project
    diagnostics: list[Diagnostic]  # sorted, errors and warnings

    @property
    def ok(self) -> bool:
        return self.project.ok

    def summary(self) -> str:
        project = self.project
        n, units = len(project.lessons), len(project.curricula)
        materials = len(getattr(project, "checked_materials", []))
        warnings = sum(1 for d in self.diagnostics if d.severity.value == "warning")
        parts = [f"{n} lesson{'s' if n != 1 else ''}", f"{units} curricul{'a' if units != 1 else 'um'}"]
        if materials and not n and not units:
            parts = [f"{materials} material{'s' if materials != 1 else ''}"]
        note = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
        return f"checked {' and '.join(parts)}: no errors{note}"


def check(workspace: Workspace, paths: list[Path] | None = None) -> CheckResult:
    """Check `paths` (lesson or curriculum files, materials, folders; default lesson_specs/)."""
    from lessonpress.analysis.report import check_warnings

    project = load_project(workspace, paths or None)
    project.diagnostics.extend(check_warnings(project))
    return CheckResult(project, project.diagnostics.sorted())
