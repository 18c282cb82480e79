"""`lessonpress init` and `lessonpress new lesson`: start a workspace or a lesson from packaged files."""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path
from string import Template

from lessonpress.errors import LessonpressError, Pos
from lessonpress.files import create_file
from lessonpress.spec.models import LESSON_ID_PATTERN
from lessonpress.workspace import Workspace

_SOURCES = """sources:                        # documents, lettered A, B, C ...
  A:
    material: $material         # id of a file in materials/
    select: {paragraphs: [1]}   # or {section: "Heading"} or {quote: {from: "...", to: "..."}}
    headnote: "TODO: one or two sentences introducing the document."
"""
_NO_SOURCES = """# sources:                      # add a material to materials/ first, then:
#   A:
#     material: my-material-id
#     select: {paragraphs: [1]}
"""
_SOURCING = """  - type: sourcing
    source: A
    answer: {author: "TODO", date: "TODO", audience: "TODO", purpose: "TODO"}
"""


def _data() -> Path:
    return Path(str(resources.files("lessonpress") / "data"))


def init_workspace(directory: Path) -> list[Path]:
    """Copy the example workspace into `directory`; refuses to overwrite anything."""
    source = _data() / "init"
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


def valid_lesson_id(lesson_id: str) -> bool:
    return re.fullmatch(LESSON_ID_PATTERN, lesson_id) is not None


def new_lesson(workspace: Workspace, lesson_id: str) -> Path:
    """Write lesson_specs/<id>.yaml from the commented template, using the workspace's first material."""
    if not valid_lesson_id(lesson_id):
        raise ValueError(f"'{lesson_id}' is not a valid lesson id: use lowercase letters, digits and '-' (e.g. glf-evidence-lab)")
    target = workspace.specs_dir / f"{lesson_id}.yaml"
    if os.path.lexists(target):
        raise LessonpressError.at(Pos(target), "already exists: choose another id or edit this file")
    materials = workspace.material_files()
    material = materials[0].stem if materials else None
    sources = Template(_SOURCES).substitute(material=material) if material else _NO_SOURCES
    text = Template((_data() / "scaffold" / "lesson.yaml").read_text(encoding="utf-8")).substitute(
        id=lesson_id, sources=sources, exercises=_SOURCING if material else ""
    )
    return create_file(target, text.encode("utf-8"), inside=workspace.root)
