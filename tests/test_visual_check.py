"""Image and table documents that cannot be printed: each is an exact `path:line:col: error:` line, exit 1, and the
other lessons of the workspace still build.

Pictures are made with Pillow when the tests run (the repository holds no broken binaries): a truncated PNG, a
GIF, a decompression bomb (20000×20000 pixels, 1 bit deep: tiny on disk), a FIFO, a file outside the workspace.
Cases that need only a lesson spec and the repository's materials are in tests/bad_inputs/ and are built here too.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EXAMPLE_LESSONS, Cli, copy_examples
from PIL import Image

BAD = Path(__file__).parent / "bad_inputs"
# the table and image cases of tests/bad_inputs/: they are also in the workspace built below
SPEC_CASES = ["chart-column-missing", "crop-on-text", "evidence-row-missing", "evidence-row-on-text", "image-analysis-on-text",
              "table-number-too-high"]

# --- pictures ----------------------------------------------------------------------------------------

Picture = Callable[[Path], None]


def png(path: Path) -> None:
    Image.new("RGB", (60, 40), "navy").save(path, format="PNG")


def truncated_png(path: Path) -> None:
    out = io.BytesIO()
    Image.effect_noise((120, 80), 64).save(out, format="PNG")  # noise: the pixel data is most of the file
    data = out.getvalue()
    path.write_bytes(data[: len(data) // 2])


def jpeg(path: Path) -> None:
    Image.new("RGB", (60, 40), "darkred").save(path, format="JPEG")  # JPEG bytes, whatever the file is called


def gif(path: Path) -> None:
    Image.new("P", (60, 40)).save(path, format="GIF")


def bomb(path: Path) -> None:
    Image.new("1", (20_000, 20_000)).save(path, format="PNG")  # 400 megapixels in about 50 KB
    assert path.stat().st_size < 200_000


def fifty_megapixels(path: Path) -> None:
    Image.new("1", (10_000, 5_000)).save(path, format="PNG")  # over the 40-megapixel limit, under Pillow's own


def fifo(path: Path) -> None:
    os.mkfifo(path)


# --- the cases ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A lesson `lesson_specs/<name>.yaml` whose Document A is `materials/<name>.md` (or a repository material)."""

    name: str
    expected: str | None  # the first error `check` prints for the cause; None: the lesson is fine and builds
    picture: Picture | None = None  # makes materials/images/<name>.<suffix>
    suffix: str = "png"
    image: str | None = None  # the material's `image:` (default images/<name>.<suffix> when there is a picture)
    alt: bool = True
    body: str = ""  # the material's Markdown after its front matter: a table
    material: str | None = None  # use this repository material instead of writing one
    source: str = ""  # more keys of Document A, indented by four spaces
    exercises: str = ""

    @property
    def in_material(self) -> bool:
        return self.expected is not None and self.expected.startswith("materials/")

    def material_text(self) -> str:
        image = self.image or (f"images/{self.name}.{self.suffix}" if self.picture else None)
        lines = ["---", f"title: Test document {self.name}", "kind: primary", "author: lessonpress tests", 'date: "2026"',
                 "publisher: lessonpress", "license: CC0-1.0"]
        if image is not None:
            lines += [f"image: {image}"] + (["alt: A navy rectangle."] if self.alt else [])
            lines += ["description: A plain navy rectangle, wider than it is tall."]
        return "\n".join([*lines, "---", self.body])

    def lesson_text(self) -> str:
        text = (f"id: {self.name}\ntitle: A lesson\ncentral_question: Why?\nsources:\n  A:\n"
                f"    material: {self.material or self.name}\n{self.source}")
        return text + (f"exercises:\n{self.exercises}" if self.exercises else "")


TABLE = "| Year | Output |\n|------|-------:|\n| 1958 | 200 |\n| 1959 | 170 |\n"
# a picture material's `image:` is on line 8 (its value in column 8); a table material's body starts on line 9
CASES = [
    Case("image-without-alt", "materials/image-without-alt.md:8:8: error: an image material needs 'alt:', a short text "
         "alternative for a student who cannot see the picture (say what it shows that matters for the lesson)", png, alt=False),
    Case("image-missing", "materials/image-missing.md:8:8: error: image 'images/image-missing.png' does not exist (looked for image-missing.png in materials/images/)", None,
         image="images/image-missing.png"),
    Case("image-truncated", "materials/image-truncated.md:8:8: error: image 'images/image-truncated.png' is damaged or truncated and "
         "cannot be printed: image file is truncated", truncated_png),
    Case("image-jpeg-named-png", None, jpeg),  # what matters is what the bytes are
    Case("image-gif", "materials/image-gif.md:8:8: error: image 'images/image-gif.gif' is GIF: only PNG and JPEG are printed "
         "(save it as PNG, or as JPEG for a photograph)", gif, suffix="gif"),
    Case("image-over-pixel-limit", "materials/image-over-pixel-limit.md:8:8: error: image 'images/image-over-pixel-limit.png' is "
         "10000×5000 pixels (50 megapixels); the limit is 40 (scale it down, or raise limits.max_image_megapixels)", fifty_megapixels),
    Case("image-bomb", "materials/image-bomb.md:8:8: error: image 'images/image-bomb.png' is 20000×20000 pixels (400 megapixels); the "
         "limit is 40 (scale it down, or raise limits.max_image_megapixels)", bomb),
    Case("image-outside", "materials/image-outside.md:8:8: error: image '../../outside.png' is outside the workspace: copy it into "
         "materials/ (e.g. materials/images/)", None, image="../../outside.png"),
    Case("image-fifo", "materials/image-fifo.md:8:8: error: image 'images/image-fifo.png': the path is a FIFO (named pipe), not a "
         "regular file", fifo),
    Case("table-row-cells", "materials/table-row-cells.md:13:1: error: this table row has 3 cells but the header has 2: give "
         "every row one cell per column (an empty cell is '| |')", body=TABLE + "| 1960 | 143.5 | lowest |\n"),
    Case("table-without-delimiter", "materials/table-without-delimiter.md:9:1: error: this looks like a table, but its second "
         "line is not a delimiter row with one '---' per column (for 2 columns: |---|---|)",
         body="| Year | Output |\n| 1958 | 200 |\n| 1959 | 170 |\n"),
    Case("chart-y-not-a-number", "lesson_specs/chart-y-not-a-number.yaml:7:33: error: column 'Output' has 'about 150' in row "
         "'1960' (chart-y-not-a-number.md line 13); a chart needs a number in every row",
         body=TABLE + "| 1960 | about 150 |\n", source="    chart: {type: bar, x: Year, y: Output}\n"),
    Case("crop-backwards", "lesson_specs/crop-backwards.yaml:7:11: error: crop is [x0, y0, x1, y1] with x0 < x1 and y0 < y1, "
         "e.g. [0, 0, 0.5, 0.5] for the top-left quarter", png, source="    crop: [0.5, 0, 0.2, 1]\n"),
    Case("evidence-quote-on-image", "lesson_specs/evidence-quote-on-image.yaml:11:16: error: Document A is an image: point at "
         "a part of it ('region: top left') or at its caption ('caption: true')", png,
         exercises="  - type: close_reading\n    source: A\n    prompt: What?\n    evidence: {quote: a navy rectangle}\n    answer: x\n"),
]
# where lessonpress does not (yet) say what it should; a fix makes these pass, and then the mark must go
WRONG_TODAY: dict[str, str] = {}
BY_NAME = {case.name: case for case in CASES}


def params() -> list[object]:
    return [pytest.param(case, id=case.name, marks=[pytest.mark.xfail(strict=True, reason=WRONG_TODAY[case.name])]
                         if case.name in WRONG_TODAY else []) for case in CASES]


@pytest.fixture(scope="module")
def visual_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace with every case of this file and the table and image cases of tests/bad_inputs/."""
    ws = copy_examples(tmp_path_factory.mktemp("visual") / "ws")
    (ws / "materials/images").mkdir()
    png(ws.parent / "outside.png")
    for case in CASES:
        if case.picture is not None:
            case.picture(ws / "materials/images" / f"{case.name}.{case.suffix}")
        if case.material is None:
            (ws / "materials" / f"{case.name}.md").write_text(case.material_text(), encoding="utf-8")
        (ws / "lesson_specs" / f"{case.name}.yaml").write_text(case.lesson_text(), encoding="utf-8")
    for name in SPEC_CASES:
        (ws / "lesson_specs" / f"{name}.yaml").write_bytes((BAD / f"{name}.yaml").read_bytes())
    return ws


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


@pytest.mark.parametrize("case", params())
def test_visual_case_is_reported_at_its_line(case: Case, visual_workspace: Path, cli: Cli) -> None:
    result = cli("check", f"lesson_specs/{case.name}.yaml", cwd=visual_workspace)
    assert "Traceback" not in result.stderr + result.stdout
    for line in result.stderr.splitlines():
        assert ": error: " in line or ": warning: " in line or line.startswith("checked "), line
    if case.expected is None:
        assert result.exit_code == 0, result.stderr
        assert not errors(result.stderr)
        return
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    if case.in_material:
        # the lesson says its material is broken (lesson_specs/ sorts first), then the material says why
        assert lines[0] == f"lesson_specs/{case.name}.yaml:6:15: error: material '{case.name}' has errors: fix those first"
        assert lines[1] == case.expected
        alone = cli("check", f"materials/{case.name}.md", cwd=visual_workspace)
        assert alone.exit_code == 1
        assert alone.stderr.splitlines()[0] == case.expected
    else:
        assert lines[0] == case.expected


def test_every_case_is_in_the_table() -> None:
    assert len(CASES) + len(SPEC_CASES) >= 18
    assert len(BY_NAME) == len(CASES) and set(WRONG_TODAY) <= set(BY_NAME)
    assert all((BAD / f"{name}.yaml").is_file() for name in SPEC_CASES)


def test_a_broken_picture_is_one_error(visual_workspace: Path, cli: Cli) -> None:
    result = cli("check", "materials/image-truncated.md", cwd=visual_workspace)
    assert errors(result.stderr) == [BY_NAME["image-truncated"].expected]


def test_broken_visual_lessons_fail_alone_and_the_others_build(visual_workspace: Path, cli: Cli) -> None:
    """One build of the whole workspace (PDFs are slow): every broken lesson fails, every other lesson is written."""
    result = cli("build", cwd=visual_workspace)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr + result.stdout
    failed = {line.split(":", 1)[0] for line in errors(result.stderr) if line.startswith("lesson_specs/")}
    broken = {case.name for case in CASES if case.expected is not None} | set(SPEC_CASES)
    assert failed == {f"lesson_specs/{name}.yaml" for name in broken}
    out = visual_workspace / "output"
    good = [p.stem for p in EXAMPLE_LESSONS] + [case.name for case in CASES if case.expected is None]
    for lesson in good:
        for name in ("handout.pdf", "teacher-guide.pdf"):
            assert (out / lesson / name).read_bytes().startswith(b"%PDF-"), f"{lesson}/{name}"
    for name in broken:
        assert not (out / name).exists(), name
    assert (out / "unit-glf/course-pack.pdf").is_file()
