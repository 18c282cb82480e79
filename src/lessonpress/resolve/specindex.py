"""Which spec file holds which lesson id, remembered by file hash, so a build parses only what it needs.

Building one lesson in a workspace of thousands must not parse every spec: the
loader needs every file's `id` (duplicates, `extends`, a curriculum's globs)
but the YAML of only the lessons it builds and their parents. Each file's id,
`extends` and their positions are kept with the hash of its bytes; a file
whose bytes changed (or that is new) is parsed again. Hashing reads the file
but is ~100× cheaper than parsing it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from lessonpress.errors import Diagnostic, LessonpressError, Pos
from lessonpress.files import decode_text, read_bytes
from lessonpress.spec.yamltree import YMap, YNode, YScalar, parse_yaml


class SpecSummary(BaseModel):
    """What the loader needs of a spec it does not build: its id and what it extends, with their positions."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    sha: str
    id: str | None = None
    id_at: tuple[int, int] = (0, 0)  # line, column (0: the file)
    declares_id: bool = False
    extends: str | None = None
    extends_at: tuple[int, int] = (0, 0)


def _scalar(node: YNode | None, key: str) -> tuple[str | None, tuple[int, int]]:
    if isinstance(node, YMap):
        value = node.get(key)
        if isinstance(value, YScalar) and value.value is not None:
            return value.value, (value.pos.line or 0, value.pos.col or 0)
    return None, (0, 0)


def summarize(node: YNode | None, sha: str) -> SpecSummary:
    spec_id, id_at = _scalar(node, "id")
    extends, extends_at = _scalar(node, "extends")
    declared = isinstance(node, YMap) and node.get("id") is not None and not (
        isinstance(node.get("id"), YScalar) and node.get("id").value is None)  # type: ignore[union-attr]
    return SpecSummary(sha=sha, id=spec_id, id_at=id_at, declares_id=declared, extends=extends, extends_at=extends_at)


@dataclass(eq=False)
class SpecFile:
    """A spec file, parsed only when its YAML is needed; its id and `extends` may come from the index instead."""

    path: Path
    data: bytes | None = None
    summary: SpecSummary | None = None
    read_errors: list[Diagnostic] | None = None
    unread: tuple[int, Path] | None = None  # (size limit, workspace): bytes known by their stat, read when parsed
    _node: YNode | None = None
    _errors: list[Diagnostic] | None = None  # None: not parsed yet
    _read_from: tuple[int, Path] | None = None  # `unread` as it was before the bytes were read: they can be dropped again

    def _parse(self) -> None:
        if self._errors is not None:
            return
        if self.unread is not None:
            max_bytes, root = self._read_from = self.unread
            self.unread = None
            try:
                self.data = read_bytes(self.path, max_bytes, root)
            except LessonpressError as exc:
                self.read_errors = exc.diagnostics
        self._errors = list(self.read_errors or [])
        if self.data is not None and not self._errors:
            try:
                self._node = parse_yaml(decode_text(self.data, self.path), self.path)
            except LessonpressError as exc:
                self._errors = exc.diagnostics
        sha = self.summary.sha if self.summary is not None else ""
        if not self._errors:
            self.summary = summarize(self._node, sha)

    @property
    def parsed(self) -> bool:
        return self._errors is not None

    @property
    def node(self) -> YNode | None:
        self._parse()
        return self._node

    @property
    def errors(self) -> list[Diagnostic]:
        self._parse()
        assert self._errors is not None
        return self._errors

    def release(self) -> None:
        """Drop the YAML tree of a lesson that is resolved and that no other lesson extends (memory flat in lesson count),
        and its bytes when they were read on demand (a worker resolving 2,500 lessons kept 15 MB of them): both come
        back if asked for."""
        self._node = None
        self._errors = None
        if self._read_from is not None and not self.read_errors:
            self.data, self.unread, self._read_from = None, self._read_from, None

    def _known(self) -> SpecSummary | None:
        """The summary, from the index or from parsing; None for a file that cannot be read or parsed (it has no id)."""
        if self.read_errors or (self.parsed and self._errors):
            return None
        return self.summary

    @property
    def is_curriculum(self) -> bool:
        from lessonpress.workspace import is_curriculum

        return is_curriculum(self.path)

    def _pos(self, at: tuple[int, int]) -> Pos:
        return Pos(self.path, at[0], at[1]) if at[0] else Pos(self.path)

    @property
    def id(self) -> str | None:
        summary = self._known()
        return summary.id if summary else None

    @property
    def id_pos(self) -> Pos:
        summary = self._known()
        return self._pos(summary.id_at) if summary else Pos(self.path)

    @property
    def extends(self) -> tuple[str | None, Pos]:
        summary = self._known()
        return (summary.extends, self._pos(summary.extends_at)) if summary else (None, Pos(self.path))

    @property
    def declares_id(self) -> bool:
        summary = self._known()
        return bool(summary and summary.declares_id)


def open_spec(path: Path, max_bytes: int, root: Path, index: dict[str, SpecSummary] | None, key: str,
              sha_of: Callable[[Path], str | None] | None = None, keep_tree: bool = True) -> SpecFile:
    """A spec file read (and hashed) but parsed only if the index has no summary for these bytes. With `sha_of` (a
    build's stat-remembering hasher), a file the index knows is not even read until it is needed. Without
    `keep_tree`, a file parsed for its id drops its YAML tree at once (parsed again if it is resolved)."""
    known = index.get(key) if index else None
    if known is not None and sha_of is not None and not path.is_symlink() and sha_of(path) == known.sha:
        return SpecFile(path, summary=known, unread=(max_bytes, root))
    try:
        data = read_bytes(path, max_bytes, root)
    except LessonpressError as exc:
        return SpecFile(path, read_errors=exc.diagnostics)
    sha = hashlib.sha256(data).hexdigest()
    if known is not None and known.sha == sha:
        return SpecFile(path, data=data, summary=known)
    spec = SpecFile(path, data=data, summary=SpecSummary(sha=sha))
    spec._parse()
    if not keep_tree and not spec.errors:  # parsed for its id only: thousands of trees (and their bytes) at once would
        spec.release()                       # set the process's peak memory; read again when resolved
        spec.data, spec.unread = None, (max_bytes, root)
    return spec
