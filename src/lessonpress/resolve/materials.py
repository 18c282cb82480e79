"""Materials: source texts in Markdown with YAML front matter, split into numbered paragraphs and sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lessonpress.errors import Diagnostics, LessonpressError, Pos, suggest
from lessonpress.files import read_text
from lessonpress.resolve.textmatch import nfc, squash
from lessonpress.spec.explain import validate_node
from lessonpress.spec.models import MaterialMeta
from lessonpress.spec.yamltree import parse_yaml

_HEADING = re.compile(r"(#{1,6})\s+(?=\S)")  # the title is cut out by _heading: a regex for it backtracks badly on long lines


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based, reading order, headings not counted
    text: str  # NFC, soft line breaks joined with a space
    line: int  # where it starts in the file


@dataclass(frozen=True)
class Section:
    title: str
    level: int
    line: int
    paragraphs: tuple[int, ...]  # numbers, including those of sub-sections


@dataclass
class Material:
    id: str
    meta: MaterialMeta
    path: Path
    paragraphs: list[Paragraph]
    sections: list[Section] = field(default_factory=list)
    meta_pos: dict[str, Pos] = field(default_factory=dict)  # front-matter key -> position

    @property
    def full_text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]

    def find_section(self, title: str) -> Section | None:
        wanted = squash(title).casefold()
        for section in self.sections:
            if squash(section.title).casefold() == wanted:
                return section
        return None

    def where(self, passage: str) -> str:
        """' (it is in paragraph 3 of x)' when the passage is somewhere in the material, for error hints."""
        from lessonpress.resolve.textmatch import Haystack

        for paragraph in self.paragraphs:
            if Haystack.of(paragraph.text).find(passage):
                return f" (it is in paragraph {paragraph.number} of {self.id}, outside the selection)"
        return ""

    def section_hint(self, title: str) -> str:
        hint = suggest(title, {s.title for s in self.sections})
        if hint:
            return hint
        return f"; its sections are: {', '.join(repr(s.title) for s in self.sections)}" if self.sections else "; it has no headings"


def load_material(path: Path, diags: Diagnostics, max_bytes: int, root: Path | None = None) -> Material | None:
    try:
        text = read_text(path, max_bytes, root)
    except LessonpressError as exc:
        diags.extend(exc.diagnostics)
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        diags.error(Pos(path), "a material starts with YAML front matter between two '---' lines (id, title, kind, author, ...)")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        diags.error(Pos(path), "front matter is not closed: add a line '---' after it")
        return None
    try:
        node = parse_yaml("\n".join(lines[1:end]), path, line_offset=1)
    except LessonpressError as exc:
        diags.extend(exc.diagnostics)
        return None
    meta = validate_node(MaterialMeta, node, path, diags, "material front matter")
    if meta is None:
        return None
    meta_pos = {}
    if node is not None and hasattr(node, "items") and isinstance(node.items, dict):
        meta_pos = {key: value.pos for key, (_, value) in node.items.items()}
    paragraphs, sections = parse_body(lines[end + 1 :], first_line=end + 2)
    if not paragraphs:
        diags.error(Pos(path, end + 1), "this material has no text after its front matter")
        return None
    return Material(meta.id or path.stem, meta, path, paragraphs, sections, meta_pos)


def _heading(line: str) -> tuple[int, str] | None:
    """(level, title) of a Markdown heading such as '## Title ##', or None."""
    match = _HEADING.match(line)
    if not match:
        return None
    title = line[match.end() :].rstrip()
    return len(match.group(1)), title.rstrip("#").rstrip() or title


def parse_body(lines: list[str], first_line: int) -> tuple[list[Paragraph], list[Section]]:
    paragraphs: list[Paragraph] = []
    open_sections: list[tuple[str, int, int, list[int]]] = []  # title, level, line, numbers
    closed: list[tuple[str, int, int, list[int]]] = []
    buffer: list[str] = []
    start = 0

    def flush() -> None:
        if buffer:
            number = len(paragraphs) + 1
            paragraphs.append(Paragraph(number, nfc(" ".join(part.strip() for part in buffer)), start))
            for section in open_sections:
                section[3].append(number)
            buffer.clear()

    for offset, raw in enumerate(lines):
        line_no = first_line + offset
        heading = _heading(raw)
        if heading:
            flush()
            level, title = heading
            while open_sections and open_sections[-1][1] >= level:
                closed.append(open_sections.pop())
            open_sections.append((nfc(title), level, line_no, []))
        elif raw.strip():
            if not buffer:
                start = line_no
            buffer.append(raw)
        else:
            flush()
    flush()
    closed.extend(open_sections)
    sections = sorted((Section(t, lv, ln, tuple(nums)) for t, lv, ln, nums in closed), key=lambda s: s.line)
    return paragraphs, sections
