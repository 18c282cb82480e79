"""Run render tasks in worker processes: N at a time, each with a time and memory limit.

One process per task (forked, so fonts and parsed lessons are inherited, not
re-loaded): a lesson that hangs or eats memory is killed and reported, and the
batch goes on. Workers write their PDFs themselves (atomically) and send back
only a small result.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from .errors import Diagnostic, LessonpressError, Pos


@dataclass
class Outcome:
    """What one task produced, or why it failed."""

    index: int
    ok: bool
    value: Any = None
    errors: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 120.0
    memory_mb: int = 2048


def _child(conn: Connection, func: Callable[[Any], Any], arg: Any, index: int, limits: Limits, failure_pos: Pos) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    try:
        cap = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ValueError, OSError):  # pragma: no cover - platform without the limit
        pass
    start = time.perf_counter()
    try:
        outcome = Outcome(index, True, func(arg))
    except LessonpressError as exc:
        outcome = Outcome(index, False, errors=exc.diagnostics)
    except MemoryError:
        outcome = Outcome(index, False, errors=[Diagnostic(failure_pos, f"rendering used more than {limits.memory_mb} MB and was stopped "
                                                                        "(raise limits.max_render_mb in lessonpress.yaml)")])
    except Exception as exc:  # noqa: BLE001 - a bug must not take the batch down
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        outcome = Outcome(index, False, errors=[Diagnostic(failure_pos, f"internal error while rendering: {detail}; please report it")])
    outcome.seconds = time.perf_counter() - start
    conn.send(outcome)
    conn.close()


def run_tasks(
    func: Callable[[Any], Any],
    args: list[Any],
    positions: list[Pos],
    jobs: int,
    limits: Limits,
) -> Iterator[Outcome]:
    """Yield outcomes as tasks finish (in completion order). `positions[i]` names task i's spec for errors."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from _serial(func, args, positions)
        return
    ctx = multiprocessing.get_context("fork")
    pending = list(range(len(args)))
    running: dict[Connection, tuple[int, Any, float]] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                index = pending.pop(0)
                parent_end, child_end = ctx.Pipe(duplex=False)
                process = ctx.Process(target=_child, args=(child_end, func, args[index], index, limits, positions[index]), daemon=True)
                process.start()
                child_end.close()
                running[parent_end] = (index, process, time.monotonic())
            ready = wait(list(running), timeout=0.2)
            for conn in ready:
                index, process, _ = running.pop(conn)  # type: ignore[call-overload]
                try:
                    outcome: Outcome = conn.recv()
                except EOFError:
                    process.join(5)
                    code = process.exitcode
                    outcome = Outcome(index, False, errors=[Diagnostic(positions[index], f"the render process died (exit code {code}); please report it")])
                process.join()
                conn.close()
                yield outcome
            now = time.monotonic()
            for conn, (index, process, started) in list(running.items()):
                if now - started > limits.timeout_s:
                    process.kill()
                    process.join()
                    running.pop(conn)
                    conn.close()
                    yield Outcome(index, False, errors=[Diagnostic(positions[index], f"rendering took longer than {limits.timeout_s:g} s and was stopped "
                                                                                    "(raise limits.render_timeout_s in lessonpress.yaml)")])
    finally:
        for conn, (_, process, _) in running.items():
            process.kill()
            process.join()
            conn.close()


def _serial(func: Callable[[Any], Any], args: list[Any], positions: list[Pos]) -> Iterator[Outcome]:
    for index, arg in enumerate(args):
        start = time.perf_counter()
        try:
            outcome = Outcome(index, True, func(arg))
        except LessonpressError as exc:
            outcome = Outcome(index, False, errors=exc.diagnostics)
        outcome.seconds = time.perf_counter() - start
        yield outcome


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
