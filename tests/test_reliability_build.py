"""Reliability of building and writing: nothing written outside, no silent overwrite, limits everywhere, no lies.

Each test states the exact outcome a user sees: the error line, the exit
status, what is (and is not) on disk afterwards.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Cli, Result, copy_examples

from lessonpress.builder import tasks as task_module

ONE = "lesson_specs/glf-evidence-lab.yaml"


def errors(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": error: " in line]


def no_bug(result: Result) -> None:
    assert "Traceback" not in result.stderr + result.stdout
    assert "internal error" not in result.stderr


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return copy_examples(tmp_path / "ws")


# --- 1. writes outside the workspace ----------------------------------------------------------
def test_output_folder_that_is_a_link_outside_is_refused(ws: Path, cli: Cli) -> None:
    outside = ws.parent / "outside"
    outside.mkdir()
    (ws / "output").mkdir()
    (ws / "output" / "glf-evidence-lab").symlink_to(outside, target_is_directory=True)
    result = cli("build", ONE, cwd=ws)
    assert result.exit_code == 1
    no_bug(result)
    assert errors(result)[0].startswith("output/glf-evidence-lab:1:1: error: refusing to write through a symbolic link")
    assert list(outside.iterdir()) == []


def test_whole_output_folder_as_a_link_is_refused(ws: Path, cli: Cli) -> None:
    outside = ws.parent / "outside"
    outside.mkdir()
    (ws / "output").symlink_to(outside, target_is_directory=True)
    result = cli("build", ONE, cwd=ws)
    assert result.exit_code == 1
    no_bug(result)
    assert list(outside.iterdir()) == []


def test_new_lesson_over_a_dangling_link_creates_nothing_outside(ws: Path, cli: Cli) -> None:
    target = ws.parent / "outside-new.yaml"
    (ws / "lesson_specs" / "foo.yaml").symlink_to(target)
    result = cli("new", "lesson", "foo", cwd=ws)
    assert result.exit_code == 1
    no_bug(result)
    assert errors(result) == ["lesson_specs/foo.yaml:1:1: error: already exists: choose another id or edit this file"]
    assert not target.exists()


def test_templates_copy_over_a_dangling_link_creates_nothing_outside(ws: Path, cli: Cli) -> None:
    target = ws.parent / "outside-wording.yaml"
    (ws / "templates").mkdir(exist_ok=True)
    (ws / "templates" / "wording.yaml").symlink_to(target)
    result = cli("templates", "copy", "wording.yaml", cwd=ws)
    assert result.exit_code == 1
    no_bug(result)
    assert errors(result)[0].startswith("templates/wording.yaml:1:1: error: already exists")
    assert not target.exists()


def test_templates_folder_that_is_a_link_is_not_written_through(ws: Path, cli: Cli) -> None:
    outside = ws.parent / "outside-templates"
    outside.mkdir()
    (ws / "templates").symlink_to(outside, target_is_directory=True)
    result = cli("templates", "copy", "themes/compact.yaml", cwd=ws)
    assert result.exit_code == 1
    no_bug(result)
    assert "refusing to write through a symbolic link" in errors(result)[0]
    assert list(outside.iterdir()) == []


# --- 3. limits hold for a single lesson, packs and the report ----------------------------------
def test_single_lesson_build_is_stopped_at_the_time_limit(ws: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    (ws / "lessonpress.yaml").write_text("limits: {render_timeout_s: 1}\n", encoding="utf-8")
    real = task_module.render_lesson

    def slow(lesson, job):  # type: ignore[no-untyped-def]
        import time

        time.sleep(30)
        return real(lesson, job)

    monkeypatch.setattr(task_module, "render_lesson", slow)
    result = cli("build", ONE, cwd=ws)
    assert result.exit_code == 1
    assert errors(result) == [f"{ONE}:1:1: error: rendering took longer than 1 s and was stopped (raise limits.render_timeout_s in lessonpress.yaml)"]


# --- wording templates are bounded by construction ---------------------------------------------
WORDING = {
    "huge-string": ("questions: \"{{ 'x' * 400000000 }}\"\n", "templates/wording.yaml:1:12: error: template error in 'questions': '*', '/', '%' and '**' are not allowed in wording"),
    "nested-loops": ("questions: \"{% for a in range(99999) %}{% for b in range(99999) %}x{% endfor %}{% endfor %}\"\n",
                     "templates/wording.yaml:1:12: error: template error in 'questions': '{% for %}' may only loop over a variable (such as letters) in wording"),
    "include": ("questions: \"{% include '/etc/passwd' %}\"\n", "templates/wording.yaml:1:12: error: template error in 'questions': '{% include %}' is not allowed in wording"),
    "type-error": ("page: \"{{ page + ' of ' + pages }}\"\n",
                   "templates/wording.yaml:1:7: error: template error in 'page': unsupported operand type(s) for +: 'int' and 'str' (variables: page, pages)"),
    "method-call": ("questions: \"{{ letter.__class__ }}\"\n", None),
}


@pytest.mark.parametrize("name", WORDING, ids=list(WORDING))
def test_wording_templates_cannot_run_away(name: str, ws: Path, cli: Cli) -> None:
    source, expected = WORDING[name]
    (ws / "templates").mkdir(exist_ok=True)
    (ws / "templates" / "wording.yaml").write_text(source, encoding="utf-8")
    result = cli("build", ONE, cwd=ws)
    assert result.exit_code == 1
    no_bug(result)
    if expected is not None:
        assert errors(result)[0] == expected
    else:
        assert errors(result)[0].startswith("templates/wording.yaml:1:12: error: template error in 'questions'")


# --- 4. one reader for every file: fonts too ---------------------------------------------------
def test_font_that_is_a_device_is_refused(ws: Path, cli: Cli) -> None:
    (ws / "fonts").mkdir()
    (ws / "fonts" / "DejaVuSerif.ttf").symlink_to("/dev/zero")
    result = cli("build", ONE, cwd=ws)
    assert result.exit_code == 1
    no_bug(result)
    assert errors(result)[0] == "fonts/DejaVuSerif.ttf:1:1: error: cannot read: the path is a device, not a regular file"


def test_broken_font_file_is_a_positioned_error(ws: Path, cli: Cli) -> None:
    (ws / "fonts").mkdir()
    (ws / "fonts" / "DejaVuSerif.ttf").write_bytes(b"\x00\x01\x00\x00" + b"garbage" * 100)
    result = cli("build", ONE, cwd=ws)
    assert result.exit_code == 1
    no_bug(result)
    assert errors(result)[0].startswith("fonts/DejaVuSerif.ttf:1:1: error: this font file cannot be used (")


# --- 6. incremental builds never lie ----------------------------------------------------------
BROKEN = "id: broken\ntitle: Broken\ncentral_question: Why?\nsources:\n  A: {material: nowhere}\n"


def test_a_failed_lesson_is_never_up_to_date(ws: Path, cli: Cli) -> None:
    (ws / "lesson_specs" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    for _ in range(2):
        result = cli("build", cwd=ws)
        assert result.exit_code == 1
        assert any(line.startswith("lesson_specs/broken.yaml:5:") for line in errors(result))
        assert "1 failed" in result.stderr.splitlines()[-1]


def test_a_new_broken_material_is_reported_on_the_next_build(ws: Path, cli: Cli) -> None:
    assert cli("build", cwd=ws).exit_code == 0
    (ws / "materials" / "unclosed.md").write_text("---\ntitle: x\nkind: primary\n", encoding="utf-8")
    result = cli("build", cwd=ws)
    assert result.exit_code == 1
    assert errors(result) == ["materials/unclosed.md:1:1: error: front matter is not closed: add a line '---' after it"]


def test_lowering_a_limit_is_not_up_to_date(ws: Path, cli: Cli) -> None:
    assert cli("build", ONE, cwd=ws).exit_code == 0
    (ws / "lessonpress.yaml").write_text("limits: {max_exercises: 2}\n", encoding="utf-8")
    result = cli("build", ONE, cwd=ws)
    assert result.exit_code == 1
    assert "7 exercises; the limit is 2" in errors(result)[0]


@pytest.mark.parametrize("content", ['{"tasks": [1, 2]}', '{"plans": {"x": "y"}, "tasks": {"a": {"key": 1}}}', "[]", "not json", ""])
def test_a_damaged_cache_is_discarded_with_a_warning(content: str, ws: Path, cli: Cli) -> None:
    (ws / "output").mkdir()
    (ws / "output" / ".lessonpress-cache.json").write_text(content, encoding="utf-8")
    for args in (("build", ONE), ("build", "--force", ONE)):
        result = cli(*args, cwd=ws)
        assert result.exit_code == 0, result.stderr
        no_bug(result)
        (ws / "output" / ".lessonpress-cache.json").write_text(content, encoding="utf-8")
    assert "output/.lessonpress-cache.json:1:1: warning: the build cache is damaged and was discarded" in result.stderr


# --- 7. a lesson's files are replaced together or not at all ---------------------------------
def test_disk_full_between_handout_and_guide_keeps_both_old_files(ws: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("build", ONE, cwd=ws).exit_code == 0
    folder = ws / "output" / "glf-evidence-lab"
    before = {p.name: p.read_bytes() for p in folder.glob("*.pdf")}
    (ws / "lesson_specs" / "glf-evidence-lab.yaml").write_text(
        (ws / "lesson_specs" / "glf-evidence-lab.yaml").read_text(encoding="utf-8").replace("Evidence Lab", "Evidence Lab 2"), encoding="utf-8")
    from lessonpress import files

    real = files._temp_file

    def full(target: Path, data: bytes) -> Path:
        if target.name == "teacher-guide.pdf":  # the handout's temporary file is already written
            raise files._write_error(target, OSError(errno.ENOSPC, "No space left on device"))
        return real(target, data)

    monkeypatch.setattr(files, "_temp_file", full)
    result = cli("build", ONE, cwd=ws)
    assert result.exit_code == 1
    no_bug(result)
    assert errors(result) == ["output/glf-evidence-lab/teacher-guide.pdf:1:1: error: cannot write: the disk is full: free some space and build again (the previous files are kept)"]
    assert {p.name: p.read_bytes() for p in folder.glob("*.pdf")} == before
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


# --- 8. concurrent builds into one output folder -----------------------------------------------
def test_two_forced_builds_into_one_folder_never_fail(tmp_path: Path) -> None:
    ws = copy_examples(tmp_path / "ws")
    for spec in (ws / "lesson_specs").glob("*.yaml"):
        if spec.name != "glf-evidence-lab.yaml":
            spec.unlink()
    command = [sys.executable, "-m", "lessonpress", "build", "--force", "-q"]
    for _ in range(20):
        runs = [subprocess.Popen(command, cwd=ws, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        for run in runs:
            _, err = run.communicate(timeout=120)
            assert run.returncode == 0, err
            assert "Traceback" not in err
    assert (ws / "output" / "glf-evidence-lab" / "handout.pdf").is_file()
    assert not list((ws / "output").rglob("*.tmp"))


# --- 9. settings and the file system ----------------------------------------------------------
@pytest.mark.parametrize(("setting", "expected"), [
    ("output: lessonpress.yaml\n", "lessonpress.yaml:1:9: error: output 'lessonpress.yaml' is not a folder: name a folder for the PDFs, such as 'output'"),
    ("output: pipe\n", "lessonpress.yaml:1:9: error: output 'pipe' is not a folder: name a folder for the PDFs, such as 'output'"),
    ("output: .\n", "lessonpress.yaml:1:9: error: output '.' is the workspace itself: name a folder for the PDFs, such as 'output'"),
])
def test_output_setting_that_is_not_a_folder(setting: str, expected: str, ws: Path, cli: Cli) -> None:
    os.mkfifo(ws / "pipe")
    (ws / "lessonpress.yaml").write_text(setting, encoding="utf-8")
    result = cli("build", ONE, cwd=ws)
    assert result.exit_code == 1
    no_bug(result)
    assert errors(result) == [expected]


def test_read_only_output_folder_is_a_positioned_error(ws: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    result = cli("build", ONE, cwd=ws)
    assert result.exit_code == 1
    no_bug(result)
    assert "error: cannot write: the folder is on a read-only file system" in result.stderr


def test_long_word_in_central_question_is_reported_at_its_line(ws: Path, cli: Cli) -> None:
    (ws / "lesson_specs" / "long.yaml").write_text(
        "id: long\ntitle: Long\ncentral_question: " + "x" * 10000 + "\nsources:\n  A: {material: glf-overview, select: {paragraphs: [1]}}\n",
        encoding="utf-8")
    result = cli("build", "lesson_specs/long.yaml", cwd=ws)
    no_bug(result)
    assert result.exit_code == 1
    assert errors(result) == ["lesson_specs/long.yaml:3:19: error: a table row is too large to fit on one page: shorten the text or split it"]


def test_forty_answer_lines_build_as_check_promises(ws: Path, cli: Cli) -> None:
    (ws / "lesson_specs" / "forty.yaml").write_text(
        "id: forty\ntitle: Forty\ncentral_question: Why?\nexercises:\n  - {type: short_answer, prompt: Why?, lines: 40, model_answer: x}\n",
        encoding="utf-8")
    assert cli("check", "lesson_specs/forty.yaml", cwd=ws).exit_code == 0
    for variant in ("standard", "large-print"):
        result = cli("build", "--variant", variant, "lesson_specs/forty.yaml", cwd=ws)
        assert result.exit_code == 0, result.stderr


# --- 10. one clean-up for every place user text goes ------------------------------------------
def test_invisible_characters_never_reach_title_or_header(ws: Path, cli: Cli) -> None:
    from pypdf import PdfReader

    (ws / "lesson_specs" / "odd.yaml").write_text(
        'id: odd\ntitle: "collec\\u00adtivization \\u202eand\\u200b more"\ncentral_question: Why?\n'
        "sources:\n  A: {material: glf-overview, select: {paragraphs: [1-2]}}\n", encoding="utf-8")
    result = cli("build", "lesson_specs/odd.yaml", cwd=ws)
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(ws / "output" / "odd" / "handout.pdf")
    assert reader.metadata is not None and reader.metadata.title == "collectivization and more"
    header = reader.pages[-1].extract_text()
    assert "collectivization and more" in header and "collec-tivization" not in header


def test_manifest_is_written_through_the_guarded_writer(ws: Path, cli: Cli) -> None:
    assert cli("build", ONE, cwd=ws).exit_code == 0
    manifest = json.loads((ws / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert {o["path"] for o in manifest["outputs"]} == {"glf-evidence-lab/handout.pdf", "glf-evidence-lab/teacher-guide.pdf"}


# --- 5. one bad input never stops the batch ----------------------------------------------------
def test_a_symlink_loop_in_materials_fails_alone(ws: Path, cli: Cli) -> None:
    (ws / "materials" / "loop.md").symlink_to("loop.md")
    result = cli("build", cwd=ws)
    assert result.exit_code == 1
    no_bug(result)
    assert errors(result) == ["materials/loop.md:1:1: error: cannot read: this is a symbolic link that loops back on itself"]
    assert (ws / "output" / "glf-evidence-lab" / "handout.pdf").is_file()


def test_the_report_pdf_renders_under_the_time_limit(ws: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from lessonpress.render.pdf import report as report_module

    (ws / "lessonpress.yaml").write_text("limits: {render_timeout_s: 1}\n", encoding="utf-8")

    def slow(*args: object) -> bytes:
        import time

        time.sleep(30)
        return b""

    monkeypatch.setattr(report_module, "report_pdf", slow)
    result = cli("report", "lesson_specs/unit-glf.curriculum.yaml", cwd=ws)
    assert result.exit_code == 1
    id_line = (ws / "lesson_specs/unit-glf.curriculum.yaml").read_text(encoding="utf-8").splitlines().index("id: unit-glf") + 1
    expected = (f"lesson_specs/unit-glf.curriculum.yaml:{id_line}:5: error: rendering took longer than 1 s and was stopped "
                "(raise limits.render_timeout_s in lessonpress.yaml)")
    assert errors(result) == [expected]
