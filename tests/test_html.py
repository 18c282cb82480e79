"""The HTML back-end: the examples' trees written as HTML, read back as a parser and a real browser see them."""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html import unescape
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import Any, NoReturn

import pytest
from conftest import copy_examples

from lessonpress.builder.settings import RenderJob
from lessonpress.document import model as d
from lessonpress.errors import LessonpressError
from lessonpress.render.html import write_html
from lessonpress.render.html.view import KINDS, UnknownBlock, excerpt_lines
from lessonpress.render.pdf import prepare
from lessonpress.resolve.loader import load_project
from lessonpress.resolve.rules import ResolvedLesson
from lessonpress.style.theme import Theme
from lessonpress.workspace import open_workspace

LESSONS = ["glf-success-or-failure", "glf-evidence-lab", "glf-close-reading", "glf-success-or-failure-short"]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path("/tmp/html-shots")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HOSTILE = '<b>bold</b> {{ 7 * 7 }} <script>alert("x")</script> </style> & "q" \\ {% if %}'


# ---- building the trees as render_lesson does --------------------------------------------------
@dataclass
class Built:
    lesson: ResolvedLesson
    theme: Theme
    handout: d.Document
    guide: d.Document
    handout_html: str = ""
    guide_html: str = ""


def build_trees(ws: Path, lesson_id: str, variant: str = "standard", paper: str = "letter") -> Built:
    """The handout and guide trees of one lesson copy, from the same `prepare` the build uses before every writer."""
    workspace = open_workspace(ws)
    lesson = load_project(workspace).lessons[lesson_id]
    job = RenderJob(workspace.templates_dir, None, workspace.settings.theme, paper, variant, workspace.settings.school)
    (handout_tree, look), (guide_tree, _) = prepare(lesson, job)[0]
    # the builders leave Document.paper at its default; the HTML's print stylesheet needs the job's paper
    built = Built(lesson, look.theme, replace(handout_tree, paper=paper), replace(guide_tree, paper=paper))
    built.handout_html = write_html(built.handout, look.theme, workspace.templates_dir).decode("utf-8")
    built.guide_html = write_html(built.guide, look.theme, workspace.templates_dir).decode("utf-8")
    return built


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    ws = copy_examples(tmp_path_factory.mktemp("html") / "ws")
    return {lesson: build_trees(ws, lesson) for lesson in LESSONS}


# ---- a small DOM from html.parser -------------------------------------------------------------
@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def all(self, tag: str | None = None, cls: str | None = None) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    yield child
                yield from child.all(tag, cls)

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = list(self.all(tag, cls))
        assert len(found) == 1, (tag, cls, len(found))
        return found[0]

    def text(self, skip: str | None = None) -> str:
        """All text below, leaving out elements with class `skip` (the line numbers, say)."""
        return "".join(c if isinstance(c, str) else ("" if skip and skip in c.classes else c.text(skip)) for c in self.children)


class Tree(HTMLParser):
    """Builds a Node tree and records every nesting error, so 'valid structure' is checked, not assumed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.errors: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"end tag for void element <{tag}>")
        elif self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1].tag}>")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert not tree.errors, tree.errors[:5]
    assert len(tree.stack) == 1, f"unclosed: {[n.tag for n in tree.stack[1:]]}"
    assert tree.doctype.lower() == "doctype html"
    return tree.root


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else []
    return [text for item in items for text in strings(item)]


def answers(lesson: ResolvedLesson) -> list[str]:
    """Every teacher-only text of a lesson (answers, model answers, look-fors, original wording, background)."""
    found = strings([[e.model_dump().get("answer"), e.model_dump().get("model_answer")] for e in lesson.lesson.exercises])
    found += [look for item in lesson.lesson.discussion for look in item.look_fors]
    found += [run.original for doc in lesson.documents.values() for run in doc.excerpt.changes if run.kind == "replaced"]
    found += (lesson.lesson.background or "").split("\n\n")
    return [squash(a) for a in found if len(squash(a)) >= 12]


# ---- structure ------------------------------------------------------------------------------
@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("which", ["handout", "guide"])
def test_structure_is_valid_semantic_and_self_contained(examples: dict[str, Built], lesson: str, which: str) -> None:
    built = examples[lesson]
    document: d.Document = getattr(built, which)
    html: str = getattr(built, f"{which}_html")
    root = parse(html)
    page = root.one("html")
    assert page.attrs["lang"] == document.meta.lang == "en"
    assert root.one("title").text() == document.meta.title
    assert any(m.attrs.get("charset") == "utf-8" for m in root.all("meta"))
    assert len(list(root.all("header"))) == 1 and len(list(root.all("main"))) == 1
    assert root.one("header").one("h1").text() == d.to_text(next(b for b in document.blocks if isinstance(b, d.Heading)).content)
    # self-contained: no scripts, no linked resources, nothing with an address; a CSP forbids them anyway
    lowered = html.lower()
    for forbidden in ("<script", "<link", "<iframe", "<object", "<embed", "@import", "url(", "javascript:"):
        assert forbidden not in lowered, forbidden
    for node in root.all():
        for name, value in node.attrs.items():
            assert not re.match(r"\s*(https?:|//|ftp:)", value), (node.tag, name, value)
    csp = next(m for m in root.all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp.attrs["content"]
    # tables: every header cell says what it heads
    for th in root.all("th"):
        assert th.attrs.get("scope") in ("col", "row"), th
    for table in root.all("table"):
        assert list(table.all("th")), "a table without header cells"
    # lists are lists
    for lst in root.all("ol"):
        assert all(isinstance(c, str) and not c.strip() or isinstance(c, Node) and c.tag == "li" for c in lst.children)
    # print stylesheet: the page size of the document's paper, furniture in the page margins only
    assert "@media print" in html and "size: letter;" in html
    assert "@bottom-right" in html and "counter(page)" in html


@pytest.mark.parametrize("lesson", LESSONS)
def test_headings_are_in_order_and_match_the_tree(examples: dict[str, Built], lesson: str) -> None:
    for document, html in ((examples[lesson].handout, examples[lesson].handout_html), (examples[lesson].guide, examples[lesson].guide_html)):
        root = parse(html)
        found = [(int(n.tag[1]), squash(n.text())) for n in root.all() if re.fullmatch(r"h[1-6]", n.tag)]
        expected = [(b.level, squash(d.to_text(b.content))) if isinstance(b, d.Heading) else (2, squash(d.to_text(b.heading)))
                    for b in document.walk() if isinstance(b, (d.Heading, d.Source))]
        assert found == expected
        levels = [level for level, _ in found]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b - a <= 1 for a, b in pairwise(levels)), levels


@pytest.mark.parametrize("lesson", LESSONS)
def test_documents_carry_labels_and_the_models_line_numbers(examples: dict[str, Built], lesson: str) -> None:
    built = examples[lesson]
    for document, html in ((built.handout, built.handout_html), (built.guide, built.guide_html)):
        root = parse(html)
        sources = [b for b in document.walk() if isinstance(b, d.Source)]
        assert [s.letter for s in sources] == list(built.lesson.documents)
        for source in sources:
            section = next(n for n in root.all("section", "source") if n.attrs["id"] == f"document-{source.letter}")
            assert section.one("h2").text() == d.to_text(source.heading)
            assert section.one("h2").text().startswith(f"Document {source.letter}")
            assert squash(section.one("p", "provenance").text()) == squash(d.to_text(source.provenance))
            if source.excerpt is None:  # a table or image document: tests/test_visual_html.py
                continue
            excerpt = section.one("blockquote", "excerpt")
            paragraphs = list(excerpt.all("p"))
            assert len(paragraphs) == len(source.excerpt.paragraphs)
            labels: list[int] = []
            count = 0
            for node, model in zip(paragraphs, source.excerpt.paragraphs):
                # the paragraph reads as its continuous text, without the numbers
                assert node.text(skip="ln") == model.text
                lines = list(node.all("span", "line"))
                assert [squash(line.text(skip="ln")) for line in lines] == [squash(text) for text in model.lines]
                assert [int(line.attrs["data-line"]) for line in lines] == list(range(model.first_line, model.first_line + len(model.lines)))
                for line in lines:
                    count += 1
                    numbers = list(line.all("span", "ln"))
                    if numbers:
                        assert numbers[0].attrs["aria-hidden"] == "true"
                        assert line.children[0] is numbers[0]  # at the start of its line
                        labels.append(int(numbers[0].text()))
                        assert labels[-1] == count
            # an independent count: a number beside every `every`-th line, and nowhere else
            assert labels == list(range(source.excerpt.every, count + 1, source.excerpt.every))
            assert count == sum(len(p.lines) for p in source.excerpt.paragraphs) > 0


def test_excerpt_lines_join_back_into_the_paragraph() -> None:
    paragraph = d.ExcerptParagraph(4, ("It is  widely", "regarded by", "historians."), "It is  widely regarded by\nhistorians.")
    lines = excerpt_lines(paragraph, 5)
    assert "".join(line.text for line in lines) == paragraph.text
    assert [(line.number, line.label) for line in lines] == [(4, ""), (5, "5"), (6, "")]
    assert [line.text for line in lines] == ["It is  widely ", "regarded by\n", "historians."]


@pytest.mark.parametrize("lesson", LESSONS)
def test_handout_html_holds_no_answer_and_the_guide_holds_them_all(examples: dict[str, Built], lesson: str) -> None:
    built = examples[lesson]
    # text and attribute values alike, as the files hold them
    handout_text, guide_text = squash(unescape(built.handout_html)), squash(unescape(built.guide_html))
    secrets = answers(built.lesson)
    assert len(secrets) >= 5
    for secret in secrets:
        assert secret not in handout_text, secret
        assert secret in guide_text, secret
    root = parse(built.handout_html)
    assert not [n for n in root.all() if n.classes & {"answer", "key", "marked", "filled"}]
    assert built.handout.kind == "handout"


# ---- text is data --------------------------------------------------------------------------
def every_block(text: str) -> tuple[d.Block, ...]:
    t = d.plain(text)
    excerpt = d.Excerpt(letter="A", paragraphs=(d.ExcerptParagraph(1, (text,), text),), every=1)
    return (
        d.Paragraph(content=t, role="kicker"), d.Heading(level=1, content=t), d.NameLines(labels=(text, text, text), class_name=text),
        d.Box(kind="central_question", label=text, content=t), d.Box(kind="advisory", label=text, content=t),
        d.Group(blocks=(d.Heading(level=2, content=t), d.BulletList(items=(t, (d.Span(text, "em"), d.Span(text, "strong")))))),
        d.Table(kind="data", rows=((d.Cell(t, header=True), d.Cell(t, header=True)), (d.Cell(t, header=True), d.Cell(t)),
                                   (d.Cell(t, header=True), d.Cell(blank=True))), widths=(0.5, 0.5), header_rows=1, blank_lines=2),
        d.Source(letter="A", heading=t, provenance=t, modified=True, headnote=t, excerpt=excerpt,
                 notes=(d.Group(blocks=(d.Heading(level=3, content=t), d.BulletList(items=(t,), role="note")), role="notes"),)),
        d.Group(role="question", blocks=(
            d.Question(number=1, prompt=t, parts=(d.Paragraph(content=t, role="claim"), d.AnswerLines(count=2), d.RatingScale(low=text, high=text),
                                                  d.Choices(items=(t, t)), d.OrderItems(items=(t, t)))),
        )),
        d.Paragraph(content=t, role="prompt"),
    )


def hostile_document(text: str = HOSTILE, lang: str = "en") -> d.Document:
    meta = d.Metadata(title=text, author=text, subject=text, keywords=(text,), lang=lang)
    furniture = d.Furniture(text, text, text, lambda page, pages: f"{text} {page}/{pages}")
    return d.Document("handout", meta, furniture, every_block(text))


def test_user_text_is_printed_literally_never_as_markup_or_template(examples: dict[str, Built]) -> None:
    theme = examples[LESSONS[0]].theme
    html = write_html(hostile_document(), theme).decode("utf-8")
    root = parse(html)
    assert "<b>" not in html and "<script" not in html.lower() and "49" not in html
    assert html.count("</style>") == 1  # the running header is a CSS string escape, it cannot end the stylesheet
    assert root.one("title").text() == HOSTILE
    assert root.one("h1").text() == HOSTILE
    body = root.one("body").text()
    blocks_with_text = 30  # every place the text was put above, give or take
    assert body.count(HOSTILE) >= blocks_with_text, body.count(HOSTILE)
    assert not list(root.all("b")) and not list(root.all("script"))
    # a language tag is an attribute value, escaped like text
    odd = parse(write_html(hostile_document(lang='en" onload="x'), theme).decode("utf-8")).one("html")
    assert odd.attrs == {"lang": 'en" onload="x'}


def test_every_block_kind_has_a_template_and_a_new_kind_is_an_error(examples: dict[str, Built]) -> None:
    written = {type(b) for b in hostile_document().walk()}
    assert set(KINDS) <= written | {d.Excerpt}
    theme = examples[LESSONS[0]].theme

    @dataclass(frozen=True, kw_only=True)
    class Figure(d.Block):
        alt: str

    document = replace(hostile_document(), blocks=(Figure(alt="x"),))
    with pytest.raises(UnknownBlock, match="Figure"):
        write_html(document, theme)


# ---- variants, paper, overrides, determinism --------------------------------------------------
def printed_lines(document: d.Document) -> list[str]:
    return [line for b in document.walk() if isinstance(b, d.Excerpt) for p in b.paragraphs for line in p.lines]


def test_large_print_is_large_and_counts_its_own_lines(examples: dict[str, Built], tmp_path: Path) -> None:
    ws = copy_examples(tmp_path / "ws")
    large = build_trees(ws, "glf-success-or-failure", "large-print")
    standard = examples["glf-success-or-failure"]
    body = re.search(r"body \{[^}]*font-size: calc\(([\d.]+) \* var\(--pt\)\)", large.handout_html)
    assert body and float(body.group(1)) >= 16
    assert "variant-large-print" in large.handout_html
    assert len(printed_lines(large.handout)) > len(printed_lines(standard.handout))
    assert len(list(parse(large.handout_html).all("span", "line"))) == len(printed_lines(large.handout))


def test_paper_size_and_bytes_are_stable(examples: dict[str, Built]) -> None:
    built = examples["glf-evidence-lab"]
    a4 = write_html(replace(built.handout, paper="a4"), built.theme).decode("utf-8")
    assert "size: A4;" in a4 and "size: letter;" not in a4
    assert write_html(built.handout, built.theme) == write_html(built.handout, built.theme)


def test_workspace_templates_override_the_package(examples: dict[str, Built], tmp_path: Path) -> None:
    built = examples["glf-evidence-lab"]
    templates = tmp_path / "ws" / "templates"
    (templates / "html").mkdir(parents=True)
    (templates / "html" / "labels.html.j2").write_text(
        (Path(__file__).parent.parent / "src/lessonpress/data/html/labels.html.j2").read_text(encoding="utf-8")
        .replace('wording("say.answer_space", count=count)', '"Espace de réponse : " ~ count ~ " lines"'),
        encoding="utf-8")
    html = write_html(built.handout, built.theme, templates).decode("utf-8")
    assert "Espace de réponse : 4 lines" in html
    (templates / "html" / "blocks.html.j2").write_text("{% macro block(x) %}\n{% if %}\n{% endmacro %}\n", encoding="utf-8")
    with pytest.raises(LessonpressError) as error:
        write_html(built.handout, built.theme, templates)
    pos = error.value.diagnostics[0].pos
    assert (pos.path.name, pos.line) == ("blocks.html.j2", 2)
    (templates / "html" / "blocks.html.j2").write_text("{% macro block(x) %}\n\n{{ x.no_such_field }}\n{% endmacro %}\n", encoding="utf-8")
    with pytest.raises(LessonpressError, match="no_such_field") as error:
        write_html(built.handout, built.theme, templates)
    pos = error.value.diagnostics[0].pos
    assert (pos.path.name, pos.line) == ("blocks.html.j2", 3)
    # a template linked from outside the workspace is refused, as for every other workspace file
    (templates / "html" / "blocks.html.j2").unlink()
    outside = tmp_path / "outside.j2"
    outside.write_text("{% macro block(x) %}{% endmacro %}", encoding="utf-8")
    (templates / "html" / "blocks.html.j2").symlink_to(outside)
    with pytest.raises(LessonpressError, match="outside the workspace"):
        write_html(built.handout, built.theme, templates)


# ---- in a real browser ------------------------------------------------------------------------
def missing_tool(reason: str) -> NoReturn:
    """Skip where a developer lacks a real tool; in CI (CI=true) the same gap fails, so a test never passes by not running."""
    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        pytest.fail(f"{reason}; CI must run this test (see .ci/run)", pytrace=False)
    pytest.skip(reason)


def playwright_api() -> Any:
    try:
        from playwright import sync_api
    except ImportError:
        missing_tool("the playwright package is not installed (pip install -e '.[test]')")
    if not CHROMIUM.is_file():
        missing_tool(f"{CHROMIUM} is not installed (Debian package chromium)")
    return sync_api


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = playwright_api()
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        SHOTS.mkdir(exist_ok=True)
        yield chromium
        chromium.close()


GEOMETRY = """() => [...document.querySelectorAll('.excerpt .line')].map(line => {
  const text = line.lastChild, range = document.createRange();
  range.selectNodeContents(text);
  const rects = [...range.getClientRects()].filter(r => r.width > 0);
  const ln = line.querySelector('.ln'), box = ln ? ln.getBoundingClientRect() : null;
  return {n: +line.dataset.line, rows: rects.length, top: rects[0].top, bottom: rects[0].bottom, left: rects[0].left,
          label: ln ? ln.textContent.trim() : '', lnTop: box ? box.top : 0, lnBottom: box ? box.bottom : 0, lnRight: box ? box.right : 0};
})"""
COPY = """() => [...document.querySelectorAll('.excerpt p')].map(p => {
  const range = document.createRange(); range.selectNodeContents(p);
  const selection = getSelection(); selection.removeAllRanges(); selection.addRange(range);
  return selection.toString();
})"""


@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("which", ["handout", "guide"])
def test_in_chromium(browser: Any, examples: dict[str, Built], lesson: str, which: str, tmp_path: Path) -> None:
    built = examples[lesson]
    document: d.Document = getattr(built, which)
    path = tmp_path / f"{lesson}-{which}.html"
    path.write_text(getattr(built, f"{which}_html"), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 1300})
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(path.as_uri())
    shot = tmp_path / f"{lesson}-{which}.png"
    page.screenshot(path=str(shot), full_page=True)
    shutil.copy(shot, SHOTS / shot.name)
    visible = page.inner_text("body")
    excerpts = [b for b in document.walk() if isinstance(b, d.Excerpt)]
    for excerpt in excerpts:
        assert f"Document {excerpt.letter}" in visible
    # the numbers are on screen, each beside the start of its own printed line, and no line wraps
    geometry = page.evaluate(GEOMETRY)
    assert len(geometry) == sum(len(p.lines) for e in excerpts for p in e.paragraphs)
    for line in geometry:
        assert line["rows"] == 1, f"printed line {line['n']} wraps in the browser"
        if line["label"]:
            assert re.search(rf"(?<!\d){line['label']}(?!\d)", visible)
            assert line["lnRight"] <= line["left"] + 1 and line["lnTop"] >= line["top"] - 4 and line["lnBottom"] <= line["bottom"] + 4, line
    assert [line["label"] for line in geometry if line["label"]] == [str(line["n"]) for line in geometry if line["n"] % excerpts[0].every == 0]
    # copying an excerpt paragraph gives its text: no line numbers, no line breaks inside it
    copied = page.evaluate(COPY)
    assert [squash(text) for text in copied] == [squash(p.text) for e in excerpts for p in e.paragraphs]
    if which == "handout":
        for secret in answers(built.lesson):
            assert secret not in squash(visible), secret
    assert requests == [path.as_uri()], requests  # nothing fetched but the page itself
    assert not problems, problems
    page.close()


def print_pdf(page: Any, html: Path, pdf: Path) -> list[str]:
    """Chromium's own print of the page, as text lines (NFKC, so ligatures read as letters)."""
    pypdf = pytest.importorskip("pypdf")
    page.goto(html.as_uri())
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    pages = [unicodedata.normalize("NFKC", p.extract_text()) for p in pypdf.PdfReader(pdf).pages]
    return [squash(line) for text in pages for line in text.splitlines()]


def lines_not_printed_as_in_the_pdf(document: d.Document, printed: list[str]) -> list[int]:
    """Numbers of excerpt lines that Chromium's print does not show as one line (with its number, if it has one)."""
    shown = set(printed)
    missing = []
    for excerpt in (b for b in document.walk() if isinstance(b, d.Excerpt)):
        for paragraph in excerpt.paragraphs:
            for number, text in enumerate(paragraph.lines, paragraph.first_line):
                line = squash(unicodedata.normalize("NFKC", text))
                if line not in shown and f"{number} {line}" not in shown:
                    missing.append(number)
    return missing


def test_large_print_lines_fit_on_screen_and_on_paper(browser: Any, tmp_path: Path) -> None:
    built = build_trees(copy_examples(tmp_path / "ws"), "glf-success-or-failure", "large-print")
    path = tmp_path / "large-print-handout.html"
    path.write_text(built.handout_html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 1300})
    page.goto(path.as_uri())
    page.screenshot(path=str(tmp_path / "large-print-handout.png"), full_page=True)
    shutil.copy(tmp_path / "large-print-handout.png", SHOTS / "glf-success-or-failure-large-print-handout.png")
    geometry = page.evaluate(GEOMETRY)
    assert len(geometry) == len(printed_lines(built.handout))
    assert [line["n"] for line in geometry if line["rows"] != 1] == []
    assert lines_not_printed_as_in_the_pdf(built.handout, print_pdf(page, path, tmp_path / "large-print.pdf")) == []
    page.close()


def test_prints_on_the_papers_pages_with_the_pdfs_lines_and_furniture_in_the_margins(browser: Any, tmp_path: Path) -> None:
    ws = copy_examples(tmp_path / "ws")
    page = browser.new_page()
    for paper, size in (("letter", [612, 792]), ("a4", [595, 842])):
        built = build_trees(ws, "glf-evidence-lab", paper=paper)
        path = tmp_path / f"{paper}.html"
        path.write_bytes(write_html(built.handout, built.theme))
        printed = print_pdf(page, path, tmp_path / f"{paper}.pdf")
        reader = pytest.importorskip("pypdf").PdfReader(tmp_path / f"{paper}.pdf")
        assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == size
        # every excerpt line breaks where the PDF back-end broke it for this paper, so "line 5" is line 5 on paper too
        assert lines_not_printed_as_in_the_pdf(built.handout, printed) == []
        pages = len(reader.pages)
        first, second = squash(reader.pages[0].extract_text()), squash(reader.pages[1].extract_text())
        assert f"Page 1 of {pages}" in first and f"Page 2 of {pages}" in second
        header, footer = built.handout.furniture.header_left, built.handout.furniture.footer_left
        # the running header from page 2 on (page 1 shows the title itself once), the footer once per page
        assert first.count(header) == 1 and second.count(header) == 1
        assert first.count(footer) == 1 and second.count(footer) == 1
        assert all(answer not in " ".join(printed) for answer in answers(built.lesson))
    page.close()
