"""What `check` and `build` were asked to look at: spec files and material files, from files and folders.

A folder is searched for lesson and curriculum specs only. Settings, wording
templates, themes and earlier outputs are YAML too, but never lessons, so
`templates/`, the output folder, hidden folders and lessonpress.yaml are
skipped; the workspace root means lesson_specs/. A folder in materials/ means
its materials. Folders are walked without following links, so a link loop
cannot make the walk endless.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from lessonpress.errors import Pos
from lessonpress.workspace import SETTINGS_FILE, Workspace

MATERIAL_SUFFIX = ".md"
SPEC_SUFFIX = ".yaml"


@dataclass
class Targets:
    specs: list[Path] = field(default_factory=list)  # lesson and curriculum files asked for
    materials: list[Path] = field(default_factory=list)  # material files asked for
    all_materials: bool = False  # a whole folder of lessons: every material is checked, used or not


def _real(path: Path) -> Path:
    """Resolved without raising on a link loop (os.path.realpath stops at the loop)."""
    return Path(os.path.realpath(path))


def _walk(folder: Path, suffix: str, skip: set[Path]) -> list[Path]:
    """Files named *suffix below `folder`, leaving out hidden entries and the folders in `skip`."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and _real(Path(dirpath, d)) not in skip)
        found.extend(os.path.join(dirpath, name) for name in filenames
                     if name.endswith(suffix) and not name.startswith(".") and name != SETTINGS_FILE)
    # in Path order (part by part), compared as strings: a workspace of 5,000 lessons sorts them in every build
    return [Path(name) for name in sorted(found, key=lambda name: name.split(os.sep))]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def expand_targets(ws: Workspace, targets: list[Path]) -> Targets:
    """Sort the paths given on the command line into specs and materials (see the module docstring)."""
    out = Targets()
    materials_dir = _real(ws.materials_dir)
    not_specs = {_real(ws.templates_dir), _real(ws.root / ws.settings.output)}
    skip = not_specs | {materials_dir}
    for target in targets:
        path = ws.inside(target, Pos(target))
        if not path.is_dir():
            (out.materials if target.suffix == MATERIAL_SUFFIX else out.specs).append(target.absolute())
        elif _inside(path, materials_dir):
            out.materials.extend(_walk(path, MATERIAL_SUFFIX, set()))
        elif any(_inside(path, folder) for folder in not_specs):
            continue  # wording, themes and earlier outputs hold no lessons
        elif path == _real(ws.root):
            out.specs.extend(_walk(_real(ws.specs_dir), SPEC_SUFFIX, skip) if ws.specs_dir.is_dir() else [])
            out.all_materials = True
        else:
            out.specs.extend(_walk(path, SPEC_SUFFIX, skip))
            out.all_materials = True
    out.specs = list(dict.fromkeys(out.specs))
    out.materials = list(dict.fromkeys(out.materials))
    return out
