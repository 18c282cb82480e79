"""The build's first worker, forked as the program starts, is the one that renders; a dead one is replaced."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from lessonpress.builder import standby
from lessonpress.builder.workers import Limits, WorkerPool
from lessonpress.errors import Pos

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")


def _pid(arg: int, shared: Any) -> tuple[int, int, Any]:
    return arg, os.getpid(), shared


def _standby_pid() -> int:
    standby.fork_standby(("json",))
    pid = standby._STARTED[-1][0]
    return pid


def test_the_pool_adopts_the_standby_worker_and_it_runs_the_tasks() -> None:
    pid = _standby_pid()
    with WorkerPool(1, Limits(timeout_s=30)) as pool:
        outcomes = list(pool.run(_pid, [1, 2, 3], [Pos(Path("spec.yaml"))] * 3, "shared"))
        assert standby.adopt() is None
    assert sorted(o.value for o in outcomes) == [(1, pid, "shared"), (2, pid, "shared"), (3, pid, "shared")]
    with pytest.raises(ChildProcessError):  # the pool reaped it when it closed
        os.waitpid(pid, os.WNOHANG)


def test_a_standby_that_died_is_replaced() -> None:
    pid = _standby_pid()
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    with WorkerPool(1, Limits(timeout_s=30)) as pool:
        outcomes = list(pool.run(_pid, [7], [Pos(Path("spec.yaml"))], None))
    assert [o.ok for o in outcomes] == [True]
    assert outcomes[0].value[1] != pid
    with pytest.raises(ChildProcessError):  # reaped, not left a zombie
        os.waitpid(pid, os.WNOHANG)


def test_a_standby_that_is_killed_mid_task_is_reported_and_replaced() -> None:
    pid = _standby_pid()
    with WorkerPool(1, Limits(timeout_s=30)) as pool:
        outcomes = list(pool.run(_kill_self, [1, 2], [Pos(Path("spec.yaml"))] * 2, pid))
    by_arg = {o.index: o for o in outcomes}
    assert not by_arg[0].ok and "the render process died (exit code -9)" in by_arg[0].errors[0].message
    assert by_arg[1].ok


def _kill_self(arg: int, standby_pid: int) -> int:
    if os.getpid() == standby_pid:
        os.kill(os.getpid(), signal.SIGKILL)
    return arg
