"""Find a teacher's quote in a text the way a reader would: ignoring only Unicode form and spacing."""

from __future__ import annotations

import bisect
import difflib
import heapq
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SPACE = re.compile(r"\s+")


# Zero-width characters, word joiners, byte-order marks and soft hyphens print as boxes or stray
# hyphens in PDFs and break quote matching; they carry no meaning in these texts.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def nfc(text: str) -> str:
    """NFC without invisible characters: the form every material, quote and replacement is compared and printed in."""
    return INVISIBLE.sub("", unicodedata.normalize("NFC", text))


def clip(text: str, limit: int = 60) -> str:
    """Shorten text for an error message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def squash(text: str) -> str:
    """NFC with every run of whitespace made one space, trimmed."""
    return _SPACE.sub(" ", nfc(text)).strip()


@dataclass(frozen=True)
class Haystack:
    """A text with whitespace runs collapsed, remembering where each character came from."""

    original: str
    flat: str
    origin: tuple[int, ...]  # flat index -> original index

    @classmethod
    def of(cls, text: str) -> Haystack:
        """Cached: every lesson that quotes a material searches the same paragraphs."""
        return _haystack(text)

    @classmethod
    def build(cls, text: str) -> Haystack:
        flat: list[str] = []
        origin: list[int] = []
        for match in re.finditer(r"\s+|\S+", text):
            if match.group().isspace():
                if flat and flat[-1] != " ":
                    flat.append(" ")
                    origin.append(match.start())
            else:
                flat.extend(match.group())
                origin.extend(range(match.start(), match.end()))
        return cls(text, "".join(flat), tuple(origin))

    def find_all(self, needle: str, start: int = 0) -> list[tuple[int, int]]:
        """Spans (in the original text) of every occurrence of `needle`."""
        wanted = squash(needle)
        if not wanted:
            return []
        spans = []
        index = self.flat.find(wanted, self._flat_index(start))
        while index >= 0:
            end = index + len(wanted)
            spans.append((self.origin[index], self.origin[end - 1] + 1))
            index = self.flat.find(wanted, end)
        return spans

    def find(self, needle: str, start: int = 0) -> tuple[int, int] | None:
        spans = self.find_all(needle, start)
        return spans[0] if spans else None

    def _flat_index(self, original_index: int) -> int:
        return bisect.bisect_left(self.origin, original_index)


MAX_NEEDLE = 200  # characters of a quote compared for a hint; the hint itself is clipped shorter
_CANDIDATES = 40  # passages compared character by character after the cheap ranking
_EXHAUSTIVE = 200  # a text of at most this many words is compared at every word


def closest_passage(text: str, needle: str, limit: int = 90) -> str | None:
    """The passage of `text` most like `needle`, for 'did you mean' hints; None when nothing is close.

    Bounded work: passages are ranked by words they share with the needle in one pass
    over the text, and only the best few are compared character by character.
    """
    wanted = squash(needle)
    flat = squash(text)
    if not wanted or not flat:
        return None
    if len(wanted) > MAX_NEEDLE:
        wanted = wanted[:MAX_NEEDLE].rsplit(" ", 1)[0] or wanted[:MAX_NEEDLE]
    size = len(wanted)
    starts = [0] + [m.end() for m in re.finditer(" ", flat)]
    if len(starts) > _EXHAUSTIVE:
        starts = _likely_starts(flat, starts, wanted)
    best, best_ratio = "", 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    for start in starts:
        window = flat[start : start + size + 10]
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    if best_ratio < 0.5:
        return None
    passage = _trim_to_words(best, matcher)
    return passage if len(passage) <= limit else passage[: limit - 1] + "…"


def _word_key(word: str) -> str:
    """What two words must share to count as alike when ranking: their first letters, so typos later in a word still count."""
    return "".join(ch for ch in word.casefold() if ch.isalnum())[:4] or word


def _likely_starts(flat: str, starts: list[int], wanted: str) -> list[int]:
    """The word starts whose following words share most words with `wanted`, best first (one sliding pass)."""
    need: dict[str, int] = {}
    for word in wanted.split(" "):
        key = _word_key(word)
        need[key] = need.get(key, 0) + 1
    keys = [_word_key(word) for word in flat.split(" ")]
    width = len(wanted.split(" "))
    have: dict[str, int] = {}
    shared = 0
    scores: list[int] = []
    for index, key in enumerate(keys):
        if index >= width:  # the word leaving the window
            gone = keys[index - width]
            shared -= have[gone] <= need.get(gone, 0)
            have[gone] -= 1
        have[key] = have.get(key, 0) + 1
        shared += have[key] <= need.get(key, 0)
        if index >= width - 1:
            scores.append(shared)
    scores += [0] * (len(starts) - len(scores))
    ranked = heapq.nlargest(_CANDIDATES, range(len(scores)), key=scores.__getitem__)
    return [starts[i] for i in ranked]


def _trim_to_words(window: str, matcher: difflib.SequenceMatcher[str]) -> str:
    """The word-aligned slice of `window` that matches best (drop stray words at either end)."""
    cuts = [0] + [m.end() for m in re.finditer(r"\s", window)]
    ends = [m.start() for m in re.finditer(r"\s", window)] + [len(window)]
    best, best_ratio = window, -1.0
    for start in cuts[:3]:
        for end in ends:
            if end <= start:
                continue
            matcher.set_seq1(window[start:end])
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = window[start:end], ratio
    return best


@lru_cache(maxsize=4096)
def _haystack(text: str) -> Haystack:
    return Haystack.build(text)
