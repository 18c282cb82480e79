"""`lessonpress doctor`: what this machine and workspace give lessonpress (versions, settings, fonts)."""

from __future__ import annotations

import sys

from lessonpress import __version__
from lessonpress.errors import display_path
from lessonpress.workspace import Workspace


def doctor(workspace: Workspace) -> list[str]:
    import reportlab

    from lessonpress.render.pdf.fonts import describe_fonts

    settings = display_path(workspace.settings_path) if workspace.settings_path else "none (defaults)"
    lines = [
        f"lessonpress {__version__} · Python {sys.version.split()[0]} · reportlab {reportlab.Version}",
        f"workspace: {workspace.root}  settings: {settings}  theme: {workspace.settings.theme}  paper: {workspace.settings.paper}",
        "fonts (family: faces found, folder):",
    ]
    fonts_dir = workspace.root / "fonts"
    lines += [f"  {line}" for line in describe_fonts(fonts_dir if fonts_dir.is_dir() else None)]
    return lines
