"""The `lessonpress` program (its console script and `python -m lessonpress`).

A build's first worker is forked here, before the command line imports
anything heavy: it imports the validation and render code on the second core
while this process imports its own and reads the workspace, which takes a
fifth off building one lesson.
"""

from __future__ import annotations

import sys

# what a build's worker needs whatever the lessons: imported by the worker forked at the start
BUILD_WORKER_MODULES = ("lessonpress.resolve.loader", "lessonpress.render.pdf")


def run() -> None:
    """Run the command in `sys.argv`, then leave (see `lessonpress.cli.run`)."""
    args = sys.argv[1:]
    if args[:1] == ["build"] and not {"-h", "--help"} & set(args):
        from lessonpress.builder.standby import fork_standby

        fork_standby(BUILD_WORKER_MODULES)
    from lessonpress.cli import run as run_command

    run_command()
