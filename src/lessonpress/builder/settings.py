"""What to render and for whom: small settings objects, importable without loading reportlab."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Stamp:
    """Who a copy is for: printed in the header of per-class copies."""

    class_name: str | None = None
    teacher: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class RenderJob:
    templates_dir: Path
    fonts_dir: Path | None
    theme: str = "default"
    paper: str = "letter"
    variant: str = "standard"
    school: str | None = None
    stamp: Stamp = Stamp()
    formats: tuple[str, ...] = ("pdf",)
    layout: str = "documents-first"  # the workspace's; a lesson's own `layout:` wins
    tier: str | None = None  # the reading tier of a class's copies (None: each document's original)
    lang: str = "en"  # the workspace's or the class's language; a lesson's own `lang:` wins unless the class sets one
