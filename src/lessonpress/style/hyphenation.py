"""Hyphenation dictionaries parsed once per output folder instead of once per process.

pyphen parses a dictionary's ~11,000 patterns in Python the first time a
process hyphenates (~45 ms for en_US: a tenth of building one lesson). A build
keeps the parsed patterns as JSON in its output folder
(`output/.lessonpress-hyphenation.<dictionary>.json`, keyed by pyphen's version
and the dictionary file's hash) and hands them to pyphen's own cache, so the
words break exactly as pyphen breaks them. A missing, stale or damaged file is
parsed again and rewritten; nothing else reads it. A dictionary is loaded when
reportlab first breaks a word with it (`hyphenator`), so a copy with no table
cell to hyphenate loads none.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lessonpress.errors import LessonpressError
from lessonpress.files import read_bytes, write_file

MAX_KEPT_BYTES = 5_000_000
_kept_in: Path | None = None
_hyphenators: dict[str, Hyphenator] = {}


class Hyphenator:
    """A paragraph style's `hyphenationLang` (reportlab takes a callable): pyphen's `iterate` for the dictionary `name`,
    which is loaded the first time a word must break."""

    def __init__(self, name: str):
        self.name = name
        self._iterate: Callable[[str], Iterator[tuple[str, str]]] | None = None

    def __call__(self, word: str) -> Iterator[tuple[str, str]]:
        return self.ready()(word)

    def ready(self) -> Callable[[str], Iterator[tuple[str, str]]]:
        """Load the dictionary now (a build's worker does while it waits for its first lesson)."""
        if self._iterate is None:
            import pyphen

            load(self.name)
            self._iterate = pyphen.Pyphen(lang=self.name).iterate
        return self._iterate


def hyphenator(name: str) -> Hyphenator | str:
    """What a style sets as `hyphenationLang`: one shared Hyphenator per dictionary, '' for none (no hyphens)."""
    if not name:
        return ""
    made = _hyphenators.get(name)
    if made is None:
        made = _hyphenators[name] = Hyphenator(name)
    return made


def keep_parsed_in(folder: Path | None) -> None:
    """Where parsed dictionaries are kept: a build's output folder (None: parse them in every process)."""
    global _kept_in
    _kept_in = folder


def load(name: str) -> None:
    """Put pyphen's dictionary `name` (en_US, es) in pyphen's cache, from the kept copy when it is current."""
    if not name or _kept_in is None:
        return
    import pyphen

    source = pyphen.LANGUAGES.get(pyphen.language_fallback(name) or "")
    if source is None or source in pyphen.hdcache:
        return
    try:
        key = f"pyphen {pyphen.__version__} {hashlib.sha256(Path(source).read_bytes()).hexdigest()}"
    except OSError:
        return
    kept = _kept_in / f".lessonpress-hyphenation.{name}.json"
    patterns = _read(kept, key)
    if patterns is None:
        parsed = pyphen.HyphDict(source)
        _keep(kept, key, parsed.patterns)
    else:
        parsed = pyphen.HyphDict.__new__(pyphen.HyphDict)
        parsed.patterns, parsed.cache, parsed.maxlen = patterns, {}, max(map(len, patterns))
    pyphen.hdcache[source] = parsed


def _read(kept: Path, key: str) -> dict[str, tuple[int, tuple[int, ...]]] | None:
    """The kept patterns, or None when the file is missing, for another dictionary or pyphen, or not what `_keep` wrote."""
    try:
        data: Any = json.loads(read_bytes(kept, MAX_KEPT_BYTES, root=kept.parent))
    except (LessonpressError, ValueError):
        return None
    if not (isinstance(data, list) and len(data) == 4 and data[0] == key and all(isinstance(part, list) for part in data[1:])):
        return None
    tags, starts, values = data[1:]
    if not (tags and len(tags) == len(starts) == len(values) and all(type(t) is str for t in tags)
            and all(type(s) is int for s in starts) and all(type(v) is list for v in values) and _numbers(values)):
        return None
    return dict(zip(tags, zip(starts, map(tuple, values))))


def _numbers(values: list[Any]) -> bool:
    return all(type(x) is int for v in values for x in v)


def _keep(kept: Path, key: str, patterns: dict[str, Any]) -> None:
    """Write the parsed patterns, if they are plain numbers (dictionaries with nonstandard breaks, such as Hungarian's, are
    parsed every time); a folder that cannot be written only costs the next process the parse."""
    values = [list(v) for _, v in patterns.values()]
    if not _numbers(values):
        return
    data = [key, list(patterns), [start for start, _ in patterns.values()], values]
    try:
        write_file(kept, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), inside=kept.parent)
    except LessonpressError:
        pass
