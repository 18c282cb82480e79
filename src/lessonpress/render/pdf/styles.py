"""Everything about how pages look, built once per document from the theme: fonts, styles, page geometry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import reportlab.lib.styles  # noqa: F401 - must be imported before canvas_basefontname is changed
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from lessonpress.render.pdf.fonts import Fonts, cjk_family, load_family
from lessonpress.style.hyphenation import hyphenator
from lessonpress.style.locale import cjk
from lessonpress.style.measures import Measures
from lessonpress.style.theme import Theme
from lessonpress.style.variant import Variant


def _has_pyphen() -> bool:
    try:
        import pyphen  # noqa: F401
    except ImportError:  # pragma: no cover - a dependency; without it long words break without a hyphen
        return False
    return True


_HYPHENATION = _has_pyphen()
PAPER = {"letter": LETTER, "a4": A4}


class Look:
    def __init__(self, theme: Theme, paper: str, fonts_dir: Path | None, variant: Variant | None = None, lang: str = "en",
                 text_lang: str | None = None):
        variant = variant or Variant()
        self.theme = theme
        self.variant = variant
        self.lang = lang  # the copy's language, its wording's
        # the language of the lesson's own text (a Spanish class's copy of an English lesson: en), which the cells'
        # hyphenation follows: a table cell breaks a word of the word bank, not of the wording
        self.text_lang = text_lang or lang
        self.large = variant.large
        self.measures = Measures(theme, variant, self.text_lang)
        # the pages use body regular and italic, heading regular and bold; loading a face costs ~20 ms
        body = load_family(self.measures.body_family, fonts_dir, ("regular", "italic"))
        heading = load_family(theme.fonts.heading, fonts_dir, ("regular", "bold"))
        if cjk(lang):  # a Chinese copy's headings and labels (some drawn and measured in one font) in the CJK sans font
            heading = cjk_family() or heading
        self.fonts = Fonts(body, heading, fonts_dir)
        rl_config.canvas_basefontname = self.fonts.body.regular.name
        rl_config.useA85 = 0  # binary streams: smaller files and less work than ASCII85 text
        self.pagesize = PAPER[paper]
        m = theme.margins_mm
        self.margins = (m.left * mm, m.right * mm, m.top * mm, m.bottom * mm)
        self.frame_width = self.pagesize[0] - self.margins[0] - self.margins[1]
        self.gutter = self.measures.gutter_mm * mm
        self.answer_gap = self.measures.answer_line_mm * mm
        self.color = {name: colors.HexColor(value) for name, value in theme.colors.model_dump().items()}
        self.styles = self._styles()
        self._variants: dict[tuple[str, tuple[tuple[str, Any], ...]], ParagraphStyle] = {}
        faces = {f.name: f for family in (self.fonts.body, self.fonts.heading) for f in family.faces.values()}
        self._face_of = {name: faces.get(style.fontName) for name, style in self.styles.items()}

    def variant_style(self, name: str, **changes: Any) -> ParagraphStyle:
        """Style `name` with `changes` (an indent, an alignment), made once per look: every paragraph in it shares one
        style object, so the parse cache finds it and memory does not grow with each paragraph printed."""
        key = (name, tuple(sorted(changes.items())))
        made = self._variants.get(key)
        if made is None:
            tag = "-".join(f"{k}{v}" for k, v in key[1])
            made = self._variants[key] = self.styles[name].clone(f"{name}-{tag}", **changes)
        return made

    def size(self, name: str) -> float:
        return self.measures.size(name)

    def _style(self, name: str, size: str, heading: bool = False, **extra: object) -> ParagraphStyle:
        family = self.fonts.heading if heading else self.fonts.body
        leading_factor = self.measures.leading
        base: dict[str, object] = {
            "fontName": family.regular.name,
            "fontSize": self.size(size),
            "leading": round(self.size(size) * leading_factor, 2),
            "textColor": self.color["text"],
            "alignment": TA_LEFT,
            "uriWasteReduce": 0.3,  # a long web address breaks rather than running past the margin
        }
        base.update(extra)
        return ParagraphStyle(name, **base)

    @property
    def _hyphenated(self) -> dict[str, object]:
        # the dictionary loads when a word first breaks (from the copy a build keeps, if it has one)
        return {"hyphenationLang": hyphenator(self.measures.hyphenation), "embeddedHyphenation": 1} if _HYPHENATION else {}

    def _styles(self) -> dict[str, ParagraphStyle]:
        bold = self.fonts.heading.faces["bold"].name
        italic = self.fonts.body.faces["italic" if self.measures.italic else "regular"].name
        accent, muted = self.color["accent"], self.color["muted"]
        return {
            "body": self._style("body", "body"),
            # excerpts are never hyphenated: a quote's words stay as the source printed them, and line citations count them
            "excerpt": self._style("excerpt", "excerpt", spaceAfter=round(self.size("excerpt") * 0.5, 1)),
            "title": self._style("title", "title", True, fontName=bold, textColor=accent, leading=self.size("title") * 1.2, spaceAfter=2),
            "kicker": self._style("kicker", "small", True, textColor=muted, spaceAfter=2),
            "meta": self._style("meta", "small", True, textColor=muted),
            "furniture": self._style("furniture", "furniture", True, textColor=muted, leading=self.size("furniture") * 1.2),
            "h2": self._style("h2", "heading", True, fontName=bold, textColor=accent, spaceBefore=10, spaceAfter=5, keepWithNext=1),
            "h3": self._style("h3", "subheading", True, fontName=bold, spaceBefore=6, spaceAfter=2, keepWithNext=1),
            "question": self._style("question", "body", True, spaceBefore=2, spaceAfter=3),
            "instruction": self._style("instruction", "small", True, textColor=muted, spaceAfter=2),
            "provenance": self._style("provenance", "small", True, textColor=muted, spaceAfter=3, keepWithNext=1),
            "headnote": self._style("headnote", "body", False, fontName=italic, spaceAfter=5, keepWithNext=1),
            "box": self._style("box", "body", True),
            "boxlabel": self._style("boxlabel", "small", True, fontName=bold, textColor=accent),
            # table columns are narrow: a word too long for one breaks at a hyphenation point, with a visible hyphen
            "cell": self._style("cell", "small", True, **self._hyphenated),
            "cellhead": self._style("cellhead", "small", True, fontName=bold, **self._hyphenated),
            # answers differ by weight and typeface, not colour alone (a black-and-white copier keeps them apart)
            "answer": self._style("answer", "body", True, fontName=bold, textColor=self.color["accent"]),
            "small": self._style("small", "small"),
            "number": self._style("number", "line_number", True, textColor=muted, alignment=TA_CENTER),
        }

    def p(self, text: str, style: str = "body") -> str:
        """Markup for user or template text in `style`'s font (escaped, with fallback runs)."""
        return self.fonts.markup(text, self._face_of[style])
