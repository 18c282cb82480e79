"""Quiz items as IMS QTI 1.2 XML in the shape Canvas exports it (and so imports it), plus the package manifest.

Each item carries Canvas's `question_type` and `points_possible` fields,
its documents and question in the presentation (HTML in a `mattext`), the
scoring in `resprocessing` (SCORE 0-100, scaled by the LMS to the points),
and the guide's answer as `itemfeedback` "general_fb", which Canvas and
Moodle show only after a student submits. Nothing that reveals an answer is
ever written inside `presentation`.
"""

from __future__ import annotations

import html
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from lessonpress.document import model as d
from lessonpress.render.html.view import chart_table
from lessonpress.render.qti.items import QuizItem

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI_XSD = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
MD_NS = "http://www.imsglobal.org/xsd/imsmd_v1p2"
MD_XSD = "http://www.imsglobal.org/xsd/imsmd_v1p2p2.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "xml:lang"
RESPONSE = "response1"
GENERAL_FEEDBACK = "general_fb"
NUMBER_STYLE = "vertical-align:top;text-align:right;padding-right:0.8em;color:#5f6368;font-size:85%"
CELL_STYLE = "border:1px solid #9aa0a6;padding:0.2em 0.6em"
IMAGE_FOLDER = "images"  # at the package's root, where Canvas's importer looks for the files an item links to
FILEBASE = "%24IMS-CC-FILEBASE%24"  # Canvas's placeholder for the imported files' folder, URL-encoded as its exports write it


def q(tag: str) -> str:
    """Element names are written as plain names under a default namespace declared on the root, as Canvas writes
    them: Moodle's Canvas format reads names without a namespace-aware parser, so no prefix may appear."""
    return tag


def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, q(tag), attributes)
    if text is not None:
        element.text = text
    return element


def assessment_xml(ident: str, title: str, lang: str, items: list[QuizItem], images: Mapping[str, str] | None = None) -> bytes:
    """`images`: each picture's file in the package by the digest of its bytes (see `image_files`)."""
    root = ET.Element(q("questestinterop"), {"xmlns": QTI_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": f"{QTI_NS} {QTI_XSD}"})
    assessment = sub(root, "assessment", ident=ident, title=title, **{XML_LANG: lang})
    section = sub(assessment, "section", ident="root_section")
    for item in items:
        write_item(section, item, images or {})
    return _bytes(root)


def image_files(ident: str, items: list[QuizItem]) -> dict[str, tuple[str, bytes]]:
    """Every picture the items show, once: digest -> (its path in the package, its bytes). The path is named after the
    lesson, the document and the picture's content, so a changed picture never takes an old one's name in an LMS."""
    out: dict[str, tuple[str, bytes]] = {}
    for item in items:
        for source in item.sources:
            for visual in source.visuals:
                if isinstance(visual, d.Figure) and visual.image.digest not in out:
                    image = visual.image
                    extension = "jpg" if image.mime == "image/jpeg" else "png"
                    out[image.digest] = (f"{IMAGE_FOLDER}/{ident}-document-{source.letter}-{image.digest[:12]}.{extension}", image.data)
    return out


def write_item(section: ET.Element, item: QuizItem, images: Mapping[str, str] | None = None) -> None:
    element = sub(section, "item", ident=item.ident, title=item.title)
    metadata = sub(sub(element, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", item.kind), ("points_possible", f"{item.points:g}")):
        field = sub(metadata, "qtimetadatafield")
        sub(field, "fieldlabel", label)
        sub(field, "fieldentry", entry)
    presentation = sub(element, "presentation")
    _html(presentation, stimulus_html(item, images or {}))
    if item.kind == "multiple_choice_question":
        lid = sub(presentation, "response_lid", ident=RESPONSE, rcardinality="Single")
        choices = sub(lid, "render_choice", shuffle="No")  # in the handout's order: the key's letters stay right
        for option in item.options:
            _plain(sub(choices, "response_label", ident=option.ident), option.text)
    elif item.kind == "matching_question":
        for row in item.rows:
            lid = sub(presentation, "response_lid", ident=f"response_{row.ident}", rcardinality="Single")
            _plain(lid, row.text)
            choices = sub(lid, "render_choice", shuffle="No")
            for option in item.options:
                _plain(sub(choices, "response_label", ident=option.ident), option.text)
    else:
        text = sub(presentation, "response_str", ident=RESPONSE, rcardinality="Single")
        sub(sub(text, "render_fib", fibtype="String", rows="8"), "response_label", ident="answer1", rshuffle="No")
    scoring(element, item)
    if item.feedback:
        feedback = sub(element, "itemfeedback", ident=GENERAL_FEEDBACK)
        _html(sub(feedback, "flow_mat"), "".join(f"<p>{_text(text)}</p>" for text in item.feedback))


def scoring(element: ET.Element, item: QuizItem) -> None:
    """SCORE from 0 to 100: all for the right choice, an equal share for each item put in its right position; an
    essay is scored by the teacher. General feedback is shown whatever the answer."""
    processing = sub(element, "resprocessing")
    sub(sub(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    if item.feedback:
        condition = sub(processing, "respcondition", **{"continue": "Yes"})
        sub(sub(condition, "conditionvar"), "other")
        sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=GENERAL_FEEDBACK)
    if item.kind == "multiple_choice_question" and item.correct:
        condition = sub(processing, "respcondition", **{"continue": "No"})
        sub(sub(condition, "conditionvar"), "varequal", item.correct, respident=RESPONSE)
        sub(condition, "setvar", "100", action="Set", varname="SCORE")
    elif item.kind == "matching_question":
        share = f"{100 / len(item.matches):.2f}"
        for row, position in item.matches:
            condition = sub(processing, "respcondition")
            sub(sub(condition, "conditionvar"), "varequal", position, respident=f"response_{row}")
            sub(condition, "setvar", share, action="Add", varname="SCORE")
    elif not item.feedback:
        condition = sub(processing, "respcondition", **{"continue": "No"})
        sub(sub(condition, "conditionvar"), "other")


def stimulus_html(item: QuizItem, images: Mapping[str, str] | None = None) -> str:
    """The item's documents as the student's copy prints them (label, provenance, headnote, every printed line with
    its number every n-th line; a picture, a table, a chart), then the question's paragraphs."""
    parts = [source_html(source, images or {}) for source in item.sources]
    parts += [f"<p>{_text(text)}</p>" for text in item.prompt]
    return "".join(parts)


def source_html(source: d.Source, images: Mapping[str, str] | None = None) -> str:
    out = [f"<h3>{inline_html(source.heading)}</h3>", f"<p><em>{inline_html(source.provenance)}</em></p>"]
    if source.headnote:
        out.append(f"<p>{inline_html(source.headnote)}</p>")
    excerpt = source.excerpt
    if excerpt is None:
        out += visuals_html(source, images or {})
        return f'<div class="lessonpress-document">{"".join(out)}</div>'
    rows = []
    for p_index, paragraph in enumerate(excerpt.paragraphs):
        for index, line in enumerate(paragraph.lines or (paragraph.text,)):
            number = paragraph.first_line + index
            label = str(number) if excerpt.every > 0 and number % excerpt.every == 0 else ""
            gap = "padding-top:0.6em;" if index == 0 and p_index else ""  # a new paragraph of the source
            text_style = f' style="{gap}"' if gap else ""
            rows.append(f'<tr><td style="{gap}{NUMBER_STYLE}">{label}</td><td{text_style}>{_text(" ".join(line.split()))}</td></tr>')
    out.append(f'<table role="presentation" style="border-collapse:collapse">{"".join(rows)}</table>')
    return f'<div class="lessonpress-document">{"".join(out)}</div>'


def visuals_html(source: d.Source, images: Mapping[str, str]) -> list[str]:
    """A picture as an <img> of its file in the package, with its alt text and caption; a table as an HTML table with
    header cells; a chart as its table (the document's own, or one made from its numbers) and its text alternative,
    which gives every value (an LMS page cannot show reportlab's drawing)."""
    out: list[str] = []
    has_table = any(isinstance(v, d.Table) for v in source.visuals)
    for visual in source.visuals:
        if visual.audience != "everyone":
            continue
        if isinstance(visual, d.Figure):
            alt = " ".join(visual.alt.split())
            if not alt:
                raise ValueError("a figure without alt text cannot be written: the image material must give `alt:`")
            if visual.image.digest not in images:
                raise KeyError(f"the picture of Document {source.letter} is not in the package")
            src = f"{FILEBASE}/{urllib.parse.quote(images[visual.image.digest])}"
            out.append(f'<p><img src="{html.escape(src)}" alt="{html.escape(alt)}" style="max-width:100%;height:auto"></p>')
            if visual.caption:
                out.append(f"<p><em>{inline_html(visual.caption)}</em></p>")
        elif isinstance(visual, d.Table):
            out.append(table_html(visual))
        elif isinstance(visual, d.Chart):
            if not has_table:
                out.append(table_html(chart_table(visual)))
            out.append(f"<p>{_text(' '.join(visual.alt.split()))}</p>")
    return out


def table_html(table: d.Table) -> str:
    """A table document: header row of <th scope="col">, each row's first cell a <th scope="row">, numbers aligned as
    the material aligns them (inline styles: an LMS keeps no stylesheet)."""
    rows = []
    for r, row in enumerate(table.rows):
        cells = []
        for c, cell in enumerate(row):
            align = table.align[c] if c < len(table.align) else "left"
            style = f"{CELL_STYLE};text-align:{align}"
            tag, scope = ("th", ' scope="col"') if r < table.header_rows else ("th", ' scope="row"') if cell.header and c == 0 else ("td", "")
            cells.append(f'<{tag}{scope} style="{style}">{inline_html(cell.content)}</{tag}>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head, body = rows[: table.header_rows], rows[table.header_rows :]
    thead = f"<thead>{''.join(head)}</thead>" if head else ""
    return f'<table style="border-collapse:collapse">{thead}<tbody>{"".join(body)}</tbody></table>'


def inline_html(content: d.Inlines) -> str:
    tags = {"em": "em", "strong": "strong"}
    return "".join(f"<{tags[s.style]}>{_text(s.text)}</{tags[s.style]}>" if s.style else _text(s.text) for s in content)


def _text(text: str) -> str:
    """Text as HTML text: spec text is data, never markup."""
    return html.escape(text, quote=False)


def _html(parent: ET.Element, markup: str) -> None:
    sub(sub(parent, "material"), "mattext", markup, texttype="text/html")


def _plain(parent: ET.Element, text: str) -> None:
    sub(sub(parent, "material"), "mattext", text, texttype="text/plain")


def manifest_xml(ident: str, title: str, href: str, files: Sequence[str] = ()) -> bytes:
    """An IMS content package manifest naming the one QTI 1.2 assessment file, as Canvas's own export does, and each
    picture it shows (`files`) as a web content resource the assessment depends on."""
    root = ET.Element("manifest", {"identifier": f"{ident}_manifest", "xmlns": CP_NS, "xmlns:imsmd": MD_NS, "xmlns:xsi": XSI_NS,
                                   "xsi:schemaLocation": f"{CP_NS} {CP_XSD} {MD_NS} {MD_XSD}"})
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    general = ET.SubElement(ET.SubElement(metadata, "imsmd:lom"), "imsmd:general")
    ET.SubElement(ET.SubElement(general, "imsmd:title"), "imsmd:string").text = title
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    resource = ET.SubElement(resources, "resource", {"identifier": ident, "type": "imsqti_xmlv1p2", "href": href})
    ET.SubElement(resource, "file", {"href": href})
    names = [(f"{ident}_image{number}", name) for number, name in enumerate(files, start=1)]
    for identifier, _ in names:
        ET.SubElement(resource, "dependency", {"identifierref": identifier})
    for identifier, name in names:
        image = ET.SubElement(resources, "resource", {"identifier": identifier, "type": "webcontent", "href": name})
        ET.SubElement(image, "file", {"href": name})
    return _bytes(root)


def _bytes(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"
