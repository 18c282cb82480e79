from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from lessonpress.cli import main

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
EXAMPLE_LESSONS = sorted(p for p in (REPO / "lesson_specs").glob("*.yaml") if not p.name.endswith(".curriculum.yaml"))


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def copy_examples(target: Path) -> Path:
    """A private copy of the repo's example workspace."""
    for name in ("materials", "lesson_specs", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "lessonpress.yaml", target / "lessonpress.yaml")
    return target


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return copy_examples(tmp_path / "ws")


Cli = Callable[..., Result]


@pytest.fixture
def cli() -> Iterator[Cli]:
    def run(*args: str, cwd: Path) -> Result:
        old = os.getcwd()
        os.chdir(cwd)
        try:
            result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        finally:
            os.chdir(old)
        return Result(result.exit_code, result.stdout, result.stderr)

    yield run
