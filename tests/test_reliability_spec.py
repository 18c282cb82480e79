"""Issue 12, spec and resolve part: user input never crashes, never runs unbounded, never maps two outputs to one path.

Single-file cases live in tests/bad_inputs/ (exact first error line in EXPECTED.tsv);
these need more setup: several files, big generated inputs, or a build.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from conftest import Cli, Result

from lessonpress.errors import Diagnostics, LessonpressError
from lessonpress.resolve import loader
from lessonpress.resolve.loader import load_project
from lessonpress.resolve.names import MAX_SLUG, class_slug
from lessonpress.resolve.textmatch import closest_passage
from lessonpress.spec.explain import validate_node
from lessonpress.spec.models import Select, WorkspaceSettings
from lessonpress.spec.yamltree import YMap, parse_yaml
from lessonpress.workspace import open_workspace


def write(ws: Path, name: str, text: str) -> Path:
    path = ws / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def first_error(result: Result) -> str:
    """The first error line of a run that must fail cleanly: exit 1, no traceback."""
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr and "internal error" not in result.stderr
    return next(line for line in result.stderr.splitlines() if ": error: " in line)


# 1. an overlay must declare its own id, or it would overwrite its parent's PDFs


def test_overlay_with_null_id_is_refused_at_its_extends_line(workspace: Path, cli: Cli) -> None:
    write(workspace, "lesson_specs/short.yaml", "id: null\nextends: glf-evidence-lab\nduration: 30\n")
    assert first_error(cli("check", "lesson_specs/short.yaml", cwd=workspace)) == (
        "lesson_specs/short.yaml:2:10: error: a lesson that extends another must declare its own 'id': "
        "add one (without it, it takes the id 'glf-evidence-lab' and overwrites that lesson's PDFs)"
    )


def test_overlay_without_id_fails_and_its_parent_still_builds(workspace: Path, cli: Cli) -> None:
    write(workspace, "lesson_specs/base.yaml", "id: base\ntitle: Base\ncentral_question: Why?\n")
    write(workspace, "lesson_specs/copy.yaml", "extends: base\ntitle: Copy\n")
    result = cli("build", "lesson_specs/base.yaml", "lesson_specs/copy.yaml", cwd=workspace)
    assert first_error(result).startswith("lesson_specs/copy.yaml:1:10: error: a lesson that extends another must declare its own 'id'")
    assert (workspace / "output/base/handout.pdf").is_file()
    assert sorted(p.name for p in (workspace / "output").iterdir() if p.is_dir()) == ["base"]


def test_two_lessons_never_share_an_id_after_merging(workspace: Path) -> None:
    write(workspace, "lesson_specs/a.yaml", "id: same\ntitle: A\ncentral_question: Why?\n")
    write(workspace, "lesson_specs/b.yaml", "id: same\nextends: glf-evidence-lab\n")
    project = load_project(open_workspace(workspace))
    assert "same" not in project.lessons
    lines = sorted(d.format(workspace) for d in project.diagnostics.errors)
    assert [line.split(" is also used by ")[0] for line in lines] == [
        "lesson_specs/a.yaml:1:5: error: id 'same'",
        "lesson_specs/b.yaml:1:5: error: id 'same'",
    ]


# 2. class names that make one folder name


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("Room 1", "room-1"),
        ("ROOM 1", "room-1"),
        ("Période 2", "periode-2"),
        ("P-riode 2", "p-riode-2"),
        ("Straße 3", "strasse-3"),
        ("  Mr. O'Brien's 3rd  ", "mr-o-brien-s-3rd"),
        ("!!!", "class"),
        ("???", "class"),
        ("x" * 59 + " y", "x" * 59),  # capped without a trailing '-'
    ],
)
def test_class_slug(name: str, folder: str) -> None:
    assert class_slug(name) == folder


def test_class_slug_of_a_long_name_is_capped() -> None:
    assert class_slug("Period " + "a" * 300) == "period-" + "a" * (MAX_SLUG - 7)


SAME = "give the classes names that differ in letters or digits"
ASCII = "folder names keep only the letters a-z and the digits 0-9, so give the classes names that differ in those"


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("!!!", "???", f"class '???' would be written to the same folder 'class' as class '!!!' (line 5): {SAME}"),
        ("Période 2", "Periode 2", f"class 'Periode 2' would be written to the same folder 'periode-2' as class 'Période 2' (line 5): {ASCII}"),
        ("Класс 1", "Группа 1", f"class 'Группа 1' would be written to the same folder '1' as class 'Класс 1' (line 5): {ASCII}"),
    ],
)
def test_class_folder_clash_names_both_lines(first: str, second: str, expected: str, workspace: Path, cli: Cli) -> None:
    text = (f"id: unit\ntitle: A unit\nlessons: [glf-evidence-lab]\nclasses:\n  - name: {first!r}\n    students: 20\n"
            f"  - name: {second!r}\n    students: 20\n")
    write(workspace, "lesson_specs/unit.curriculum.yaml", text)
    assert first_error(cli("check", "lesson_specs/unit.curriculum.yaml", cwd=workspace)) == f"lesson_specs/unit.curriculum.yaml:7:11: error: {expected}"


def test_a_300_character_class_name_checks(workspace: Path, cli: Cli) -> None:
    write(workspace, "lesson_specs/unit.curriculum.yaml",
          f"id: unit\ntitle: A unit\nlessons: [glf-evidence-lab]\nclasses:\n  - {{name: {'Period ' + 'a' * 300}, students: 20}}\n")
    result = cli("check", "lesson_specs/unit.curriculum.yaml", cwd=workspace)
    assert result.exit_code == 0, result.stderr


# 3. paragraph ranges are checked before they are expanded


def test_paragraph_ranges_stay_spans_in_the_model() -> None:
    select = Select.model_validate({"paragraphs": [3, "1-9999999999999", " 4 - 6 "]})
    assert select.paragraphs == [(3, 3), (1, 9999999999999), (4, 6)]


def test_a_paragraph_number_of_a_thousand_digits_is_an_error(workspace: Path, cli: Cli) -> None:
    write(workspace, "lesson_specs/big.yaml", "id: big\ntitle: T\ncentral_question: Q?\nsources:\n  A:\n    material: glf-overview\n"
          f"    select: {{paragraphs: [\"1-{'9' * 1000}\"]}}\n")
    assert first_error(cli("check", "lesson_specs/big.yaml", cwd=workspace)).startswith(
        "lesson_specs/big.yaml:7:27: error: paragraph '1-9999999999"
    )
    assert first_error(cli("check", "lesson_specs/big.yaml", cwd=workspace)).endswith("' is far beyond the end of any material")


# 4. the "closest passage" hint is bounded


def _big_material(ws: Path) -> str:
    words = ["the", "people", "of", "the", "commune", "were", "told", "to", "build", "backyard", "furnaces", "while", "the",
             "harvest", "rotted", "in", "the", "fields", "and", "officials", "reported", "record", "yields", "to", "the", "center"]
    paragraphs = []
    for p in range(600):
        paragraphs.append(" ".join(words[(p * 7 + i) % len(words)] for i in range(85)))
    planted = ("Mao declared that China would overtake Britain in steel production within fifteen years, so peasants melted "
               "their pots and tools in furnaces that produced useless pig iron while the grain stayed unharvested in the fields "
               "until the first snow came")
    paragraphs.insert(300, planted)
    body = "\n\n".join(paragraphs)
    write(ws, "materials/big-source.md", f"---\ntitle: A long source\nkind: secondary\n---\n\n{body}\n")
    assert len(body) > 300_000
    return planted


def test_closest_passage_in_300_kb_is_fast_and_still_useful(workspace: Path, cli: Cli) -> None:
    planted = _big_material(workspace)
    quote = planted.replace("Britain", "England").replace("fifteen", "fiveteen")  # 40 words, two of them wrong
    assert len(quote.split()) == 40
    write(workspace, "lesson_specs/big.yaml", "id: big\ntitle: T\ncentral_question: Q?\nsources:\n  A:\n    material: big-source\n"
          f"    select: {{quote: {{from: \"{quote}\", to: grain}}}}\n")
    started = time.perf_counter()
    line = first_error(cli("check", "lesson_specs/big.yaml", cwd=workspace))
    assert time.perf_counter() - started < 10
    assert line == (
        "lesson_specs/big.yaml:7:22: error: 'from' text \"Mao declared that China would overtake England in steel pro…\" "
        "does not occur in big-source; closest passage: "
        "\"Mao declared that China would overtake Britain in steel production within fifteen years, …\""
    )


def test_closest_passage_caps_a_huge_needle() -> None:
    text = " ".join(f"word{i % 97}" for i in range(60_000))
    started = time.perf_counter()
    closest_passage(text, " ".join(f"other{i}" for i in range(20_000)))
    closest_passage(text, "word3 word4 word5 wrod6")
    assert time.perf_counter() - started < 10
    assert closest_passage("It is widely regarded by historians", "It is widely regardd") == "It is widely regarded"


# 5. long extends chains


def test_an_extends_chain_of_1100_lessons_is_cut_at_the_limit(workspace: Path) -> None:
    write(workspace, "lesson_specs/chain-0.yaml", "id: chain-0\ntitle: Chain\ncentral_question: Why?\n")
    for n in range(1, 1100):
        write(workspace, f"lesson_specs/chain-{n}.yaml", f"id: chain-{n}\nextends: chain-{n - 1}\n")
    project = load_project(open_workspace(workspace))
    assert {f"chain-{n}" for n in range(51)} <= set(project.lessons)
    assert not {f"chain-{n}" for n in range(51, 1100)} & set(project.lessons)
    assert "glf-evidence-lab" in project.lessons
    errors = sorted((d.format(workspace) for d in project.diagnostics.errors), key=lambda line: int(line.split("-")[1].split(".")[0]))
    assert len(errors) == 1049
    assert errors[0] == (
        "lesson_specs/chain-51.yaml:2:10: error: this lesson extends more than 50 lessons in a chain "
        "(chain-51 -> chain-50 -> … -> chain-0); the limit is 50: extend a lesson nearer the start of the chain"
    )
    assert errors[-1].startswith("lesson_specs/chain-1099.yaml:2:10: error: this lesson extends more than 50 lessons in a chain")


def test_a_chain_over_the_limit_fails_while_other_lessons_build(workspace: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_EXTENDS", 2)
    write(workspace, "lesson_specs/c0.yaml", "id: c0\ntitle: Chain\ncentral_question: Why?\n")
    for n in range(1, 4):
        write(workspace, f"lesson_specs/c{n}.yaml", f"id: c{n}\nextends: c{n - 1}\n")
    result = cli("build", "lesson_specs/c1.yaml", "lesson_specs/c3.yaml", cwd=workspace)
    assert first_error(result) == (
        "lesson_specs/c3.yaml:2:10: error: this lesson extends more than 2 lessons in a chain (c3 -> c2 -> … -> c0); "
        "the limit is 2: extend a lesson nearer the start of the chain"
    )
    assert (workspace / "output/c1/handout.pdf").is_file() and not (workspace / "output/c3").exists()


# 7. blank keys and text


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('vocabulary: {"\\u200b": x}\n', "6:14: error: word-bank term must not be blank"),
        ('sources:\n  A:\n    material: glf-overview\n    replace: {" ": x}\n', "9:15: error: a key in 'replace' must not be blank"),
        ("objectives: [\"\\t\"]\n", "6:14: error: item 1 of 'objectives' must not be blank"),
    ],
)
def test_blank_text_is_an_error_at_its_place(snippet: str, expected: str, workspace: Path, cli: Cli) -> None:
    write(workspace, "lesson_specs/blank.yaml", "id: blank\ntitle: T\ncentral_question: Q?\n# a comment\n\n" + snippet)
    assert first_error(cli("check", "lesson_specs/blank.yaml", cwd=workspace)) == f"lesson_specs/blank.yaml:{expected}"


# 8. YAML error positions


P = Path("spec.yaml")


def _parse_error(text: str) -> str:
    with pytest.raises(LessonpressError) as info:
        parse_yaml(text, P)
    return str(info.value)


def test_unclosed_quote_is_reported_where_it_opens_not_where_the_parser_gave_up() -> None:
    text = (Path(__file__).parent / "bad_inputs/unclosed-quote-far.yaml").read_text(encoding="utf-8")
    with pytest.raises(yaml.MarkedYAMLError) as raw:
        list(yaml.parse(text, Loader=yaml.CSafeLoader))
    assert raw.value.problem_mark is not None and raw.value.problem_mark.line + 1 == 15  # where libyaml gives up
    assert _parse_error(text) == "spec.yaml:8:11: error: this quoted text is never closed: add the matching closing quote"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list item opens a quote, the parser fails three lines on
        ("items:\n  - 'one\n  - two\n  - three\nx: 'y'\n", "2:5: error: this quoted text is never closed: add the matching closing quote"),
        # inside a flow list
        ('id: x\nlist: ["a, b]\nc: d\n', "2:8: error: this quoted text is never closed: add the matching closing quote"),
        # a curly closing quote, single
        ("a: 1\nb: 'It is here’\nc: 'd'\n", "2:4: error: this quoted text is never closed: the text uses a curly quote (’) where YAML needs a straight one (')"),
        # a value in curly quotes with ': ' inside
        ("a: 1\nq: “Why: now”\n", "2:4: error: this text is not quoted for YAML: the text uses a curly quote (“) where YAML needs a straight one (\")"),
        # a double quote inside double quotes
        ('a: "He said "hi" to me"\n', '1:4: error: a quote inside this quoted text ends it early: write it as \\" or put the text in single quotes'),
        # an escaped quote does not close; the unclosed one is on line 4
        ('id: x\nt: "ok \\" still"\nq: "fine"\nr: "bad\ns: 1\n', "4:4: error: this quoted text is never closed: add the matching closing quote"),
        ("a: {b: c\nd: 1\ne: 2\n", "1:4: error: not valid YAML: the mapping opened here with '{' is never closed: add the matching '}'"),
        ("a: 1\nb: x\ufffey\n", "2:5: error: character U+FFFE is not allowed in YAML: delete it"),
    ],
)
def test_syntax_errors_point_at_their_cause(text: str, expected: str) -> None:
    assert _parse_error(text) == f"spec.yaml:{expected}"


def test_a_valid_multi_line_quote_is_not_blamed_for_a_later_error() -> None:
    assert _parse_error('a: "one\n  two"\nb: 1\nc:\td\ne: [1\n') == (
        "spec.yaml:5:4: error: not valid YAML: the list opened here with '[' is never closed: add the matching ']'"
    )


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_line_separators_do_not_shift_line_numbers(separator: str) -> None:
    node = parse_yaml(f'title: "A{separator}B"\nnext: 1\nlast: [x]\n', P)
    assert isinstance(node, YMap) and node.key_pos("last").line == 3
    assert _parse_error(f'title: "A{separator}B"\nnext: 1\nbad: [x\n') == (
        "spec.yaml:3:6: error: not valid YAML: the list opened here with '[' is never closed: add the matching ']'"
    )


# 9 and 10. folder targets


def test_check_of_the_workspace_root_takes_only_lessons(workspace: Path, cli: Cli) -> None:
    write(workspace, "templates/wording.yaml", 'handout_title: "{{ lesson.title }}"\n')
    write(workspace, "templates/themes/mine.yaml", "colors: {accent: '#123456'}\n")
    write(workspace, "output/old/spec.yaml", "not: a lesson\n")
    write(workspace, ".git/x.yaml", "also: not\n")
    write(workspace, "lesson_specs/.drafts/draft.yaml", "half: done\n")
    result = cli("check", ".", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    assert ": error: " not in result.stderr
    project = load_project(open_workspace(workspace), [workspace])
    assert sorted(project.lessons) == ["glf-close-reading", "glf-close-reading-es", "glf-evidence-lab", "glf-grain-in-numbers", "glf-success-or-failure", "glf-success-or-failure-short"]
    assert len(project.checked_materials) == 4
    assert load_project(open_workspace(workspace), [workspace / "templates"]).lessons == {}


def test_check_of_any_folder_skips_settings_output_and_hidden(workspace: Path) -> None:
    (workspace / "lessonpress.yaml").write_text("output: units/out\n", encoding="utf-8")
    write(workspace, "units/lessonpress.yaml", "school: x\n")
    write(workspace, "units/out/old.yaml", "a: b\n")
    write(workspace, "units/.hidden/x.yaml", "a: b\n")
    write(workspace, "units/one.yaml", "id: one\ntitle: One\ncentral_question: Why?\n")
    project = load_project(open_workspace(workspace), [workspace / "units"])
    assert project.ok, project.diagnostics.sorted()
    assert list(project.lessons) == ["one"]


def test_check_materials_folder_checks_every_material(workspace: Path, cli: Cli) -> None:
    write(workspace, "materials/broken.md", "---\ntitle: X\nkind: primery\n---\nText.\n")
    write(workspace, "materials/more/also.md", "---\ntitle: Y\nkind: primary\n---\nText.\n")
    assert first_error(cli("check", "materials", cwd=workspace)) == (
        "materials/broken.md:3:7: error: 'kind' must be one of primary, secondary, tertiary, not 'primery' (did you mean 'primary'?)"
    )
    ws = open_workspace(workspace)
    names = sorted(p.name for p in load_project(ws, [workspace / "materials"]).checked_materials)
    assert names == ["also.md", "broken.md", "glf-article.md", "glf-grain-output.md", "glf-overview-es.md", "glf-overview.md"]
    assert [p.name for p in load_project(ws, [workspace / "materials/more"]).checked_materials] == ["also.md"]
    one = load_project(ws, [workspace / "materials/glf-overview.md"])
    assert one.ok and [p.name for p in one.checked_materials] == ["glf-overview.md"]


# other inputs that used to raise


def test_a_heading_line_full_of_spaces_is_read_in_linear_time(workspace: Path, cli: Cli) -> None:
    write(workspace, "materials/spaces.md", "---\ntitle: X\nkind: primary\n---\n# A" + " " * 200_000 + "B\n\nText.\n")
    started = time.perf_counter()
    assert cli("check", "materials/spaces.md", cwd=workspace).exit_code == 0
    assert time.perf_counter() - started < 10


def test_settings_with_nothing_required_accept_an_empty_file() -> None:
    assert validate_node(WorkspaceSettings, None, P, Diagnostics(), "workspace settings file") == WorkspaceSettings()


def test_a_huge_whole_number_is_an_error_not_a_crash(workspace: Path, cli: Cli) -> None:
    write(workspace, "lesson_specs/n.yaml", f"id: n\ntitle: T\ncentral_question: Q?\nduration: {'9' * 5000}\n")
    assert first_error(cli("check", "lesson_specs/n.yaml", cwd=workspace)) == "lesson_specs/n.yaml:4:11: error: 'duration' is far too large a number"
