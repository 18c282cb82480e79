from __future__ import annotations

from lessonpress.cli import run

run()
