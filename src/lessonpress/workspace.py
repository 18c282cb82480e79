"""The workspace: a folder with lessonpress.yaml (optional), materials/, lesson_specs/, templates/, output/."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lessonpress.errors import Diagnostics, LessonpressError, Pos
from lessonpress.files import read_text, resolve_path
from lessonpress.spec.explain import validate_node
from lessonpress.spec.models import WorkspaceSettings
from lessonpress.spec.yamltree import SourceMap, parse_yaml, source_map
from lessonpress.style.locale import problem

SETTINGS_FILE = "lessonpress.yaml"
CURRICULUM_SUFFIX = ".curriculum.yaml"


@dataclass(frozen=True)
class Workspace:
    root: Path
    settings: WorkspaceSettings
    settings_path: Path | None = None
    settings_map: SourceMap = field(default_factory=SourceMap)

    def setting_pos(self, key: str) -> Pos:
        """Where a setting is written in lessonpress.yaml, for errors about its value."""
        return self.settings_map.find((key,)) or Pos(self.settings_path or self.root / SETTINGS_FILE)

    @property
    def materials_dir(self) -> Path:
        return self.root / "materials"

    @property
    def specs_dir(self) -> Path:
        return self.root / "lesson_specs"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def output_dir(self) -> Path:
        target = resolve_path(self.root / self.settings.output)
        if not target.is_relative_to(self.root):
            raise LessonpressError.at(
                self.setting_pos("output"),
                f"output '{self.settings.output}' is outside the workspace {self.root}: use a folder inside it, such as 'output' "
                "(or pass --out to build somewhere else once)",
            )
        if target == self.root or (target.exists() and not target.is_dir()):
            what = "the workspace itself" if target == self.root else "not a folder"
            raise LessonpressError.at(self.setting_pos("output"), f"output '{self.settings.output}' is {what}: name a folder for the PDFs, such as 'output'")
        return target

    @property
    def max_file_bytes(self) -> int:
        return int(self.settings.limits.max_file_mb * 1_000_000)

    @property
    def image_limits(self) -> tuple[int, int]:
        """(bytes, pixels) an image document may have."""
        limits = self.settings.limits
        return int(limits.max_image_mb * 1_000_000), int(limits.max_image_megapixels * 1_000_000)

    def inside(self, path: Path, pos: Pos) -> Path:
        """`path` resolved, or an error if it leads out of the workspace (../, absolute paths, symlinks)."""
        resolved = resolve_path(path)
        if not resolved.is_relative_to(self.root):
            raise LessonpressError.at(pos, f"'{path}' is outside the workspace {self.root}: keep every file inside it")
        return resolved

    def spec_files(self) -> list[Path]:
        return _listed(self.specs_dir, "*.yaml")

    def material_files(self) -> list[Path]:
        return _listed(self.materials_dir, "*.md")


def _listed(folder: Path, pattern: str) -> list[Path]:
    """Every entry named like `pattern` except folders and hidden files; FIFOs, devices and links are
    kept so that reading them gives a clear error instead of silently skipping them."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob(pattern) if not p.is_dir() and not p.name.startswith("."))


def is_curriculum(path: Path) -> bool:
    return path.name.endswith(CURRICULUM_SUFFIX)


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding lessonpress.yaml; `start` itself when there is none."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return start


def open_workspace(start: Path | str | None = None) -> Workspace:
    """Find and read the workspace around `start` (default: the current folder)."""
    root = find_root(Path(start) if start is not None else Path.cwd())
    settings_path = root / SETTINGS_FILE
    if not settings_path.is_file():
        return Workspace(root, WorkspaceSettings())
    diags = Diagnostics()
    node = parse_yaml(read_text(settings_path, root=root), settings_path)
    settings = validate_node(WorkspaceSettings, node, settings_path, diags, "workspace settings file") if node is not None else WorkspaceSettings()
    if settings is None:
        raise LessonpressError(diags.sorted())
    smap = source_map(node)
    unknown = problem(settings.lang)
    if unknown is not None:  # the language of every copy: its wording, dates and numbers
        raise LessonpressError.at(smap.find(("lang",)) or Pos(settings_path), unknown)
    return Workspace(root, settings, settings_path, smap)
