"""The numbers of a page for one theme and variant: type sizes (points) and spacing (millimetres).

Every writer (PDF, HTML, later DOCX) takes them from here, so large print is
large in the same way everywhere and the HTML's lines match the PDF's.
"""

from __future__ import annotations

from dataclasses import dataclass

from lessonpress.style.locale import hyphenation
from lessonpress.style.theme import Theme
from lessonpress.style.variant import Variant

LARGE_TEXT = 16.0  # large print: reading text at least this size (points)
LARGE_MARGIN_TEXT = 14.0  # large print: line numbers, header and footer at least this size


@dataclass(frozen=True)
class Measures:
    theme: Theme
    variant: Variant
    lang: str = "en"  # the copy's language (BCP 47): which hyphenation dictionary breaks its words

    def size(self, name: str) -> float:
        """A theme size (`body`, `small`, `line_number`, ...), enlarged and floored for large print."""
        value: float = getattr(self.theme.sizes, name)
        if not self.variant.large:
            return value
        return max(value * self.scale, LARGE_MARGIN_TEXT if name in ("line_number", "furniture") else LARGE_TEXT)

    @property
    def scale(self) -> float:
        """Large print enlarges every size so that body text is at least LARGE_TEXT."""
        return max(1.0, LARGE_TEXT / self.theme.sizes.body) if self.variant.large else 1.0

    @property
    def leading(self) -> float:
        return self.theme.leading * (1.12 if self.variant.large else 1.0)

    @property
    def gutter_mm(self) -> float:
        return self.theme.gutter_mm * (1.25 if self.variant.large else 1.0)

    @property
    def hyphenation(self) -> str:
        """The pyphen dictionary for words broken across lines (with a visible hyphen), by the document's language
        ('' for a language pyphen has no dictionary for, such as Chinese: no hyphens)."""
        return hyphenation(self.lang)

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
