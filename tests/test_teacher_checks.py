"""Checks a teacher would want, line references in prompts, and intros that do not repeat the prompt.

Warnings and errors are compared as the exact lines `lessonpress check` prints;
line references are read back from built PDFs, standard and large print, and
compared with the lines where the quoted words really are on each copy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Cli, copy_examples
from pdfread import document_lines, squash, text

from lessonpress.analysis.checks import gives_away, stem
from lessonpress.document.context import Copy, LessonContext
from lessonpress.document.model import Block, Question, to_text
from lessonpress.exercises import close_reading, corroboration, sourcing
from lessonpress.exercises.base import named_letters
from lessonpress.exercises.close_reading import CloseReading
from lessonpress.exercises.corroboration import Corroboration
from lessonpress.exercises.sourcing import Sourcing
from lessonpress.resolve.loader import load_project
from lessonpress.style.variant import Variant
from lessonpress.style.wording import Wording
from lessonpress.workspace import open_workspace


def write(ws: Path, name: str, content: str) -> str:
    (ws / "lesson_specs" / name).write_text(content, encoding="utf-8")
    return f"lesson_specs/{name}"


def diagnostics(stderr: str, path: str, kind: str = "warning") -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"{path}:") and f": {kind}: " in line]


# --- (a) and (b): the word bank ----------------------------------------------------------------

BANK = """\
id: bank
title: Word bank checks
central_question: How reliable is an encyclopedia?
sources:
  A:
    material: glf-overview
    select: {paragraphs: [1]}
    replace: {"an agrarian economy": "a farming economy"}
vocabulary:
  reliable: Trustworthy as evidence.
  collectivized: Made into large farms run by the state.
  campaigns: Organised efforts to reach a goal.
  agrarian: Based on farming.
  pogrom: A violent attack on a group of people.
exercises:
  - type: multiple_choice
    source: A
    prompt: In Document A, "collectivization" most nearly means
    choices: [made into large state farms, sold to private owners]
    answer: A
"""


def test_word_bank_terms_and_definitions(workspace: Path, cli: Cli) -> None:
    path = write(workspace, "bank.yaml", BANK)
    result = cli("check", path, cwd=workspace)
    assert result.exit_code == 0, result.stderr
    assert diagnostics(result.stderr, path) == [
        # "collectivized" matches the printed "collectivization", "campaigns" "campaign", "reliable" the central question
        (f"{path}:11:18: warning: the word bank's definition of 'collectivized' gives away the answer to exercise 1 "
        '(choice A, "made into large state farms"): students can copy it from the word bank'),
        (f"{path}:13:3: warning: word-bank term 'agrarian' does not occur in any document of this lesson as printed, nor in its "
        "questions: an omit or replace took it out of Document A; define the words printed instead, or drop it"),
        (f"{path}:14:3: warning: word-bank term 'pogrom' does not occur in any document of this lesson as printed, nor in its "
        "questions: drop it, or define a word the documents use"),
    ]
    assert cli("check", "--strict", path, cwd=workspace).exit_code == 1
    assert cli("build", path, "--out", "out", cwd=workspace).exit_code == 0  # warnings never fail a build


@pytest.mark.parametrize(("words", "same"), [
    (["collectivization", "collectivized", "collectivize", "collectivizing"], True),
    (["famine", "famines"], True),
    (["label", "labeled", "labels"], True),
    (["farm", "farms", "farming"], True),
    (["study", "studies", "studied"], True),
    (["plan", "planned", "planning"], True),
    (["counter-revolutionary", "counter-revolutionaries"], True),
    (["process", "processes"], True),
    (["famine", "farming"], False),
])
def test_inflections_share_a_stem(words: list[str], same: bool) -> None:
    stems = {" ".join(stem(part) for part in word.split("-")) for word in words}
    assert (len(stems) == 1) is same, stems


def test_giveaway_needs_the_choice_not_one_shared_word() -> None:
    definition = "Combining private farms into large farms owned and run by the state."
    assert gives_away(definition, "combining private farms into large state-run farms")
    assert not gives_away(definition, "moving farmers into cities")
    assert not gives_away("A state is a country.", "the state of the economy")  # only "state" in common
    assert gives_away("The Great Famine of 1959.", "1959")


# --- the word bank and reading level with table and image documents ----------------------------

QUOTAS = """\
---
title: Grain output and procurement, 1958-1960
kind: primary
author: State Statistical Bureau
date: "1983"
publisher: Statistical Yearbook of China
license: Official statistics
---
| Year | Output (million tonnes) | Procurement share |
|------|------------------------:|------------------:|
| 1958 | 200.0 | 28% |
| 1959 | 170.0 | 40% |
| 1960 | 143.5 | 36% |
"""

POSTER = """\
---
title: A poster
kind: primary
author: Unknown artist
date: "1958"
publisher: People's Fine Arts Publishing House
license: Public domain
image: images/poster.png
alt: A commune's fields full of wheat taller than the farmers.
caption: A propaganda poster of 1958.
description: Farmers stand among wheat that reaches above their heads; a red banner crosses the sky.
---
"""

VISUAL_BANK = """\
id: visual-bank
title: Word bank with a table and a picture
central_question: Why?
grade: 3
vocabulary:
  tonne: A metric ton.
  procurement: What the state bought from farms at a fixed price.
  propaganda: Information spread to win people over.
  commune: A large collective farm.
  steel: A strong metal.
sources:
  A:
    material: quotas
    chart: {type: line, x: Year, y: Output (million tonnes)}
    show: [chart]
  B:
    material: poster
    width: 50%
"""


def visual_workspace(ws: Path) -> Path:
    from PIL import Image

    (ws / "materials/images").mkdir()
    Image.new("RGB", (40, 30), "red").save(ws / "materials/images/poster.png")
    (ws / "materials/quotas.md").write_text(QUOTAS, encoding="utf-8")
    (ws / "materials/poster.md").write_text(POSTER, encoding="utf-8")
    return ws


def test_table_cells_caption_and_alt_text_are_printed_text(workspace: Path, cli: Cli) -> None:
    visual_workspace(workspace)
    path = write(workspace, "visual-bank.yaml", VISUAL_BANK)
    result = cli("check", path, cwd=workspace)
    assert result.exit_code == 0, result.stderr
    # "tonne" is in the charted column's header, "propaganda" in the caption, "commune" in the alt text;
    # "procurement" is only in a column the chart does not draw, "steel" nowhere
    assert [line.split(": warning: ")[1].split("'")[1] for line in diagnostics(result.stderr, path)] == ["procurement", "steel"]
    # shown as a table too, every header and cell is printed
    both = write(workspace, "visual-bank.yaml", VISUAL_BANK.replace("show: [chart]", "show: [table, chart]"))
    assert [line.split("'")[1] for line in diagnostics(cli("check", both, cwd=workspace).stderr, both)] == ["steel"]


def test_example_table_lesson_has_no_word_bank_warning(cli: Cli) -> None:
    from conftest import REPO

    result = cli("check", "lesson_specs/glf-grain-in-numbers.yaml", cwd=REPO)
    assert result.exit_code == 0, result.stderr
    assert "word-bank term" not in result.stderr  # "tonne" is printed in the header "Grain output (million tonnes)"


def test_reading_level_skips_documents_without_text(workspace: Path, cli: Cli) -> None:
    visual_workspace(workspace)
    path = write(workspace, "visual-bank.yaml", VISUAL_BANK)  # grade 3: any text would be "too hard"
    project = load_project(open_workspace(workspace), [workspace / path])
    from lessonpress.analysis.report import analyse

    report, warnings = analyse(project)
    assert report.excerpts == []
    assert not [w for w in warnings if "Flesch-Kincaid" in w.message or "words;" in w.message]
    assert "Flesch-Kincaid" not in cli("check", path, cwd=workspace).stderr


# --- (c): overlays that drop a document --------------------------------------------------------

OLD_SHORT = """\
id: old-short
extends: glf-success-or-failure
duration: 30
sources:
  B: null
agenda:
  - {minutes: 10, activity: Read Documents A and B}
  - {minutes: 20, activity: Discuss}
discussion:
  1: null
exercises:
  1: null
  3: null
  4: null
  5: {prompt: Was it a success? Use evidence from both documents.}
rubric:
  - {criterion: Uses Document B, points: 2}
"""


def test_overlay_that_drops_a_document_still_mentioned(workspace: Path, cli: Cli) -> None:
    path = write(workspace, "old-short.yaml", OLD_SHORT)
    result = cli("check", path, cwd=workspace)
    assert result.exit_code == 0, result.stderr
    parent = "lesson_specs/glf-success-or-failure.yaml"
    fix = f"override 'objectives' in {path}"
    assert [line for line in diagnostics(result.stderr, parent) if "old-short" in line] == [
        f'{parent}:16:5: warning: this objective says "two documents", but old-short has only Document A after dropping Document B: {fix}',
        f'{parent}:17:5: warning: this objective says "both documents", but old-short has only Document A after dropping Document B: {fix}',
        # the overlay rewrote the prompt of exercise 5 but kept its model answer, which compares with Document B
        (f"{parent}:116:19: warning: this model answer mentions Document B, which old-short drops (sources: {{B: null}}): "
        f"override 'exercises' in {path}"),
    ]
    assert diagnostics(result.stderr, path) == [
        f"{path}:7:29: warning: this agenda item mentions Document B, which old-short drops (sources: {{B: null}}): reword it",
        f'{path}:15:15: warning: this prompt says "both documents", but old-short has only Document A after dropping Document B: reword it',
        f"{path}:17:17: warning: this rubric criterion mentions Document B, which old-short drops (sources: {{B: null}}): reword it",
    ]


def test_shipped_overlay_example_is_clean(workspace: Path, cli: Cli) -> None:
    result = cli("check", "lesson_specs/glf-success-or-failure-short.yaml", cwd=workspace)
    assert result.exit_code == 0
    assert "drops" not in result.stderr and "after dropping" not in result.stderr, result.stderr


def test_a_lesson_naming_a_document_it_never_had(workspace: Path, cli: Cli) -> None:
    path = write(workspace, "no-c.yaml", "id: no-c\ntitle: T\ncentral_question: Q?\nsources:\n  A: {material: glf-overview, select: {paragraphs: [1]}}\n"
                                          "objectives: [Compare Document A with Doc C.]\n")
    result = cli("check", path, cwd=workspace)
    assert diagnostics(result.stderr, path) == [
        f"{path}:6:14: warning: this objective mentions Document C, but no-c has no Document C (its documents: A): reword it",
    ]


# --- (d): the `new lesson` scaffold ------------------------------------------------------------


def test_untouched_scaffold_warns_at_every_placeholder(tmp_path: Path, cli: Cli) -> None:
    assert cli("init", "ws", cwd=tmp_path).exit_code == 0
    ws = tmp_path / "ws"
    assert cli("new", "lesson", "week-two", cwd=ws).exit_code == 0
    spec = (ws / "lesson_specs/week-two.yaml").read_text(encoding="utf-8").splitlines()
    result = cli("check", "lesson_specs/week-two.yaml", cwd=ws)
    assert result.exit_code == 0, result.stderr
    placeholders = [line for line in diagnostics(result.stderr, "lesson_specs/week-two.yaml") if "TODO" in line]
    written = sum(line.split(" #")[0].count("TODO") for line in spec if not line.lstrip().startswith("#"))
    assert len(placeholders) == written >= 15
    title = next(n for n, line in enumerate(spec, 1) if line.startswith("title:"))
    assert placeholders[0] == (f"lesson_specs/week-two.yaml:{title}:8: warning: 'title' still has the placeholder 'TODO: Lesson title' "
                               "from `lessonpress new lesson`: replace it with your own text")
    term = next(n for n, line in enumerate(spec, 1) if '"TODO word"' in line)
    assert (f"lesson_specs/week-two.yaml:{term}:3: warning: the word-bank term still has the placeholder 'TODO word' "
            "from `lessonpress new lesson`: replace it with your own text") in placeholders
    assert not any("does not occur in any document" in line for line in result.stderr.splitlines())  # not twice for one placeholder
    assert cli("check", "--strict", "lesson_specs/week-two.yaml", cwd=ws).exit_code == 1


def test_a_todo_of_ones_own(workspace: Path, cli: Cli) -> None:
    path = write(workspace, "mine.yaml", "id: mine\ntitle: T\ncentral_question: Q?\nbackground: Add the map here (TODO).\n")
    result = cli("check", path, cwd=workspace)
    assert diagnostics(result.stderr, path) == [
        f"{path}:4:13: warning: 'background' still says 'Add the map here (TODO).': finish this text before printing",
    ]


# --- line references ---------------------------------------------------------------------------

REFS = """\
id: refs
title: Line references
central_question: What did historians conclude?
sources:
  A:
    material: glf-overview
    select:
      quote: {from: It is widely regarded by historians, to: 'In short, the Great Leap was a very expensive disaster."'}
  B: {material: glf-article, select: {paragraphs: [6]}}
discussion:
  - prompt: "Compare [[lines: regression]] with [[lines B: socio-economic development]]."
    look_fors: ["Sees [[lines A: regression]]"]
exercises:
  - type: close_reading
    source: A
    prompt: "In [[lines: the Great Leap was a great success]], what does Perkins say?"
  - type: corroboration
    sources: [A, B]
    topics: [Economy]
    prompt: >
      Compare [[lines A: economic regression]] and [[lines C: whatever]] and
      [[lines a: x]] and [[line B: the foundation for the
      subsequent industrialisation]].
  - type: short_answer
    prompt: 'Explain [[lines: tens of millions]] [[lines A tens]] [[lines A:]] ]] [[lines A: open'
"""


def test_line_reference_errors_point_inside_the_text(workspace: Path, cli: Cli) -> None:
    path = write(workspace, "refs.yaml", REFS)
    result = cli("check", path, cwd=workspace)
    assert result.exit_code == 1
    assert diagnostics(result.stderr, path, "error") == [
        (f"{path}:11:22: error: [[lines: ...]] needs a document letter here: this discussion prompt has no single document, "
        "so write [[lines A: regression]]"),
        (f"{path}:12:23: error: a line reference is replaced only in exercise prompts and claims and in discussion prompts; "
        "here it would be printed as written"),
        (f'{path}:16:26: error: line reference "the Great Leap was a great success" does not occur in Document A as printed; '
        'closest passage: "the Great Leap was a very"'),
        f"{path}:21:60: error: Document C does not exist: this lesson's documents are A, B (see 'sources')",
        f"{path}:22:15: error: document letters are capitals: write [[lines A: ...]]",
        (f'{path}:22:36: error: line reference "the foundation for the subsequent industrialisation" does not occur in Document B '
        'as printed; closest passage: "the foundation for the subsequent industrialization"'),
        (f"{path}:25:22: error: [[lines: ...]] needs a document letter here: this exercise has no single document, "
        "so write [[lines A: tens of millions]]"),
        f"{path}:25:50: error: '[[lines A tens]]' is not a line reference: write [[lines: exact words]] or [[lines A: exact words]]",
        f"{path}:25:67: error: this line reference has no words to find: write [[lines: exact words from the document]]",
        f"{path}:25:80: error: ']]' closes nothing: a line reference is written [[lines: exact words]] or [[lines A: exact words]]",
        f"{path}:25:83: error: '[[' is never closed with ']]': a line reference is written [[lines: exact words]] or [[lines A: exact words]]",
    ]


LINES_LAB = """\
id: lines-lab
title: Line references
central_question: What did historians conclude about the Great Leap Forward?
sources:
  A:
    material: glf-overview
    select:
      quote: {from: It is widely regarded by historians, to: 'In short, the Great Leap was a very expensive disaster."'}
exercises:
  - type: close_reading
    source: A
    prompt: "In [[lines: a very expensive disaster]], what verdict does Perkins give?"
    answer: A very expensive disaster.
  - type: claim_evidence
    source: A
    claim: "[[lines: coercion, terror, and systematic violence were the foundation]] say the campaign rested on violence."
    prompt: "Which historian is quoted in [[lines A: Fellow historian Frank Dikötter asserts]]?"
    answer: Dikötter.
"""
QUOTES = {
    r"In lines? (\d+)(?:–(\d+))?, what verdict": "a very expensive disaster",
    r"“Lines? (\d+)(?:–(\d+))? say the campaign": "coercion, terror, and systematic violence were the foundation",
    r"quoted in lines? (\d+)(?:–(\d+))?\?": "Fellow historian Frank Dikötter asserts",
}


def _alnum(value: str) -> str:
    return "".join(ch for ch in value.casefold() if ch.isalnum())


def lines_holding(lines: list[str], quote: str) -> tuple[int, int]:
    """The first and last of `lines` (numbered from 1) holding `quote`, ignoring spacing, punctuation and hyphenation."""
    stream = [(ch, number) for number, line in enumerate(lines, start=1) for ch in _alnum(line)]
    start = "".join(ch for ch, _ in stream).index(_alnum(quote))
    return stream[start][1], stream[start + len(_alnum(quote)) - 1][1]


def where_printed(pdf: Path, quote: str) -> tuple[int, int]:
    """Where `quote` is on this copy: the excerpt's lines as read back from the PDF, counted independently."""
    printed = document_lines(pdf, "A")
    assert [line.number for line in printed] == list(range(1, len(printed) + 1))
    return lines_holding([line.text for line in printed], quote)


def test_each_copy_cites_its_own_lines(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    path = write(ws, "lines-lab.yaml", LINES_LAB)
    assert cli("build", path, "--out", "std", cwd=ws).exit_code == 0
    assert cli("build", path, "--variant", "large-print", "--out", "large", cwd=ws).exit_code == 0
    cited: dict[str, list[tuple[int, int]]] = {}
    for copy in ("std", "large"):
        pdf = ws / copy / "lines-lab" / "handout.pdf"
        printed = re.sub(r"–\s+", "–", squash(text(pdf)))
        assert "[[" not in printed
        for pattern, quote in QUOTES.items():
            match = re.search(pattern, printed)
            assert match, (pattern, printed)
            first = int(match.group(1))
            last = int(match.group(2) or first)
            assert (first, last) == where_printed(pdf, quote), (copy, quote)
            cited.setdefault(copy, []).append((first, last))
    assert cited["std"] != cited["large"]  # large print really has other lines


def test_prose_matches_references_by_their_words(workspace: Path) -> None:
    write(workspace, "lines-lab.yaml", LINES_LAB)
    lesson = load_project(open_workspace(workspace), [workspace / "lesson_specs/lines-lab.yaml"]).lessons["lines-lab"]
    assert [ref.quote for ref in lesson.refs[("exercises", 1, "claim")]] == ["coercion, terror, and systematic violence were the foundation"]

    def five_words(paragraph: str) -> list[str]:
        words = paragraph.split()
        return [" ".join(words[i : i + 5]) for i in range(0, len(words), 5)]

    ctx = LessonContext.make(lesson, Wording(workspace / "templates"), Variant(), Copy(), five_words)
    prompt = lesson.lesson.exercises[0].prompt  # type: ignore[attr-defined]
    first, last = lines_holding(five_words(lesson.documents["A"].excerpt.paragraphs[0].text), "a very expensive disaster")
    assert first != last  # "a very" ends one line, "expensive disaster" starts the next
    expected = f"In lines {first}–{last}, what verdict does Perkins give?"
    assert ctx.prose(prompt, ("exercises", 0, "prompt")) == expected
    assert ctx.prose(prompt) == expected  # no path: found by its words
    assert ctx.prose("In [[lines:  a very\n expensive disaster ]], what verdict does Perkins give?") == expected
    assert ctx.prose("No references, {{ 7*7 }} and [ brackets ].", ("exercises", 0, "prompt")) == "No references, {{ 7*7 }} and [ brackets ]."


# --- intros that would repeat the prompt -------------------------------------------------------


def test_intro_is_left_out_when_the_prompt_names_the_document(workspace: Path) -> None:
    lesson = load_project(open_workspace(workspace), [workspace / "lesson_specs/glf-evidence-lab.yaml"]).lessons["glf-evidence-lab"]
    ctx = LessonContext.make(lesson, Wording(workspace / "templates"), Variant(), Copy(), lambda paragraph: [paragraph])

    def prompt(blocks: list[Block]) -> str:
        assert isinstance(blocks[0], Question)
        return to_text(blocks[0].prompt)

    named = CloseReading(type="close_reading", source="A", prompt="According to Document A, what caused the famine?")
    assert prompt(close_reading.TYPE.question(ctx, 9, named)) == "According to Document A, what caused the famine?"
    other = CloseReading(type="close_reading", source="A", prompt="What caused the famine? Compare Doc B.")
    assert prompt(close_reading.TYPE.question(ctx, 9, other)) == "Read Document A closely. What caused the famine? Compare Doc B."
    chart = Sourcing(type="sourcing", source="A", prompt="Why was Doc. A written?")
    assert prompt(sourcing.TYPE.question(ctx, 9, chart)) == "Why was Doc. A written? Use the headnote and the provenance line to fill in the chart."
    assert prompt(sourcing.TYPE.question(ctx, 9, Sourcing(type="sourcing", source="A"))) == (
        "Source Document A. Use the headnote and the provenance line to fill in the chart.")
    both = Corroboration(type="corroboration", sources=["A", "C"], topics=["Deaths"], prompt="Do Documents A and C agree?")
    assert prompt(corroboration.TYPE.question(ctx, 9, both)) == "Do Documents A and C agree? For each topic, note what each document says."
    one = Corroboration(type="corroboration", sources=["A", "C"], topics=["Deaths"], prompt="Is Document A right?")
    assert prompt(corroboration.TYPE.question(ctx, 9, one)) == (
        "Compare Documents A and C. For each topic, note what each document says. Is Document A right?")


@pytest.mark.parametrize(("phrase", "letters"), [
    ("According to Document A, ...", {"A"}),
    ("Compare Documents A and C", {"A", "C"}),
    ("Docs A, B & D", {"A", "B", "D"}),
    ("in doc. B", {"B"}),
    ("Document A's author", {"A"}),
    ("the documents and a lot more", set()),
    ("Document Alpha", set()),
])
def test_named_letters(phrase: str, letters: set[str]) -> None:
    assert named_letters(phrase) == letters
