"""The command line: parse options, call the library, turn its errors into messages and exit codes.

Exit status: 0 all good, 1 some lesson failed (the others are still built), 2 bad usage.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from lessonpress import __version__
from lessonpress.errors import Diagnostic, LessonpressError, display_path
from lessonpress.workspace import open_workspace

F = TypeVar("F", bound=Callable[..., Any])


def report_lines(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in sorted(diagnostics, key=lambda d: d.sort_key):
        click.echo(diagnostic.format(), err=True)


def friendly(func: F) -> F:
    """Bad input becomes `path:line:col: error:` lines and exit 1; a bug becomes one line asking for a report."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LessonpressError as exc:
            report_lines(exc.diagnostics)
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except OSError as exc:  # the machine, not lessonpress: a full disk, a missing permission, a vanished folder
            where = f"{display_path(Path(exc.filename))}:1:1: " if exc.filename else ""
            click.echo(f"{where}error: {exc.strerror or exc}", err=True)
            sys.exit(1)
        except Exception as exc:
            if os.environ.get("LESSONPRESS_DEBUG"):
                raise
            click.echo(
                f"lessonpress: internal error: {type(exc).__name__}: {exc}. This is a bug in lessonpress, not in your files; "
                "please report it with the command you ran (LESSONPRESS_DEBUG=1 shows the details).",
                err=True,
            )
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


paths_argument = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lessonpress")
def main() -> None:
    """Turn plain-text lesson specs into print-ready PDF handouts and teacher guides."""


@main.command()
@paths_argument
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@friendly
def check(paths: tuple[Path, ...], strict: bool) -> None:
    """Validate lessons, curricula and materials without building (default: lesson_specs/)."""
    from lessonpress.commands.check import check as run_check

    result = run_check(open_workspace(), list(paths))
    report_lines(result.diagnostics)
    failed = not result.ok or (strict and any(d.severity.value == "warning" for d in result.diagnostics))
    if not failed:
        click.echo(result.summary(), err=True)
    sys.exit(1 if failed else 0)


@main.command()
@paths_argument
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: the workspace's output/).")
@click.option("--jobs", type=click.IntRange(min=1), help="Lessons rendered at once (default: number of CPUs).")
@click.option("--variant", type=click.Choice(["standard", "large-print", "answer-key"]), help="Print variant for every lesson.")
@click.option("--paper", type=click.Choice(["letter", "a4"]), help="Paper size (overrides lessonpress.yaml and classes).")
@click.option("--format", "fmt", metavar="pdf,html", help="Output formats, comma-separated (default: the workspace's `formats:`, else pdf).")
@click.option("--force", is_flag=True, help="Rebuild everything, even what is up to date.")
@click.option("--quiet", "-q", is_flag=True, help="Only errors, warnings and the summary.")
@click.option("--verbose", "-v", is_flag=True, help="One line per lesson built.")
@friendly
def build(paths: tuple[Path, ...], out: Path | None, jobs: int | None, variant: str | None, paper: str | None,
          fmt: str | None, force: bool, quiet: bool, verbose: bool) -> None:
    """Build handouts, teacher guides and packs for lessons and curricula (default: lesson_specs/)."""
    from lessonpress.commands.build import BuildOptions, build, parse_formats, summary
    from lessonpress.commands.progress import make_progress

    try:
        formats = parse_formats(fmt)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from None
    options = BuildOptions(out=out, variant=variant, paper=paper, force=force, jobs=jobs, formats=formats)
    try:
        result = build(open_workspace(), list(paths), options, make_progress(quiet=quiet, verbose=verbose))
    except KeyboardInterrupt:
        click.echo("interrupted: finished lessons are kept; the next build continues from there", err=True)
        sys.exit(130)
    report_lines(result.diagnostics.sorted())
    click.echo(summary(result), err=True)
    sys.exit(0 if result.ok else 1)


@main.command()
@paths_argument
@click.option("--format", "fmt", type=click.Choice(["pdf", "json"]), default="pdf", show_default=True, help="PDF file, or JSON on stdout.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: the workspace's output/).")
@friendly
def report(paths: tuple[Path, ...], fmt: str, out: Path | None) -> None:
    """Skill coverage, reading level, provenance, time and modifications of a curriculum or a folder of lessons."""
    from lessonpress.commands.report import report as run_report

    result = run_report(open_workspace(), list(paths), pdf=fmt == "pdf", out=out)
    report_lines(result.errors)
    if fmt == "json":
        for unit in result.reports:
            click.echo(unit.model_dump_json(indent=2))
    for path, unit in zip(result.written, result.reports):
        click.echo(f"wrote {display_path(path)} ({len(unit.warnings)} warnings)", err=True)
    sys.exit(0 if result.ok else 1)


@main.command()
@click.option("--kind", type=click.Choice(["lesson", "curriculum", "material", "workspace", "report"]), default="lesson", show_default=True)
@friendly
def schema(kind: str) -> None:
    """Print the JSON Schema of lesson specs (for editor autocompletion)."""
    from lessonpress.commands.schema import schema as make_schema

    click.echo(json.dumps(make_schema(kind), indent=2, ensure_ascii=False))


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@friendly
def init(directory: Path) -> None:
    """Create a new workspace in DIRECTORY with one example material and lesson."""
    from lessonpress.commands.init import init_workspace

    created = init_workspace(directory)
    for path in created:
        click.echo(f"created {display_path(path)}")
    click.echo(f"next: cd {directory} && lessonpress build")


@main.group()
def new() -> None:
    """Create new files from templates."""


@new.command("lesson")
@click.argument("lesson_id")
@friendly
def new_lesson(lesson_id: str) -> None:
    """Create lesson_specs/LESSON_ID.yaml, a commented lesson to fill in."""
    from lessonpress.commands.new import new_lesson as create
    from lessonpress.commands.new import valid_lesson_id

    if not valid_lesson_id(lesson_id):
        raise click.BadParameter("use lowercase letters, digits and '-' (e.g. glf-evidence-lab)", param_hint="LESSON_ID")
    path = create(open_workspace(), lesson_id)
    click.echo(f"created {display_path(path)}; fill it in, then run: lessonpress check {display_path(path)}")


@main.command()
@friendly
def doctor() -> None:
    """Show the workspace, the fonts found and what each covers, and the CJK fallback."""
    from lessonpress.commands.doctor import doctor as run_doctor

    for line in run_doctor(open_workspace()):
        click.echo(line)


@main.group()
def templates() -> None:
    """List or copy the templates and themes a workspace can override."""


@templates.command("list")
@friendly
def templates_list() -> None:
    """Show every overridable file and where it is taken from."""
    from lessonpress.commands.templates import list_templates

    for item in list_templates(open_workspace()):
        where = f"workspace: {display_path(item.override)}" if item.override else "built-in"
        click.echo(f"{item.name:<24} {where}")


@templates.command("copy")
@click.argument("name")
@friendly
def templates_copy(name: str) -> None:
    """Copy built-in NAME (e.g. wording.yaml, themes/default.yaml) into templates/ to edit."""
    from lessonpress.commands.templates import copy_template

    click.echo(f"created {display_path(copy_template(open_workspace(), name))}")


@main.command()
@paths_argument
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: the workspace's output/).")
@click.option("--variant", type=click.Choice(["standard", "large-print", "answer-key"]), help="Print variant for every lesson.")
@click.option("--paper", type=click.Choice(["letter", "a4"]), help="Paper size.")
@friendly
def watch(paths: tuple[Path, ...], out: Path | None, variant: str | None, paper: str | None) -> None:
    """Rebuild what a saved file affects, until Ctrl-C."""
    import time as clock

    from lessonpress.builder import BuildOptions, BuildReport
    from lessonpress.commands.watch import watch as run_watch

    def show(result: BuildReport | LessonpressError, changed: list[str]) -> None:
        stamp = clock.strftime("%H:%M:%S")
        cause = f" after {', '.join(changed[:3])}{' …' if len(changed) > 3 else ''}" if changed else ""
        if isinstance(result, LessonpressError):
            report_lines(result.diagnostics)
            click.echo(f"{stamp} build failed{cause}; waiting for changes", err=True)
            return
        report_lines(result.diagnostics.sorted())
        click.echo(f"{stamp} {result.built} built, {result.up_to_date} up to date, {len(result.failed)} failed "
                   f"in {result.seconds:.1f} s{cause}", err=True)

    click.echo("watching lesson_specs/, materials/, templates/ (Ctrl-C to stop)", err=True)
    run_watch(open_workspace(), list(paths), BuildOptions(out=out, variant=variant, paper=paper, jobs=1), show)
    click.echo("stopped", err=True)


def run() -> None:
    """The `lessonpress` program: run the command, then leave without tearing the interpreter down.

    Unloading reportlab, pydantic and jinja2 at exit costs ~40 ms of every run (a tenth of building one lesson).
    Everything lessonpress writes is already on disk (every write is atomic and closed) and the workers are gone,
    so the program flushes its output and exits. Tests call `main` instead, which exits normally.
    """
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):  # sys.exit("message"): printed, exit status 1
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (lessonpress ... | head): nothing more to say
            pass
    os._exit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    run()
