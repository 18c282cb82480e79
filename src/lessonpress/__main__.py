from __future__ import annotations

from lessonpress.program import run

run()
