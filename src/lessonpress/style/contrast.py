"""Colour contrast of a theme's text, by WCAG 2.1's formula, so `check` can warn before a handout is posted.

WCAG 2.1 AA (success criterion 1.4.3) asks for 4.5:1 between text and its
background. The PDF and HTML writers draw a theme's text colours on three
backgrounds: the white page, the central-question `box` and the `advisory`
box. `TEXT_ON` lists every such pair; a writer that draws a colour on a new
background adds its pair here, and `check` then tests every theme for it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from lessonpress.errors import Diagnostic, Pos, Severity
from lessonpress.spec.yamltree import source_map
from lessonpress.style.theme import Theme, layered, package_data

MINIMUM = 4.5  # WCAG 2.1 AA for text below 18 pt (14 pt bold); handouts have small print, so for all text
PAGE = "#ffffff"  # the sheet: paper in the PDF, the white page in the HTML

# (text colour, background) for every pair the writers draw; "page" is the white sheet, the others theme colours
TEXT_ON: tuple[tuple[str, str], ...] = (
    ("text", "page"), ("accent", "page"), ("muted", "page"),
    ("text", "box"), ("accent", "box"),
    ("text", "advisory"), ("accent", "advisory"),
)
USED_FOR = {
    "text": "body text",
    "accent": "titles, headings, box labels and answers",
    "muted": "provenance, instructions, line numbers and the running header and footer",
}
BACKGROUNDS = {"page": "the white page", "box": "the central-question box", "advisory": "the content-advisory box"}

Where = Callable[[str], Pos] | Pos


def relative_luminance(color: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour written #rrggbb."""
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance over the darker one's: 1 to 21, order does not matter."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _mix(color: str, toward: int, amount: float) -> str:
    channels = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (toward - c) * amount):02x}" for c in channels)


def suggest(color: str, backgrounds: list[str], minimum: float = MINIMUM) -> str:
    """The nearest colour of the same hue, darker or lighter, that reaches `minimum` on every background."""
    for step in range(1, 101):
        for toward in (0, 255):
            candidate = _mix(color, toward, step / 100)
            if all(contrast_ratio(candidate, bg) >= minimum for bg in backgrounds):
                return candidate
    return "#000000"


def _shown(ratio: float) -> str:
    """Rounded down, so a ratio just under the minimum never prints as the minimum."""
    return f"{math.floor(ratio * 100) / 100:.2f}:1"


def theme_contrast_warnings(theme: Theme, where: Where) -> list[Diagnostic]:
    """A warning for every text colour/background pair of `theme` below 4.5:1, at the colour's line in its theme file.

    `where` gives the position of a colour by its name in `colors:` (see
    `color_positions`), or is one position for all of them. When the text
    colour comes from the package and the background from the workspace's
    theme, the warning points at the background: that is the line to change.
    """
    colors = dict(theme.colors.model_dump())
    colors["page"] = PAGE
    locate = where if callable(where) else _everywhere(where)
    warnings = []
    for text, background in TEXT_ON:
        ratio = contrast_ratio(colors[text], colors[background])
        if ratio >= MINIMUM:
            continue
        pos = locate(text)
        if background != "page" and _is_package(pos) and not _is_package(locate(background)):
            pos = locate(background)
        backgrounds = [colors[bg] for fg, bg in TEXT_ON if fg == text]
        message = (f"theme colour '{text}' ({colors[text]}, {USED_FOR[text]}) on {BACKGROUNDS[background]} "
                   f"({colors[background]}) has a contrast of {_shown(ratio)}; text needs at least {MINIMUM}:1 (WCAG 2.1 AA), "
                   f"e.g. '{text}: \"{suggest(colors[text], backgrounds)}\"'")
        warnings.append(Diagnostic(pos, message, Severity.WARNING))
    return warnings


def _everywhere(pos: Pos) -> Callable[[str], Pos]:
    return lambda _color: pos


def _is_package(pos: Pos) -> bool:
    return pos.path.absolute().is_relative_to(package_data().absolute())


def color_positions(name: str, templates_dir: Path, settings_pos: Pos) -> Callable[[str], Pos]:
    """Where each of theme `name`'s colours is written: the workspace's theme file if it sets it, else the package's."""
    node = layered(f"themes/{name}.yaml", package_data() / "themes" / "default.yaml", templates_dir, settings_pos, "theme")
    positions = source_map(node)

    def where(color: str) -> Pos:
        return positions.find(("colors", color)) or settings_pos

    return where


def check_theme(theme: Theme, name: str, templates_dir: Path, settings_pos: Pos) -> list[Diagnostic]:
    """`check`'s contrast warnings for the workspace's theme `name` (already loaded as `theme`)."""
    return theme_contrast_warnings(theme, color_positions(name, templates_dir, settings_pos))
