"""Incremental builds by content hash: a task is rendered again only when something it read has changed.

The cache (output/.lessonpress-cache.json) remembers, per output folder, the
hashes of every input the task read, the render settings and the tool version,
and what it wrote; per build target, which task folders it made and which
specs failed (a failed lesson is never up to date). A no-op rebuild only
hashes files: it parses nothing. A damaged cache is discarded with a warning:
everything is rebuilt and nothing is lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lessonpress import __version__
from lessonpress.errors import Diagnostic, LessonpressError, Pos, Severity
from lessonpress.files import append_line, read_bytes, remove_file, write_file
from lessonpress.resolve.specindex import SpecSummary
from lessonpress.style.theme import package_data

CACHE_NAME = ".lessonpress-cache.json"
JOURNAL_NAME = ".lessonpress-cache.journal"  # tasks finished since the cache was last written whole
MAX_CACHE_BYTES = 200_000_000


def sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(read_bytes(path, MAX_CACHE_BYTES)).hexdigest()
    except LessonpressError:
        return None


@lru_cache(maxsize=1)
def package_hash() -> str:
    """The tool version and its built-in templates and themes (which change in development without a version bump)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package_data().rglob("*")):
        if path.is_file() and "init" not in path.parts:
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def folder_hash(folder: Path, suffixes: tuple[str, ...], hasher: Callable[[Path], str | None] = sha256_file) -> str:
    """Workspace templates/, fonts/ or materials/: any change to a file there can change a result."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in suffixes and not path.is_dir():
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + (hasher(path) or "unreadable").encode())
    return digest.hexdigest()


RACY_NS = 2_000_000_000  # a file written less than 2 s before it is hashed may change again within its mtime's granularity


class FileHashes:
    """The sha256 of input files, read again only when a file's inode, size or modification time changed (as git's
    index does): a no-op build of thousands of lessons stats its inputs instead of reading them. A file is remembered
    only once it is more than two seconds old, so an edit in the same tick as the last build is never missed."""

    def __init__(self, known: dict[str, tuple[int, int, int, str]]):
        self.known = known
        self.seen: dict[str, tuple[int, int, int, str]] = {}
        self.now = time.time_ns()

    def __call__(self, path: Path | str) -> str | None:
        key = str(path)
        try:
            info = os.stat(key)
        except OSError:
            return sha256_file(Path(key))
        if not stat.S_ISREG(info.st_mode):
            return sha256_file(Path(key))  # refused (a FIFO, a device): no digest
        memo = self.known.get(key)
        if memo is not None and memo[:3] == (info.st_ino, info.st_size, info.st_mtime_ns):
            self.seen[key] = memo
            return memo[3]
        digest = sha256_file(Path(key))
        if digest is not None and info.st_mtime_ns < self.now - RACY_NS:
            self.seen[key] = (info.st_ino, info.st_size, info.st_mtime_ns, digest)
        return digest

    def merged(self) -> dict[str, tuple[int, int, int, str]]:
        """What to remember: the files this build read, and those it did not (another target's) while they exist."""
        kept = {key: memo for key, memo in self.known.items() if key not in self.seen and os.path.isfile(key)}
        return {**kept, **self.seen}

    @property
    def learned(self) -> bool:
        """Whether files were read that the next build can take by their stat alone."""
        return any(self.known.get(key) != memo for key, memo in self.seen.items())


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class OutputRecord(_Model):
    path: str  # relative to the output folder
    sha256: str
    size: int


class TaskRecord(_Model):
    key: str  # hash of everything below plus the render settings
    lesson: str
    spec: str  # the lesson spec file (workspace-relative)
    curriculum: str | None
    inputs: dict[str, str]  # workspace-relative path -> sha256
    outputs: list[OutputRecord]
    outline: list[tuple[str, int, int]] = Field(default_factory=list)  # the guide's bookmarks: title, level, page


class PlanRecord(_Model):
    tasks: list[str] = Field(default_factory=list)  # task folders (relative to the output folder)
    failed: list[str] = Field(default_factory=list)  # spec files that failed: never up to date


class BuildCache(_Model):
    environment: str = ""
    specs: dict[str, str] = Field(default_factory=dict)  # every spec file seen -> sha256
    tasks: dict[str, TaskRecord] = Field(default_factory=dict)  # output folder (relative) -> record
    packs: dict[str, str] = Field(default_factory=dict)  # pack path (relative) -> key
    personal: list[str] = Field(default_factory=list)  # packs that print students' names (the labels only, never a name)
    plans: dict[str, PlanRecord] = Field(default_factory=dict)  # build targets -> what they made
    index: dict[str, SpecSummary] = Field(default_factory=dict)  # spec file -> its id and `extends`, by hash
    files: dict[str, tuple[int, int, int, str]] = Field(default_factory=dict)  # input file -> inode, size, mtime, sha256

    @classmethod
    def load(cls, out: Path) -> tuple[BuildCache, Diagnostic | None]:
        """The cache, or an empty one (with a warning when a damaged file was found)."""
        path = out / CACHE_NAME
        cache, warning = cls(), None
        if path.exists():
            try:
                cache = cls.model_validate_json(read_bytes(path, MAX_CACHE_BYTES))  # parsed and checked in one pass
            except (LessonpressError, ValueError, ValidationError, RecursionError):
                warning = Diagnostic(Pos(path), "the build cache is damaged and was discarded: everything is built again", Severity.WARNING)
                return cls(), warning
        cache._replay(out / JOURNAL_NAME)
        return cache, warning

    def _replay(self, journal: Path) -> None:
        """Tasks a build finished after the cache was last written whole (it may have been killed): each line one task."""
        if not journal.exists():
            return
        try:
            lines = read_bytes(journal, MAX_CACHE_BYTES).splitlines()
        except LessonpressError:
            return
        for line in lines:
            try:
                entry = json.loads(line)
                label = entry["task"]
                if entry.get("record") is None:
                    self.tasks.pop(label, None)
                else:
                    self.tasks[label] = TaskRecord.model_validate(entry["record"])
            except (ValueError, KeyError, TypeError, ValidationError, RecursionError):
                continue  # a line torn by a kill: that task is built again

    def record(self, out: Path, label: str, task: TaskRecord | None) -> None:
        """Remember a finished (or failed: None) task at once, at a cost that does not grow with the cache."""
        if task is None:
            self.tasks.pop(label, None)
        else:
            self.tasks[label] = task
        entry = {"task": label, "record": task.model_dump(mode="json") if task is not None else None}
        append_line(out / JOURNAL_NAME, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), inside=out)

    def save(self, out: Path) -> None:
        """Written whole, keys sorted, serialized straight to bytes (no copy of the cache as dicts: a build of
        5,000 lessons keeps one copy of its records in memory, not three)."""
        for mapping in (self.specs, self.tasks, self.packs, self.plans, self.index, self.files):
            items = sorted(mapping.items())
            mapping.clear()
            mapping.update(items)  # type: ignore[arg-type]
        body: bytes = self.__pydantic_serializer__.to_json(self)
        header = json.dumps({"tool": "lessonpress", "version": __version__}, separators=(",", ":")).encode()
        write_file(out / CACHE_NAME, header[:-1] + b"," + body[1:], inside=out)
        remove_file(out / JOURNAL_NAME, inside=out)

    def outputs_intact(self, record: TaskRecord, out: Path) -> bool:
        folder = str(out)
        for output in record.outputs:
            try:
                if os.stat(os.path.join(folder, output.path)).st_size != output.size:
                    return False
            except OSError:
                return False
        return True


def task_key(environment: str, job: Any, lesson_id: str, inputs: dict[str, str]) -> str:
    digest = hashlib.sha256()
    digest.update(environment.encode())
    digest.update(repr(job).encode())
    digest.update(lesson_id.encode())
    for path, sha in sorted(inputs.items()):
        digest.update(f"{path}\0{sha}\n".encode())
    return digest.hexdigest()
