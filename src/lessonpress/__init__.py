"""lessonpress: plain-text lesson specs in, print-ready PDF handouts and teacher guides out."""

from __future__ import annotations

__version__ = "0.1.0"
