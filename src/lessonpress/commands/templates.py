"""`lessonpress templates`: what can be overridden, where each file is taken from, and copying one to edit."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from lessonpress.errors import LessonpressError, Pos, suggest
from lessonpress.files import create_file
from lessonpress.style.theme import package_data
from lessonpress.workspace import Workspace

OVERRIDABLE = ("templates", "themes")


@dataclass(frozen=True)
class TemplateFile:
    name: str  # e.g. "wording.yaml", "themes/compact.yaml"
    builtin: Path | None
    override: Path | None

    @property
    def source(self) -> Path:
        return self.override or self.builtin  # type: ignore[return-value]


def _builtins() -> dict[str, Path]:
    data = package_data()
    found = {p.name: p for p in sorted((data / "templates").glob("wording*.yaml"))}  # wording.yaml and its translations
    found.update({f"themes/{p.name}": p for p in sorted((data / "themes").glob("*.yaml"))})
    return found


def list_templates(workspace: Workspace) -> list[TemplateFile]:
    """Every built-in file and every workspace override, by the name that links them."""
    builtins = _builtins()
    overrides = {}
    if workspace.templates_dir.is_dir():
        overrides = {str(p.relative_to(workspace.templates_dir)): p for p in sorted(workspace.templates_dir.rglob("*.yaml"))}
    names = sorted(set(builtins) | set(overrides))
    return [TemplateFile(name, builtins.get(name), overrides.get(name)) for name in names]


def copy_template(workspace: Workspace, name: str) -> Path:
    """Copy a built-in file into the workspace's templates/ to edit; never overwrites."""
    builtins = _builtins()
    if name not in builtins:
        raise LessonpressError.at(Pos(workspace.templates_dir), f"no built-in template '{name}'{suggest(name, set(builtins))}; see 'lessonpress templates list'")
    target = workspace.templates_dir / name
    if os.path.lexists(target):
        raise LessonpressError.at(Pos(target), "already exists: edit it, or delete it to start again from the built-in file")
    return create_file(target, builtins[name].read_bytes(), inside=workspace.root)
