"""The example materials are the seeds, verbatim except for the repairs their notes declare."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, SEEDS

from lessonpress.errors import Diagnostics
from lessonpress.resolve.materials import load_material, parse_body


def load(name: str):  # type: ignore[no-untyped-def]
    diags = Diagnostics()
    material = load_material(REPO / "materials" / name, diags, 1_000_000)
    assert material is not None, diags.items
    return material


def words(text: str) -> list[str]:
    return text.replace("–", " ").split()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds not beside the repo")
def test_overview_is_the_seed_with_three_spaces_restored() -> None:
    material = load("glf-overview.md")
    seed = (SEEDS / "000_39563e4883fe00a7.txt").read_text(encoding="utf-8")
    repaired = seed.replace('Forward."It', 'Forward." It').replace('history".The', 'history". The').replace('disaster."In', 'disaster." In')
    assert [p.text for p in material.paragraphs] == [line for line in repaired.splitlines() if line.strip()]
    assert material.meta.author == "Wikipedia contributors"
    assert material.meta.license == "CC BY-SA 4.0"
    assert "大跃进" in material.paragraphs[0].text


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds not beside the repo")
def test_article_has_every_word_of_the_seed_in_order() -> None:
    material = load("glf-article.md")
    seed = (SEEDS / "004_83b4021e309feb8e.txt").read_text(encoding="utf-8")
    body = " ".join([s.title for s in material.sections] + [p.text for p in material.paragraphs])
    assert sorted(words(seed)) == sorted(words(body))
    assert material.meta.author is None  # the article is unattributed; we do not invent one


def test_article_sections() -> None:
    material = load("glf-article.md")
    positive = material.find_section("positive effects")
    assert positive is not None and len(positive.paragraphs) == 3
    assert material.paragraph(positive.paragraphs[0]).text.startswith("– The Great Leap Forward sparked")
    objectives = material.find_section("Objectives of the Great Leap Forward")
    assert objectives is not None and objectives.paragraphs == (8, 9, 10, 11)  # includes its sub-sections
    agricultural = material.find_section("1. Agricultural Production")
    assert agricultural is not None and agricultural.paragraphs == ()


def test_paragraphs_are_numbered_in_reading_order_without_headings() -> None:
    paragraphs, sections = parse_body(["# Title", "", "one", "still one", "", "## Part", "two", "", "three"], first_line=5)
    assert [(p.number, p.text, p.line) for p in paragraphs] == [(1, "one still one", 7), (2, "two", 11), (3, "three", 13)]
    assert [(s.title, s.paragraphs) for s in sections] == [("Title", (1, 2, 3)), ("Part", (2, 3))]


def test_material_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "m.md"
    path.write_text("Just text.\n", encoding="utf-8")
    diags = Diagnostics()
    assert load_material(path, diags, 1000) is None
    assert diags.items[0].format(tmp_path) == "m.md:1:1: error: a material starts with YAML front matter between two '---' lines (id, title, kind, author, ...)"


def test_material_front_matter_errors_point_into_the_file(tmp_path: Path) -> None:
    path = tmp_path / "m.md"
    path.write_text("---\ntitle: X\nkind: primery\n---\nText.\n", encoding="utf-8")
    diags = Diagnostics()
    assert load_material(path, diags, 1000) is None
    assert diags.items[0].format(tmp_path) == "m.md:3:7: error: 'kind' must be one of primary, secondary, tertiary, not 'primery' (did you mean 'primary'?)"
