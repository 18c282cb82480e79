"""The example materials are the seeds, verbatim except for the repairs their notes declare; parsing them with
markdown-it-py numbers paragraphs and makes sections exactly as the hand-written parser before it did."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import REPO, SEEDS
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lessonpress.errors import Diagnostics
from lessonpress.resolve.materials import load_material, parse_body
from lessonpress.resolve.textmatch import nfc


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


# --- parity with the parser before tables (issue #15) ---------------------------------------------
# The reference is the hand-written parser lessonpress used before materials were parsed with
# markdown-it-py: `_heading` and `parse_body` as they were, returning plain tuples.

_HEADING = re.compile(r"(#{1,6})\s+(?=\S)")
Parsed = tuple[list[tuple[int, str, int]], list[tuple[str, int, int, tuple[int, ...]]]]


def _old_heading(line: str) -> tuple[int, str] | None:
    match = _HEADING.match(line)
    if not match:
        return None
    title = line[match.end() :].rstrip()
    return len(match.group(1)), title.rstrip("#").rstrip() or title


def old_parse_body(lines: list[str], first_line: int) -> Parsed:
    paragraphs: list[tuple[int, str, int]] = []
    open_sections: list[tuple[str, int, int, list[int]]] = []
    closed: list[tuple[str, int, int, list[int]]] = []
    buffer: list[str] = []
    start = 0

    def flush() -> None:
        if buffer:
            number = len(paragraphs) + 1
            paragraphs.append((number, nfc(" ".join(part.strip() for part in buffer)), start))
            for section in open_sections:
                section[3].append(number)
            buffer.clear()

    for offset, raw in enumerate(lines):
        line_no = first_line + offset
        heading = _old_heading(raw)
        if heading:
            flush()
            level, title = heading
            while open_sections and open_sections[-1][1] >= level:
                closed.append(open_sections.pop())
            open_sections.append((nfc(title), level, line_no, []))
        elif raw.strip():
            if not buffer:
                start = line_no
            buffer.append(raw)
        else:
            flush()
    flush()
    closed.extend(open_sections)
    return paragraphs, sorted(((t, lv, ln, tuple(nums)) for t, lv, ln, nums in closed), key=lambda s: s[2])


def new_parse_body(lines: list[str], first_line: int) -> Parsed:
    paragraphs, sections = parse_body(lines, first_line)
    return [(p.number, p.text, p.line) for p in paragraphs], [(s.title, s.level, s.line, s.paragraphs) for s in sections]


def body_lines(name: str) -> tuple[list[str], int]:
    """The lines after a material's front matter, and the file line of the first."""
    lines = (REPO / "materials" / name).read_text(encoding="utf-8").split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    return lines[end + 1 :], end + 2


@pytest.mark.parametrize("name", ["glf-overview.md", "glf-article.md"])
def test_example_materials_parse_exactly_as_before(name: str) -> None:
    lines, first = body_lines(name)
    old = old_parse_body(lines, first)
    assert new_parse_body(lines, first) == old
    assert len(old[0]) >= 2  # the comparison saw paragraphs (and, for the article, sections)


_WORD_CHARS = st.characters(categories=["L", "N", "P", "S"], exclude_characters="|")  # no pipe tables
_WORD = st.text(_WORD_CHARS, min_size=1, max_size=8)
_WORDS = st.lists(_WORD, min_size=1, max_size=5).map(" ".join)
_TEXT = _WORDS.filter(lambda text: not text.startswith("#"))  # a line of text; '#' at the start is a heading case of its own

LINES = st.one_of(
    _TEXT,  # a paragraph's line
    st.tuples(st.integers(1, 6), _WORDS, st.sampled_from(["", " #", " ##", "  "])).map(lambda h: "#" * h[0] + " " + h[1] + h[2]),
    st.tuples(st.integers(7, 8), _WORDS).map(lambda h: "#" * h[0] + " " + h[1]),  # too many '#': text
    _TEXT.map(lambda w: "#" + w),  # '#hashtag': text
    st.sampled_from(["", "", " ", "\t", "   "]),  # blank lines
    st.tuples(st.sampled_from(["1. ", "2) ", "- ", "* ", "+ "]), _TEXT).map("".join),  # list-like
    st.tuples(st.sampled_from([" ", "  ", "   ", "    ", "        ", "\t"]), _TEXT).map("".join),  # indented
    st.tuples(st.sampled_from(["> ", ">", "> > "]), _TEXT).map("".join),  # quotes
    st.sampled_from([">", "---", "===", "***", "```", "<div>", "</div>", "<!-- x -->", "[a]: http://example.org", "    code"]),
)


@settings(max_examples=int(os.environ.get("LESSONPRESS_HYPOTHESIS_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(LINES, max_size=30), first=st.integers(1, 40))
@example(lines=["# Title", "", "one", "still one", "", "## Part", "two", "", "three"], first=5)
@example(lines=["text", "## Heading ##", "  indented", "1. list-like", "> quote", "", "\t", "after"], first=1)
def test_text_bodies_parse_exactly_as_before(lines: list[str], first: int) -> None:
    assert new_parse_body(lines, first) == old_parse_body(lines, first)


# Inputs where the markdown-it parser and the old one differ; each was found by the parity tests above
# (they are kept out of its generated bodies and listed here, so a fix shows up as an XPASS).
DIFFERENCES = {
    # a line that is only '#' (or '## '): the old parser kept it as text, markdown-it makes an empty heading, and
    # parse_markdown drops it (`_heading` returns None), so its text disappears and the next line starts a paragraph
    "lone-hash": ["text", "", "#", "", "more"],
    "empty-heading": ["text", "", "## ", "more"],
    # a line of Unicode spaces only (no-break space, ideographic space): the old parser ended the paragraph
    # (str.strip), markdown-it does not count it as blank and joins the two paragraphs with two spaces
    "no-break-space-line": ["one", "\u00a0", "two"],
    "ideographic-space-line": ["one", "\u3000", "two"],
    # '#' then a no-break space or U+2028: a heading for the old parser (\\s), text for markdown-it (space or tab only)
    "no-break-space-heading": ["#\u00a0Title", "text"],
    "line-separator-heading": ["#\u2028Title", "text"],
    # spaces before '#': text for the old parser, a heading now (1-3 spaces is CommonMark; 4 would be code there)
    "indented-heading": ["  # Title", "text"],
    "four-spaces-heading": ["    # Title", "text"],
    # a tab before '#': markdown-it makes a heading, `_heading` strips only spaces and returns None, so the line is lost
    "tab-before-hash": ["\t# Title", "text"],
}


@pytest.mark.xfail(strict=True, reason="markdown-it-py and the old parser differ here: see DIFFERENCES")
@pytest.mark.parametrize("name", sorted(DIFFERENCES))
def test_known_differences_from_the_old_parser(name: str) -> None:
    lines = DIFFERENCES[name]
    assert new_parse_body(lines, 1) == old_parse_body(lines, 1)
