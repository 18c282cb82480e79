"""Reading user files safely and writing outputs atomically."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from lessonpress.errors import LessonpressError, Pos

DEFAULT_MAX_FILE_BYTES = 1_000_000
# C0 and C1 control characters except tab and newline (CR is normalised away first).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, root: Path | None = None) -> str:
    """Read a UTF-8 text file, refusing what is not a small text file with a message saying why.

    With `root`, a path that leads outside it (a symlink, say) is refused too.
    """
    if root is not None and not path.resolve().is_relative_to(root.resolve()):
        raise LessonpressError.at(Pos(path), f"this is a link to {path.resolve()}, outside the workspace: copy the file in instead")
    if not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file" if path.exists() else "missing"
        raise LessonpressError.at(Pos(path), f"cannot read: the path is {what}")
    size = path.stat().st_size
    if size > max_bytes:
        raise LessonpressError.at(
            Pos(path),
            f"file is {size / 1_000_000:.1f} MB; the limit is {max_bytes / 1_000_000:g} MB "
            "(split the file, or raise limits.max_file_mb in lessonpress.yaml)",
        )
    data = path.read_bytes()
    return decode_text(data, path)


def decode_text(data: bytes, path: Path) -> str:
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(data[:nul].decode("utf-8", "replace"))
        raise LessonpressError.at(Pos(path, line, col), "file is not text (it contains a NUL byte): is it a binary file?")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data[: exc.start].decode("utf-8", "replace"))
        raise LessonpressError.at(
            Pos(path, line, col),
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}): save it as UTF-8 in your editor",
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        line, col = _line_col(text[: bad.start()])
        raise LessonpressError.at(
            Pos(path, line, col), f"control character U+{ord(bad.group()):04X} is not allowed: delete it"
        )
    return text


def _line_col(before: str) -> tuple[int, int]:
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder and rename, so a crash never leaves a truncated file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):  # mkstemp makes private files; outputs get the user's usual permissions
            os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
