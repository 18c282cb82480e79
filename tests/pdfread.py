"""Read built PDFs back the way a reader sees them: printed lines with their position, size and font."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


@dataclass
class Line:
    page: int
    y: float
    x: float
    size: float
    font: str
    text: str


def lines(path: Path) -> list[Line]:
    """Printed lines in reading order; text chunks on one baseline are joined left to right."""
    out: list[Line] = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        chunks: list[tuple[float, float, float, str, str]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: dict | None, size: float) -> None:  # type: ignore[type-arg]
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                name = str(font.get("/BaseFont", "")) if font else ""
                for offset, part in enumerate(text.split("\n")):
                    if part.strip():
                        chunks.append((round(y - offset * size * 1.4, 1), x, size, name, part))  # noqa: B023 - called at once

        page.extract_text(visitor_text=visit)
        rows: dict[tuple[float, float], list[tuple[float, float, str, str]]] = {}
        for y, x, size, name, text in chunks:
            rows.setdefault((y, size), []).append((x, size, name, text))
        for (y, size), parts in rows.items():
            # keep drawing order: chunks after a font switch report the line's start x, so x cannot order them
            out.append(Line(number, y, min(p[0] for p in parts), size, parts[0][2], "".join(p[3] for p in parts)))
    return sorted(out, key=lambda l: (l.page, -l.y, l.x))


def text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


@dataclass
class ExcerptLine:
    number: int  # counted independently, from 1
    label: int | None  # the line number printed beside it, if any
    text: str
    page: int = 0


def document_lines(path: Path, letter: str) -> list[ExcerptLine]:
    """The printed lines of Document <letter>'s excerpt, counted from the PDF itself."""
    all_lines = lines(path)
    start = next(i for i, l in enumerate(all_lines) if re.fullmatch(rf"Document {letter}( \(.*\))?", l.text.strip()) and "Bold" in l.font)
    heading = all_lines[start]
    body: list[Line] = []
    labels: dict[tuple[int, float], int] = {}
    for line in all_lines[start + 1 :]:
        if "Bold" in line.font and line.x <= heading.x + 1 and line.size >= heading.size * 0.8:
            break  # the next heading ("Document B", "Questions", "Original wording")
        if line.text.strip().isdigit() and line.x < heading.x + 40:
            labels[(line.page, line.y)] = int(line.text)
        elif line.x > heading.x + 10 and line.size > 6 and not _is_furniture(line, all_lines):
            body.append(line)
    return [ExcerptLine(i, labels.get((l.page, l.y)), l.text, l.page) for i, l in enumerate(body, start=1)]


def _is_furniture(line: Line, all_lines: list[Line]) -> bool:
    top = max(l.y for l in all_lines if l.page == line.page)
    bottom = min(l.y for l in all_lines if l.page == line.page)
    return line.y in (top, bottom)


def fonts_embedded(path: Path) -> dict[str, bool]:
    """Every font on every page -> whether its glyphs are embedded in the file."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor_owner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descriptor_owner.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found
