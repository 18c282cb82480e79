"""Line references in prompts: `[[lines: exact words]]` becomes "line 7" or "lines 7–9" on each copy.

A large-print copy breaks the same excerpt into more, shorter lines, so a
prompt that says "In lines 7–9" is right on one copy only. Teachers write the
words instead and each copy prints the lines where those words are on that copy.

The syntax is parsed here, by a few lines of Python, never by jinja2: spec
text is data, so `{{ ... }}` or `{% ... %}` in a prompt stays literal text.

    [[lines: exact words]]      in a text whose exercise (or discussion prompt) has one document
    [[lines A: exact words]]    naming the document; needed when there is no single one

`[[` always starts a line reference. References are resolved once, when the
lesson is checked (a quote that is not in the document as printed is an error
at the quote), and stored on the ResolvedLesson as character spans; the
document builders only turn spans into line numbers for their variant.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lessonpress.errors import LessonpressError, Pos
from lessonpress.files import read_text
from lessonpress.resolve.textmatch import clip, squash
from lessonpress.spec.yamltree import PathKey

if TYPE_CHECKING:
    from lessonpress.resolve.rules import Document, EvidenceSpan, LessonChecker
    from lessonpress.spec.models import Lesson

OPEN, CLOSE = "[[", "]]"
SYNTAX = "[[lines: exact words]] or [[lines A: exact words]]"
_INNER = re.compile(r"\s*(?P<word>[Ll][Ii][Nn][Ee][Ss]?)(?:\s+(?P<letter>[A-Za-z]))?\s*:\s*(?P<quote>.*?)\s*", re.DOTALL)
_LOOKS_LIKE_REF = re.compile(r"\[\[\s*lines?\b", re.IGNORECASE)
PROSE_FIELDS = ("prompt", "claim")  # exercise keys whose text may hold references


@dataclass(frozen=True)
class RefToken:
    """One `[[...]]` as written: where it is in its text and what it asks for."""

    start: int  # index of "[["
    end: int  # index just after "]]"
    letter: str | None  # the letter written inside, if any
    letter_at: int  # index of that letter (or of "[[" without one)
    quote: str
    quote_at: int  # index of the quote's first character


@dataclass(frozen=True)
class Malformed:
    offset: int  # where in the text the problem is
    message: str


@dataclass(frozen=True)
class LineRef:
    """A resolved reference: which document, the quote, and where the quote sits in the excerpt."""

    letter: str
    quote: str
    span: EvidenceSpan


def scan(text: str) -> tuple[list[RefToken], list[Malformed]]:
    """Every reference in `text`, and every bracket that is not part of a well-formed one."""
    tokens: list[RefToken] = []
    problems: list[Malformed] = []
    cursor = 0
    while True:
        opening, closing = text.find(OPEN, cursor), text.find(CLOSE, cursor)
        if closing >= 0 and (opening < 0 or closing < opening):
            problems.append(Malformed(closing, f"']]' closes nothing: a line reference is written {SYNTAX}"))
            cursor = closing + 2
            continue
        if opening < 0:
            return tokens, problems
        end, nested = text.find(CLOSE, opening + 2), text.find(OPEN, opening + 2)
        if end < 0 or 0 <= nested < end:
            problems.append(Malformed(opening, f"'[[' is never closed with ']]': a line reference is written {SYNTAX}"))
            cursor = opening + 2 if end >= 0 else len(text)
            continue
        inner = text[opening + 2 : end]
        match = _INNER.fullmatch(inner)
        base = opening + 2
        if match is None:
            problems.append(Malformed(opening, f"'[[{clip(inner, 30)}]]' is not a line reference: write {SYNTAX}"))
        elif match["letter"] and not match["letter"].isupper():
            problems.append(Malformed(base + match.start("letter"), f"document letters are capitals: write [[lines {match['letter'].upper()}: ...]]"))
        elif not match["quote"]:
            problems.append(Malformed(opening, "this line reference has no words to find: write [[lines: exact words from the document]]"))
        else:
            letter_at = base + match.start("letter") if match["letter"] else opening
            tokens.append(RefToken(opening, end + 2, match["letter"], letter_at, match["quote"], base + match.start("quote")))
        cursor = end + 2


def has_refs(text: str) -> bool:
    return OPEN in text or CLOSE in text


def substitute(text: str, refs: list[LineRef], cite: Callable[[LineRef], str], fallback: list[LineRef] | None = None) -> str:
    """`text` with each reference replaced by `cite(ref)`; a reference with no resolved span is left as written.

    References are matched by their words and letter, not by offsets, so the
    caller may pass the text re-spaced or trimmed.
    """
    if not has_refs(text):
        return text
    tokens, _ = scan(text)
    pieces: list[str] = []
    cursor = 0
    remaining = list(refs)
    for token in tokens:
        ref = _take(token, remaining) or _take(token, list(fallback or []))
        if ref is None:
            continue
        before = text[cursor : token.start]
        cited = cite(ref)
        if _starts_sentence(text, token.start):
            cited = cited[:1].upper() + cited[1:]
        pieces += [before, cited]
        cursor = token.end
    return "".join(pieces) + text[cursor:]


def _starts_sentence(text: str, index: int) -> bool:
    """Whether a reference opens the text or a sentence ("[[lines: ...]] show ..." prints "Lines 5–6 show ...")."""
    before = text[:index].rstrip(" \t\n\"'“‘(")
    return not before or before[-1] in ".!?"


def _take(token: RefToken, refs: list[LineRef]) -> LineRef | None:
    wanted = squash(token.quote)
    for index, ref in enumerate(refs):
        if squash(ref.quote) == wanted and token.letter in (None, ref.letter):
            return refs.pop(index)
    return None


# --- resolving, at check time ----------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """A text that may hold references, and the document a reference without a letter means."""

    path: PathKey
    text: str
    default: str | None
    owner: str  # "this exercise" / "this discussion prompt", for messages


def sites(lesson: Lesson) -> Iterator[Site]:
    for index, exercise in enumerate(lesson.exercises):
        source = getattr(exercise, "source", None)
        letters = list(getattr(exercise, "sources", None) or [])
        default = source if isinstance(source, str) else (letters[0] if len(letters) == 1 else None)
        for key in PROSE_FIELDS:
            value = getattr(exercise, key, None)
            if isinstance(value, str):
                yield Site(("exercises", index, key), value, default, "this exercise")
    for index, prompt in enumerate(lesson.discussion):
        default = prompt.sources[0] if len(prompt.sources) == 1 else None
        yield Site(("discussion", index, "prompt"), prompt.prompt, default, "this discussion prompt")


def strings(value: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    """Every text in a dumped model (`model_dump(by_alias=True)`), with its path as the source map writes it."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, path + (str(key),))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from strings(item, path + (index,))


def strays(lesson: Lesson) -> Iterator[tuple[PathKey, int]]:
    """Texts outside prompts and claims that hold a reference, which would be printed as written: (path, offset)."""
    allowed = {site.path for site in sites(lesson)}
    for path, text in strings(lesson.model_dump(by_alias=True), ()):
        match = _LOOKS_LIKE_REF.search(text)
        if match and path not in allowed:
            yield path, match.start()


def resolve(checker: LessonChecker, documents: dict[str, Document]) -> dict[PathKey, list[LineRef]]:
    """Locate every reference of the checker's lesson; errors (at the quote where possible) go to its diagnostics."""
    from lessonpress.resolve.rules import find_in_excerpt, not_found_hint

    lesson = checker.lesson
    found: dict[PathKey, list[LineRef]] = {}
    for site in sites(lesson):
        if not has_refs(site.text):
            continue
        at = _Locator(checker, site.path, site.text)
        tokens, problems = scan(site.text)
        for problem in problems:
            checker.diags.error(at(problem.offset), problem.message)
        for token in tokens:
            letter = token.letter or site.default
            if letter is None:
                checker.diags.error(at(token.start), f"[[lines: ...]] needs a document letter here: {site.owner} has no single document, "
                                                     f"so write [[lines A: {clip(token.quote, 30)}]]")
                continue
            if letter not in lesson.sources:
                if token.letter is None:
                    continue  # the exercise's own `source` is unknown: reported there
                have = ", ".join(sorted(lesson.sources)) or "none"
                checker.diags.error(at(token.letter_at), f"Document {letter} does not exist: this lesson's documents are {have} (see 'sources')")
                continue
            document = documents.get(letter)
            if document is None:
                continue  # the document itself has errors, reported where it is defined
            if document.kind != "text":
                checker.diags.error(at(token.start), f"Document {letter} is {'an image' if document.kind == 'image' else 'a table'}: it has no "
                                                     "line numbers (name a row, a part of the picture or the caption in words instead)")
                continue
            span = find_in_excerpt(document, token.quote)
            if span is None:
                checker.diags.error(at(token.quote_at), f'line reference "{clip(token.quote)}" does not occur in Document {letter} as printed'
                                                        f"{not_found_hint(document, token.quote)}")
                continue
            found.setdefault(site.path, []).append(LineRef(letter, token.quote, span))
    for path, offset in strays(lesson):
        text = _get(lesson, path)
        checker.diags.error(_Locator(checker, path, text)(offset),
                            "a line reference is replaced only in exercise prompts and claims and in discussion prompts; "
                            "here it would be printed as written")
    return found


def _get(lesson: Lesson, path: PathKey) -> str:
    node: Any = lesson.model_dump(by_alias=True)
    for key in path:
        node = node[key]
    return str(node)


class _Locator:
    """Positions inside one scalar: the column of a character of the value, found in the spec file as written."""

    def __init__(self, checker: LessonChecker, path: PathKey, text: str):
        self.base = checker.at(path)
        self.text = text
        self.max_bytes = int(checker.limits.max_file_mb * 1_000_000)

    def __call__(self, offset: int) -> Pos:
        try:
            return scalar_pos(self.base, self.text, offset, read_text(self.base.path, self.max_bytes))
        except (LessonpressError, OSError):
            return self.base


def scalar_pos(base: Pos, value: str, offset: int, source: str) -> Pos:
    """The position in `source` of character `offset` of the scalar `value` that starts at `base`.

    Quoting, escapes, folding and indentation make the value differ from the
    file, but `[[` and `]]` are written as they are: the nearest marker before
    `offset` is found by its count, and the rest is matched character by
    character (any whitespace run matching any whitespace, line breaks
    included). Where the file and value stop agreeing, the marker's own
    position is the answer; without a marker, the scalar's.
    """
    lines = source.split("\n")
    if not 1 <= base.line <= len(lines):
        return base
    start = sum(len(line) + 1 for line in lines[: base.line - 1]) + base.col - 1
    anchor = max(value.rfind(OPEN, 0, offset + 2), value.rfind(CLOSE, 0, offset + 2))
    if anchor < 0:
        return base
    marker = value[anchor : anchor + 2]
    raw = start - 2
    for _ in range(_count(value, marker, anchor) + 1):
        raw = source.find(marker, raw + 2)
        if raw < 0:
            return base
    best, cursor = raw, anchor
    while cursor < offset and raw < len(source):
        if value[cursor].isspace():
            if not source[raw].isspace():
                break
            while raw < len(source) and source[raw].isspace():
                raw += 1
            while cursor < offset and value[cursor].isspace():
                cursor += 1
        elif source[raw] == value[cursor]:
            raw, cursor = raw + 1, cursor + 1
        else:
            break
    if cursor == offset:
        best = raw
    line = source.count("\n", 0, best)
    return Pos(base.path, line + 1, best - (source.rfind("\n", 0, best) + 1) + 1)


def _count(text: str, marker: str, before: int) -> int:
    """How many times `marker` occurs (without overlapping) before index `before`, counted as str.find counts."""
    count, index = 0, text.find(marker)
    while 0 <= index < before:
        count, index = count + 1, text.find(marker, index + 2)
    return count


__all__ = ["LineRef", "Malformed", "RefToken", "has_refs", "resolve", "scalar_pos", "scan", "substitute"]
