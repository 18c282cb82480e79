"""One build at a time per output folder: a second build waits for the first, then sees its results.

The lock is an advisory `flock` on output/.lessonpress.lock, released by the
kernel when the process ends, however it ends. While it is held, temporary
files in the folder can only be left over from builds that died, so sweeping
them never touches another build's work.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from lessonpress.files import open_lock_file

LOCK_NAME = ".lessonpress.lock"


@contextmanager
def output_lock(out: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the output folder's lock for the duration of the block; call `waiting` once if another build has it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks; concurrent builds are not supported there
        yield
        return
    fd = open_lock_file(out / LOCK_NAME, inside=out)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
