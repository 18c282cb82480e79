"""Checks a teacher would want before printing: warnings that a spec is valid but the lesson is not yet right.

- a word-bank term that no document of the lesson prints (a `replace` may have taken it out); a table's
  cells, a chart's labels and an image's caption and alt text count as printed;
- a word-bank definition that hands students a multiple-choice answer;
- text that still names a document the lesson does not have, typically after an `extends` overlay dropped it;
- placeholders left over from `lessonpress new lesson`.

They are warnings, printed by `lessonpress check` (and listed in the report):
the PDFs can be built, but a teacher would not hand them out like this.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from lessonpress.errors import Diagnostic, LessonpressError, Pos, Severity, display_path
from lessonpress.exercises.base import named_letters
from lessonpress.exercises.multiple_choice import MultipleChoice, choice_index
from lessonpress.files import read_text
from lessonpress.resolve.refs import strings
from lessonpress.resolve.rules import Document, ResolvedLesson
from lessonpress.resolve.textmatch import clip, nfc, squash
from lessonpress.spec.yamltree import PathKey, YMap, YScalar, parse_yaml

# --- words and their simple inflections ------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")  # letters and digits; hyphens, apostrophes and spaces separate words
# (suffix, replacement), tried in order, at most one per word: plural, past, -ing, final e, -ation
_SUFFIXES = (("ations", ""), ("ation", ""), ("ings", ""), ("ing", ""), ("ies", "y"), ("ied", "y"),
             ("ed", ""), ("es", ""), ("s", ""), ("e", ""))
_STOPWORDS = frozenset(["a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "into", "with", "and", "or", "as", "is", "are", "was", "were", "be", "been", "it", "its", "that", "this", "which", "who", "whom", "their", "his", "her", "they", "them"])


def stem(word: str) -> str:
    """A crude stem, the same for the simple inflections of one word.

    "collectivization", "collectivize" and "collectivized" all become "collectiviz";
    "famine"/"famines", "label"/"labeled"/"labels", "farm"/"farming", "study"/"studies"/"studied"
    share a stem. Not a real stemmer: it only has to make a word and its own forms meet.
    """
    word = word.casefold()
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and not (suffix == "s" and word.endswith("ss")):
            cut = word[: -len(suffix)] + replacement
            if len(cut) >= 3:
                if suffix in ("ed", "ing") and len(cut) > 3 and cut[-1] == cut[-2] and cut[-1] not in "aeiousl":
                    cut = cut[:-1]  # planned, planning -> plan
                return cut
    return word


def stems(text: str) -> list[str]:
    return [stem(word) for word in _WORD.findall(nfc(text))]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    size = len(needle)
    return size > 0 and any(haystack[i : i + size] == needle for i in range(len(haystack) - size + 1))


# --- what a document prints --------------------------------------------------------------------


def printed_text(document: Document) -> str:
    """Every word a student reads in a document, in no particular layout.

    A text document prints its excerpt; a table document its header and cells (as a
    table) or its two charted columns' header and values (as a chart); an image its
    caption and its alt text (read aloud by a screen reader in place of the picture).
    """
    parts = [p.text for p in document.excerpt.paragraphs if p.number is not None]
    if document.image is not None:
        meta = document.material.meta
        parts += [text for text in (meta.caption, meta.alt) if text]
    table = document.table
    if table is not None:
        shows = document.spec.shows
        if "table" in shows:
            parts += [*table.header, *(cell for row in table.rows for cell in row)]
        chart = document.spec.chart
        if "chart" in shows and chart is not None:
            columns = [c for c in (table.column(chart.x), table.column(chart.y)) if c is not None]
            parts += [table.header[c] for c in columns] + [row[c] for row in table.rows for c in columns]
    return " ".join(parts)


# --- the checks ------------------------------------------------------------------------------


class _Lesson:
    """The checks of one resolved lesson; `warn` collects positioned warnings."""

    def __init__(self, lesson: ResolvedLesson, max_bytes: int):
        self.lesson = lesson
        self.spec = lesson.lesson
        self.max_bytes = max_bytes
        self.found: list[Diagnostic] = []

    def warn(self, path: PathKey, message: str, prefer_key: bool = False) -> None:
        pos = self.lesson.smap.find(path, prefer_key) or Pos(self.lesson.path)
        self.found.append(Diagnostic(pos, message, Severity.WARNING))

    def run(self) -> list[Diagnostic]:
        unfinished = self.placeholders()
        self.word_bank(unfinished)
        self.giveaways(unfinished)
        self.missing_documents()
        return self.found

    # (d) the `new lesson` scaffold
    def placeholders(self) -> set[str]:
        """Warn at every text still holding a TODO; returns the word-bank terms that are placeholders themselves."""
        scaffold = scaffold_placeholders()
        terms: set[str] = set()
        texts = list(strings(self.spec.model_dump(by_alias=True), ()))
        texts += [(("vocabulary", term), term) for term in self.spec.vocabulary]
        for path, text in texts:
            if not re.search(r"\bTODO\b", text):
                continue
            is_key = len(path) == 2 and path[0] == "vocabulary" and text == path[1]
            if is_key or (path[0] == "vocabulary" and re.search(r"\bTODO\b", str(path[1]))):
                terms.add(str(path[1]))
            shown = clip(squash(text), 70)
            if squash(text) in scaffold:
                message = f"still has the placeholder '{shown}' from `lessonpress new lesson`: replace it with your own text"
            else:
                message = f"still says '{shown}': finish this text before printing"
            self.warn(path, f"{_field(path, is_key)} {message}", prefer_key=is_key)
        return terms

    # (a) terms no excerpt prints
    def word_bank(self, skip: set[str]) -> None:
        """A term the students never read is noise in the word bank, or a sign that a `replace` took it out.

        Terms the handout's own questions use ("How reliable is ...") are there for the questions and are fine.
        """
        documents = self.lesson.documents
        if not documents or not self.spec.vocabulary:
            return
        printed = [stems(printed_text(d)) for d in documents.values()]
        asked = stems(" ".join(self.questions()))
        for term in self.spec.vocabulary:
            wanted = stems(term)
            if term in skip or _contains(asked, wanted) or any(_contains(words, wanted) for words in printed):
                continue
            taken = sorted(letter for letter, d in documents.items()
                           if any(_contains(stems(run.original), stems(term)) for run in d.excerpt.changes))
            hint = (f": an omit or replace took it out of Document {' and '.join(taken)}; define the words printed instead, or drop it"
                    if taken else ": drop it, or define a word the documents use")
            self.warn(("vocabulary", term), f"word-bank term '{clip(term)}' does not occur in any document of this lesson as printed, "
                                            f"nor in its questions{hint}", prefer_key=True)

    def questions(self) -> Iterator[str]:
        """What the handout prints for students besides the documents: central question, advisory, headnotes, questions."""
        spec = self.spec
        yield spec.central_question
        yield spec.advisory or ""
        yield from (source.headnote or "" for source in spec.sources.values())
        yield from (prompt.prompt for prompt in spec.discussion)
        for exercise in spec.exercises:
            dumped = exercise.model_dump(by_alias=True)
            for key in ("prompt", "claim", "choices", "items", "topics"):
                yield from (_without_refs(text) for _, text in strings(dumped.get(key), ()))

    # (b) definitions that answer a multiple-choice question
    def giveaways(self, skip: set[str]) -> None:
        for index, exercise in enumerate(self.spec.exercises):
            if not isinstance(exercise, MultipleChoice):
                continue
            right = choice_index(exercise)
            if right is None:
                continue
            choice = exercise.choices[right]
            for term, definition in self.spec.vocabulary.items():
                if term not in skip and gives_away(definition, choice):
                    self.warn(("vocabulary", term),
                              f"the word bank's definition of '{clip(term)}' gives away the answer to exercise {index + 1} "
                              f"(choice {chr(65 + right)}, \"{clip(squash(choice))}\"): students can copy it from the word bank")

    # (c) documents that are named but not there
    def missing_documents(self) -> None:
        have = sorted(self.lesson.documents.keys() | self.spec.sources.keys())
        dropped = dropped_documents(self.lesson, self.max_bytes)
        overlay = self.spec.extends is not None
        for path, what, text in self.mentions():
            gone = sorted(named_letters(text) - set(have))
            needed = _count_needed(text)
            if gone:
                message = self._missing_message(what, gone, dropped, have)
            elif needed is not None and needed[0] > len(have) and (have or overlay):
                message = self._too_few_message(what, needed[1], dropped, have)
            else:
                continue
            self.warn(path, message + self._where_to_fix(path))

    def _where_to_fix(self, path: PathKey) -> str:
        """Text inherited through `extends` is fixed in the overlay, not in the lesson where it was written."""
        pos = self.lesson.smap.find(path)
        if pos is None or pos.path == self.lesson.path:
            return ": reword it"
        return f": override '{path[0]}' in {display_path(self.lesson.path)}"

    def _missing_message(self, what: str, gone: list[str], dropped: set[str], have: list[str]) -> str:
        names = " and ".join(f"Document {letter}" for letter in gone)
        if set(gone) <= dropped:
            nulls = ", ".join(f"{letter}: null" for letter in gone)
            return f"this {what} mentions {names}, which {self.spec.id} drops (sources: {{{nulls}}})"
        return f"this {what} mentions {names}, but {self.spec.id} has no {names} (its documents: {', '.join(have) or 'none'})"

    def _too_few_message(self, what: str, phrase: str, dropped: set[str], have: list[str]) -> str:
        because = f" after dropping Document {' and '.join(sorted(dropped))}" if dropped else ""
        return f"this {what} says \"{phrase}\", but {self.spec.id} has {self._remaining(have)}{because}"

    @staticmethod
    def _remaining(have: list[str]) -> str:
        if not have:
            return "no documents"
        return f"only Document {have[0]}" if len(have) == 1 else f"Documents {', '.join(have)}"

    def mentions(self) -> Iterator[tuple[PathKey, str, str]]:
        """(path, what it is, text) of everything a teacher writes about the documents."""
        spec = self.spec
        for index, objective in enumerate(spec.objectives):
            yield ("objectives", index), "objective", objective
        for index, item in enumerate(spec.agenda):
            yield ("agenda", index, "activity"), "agenda item", item.activity
        if spec.background:
            yield ("background",), "background", spec.background
        for index, prompt in enumerate(spec.discussion):
            yield ("discussion", index, "prompt"), "discussion prompt", prompt.prompt
            for n, look_for in enumerate(prompt.look_fors):
                yield ("discussion", index, "look_fors", n), "look-for", look_for
        for index, exercise in enumerate(spec.exercises):
            dumped = exercise.model_dump(by_alias=True)
            for key, what in (("prompt", "prompt"), ("claim", "claim"), ("answer", "answer"), ("model_answer", "model answer")):
                for path, text in strings(dumped.get(key), ("exercises", index, key)):
                    yield path, what, _without_refs(text)
        for index, row in enumerate(spec.rubric):
            yield ("rubric", index, "criterion"), "rubric criterion", row.criterion
            if row.description:
                yield ("rubric", index, "description"), "rubric description", row.description


def _field(path: PathKey, is_key: bool = False) -> str:
    """What a text is, for a message: 'title', 'the word-bank term', 'headnote', 'activity'."""
    if path[0] == "vocabulary":
        return "the word-bank term" if is_key else "the definition"
    name = next((key for key in reversed(path) if isinstance(key, str)), "text")
    return f"'{name}'"


def _without_refs(text: str) -> str:
    """Line references name their document as a bare letter; the check of references reports a wrong one."""
    return re.sub(r"\[\[.*?\]\]", " ", text, flags=re.DOTALL)


_NUMBERS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}
_COUNTED = re.compile(r"\b(?:all\s+)?(both|two|three|four|five|six|[2-6])\s+(?:of\s+the\s+)?(?:documents|docs|sources|texts|excerpts)\b",
                      re.IGNORECASE)


def _count_needed(text: str) -> tuple[int, str] | None:
    """How many documents a phrase such as "both documents" or "the three sources" takes, and the phrase."""
    match = _COUNTED.search(text)
    return (_NUMBERS[match.group(1).lower()], match.group()) if match else None


def gives_away(definition: str, choice: str) -> bool:
    """Whether a definition contains a choice: its exact words, or every content word of a longer choice in any order.

    "Combining private farms into large farms owned and run by the state" gives away
    "combining private farms into large state-run farms". A choice of one content
    word counts only when the definition has the choice's exact words: one shared
    word is too weak a sign on its own.
    """
    wanted = [stem(w) for w in _WORD.findall(nfc(choice)) if w.casefold() not in _STOPWORDS]
    if not wanted:
        return False
    have = stems(definition)
    if _contains(have, stems(choice)):
        return True
    return len(set(wanted)) >= 2 and set(wanted) <= set(have)


def dropped_documents(lesson: ResolvedLesson, max_bytes: int) -> set[str]:
    """Letters an `extends` overlay (or one it extends) removed with `sources: {B: null}`, read from the spec files."""
    if lesson.lesson.extends is None:
        return set()
    dropped: set[str] = set()
    for path in lesson.inputs:
        if path.suffix not in (".yaml", ".yml"):
            continue
        try:
            node = parse_yaml(read_text(path, max_bytes), path)
        except (LessonpressError, OSError):
            continue
        sources = node.get("sources") if isinstance(node, YMap) else None
        if isinstance(sources, YMap):
            dropped |= {letter for letter, (_, value) in sources.items.items() if isinstance(value, YScalar) and value.value is None}
    return dropped - set(lesson.lesson.sources)


@lru_cache(maxsize=1)
def scaffold_placeholders() -> frozenset[str]:
    """The TODO texts `lessonpress new lesson` writes, taken from its template so the two never drift apart."""
    from lessonpress.commands import new
    from lessonpress.commands.init import package_files

    template = (package_files() / "scaffold" / "lesson.yaml").read_text(encoding="utf-8")
    parts = [template, *(value for name, value in vars(new).items() if name.isupper() and isinstance(value, str))]
    return frozenset(squash(m.group()) for part in parts for m in re.finditer(r"TODO[^\"\n]*", part))


def teacher_warnings(lessons: list[ResolvedLesson], max_bytes: int) -> list[Diagnostic]:
    """All warnings of these checks for the given lessons."""
    return [warning for lesson in lessons for warning in _Lesson(lesson, max_bytes).run()]


__all__ = ["dropped_documents", "gives_away", "printed_text", "scaffold_placeholders", "stem", "stems", "teacher_warnings"]
