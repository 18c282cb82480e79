"""Build progress for people: a bar on a terminal, plain lines in logs and CI."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from lessonpress.builder.runner import Progress

if TYPE_CHECKING:
    from rich.progress import TaskID


def _waiting() -> None:
    click.echo("another build is writing to this output folder: waiting for it to finish", err=True)


class PlainProgress(Progress):
    def __init__(self, verbose: bool):
        self.verbose = verbose
        self.done = 0
        self.total = 0
        self.failures = 0

    def start(self, total: int) -> None:
        self.total = total
        if total and self.verbose:
            click.echo(f"rendering {total} lesson cop{'ies' if total != 1 else 'y'}", err=True)

    def waiting(self) -> None:
        _waiting()

    def advance(self, label: str, ok: bool) -> None:
        self.done += 1
        self.failures += not ok
        if self.verbose or not ok:
            click.echo(f"[{self.done}/{self.total}] {'built' if ok else 'FAILED'} {label}", err=True)


class BarProgress(Progress):
    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[failed]}"),
                       TimeElapsedColumn(), transient=True, console=None)
        self.task: TaskID | None = None
        self.failures = 0

    def waiting(self) -> None:
        _waiting()

    def start(self, total: int) -> None:
        if total:
            self.bar.start()
            self.task = self.bar.add_task("build", total=total, failed="")

    def advance(self, label: str, ok: bool) -> None:
        self.failures += not ok
        if self.task is not None:
            self.bar.update(self.task, advance=1, failed=f"{self.failures} failed" if self.failures else "")

    def finish(self) -> None:
        if self.task is not None:
            self.bar.stop()


def make_progress(quiet: bool = False, verbose: bool = False) -> Progress:
    if quiet:
        return Progress()
    if sys.stderr.isatty() and not verbose:
        return BarProgress()
    return PlainProgress(verbose)
