"""WCAG 2.1 AA for the HTML pages, checked by axe-core in Chromium on every example page as `build --format html` writes it.

axe-core comes from the npm registry (.ci/run installs it into .ci/node/, or set
LESSONPRESS_AXE to an axe.min.js); Chromium is Debian's, driven by playwright.
Without them the tests skip, except in CI, where they fail. Beside axe: reflow
at 320 CSS px, line numbers' contrast (they are hidden from screen readers but
still read by eye), spoken answer spaces, a visible keyboard focus, and a theme
that `check` passes giving pages that axe passes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from conftest import EXAMPLE_LESSONS, REPO, copy_examples
from test_html import build_trees, missing_tool, playwright_api

from lessonpress.errors import Pos
from lessonpress.render.html import environment, write_html
from lessonpress.style.contrast import MINIMUM, contrast_ratio, theme_contrast_warnings
from lessonpress.style.theme import Theme
from lessonpress.style.wording import Wording

AXE_DEFAULT = REPO / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe files these under best-practice, not a WCAG tag; they check what docs/accessibility.md promises beyond the tags
STRUCTURE_RULES = ["heading-order", "page-has-heading-one", "region", "landmark-one-main", "landmark-unique",
                   "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo", "landmark-banner-is-top-level",
                   "landmark-main-is-top-level", "landmark-contentinfo-is-top-level"]
AXE_RUN = """async ([tags, rules]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          rules: Object.fromEntries(rules.map(rule => [rule, {enabled: true}]))});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.map(n => n.target.join(' ')), summary: v.nodes[0].failureSummary}));
}"""
REFLOW_WIDTH = 320  # WCAG 1.4.10: no scrolling in two directions at 320 CSS px (1280 px at 400 % zoom)
PAGE_FACTS = """() => {
  const sheet = getComputedStyle(document.querySelector('.sheet')).backgroundColor;
  return {
    sheet,
    lineNumbers: [...new Set([...document.querySelectorAll('.ln')].map(e => getComputedStyle(e).color))],
    lang: document.documentElement.lang,
    answerSpaces: [...document.querySelectorAll('.answer-lines')].map(e =>
      [e.querySelector('.vh') ? e.querySelector('.vh').textContent : '', e.querySelectorAll('.rule').length]),
    marked: [...document.querySelectorAll('ol.choices li.marked')].map(li => [li.innerText, getComputedStyle(li.querySelector('strong')).fontWeight]),
  };
}"""
OVERFLOW = """() => [document.documentElement, ...document.querySelectorAll('.table, .excerpt, .rating, .name-lines')]
  .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => (e.className || e.tagName) + ' ' + e.scrollWidth + '>' + e.clientWidth)"""


def axe_source() -> str:
    path = Path(os.environ.get("LESSONPRESS_AXE") or AXE_DEFAULT)
    if not path.is_file():
        missing_tool(f"axe-core not found at {path} (npm install --no-save --prefix .ci/node axe-core@4, or set LESSONPRESS_AXE)")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_source()


@pytest.fixture(scope="module")
def context() -> Iterator[Any]:
    """A browser context that lets axe's script in: the pages' Content-Security-Policy forbids every script."""
    sync_api = playwright_api()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        yield browser.new_context(bypass_csp=True, viewport={"width": 1000, "height": 1300})
        browser.close()


def lessonpress(ws: Path, *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "lessonpress", "build", "--format", "html", "-q", *args],
                          check=False, cwd=ws, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Every example page, built by the command a teacher runs, in three groups."""
    ws = copy_examples(tmp_path_factory.mktemp("a11y") / "ws")
    lessons = [str(p.relative_to(REPO)) for p in EXAMPLE_LESSONS]
    lessonpress(ws, "--out", "out-lessons", *lessons)
    lessonpress(ws, "--out", "out-unit", "lesson_specs/unit-glf.curriculum.yaml")  # both classes, one in large print on A4
    lessonpress(ws, "--out", "out-key", "--variant", "answer-key", *lessons)
    return {
        "lessons": sorted((ws / "out-lessons").rglob("*.html")),
        "class-copies": sorted((ws / "out-unit" / "unit-glf").rglob("*.html")),
        "answer-key": sorted((ws / "out-key").rglob("*.html")),
    }


def to_hex(css: str) -> str:
    numbers = [int(float(n)) for n in re.findall(r"[\d.]+", css)[:3]]
    return "#" + "".join(f"{n:02x}" for n in numbers)


def run_axe(page: Any, axe: str) -> list[str]:
    page.add_script_tag(content=axe)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['targets'][:6]}\n      {v['summary']}"
            for v in page.evaluate(AXE_RUN, [TAGS, STRUCTURE_RULES])]


def check_page(page: Any, path: Path, axe: str) -> list[str]:
    """Everything wrong with one page, as lines for the failure message."""
    page.set_viewport_size({"width": 1000, "height": 1300})
    page.goto(path.as_uri())
    problems = run_axe(page, axe)
    facts = page.evaluate(PAGE_FACTS)
    sheet = to_hex(facts["sheet"])
    for color in facts["lineNumbers"]:
        if contrast_ratio(to_hex(color), sheet) < MINIMUM:
            problems.append(f"line numbers {color} on {facts['sheet']}: {contrast_ratio(to_hex(color), sheet):.2f}:1")
    words = Wording(None, facts["lang"] or "en")  # what a screen reader should say, in the page's language
    for said, rules in facts["answerSpaces"]:
        if said != words("say.answer_space", count=rules):
            problems.append(f"answer space of {rules} lines is announced as {said!r}")
    for text, weight in facts["marked"]:
        if "✓" not in text or int(weight) < 600:
            problems.append(f"a right answer is marked by colour alone: {text!r}, weight {weight}")
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 800})
    problems += [f"scrolls sideways at {REFLOW_WIDTH} px: {what}" for what in page.evaluate(OVERFLOW)]
    return problems


@pytest.mark.parametrize("group", ["lessons", "class-copies", "answer-key"])
def test_every_example_page_passes_axe(context: Any, axe: str, built: dict[str, list[Path]], group: str) -> None:
    pages = built[group]
    texts = {path: path.read_text(encoding="utf-8") for path in pages}
    # the pages this group is here for were really built
    if group == "lessons":
        assert {p.parent.name for p in pages} == {p.stem for p in EXAMPLE_LESSONS}
        assert {p.name for p in pages} == {"handout.html", "teacher-guide.html"}
    elif group == "class-copies":
        unit = yaml.safe_load((REPO / "lesson_specs" / "unit-glf.curriculum.yaml").read_text(encoding="utf-8"))
        assert len(pages) == 2 * sum(len(c.get("lessons", unit["lessons"])) for c in unit["classes"])
        assert any("variant-large-print" in text and "size: A4;" in text for text in texts.values()), "no large-print class copy"
    else:
        assert sum(p.name == "answer-key.html" for p in pages) == len(EXAMPLE_LESSONS)
        assert any('<li class="marked">' in text for text in texts.values()), "no answer key marks a right choice"
    page = context.new_page()
    report = []
    for path in pages:
        problems = check_page(page, path, axe)
        if problems:
            report.append(f"{path.as_posix().split('/out-', 1)[-1]}:\n    " + "\n    ".join(problems))
    page.close()
    assert not report, f"{len(report)} of {len(pages)} pages fail WCAG 2.1 AA:\n" + "\n".join(report)


def test_pages_with_pictures_tables_and_charts_pass_axe(context: Any, axe: str, tmp_path: Path) -> None:
    """Visual documents: a picture with alt text, caption and long description, a table document with its bar chart,
    a table shown only as a line chart; handouts, guides and answer keys, in large print on A4 too."""
    from test_visual_html import POSTER_ALT, add_image_lesson

    ws = add_image_lesson(copy_examples(tmp_path / "ws"))
    lessons = ["lesson_specs/glf-poster.yaml", "lesson_specs/glf-grain-in-numbers.yaml"]
    lessonpress(ws, "--out", "out-standard", *lessons)
    lessonpress(ws, "--out", "out-large", "--variant", "large-print", "--paper", "a4", *lessons)
    lessonpress(ws, "--out", "out-key", "--variant", "answer-key", *lessons)
    pages = sorted(ws.glob("out-*/*/*.html"))
    assert len(pages) == 3 * 2 * 2
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg"' in text and 'role="img"' in text
        if "glf-poster" in path.parent.name:
            assert 'class="figure picture"' in text and POSTER_ALT.split(":")[0] in text
    page = context.new_page()
    report = []
    for path in pages:
        problems = check_page(page, path, axe)
        if problems:
            report.append(f"{path.relative_to(ws).as_posix()}:\n    " + "\n    ".join(problems))
    page.close()
    assert not report, f"{len(report)} of {len(pages)} pages fail WCAG 2.1 AA:\n" + "\n".join(report)


# ---- the harness finds what it should, and `check` agrees with it ------------------------------
def themed(theme: Theme, **colors: str) -> Theme:
    return theme.model_copy(update={"colors": theme.colors.model_copy(update=colors)})


def test_a_theme_check_passes_gives_pages_axe_passes_and_one_it_warns_about_fails(context: Any, axe: str, tmp_path: Path) -> None:
    """Colours just above 4.5:1 where TEXT_ON says they are drawn, below it elsewhere: if a template drew text
    on a background TEXT_ON does not list, axe would fail here although `check` is silent."""
    ws = copy_examples(tmp_path / "ws")
    copies = [build_trees(ws, lesson, "answer-key") for lesson in ("glf-close-reading", "glf-evidence-lab")]
    box, advisory = "#d5dde8", "#f7dcc0"
    edge = themed(copies[0].theme, box=box, advisory=advisory, muted="#767676", text="#595959", accent="#4f5b93")
    assert contrast_ratio("#767676", box) < MINIMUM <= contrast_ratio("#767676", "#ffffff")  # muted fails on a box
    assert theme_contrast_warnings(edge, Pos(tmp_path / "theme.yaml")) == []
    page = context.new_page()
    for name, theme in (("edge", edge), ("pale", themed(edge, muted="#8a8a8a"))):
        for number, document in enumerate(doc for built in copies for doc in (built.handout, built.guide)):
            path = tmp_path / f"{name}-{number}.html"
            path.write_bytes(write_html(document, theme))
            page.goto(path.as_uri())
            failed = run_axe(page, axe)
            if name == "edge":
                assert failed == [], failed
            else:  # the harness sees low contrast, and so does `check`
                assert any(line.startswith("color-contrast") for line in failed), failed
                assert [w.message.split("'")[1] for w in theme_contrast_warnings(theme, Pos(path))] == ["muted"]
    page.close()


def test_focus_is_visible(context: Any, tmp_path: Path) -> None:
    built = build_trees(copy_examples(tmp_path / "ws"), "glf-evidence-lab")
    path = tmp_path / "handout.html"
    path.write_bytes(write_html(built.handout, built.theme))
    page = context.new_page()
    page.goto(path.as_uri())
    # the examples have no links yet; a workspace template may add one
    page.evaluate("() => { const a = document.createElement('a'); a.href = '#question-1'; a.textContent = 'Questions';"
                  " document.querySelector('main').prepend(a); }")
    page.keyboard.press("Tab")
    outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                            " return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }")
    assert outline[:2] == ["A", "solid"] and outline[2] >= 2, outline
    assert contrast_ratio(to_hex(outline[3]), "#ffffff") >= 3  # WCAG 1.4.11: a focus ring is a UI component
    page.close()


# ---- markup the axe runs rely on, without a browser ------------------------------------------
def test_answers_are_labelled_for_screen_readers_and_figures_need_alt(tmp_path: Path) -> None:
    built = build_trees(copy_examples(tmp_path / "ws"), "glf-close-reading", "answer-key")
    assert built.handout_html.count('<span class="vh">Answer: </span>') >= 3
    assert '<span class="mark" aria-hidden="true">✓</span><span class="vh"> (right answer)</span>' in built.handout_html
    figure = environment(None).get_template("blocks.html.j2").module.figure  # type: ignore[attr-defined]
    shown = figure(SimpleNamespace(src="data:image/png;base64,AAAA", alt='A poster: "Overtake Britain" <1958>', caption=()))
    assert '<img src="data:image/png;base64,AAAA" alt="A poster: &#34;Overtake Britain&#34; &lt;1958&gt;">' in shown
    with pytest.raises(Exception, match="alt"):
        figure(SimpleNamespace(src="data:image/png;base64,AAAA", caption=()))


def test_missing_tools_skip_locally_and_fail_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LESSONPRESS_AXE", str(tmp_path / "nowhere" / "axe.min.js"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="axe-core not found"):
        axe_source()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run this test"):
        axe_source()


def test_ci_installs_axe_core_from_npm() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^npm install (--[a-z-]+ )*--no-save (--[a-z-]+ )*--prefix \.ci/node axe-core@4$", script, re.MULTILINE)
    assert AXE_DEFAULT.is_relative_to(REPO / ".ci" / "node")
    assert "node_modules/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
