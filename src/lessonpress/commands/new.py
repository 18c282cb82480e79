"""`lessonpress new lesson ID`: a commented lesson spec to fill in, using the workspace's first material."""

from __future__ import annotations

import os
import re
from pathlib import Path
from string import Template

from lessonpress.commands.init import package_files
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
    text = Template((package_files() / "scaffold" / "lesson.yaml").read_text(encoding="utf-8")).substitute(
        id=lesson_id, sources=sources, exercises=_SOURCING if material else ""
    )
    return create_file(target, text.encode("utf-8"), inside=workspace.root)
