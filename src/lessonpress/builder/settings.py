"""What to render and for whom: small settings objects, importable without loading reportlab."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Stamp:
    """Who a copy is for: printed in the header of per-class copies."""

    class_name: str | None = None
    teacher: str | None = None
    date: dt.date | None = None  # printed as the copy's language writes it (the language is known where the copy is made)


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
    lang: str | None = None  # the class's (or its unit's) language; None: the lesson's own `lang:`, else workspace_lang
    workspace_lang: str = "en"  # lessonpress.yaml's `lang:`, the last in line

    def language(self, lesson_lang: str | None) -> str:
        """The language of a copy: the class's, then the lesson's, then the workspace's."""
        return self.lang or lesson_lang or self.workspace_lang
