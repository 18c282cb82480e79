"""Every example in docs/customizing.md works: files are written into a workspace, commands are run."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO, Cli, copy_examples
from docsnippets import run_snippets
from docsnippets import snippets as page_snippets

DOC = REPO / "docs" / "customizing.md"


def snippets() -> list[tuple[str, str]]:
    return page_snippets(DOC)


def test_doc_has_files_and_commands() -> None:
    kinds = [kind for kind, _ in snippets()]
    assert kinds.count("file") >= 4 and kinds.count("sh") >= 6


def test_every_snippet_works(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    run_snippets(ws, cli, snippets())
    # the snippets did what the page says
    from pdfread import squash, text

    overlay = squash(text(ws / "output/glf-close-reading-period-6/handout.pdf"))
    assert "a farming economy" in overlay and "collectivization (combining farms)" in overlay and "agrarian" not in overlay
    assert (ws / "output/unit-support/support-a/glf-close-reading/handout.pdf").is_file()
    wording = squash(text(ws / "output/wording/glf-evidence-lab/handout.pdf"))
    assert "Key terms" in wording and "Your turn" in wording and "Word bank" not in wording
    assert (ws / "templates/wording.yaml").read_text(encoding="utf-8").startswith("vocabulary:")


# --- docs/spec-reference.md: the visual example workspace --------------------------------------------

REFERENCE = REPO / "docs" / "spec-reference.md"
VISUAL = REPO / "docs" / "examples" / "visual"


def test_reference_shows_the_example_files_as_they_are() -> None:
    """Every `<!-- example: path -->` block in spec-reference.md is that file, word for word."""
    text = REFERENCE.read_text(encoding="utf-8")
    shown = re.findall(r"<!-- example: (\S+) -->\n```\w*\n(.*?)```", text, flags=re.DOTALL)
    assert {path for path, _ in shown} == {"docs/examples/visual/materials/glf-timeline.md",
                                           "docs/examples/visual/lesson_specs/glf-timeline.yaml"}
    for path, body in shown:
        assert body == (REPO / path).read_text(encoding="utf-8"), path


def test_visual_example_picture_is_small_and_made_by_the_project() -> None:
    from PIL import Image

    from lessonpress.errors import Diagnostics
    from lessonpress.resolve.materials import load_material

    picture = VISUAL / "materials/images/glf-timeline.png"
    assert picture.stat().st_size < 60_000
    with Image.open(picture) as image:
        assert image.format == "PNG"
    diags = Diagnostics()
    material = load_material(VISUAL / "materials/glf-timeline.md", diags, 1_000_000, VISUAL)
    assert material is not None and not diags.items, diags.items
    meta = material.meta
    assert meta.author == "lessonpress project" and meta.license == "CC0-1.0"
    assert meta.note is not None and "Made by the lessonpress project for this documentation" in meta.note
    assert meta.alt and meta.caption and meta.description
    assert (VISUAL / "make_picture.py").is_file()


def test_visual_example_checks_clean_and_builds_html(tmp_path: Path, cli: Cli) -> None:
    import shutil

    ws = tmp_path / "visual"
    shutil.copytree(VISUAL, ws, ignore=shutil.ignore_patterns("output"))
    result = cli("check", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert ": warning: " not in result.stderr and ": error: " not in result.stderr, result.stderr
    lesson = (ws / "lesson_specs/glf-timeline.yaml").read_text(encoding="utf-8")
    assert "width: 80%" in lesson and "type: image_analysis" in lesson and "region: right" in lesson
    result = cli("build", "--format", "html", cwd=ws)
    assert result.exit_code == 0, result.stderr
    handout = (ws / "output/glf-timeline/handout.html").read_text(encoding="utf-8")
    guide = (ws / "output/glf-timeline/teacher-guide.html").read_text(encoding="utf-8")
    assert "<img" in handout and "data:image/png;base64," in handout
    assert "Timeline of the Great Leap Forward from 1958 to 1962" in handout  # the alt text
    assert "Timeline made by the lessonpress project (CC0)" in handout  # the caption
    assert "Document A, right" in guide and "A horizontal timeline" in guide  # the region cited, the description
    assert "May 1962, the end of the campaign" not in handout  # an answer
