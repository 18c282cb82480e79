"""Class rosters: students' names for named print-pack copies, from the curriculum or a CSV file.

Names are personal data. They live only in memory while a build runs and on the
copies that carry them: never in error messages (a bad row is named by its line
and column), the build cache, the manifest or logs.

A roster CSV has a header row naming its columns: `name`, or `first name` and
`last name` (also `first_name`/`last_name`, `given`/`family`); any other
columns (an ID, a period) are ignored. One student per row; blank rows are skipped.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from lessonpress.errors import Diagnostics, LessonpressError, Pos
from lessonpress.files import read_text

MAX_NAME = 120
MAX_STUDENTS = 200
_FULL = ("name", "student", "student name", "full name")
_FIRST = ("first name", "first_name", "first", "given name", "given")
_LAST = ("last name", "last_name", "last", "family name", "family", "surname")


def _header_key(cell: str) -> str:
    return " ".join(cell.strip().lower().replace("-", " ").split()).replace("first_name", "first name").replace("last_name", "last name")


def read_roster(path: Path, at: Pos, diags: Diagnostics, max_bytes: int, root: Path) -> list[str] | None:
    """The names in a roster file, or None after an error (at the curriculum's `roster:` line or the file's row)."""
    try:
        text = read_text(path, max_bytes, root)
    except LessonpressError as exc:
        if not path.exists():
            diags.error(at, f"roster file '{path.name}' does not exist (looked in {path.parent})")
        else:
            diags.extend(exc.diagnostics)
        return None
    before = len(diags.errors)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        diags.error(Pos(path, 1, 1), "the roster is empty: its first row names the columns, e.g. 'name' or 'first name,last name'")
        return None
    header = [_header_key(cell) for cell in rows[0]]
    full = next((i for i, h in enumerate(header) if h in _FULL), None)
    first = next((i for i, h in enumerate(header) if h in _FIRST), None)
    last = next((i for i, h in enumerate(header) if h in _LAST), None)
    if full is None and first is None:
        diags.error(Pos(path, 1, 1), "the roster's first row must name its columns: 'name', or 'first name' and 'last name' "
                                     f"(found {len(header)} column{'s' if len(header) != 1 else ''} without those names)")
        return None
    names: list[str] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            diags.error(Pos(path, line, 1), f"this row has {len(row)} cell{'s' if len(row) != 1 else ''} but the header has {len(header)} "
                                            "(a name with a comma must be in double quotes)")
            continue
        if full is not None:
            name = row[full]
            column = full
        else:
            assert first is not None
            name = " ".join(part.strip() for part in (row[first], row[last] if last is not None else "") if part.strip())
            column = first
        name = unicodedata.normalize("NFC", " ".join(name.split()))
        col = sum(len(cell) + 1 for cell in row[:column]) + 1
        if not name:
            diags.error(Pos(path, line, col), "the name in this row is empty")
        elif len(name) > MAX_NAME:
            diags.error(Pos(path, line, col), f"the name in this row is {len(name)} characters; names are at most {MAX_NAME}")
        elif any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name):
            diags.error(Pos(path, line, col), "the name in this row has an invisible or control character: retype it")
        else:
            names.append(name)
    if len(names) > MAX_STUDENTS:
        diags.error(Pos(path, 1, 1), f"the roster has {len(names)} students; a class has at most {MAX_STUDENTS}")
    if len(diags.errors) > before:
        return None
    if not names:
        diags.error(Pos(path, 1, 1), "the roster has no students: add one name per row under the header")
        return None
    return names
