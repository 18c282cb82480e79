"""Building: plan the outputs, decide what is up to date, render in workers, write packs and the manifest."""

from __future__ import annotations

from lessonpress.builder.runner import BuildOptions, BuildReport, Progress, build

__all__ = ["BuildOptions", "BuildReport", "Progress", "build"]
