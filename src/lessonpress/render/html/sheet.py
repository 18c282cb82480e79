"""The numbers the HTML stylesheet needs, taken from the theme and the variant the way the PDF's Look takes them.

Only validated values reach the CSS: colours are checked hex by the theme
model, sizes are numbers, font names are cut down to letters, digits, spaces
and dashes, and text (the running header and footer) is written as CSS string
escapes. So a stylesheet can never close its <style> element or load anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lessonpress.document.model import Furniture
from lessonpress.style.measures import Measures
from lessonpress.style.theme import Theme
from lessonpress.style.variant import Variant

PAPER_MM = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
PAPER_CSS = {"letter": "letter", "a4": "A4"}
SERIF = '"DejaVu Serif", "Bitstream Vera Serif", Georgia, "Times New Roman", serif'
SANS = '"DejaVu Sans", "Bitstream Vera Sans", Verdana, "Segoe UI", Arial, sans-serif'
_PAGE, _PAGES = 7_000_001, 7_000_002  # stand-ins for page numbers when asking the wording for its page label


def font_stack(name: str) -> str:
    """A CSS font-family list: the theme's family first, then look-alikes installed on most computers."""
    safe = re.sub(r"[^A-Za-z0-9 _-]", "", name).strip()
    fallback = SANS if "sans" in safe.lower() else SERIF
    return f'"{safe}", {fallback}' if safe else fallback


def css_string(text: str) -> str:
    """Text as a quoted CSS string: every character but letters, digits and spaces as an escape, so nothing can break out."""
    out = []
    for char in text:
        if char.isascii() and (char.isalnum() or char == " "):
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")  # the escape ends at the space, which CSS consumes with it
    return '"' + "".join(out) + '"'


def page_label(furniture: Furniture) -> str:
    """The wording's "Page N of M" as CSS content with page counters, so a printed copy numbers its own pages."""
    label = furniture.page_label(_PAGE, _PAGES)
    before, found, rest = label.partition(str(_PAGE))
    if not found:
        return "counter(page)"
    middle, found, after = rest.partition(str(_PAGES))
    parts = [css_string(before), "counter(page)"]
    parts += [css_string(middle), "counter(pages)", css_string(after)] if found else [css_string(rest)]
    return " ".join(part for part in parts if part != '""')


@dataclass(frozen=True)
class Sheet:
    """Sizes in points, lengths in millimetres, as the PDF uses them; `zoom` enlarges everything on screens only."""

    size: dict[str, float]
    leading: float
    colors: dict[str, str]
    body_font: str
    heading_font: str
    italic: bool
    page: str
    page_mm: tuple[float, float]
    margins_mm: dict[str, float]
    gutter_mm: float
    answer_mm: float
    zoom: float
    header_left: str
    header_right: str
    footer_left: str
    page_label: str
    first_page_header: bool

    @property
    def measure_mm(self) -> float:
        """The width the PDF breaks excerpt lines at: the frame less the line-number gutter."""
        return self.page_mm[0] - self.margins_mm["left"] - self.margins_mm["right"] - self.gutter_mm


def sheet(theme: Theme, variant: Variant, paper: str, furniture: Furniture) -> Sheet:
    measures = Measures(theme, variant)
    margins = theme.margins_mm
    return Sheet(
        size={name: round(measures.size(name), 2) for name in theme.sizes.model_dump()},
        leading=round(measures.leading, 3),
        colors=dict(theme.colors.model_dump()),
        body_font=font_stack(measures.body_family),
        heading_font=font_stack(theme.fonts.heading),
        italic=measures.italic,
        page=PAPER_CSS.get(paper, "letter"),
        page_mm=PAPER_MM.get(paper, PAPER_MM["letter"]),
        margins_mm={"top": margins.top, "right": margins.right, "bottom": margins.bottom, "left": margins.left},
        gutter_mm=round(measures.gutter_mm, 2),
        answer_mm=measures.answer_line_mm,
        zoom=1.0 if variant.large else 1.2,
        header_left=css_string(furniture.header_left),
        header_right=css_string(furniture.header_right),
        footer_left=css_string(furniture.footer_left),
        page_label=page_label(furniture),
        first_page_header=furniture.first_page_header,
    )
