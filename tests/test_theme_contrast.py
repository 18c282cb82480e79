"""Theme colour contrast: WCAG 2.1's ratio, and the positioned warnings `check` prints for a theme's text colours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lessonpress.errors import Pos, Severity
from lessonpress.style.contrast import (
    PAGE,
    TEXT_ON,
    check_theme,
    color_positions,
    contrast_ratio,
    relative_luminance,
    suggest,
    theme_contrast_warnings,
)
from lessonpress.style.theme import ThemeColors, load_theme, package_data


@pytest.mark.parametrize(("first", "second", "ratio"), [
    ("#000000", "#ffffff", 21.0),
    ("#ffffff", "#ffffff", 1.0),
    ("#777777", "#ffffff", 4.478),  # the classic near miss
    ("#767676", "#ffffff", 4.542),  # the lightest grey that passes on white
    ("#595959", "#ffffff", 7.005),  # the AAA grey (7:1)
    ("#ff0000", "#ffffff", 3.998),
])
def test_contrast_ratio_is_wcags(first: str, second: str, ratio: float) -> None:
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.001)
    assert contrast_ratio(second, first) == contrast_ratio(first, second)
    assert contrast_ratio(first.upper(), second) == contrast_ratio(first, second)


def test_luminance_ends_and_suggestions_pass() -> None:
    assert relative_luminance("#000000") == 0 and relative_luminance("#ffffff") == pytest.approx(1)
    assert suggest("#aaaaaa", [PAGE]) == "#757575"
    for color, backgrounds in (("#aaaaaa", [PAGE, "#eef3f8"]), ("#3a3a3a", ["#202020"]), ("#808080", ["#7f7f7f"])):
        assert all(contrast_ratio(suggest(color, backgrounds), bg) >= 4.5 for bg in backgrounds)


def test_every_pair_names_a_theme_colour() -> None:
    names = set(ThemeColors.model_fields) | {"page"}
    assert {name for pair in TEXT_ON for name in pair} <= names


@pytest.mark.parametrize("name", ["default", "compact"])
def test_built_in_themes_pass(name: str, tmp_path: Path) -> None:
    theme = load_theme(name, tmp_path / "templates", Pos(tmp_path / "lessonpress.yaml"))
    assert check_theme(theme, name, tmp_path / "templates", Pos(tmp_path / "lessonpress.yaml")) == []
    colors = theme.colors.model_dump()
    assert min(contrast_ratio(colors[fg], PAGE if bg == "page" else colors[bg]) for fg, bg in TEXT_ON) >= 4.5


SCHOOL = """\
# Lincoln High's colours; everything else is the default theme's.
colors:
  muted: "#aaaaaa"
  box: "#a0a8b0"
"""


def test_a_school_theme_with_light_grey_text_is_warned_about_at_its_lines(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "templates" / "themes").mkdir(parents=True)
    (ws / "templates" / "themes" / "school.yaml").write_text(SCHOOL, encoding="utf-8")
    settings = Pos(ws / "lessonpress.yaml", 4, 8)
    theme = load_theme("school", ws / "templates", settings)
    warnings = check_theme(theme, "school", ws / "templates", settings)
    lines = [w.format(relative_to=ws) for w in warnings]
    assert all(w.severity is Severity.WARNING for w in warnings)
    # light grey text: at the line that sets it
    assert lines[0].startswith("templates/themes/school.yaml:3:10: warning: theme colour 'muted' (#aaaaaa, provenance, "
                               "instructions, line numbers and the running header and footer) on the white page (#ffffff) "
                               "has a contrast of 2.32:1; text needs at least 4.5:1 (WCAG 2.1 AA), e.g. 'muted: \"#"), lines[0]
    # the package's accent on the workspace's darker box: the box's line is the one to change
    assert lines[1].startswith("templates/themes/school.yaml:4:8: warning: theme colour 'accent' (#1f4e79, "), lines[1]
    assert "on the central-question box (#a0a8b0) has a contrast of 3.59:1" in lines[1]
    assert len(lines) == 2, lines
    for warning, backgrounds in zip(warnings, (["#ffffff"], ["#ffffff", "#a0a8b0", "#fff4e5"])):
        found = re.search(r"e\.g\. '\w+: \"(#[0-9a-f]{6})\"'", warning.message)
        assert found and all(contrast_ratio(found.group(1), bg) >= 4.5 for bg in backgrounds)


def test_a_package_colour_is_located_in_the_package_and_one_position_serves_all(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "templates" / "themes").mkdir(parents=True)
    # the workspace's own default.yaml lays a pale accent over the package's
    (ws / "templates" / "themes" / "default.yaml").write_text('colors: {accent: "#6f8fbf"}\n', encoding="utf-8")
    settings = Pos(ws / "lessonpress.yaml")
    theme = load_theme("default", ws / "templates", settings)
    warnings = check_theme(theme, "default", ws / "templates", settings)
    assert {(w.pos.path, w.pos.line, w.pos.col) for w in warnings} == {(ws / "templates/themes/default.yaml", 1, 18)}
    assert len(warnings) == 3  # on the page, the box and the advisory box
    # a colour the workspace leaves alone is found in the package's file
    pale = theme.model_copy(update={"colors": theme.colors.model_copy(update={"text": "#bbbbbb"})})
    text_line = next(n for n, line in enumerate((package_data() / "themes/default.yaml").read_text(encoding="utf-8").splitlines(), 1)
                     if line.strip().startswith("text:"))
    where = color_positions("default", tmp_path / "none", settings)
    assert where("text") == Pos(package_data() / "themes" / "default.yaml", text_line, 9)
    single = Pos(tmp_path / "theme.yaml", 7)
    assert {w.pos for w in theme_contrast_warnings(pale, single)} == {single}
