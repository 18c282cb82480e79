"""Cut a document's excerpt out of its material: select, then omit and replace exact passages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from lessonpress.errors import Diagnostics, Pos
from lessonpress.resolve.materials import Material
from lessonpress.resolve.textmatch import Haystack, clip, closest_passage, nfc
from lessonpress.spec.models import SourceSpec
from lessonpress.spec.yamltree import PathKey

ELLIPSIS = "…"
Locate = Callable[[PathKey], Pos]


@dataclass(frozen=True)
class Run:
    text: str  # as printed
    kind: Literal["text", "omission", "replaced", "gap"] = "text"
    original: str = ""  # the source's wording, for omissions and replacements


@dataclass(frozen=True)
class ExcerptParagraph:
    runs: tuple[Run, ...]
    number: int | None  # the material's paragraph number; None for a "[…]" gap between selected paragraphs

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Excerpt:
    paragraphs: tuple[ExcerptParagraph, ...]
    adapted: bool = False  # a reading tier's own text in place of the source's words: labelled (Adapted)

    @property
    def modified(self) -> bool:
        return bool(self.changes) and not self.adapted

    @property
    def changes(self) -> list[Run]:
        """Omissions and replacements inside the text; gaps between selected paragraphs are plain excerpting."""
        return [run for p in self.paragraphs for run in p.runs if run.kind in ("omission", "replaced")]

    @property
    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs if p.number is not None)


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    run: Run


def cut_excerpt(spec: SourceSpec, material: Material, at: Locate, diags: Diagnostics) -> Excerpt | None:
    """`at(("select", "section"))` gives the position of a key inside this source's spec, for errors."""
    before = len(diags.errors)
    segments = _select(spec, material, at, diags)
    if segments is None:
        return None
    edits: dict[int, list[_Edit]] = {index: [] for index in range(len(segments))}
    haystacks = [Haystack.of(text) for _, text in segments]
    for index, passage in enumerate(spec.omit):
        for seg, start, end in _occurrences(passage, haystacks, material, segments, at(("omit", index)), diags):
            edits[seg].append(_Edit(start, end, Run(ELLIPSIS, "omission", segments[seg][1][start:end])))
    for passage, wording in spec.replace.items():
        for seg, start, end in _occurrences(passage, haystacks, material, segments, at(("replace", passage)), diags):
            edits[seg].append(_Edit(start, end, Run(nfc(wording), "replaced", segments[seg][1][start:end])))
    paragraphs: list[ExcerptParagraph] = []
    previous: int | None = None
    for index, (number, text) in enumerate(segments):
        if previous is not None and number > previous + 1:
            paragraphs.append(ExcerptParagraph((Run(f"[{ELLIPSIS}]", "gap"),), None))
        previous = number
        runs = _apply(text, sorted(edits[index], key=lambda e: e.start), at(("omit",)), diags)
        paragraphs.append(ExcerptParagraph(runs, number))
    if len(diags.errors) > before:
        return None
    return Excerpt(tuple(paragraphs))


def _select(spec: SourceSpec, material: Material, at: Locate, diags: Diagnostics) -> list[tuple[int, str]] | None:
    select = spec.select
    count = len(material.paragraphs)
    if select is None:
        return [(p.number, p.text) for p in material.paragraphs]
    if select.paragraphs is not None:
        # spans are checked before they are expanded, so "1-9999999999" costs nothing
        bad = [first if first < 1 else max(first, count + 1) for first, last in select.paragraphs if first < 1 or last > count]
        if bad:
            diags.error(
                at(("select", "paragraphs")),
                f"paragraph {min(bad)} is out of range: {material.id} has paragraphs 1-{count}",
            )
            return None
        wanted = sorted({n for first, last in select.paragraphs for n in range(first, last + 1)})
        return [(n, material.paragraph(n).text) for n in wanted]
    if select.section is not None:
        section = material.find_section(select.section)
        if section is None:
            diags.error(at(("select", "section")), f"{material.id} has no section '{select.section}'{material.section_hint(select.section)}")
            return None
        if not section.paragraphs:
            diags.error(at(("select", "section")), f"section '{section.title}' of {material.id} has no text; choose another section or paragraphs")
            return None
        return [(n, material.paragraph(n).text) for n in section.paragraphs]
    assert select.quote is not None
    return _select_quote(select.quote.from_, select.quote.to, material, at, diags)


def _select_quote(first: str, last: str, material: Material, at: Locate, diags: Diagnostics) -> list[tuple[int, str]] | None:
    full = material.full_text
    hay = Haystack.of(full)
    start = hay.find(first)
    if start is None:
        diags.error(at(("select", "quote", "from")), _not_found("'from' text", first, material.id, full))
        return None
    end = hay.find(last, start[0])
    if end is None:
        earlier = hay.find(last)
        message = (
            f"the 'to' text comes before the 'from' text in {material.id}: swap them"
            if earlier
            else _not_found("'to' text", last, material.id, full)
        )
        diags.error(at(("select", "quote", "to")), message)
        return None
    segments = []
    offset = 0
    for paragraph in material.paragraphs:
        p_start, p_end = offset, offset + len(paragraph.text)
        lo, hi = max(p_start, start[0]), min(p_end, end[1])
        if lo < hi:
            segments.append((paragraph.number, paragraph.text[lo - p_start : hi - p_start]))
        offset = p_end + 2
    return segments


def _occurrences(
    passage: str, haystacks: list[Haystack], material: Material, segments: list[tuple[int, str]], pos: Pos, diags: Diagnostics
) -> list[tuple[int, int, int]]:
    found = [(index, s, e) for index, hay in enumerate(haystacks) for s, e in hay.find_all(passage)]
    if not found:
        selected = "\n\n".join(text for _, text in segments)
        outside = material.where(passage)
        diags.error(pos, _not_found("text", passage, material.id, selected, "the selected text") if not outside else f'text "{clip(passage)}" is not in the selected text{outside}')
    return found


def _not_found(what: str, passage: str, material_id: str, text: str, where: str = "") -> str:
    closest = closest_passage(text, passage)
    place = where or material_id
    hint = f'; closest passage: "{closest}"' if closest else ""
    return f'{what} "{clip(passage)}" does not occur in {place}{" of " + material_id if where else ""}{hint}'



def _apply(text: str, edits: list[_Edit], pos: Pos, diags: Diagnostics) -> tuple[Run, ...]:
    runs: list[Run] = []
    cursor = 0
    for edit in edits:
        if edit.start < cursor:
            diags.error(pos, f'"{clip(edit.run.original)}" overlaps another omit or replace passage: make them separate')
            continue
        runs.append(Run(text[cursor : edit.start]))
        runs.append(edit.run)
        cursor = edit.end
    runs.append(Run(text[cursor:]))
    return _space_omissions([r for r in runs if r.text or r.kind != "text"])


_CLOSING = set(".,;:!?)]}”’»")


def _space_omissions(runs: list[Run]) -> tuple[Run, ...]:
    """An omission reads ' … ' between words, '… ' at the start and ' …' at the end."""
    out: list[Run] = []
    for index, run in enumerate(runs):
        if run.kind != "omission":
            out.append(run)
            continue
        if out and out[-1].kind == "text":
            out[-1] = Run(out[-1].text.rstrip())
        has_left = bool(out)
        has_right = index + 1 < len(runs)
        if has_right and runs[index + 1].kind == "text":
            runs[index + 1] = Run(runs[index + 1].text.lstrip())
            if runs[index + 1].text[:1] in _CLOSING:  # "hypocrisy … . There" reads "hypocrisy ….", like a typesetter would
                has_right = False
        out.append(Run((" " if has_left else "") + ELLIPSIS + (" " if has_right else ""), "omission", run.original))
    return tuple(out)


def adapted_excerpt(text: str) -> Excerpt:
    """A tier's own text: paragraphs separated by a blank line, each line's spaces collapsed."""
    blocks = [" ".join(part.split()) for part in nfc(text).replace("\r\n", "\n").split("\n\n")]
    return Excerpt(tuple(ExcerptParagraph((Run(block),), n) for n, block in enumerate((b for b in blocks if b), 1)), adapted=True)
