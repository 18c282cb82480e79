"""Positions and diagnostics: every problem a user can cause points at a file, line and column."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


@dataclass(frozen=True, order=True, slots=True)
class Pos:
    """A 1-based place in a file."""

    path: Path
    line: int = 1
    col: int = 1

    def display(self, relative_to: Path | None = None) -> str:
        return f"{display_path(self.path, relative_to)}:{self.line}:{self.col}"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    pos: Pos
    message: str
    severity: Severity = Severity.ERROR

    def format(self, relative_to: Path | None = None) -> str:
        """One line, always: line breaks quoted from user text are shown as \\n."""
        message = self.message.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
        return f"{self.pos.display(relative_to)}: {self.severity.value}: {message}"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.pos.path), self.pos.line, self.pos.col, self.message)


@dataclass
class Diagnostics:
    """Collects problems so one run reports all of them, not just the first."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, pos: Pos, message: str) -> None:
        self.items.append(Diagnostic(pos, message))

    def warning(self, pos: Pos, message: str) -> None:
        self.items.append(Diagnostic(pos, message, Severity.WARNING))

    def extend(self, other: Diagnostics | list[Diagnostic]) -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        unique = {(d.pos, d.message, d.severity): d for d in self.items}
        return sorted(unique.values(), key=lambda d: d.sort_key)

    def __len__(self) -> int:
        return len(self.items)


class LessonpressError(Exception):
    """Raised for problems in the user's input; the CLI prints the diagnostics, never a traceback."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))

    @classmethod
    def at(cls, pos: Pos, message: str) -> LessonpressError:
        return cls([Diagnostic(pos, message)])


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """Paths relative to the current folder when they are below it, so errors are short and clickable."""
    base = relative_to or Path.cwd()
    try:
        rel = os.path.relpath(path, base)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def suggest(word: str, candidates: list[str] | set[str]) -> str:
    """A ' (did you mean 'x'?)' suffix, or '' when nothing is close."""
    import difflib

    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in candidates}
        matches = [lowered[word.lower()]] if word.lower() in lowered else []
    return f" (did you mean '{matches[0]}'?)" if matches else ""
