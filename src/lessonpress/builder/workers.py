"""Run render tasks in worker processes: N at a time, each with a time and memory limit.

N long-lived worker processes, forked once the tasks are known, so the tasks
are inherited rather than sent. Each worker loads the fonts and templates it
needs on first use: the workers do it side by side, while the main process,
which never renders, stays small (at 5,000 lessons it would otherwise carry the
CJK font's 40 MB into every worker's fork). A lesson that hangs
or eats memory has its worker killed and replaced, is reported, and the batch
goes on. Workers write their PDFs themselves (atomically) and send back only a
small result.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from lessonpress.errors import Diagnostic, LessonpressError, Pos


@dataclass
class Outcome:
    """What one task produced, or why it failed."""

    index: int
    ok: bool
    value: Any = None
    errors: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 120.0
    memory_mb: int = 2048


def _run_one(func: Callable[[Any], Any], arg: Any, index: int, limits: Limits, failure_pos: Pos) -> Outcome:
    try:
        return Outcome(index, True, func(arg))
    except LessonpressError as exc:
        return Outcome(index, False, errors=exc.diagnostics)
    except MemoryError:
        return Outcome(index, False, errors=[Diagnostic(failure_pos, f"rendering used more than {limits.memory_mb} MB and was stopped "
                                                                       "(raise limits.max_render_mb in lessonpress.yaml)")])
    except Exception as exc:  # noqa: BLE001 - a bug must not take the batch down
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return Outcome(index, False, errors=[Diagnostic(failure_pos, f"internal error while rendering: {detail}; please report it")])


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the build process dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux: the parent-pid check below still works
        pass


def _worker(conn: Connection, func: Callable[[Any], Any], args: list[Any], positions: list[Pos], limits: Limits, parent: int) -> None:
    """A long-lived worker: receives task indexes (the tasks are already in its memory), sends back outcomes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    _die_with_parent()
    try:
        import resource  # Unix only; elsewhere rendering runs without a memory cap

        cap = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):  # pragma: no cover - platform without the limit
        pass
    while True:
        while not conn.poll(1.0):
            if os.getppid() != parent:
                return  # orphaned: the build is gone
        index = conn.recv()
        conn.send(_run_one(func, args[index], index, limits, positions[index]))
    conn.close()


@dataclass
class _Slot:
    conn: Connection
    process: Any
    index: int | None = None
    started: float = 0.0


def run_tasks(
    func: Callable[[Any], Any],
    args: list[Any],
    positions: list[Pos],
    jobs: int,
    limits: Limits,
) -> Iterator[Outcome]:
    """Yield outcomes as tasks finish (in completion order). `positions[i]` names task i's spec for errors."""
    if not args:
        return
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows: render here, without limits
        yield from _serial(func, args, positions, limits)
        return
    jobs = max(1, jobs)  # one lesson or --jobs 1 still renders in a worker, so the time and memory limits always hold
    ctx = multiprocessing.get_context("fork")
    gc.collect()
    gc.freeze()  # workers share the parent's objects without the collector copying their pages

    def spawn() -> _Slot:
        parent_end, child_end = ctx.Pipe(duplex=True)
        process = ctx.Process(target=_worker, args=(child_end, func, args, positions, limits, os.getpid()), daemon=True)
        process.start()
        child_end.close()
        return _Slot(parent_end, process)

    def retire(slot: _Slot) -> None:
        slot.process.kill()
        slot.process.join()
        slot.conn.close()

    pending = list(range(len(args)))
    slots = [spawn() for _ in range(min(jobs, len(args)))]
    try:
        while pending or any(s.index is not None for s in slots):
            for slot in slots:
                if slot.index is None and pending:
                    slot.index, slot.started = pending.pop(0), time.monotonic()
                    slot.conn.send(slot.index)
            busy = {s.conn: s for s in slots if s.index is not None}
            for conn in wait(list(busy), timeout=0.2):
                slot = busy[conn]  # type: ignore[index]
                index = slot.index
                assert index is not None
                try:
                    outcome: Outcome = slot.conn.recv()
                except EOFError:
                    slot.process.join(5)
                    outcome = Outcome(index, False, errors=[Diagnostic(positions[index], f"the render process died (exit code {slot.process.exitcode}); please report it")])
                    retire(slot)
                    slots[slots.index(slot)] = slot = spawn()
                slot.index = None
                yield outcome
            now = time.monotonic()
            for number, slot in enumerate(slots):
                if slot.index is not None and now - slot.started > limits.timeout_s:
                    index = slot.index
                    retire(slot)
                    slots[number] = spawn()
                    yield Outcome(index, False, errors=[Diagnostic(positions[index], f"rendering took longer than {limits.timeout_s:g} s and was stopped "
                                                                                    "(raise limits.render_timeout_s in lessonpress.yaml)")])
    finally:
        for slot in slots:
            retire(slot)
        gc.unfreeze()


def _serial(func: Callable[[Any], Any], args: list[Any], positions: list[Pos], limits: Limits) -> Iterator[Outcome]:
    for index, arg in enumerate(args):
        yield _run_one(func, arg, index, limits, positions[index])


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
