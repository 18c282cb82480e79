"""Materials: source texts in Markdown with YAML front matter, split into numbered paragraphs and sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt

from lessonpress.errors import Diagnostics, LessonpressError, Pos, suggest
from lessonpress.files import read_text
from lessonpress.resolve.images import ImageFile, inspect_image
from lessonpress.resolve.textmatch import nfc, squash
from lessonpress.spec.explain import validate_node
from lessonpress.spec.models import MaterialMeta
from lessonpress.spec.yamltree import parse_yaml

Align = Literal["left", "right", "center"]
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
    tables: list[MaterialTable] = field(default_factory=list)
    image: ImageFile | None = None  # an image material's checked picture
    translations: dict[str, Material] = field(default_factory=dict)  # language -> a checked translation of this material

    @property
    def is_visual(self) -> bool:
        return self.image is not None or (bool(self.tables) and not self.paragraphs)

    @property
    def files(self) -> list[Path]:
        """Every file this material reads: its text and its picture."""
        return [self.path] + ([self.image.path] if self.image else [])

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


def load_material(path: Path, diags: Diagnostics, max_bytes: int, root: Path | None = None,
                  max_image_bytes: int = 20_000_000, max_image_pixels: int = 40_000_000) -> Material | None:
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
    body = parse_markdown(lines[end + 1 :], first_line=end + 2)
    failed = False
    for line, column, message in body.problems:
        diags.error(Pos(path, line, column), message)
        failed = True
    image = None
    if meta.image is not None:
        image = _checked_image(path, meta, meta_pos, diags, root, max_image_bytes, max_image_pixels)
        failed = failed or image is None
    elif meta.alt is not None or meta.caption is not None:
        key = "alt" if meta.alt is not None else "caption"
        diags.warning(meta_pos.get(key, Pos(path)), f"'{key}' is for image materials; this material has no 'image:', so it is not printed")
    if not body.paragraphs and not body.tables and meta.image is None:
        diags.error(Pos(path, end + 1), "this material has no text after its front matter (or an 'image:' or a table)")
        return None
    if failed:
        return None
    return Material(meta.id or path.stem, meta, path, body.paragraphs, body.sections, meta_pos, body.tables, image)


def _checked_image(path: Path, meta: MaterialMeta, meta_pos: dict[str, Pos], diags: Diagnostics, root: Path | None,
                   max_bytes: int, max_pixels: int) -> ImageFile | None:
    at = meta_pos.get("image", Pos(path))
    if meta.alt is None:
        diags.error(at, "an image material needs 'alt:', a short text alternative for a student who cannot see the picture "
                        "(say what it shows that matters for the lesson)")
    assert meta.image is not None
    try:
        image = inspect_image(path.parent / meta.image, at, root, max_bytes, max_pixels, meta.image)
    except LessonpressError as exc:
        diags.extend(exc.diagnostics)
        return None
    return image if meta.alt is not None else None


def _heading(line: str) -> tuple[int, str] | None:
    """(level, title) of a Markdown heading such as '## Title ##', or None."""
    match = _HEADING.match(line.lstrip(" "))
    if not match:
        return None
    title = line.lstrip(" ")[match.end() :].rstrip()
    return len(match.group(1)), title.rstrip("#").rstrip() or title


@dataclass(frozen=True)
class MaterialTable:
    """A pipe table: the header row, each column's alignment, the body rows, and where each sits in the file."""

    header: tuple[str, ...]
    align: tuple[Align, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int  # of the header row
    row_lines: tuple[int, ...]

    def find_row(self, key: str) -> int | None:
        """The index of the row whose first cell is `key` (spacing and case ignored)."""
        wanted = squash(key).casefold()
        return next((i for i, row in enumerate(self.rows) if squash(row[0]).casefold() == wanted), None)

    def column(self, header: str) -> int | None:
        wanted = squash(header).casefold()
        return next((i for i, name in enumerate(self.header) if squash(name).casefold() == wanted), None)


@dataclass
class Body:
    paragraphs: list[Paragraph]
    sections: list[Section]
    tables: list[MaterialTable]
    problems: list[tuple[int, int, str]]  # (line, column, message): tables that are not quite tables


_MARKDOWN = MarkdownIt("zero").enable(["heading", "table"])  # everything else (lists, quotes, code, HTML) stays literal text


def parse_body(lines: list[str], first_line: int) -> tuple[list[Paragraph], list[Section]]:
    body = parse_markdown(lines, first_line)
    return body.paragraphs, body.sections


def parse_markdown(lines: list[str], first_line: int) -> Body:
    """Paragraphs (numbered in reading order), sections and tables of a material's Markdown body.

    markdown-it-py finds the blocks and their source lines; a paragraph's text is
    its lines joined with single spaces, exactly as printed before tables existed,
    so paragraph numbers of text materials never change.
    """
    paragraphs: list[Paragraph] = []
    tables: list[MaterialTable] = []
    problems: list[tuple[int, int, str]] = []
    open_sections: list[tuple[str, int, int, list[int]]] = []  # title, level, line, numbers
    closed: list[tuple[str, int, int, list[int]]] = []
    tokens = _MARKDOWN.parse("\n".join(lines))
    for token in tokens:
        if token.map is None or token.level != 0:
            continue
        begin, end = token.map
        if token.type == "heading_open":
            heading = _heading(lines[begin])
            if heading is None:
                continue
            level, title = heading
            while open_sections and open_sections[-1][1] >= level:
                closed.append(open_sections.pop())
            open_sections.append((nfc(title), level, first_line + begin, []))
        elif token.type == "paragraph_open":
            chunk = lines[begin:end]
            number = len(paragraphs) + 1
            paragraphs.append(Paragraph(number, nfc(" ".join(part.strip() for part in chunk)), first_line + begin))
            for section in open_sections:
                section[3].append(number)
            if _looks_like_table(chunk):
                problems.append((first_line + begin, 1, _not_a_table(chunk)))
        elif token.type == "table_open":
            table, table_problems = _table(lines[begin:end], first_line + begin)
            tables.append(table)
            problems.extend(table_problems)
    closed.extend(open_sections)
    sections = sorted((Section(t, lv, ln, tuple(nums)) for t, lv, ln, nums in closed), key=lambda s: s.line)
    return Body(paragraphs, sections, tables, problems)


def _cells(line: str) -> list[str]:
    """The cells of a pipe-table row: split at '|' that is not escaped, outer pipes dropped."""
    text = line.strip()
    text = text.removeprefix("|")
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", text)]


def _align(delimiter: str) -> Align:
    cell = delimiter.strip()
    if cell.startswith(":") and cell.endswith(":"):
        return "center"
    return "right" if cell.endswith(":") else "left"


def _table(lines: list[str], first: int) -> tuple[MaterialTable, list[tuple[int, int, str]]]:
    header = _cells(lines[0])
    align = [_align(cell) for cell in _cells(lines[1])]
    rows: list[tuple[str, ...]] = []
    problems: list[tuple[int, int, str]] = []
    for offset, line in enumerate(lines[2:], start=2):
        cells = _cells(line)
        if len(cells) != len(header):
            problems.append((first + offset, 1, (f"this table row has {len(cells)} cell{'s' if len(cells) != 1 else ''} but the header has "
                             f"{len(header)}: give every row one cell per column (an empty cell is '| |')")))
        cells = (cells + [""] * len(header))[: len(header)]
        rows.append(tuple(nfc(cell) for cell in cells))
    if not rows:
        problems.append((first, 1, "this table has a header but no rows"))
    if any(not cell for cell in header):
        problems.append((first, 1, "every column of a table needs a header"))
    table = MaterialTable(tuple(nfc(h) for h in header), tuple(align), tuple(rows), first, tuple(first + i for i in range(2, len(lines))))
    return table, problems


def _looks_like_table(chunk: list[str]) -> bool:
    return all(line.strip().startswith("|") and line.strip().endswith("|") and len(line.strip()) > 1 for line in chunk)


def _not_a_table(chunk: list[str]) -> str:
    if len(chunk) < 2:
        return "this line looks like a table row but has no header and delimiter row: a table is '| A | B |' then '|---|---|' then its rows"
    return ("this looks like a table, but its second line is not a delimiter row with one '---' per column "
            f"(for {len(_cells(chunk[0]))} columns: |{'---|' * len(_cells(chunk[0]))})")
