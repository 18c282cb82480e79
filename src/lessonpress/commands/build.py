"""`lessonpress build`: the build itself lives in lessonpress.builder; this is what the command adds around it."""

from __future__ import annotations

from lessonpress.builder import BuildOptions, BuildReport, Progress, build
from lessonpress.errors import display_path
from lessonpress.render import FORMATS

__all__ = ["BuildOptions", "BuildReport", "Progress", "build", "parse_formats", "summary"]


def parse_formats(value: str | None) -> tuple[str, ...] | None:
    """`pdf,html` -> ("pdf", "html"); None when not given (the workspace's `formats:` then decides)."""
    if not value:
        return None
    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise ValueError(f"unknown format '{unknown[0] if unknown else value}': use {', '.join(FORMATS)} (comma-separated)")
    return names


def summary(report: BuildReport) -> str:
    where = display_path(report.manifest.parent) if report.manifest else "output"
    return f"{report.built} built, {report.up_to_date} up to date, {len(report.failed)} failed in {report.seconds:.1f} s -> {where}/"
