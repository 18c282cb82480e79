"""Benchmark lessonpress against a plain-reportlab floor, all figures from one run.

    .venv/bin/python benchmarks/bench.py            # writes the table to stdout
    .venv/bin/python benchmarks/bench.py --quick    # N = 40 only

Not a test: it reports ratios measured in one run on this machine, never asserts.
"""

from __future__ import annotations

import argparse
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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import content
import floor
import peers

REPO = Path(__file__).resolve().parent.parent
LESSONPRESS = [sys.executable, "-m", "lessonpress"]
EXAMPLES = floor.EXAMPLES


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


def render_rounds(ws: Path, names: list[str]) -> tuple[Callable[[], float], int]:
    """Warm, in-process: a function timing one round (seconds per PDF) over the handout and guide of `names`, and the
    pages they make."""
    from lessonpress.builder.settings import RenderJob
    from lessonpress.render import render_lesson
    from lessonpress.resolve.loader import load_project
    from lessonpress.workspace import open_workspace

    workspace = open_workspace(ws)
    project = load_project(workspace, [ws / "lesson_specs" / f"{name}.yaml" for name in names])
    job = RenderJob(workspace.templates_dir, None, paper="letter")
    lessons = list(project.lessons.values())
    pages = 0
    for lesson in lessons:  # warm: fonts, templates
        pages += sum(int(m) for _, data in render_lesson(lesson, job).files for m in re.findall(rb"/Count (\d+) /Kids", data))

    def one_round() -> float:
        start = time.perf_counter()
        for lesson in lessons:
            render_lesson(lesson, job)
        return (time.perf_counter() - start) / (2 * len(lessons))

    return one_round, pages


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


def floor_cold(folder: Path) -> float:
    """The floor's cold run: a new Python process reads one lesson's files and writes its two PDFs (floor.cold)."""
    code = f"import sys; sys.path.insert(0, 'benchmarks'); import floor; floor.cold({str(folder)!r})"
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


def peer_rows(root: Path, ws: Path, count: int, pairs: int) -> list[tuple[str, str, str]]:
    """The same `count` lessons made by pdflatex+exam and by WeasyPrint, each run alternated with lessonpress's
    `build --force --jobs 2` (medians of `pairs` runs of each)."""
    resolved = content.lessons(ws, [f"bench-{n:03d}" for n in range(count)])
    documents = [(f"{lesson.lesson.id}-{kind}", make(lesson), kind == "handout")
                 for lesson in resolved for kind, make in (("handout", content.handout), ("guide", content.guide))]
    ours = sum(peers.pages(pdf) for pdf in (ws / "output").rglob("*.pdf"))
    engines: list[tuple[str, str, Callable[[Path, list[Any]], tuple[float, int] | None], int]] = [
        ("pdflatex+exam, twice per document", "latex", peers.latex_batch, 12),
        ("WeasyPrint command per document", "weasyprint-command", lambda f, d: peers.weasyprint_batch(f, d, warm=False), 7),
        ("WeasyPrint library, warm", "weasyprint-library", peers.weasyprint_batch, 7)]
    rows = []
    for name, folder, batch, target in engines:
        if batch(root / "peers" / folder, documents[:2]) is None:
            rows.append((f"{count} lessons: {name} / lessonpress --jobs 2", "-", f"{name.split()[0]} not installed: see peers.py"))
            continue
        made: list[int] = []

        def peer(batch: Callable[[Path, list[Any]], tuple[float, int] | None] = batch, folder: str = folder,
                 made: list[int] = made) -> float:
            result = batch(root / "peers" / folder, documents)
            assert result is not None
            made.append(result[1])
            return result[0]

        theirs, lessonpress = interleaved(pairs, peer, lambda: measure(ws, "build", "-q", "--force", "--jobs", "2")[0])
        rows.append((f"{count} lessons: {name} / lessonpress --jobs 2 ({made[-1]} / {ours} pages)",
                     f"{theirs:.1f} / {lessonpress:.2f} s", f"{theirs / lessonpress:.1f}x (target >= {target}x)"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="40 lessons only, fewer rounds")
    args = parser.parse_args()
    rounds = 3 if args.quick else 5
    rows: list[tuple[str, str, str]] = []
    # bytecode as an installed tool has it: with PYTHONDONTWRITEBYTECODE set, every cold run would compile src/ anew
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src"), str(REPO / "benchmarks")], check=True, stdout=subprocess.DEVNULL)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ws1, ws40 = make_workspace(root, 1), make_workspace(root, 40)
        warm = [f"bench-{n:03d}" for n in range(3)]  # one lesson cloned from each example
        (ours, pages), (theirs, floor_pages) = render_rounds(ws40, warm), floor.floor_rounds(ws40, warm)
        render, floor_render = interleaved(10, ours, theirs)
        rows.append((f"warm render per PDF: lessonpress (tagged, {pages} pages) / plain reportlab floor (untagged, {floor_pages} pages)",
                     f"{render * 1000:.1f} / {floor_render * 1000:.1f} ms", f"{render / floor_render:.2f}x (target <= 1.35x)"))
        j1, j2 = interleaved(2 if args.quick else 3, lambda: measure(ws40, "build", "-q", "--force", "--jobs", "1")[0],
                             lambda: measure(ws40, "build", "-q", "--force", "--jobs", "2")[0])
        rows.append(("40 lessons: --jobs 1 / --jobs 2", f"{j1:.2f} / {j2:.2f} s", f"{j1 / j2:.2f}x (target >= 1.85x)"))
        rows += peer_rows(root, ws40, 40, 1 if args.quick else 3)
        measure(ws1, "build", "-q")
        floor_input = root / "floor-lesson"
        floor.dump(floor_input, content.lessons(ws1, ["bench-000"])[0])
        cold_floor, cold_one = interleaved(rounds, lambda: floor_cold(floor_input), lambda: measure(ws1, "build", "-q", "--force", "lesson_specs/bench-000.yaml")[0])
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
