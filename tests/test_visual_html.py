"""Visual documents in HTML: a picture, a table of numbers and a chart, as a parser and a real browser read them.

The example lesson glf-grain-in-numbers has a table document drawn as a bar
chart too; a made-up lesson (`add_image_lesson`, shared with the DOCX and QTI
tests) has a PNG picture made with Pillow, with alt text, caption and long
description, and a table document shown only as a chart.
"""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_examples
from PIL import Image, ImageDraw
from test_html import HOSTILE, Built, Node, build_trees, hostile_document, parse, playwright_api, squash

from lessonpress.document import model as d
from lessonpress.render.html import write_html
from lessonpress.render.html.view import KINDS, VISUAL_KINDS, chart_table, has_visuals
from lessonpress.resolve.images import PreparedImage

GRAIN = "glf-grain-in-numbers"
POSTER = "glf-poster"
YEARS = ["1957", "1958", "1959", "1960", "1961", "1962"]
OUTPUT = ["195.05", "200.0", "170.0", "143.5", "147.5", "160.0"]
POSTER_ALT = 'A propaganda poster: workers raise their arms before smoking furnaces under the slogan "Overtake Britain" <1958> & more.'
POSTER_CAPTION = "Poster of 1958 & after <anonymous>"
POSTER_DESCRIPTION = ("A tall poster. In the foreground, three workers in blue overalls raise their arms.\n\n"
                      "Behind them, rows of backyard furnaces send up smoke; the slogan runs along the top in red characters.")
SVG = "{http://www.w3.org/2000/svg}"


def poster_png() -> bytes:
    """A small poster-like picture: a frame, a bar of 'slogan' and three 'workers'."""
    image = Image.new("RGB", (480, 360), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 470, 350), outline="black", width=6)
    draw.rectangle((40, 30, 440, 70), fill="#b22222")
    for x in (120, 240, 360):
        draw.ellipse((x - 20, 150, x + 20, 190), fill="#1f4e79")
        draw.rectangle((x - 25, 195, x + 25, 320), fill="#1f4e79")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def add_image_lesson(ws: Path) -> Path:
    """A picture material, a lesson with it (Document A, 60 % wide), a text (B) and a table shown only as a chart (C)."""
    (ws / "materials" / "images").mkdir(parents=True, exist_ok=True)
    (ws / "materials" / "images" / "poster.png").write_bytes(poster_png())
    description = "\n".join(f"  {line}" if line else "" for line in POSTER_DESCRIPTION.splitlines())
    alt = POSTER_ALT.replace("'", "''")
    (ws / "materials" / "glf-poster.md").write_text(f"""---
id: glf-poster
title: "Poster: Overtake Britain in fifteen years"
kind: primary
author: Unknown artist
publisher: Shanghai People's Fine Arts Publishing House
date: "1958"
license: Public domain in this example.
image: images/poster.png
alt: '{alt}'
caption: '{POSTER_CAPTION}'
description: |
{description}
---
""", encoding="utf-8")
    (ws / "lesson_specs" / "glf-poster.yaml").write_text("""id: glf-poster
title: "Posters and Numbers of the Great Leap"
central_question: What did the government want people to believe, and what happened?
course: World History
grade: 10
duration: 30
objectives:
  - Analyse a propaganda poster and a chart.
vocabulary:
  propaganda: Information used to persuade people.
sources:
  A:
    material: glf-poster
    width: 60%
    headnote: A poster from the first year of the campaign.
  B:
    material: glf-article
    select: {paragraphs: [5]}
    headnote: From a web article.
  C:
    material: glf-grain-output
    show: [chart]
    chart: {type: line, x: Year, y: Grain output (million tonnes)}
    headnote: The official grain figures, published in 1983.
agenda:
  - {minutes: 30, activity: Poster and chart analysis}
discussion:
  - prompt: Why would a government make posters like this?
    look_fors: [To persuade people to work harder.]
exercises:
  - type: image_analysis
    source: A
    answers:
      see: Workers and furnaces.
      think: The campaign wanted more steel.
      wonder: Did the furnaces work?
  - type: claim_evidence
    source: B
    claim: The diversion of resources to industry resulted in a decline in agricultural output.
    prompt: Does Document B give evidence for this claim?
    evidence: {quote: "resulted in a decline in agricultural output"}
    answer: It states it without evidence.
  - type: image_analysis
    source: C
    answers:
      see: A line that falls from 1958 to 1960.
rubric:
  - {criterion: Describes the poster and the chart, points: 4}
""", encoding="utf-8")
    return ws


@pytest.fixture(scope="module")
def visual(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    ws = add_image_lesson(copy_examples(tmp_path_factory.mktemp("visual-html") / "ws"))
    return {GRAIN: build_trees(ws, GRAIN), POSTER: build_trees(ws, POSTER), "glf-evidence-lab": build_trees(ws, "glf-evidence-lab"),
            "grain-large": build_trees(ws, GRAIN, "large-print", "a4")}


def source_section(html: str, letter: str) -> Node:
    return next(n for n in parse(html).all("section") if n.attrs.get("id") == f"document-{letter}")


def figures(tree: d.Document, kind: type[d.Block]) -> list[Any]:
    return [b for b in tree.walk() if isinstance(b, kind)]


# ---- a table document ------------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["handout", "guide"])
def test_a_table_document_is_a_real_table_with_header_cells_and_right_aligned_numbers(visual: dict[str, Built], which: str) -> None:
    built = visual[GRAIN]
    section = source_section(built.handout_html if which == "handout" else built.guide_html, "A")
    assert not list(section.all("blockquote")), "a document without an excerpt prints no empty blockquote"
    box = section.one("div", "table-source")
    assert box.attrs["role"] == "region" and box.attrs["tabindex"] == "0" and box.attrs["aria-label"] == "Document A, table"
    table = box.one("table")
    head = [(th.attrs.get("scope"), th.text()) for th in table.one("thead").all("th")]
    assert head == [("col", "Year"), ("col", "Grain output (million tonnes)")]
    rows = [[(cell.tag, cell.attrs.get("scope"), cell.attrs.get("class", ""), cell.text()) for cell in tr.children if isinstance(cell, Node)]
            for tr in table.one("tbody").all("tr")]
    assert [row[0][:2] for row in rows] == [("th", "row")] * 6
    assert [row[0][3] for row in rows] == YEARS  # the six years, in order
    assert [row[1] for row in rows] == [("td", None, "align-right", value) for value in OUTPUT]
    assert next(th for th in table.all("th") if th.text().startswith("Grain")).attrs["class"] == "align-right"


def test_the_chart_is_inline_svg_read_as_one_image_with_title_and_description(visual: dict[str, Built]) -> None:
    built = visual[GRAIN]
    chart = figures(built.handout, d.Chart)[0]
    html = built.handout_html
    section = source_section(html, "A")
    figure = section.one("figure", "chart")
    svg = figure.one("svg")
    assert svg.attrs["role"] == "img" and svg.attrs["focusable"] == "false"
    title, desc = svg.one("title"), svg.one("desc")
    assert svg.attrs["aria-labelledby"] == title.attrs["id"] and svg.attrs["aria-describedby"] == desc.attrs["id"]
    assert title.text() == "Bar chart of Grain output (million tonnes) by Year"
    assert desc.text() == chart.alt and all(f"{year}: {value}" in chart.alt for year, value in zip(YEARS, OUTPUT, strict=True))
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", svg.attrs["viewbox"]) and "width" not in svg.attrs and "height" not in svg.attrs
    assert figure.one("figcaption").text() == chart.note == "Drawn from the table of Document A."
    # well-formed SVG, every value drawn as the table writes it, nothing active
    markup = re.search(r"<svg\b.*?</svg>", html, re.DOTALL)
    assert markup is not None
    root = ET.fromstring(markup.group(0))
    drawn = [t.text for t in root.iter(f"{SVG}text")]
    assert all(value in drawn for value in OUTPUT) and all(year in drawn for year in YEARS)
    assert not re.search(r"<script|<foreignObject|\son\w+=", markup.group(0), re.IGNORECASE)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids are unique on the page"
    # the rules for visual documents are in this page's stylesheet, and only in pages that need them
    assert "figure.chart svg" in html and "figure.chart svg" not in visual["glf-evidence-lab"].handout_html
    assert has_visuals(built.handout) and not has_visuals(visual["glf-evidence-lab"].handout)


def test_large_print_draws_the_chart_with_larger_type(visual: dict[str, Built]) -> None:
    def label_size(html: str) -> float:
        sizes = re.findall(r"font-size: ([\d.]+)px", re.search(r"<svg\b.*?</svg>", html, re.DOTALL).group(0))  # type: ignore[union-attr]
        return max(map(float, sizes))

    assert label_size(visual["grain-large"].handout_html) > label_size(visual[GRAIN].handout_html) * 1.2


# ---- a picture ---------------------------------------------------------------------------------------
def test_a_picture_has_its_alt_text_caption_width_and_long_description(visual: dict[str, Built]) -> None:
    built = visual[POSTER]
    figure_block = figures(built.handout, d.Figure)[0]
    section = source_section(built.handout_html, "A")
    assert not list(section.all("blockquote"))
    figure = section.one("figure", "picture")
    img = figure.one("img")
    assert img.attrs["alt"] == POSTER_ALT  # the material's words, escaped in the markup and read back as written
    assert 'alt="A propaganda poster: workers raise their arms before smoking furnaces under the slogan &#34;Overtake Britain&#34; ' \
           '&lt;1958&gt; &amp; more."' in built.handout_html
    src = img.attrs["src"]
    assert src.startswith("data:image/png;base64,")
    assert base64.b64decode(src.split(",", 1)[1]) == figure_block.image.data
    assert Image.open(io.BytesIO(figure_block.image.data)).size == (480, 360)
    assert figure.one("figcaption").text() == POSTER_CAPTION
    assert figure.attrs["style"] == "--figure-width: 60.00%"
    details = section.one("details", "long-description")
    described = details.one("div")
    assert img.attrs["aria-describedby"] == described.attrs["id"]
    assert details.one("summary").text() == "Description"
    assert [p.text() for p in described.all("p")] == [squash(part) for part in POSTER_DESCRIPTION.split("\n\n")]
    # the long description is not printed on paper (the PDF handout does not print it)
    assert re.search(r"@media print \{[^}]*\.long-description \{ display: none; \}", built.handout_html)
    # the guide prints it as a note for the teacher; the handout holds no teacher block
    assert "Description: A tall poster" in built.guide_html and "Description: A tall poster" not in built.handout_html


def test_a_chart_only_document_and_the_image_analysis_questions(visual: dict[str, Built]) -> None:
    built = visual[POSTER]
    section = source_section(built.handout_html, "C")
    assert not list(section.all("table")) and section.one("svg").attrs["role"] == "img"
    assert section.one("svg").one("title").text() == "Line chart of Grain output (million tonnes) by Year"
    questions = [n for n in parse(built.handout_html).all("section", "question")]
    first = questions[0]
    assert [p.text() for p in first.all("p", "question")] == [
        "What do you see? List the people, objects, words and actions in Document A.",
        "What do you think it means? Who made it, for whom, and why?",
        "What questions does it raise? What would you need to find out?"]
    assert [n.one("span", "vh").text() for n in first.all("div", "answer-lines")] == ["Answer space: 3 lines"] * 3


# ---- text is data, alt text is required ------------------------------------------------------------
def hostile_visuals(text: str, image: PreparedImage) -> d.Source:
    chart = d.Chart(kind="bar", x_label=text, y_label=text, labels=(text, "b"), values=(1.0, 2.5), alt=text, value_labels=(text, "2.5"),
                    note=text)
    return d.Source(letter="A", heading=d.plain(text), provenance=d.plain(text), modified=False, headnote=d.plain(text), excerpt=None,
                    visuals=(d.Figure(image=image, alt=text, width=0.5, caption=d.plain(text), description=text), chart_table(chart), chart))


def prepared_png() -> PreparedImage:
    data = poster_png()
    return PreparedImage(data, 480, 360, "PNG", "0" * 64)


def test_user_text_in_pictures_tables_and_charts_is_printed_literally(visual: dict[str, Built]) -> None:
    theme = visual[GRAIN].theme
    document = replace(hostile_document(), blocks=(hostile_visuals(HOSTILE, prepared_png()),))
    html = write_html(document, theme).decode("utf-8")
    assert "<b>" not in html and "<script" not in html.lower() and "{{ 7 * 7 }}" in html  # never run as a template
    root = parse(html)
    assert root.one("img").attrs["alt"] == " ".join(HOSTILE.split())
    assert root.one("figure", "picture").one("figcaption").text() == HOSTILE and root.one("svg").one("title").text().count(HOSTILE) == 2
    assert root.one("figure", "chart").one("figcaption").text() == HOSTILE
    assert root.one("svg").one("desc").text() == HOSTILE
    assert [th.text() for th in root.one("thead").all("th")] == [HOSTILE, HOSTILE]
    markup = re.search(r"<svg\b.*?</svg>", html, re.DOTALL)
    assert markup is not None
    ET.fromstring(markup.group(0))
    assert set(VISUAL_KINDS) == {d.Figure, d.Chart} and not set(VISUAL_KINDS) & set(KINDS)


@pytest.mark.parametrize("alt", ["", "   "])
def test_a_picture_without_alt_text_is_an_error(visual: dict[str, Built], alt: str) -> None:
    figure = d.Figure(image=prepared_png(), alt=alt, width=1.0)
    document = replace(hostile_document(), blocks=(figure,))
    with pytest.raises(ValueError, match="alt"):
        write_html(document, visual[GRAIN].theme)


def test_visual_pages_are_rebuilt_byte_identical(visual: dict[str, Built]) -> None:
    for built in (visual[GRAIN], visual[POSTER]):
        assert write_html(built.handout, built.theme).decode("utf-8") == built.handout_html
        assert write_html(built.guide, built.theme).decode("utf-8") == built.guide_html


# ---- in Chromium -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    sync_api = playwright_api()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        opened = browser.new_page(viewport={"width": 1000, "height": 1300})
        yield opened
        browser.close()


def test_in_chromium_the_chart_and_picture_have_accessible_names_and_fit(page: Any, visual: dict[str, Built], tmp_path: Path) -> None:
    for key in (GRAIN, POSTER, "grain-large"):
        path = tmp_path / f"{key}.html"
        path.write_text(visual[key].handout_html, encoding="utf-8")
        page.set_viewport_size({"width": 1000, "height": 1300})
        page.goto(path.as_uri())
        if key == POSTER:
            image = page.get_by_role("img", name=POSTER_ALT)
            assert image.count() == 1
            assert image.get_attribute("aria-describedby")
            width = page.evaluate("() => [document.querySelector('figure.picture').getBoundingClientRect().width,"
                                  " document.querySelector('.document-visual').getBoundingClientRect().width]")
            assert width[0] == pytest.approx(width[1] * 0.6, rel=0.02)
            page.locator("details.long-description summary").click()  # the description opens for everyone
            assert page.locator("details.long-description").evaluate("e => e.open")
        else:
            assert page.get_by_role("img", name="Bar chart of Grain output (million tonnes) by Year").count() == 1
            assert page.get_by_role("region", name="Document A, table").locator("th[scope=row]").all_inner_texts() == YEARS
        box = page.evaluate("() => { const r = document.querySelector('figure.chart svg').getBoundingClientRect();"
                            " const t = document.querySelector('.document-visual').getBoundingClientRect(); return [r.width, r.height, t.width]; }")
        assert box[0] == pytest.approx(box[2], abs=1) and box[1] > box[0] * 0.4  # the text's width, its own proportions
        page.set_viewport_size({"width": 320, "height": 800})
        wide = page.evaluate("() => [document.documentElement, ...document.querySelectorAll('.table, figure')]"
                             ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className || e.tagName)")
        assert wide == [], f"{key} scrolls sideways at 320 px: {wide}"
        assert page.evaluate("() => document.querySelector('figure.chart svg').getBoundingClientRect().width") <= 320
        page.emulate_media(media="print")
        assert page.locator("details.long-description").count() == 0 or not page.locator("details.long-description").is_visible()
        page.emulate_media(media="screen")


def test_text_of_a_table_document_is_read_in_order(visual: dict[str, Built]) -> None:
    text = squash(unescape(re.sub(r"<[^>]+>", " ", visual[GRAIN].handout_html.split('id="document-A"')[1].split("</table>")[0])))
    assert text.endswith(" ".join(f"{year} {value}" for year, value in zip(YEARS, OUTPUT, strict=True)))
