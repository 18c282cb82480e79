"""Image and table documents in the PDF, read back as a reader (pdftotext, pdfplumber) and a screen reader (the
structure tree, with pikepdf) get them.

The table-and-chart lesson is the repository's `glf-grain-in-numbers`. The pictures are made with Pillow when the
tests run: a 1200×800 PNG, and a JPEG stored 800×600 whose EXIF orientation (6) says to turn it a quarter turn, so
it is upright 600×800.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
from conftest import copy_examples
from PIL import Image
from test_tagged_pdf import content_problems

from lessonpress.builder import BuildOptions, build
from lessonpress.builder.settings import RenderJob
from lessonpress.render.pdf import prepare, write_pdf
from lessonpress.resolve.loader import load_project
from lessonpress.workspace import open_workspace

LESSON = "glf-grain-in-numbers"
YEARS = [("1957", "195.05"), ("1958", "200.0"), ("1959", "170.0"), ("1960", "143.5"), ("1961", "147.5"), ("1962", "160.0")]
MARGIN = 20 / 25.4 * 72  # the default theme's left and right margins, in points


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdftotext(path: Path, *options: str) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed (Debian: poppler-utils)")
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout


def figures(path: Path) -> list[tuple[str, str]]:
    """Every Figure element of the structure tree with its Alt text, and the role of the element after it."""
    found: list[tuple[str, str]] = []
    with pikepdf.open(path) as pdf:
        def visit(node: Any) -> None:
            kids = node.get("/K")
            items = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
            elements = [kid for kid in items if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
            for index, kid in enumerate(elements):
                if kid.S == pikepdf.Name.Figure:
                    after = str(elements[index + 1].S)[1:] if index + 1 < len(elements) else ""
                    found.append((str(kid.get("/Alt", "")), after))
                visit(kid)

        visit(pdf.Root.StructTreeRoot)
    return found


def image_objects(path: Path) -> list[tuple[int, int]]:
    """The pixel size of every image XObject stored in the file (soft masks aside)."""
    with pikepdf.open(path) as pdf:
        masks = {obj.SMask.objgen for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and "/SMask" in obj}
        return [(int(obj.Width), int(obj.Height)) for obj in pdf.objects
                if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image and obj.objgen not in masks]


# ---- a table and a chart -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def grain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = copy_examples(tmp_path_factory.mktemp("grain") / "ws")
    for out, variant in (("std", "standard"), ("large", "large-print")):
        report = build(open_workspace(ws), [ws / "lesson_specs" / f"{LESSON}.yaml"], BuildOptions(out=ws / out, variant=variant, jobs=1))
        assert report.ok, report.diagnostics.sorted()
    return ws


@pytest.mark.parametrize("name", ["handout.pdf", "teacher-guide.pdf"])
@pytest.mark.parametrize("variant", ["std", "large"])
def test_the_chart_prints_its_axis_titles_and_every_value(grain: Path, name: str, variant: str) -> None:
    text = squash(pdftotext(grain / variant / LESSON / name))
    assert "Year" in text and "Grain output (million tonnes)" in text
    chart = text[text.index("Drawn from the table of Document A") - 400 : text.index("Drawn from the table of Document A")]
    for year, value in YEARS:
        assert year in chart and value in chart, (year, value, chart)


@pytest.mark.parametrize("name", ["handout.pdf", "teacher-guide.pdf"])
@pytest.mark.parametrize("variant", ["std", "large"])
def test_the_table_reads_row_by_row(grain: Path, name: str, variant: str) -> None:
    """In the order the page draws it (pdftotext -raw): the header, then each year with its figure."""
    text = squash(pdftotext(grain / variant / LESSON / name, "-raw"))
    rows = " ".join(f"{year} {value}" for year, value in YEARS)
    assert rows in text
    assert text.index("Grain output (million tonnes)") < text.index(rows)


def test_the_table_cells_are_header_and_data_cells_with_scope(grain: Path) -> None:
    """A header row of column headers, then each year a row header with its figure a data cell (the word bank is a
    table too: Document A's is the one with a header row)."""
    tables: list[list[tuple[str, str]]] = []
    with pikepdf.open(grain / "std" / LESSON / "handout.pdf") as pdf:

        def visit(node: Any, cells: list[tuple[str, str]] | None) -> None:
            kids = node.get("/K")
            for kid in list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    if kid.S == pikepdf.Name.Table:
                        tables.append([])
                        visit(kid, tables[-1])
                        continue
                    if kid.S in (pikepdf.Name.TH, pikepdf.Name.TD) and cells is not None:
                        cells.append((str(kid.S)[1:], str(kid.A.Scope)[1:] if "/A" in kid else ""))
                    visit(kid, cells)

        visit(pdf.Root.StructTreeRoot, None)
    cells = next(cells for cells in tables if cells[:1] == [("TH", "Column")])  # Document A's comes before the questions' charts
    assert cells == [("TH", "Column"), ("TH", "Column"), *[("TH", "Row"), ("TD", "")] * 6]


@pytest.mark.parametrize("name", ["handout.pdf", "teacher-guide.pdf"])
def test_the_chart_is_a_figure_whose_alt_gives_every_number(grain: Path, name: str) -> None:
    found = [alt for alt, _ in figures(grain / "std" / LESSON / name) if alt.startswith("Bar chart")]
    assert len(found) == 1
    for year, value in YEARS:
        assert f"{year}: {value}" in found[0]


def test_the_table_and_chart_are_beside_each_other_on_the_first_page_and_large_print_puts_them_one_under_the_other(grain: Path) -> None:
    with pdfplumber.open(grain / "std" / LESSON / "handout.pdf") as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        table_1962 = min((w for w in words if w["text"] == "1962"), key=lambda w: w["x0"])
        chart_1962 = max((w for w in words if w["text"] == "1962"), key=lambda w: w["x0"])
        assert chart_1962["x0"] > page.width / 2 and abs(chart_1962["top"] - table_1962["top"]) < page.height / 4
    with pdfplumber.open(grain / "large" / LESSON / "handout.pdf") as pdf:
        positions = [(number, w["x0"]) for number, page in enumerate(pdf.pages) for w in page.extract_words() if w["text"] == "1962"]
        assert all(x < pdf.pages[0].width / 2 for _, x in positions[:1]) and positions[1][0] >= positions[0][0]


def test_every_word_of_the_chart_is_upright_and_at_least_the_body_size(grain: Path) -> None:
    """From the chart's title (the value axis's, written across) down to the note under it, right of the table."""
    for variant, least in (("std", 11.5), ("large", 16.0)):
        with pdfplumber.open(grain / variant / LESSON / "handout.pdf") as pdf:
            page = next(page for page in pdf.pages if "Drawn from the table" in (page.extract_text() or ""))
            words = page.extract_words()
            title = [w for w in words if w["text"] == "Grain"][-1]  # the table's header comes first
            note = next(w for w in words if w["text"] == "Drawn")
            chars = [c for c in page.chars if c["text"].strip() and c["top"] >= title["top"] - 1 and c["bottom"] < note["top"]
                     and c["x0"] >= title["x0"] - 1]
            assert {"1", "9", "5", "7", "Y"} <= {c["text"] for c in chars}
            for char in chars:
                assert char["upright"], char["text"]
                assert char["size"] >= least - 0.01, (variant, char["text"], char["size"])


def test_rebuilding_and_building_in_parallel_give_the_same_bytes(grain: Path, tmp_path: Path) -> None:
    first = {name: (grain / "std" / LESSON / name).read_bytes() for name in ("handout.pdf", "teacher-guide.pdf")}
    for jobs, out in ((1, tmp_path / "again"), (2, tmp_path / "two")):
        lessons = sorted(p for p in (grain / "lesson_specs").glob("*.yaml") if not p.name.endswith(".curriculum.yaml"))
        report = build(open_workspace(grain), lessons, BuildOptions(out=out, jobs=jobs))
        assert report.ok, report.diagnostics.sorted()
        for name, data in first.items():
            assert (out / LESSON / name).read_bytes() == data, (jobs, name)
    for path in (tmp_path / "again").rglob("*.pdf"):  # every lesson, text or not, as --jobs 2 builds it
        assert path.read_bytes() == (tmp_path / "two" / path.relative_to(tmp_path / "again")).read_bytes(), path


# ---- pictures --------------------------------------------------------------------------------------------------------

POSTER_ALT = "A poster: a farmer holds up a sheaf of wheat taller than himself under a red sky."
PHOTO_ALT = "A photograph of a backyard furnace, a brick chimney with villagers carrying baskets of scrap."


def poster(path: Path) -> None:
    """1200×800, four coloured quarters: a crop is easy to see."""
    image = Image.new("RGB", (1200, 800), "#c0392b")
    image.paste("#f1c40f", (600, 0, 1200, 400))
    image.paste("#2c3e50", (0, 400, 600, 800))
    image.save(path, format="PNG")


def photo(path: Path) -> None:
    """Stored 800×600 (landscape), with EXIF orientation 6: shown upright it is 600×800 (portrait)."""
    image = Image.new("RGB", (800, 600), "#7f8c8d")
    image.paste("#2c3e50", (0, 0, 400, 600))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), quality=85)
    path.write_bytes(out.getvalue())


def material(name: str, alt: str, image: str, caption: str, description: str | None = None) -> str:
    lines = ["---", f"id: {name}", f"title: {name.title()}", "kind: primary", "author: lessonpress tests", 'date: "1958"', "license: CC0-1.0",
             f"image: {image}", f"alt: {json.dumps(alt)}", f"caption: {json.dumps(caption)}"]
    if description:
        lines.append(f"description: {json.dumps(description)}")
    return "\n".join([*lines, "---", ""])


PICTURE_LESSON = """\
id: pictures
title: Pictures of the Great Leap Forward
central_question: What did the campaign want people to see?
sources:
  A:
    material: poster
    width: 60%
    headnote: A poster printed in 1958.
  B:
    material: furnace
    width: 40%
    headnote: A photograph from 1958.
  C:
    material: poster
    crop: [0.5, 0, 1, 0.5]
    width: 30%
    headnote: The top right quarter of the same poster.
  D:
    material: poster
    width: 30%
    headnote: The same poster again, smaller.
"""


def value(year: int) -> str:
    """The long table's figures: one to three digits before the point."""
    return f"{(year % 37) * 7 + 3}.5"


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = copy_examples(tmp_path_factory.mktemp("pictures") / "ws")
    images = ws / "materials" / "images"
    images.mkdir()
    poster(images / "poster.png")
    photo(images / "furnace.jpg")
    (ws / "materials" / "poster.md").write_text(material("poster", POSTER_ALT, "images/poster.png", "Poster, 1958.",
                                                         "The wheat is drawn three times the farmer's height."), encoding="utf-8")
    (ws / "materials" / "furnace.md").write_text(material("furnace", PHOTO_ALT, "images/furnace.jpg", "A backyard furnace, 1958."), encoding="utf-8")
    (ws / "lesson_specs" / "pictures.yaml").write_text(PICTURE_LESSON, encoding="utf-8")
    (ws / "lesson_specs" / "poster-again.yaml").write_text(
        "id: poster-again\ntitle: The Poster Again\ncentral_question: Who made it?\nsources:\n  A:\n    material: poster\n    width: 50%\n",
        encoding="utf-8")
    Image.new("L", (300, 1500), 90).save(images / "scroll.png", format="PNG")  # five times as tall as it is wide
    (ws / "materials" / "scroll.md").write_text(material("scroll", "A long hanging scroll of slogans.", "images/scroll.png", "A scroll."),
                                                encoding="utf-8")
    (ws / "lesson_specs" / "scroll.yaml").write_text(
        "id: scroll\ntitle: A Scroll\ncentral_question: What does it say?\nsources:\n  A:\n    material: scroll\n"
        "    headnote: A scroll far taller than a page, printed whole.\n", encoding="utf-8")
    rows = "".join(f"| {year} | {value(year)} | {year % 7} |\n" for year in range(1900, 1970))
    (ws / "materials" / "long-series.md").write_text(
        '---\ntitle: A long series\nkind: primary\nauthor: lessonpress tests\ndate: "1970"\nlicense: CC0-1.0\n---\n\n'
        f"| Year | Output (million tonnes) | Region code |\n|------|------:|:---:|\n{rows}", encoding="utf-8")
    (ws / "lesson_specs" / "long-table.yaml").write_text(
        "id: long-table\ntitle: A Long Table\ncentral_question: What changed?\nsources:\n  A:\n    material: long-series\n", encoding="utf-8")
    (ws / "lesson_specs" / "pictures-unit.curriculum.yaml").write_text(
        "id: pictures-unit\ntitle: Pictures\nlessons: [pictures, poster-again]\nclasses:\n  - {name: Period 1, teacher: Mr. Chen, students: 3}\n",
        encoding="utf-8")
    for out, variant in (("std", "standard"), ("large", "large-print")):
        report = build(open_workspace(ws), [ws / "lesson_specs" / f"{name}.yaml" for name in ("pictures", "scroll", "long-table")],
                       BuildOptions(out=ws / out, variant=variant, jobs=1))
        assert report.ok, report.diagnostics.sorted()
    return ws


@pytest.fixture(scope="module")
def unit(pictures: Path) -> Path:
    """The class's packs: three students, two lessons that both print the poster."""
    report = build(open_workspace(pictures), [pictures / "lesson_specs" / "pictures-unit.curriculum.yaml"], BuildOptions(out=pictures / "unit", jobs=1))
    assert report.ok, report.diagnostics.sorted()
    return pictures / "unit"


@pytest.mark.parametrize("name", ["handout.pdf", "teacher-guide.pdf"])
def test_each_picture_is_stored_once_however_often_it_is_printed(pictures: Path, name: str) -> None:
    """The poster (printed twice), its cropped quarter and the photograph: three images, the photograph upright."""
    stored = sorted(image_objects(pictures / "std" / "pictures" / name))
    assert stored == sorted([(1200, 800), (600, 400), (600, 800)])


def test_a_picture_is_printed_at_its_share_of_the_text_width_and_upright(pictures: Path) -> None:
    with pdfplumber.open(pictures / "std" / "pictures" / "handout.pdf") as pdf:
        frame = float(pdf.pages[0].width) - 2 * MARGIN
        drawn = [image for page in pdf.pages for image in page.images]
    assert len(drawn) == 4  # A, B, C, D in order
    widths = [float(image["x1"] - image["x0"]) for image in drawn]
    heights = [float(image["bottom"] - image["top"]) for image in drawn]
    assert widths[0] == pytest.approx(0.6 * frame, abs=1)
    assert heights[0] == pytest.approx(widths[0] * 800 / 1200, abs=1)
    assert widths[1] == pytest.approx(0.4 * frame, abs=1) and heights[1] > widths[1]  # portrait, as its EXIF says
    assert heights[1] == pytest.approx(widths[1] * 800 / 600, abs=1)
    assert widths[2] == pytest.approx(0.3 * frame, abs=1) and heights[2] == pytest.approx(widths[2] * 400 / 600, abs=1)
    assert all(float(image["x0"]) == pytest.approx(MARGIN, abs=1) for image in drawn)


def test_a_picture_taller_than_a_page_is_scaled_down_to_fit_with_its_document(pictures: Path) -> None:
    for variant in ("std", "large"):
        with pdfplumber.open(pictures / variant / "scroll" / "handout.pdf") as pdf:
            (page,) = [page for page in pdf.pages if page.images]
            (image,) = page.images
            width, height = float(image["x1"] - image["x0"]), float(image["bottom"] - image["top"])
            assert height / width == pytest.approx(5, rel=0.01)
            assert float(image["top"]) > 0.9 * 72 and float(image["bottom"]) < float(page.height) - 0.9 * 72
            text = page.extract_text() or ""
            assert "Document A" in text and "A scroll." in text  # heading, picture and caption on one page


def test_pictures_are_byte_identical_when_built_again_and_in_parallel(pictures: Path, unit: Path, tmp_path: Path) -> None:
    targets = [pictures / "lesson_specs" / "pictures.yaml", pictures / "lesson_specs" / "pictures-unit.curriculum.yaml"]
    for jobs in (1, 2):
        report = build(open_workspace(pictures), targets, BuildOptions(out=tmp_path / str(jobs), jobs=jobs))
        assert report.ok, report.diagnostics.sorted()
    for first in unit.rglob("*.pdf"):
        for jobs in (1, 2):
            assert (tmp_path / str(jobs) / first.relative_to(unit)).read_bytes() == first.read_bytes(), (jobs, first)
    for name in ("handout.pdf", "teacher-guide.pdf"):
        assert (tmp_path / "1" / "pictures" / name).read_bytes() == (pictures / "std" / "pictures" / name).read_bytes()


@pytest.mark.parametrize("name", ["handout.pdf", "teacher-guide.pdf"])
def test_a_table_longer_than_a_page_runs_on_with_its_header_repeated_and_read_once(pictures: Path, name: str) -> None:
    path = pictures / "std" / "long-table" / name
    with pdfplumber.open(path) as pdf:
        pages = [page for page in pdf.pages if "1969" in (page.extract_text() or "") or "1900" in (page.extract_text() or "")]
        assert len(pages) >= 2
        for page in pages:  # every page of the table starts with its header
            words = [w["text"] for w in page.extract_words()]
            assert "Output" in words and "Region" in words
    text = squash(pdftotext(path, "-raw"))
    assert re.findall(r"\b(19\d\d) (\d+\.5) (\d)\b", text) == [(str(year), value(year), str(year % 7)) for year in range(1900, 1970)]
    with pikepdf.open(path) as tagged:
        headers = []

        def visit(node: Any) -> None:
            kids = node.get("/K")
            for kid in list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    if kid.S == pikepdf.Name.TH and "/A" in kid and kid.A.Scope == pikepdf.Name.Column:
                        headers.append(kid)
                    visit(kid)

        visit(tagged.Root.StructTreeRoot)
        assert len(headers) == 3  # the repeated header is drawn as an artifact


def test_numbers_are_right_aligned_and_a_centred_column_is_centred(pictures: Path) -> None:
    with pdfplumber.open(pictures / "std" / "long-table" / "handout.pdf") as pdf:
        page = next(page for page in pdf.pages if "1900" in (page.extract_text() or ""))
        words = page.extract_words()
    values = [w for w in words if re.fullmatch(r"\d+\.5", w["text"])]
    assert len({round(float(w["x1"])) for w in values}) == 1  # one right edge
    assert len({round(float(w["x0"])) for w in values}) == len({len(w["text"]) for w in values}) > 1  # left edges vary with the length
    top, bottom = min(float(w["top"]) for w in values), max(float(w["bottom"]) for w in values)
    codes = [w for w in words if re.fullmatch(r"\d", w["text"]) and float(w["x0"]) > float(values[0]["x1"]) and top <= float(w["top"]) <= bottom]
    assert len(codes) == len(values)
    assert len({round((float(w["x0"]) + float(w["x1"])) / 2) for w in codes}) == 1  # one centre


def test_the_upright_photograph_shows_its_dark_half_on_top(pictures: Path) -> None:
    """Stored with the dark half on the left; turned a quarter clockwise (orientation 6), the dark half is on top."""
    with pikepdf.open(pictures / "std" / "pictures" / "handout.pdf") as pdf:
        (jpeg,) = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and "/DCTDecode" in str(obj.get("/Filter"))]
        picture = Image.open(io.BytesIO(jpeg.read_raw_bytes())).convert("L")
    assert picture.size == (600, 800)
    top, bottom = picture.getpixel((300, 100)), picture.getpixel((300, 700))
    assert isinstance(top, int) and isinstance(bottom, int) and top < bottom - 40


def test_a_picture_is_a_figure_with_its_alt_text_and_its_caption_follows(pictures: Path) -> None:
    handout = figures(pictures / "std" / "pictures" / "handout.pdf")
    assert handout[0] == (f"{POSTER_ALT} The wheat is drawn three times the farmer's height.", "Caption")
    assert handout[1] == (PHOTO_ALT, "Caption")
    text = squash(pdftotext(pictures / "std" / "pictures" / "handout.pdf"))
    assert "Poster, 1958." in text and "A backyard furnace, 1958." in text


def test_the_guide_prints_the_long_description_and_the_handout_does_not(pictures: Path) -> None:
    guide = squash(pdftotext(pictures / "std" / "pictures" / "teacher-guide.pdf"))
    handout = squash(pdftotext(pictures / "std" / "pictures" / "handout.pdf"))
    assert "Description: The wheat is drawn three times the farmer's height." in guide
    assert "three times the farmer's height" not in handout


def test_captions_are_at_least_the_smallest_reading_size(pictures: Path) -> None:
    for variant, least in (("std", 11.0), ("large", 16.0)):
        with pdfplumber.open(pictures / variant / "pictures" / "handout.pdf") as pdf:
            chars = [c for page in pdf.pages for c in page.chars if c["text"].strip()]
            text = "".join(c["text"] for c in chars)
            start = text.index("Poster,1958.")
            assert min(c["size"] for c in chars[start : start + 12]) >= least - 0.01


def test_a_document_picture_is_never_split_from_its_heading_on_a_students_page(pictures: Path) -> None:
    for variant in ("std", "large"):
        with pdfplumber.open(pictures / variant / "pictures" / "handout.pdf") as pdf:
            for page in pdf.pages:
                for image in page.images:
                    above = [w for w in page.extract_words() if w["bottom"] <= image["top"] and w["text"] == "Document"]
                    assert above, (variant, page.page_number)


def test_a_pack_stores_each_picture_once_for_the_whole_class(unit: Path) -> None:
    """Three copies of two handouts that both print the poster; the course pack lays out both guides."""
    pack = unit / "pictures-unit" / "period-1" / "print-pack.pdf"
    with pdfplumber.open(pack) as pdf:
        drawn = sum(len(page.images) for page in pdf.pages)
    assert drawn == 3 * (4 + 1)
    assert sorted(image_objects(pack)) == sorted([(1200, 800), (600, 400), (600, 800)])
    assert sorted(image_objects(unit / "pictures-unit" / "course-pack.pdf")) == sorted([(1200, 800), (600, 400), (600, 800)])


# ---- tagged PDF --------------------------------------------------------------------------------------------------------


def test_every_picture_table_and_chart_is_marked_content_of_its_element_and_passes_the_pdfua_checker(grain: Path, pictures: Path,
                                                                                                     unit: Path) -> None:
    """Everything painted (a picture's `Do`, a chart's bars and words) is content of the structure element that
    says what it is, as in every other lessonpress PDF."""
    pdfua = pytest.importorskip("pdfua")
    paths = [grain / variant / LESSON / name for variant in ("std", "large") for name in ("handout.pdf", "teacher-guide.pdf")]
    paths += [pictures / variant / "pictures" / name for variant in ("std", "large") for name in ("handout.pdf", "teacher-guide.pdf")]
    paths += [unit / "pictures-unit" / "course-pack.pdf", unit / "pictures-unit" / "period-1" / "print-pack.pdf"]
    for path in paths:
        with pikepdf.open(path) as pdf:
            assert content_problems(pdf) == [], path
        report = pdfua.validate(str(path))
        assert [(f.rule_id, f.message) for f in report.findings] == [], path


def test_the_writer_tags_everything_it_draws(pictures: Path) -> None:
    workspace = open_workspace(pictures)
    for variant, paper in (("standard", "letter"), ("large-print", "a4"), ("answer-key", "letter")):
        job = RenderJob(workspace.templates_dir, None, workspace.settings.theme, paper, variant, workspace.settings.school)
        for lesson_id in ("pictures", LESSON):
            for tree, look in prepare(load_project(workspace).lessons[lesson_id], job)[0]:
                assert write_pdf(tree, look).untagged == 0, (lesson_id, variant, tree.kind)
