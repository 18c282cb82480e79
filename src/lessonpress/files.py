"""The one way lessonpress reads and writes files.

Reading: only regular files, size-capped before a byte is read, optionally only
inside a folder (links leading out are refused). Writing: only inside a named
folder (the workspace, its output folder, or an explicit --out), never through
a symbolic link, always atomically (temporary file, fsync, rename), and several
files of one lesson either all replaced or none.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from lessonpress.errors import LessonpressError, Pos

DEFAULT_MAX_FILE_BYTES = 1_000_000
# C0 and C1 control characters except tab and newline (CR is normalised away first).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
TEMP_SUFFIX = ".tmp"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "not a regular file"


def resolve_path(path: Path) -> Path:
    """`path.resolve()`, with a symlink loop reported at the path instead of raising RuntimeError."""
    try:
        return path.resolve(strict=False)
    except (RuntimeError, OSError):  # a symlink loop
        raise LessonpressError.at(Pos(path), "cannot read: this is a symbolic link that loops back on itself") from None


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, root: Path | None = None, what: str = "file") -> bytes:
    """The bytes of a small regular file, or a positioned error saying why not.

    With `root`, a path that leads outside it (a symlink, say) is refused too.
    FIFOs and devices are refused before they are read (opening with O_NONBLOCK
    never waits for a writer), and the size is checked on the open file.
    """
    target = resolve_path(path) if root is not None else path  # resolving costs more than reading a small file
    if root is not None and not target.is_relative_to(resolve_path(root)):
        raise LessonpressError.at(Pos(path), f"this is a link to {target}, outside the workspace: copy the file in instead")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise LessonpressError.at(Pos(path), "cannot read: the path is missing" + (" (a link to a file that does not exist)" if path.is_symlink() else "")) from None
    except IsADirectoryError:
        raise LessonpressError.at(Pos(path), "cannot read: the path is a folder") from None
    except PermissionError:
        raise LessonpressError.at(Pos(path), "cannot read: permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LessonpressError.at(Pos(path), "cannot read: this is a symbolic link that loops back on itself") from None
        raise LessonpressError.at(Pos(path), f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LessonpressError.at(Pos(path), f"cannot read: the path is {_kind(info.st_mode)}")
        if info.st_size > max_bytes:
            raise LessonpressError.at(Pos(path), _too_big(info.st_size, max_bytes, what))
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:  # the file may grow while it is read: never take more than the limit
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise LessonpressError.at(Pos(path), _too_big(size, max_bytes, what))
        return b"".join(chunks)
    except OSError as exc:
        raise LessonpressError.at(Pos(path), f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_big(size: int, max_bytes: int, what: str) -> str:
    if what == "image":
        return f"is {size / 1_000_000:.1f} MB; the limit for images is {max_bytes / 1_000_000:g} MB (scale it down, or raise limits.max_image_mb)"
    if what == "font":
        return f"font file is {size / 1_000_000:.1f} MB; fonts larger than {max_bytes / 1_000_000:g} MB are not loaded"
    return (f"file is {size / 1_000_000:.1f} MB; the limit is {max_bytes / 1_000_000:g} MB "
            "(split the file, or raise limits.max_file_mb in lessonpress.yaml)")


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, root: Path | None = None) -> str:
    """Read a UTF-8 text file, refusing what is not a small text file with a message saying why."""
    return decode_text(read_bytes(path, max_bytes, root), path)


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


def _write_error(target: Path, exc: OSError) -> LessonpressError:
    reasons = {
        errno.ENOSPC: "the disk is full: free some space and build again (the previous files are kept)",
        errno.EDQUOT: "the disk quota is used up: free some space and build again (the previous files are kept)",
        errno.EROFS: "the folder is on a read-only file system",
        errno.EACCES: "permission denied: the folder is not writable",
        errno.EPERM: "permission denied: the folder is not writable",
        errno.ENAMETOOLONG: "the file name is too long for this file system",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EEXIST: "a file of that name is in the way",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    return LessonpressError.at(Pos(target), f"cannot write: {reason}")


def _checked_target(target: Path, inside: Path) -> Path:
    """`target` as an absolute path below `inside`, with no symbolic link anywhere below `inside`."""
    base = Path(os.path.abspath(inside))
    full = Path(os.path.abspath(target))
    if not full.is_relative_to(base) or full == base:
        raise LessonpressError.at(Pos(target), f"refusing to write outside {base}")
    if os.path.lexists(base) and not base.is_dir():
        raise LessonpressError.at(Pos(base), "cannot write here: this is a file, not a folder")
    current = base
    for part in full.relative_to(base).parts:
        current = current / part
        if current.is_symlink():
            raise LessonpressError.at(Pos(current), f"refusing to write through a symbolic link (it points to {os.readlink(current)}): "
                                                    "remove the link, lessonpress writes only real files and folders")
        if current != full and os.path.lexists(current) and not current.is_dir():
            raise LessonpressError.at(Pos(current), "cannot write: this is a file where a folder is needed")
    if os.path.lexists(full) and not stat.S_ISREG(os.lstat(full).st_mode):
        raise LessonpressError.at(Pos(full), f"cannot write: the path is {_kind(os.lstat(full).st_mode)}")
    return full


def _make_parents(full: Path, base: Path) -> None:
    current = Path(os.path.abspath(base))
    try:
        current.mkdir(parents=True, exist_ok=True)
        for part in full.parent.relative_to(current).parts:
            current = current / part
            try:
                os.mkdir(current)
            except FileExistsError:
                if current.is_symlink() or not current.is_dir():
                    raise LessonpressError.at(Pos(current), "cannot write: this is a link or a file where a folder is needed") from None
    except OSError as exc:
        raise _write_error(current, exc) from None


def _temp_file(full: Path, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{full.name}.", suffix=TEMP_SUFFIX, dir=full.parent)
    try:
        if hasattr(os, "fchmod"):  # mkstemp makes private files; outputs get the user's usual permissions
            os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _write_error(full, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_files(files: Iterable[tuple[Path, bytes]], inside: Path) -> list[Path]:
    """Write every file, replacing old ones together: all temporary files first, then all renames.

    A failure while writing (disk full, say) leaves every old file as it was.
    """
    planned = [(_checked_target(target, inside), data) for target, data in files]
    temps: list[tuple[Path, Path]] = []
    try:
        for full, data in planned:
            _make_parents(full, inside)
            temps.append((_temp_file(full, data), full))
        for tmp, full in temps:
            os.replace(tmp, full)
    except OSError as exc:
        raise _write_error(temps[-1][1] if temps else Path(inside), exc) from None
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
    return [full for full, _ in planned]


def write_file(target: Path, data: bytes, inside: Path) -> Path:
    """Write (or atomically replace) one file below `inside`."""
    return write_files([(target, data)], inside)[0]


def create_file(target: Path, data: bytes, inside: Path) -> Path:
    """Write a new file below `inside`; an existing file, folder or link (even a dangling one) is never touched."""
    full = _checked_target(target, inside)
    if os.path.lexists(full):
        raise LessonpressError.at(Pos(target), "already exists: lessonpress never overwrites it; choose another name or delete it first")
    _make_parents(full, inside)
    tmp = _temp_file(full, data)
    try:
        os.link(tmp, full)  # fails if anything appeared at `full` meanwhile, and never follows a link there
    except FileExistsError:
        raise LessonpressError.at(Pos(target), "already exists: lessonpress never overwrites it") from None
    except OSError as exc:
        raise _write_error(full, exc) from None
    finally:
        tmp.unlink(missing_ok=True)
    return full


def append_line(target: Path, line: bytes, inside: Path) -> None:
    """Append one line to a journal below `inside` (never through a link); a reader skips a torn last line.

    Not atomic on purpose: a journal grows by small appends so that saving progress costs the same
    for the 1,000th lesson as for the first; it is folded into its atomically written file later.
    """
    full = _checked_target(target, inside)
    _make_parents(full, inside)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(full, flags, 0o666)
        try:
            os.write(fd, line.rstrip(b"\n") + b"\n")
        finally:
            os.close(fd)
    except OSError as exc:
        raise _write_error(full, exc) from None


def remove_file(target: Path, inside: Path) -> None:
    """Delete a regular file below `inside` if it is there (never a link's target)."""
    full = _checked_target(target, inside)
    try:
        os.unlink(full)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise _write_error(full, exc) from None


def open_lock_file(target: Path, inside: Path) -> int:
    """A file descriptor on a lock file below `inside`, created in place if missing (never through a link).

    Not atomic-by-rename on purpose: two processes may create it at once, and
    both must end up holding the same file.
    """
    full = _checked_target(target, inside)
    _make_parents(full, inside)
    try:
        return os.open(full, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), 0o666 & ~_UMASK)
    except OSError as exc:
        raise _write_error(full, exc) from None


def is_temp_file(path: Path) -> bool:
    """A temporary file of ours that a killed build left behind."""
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX) and path.name.count(".") >= 3
