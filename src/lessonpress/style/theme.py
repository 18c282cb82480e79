"""Themes (YAML: fonts, sizes, colours, spacing) and the search path workspace templates/ -> package.

The defaults live once, in the package's themes/default.yaml; a workspace theme
lays its keys over them (the same merge as `extends`), so errors point into
whichever file wrote the value.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from lessonpress.errors import Diagnostics, LessonpressError, Pos, suggest
from lessonpress.files import read_text
from lessonpress.spec.explain import validate_node
from lessonpress.spec.merge import merge
from lessonpress.spec.models import Strict
from lessonpress.spec.yamltree import YNode, parse_yaml

Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
Size = Annotated[float, Field(ge=5, le=72)]


class ThemeFonts(Strict):
    body: str
    heading: str


class ThemeSizes(Strict):
    body: Size
    excerpt: Size
    small: Size
    title: Size
    heading: Size
    subheading: Size
    line_number: Size
    furniture: Size = Field(8.5, description="Running header and footer.")


class ThemeColors(Strict):
    text: Color
    accent: Color
    muted: Color
    rule: Color
    box: Color
    advisory: Color
    advisory_border: Color


class Margins(Strict):
    top: Annotated[float, Field(ge=5, le=60)]
    bottom: Annotated[float, Field(ge=5, le=60)]
    left: Annotated[float, Field(ge=5, le=60)]
    right: Annotated[float, Field(ge=5, le=60)]


class Theme(Strict):
    fonts: ThemeFonts
    sizes: ThemeSizes
    leading: Annotated[float, Field(ge=1.0, le=3.0)]
    colors: ThemeColors
    margins_mm: Margins
    gutter_mm: Annotated[float, Field(ge=4, le=30)]
    answer_line_mm: Annotated[float, Field(ge=5, le=30)]
    line_numbers_every: Annotated[int, Field(ge=1, le=50)]


def package_data() -> Path:
    return Path(str(resources.files("lessonpress") / "data"))


def find_file(relative: str, templates_dir: Path) -> Path | None:
    """Workspace templates/ first, then the package: the override search path."""
    for base in (templates_dir, package_data() / "templates", package_data()):
        candidate = base / relative
        if candidate.is_file():
            return candidate
    return None


def builtin_names(folder: str, templates_dir: Path) -> list[str]:
    dirs = (templates_dir / folder, package_data() / folder)
    return sorted({p.stem for d in dirs if d.is_dir() for p in d.glob("*.yaml")})


def layered(relative: str, default: Path, templates_dir: Path, missing: Pos, what: str) -> YNode | None:
    """The package default with the workspace's file of the same name merged over it."""
    base = parse_yaml(read_text(default), default)
    path = find_file(relative, templates_dir)
    if path is None:
        name = Path(relative).stem
        names = builtin_names(str(Path(relative).parent), templates_dir)
        raise LessonpressError.at(missing, f"no {what} '{name}'{suggest(name, set(names))}; available: {', '.join(names)}")
    if path == default or base is None:
        return base
    in_workspace = path.absolute().is_relative_to(templates_dir.absolute())
    over = parse_yaml(read_text(path, root=templates_dir.parent if in_workspace else None), path)
    diags = Diagnostics()
    node = merge(base, over, diags) if over is not None else base
    if diags.has_errors():
        raise LessonpressError(diags.sorted())
    return node


def load_theme(name: str, templates_dir: Path, settings_pos: Pos) -> Theme:
    default = package_data() / "themes" / "default.yaml"
    node = layered(f"themes/{name}.yaml", default, templates_dir, settings_pos, "theme")
    diags = Diagnostics()
    theme = validate_node(Theme, node, default, diags, "theme")
    if theme is None:
        raise LessonpressError(diags.sorted())
    return theme
