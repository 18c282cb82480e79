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
                        chunks.append((round(y - offset * size * 1.4, 1), x, size, name, part))

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


def document_lines(path: Path, letter: str, excerpt_size: float = 10.5, heading_size: float = 13.0) -> list[ExcerptLine]:
    """The printed lines of Document <letter>'s excerpt, counted from the PDF itself."""
    all_lines = lines(path)
    start = next(i for i, l in enumerate(all_lines) if l.text.strip() == f"Document {letter}" and l.size == heading_size)
    body: list[Line] = []
    labels: dict[tuple[int, float], int] = {}
    excerpt_x = None
    for line in all_lines[start + 1 :]:
        if line.size == heading_size or (line.size < excerpt_size and not line.text.strip().isdigit() and body):
            if line.size == heading_size or "Original wording" in line.text:
                break
            continue
        if line.text.strip().isdigit() and line.size < excerpt_size:
            labels[(line.page, line.y)] = int(line.text)
            continue
        if line.size == excerpt_size and "Italic" not in line.font:
            excerpt_x = excerpt_x if excerpt_x is not None else line.x
            if abs(line.x - excerpt_x) < 1:
                body.append(line)
    return [ExcerptLine(i, labels.get((l.page, l.y)), l.text) for i, l in enumerate(body, start=1)]


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
