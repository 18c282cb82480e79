"""Benchmark lessonpress against a plain-reportlab floor, all figures from one run.

    .venv/bin/python benchmarks/bench.py            # writes the table to stdout
    .venv/bin/python benchmarks/bench.py --quick    # N = 40 only

Not a test: it reports ratios measured in one run on this machine, never asserts.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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
    if count > 2000:  # above the default limit on spec files
        with (ws / "lessonpress.yaml").open("a", encoding="utf-8") as settings:
            settings.write(f"limits: {{max_lessons: {count}}}\n")
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


def floor_per_pdf(rounds: int, lessons: int | None = None) -> float:
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
    resolved = list(load_project(open_workspace(REPO), [REPO / "lesson_specs" / f"{n}.yaml" for n in EXAMPLES]).lessons.values())
    resolved = resolved[:lessons] if lessons else resolved

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

    for lesson in resolved:
        one(lesson)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for lesson in resolved:
            one(lesson)
        samples.append((time.perf_counter() - start) / (2 * len(resolved)))
    return statistics.median(samples) if samples else 0.0


def measure(ws: Path, *args: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB, the build process or any of its workers) of one CLI run, in a fresh wrapper process."""
    code = ("import json, resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
            "print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))")
    out = subprocess.run([sys.executable, "-c", code, *LESSONPRESS, *args], cwd=ws, check=True, capture_output=True, text=True).stdout
    seconds, rss = json.loads(out)
    return float(seconds), float(rss)


def parent_cpu_per_lesson(ws: Path, count: int) -> float:
    """CPU seconds the main build process spends per lesson (its workers excluded), for a forced build in this process."""
    from lessonpress.builder import BuildOptions, build
    from lessonpress.workspace import open_workspace

    before = resource.getrusage(resource.RUSAGE_SELF)
    report = build(open_workspace(ws), None, BuildOptions(force=True, jobs=2))
    after = resource.getrusage(resource.RUSAGE_SELF)
    assert report.built == count, report.diagnostics.sorted()
    return ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) / count


def floor_cold() -> float:
    """The floor's cold run: a new Python process that imports reportlab and renders one lesson's two PDFs."""
    code = ("import sys, time; t = time.perf_counter(); sys.path.insert(0, 'benchmarks'); import bench; "
            "bench.floor_per_pdf(0, lessons=1); print(time.perf_counter() - t)")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - start


def interleaved(pairs: int, first: Callable[[], float], second: Callable[[], float]) -> tuple[float, float]:
    """Medians of `pairs` runs of each, alternating, so a change of machine load hits both alike."""
    a, b = [], []
    for _ in range(pairs):
        a.append(first())
        b.append(second())
    return statistics.median(a), statistics.median(b)


def peers() -> str:
    found = [name for name in ("pdflatex", "weasyprint") if shutil.which(name)]
    return ", ".join(found) if found else "none installed (pdflatex, weasyprint): the peer harness did not run"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="40 lessons only, fewer rounds")
    args = parser.parse_args()
    rounds = 3 if args.quick else 5
    rows: list[tuple[str, str, str]] = []
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ws1, ws40 = make_workspace(root, 1), make_workspace(root, 40)
        floor = floor_per_pdf(10)
        render = per_pdf_render(ws40, 10)
        rows.append(("warm render per PDF: lessonpress (tagged) / plain reportlab floor (untagged)",
                     f"{render * 1000:.0f} / {floor * 1000:.0f} ms", f"{render / floor:.2f}x (target <= 1.35x)"))
        rows.append(("peer harness (pdflatex+exam, WeasyPrint)", "-", peers()))
        j1, j2 = interleaved(2 if args.quick else 3, lambda: measure(ws40, "build", "-q", "--force", "--jobs", "1")[0],
                             lambda: measure(ws40, "build", "-q", "--force", "--jobs", "2")[0])
        rows.append(("40 lessons: --jobs 1 / --jobs 2", f"{j1:.2f} / {j2:.2f} s", f"{j1 / j2:.2f}x (target >= 1.85x)"))
        measure(ws1, "build", "-q")
        cold_floor, cold_one = interleaved(rounds, floor_cold, lambda: measure(ws1, "build", "-q", "--force", "lesson_specs/bench-000.yaml")[0])
        rows.append(("cold build of one lesson / the floor's cold run", f"{cold_one:.2f} / {cold_floor:.2f} s",
                     f"{cold_one / cold_floor:.2f}x (target <= 1.5x)"))
        if not args.quick:
            ws500 = make_workspace(root, 500)
            j1_500, j2_500 = interleaved(1, lambda: measure(ws500, "build", "-q", "--force", "--jobs", "1")[0],
                                         lambda: measure(ws500, "build", "-q", "--force", "--jobs", "2")[0])
            rows.append(("500 lessons: --jobs 1 / --jobs 2", f"{j1_500:.1f} / {j2_500:.1f} s", f"{j1_500 / j2_500:.2f}x (target >= 1.85x)"))
            in500, alone = interleaved(rounds, lambda: measure(ws500, "build", "-q", "--force", "lesson_specs/bench-007.yaml")[0],
                                       lambda: measure(ws1, "build", "-q", "--force", "lesson_specs/bench-000.yaml")[0])
            rows.append(("cold build of one lesson: inside 500 lessons / alone", f"{in500:.2f} / {alone:.2f} s",
                         f"{in500 / alone:.2f}x (target <= 1.1x)"))
            spec = ws500 / "lesson_specs" / "bench-007.yaml"
            changed = []
            for n in range(rounds):
                spec.write_text(spec.read_text(encoding="utf-8") + f"# edit {n}\n", encoding="utf-8")
                changed.append(measure(ws500, "build", "-q")[0])
            rows.append(("one lesson changed among 500 (whole-folder build)", f"{statistics.median(changed):.2f} s", "target <= 0.5 s"))
            noop500 = statistics.median([measure(ws500, "build", "-q")[0] for _ in range(rounds)])
            rows.append(("no-op rebuild, 500 lessons", f"{noop500:.2f} s", "target <= 0.25 s"))
            ws1000 = make_workspace(root, 1000)
            cpu40, cpu1000 = parent_cpu_per_lesson(ws40, 40), parent_cpu_per_lesson(ws1000, 1000)
            rows.append(("main-process CPU per lesson: 40 / 1,000 lessons", f"{cpu40 * 1000:.1f} / {cpu1000 * 1000:.1f} ms",
                         f"{cpu1000 / cpu40:.2f}x (target: flat, within 20%)"))
            _, rss1000 = measure(ws1000, "build", "-q", "--force")
            shutil.rmtree(ws1000)
            ws5000 = make_workspace(root, 5000)
            first5000, rss5000 = measure(ws5000, "build", "-q")
            noop5000 = statistics.median([measure(ws5000, "build", "-q")[0] for _ in range(rounds)])
            rows.append(("peak RSS (build or any worker): 1,000 / 5,000 lessons", f"{rss1000:.0f} / {rss5000:.0f} MB", "target <= 150 MB at both"))
            rows.append(("5,000 lessons: first build / no-op rebuild", f"{first5000:.0f} / {noop5000:.2f} s", "no-op target <= 0.5 s"))
    print(f"lessonpress benchmark · {os.cpu_count()} CPUs · Python {sys.version.split()[0]} · load average {load:.2f} at start\n")
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure'.ljust(width)} | value | ratio / note |")
    print(f"|{'-' * (width + 2)}|------:|------|")
    for name, value, note in rows:
        print(f"| {name.ljust(width)} | {value} | {note} |")


if __name__ == "__main__":
    main()
