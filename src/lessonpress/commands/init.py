"""`lessonpress init`: a new workspace from the packaged example (never overwriting anything)."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from lessonpress.errors import LessonpressError, Pos
from lessonpress.files import create_file


def package_files() -> Path:
    return Path(str(resources.files("lessonpress") / "data"))


def init_workspace(directory: Path) -> list[Path]:
    """Copy the example workspace into `directory`; refuses to overwrite anything."""
    source = package_files() / "init"
    targets = [(path, directory / path.relative_to(source)) for path in sorted(source.rglob("*")) if path.is_file()]
    targets = [(src, dst.with_name(".gitignore") if dst.name == "gitignore" else dst) for src, dst in targets]
    existing = [dst for _, dst in targets if os.path.lexists(dst)]
    if existing:
        raise LessonpressError.at(Pos(existing[0]), "already exists: `init` never overwrites files; choose an empty folder")
    root = Path(os.path.abspath(directory))
    for src, dst in targets:
        create_file(dst, src.read_bytes(), inside=root)
    for folder in ("materials", "lesson_specs", "templates", "output"):
        if not os.path.lexists(root / folder):
            (root / folder).mkdir(parents=True)
    return [dst for _, dst in targets]
