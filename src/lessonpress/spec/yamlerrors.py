"""Turn a YAML syntax error into a message at its cause, not where the parser gave up.

libyaml reports an unclosed quote where the quoted text finally ends, often many
lines later at the next quote character; a curly quote pasted from a word
processor is not a quote to YAML at all. So before explaining an error we look
back for the line whose quote opened and never closed, check that closing it
really lets the parser get further, and name curly quotes when they are the cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

_CURLY = {'"': "“”„‟", "'": "‘’‚‛"}
_MAX_CANDIDATES = 8  # quotes tried when looking back for the one never closed


@dataclass(frozen=True)
class Located:
    """A syntax error's cause: 0-based line and column and the message."""

    line: int
    col: int
    message: str


def _curly_hint(curly: str, straight: str) -> str:
    return f"the text uses a curly quote ({curly}) where YAML needs a straight one ({straight})"


def _close(text: str, start: int) -> int:
    """Index of the quote closing the one at `start` (searching across lines), or -1."""
    quote = text[start]
    i = text.find(quote, start + 1)
    while i >= 0:
        if quote == "'" and text[i + 1 : i + 2] == "'":  # '' is an apostrophe
            i = text.find(quote, i + 2)
            continue
        slashes = 0
        while quote == '"' and text[i - 1 - slashes] == "\\":
            slashes += 1
        if slashes % 2 == 0:  # \" is an escaped quote, \\" a backslash and the end
            return i
        i = text.find(quote, i + 1)
    return -1


def _value_quotes(line: str) -> list[tuple[int, int]]:
    """(opening column, closing column or -1) of each quote that starts a value on this line."""
    found: list[tuple[int, int]] = []
    i, expect_value = 0, True
    while i < len(line):
        ch = line[i]
        if ch in " \t":
            i += 1
        elif expect_value and ch in "\"'":
            close = _close(line, i)
            found.append((i, close))
            if close < 0:
                return found
            i, expect_value = close + 1, False
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return found
        elif ch in "[{," or (ch in "-:?" and line[i + 1 : i + 2] in ("", " ", "\t")):
            i, expect_value = i + 1, True
        else:
            i, expect_value = i + 1, False
    return found


def _parses(text: str, problem: tuple[int, int]) -> bool:
    """Whether `text` parses, or fails only after `problem` (line, column)."""
    try:
        for _ in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark is not None and (mark.line, mark.column) > problem
    except yaml.YAMLError:
        return False
    return True


def _unclosed_quote(lines: list[str], problem: tuple[int, int]) -> Located | None:
    """The quote that opened before the error and never closed, checked by closing it and parsing again."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    text = "\n".join(lines)
    tried = 0
    for number in range(min(problem[0], len(lines) - 1), -1, -1):
        line = lines[number]
        if '"' not in line and "'" not in line:
            continue
        opened = [col for col, close in _value_quotes(line) if close < 0]
        if not opened:
            continue
        col = opened[0]
        tried += 1
        # the quoted text must run from here to (about) where the parser gave up
        end = _close(text, starts[number] + col)
        end_line = problem[0] if end < 0 else text.count("\n", 0, end)
        quote = line[col]
        fixed = [*lines[:number], line.rstrip() + quote, *lines[number + 1 :]]
        if end_line >= problem[0] - 1 and _parses("\n".join(fixed), problem):
            tail = line.rstrip()
            if tail and tail[-1] in _CURLY[quote]:
                return Located(number, col, f"this quoted text is never closed: {_curly_hint(tail[-1], quote)}")
            return Located(number, col, "this quoted text is never closed: add the matching closing quote")
        if tried >= _MAX_CANDIDATES:
            break
    return None


def _curly_start(number: int, line: str, before: int) -> Located | None:
    """The first value on the error's line that starts with a curly quote (so YAML does not see it as quoted)."""
    for col, ch in enumerate(line[:before]):
        straight = next((s for s, curly in _CURLY.items() if ch in curly), None)
        if straight is None:
            continue
        prefix = line[:col].rstrip()
        if not prefix or prefix[-1] in ":-[{,":
            return Located(number, col, f"this text is not quoted for YAML: {_curly_hint(ch, straight)}")
    return None


def _closed_early(number: int, line: str, before: int) -> Located | None:
    """A quoted value ended by a quote inside it (an apostrophe in '...', say), with text following."""
    for col, close in _value_quotes(line):
        after = line[close + 1 : close + 2] if close >= 0 else ""
        if 0 <= close < before and after not in ("", " ", "\t", ",", "]", "}", ":", "#"):
            if line[col] == "'":
                return Located(number, col, "an apostrophe ends this single-quoted text early: write it twice ('') or put the text in double quotes")
            return Located(number, col, 'a quote inside this quoted text ends it early: write it as \\" or put the text in single quotes')
    return None


def locate(exc: yaml.MarkedYAMLError, text: str) -> Located:
    """Where the cause of a syntax error is and what to say about it."""
    lines = text.split("\n")
    mark: Any = exc.problem_mark or exc.context_mark
    if mark is None:
        return Located(0, 0, explain(exc, text, None))
    problem = (mark.line, mark.column)
    line = lines[mark.line] if mark.line < len(lines) else ""
    context = exc.context or ""
    if "\t" in (exc.problem or "") or "\t" in line[: mark.column + 1]:
        return Located(mark.line, mark.column, explain(exc, text, mark))
    before = mark.column + 1
    found = _unclosed_quote(lines, problem) or _curly_start(mark.line, line, before) or _closed_early(mark.line, line, before)
    if found is not None:
        return found
    opened = exc.context_mark
    if opened is not None and "flow" in context and opened.line < mark.line:
        bracket = "[" if "sequence" in context else "{"
        closing = "]" if bracket == "[" else "}"
        what = "list" if bracket == "[" else "mapping"
        return Located(opened.line, opened.column, f"not valid YAML: the {what} opened here with '{bracket}' is never closed: add the matching '{closing}'")
    if "quoted scalar" in context and opened is not None:
        return Located(opened.line, opened.column, explain(exc, text, opened))
    return Located(mark.line, mark.column, explain(exc, text, mark))


def explain(exc: yaml.MarkedYAMLError, text: str, mark: Any) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "\t" in problem or "\t" in line[: mark.column + 1 if mark is not None else 0]:
        return "tab character in indentation: YAML needs spaces, replace the tab with spaces"
    if "quoted scalar" in context and "end of stream" in problem:
        return "this quoted text is never closed: add the matching closing quote"
    if "mapping values are not allowed" in problem:
        return "unexpected ':' here: put text containing ': ' in quotes, or check the indentation"
    if "could not find expected ':'" in problem:
        return "expected 'key: value' here: check the indentation and that every key ends with ':'"
    if "found undefined alias" in problem or "found undefined anchor" in problem:
        return "YAML aliases are not supported: write the value out in full"
    detail = f"{context}, {problem}" if context else problem
    return f"not valid YAML: {detail}"
