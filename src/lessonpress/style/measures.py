"""The numbers of a page for one theme and variant: type sizes (points) and spacing (millimetres).

Every writer (PDF, HTML, later DOCX) takes them from here, so large print is
large in the same way everywhere and the HTML's lines match the PDF's.
"""

from __future__ import annotations

from dataclasses import dataclass

from lessonpress.style.theme import Theme
from lessonpress.style.variant import Variant


@dataclass(frozen=True)
class Measures:
    theme: Theme
    variant: Variant

    def size(self, name: str) -> float:
        """A theme size (`body`, `small`, `line_number`, ...), enlarged and floored for large print."""
        value: float = getattr(self.theme.sizes, name)
        if not self.variant.large:
            return value
        return max(value * self.variant.scale, 12.0 if name == "line_number" else 16.0)

    @property
    def leading(self) -> float:
        return self.theme.leading * (1.12 if self.variant.large else 1.0)

    @property
    def gutter_mm(self) -> float:
        return self.theme.gutter_mm * (1.25 if self.variant.large else 1.0)

    @property
    def answer_line_mm(self) -> float:
        return max(self.theme.answer_line_mm, 12.0 if self.variant.large else 0.0)

    @property
    def body_family(self) -> str:
        """Large print is sans-serif throughout."""
        return self.theme.fonts.heading if self.variant.large else self.theme.fonts.body

    @property
    def italic(self) -> bool:
        """Large print has no italics (harder to read for low-vision readers)."""
        return not self.variant.large
