"""`lessonpress check`: load, validate and resolve without rendering; the report's findings come as warnings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lessonpress.errors import Diagnostic, LessonpressError
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
    project.diagnostics.extend(_theme_warnings(workspace))
    return CheckResult(project, project.diagnostics.sorted())


def _theme_warnings(workspace: Workspace) -> list[Diagnostic]:
    """Text colours of the workspace's theme that fall below WCAG AA contrast (4.5:1), at the line that sets them."""
    from lessonpress.style.contrast import check_theme
    from lessonpress.style.theme import load_theme

    settings_pos = workspace.setting_pos("theme")
    try:
        theme = load_theme(workspace.settings.theme, workspace.templates_dir, settings_pos)
    except LessonpressError as exc:  # a broken theme is the build's error to report; check reports it here too
        return exc.diagnostics
    return check_theme(theme, workspace.settings.theme, workspace.templates_dir, settings_pos)
