"""Benchmark lessonpress against a plain-reportlab floor, all figures from one run.

    .venv/bin/python benchmarks/bench.py            # writes the table to stdout
    .venv/bin/python benchmarks/bench.py --quick    # N = 40 only

Not a test: it reports ratios measured in one run on this machine, never asserts.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LESSONPRESS = [sys.executable, "-m", "lessonpress"]
EXAMPLES = ["glf-success-or-failure", "glf-evidence-lab", "glf-close-reading"]


def make_workspace(root: Path, count: int) -> Path:
    """`count` lessons cloned from the examples (ids bench-000 ...), sharing the example materials."""
    ws = root / f"ws-{count}"
    (ws / "lesson_specs").mkdir(parents=True)
    shutil.copytree(REPO / "materials", ws / "materials")
    shutil.copy(REPO / "lessonpress.yaml", ws / "lessonpress.yaml")
    sources = [(REPO / "lesson_specs" / f"{name}.yaml").read_text(encoding="utf-8") for name in EXAMPLES]
    for n in range(count):
        text = sources[n % len(sources)]
        text = re.sub(r"^id: .*$", f"id: bench-{n:03d}", text, count=1, flags=re.MULTILINE)
        text = text.replace('title: "', f'title: "{n:03d} ', 1)
        (ws / "lesson_specs" / f"bench-{n:03d}.yaml").write_text(text, encoding="utf-8")
    return ws


def run(ws: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([*LESSONPRESS, *args], cwd=ws, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def best(times: list[float]) -> float:
    return min(times)


def per_pdf_render(ws: Path, rounds: int) -> float:
    """Warm, in-process: seconds per PDF for the example lessons (handout + guide)."""
    from lessonpress.builder.settings import RenderJob
    from lessonpress.render import render_lesson
    from lessonpress.resolve.loader import load_project
    from lessonpress.workspace import open_workspace

    workspace = open_workspace(ws)
    project = load_project(workspace, [ws / "lesson_specs" / f"bench-00{n}.yaml" for n in range(3)])
    job = RenderJob(workspace.templates_dir, None, paper="letter")
    lessons = list(project.lessons.values())
    for lesson in lessons:
        render_lesson(lesson, job)  # warm: fonts, templates
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for lesson in lessons:
            render_lesson(lesson, job)
        samples.append((time.perf_counter() - start) / (2 * len(lessons)))
    return statistics.median(samples)


def floor_per_pdf(rounds: int) -> float:
    """The same handout and guide content with plain reportlab: no validation, templates, fallback or numbering logic.

    Same fonts, page furniture ("Page N"), boxes, tables, ruled answer space; the
    guide adds objectives, agenda, background, answers and rubric.
    """
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

    from lessonpress.resolve.loader import load_project
    from lessonpress.workspace import open_workspace

    fonts = "/usr/share/fonts/truetype/dejavu/"
    for name, file in (("F", "DejaVuSerif.ttf"), ("FI", "DejaVuSerif-Italic.ttf"), ("S", "DejaVuSans.ttf"), ("SB", "DejaVuSans-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, fonts + file))
    body = ParagraphStyle("b", fontName="F", fontSize=10.5, leading=14.7)
    small = ParagraphStyle("s", fontName="S", fontSize=8.5, leading=11)
    italic = ParagraphStyle("i", fontName="FI", fontSize=10.5, leading=14.7)
    head = ParagraphStyle("h", fontName="SB", fontSize=13, leading=16)
    lessons = list(load_project(open_workspace(REPO)).lessons.values())

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont("S", 8.5)
        canvas.drawString(20 * mm, 10 * mm, "World History")
        canvas.drawRightString(190 * mm, 10 * mm, f"Page {doc.page}")
        canvas.drawString(20 * mm, 270 * mm, "Lesson title")

    def cell(text: str):  # type: ignore[no-untyped-def]
        return Paragraph(escape(text), small)

    def documents(lesson):  # type: ignore[no-untyped-def]
        story = []
        for letter, doc in lesson.documents.items():
            story += [Paragraph(f"Document {letter}", head), cell(doc.material.meta.title), Paragraph(escape(doc.spec.headnote or ""), italic)]
            story += [Paragraph(escape(p.text), body) for p in doc.excerpt.paragraphs]
        return story

    def handout(lesson):  # type: ignore[no-untyped-def]
        spec = lesson.lesson
        story = [Paragraph(escape(spec.title), head), Table([["Name", "", "Date", "", "Class", ""]]),
                 Table([[cell(spec.central_question)]]), Table([[cell(spec.advisory or "")]]),
                 Table([[cell(w), cell(m)] for w, m in spec.vocabulary.items()] or [[""]])]
        story += documents(lesson)
        for n, ex in enumerate(spec.exercises, 1):
            part = [Paragraph(f"{n}. {escape(getattr(ex, 'prompt', None) or getattr(ex, 'claim', None) or ex.type)}", small)]
            if ex.type in ("sourcing", "corroboration"):
                part.append(Table([[cell("Question"), Spacer(1, 20 * mm)] for _ in range(4)]))
            else:
                part += [HRFlowable(width="100%", spaceBefore=9 * mm) for _ in range(getattr(ex, "lines", 4))]
            story.append(KeepTogether(part))
        return story

    def guide(lesson):  # type: ignore[no-untyped-def]
        spec = lesson.lesson
        story = [Paragraph(escape(spec.title), head)] + [cell(o) for o in spec.objectives]
        story.append(Table([[cell(str(a.minutes)), cell(a.activity)] for a in spec.agenda] or [[""]]))
        story += [Paragraph(escape(chunk), body) for chunk in (spec.background or "").split("\n\n")]
        story += documents(lesson)
        for item in spec.discussion:
            story += [cell(item.prompt)] + [cell(look) for look in item.look_fors]
        for ex in spec.exercises:
            story.append(Paragraph(escape(str(getattr(ex, "answer", None) or getattr(ex, "model_answer", None) or "")), body))
        story.append(Table([[cell(r.criterion), cell(str(r.points))] for r in spec.rubric] or [[""]]))
        return story

    def one(lesson) -> None:  # type: ignore[no-untyped-def]
        for story in (handout(lesson), guide(lesson)):
            SimpleDocTemplate(io.BytesIO(), pagesize=LETTER, invariant=1).build(story, onFirstPage=footer, onLaterPages=footer)

    for lesson in lessons:
        one(lesson)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for lesson in lessons:
            one(lesson)
        samples.append((time.perf_counter() - start) / (2 * len(lessons)))
    return statistics.median(samples)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="N = 40 only")
    args = parser.parse_args()
    sizes = [40] if args.quick else [40, 200, 500]
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        spaces = {n: make_workspace(root, n) for n in sizes}
        ws40 = spaces[40]
        floor = floor_per_pdf(10)
        render = per_pdf_render(ws40, 10)
        rows.append(("floor: plain reportlab, per PDF (warm)", floor, "1.00x floor"))
        rows.append(("lessonpress render, per PDF (warm)", render, f"{render / floor:.2f}x floor (target <= 1.5x)"))
        cold = best([run(ws40, "build", "-q", "--force", "--jobs", "1", "lesson_specs/bench-001.yaml") for _ in range(5)])
        rows.append(("cold single lesson, process start to 2 PDFs", cold, f"target < 0.6 s; {cold / (2 * floor):.1f}x two floor PDFs"))
        serial = best([run(ws40, "build", "-q", "--force", "--jobs", "1") for _ in range(2)])
        parallel = best([run(ws40, "build", "-q", "--force", "--jobs", "2") for _ in range(2)])
        rows.append(("40 lessons, --jobs 1", serial, f"{serial / (80 * floor):.2f}x floor x 80 PDFs"))
        rows.append(("40 lessons, --jobs 2", parallel, f"speed-up {serial / parallel:.2f}x (target >= 1.7x)"))
        if 200 in spaces:
            s200 = run(spaces[200], "build", "-q", "--force", "--jobs", "1", "--out", "output-serial")
            rows.append(("200 lessons, --jobs 1 (for scaling)", s200, f"{s200 / 200 * 1000:.0f} ms per lesson"))
        for n in sizes[1:]:
            t = run(spaces[n], "build", "-q", "--jobs", "2")
            rows.append((f"{n} lessons, first build, --jobs 2", t, f"{t / n * 1000:.0f} ms per lesson"))
        big = spaces[sizes[-1]]
        noop = best([run(big, "build", "-q") for _ in range(3)])
        rows.append((f"no-op rebuild, {sizes[-1]} lessons (process start to exit)", noop, "target < 1 s"))
        spec = big / "lesson_specs" / "bench-007.yaml"
        spec.write_text(spec.read_text(encoding="utf-8").replace('title: "007 ', 'title: "007  ', 1), encoding="utf-8")
        one = run(big, "build", "-q")
        rows.append((f"one lesson changed, {sizes[-1]} lessons", one, "re-renders 1 lesson, validates all"))
        rss = peak_rss_mb()
        rows.append(("peak RSS of any build process", rss, "MB (target < 150)"))
    width = max(len(r[0]) for r in rows)
    print(f"lessonpress benchmark · {os.cpu_count()} CPUs · Python {sys.version.split()[0]}\n")
    print(f"| {'measure'.ljust(width)} | value | note |")
    print(f"|{'-' * (width + 2)}|------:|------|")
    for name, value, note in rows:
        shown = f"{value:.0f}" if "RSS" in name else f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"
        print(f"| {name.ljust(width)} | {shown} | {note} |")


if __name__ == "__main__":
    main()
