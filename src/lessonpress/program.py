"""The `lessonpress` program (its console script and `python -m lessonpress`).

A build's first worker is forked here, before the command line imports
anything heavy: it imports the validation and render code on the second core
while this process imports its own and reads the workspace, which takes a
fifth off building one lesson.

Both processes import with the garbage collector off and then freeze what
they imported (`gc.freeze`): imports make ~80,000 long-lived objects and
almost no garbage, and every later full collection would walk them all
again. That takes another ~15% off building one lesson.
"""

from __future__ import annotations

import gc
import sys

# what a build's worker needs whatever the lessons: imported by the worker forked at the start
BUILD_WORKER_MODULES = ("lessonpress.resolve.loader", "lessonpress.render.pdf")


def run() -> None:
    """Run the command in `sys.argv`, then leave (see `lessonpress.cli.run`)."""
    gc.disable()  # see above
    try:
        args = sys.argv[1:]
        if args[:1] == ["build"] and not {"-h", "--help"} & set(args):
            from lessonpress.builder.standby import fork_standby

            fork_standby(BUILD_WORKER_MODULES)
        from lessonpress.cli import run as run_command
    finally:
        gc.freeze()
        gc.enable()
    run_command()
