"""Visual documents in the quiz package: a picture as a file in the zip, linked from the item's HTML with its alt text
and listed in the manifest; a table as an HTML table with header cells; a chart as its table and its text alternative."""

from __future__ import annotations

import html
import io
import re
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from conftest import copy_examples
from test_html import squash
from test_qti import NS, check_structure
from test_visual_html import GRAIN, OUTPUT, POSTER, POSTER_ALT, POSTER_CAPTION, YEARS, add_image_lesson

from lessonpress.builder.settings import RenderJob
from lessonpress.document import model as d
from lessonpress.render.pdf import prepare
from lessonpress.render.qti import write_qti
from lessonpress.resolve.loader import load_project
from lessonpress.workspace import open_workspace

FILEBASE = "%24IMS-CC-FILEBASE%24/"


@dataclass
class Package:
    student: d.Document
    data: bytes
    again: bytes  # the same copy written a second time
    zip: zipfile.ZipFile
    manifest: ET.Element
    assessment: ET.Element

    def item_html(self, title_start: str) -> str:
        for item in self.assessment.iterfind(".//q:item", NS):
            if str(item.get("title")).startswith(title_start):
                return "".join(m.text or "" for m in item.iterfind("q:presentation/q:material/q:mattext", NS))
        raise AssertionError(f"no item {title_start!r}")


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Package]:
    ws = add_image_lesson(copy_examples(tmp_path_factory.mktemp("visual-qti") / "ws"))
    workspace = open_workspace(ws)
    project = load_project(workspace)
    out = {}
    for lesson in (GRAIN, POSTER, "glf-evidence-lab"):
        for variant in ("standard", "answer-key", "large-print"):
            job = RenderJob(workspace.templates_dir, None, workspace.settings.theme, "letter", variant, workspace.settings.school)
            (student, _), (guide, _) = prepare(project.lessons[lesson], job)[0]
            data = write_qti(project.lessons[lesson], [student, guide])
            package = zipfile.ZipFile(io.BytesIO(data))
            out[(lesson, variant)] = Package(student, data, write_qti(project.lessons[lesson], [student, guide]), package, ET.fromstring(package.read("imsmanifest.xml")),
                                             ET.fromstring(package.read(f"{lesson}/{lesson}.xml")))
    return out


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(markup: str) -> list[tuple[str, dict[str, str]]]:
    parser = Tags()
    parser.feed(markup)
    return parser.tags


@pytest.mark.parametrize("variant", ["standard", "answer-key", "large-print"])
def test_the_picture_is_a_file_in_the_package_linked_from_its_item(packages: dict[tuple[str, str], Package], variant: str) -> None:
    package = packages[(POSTER, variant)]
    figure = next(b for b in package.student.walk() if isinstance(b, d.Figure))
    images = [name for name in package.zip.namelist() if name.startswith("images/")]
    assert images == [f"images/{POSTER}-document-A-{figure.image.digest[:12]}.png"]
    assert package.zip.read(images[0]) == figure.image.data
    assert package.zip.namelist() == sorted(package.zip.namelist())
    # listed in the manifest as web content the assessment depends on
    resources = package.manifest.findall("cp:resources/cp:resource", NS)
    assert [(r.get("type"), r.get("href")) for r in resources] == [("imsqti_xmlv1p2", f"{POSTER}/{POSTER}.xml"), ("webcontent", images[0])]
    assert [f.get("href") for f in resources[1].findall("cp:file", NS)] == images
    assert [dep.get("identifierref") for dep in resources[0].findall("cp:dependency", NS)] == [resources[1].get("identifier")]
    # the image-analysis item shows it with its alt text and caption, then the three questions
    markup = package.item_html("1. Image analysis")
    shown = [attrs for tag, attrs in tags(markup) if tag == "img"]
    assert len(shown) == 1 and shown[0]["alt"] == POSTER_ALT
    assert shown[0]["src"] == FILEBASE + urllib.parse.quote(images[0])
    text = squash(html.unescape(re.sub(r"<[^>]+>", " ", markup)))
    assert POSTER_CAPTION in text and "What do you see?" in text and "What questions does it raise?" in text
    assert check_structure(package.assessment) == []
    # the item that shows no picture links none
    assert "<img" not in package.item_html("2. ")


@pytest.mark.parametrize("lesson,letter,item", [(GRAIN, "A", "1. Image analysis"), (POSTER, "C", "3. Image analysis")])
def test_a_table_or_chart_document_is_an_html_table_and_the_charts_words(packages: dict[tuple[str, str], Package], lesson: str,
                                                                        letter: str, item: str) -> None:
    package = packages[(lesson, "standard")]
    markup = package.item_html(item)
    assert f"<h3>Document {letter}</h3>" in markup and "<svg" not in markup and "<img" not in markup
    found = tags(markup)
    heads = [(tag, attrs.get("scope")) for tag, attrs in found if tag in ("th", "td")]
    assert heads[:2] == [("th", "col"), ("th", "col")]
    assert heads[2:] == [("th", "row"), ("td", None)] * 6
    cells = re.findall(r"<t[hd](?: [^>]*)?>(.*?)</t[hd]>", markup)
    assert cells == ["Year", "Grain output (million tonnes)", *(x for pair in zip(YEARS, OUTPUT, strict=True) for x in pair)]
    assert all("text-align:right" in attrs["style"] for tag, attrs in found if tag == "td")
    chart = next(b for b in package.student.walk() if isinstance(b, d.Chart) and b.where == ("sources", letter))
    assert f"<p>{html.escape(chart.alt, quote=False)}</p>" in markup
    if lesson == GRAIN:  # no picture, no file beside the assessment
        assert not [name for name in package.zip.namelist() if name.startswith("images/")]
        assert len(package.manifest.findall("cp:resources/cp:resource", NS)) == 1
    assert check_structure(package.assessment) == []


def test_text_lessons_packages_are_unchanged_in_shape_and_rebuilds_are_byte_identical(packages: dict[tuple[str, str], Package]) -> None:
    text = packages[("glf-evidence-lab", "standard")]
    assert text.zip.namelist() == ["glf-evidence-lab/glf-evidence-lab.xml", "imsmanifest.xml"]
    assert not text.manifest.findall("cp:resources/cp:resource/cp:dependency", NS)
    for key in ((POSTER, "standard"), (GRAIN, "answer-key")):
        package = packages[key]
        assert {info.date_time for info in package.zip.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert package.again == package.data
