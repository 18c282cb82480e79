"""Named Word styles, list numbering and page geometry, taken from the theme and variant as the PDF takes them.

Every block is written with a named style ("Question", "Excerpt", "Provenance",
...) and no direct formatting of its text, so a teacher who changes a style in
Word changes it everywhere. Sizes come from `style.measures` (large print is
large in the same way as the PDF); lengths mirror the PDF writer's indents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import CharacterStyle, ParagraphStyle

from lessonpress.style.measures import Measures
from lessonpress.style.theme import Theme
from lessonpress.style.variant import Variant

PAPER_MM = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
INDENT_MM = 7.0  # as the PDF writer: questions' text and answer space
KEY_INDENT_MM = 4.0
ITEM_INDENT_MM = 10.0  # choices and items to order
CLAIM_INDENT_MM = 11.0
LABEL_MM = 6.0  # room for a choice's letter
LINE_NUMBER_GAP_MM = 2.5  # between a line number and its line, as in the PDF
SLACK_MM = 4.0  # an excerpt line may run this far into the right margin rather than wrap (font substitution)
QUESTIONS_NUM = 901  # numbering ids of our lists, clear of the template's
CHOICES_ABSTRACT = 902


@dataclass(frozen=True)
class Geometry:
    """The page of one variant in millimetres: the same frame the PDF lays out in."""

    page_mm: tuple[float, float]
    margins_mm: tuple[float, float, float, float]  # top, right, bottom, left
    gutter_mm: float
    answer_mm: float

    @property
    def text_mm(self) -> float:
        return self.page_mm[0] - self.margins_mm[1] - self.margins_mm[3]

    @property
    def body_mm(self) -> float:
        return self.page_mm[1] - self.margins_mm[0] - self.margins_mm[2]


def geometry(theme: Theme, variant: Variant, paper: str) -> Geometry:
    m = theme.margins_mm
    measures = Measures(theme, variant)
    return Geometry(PAPER_MM.get(paper, PAPER_MM["letter"]), (m.top, m.right, m.bottom, m.left), measures.gutter_mm,
                    measures.answer_line_mm)


@dataclass(frozen=True)
class Spec:
    """One paragraph style: what the PDF's style of the same job says, in Word's terms."""

    name: str
    size: str  # a theme size name
    face: Literal["body", "heading"] = "heading"
    base: str = "Normal"
    bold: bool = False
    italic: bool = False
    color: str = "text"
    indent_mm: float | None = None  # None: as the base style (Word's lists keep their own indents)
    hanging_mm: float = 0.0
    before: float = 0.0  # points
    after: float = 0.0
    keep_next: bool = False
    caps: bool = False
    leading: float | None = None  # line height as a multiple of the size; None: the theme's


# role and block styles; "Heading 1-3" are Word's own, restyled
PARAGRAPH_STYLES: tuple[Spec, ...] = (
    Spec("Heading 1", "title", bold=True, color="accent", after=2, keep_next=True, leading=1.2),
    Spec("Heading 2", "heading", bold=True, color="accent", before=10, after=5, keep_next=True),
    Spec("Heading 3", "subheading", bold=True, before=6, after=2, keep_next=True),
    Spec("Body Text", "body", face="body", after=6),
    Spec("Kicker", "small", color="muted", after=2),
    Spec("Prompt", "body", before=2, after=3),
    Spec("Question", "body", before=4, after=3, keep_next=True),
    Spec("Question Text", "body", indent_mm=INDENT_MM, after=3),
    Spec("Instruction", "small", color="muted", after=2),
    Spec("Provenance", "small", color="muted", after=3, keep_next=True),
    Spec("Headnote", "body", face="body", italic=True, after=5, keep_next=True),
    Spec("Claim", "body", face="body", italic=True, indent_mm=CLAIM_INDENT_MM, after=3),
    Spec("Answer", "body", bold=True, color="accent", indent_mm=INDENT_MM, after=4),
    Spec("Key Answer", "body", bold=True, color="accent", indent_mm=KEY_INDENT_MM, after=2),
    Spec("Citation", "small", face="body", indent_mm=KEY_INDENT_MM, after=2),
    Spec("Note", "small", face="body", after=2),
    Spec("Central Question", "body", after=6),
    Spec("Advisory", "small", after=6),
    Spec("Name Lines", "small", bold=True, before=4, after=6),
    Spec("Choice", "body", face="body", indent_mm=ITEM_INDENT_MM + LABEL_MM, hanging_mm=LABEL_MM, after=1),
    Spec("Choice Answer", "body", bold=True, color="accent", base="Choice", indent_mm=ITEM_INDENT_MM + LABEL_MM, hanging_mm=LABEL_MM,
         after=1),
    Spec("Order Item", "body", face="body", indent_mm=ITEM_INDENT_MM, after=1),
    Spec("Order Item Answer", "body", bold=True, color="accent", base="Order Item", indent_mm=ITEM_INDENT_MM, after=1),
    Spec("Rating Scale", "small", indent_mm=INDENT_MM, before=2, after=4),
    Spec("Answer Space", "small"),
    Spec("Table Text", "small"),
    Spec("Table Heading", "small", bold=True),
    Spec("Table Answer", "small", bold=True, color="accent"),
    Spec("Table Gap", "small"),
    Spec("Excerpt", "excerpt", face="body"),
    Spec("Header", "furniture", color="muted"),
    Spec("Footer", "furniture", color="muted"),
    Spec("Stamp", "furniture", bold=True, color="accent", base="Header"),
    Spec("List Bullet", "body", face="body", after=2),
    Spec("Note List", "small", face="body", base="List Bullet", after=1),
)
# added only to a file that has a picture, a table document or a chart, so other files keep their bytes
VISUAL_STYLES: tuple[Spec, ...] = (
    Spec("Figure", "body", face="body", before=2, after=2, keep_next=True, leading=1.0),
    Spec("Caption", "small", color="muted", before=3, after=6),
)
ROLE_STYLES = {
    "body": "Body Text", "kicker": "Kicker", "prompt": "Prompt", "question": "Question Text", "instruction": "Instruction",
    "headnote": "Headnote", "provenance": "Provenance", "answer": "Answer", "key": "Key Answer", "citation": "Citation",
    "claim": "Claim", "note": "Note",
}
BOX_FILL = {"Central Question": ("box", "accent"), "Advisory": ("advisory", "advisory_border")}


def set_font(rpr: BaseOxmlElement, name: str) -> None:
    """One family for every script, replacing the template's theme fonts (which would win over a plain name)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), name)


class Styles:
    """Adds or restyles every named style a lessonpress document uses, for one theme and variant."""

    def __init__(self, doc: WordDocument, theme: Theme, variant: Variant, geo: Geometry, lang: str):
        self.doc = doc
        self.theme = theme
        self.measures = Measures(theme, variant)
        self.geo = geo
        self.colors = theme.colors.model_dump()
        self._visuals = False
        self._defaults(lang)
        for spec in PARAGRAPH_STYLES:
            self._paragraph(spec)
        self._excerpt()
        self._boxes()
        self._furniture()
        self._character("Line Number", "line_number", color="muted")
        self._character("Box Label", "small", bold=True, color="accent", caps=True)
        self._numbering()

    def visual_styles(self) -> bool:
        """The styles of pictures and their captions (Word's own "Caption", restyled); False if they were there."""
        if self._visuals:
            return False
        for spec in VISUAL_STYLES:
            self._paragraph(spec)
        self._visuals = True
        return True

    def rgb(self, name: str) -> RGBColor:
        return RGBColor.from_string(self.colors[name].lstrip("#").upper())

    def family(self, face: str) -> str:
        return self.measures.body_family if face == "body" else self.theme.fonts.heading

    def _defaults(self, lang: str) -> None:
        """Normal: the body face, size and line height; the language spell-checkers and screen readers use."""
        normal = self.doc.styles["Normal"]
        assert isinstance(normal, ParagraphStyle)
        normal.font.size = Pt(self.measures.size("body"))
        normal.font.color.rgb = self.rgb("text")
        set_font(normal.element.get_or_add_rPr(), self.family("body"))
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = self.measures.leading
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
        if rpr is not None:
            for old in rpr.findall(qn("w:lang")):
                rpr.remove(old)
            language = OxmlElement("w:lang")
            for key in ("w:val", "w:eastAsia", "w:bidi"):
                language.set(qn(key), lang)
            rpr.append(language)

    def _paragraph(self, spec: Spec) -> ParagraphStyle:
        styles = self.doc.styles
        try:
            style = styles[spec.name]  # one of Word's own (Heading 1, List Bullet, Header, ...), restyled
        except KeyError:
            style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(style, ParagraphStyle)
        if not spec.name.startswith("Heading"):
            base = styles[spec.base]
            assert isinstance(base, ParagraphStyle)
            style.base_style = base
        style.quick_style = True
        style.hidden = False
        font = style.font
        font.size = Pt(self.measures.size(spec.size))
        font.bold = spec.bold
        font.italic = spec.italic and self.measures.italic  # large print has no italics
        font.color.rgb = self.rgb(spec.color)
        font.all_caps = spec.caps
        set_font(style.element.get_or_add_rPr(), self.family(spec.face))
        fmt = style.paragraph_format
        if spec.indent_mm is not None:
            fmt.left_indent = Mm(spec.indent_mm)
            fmt.first_line_indent = Mm(-spec.hanging_mm)
        fmt.space_before = Pt(spec.before)
        fmt.space_after = Pt(spec.after)
        fmt.keep_with_next = spec.keep_next
        fmt.line_spacing = spec.leading or self.measures.leading
        return style

    def _excerpt(self) -> None:
        """A source's paragraph, its printed lines ended by line breaks: each line starts with a tab to the line
        number's right-aligned stop in the gutter, the number (every n-th line), and a tab to the text. A line that
        would run past the frame in a substituted font runs a little into the margin before it wraps."""
        size = self.measures.size("excerpt")
        style = self.doc.styles["Excerpt"]
        assert isinstance(style, ParagraphStyle)
        fmt = style.paragraph_format
        fmt.left_indent = Mm(0)
        fmt.right_indent = Mm(-SLACK_MM)
        fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        fmt.line_spacing = Pt(round(size * self.measures.leading, 2))
        fmt.space_after = Pt(round(size * 0.5, 1))  # between the source's paragraphs, as in the PDF
        fmt.tab_stops.add_tab_stop(Mm(self.geo.gutter_mm - LINE_NUMBER_GAP_MM), WD_TAB_ALIGNMENT.RIGHT)
        fmt.tab_stops.add_tab_stop(Mm(self.geo.gutter_mm), WD_TAB_ALIGNMENT.LEFT)

    def _boxes(self) -> None:
        """The central question and the advisory: shaded, with a thick rule on the left, as in the PDF."""
        for name, (fill, border) in BOX_FILL.items():
            style = self.doc.styles[name]
            ppr = style.element.get_or_add_pPr()
            borders = OxmlElement("w:pBdr")
            left = OxmlElement("w:left")
            for key, value in (("w:val", "single"), ("w:sz", "24"), ("w:space", "6"), ("w:color", self.colors[border].lstrip("#"))):
                left.set(qn(key), value)
            borders.append(left)
            shading = OxmlElement("w:shd")
            for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", self.colors[fill].lstrip("#"))):
                shading.set(qn(key), value)
            insert_ppr(ppr, borders, shading)

    def _furniture(self) -> None:
        """Running header and footer: left text, right text at the frame's right edge."""
        for name in ("Header", "Footer", "Stamp"):
            style = self.doc.styles[name]
            assert isinstance(style, ParagraphStyle)
            tabs = style.paragraph_format.tab_stops
            tabs.clear_all()  # the template's stops are for its own margins
            tabs.add_tab_stop(Mm(self.geo.text_mm), WD_TAB_ALIGNMENT.RIGHT)
            style.paragraph_format.line_spacing = 1.2

    def _character(self, name: str, size: str, bold: bool = False, color: str = "text", caps: bool = False) -> CharacterStyle:
        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        assert isinstance(style, CharacterStyle)
        style.font.size = Pt(self.measures.size(size))
        style.font.bold = bold
        style.font.all_caps = caps
        style.font.color.rgb = self.rgb(color)
        set_font(style.element.get_or_add_rPr(), self.theme.fonts.heading)
        return style

    def _numbering(self) -> None:
        """Two list definitions: questions numbered 1., 2., ... through the document (linked to the Question style,
        so a question a teacher adds is numbered too), and choices lettered A., B., ..., restarted per question."""
        numbering = self.doc.part.numbering_part.element
        first_num = numbering.find(qn("w:num"))
        decimal = _abstract(QUESTIONS_NUM, "decimal", "%1.", INDENT_MM, INDENT_MM)
        letters = _abstract(CHOICES_ABSTRACT, "upperLetter", "%1.", ITEM_INDENT_MM + LABEL_MM, LABEL_MM)
        for abstract in (decimal, letters):
            if first_num is not None:
                first_num.addprevious(abstract)
            else:
                numbering.append(abstract)
        numbering.append(_num(QUESTIONS_NUM, QUESTIONS_NUM))
        question = self.doc.styles["Question"].element.get_or_add_pPr()
        insert_ppr(question, num_pr(QUESTIONS_NUM))

    def choices_list(self) -> int:
        """A new numbering instance of the lettered list, starting at A."""
        numbering = self.doc.part.numbering_part.element
        ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
        num_id = max([*ids, QUESTIONS_NUM]) + 1
        num = _num(num_id, CHOICES_ABSTRACT)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        numbering.append(num)
        return num_id


def _abstract(ident: int, fmt: str, text: str, left_mm: float, hanging_mm: float) -> BaseOxmlElement:
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(ident))
    kind = OxmlElement("w:multiLevelType")
    kind.set(qn("w:val"), "singleLevel")
    abstract.append(kind)
    level = OxmlElement("w:lvl")
    level.set(qn("w:ilvl"), "0")
    for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text), ("w:lvlJc", "left")):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        level.append(child)
    ppr = OxmlElement("w:pPr")
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(round(left_mm / 25.4 * 1440)))
    ind.set(qn("w:hanging"), str(round(hanging_mm / 25.4 * 1440)))
    ppr.append(ind)
    level.append(ppr)
    abstract.append(level)
    return abstract


def _num(num_id: int, abstract_id: int) -> BaseOxmlElement:
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(abstract_id))
    num.append(ref)
    return num


def num_pr(num_id: int) -> BaseOxmlElement:
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "0"), ("w:numId", str(num_id))):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        num_pr.append(child)
    return num_pr


# the order of w:pPr's children that matter here (ECMA-376 CT_PPrBase); Word rejects them out of order
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
             "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
             "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
             "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
             "rPr", "sectPr", "pPrChange"]


def insert_ppr(ppr: BaseOxmlElement, *children: BaseOxmlElement) -> None:
    """Put each child where the schema wants it in a w:pPr, replacing one of the same name."""
    for child in children:
        local = child.tag.split("}")[1]
        for old in ppr.findall(child.tag):
            ppr.remove(old)
        rank = PPR_ORDER.index(local)
        after = [el for el in ppr if el.tag.split("}")[1] in PPR_ORDER and PPR_ORDER.index(el.tag.split("}")[1]) > rank]
        if after:
            after[0].addprevious(child)
        else:
            ppr.append(child)
