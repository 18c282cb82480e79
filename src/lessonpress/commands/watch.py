"""`lessonpress watch`: rebuild what a saved file affects, one line per rebuild, until Ctrl-C."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from lessonpress.builder.runner import BuildOptions, BuildReport, build
from lessonpress.errors import LessonpressError
from lessonpress.workspace import SETTINGS_FILE, Workspace, open_workspace

WATCHED = ("lesson_specs", "materials", "templates", "fonts")


def watched_paths(workspace: Workspace) -> list[Path]:
    paths = [workspace.root / name for name in WATCHED if (workspace.root / name).is_dir()]
    settings = workspace.root / SETTINGS_FILE
    return paths + ([settings] if settings.is_file() else [])


def _relevant(change: tuple[object, str], out: Path) -> bool:
    path = Path(change[1])
    return not path.name.startswith(".") and not path.name.endswith((".tmp", "~")) and not path.is_relative_to(out)


def watch(
    workspace: Workspace,
    targets: list[Path],
    options: BuildOptions,
    report: Callable[[BuildReport | LessonpressError, list[str]], None],
    stop: threading.Event | None = None,
) -> None:
    """Build once, then again after every change; the incremental build renders only what the change affects."""
    from watchfiles import watch as watch_files

    def once(changed: list[str]) -> None:
        nonlocal workspace
        try:
            workspace = open_workspace(workspace.root)  # lessonpress.yaml may have changed
            report(build(workspace, targets, options), changed)
        except LessonpressError as exc:
            report(exc, changed)

    once([])
    out = options.out.resolve() if options.out else workspace.output_dir
    for changes in watch_files(*watched_paths(workspace), stop_event=stop, debounce=300, step=50, raise_interrupt=False):
        relevant = sorted({str(Path(c[1]).relative_to(workspace.root)) for c in changes if _relevant(c, out)})
        if relevant:
            time.sleep(0.05)  # let an editor finish writing
            once(relevant)
