"""Every bad input gives its exact error line, exit 1 and no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import Cli, copy_examples

BAD = Path(__file__).parent / "bad_inputs"
CASES = [line.split("\t", 1) for line in (BAD / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def bad_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = copy_examples(tmp_path_factory.mktemp("bad") / "ws")
    for case in BAD.iterdir():
        if case.name != "EXPECTED.tsv":
            shutil.copy(case, ws / "lesson_specs" / case.name)
    return ws


def test_table_covers_every_file() -> None:
    files = {p.name for p in BAD.iterdir() if p.name != "EXPECTED.tsv"}
    assert files == {name for name, _ in CASES}
    assert len(CASES) >= 30


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(name: str, expected: str, bad_workspace: Path, cli: Cli) -> None:
    result = cli("check", f"lesson_specs/{name}", cwd=bad_workspace)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == expected
    assert "Traceback" not in result.stderr + result.stdout
    for line in result.stderr.splitlines():
        assert ": error: " in line or ": warning: " in line, line


def test_five_megabyte_file(bad_workspace: Path, cli: Cli) -> None:
    big = bad_workspace / "lesson_specs" / "huge.yaml"
    big.write_text("id: huge\n" + "# padding\n" * 500_000, encoding="utf-8")
    try:
        result = cli("check", "lesson_specs/huge.yaml", cwd=bad_workspace)
    finally:
        big.unlink()
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "lesson_specs/huge.yaml:1:1: error: file is 5.0 MB; the limit is 1 MB "
        "(split the file, or raise limits.max_file_mb in lessonpress.yaml)"
    )


def test_all_errors_reported_in_one_run(bad_workspace: Path, cli: Cli) -> None:
    result = cli("check", cwd=bad_workspace)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    reported = {line.split(":", 1)[0] for line in lines}
    # every broken lesson file in the folder is reported, the good examples are not
    expected = {f"lesson_specs/{name}" for name, _ in CASES}
    assert expected <= reported | {"lesson_specs/duplicate-id.yaml"}
    assert "lesson_specs/glf-close-reading.yaml" not in reported
    assert lines == sorted(lines, key=lambda l: (l.split(":")[0], int(l.split(":")[1]), int(l.split(":")[2])))
