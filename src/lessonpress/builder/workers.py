"""Run render tasks in worker processes: N at a time, each with a time and memory limit.

The workers are forked when a build starts, before it knows its tasks: while
the main process reads and plans the lessons, they load the render code and
the build's fonts, looks and wording (`warm`), so both cores work from the
start and the first lesson renders as fast as the last. Each task is sent to
its worker through a pipe; what every task of a run needs (the loader that
resolves lessons) is sent once per worker. The main process never renders, so
it stays small. A lesson that hangs or eats memory has its worker killed and
replaced, is reported, and the batch goes on. Workers write their PDFs
themselves (atomically) and send back only a small result.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import os
import pickle
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any, Self, TypeVar

from lessonpress.builder import standby
from lessonpress.errors import Diagnostic, LessonpressError, Pos

T = TypeVar("T")
S = TypeVar("S")


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


def _run_one(func: Callable[[Any, Any], Any], arg: Any, shared: Any, index: int, limits: Limits, failure_pos: Pos) -> Outcome:
    try:
        return Outcome(index, True, func(arg, shared))
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


@dataclass(frozen=True)
class _Task:
    """One task as its worker receives it; `shared` (pickled) comes with a worker's first task of a run."""

    index: int
    func: Callable[[Any, Any], Any]
    arg: Any
    pos: Pos
    run: int  # which run of the pool: the shared object of another run is not this one's
    shared: bytes | None = None


@dataclass(frozen=True)
class _Setup:
    """A standby worker's first message, once the build knows them: its limits and what to warm up."""

    limits: Limits
    warm: Callable[[], None] | None


def _begin() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    _die_with_parent()


def _prepare(limits: Limits, warm: Callable[[], None] | None) -> None:
    try:
        import resource  # Unix only; elsewhere rendering runs without a memory cap

        cap = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):  # pragma: no cover - platform without the limit
        pass
    if warm is not None:
        try:
            warm()
        except Exception:  # noqa: BLE001, S110 - warming only saves time: a task that needs what failed reports it
            pass
    gc.freeze()  # the code, fonts and styles it loaded live as long as the worker: no collection need walk them again


def _receive(conn: Connection, parent: int) -> Any:
    """The next message, or None when the build is gone (orphaned) or closed the pipe."""
    while not conn.poll(1.0):
        if os.getppid() != parent:
            return None
    try:
        return conn.recv()
    except EOFError:
        return None


def _serve(conn: Connection, limits: Limits, parent: int) -> None:
    run, shared = -1, None
    while (task := _receive(conn, parent)) is not None:
        assert isinstance(task, _Task)
        if task.shared is not None:
            run, shared = task.run, pickle.loads(task.shared)  # sent by the build process that forked this one
        conn.send(_run_one(task.func, task.arg, shared if run == task.run else None, task.index, limits, task.pos))


def _worker(conn: Connection, limits: Limits, warm: Callable[[], None] | None, parent: int) -> None:
    """A long-lived worker: warms up, then receives tasks and sends back outcomes."""
    _begin()
    _prepare(limits, warm)
    _serve(conn, limits, parent)


def standby_worker(fd: int, modules: tuple[str, ...], parent: int) -> None:
    """A worker forked before the build has read anything (`standby.fork_standby`): imports `modules`, then waits for
    its setup on the socket `fd`."""
    _begin()
    conn = Connection(fd)
    gc.disable()  # no collecting while importing (see `lessonpress.program`)
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S110 - importing early only saves time; a task that needs it reports the error
            pass
    gc.freeze()  # what it imported lives as long as the worker: later collections need not walk it
    gc.enable()
    setup = _receive(conn, parent)
    if isinstance(setup, _Setup):
        _prepare(setup.limits, setup.warm)
        _serve(conn, setup.limits, parent)


class _Forked:
    """A worker `standby` forked without multiprocessing: the little of multiprocessing.Process the pool uses."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.exitcode: int | None = None

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def join(self, timeout: float | None = None) -> None:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.exitcode is None:
            try:
                pid, status = os.waitpid(self.pid, 0 if deadline is None else os.WNOHANG)
            except ChildProcessError:  # already reaped
                self.exitcode = -signal.SIGKILL
                return
            if pid:
                self.exitcode = os.waitstatus_to_exitcode(status)
            elif deadline is not None and time.monotonic() > deadline:
                return
            else:
                time.sleep(0.01)


def _send(conn: Connection, data: bytes) -> None:
    try:
        conn.send_bytes(data)
    except (OSError, ValueError):  # the worker was killed (a time limit) while this was sent: it is being replaced
        pass


@dataclass
class _Slot:
    conn: Connection
    process: Any  # multiprocessing.Process or _Forked
    index: int | None = None
    started: float = 0.0
    run: int = -1  # the last run whose shared object this worker has


class WorkerPool:
    """Workers forked now, before the tasks are known; `run` gives them tasks. Use as a context manager."""

    def __init__(self, jobs: int, limits: Limits, warm: Callable[[], None] | None = None, start: bool = True) -> None:
        """Adopt the program's standby worker (it starts warming up at once), then fork up to `jobs` workers, unless
        `start` is false: then the caller imports what the forked workers should inherit and calls `grow`."""
        self.limits, self.warm = limits, warm
        self.forking = "fork" in multiprocessing.get_all_start_methods()  # pragma: no branch - Windows renders in-process
        self.ctx = multiprocessing.get_context("fork") if self.forking else None
        self.slots: list[_Slot] = []
        self.runs = 0
        self.frozen = False
        while self.forking and len(self.slots) < jobs and (forked := standby.adopt()) is not None:  # forked at the start
            slot = _Slot(Connection(forked[1]), _Forked(forked[0]))
            try:
                slot.conn.send(_Setup(limits, warm))
            except OSError:  # it died (killed from outside): fork another instead
                self._retire(slot)
                continue
            self.slots.append(slot)
        if start:
            self.grow(jobs)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def grow(self, jobs: int) -> None:
        """At least `jobs` workers (a build that finds more tasks than it guessed forks the rest after planning)."""
        if not self.forking or len(self.slots) >= jobs:
            return
        gc.collect()
        gc.freeze()  # workers share the parent's objects without the collector copying their pages
        self.frozen = True
        while len(self.slots) < jobs:
            self.slots.append(self._spawn())

    def _spawn(self) -> _Slot:
        assert self.ctx is not None
        parent_end, child_end = self.ctx.Pipe(duplex=True)
        process = self.ctx.Process(target=_worker, args=(child_end, self.limits, self.warm, os.getpid()), daemon=True)
        process.start()
        child_end.close()
        return _Slot(parent_end, process)

    def _retire(self, slot: _Slot) -> None:
        slot.process.kill()
        slot.process.join()
        slot.conn.close()

    def close(self) -> None:
        for slot in self.slots:
            self._retire(slot)
        self.slots = []
        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    def _dispatch(self, slot: _Slot, task: _Task, shared: bytes | None) -> None:
        """Send a task (with the run's shared object if this worker lacks it). A large message goes from a thread: a
        worker still warming up reads it late, and the main process must go on watching the time limits."""
        if shared is not None and slot.run != task.run:
            task = replace(task, shared=shared)
            slot.run = task.run
        data = bytes(ForkingPickler.dumps(task))
        if len(data) < 32 * 1024:
            slot.conn.send_bytes(data)
        else:
            threading.Thread(target=_send, args=(slot.conn, data), daemon=True).start()

    def run(self, func: Callable[[T, S], Any], args: list[T], positions: list[Pos], shared: S) -> Iterator[Outcome]:
        """Yield outcomes as tasks finish (in completion order). Task i runs `func(args[i], shared)`; `positions[i]`
        names its spec for errors. `func` and the arguments must pickle (module-level functions, plain data)."""
        if not args:
            return
        if not self.forking:  # pragma: no cover - Windows: render here, without limits
            for number, arg in enumerate(args):
                yield _run_one(func, arg, shared, number, self.limits, positions[number])
            return
        self.grow(1)
        self.runs += 1
        run = self.runs
        packed = pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL) if shared is not None else None
        pending = list(range(len(args)))
        slots = self.slots
        while pending or any(s.index is not None for s in slots):
            for slot in slots:
                if slot.index is None and pending:
                    next_index = pending.pop(0)
                    slot.index, slot.started = next_index, time.monotonic()
                    self._dispatch(slot, _Task(next_index, func, args[next_index], positions[next_index], run), packed)
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
                    self._retire(slot)
                    slots[slots.index(slot)] = slot = self._spawn()
                slot.index = None
                yield outcome
            now = time.monotonic()
            for number, slot in enumerate(slots):
                if slot.index is not None and now - slot.started > self.limits.timeout_s:
                    index = slot.index
                    self._retire(slot)
                    slots[number] = self._spawn()
                    yield Outcome(index, False, errors=[Diagnostic(positions[index], f"rendering took longer than {self.limits.timeout_s:g} s and was stopped "
                                                                                    "(raise limits.render_timeout_s in lessonpress.yaml)")])


def _alone(pair: tuple[Callable[[Any], Any], Any], _: None) -> Any:
    func, arg = pair
    return func(arg)


def run_tasks(func: Callable[[Any], Any], args: list[Any], positions: list[Pos], jobs: int, limits: Limits) -> Iterator[Outcome]:
    """`func(arg)` for each of `args` in up to `jobs` workers forked now (see `WorkerPool.run`)."""
    if not args:
        return
    with WorkerPool(min(max(1, jobs), len(args)), limits) as pool:
        yield from pool.run(_alone, [(func, arg) for arg in args], positions, None)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
