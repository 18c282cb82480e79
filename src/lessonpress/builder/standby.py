"""A build's first worker, forked as the program starts.

Forking here needs only `os` and `socket`, so the worker is importing the
validation and render code on the other core ~40 ms sooner than if the program
first imported multiprocessing and the pool. The build's `WorkerPool` adopts
it (`adopt`); a build that renders nothing leaves it to die with the program.
"""

from __future__ import annotations

import os
import socket
import sys

_STARTED: list[tuple[int, int]] = []  # (pid, our end of its socket) of each standby not yet adopted


def fork_standby(modules: tuple[str, ...]) -> None:
    """Fork a worker that imports `modules`, then waits for its setup (`workers.standby_worker`). Unix only."""
    if not hasattr(os, "fork"):  # pragma: no cover - Windows renders in-process
        return
    ours, theirs = socket.socketpair()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the worker: it never returns into the command line
        code = 0
        try:
            ours.close()
            sys.stdin.close()  # as multiprocessing does: a worker reads nothing from the terminal
            sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the worker
            from lessonpress.builder.workers import standby_worker

            standby_worker(theirs.detach(), modules, parent)
        except KeyboardInterrupt:  # Ctrl-C before the worker ignores it: the build decides what it means
            code = 1
        except BaseException:  # noqa: BLE001 - a bug in the worker itself: say so, as multiprocessing would
            import traceback

            traceback.print_exc()
            code = 1
        finally:
            sys.stderr.flush()
            os._exit(code)
    theirs.close()
    _STARTED.append((pid, ours.detach()))


def adopt() -> tuple[int, int] | None:
    """A standby's pid and socket file descriptor, for the build's pool to take over; None when there is none left."""
    return _STARTED.pop() if _STARTED else None
