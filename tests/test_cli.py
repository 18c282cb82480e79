from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_LESSONS, REPO, Cli


def test_check_examples_passes(workspace: Path, cli: Cli) -> None:
    result = cli("check", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    assert "checked 6 lessons and 1 curriculum: no errors" in result.stderr


@pytest.mark.parametrize("path", EXAMPLE_LESSONS + [REPO / "lesson_specs/unit-glf.curriculum.yaml"], ids=lambda p: p.name)
def test_check_each_example(path: Path, workspace: Path, cli: Cli) -> None:
    result = cli("check", f"lesson_specs/{path.name}", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    assert ": error:" not in result.stderr  # warnings (reading level, provenance) are advice, not failures


def test_missing_path_is_bad_usage(workspace: Path, cli: Cli) -> None:
    assert cli("check", "lesson_specs/nope.yaml", cwd=workspace).exit_code == 2


def test_path_outside_workspace(workspace: Path, tmp_path: Path, cli: Cli) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("id: x\n", encoding="utf-8")
    result = cli("check", str(outside), cwd=workspace)
    assert result.exit_code == 1
    assert "is outside the workspace" in result.stderr


def test_errors_name_paths_relative_to_the_current_folder(workspace: Path, cli: Cli) -> None:
    spec = workspace / "lesson_specs" / "glf-evidence-lab.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + "titel: misspelt key\n", encoding="utf-8")
    result = cli("check", "glf-evidence-lab.yaml", cwd=workspace / "lesson_specs")
    assert result.exit_code == 1
    assert result.stderr.startswith("glf-evidence-lab.yaml:")
    assert "error: unknown key 'titel' (did you mean 'title'?)" in result.stderr


def test_internal_error_is_one_line(workspace: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def explode(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("lessonpress.commands.check.load_project", explode)
    result = cli("check", cwd=workspace)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "internal error: RuntimeError: boom" in result.stderr


def test_init_then_new_lesson_then_check(tmp_path: Path, cli: Cli) -> None:
    assert cli("init", "ws", cwd=tmp_path).exit_code == 0
    ws = tmp_path / "ws"
    assert (ws / "materials/glf-overview.md").is_file() and (ws / ".gitignore").read_text().splitlines()[0] == "output/"
    assert "rosters/" in (ws / ".gitignore").read_text().splitlines()  # rosters hold students' names
    assert cli("new", "lesson", "week-two", cwd=ws).exit_code == 0
    text = (ws / "lesson_specs/week-two.yaml").read_text(encoding="utf-8")
    assert "id: week-two" in text and "TODO" in text and "material: glf-overview" in text
    result = cli("check", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert cli("init", "ws", cwd=tmp_path).exit_code == 1  # never overwrites
    assert cli("new", "lesson", "Week_Two", cwd=ws).exit_code == 2


def test_init_ships_the_repo_example(tmp_path: Path) -> None:
    data = REPO / "src/lessonpress/data/init"
    assert (data / "materials/glf-overview.md").read_bytes() == (REPO / "materials/glf-overview.md").read_bytes()
    assert (data / "lesson_specs/glf-close-reading.yaml").read_bytes() == (REPO / "lesson_specs/glf-close-reading.yaml").read_bytes()


def test_console_script_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "lessonpress", "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "lessonpress" in result.stdout


@pytest.mark.parametrize(("args", "status", "says"), [
    (["check"], 0, "checked 6 lessons and 1 curriculum: no errors"),
    (["check", "lesson_specs/glf-evidence-lab.yaml", "--strict", "--no-such-option"], 2, "No such option"),
    (["build", "-q", "lesson_specs/glf-evidence-lab.yaml", "lesson_specs/broken.yaml"], 1, "broken.yaml:2:1: error: unknown key 'titel'"),
])
def test_the_program_exits_with_its_status_and_every_message(workspace: Path, args: list[str], status: int, says: str) -> None:
    """The program leaves without tearing the interpreter down: its status, its messages and its files are all there."""
    if args[0] == "build":
        (workspace / "lesson_specs" / "broken.yaml").write_text("id: broken\ntitel: misspelt\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "lessonpress", *args], cwd=workspace, capture_output=True, text=True, check=False)
    assert result.returncode == status, result.stderr
    assert says in result.stderr
    if args[0] == "build":
        assert (workspace / "output" / "glf-evidence-lab" / "handout.pdf").read_bytes().rstrip().endswith(b"%%EOF")
        assert (workspace / "output" / "manifest.json").is_file()


def test_doctor_lists_fonts(workspace: Path, cli: Cli) -> None:
    result = cli("doctor", cwd=workspace)
    assert result.exit_code == 0
    assert "CJK fallback:" in result.stdout and "floor: bundled Vera" in result.stdout and "theme: default" in result.stdout


def test_every_command_is_documented_in_the_readme() -> None:
    import click

    from lessonpress.cli import main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    names = []
    for name, command in main.commands.items():
        if isinstance(command, click.Group):
            names += [f"{name} {sub}" for sub in command.commands]
        else:
            names.append(name)
    missing = [name for name in names if f"lessonpress {name}" not in readme]
    assert not missing, f"document these in README.md: {missing}"


def test_the_program_builds_what_the_library_builds(workspace: Path) -> None:
    """The program forks its first worker before reading anything and sends it the tasks through a pipe; the library
    forks its workers inside `build`. Same lessons, same bytes."""
    from lessonpress.builder import BuildOptions, build
    from lessonpress.workspace import open_workspace

    spec = "lesson_specs/glf-close-reading.yaml"
    result = subprocess.run([sys.executable, "-m", "lessonpress", "build", "-q", "--out", "by-program", spec],
                            cwd=workspace, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    report = build(open_workspace(workspace), [workspace / spec], BuildOptions(out=workspace / "by-library"))
    assert report.ok and report.built == 1
    made = sorted(p.relative_to(workspace / "by-library") for p in (workspace / "by-library").rglob("*.pdf"))
    assert made
    for name in made:
        assert (workspace / "by-program" / name).read_bytes() == (workspace / "by-library" / name).read_bytes(), name
