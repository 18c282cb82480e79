"""lessonpress: plain-text lesson specs in, print-ready PDF handouts and teacher guides out.

The library API (the command line is a thin layer over it)::

    import lessonpress
    workspace = lessonpress.open_workspace("path/to/workspace")
    result = lessonpress.check(workspace)                 # CheckResult: .ok, .diagnostics
    report = lessonpress.build(workspace, options=lessonpress.BuildOptions(formats=("pdf", "html")))
    unit = lessonpress.report(workspace, pdf=False)       # ReportResult: .reports

Names are imported on first use, so `import lessonpress` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from lessonpress.builder import BuildOptions, BuildReport, build
    from lessonpress.commands.check import CheckResult, check
    from lessonpress.commands.report import ReportResult, report
    from lessonpress.errors import Diagnostic, LessonpressError
    from lessonpress.workspace import Workspace, open_workspace

_API = {
    "open_workspace": "lessonpress.workspace", "Workspace": "lessonpress.workspace",
    "check": "lessonpress.commands.check", "CheckResult": "lessonpress.commands.check",
    "build": "lessonpress.builder", "BuildOptions": "lessonpress.builder", "BuildReport": "lessonpress.builder",
    "report": "lessonpress.commands.report", "ReportResult": "lessonpress.commands.report",
    "Diagnostic": "lessonpress.errors", "LessonpressError": "lessonpress.errors",
}
__all__ = [
    "BuildOptions", "BuildReport", "CheckResult", "Diagnostic", "LessonpressError", "ReportResult", "Workspace",
    "__version__", "build", "check", "open_workspace", "report",
]


def __getattr__(name: str) -> Any:
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'lessonpress' has no attribute {name!r}")
