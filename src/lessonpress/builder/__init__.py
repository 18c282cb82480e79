"""Building: plan the outputs, decide what is up to date, render in workers, write packs and the manifest.

Names are imported on first use: the program's entry point imports `builder.workers` before anything heavy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lessonpress.builder.runner import BuildOptions, BuildReport, Progress, build

__all__ = ["BuildOptions", "BuildReport", "Progress", "build"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from lessonpress.builder import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'lessonpress.builder' has no attribute {name!r}")
