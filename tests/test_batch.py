"""Curriculum batch builds: packs, incremental rebuilds, parallel workers, failures and interruptions."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, copy_examples
from pypdf import PdfReader

from lessonpress.builder import BuildOptions, build
from lessonpress.builder import runner as build_module
from lessonpress.builder import tasks as task_module
from lessonpress.workspace import open_workspace

UNIT = "lesson_specs/unit-glf.curriculum.yaml"
LESSONS = ["glf-close-reading", "glf-success-or-failure", "glf-evidence-lab"]


def run(ws: Path, *targets: str, **options: object):  # type: ignore[no-untyped-def]
    return build(open_workspace(ws), [ws / t for t in targets] or None, BuildOptions(**options))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def unit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = copy_examples(tmp_path_factory.mktemp("unit") / "ws")
    report = run(ws, UNIT, jobs=2)
    assert report.ok, report.diagnostics.sorted()
    return ws


def test_curriculum_build_makes_every_file(unit: Path) -> None:
    out = unit / "output"
    for lesson in LESSONS:
        for section in ("period-2", "period-5"):
            assert (out / "unit-glf" / section / lesson / "handout.pdf").is_file()
            assert (out / "unit-glf" / section / lesson / "teacher-guide.pdf").is_file()
        assert (out / lesson / "teacher-guide.pdf").is_file()
    assert (out / "unit-glf/course-pack.pdf").is_file() and (out / "manifest.json").is_file()


@pytest.mark.parametrize(("section", "students"), [("period-2", 28), ("period-5", 31)])
def test_print_pack_is_a_duplex_class_set(unit: Path, section: str, students: int) -> None:
    folder = unit / "output/unit-glf" / section
    padded = [len(PdfReader(folder / lesson / "handout.pdf").pages) for lesson in LESSONS]
    padded = [n + n % 2 for n in padded]
    pack = PdfReader(folder / "print-pack.pdf")
    assert len(pack.pages) == students * sum(padded)
    # every student's copy starts on an odd (front) page: the first page of each copy is a title page
    start = 0
    for lesson, pages in zip(LESSONS, padded):
        for copy in range(students):
            assert start % 2 == 0
            assert "Name" in pack.pages[start].extract_text()
            start += pages


def test_course_pack_has_contents_and_nested_bookmarks(unit: Path) -> None:
    pack = PdfReader(unit / "output/unit-glf/course-pack.pdf")
    outline: Any = pack.outline  # nested lists of destinations
    assert outline[0].title.startswith("Unit 7")
    lessons = [item.title for item in outline[1] if not isinstance(item, list)]
    assert lessons == ["Reading Closely: The Great Leap Forward in an Encyclopedia", "The Great Leap Forward: Success or Failure?",
                       "Evidence Lab: Can We Trust This Website?"]
    sections = [item.title for item in outline[1][1]]
    assert sections[:2] == ["Objectives", "Agenda"] and {"Background", "Answer key"} <= set(sections)
    first_lesson_page = pack.get_destination_page_number(outline[1][0])
    assert first_lesson_page is not None
    assert "Teacher Guide" in pack.pages[first_lesson_page].extract_text()
    contents = pack.pages[0].extract_text()
    assert f"{first_lesson_page + 1}" in contents and "Evidence Lab" in contents


def test_parallel_equals_serial(tmp_path: Path) -> None:
    ws = copy_examples(tmp_path / "ws")
    run(ws, UNIT, jobs=1, out=tmp_path / "serial")
    run(ws, UNIT, jobs=2, out=tmp_path / "parallel")
    serial = sorted(p.relative_to(tmp_path / "serial") for p in (tmp_path / "serial").rglob("*.pdf"))
    assert len(serial) == 26  # 4 lessons, 7 class copies (handout and guide each), 3 print packs and the course pack
    for rel in serial:
        assert (tmp_path / "serial" / rel).read_bytes() == (tmp_path / "parallel" / rel).read_bytes(), rel


def test_editing_a_material_rebuilds_exactly_the_lessons_that_use_it(tmp_path: Path) -> None:
    ws = copy_examples(tmp_path / "ws")
    first = run(ws, UNIT)
    assert first.built == 11  # 4 lessons and 7 class copies (Period 3 takes one lesson)
    article = ws / "materials/glf-article.md"
    article.write_text(article.read_text(encoding="utf-8").replace("shoddy goods", "shoddy  goods"), encoding="utf-8")
    again = run(ws, UNIT)
    rebuilt = sorted({p.parent.relative_to(ws / "output").as_posix() for p in again.written if p.name == "handout.pdf"})
    assert again.built == 6 and again.up_to_date == 5
    assert all(not r.endswith("glf-close-reading") for r in rebuilt)  # the close-reading lesson does not use the article


def test_noop_rebuild_parses_nothing(unit: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("a no-op rebuild must not parse the specs")

    monkeypatch.setattr(build_module, "load_project", refuse)
    report = run(unit, UNIT)
    assert report.ok and report.built == 0 and report.up_to_date == 11


def test_force_rebuilds_all(unit: Path) -> None:
    assert run(unit, UNIT, force=True).built == 11


def test_broken_lesson_in_five_lesson_curriculum(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    specs = ws / "lesson_specs"
    for n in (1, 2):
        text = (specs / "glf-evidence-lab.yaml").read_text(encoding="utf-8").replace("id: glf-evidence-lab", f"id: extra-{n}")
        (specs / f"extra-{n}.yaml").write_text(text, encoding="utf-8")
    bad = specs / "extra-2.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("duration: 45", "duration: 40"), encoding="utf-8")
    (specs / "five.curriculum.yaml").write_text(
        "id: five\ntitle: Five\nlessons: [glf-close-reading, glf-success-or-failure, glf-evidence-lab, extra-1, extra-2]\n", encoding="utf-8")
    result = cli("build", "lesson_specs/five.curriculum.yaml", cwd=ws)
    assert result.exit_code == 1
    assert "4 built, 0 up to date, 1 failed" in result.stderr
    assert "lesson_specs/extra-2.yaml:" in result.stderr and "agenda adds up to 45 minutes but duration is 40" in result.stderr
    assert sorted(p.parent.name for p in (ws / "output").glob("*/handout.pdf")) == sorted(LESSONS + ["extra-1"])


def test_a_hanging_lesson_is_stopped_and_the_batch_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = copy_examples(tmp_path / "ws")
    (ws / "lessonpress.yaml").write_text((ws / "lessonpress.yaml").read_text() + "limits: {render_timeout_s: 2}\n", encoding="utf-8")
    real = task_module.render_lesson

    def slow(lesson, job):  # type: ignore[no-untyped-def]
        if lesson.lesson.id == "glf-evidence-lab":
            time.sleep(60)
        return real(lesson, job)

    monkeypatch.setattr(task_module, "render_lesson", slow)
    started = time.monotonic()
    report = run(ws, "lesson_specs", jobs=1)  # the limit holds with one job too
    assert time.monotonic() - started < 30
    errors = [d.format(ws) for d in report.diagnostics.errors]
    assert any("glf-evidence-lab.yaml" in e and "rendering took longer than 2 s and was stopped" in e for e in errors), errors
    assert report.built == 10  # the other five lessons, two of them in Periods 2 and 5 and one in Period 3


def test_removed_lesson_outputs_are_reported(tmp_path: Path) -> None:
    ws = copy_examples(tmp_path / "ws")
    run(ws, UNIT)
    unit_file = ws / UNIT
    unit_file.write_text(unit_file.read_text(encoding="utf-8").replace("  - glf-evidence-lab\n", ""), encoding="utf-8")
    report = run(ws, UNIT)
    warnings = [d.format(ws) for d in report.diagnostics.warnings]
    # the class copies are left over; the lesson itself still exists, so its own output is not
    assert sorted(report.stale) == ["unit-glf/period-2/glf-evidence-lab", "unit-glf/period-5/glf-evidence-lab"]
    assert any("left over from 'glf-evidence-lab'" in w for w in warnings)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_killed_build_leaves_only_complete_pdfs(tmp_path: Path, sig: int) -> None:
    ws = copy_examples(tmp_path / "ws")
    classes = "".join(f"  - {{name: Period {n}, teacher: Mr. Okafor, students: 20}}\n" for n in range(1, 13))
    unit_file = ws / UNIT
    text = unit_file.read_text(encoding="utf-8")
    unit_file.write_text(text[: text.index("classes:")] + "classes:\n" + classes, encoding="utf-8")
    run(ws, UNIT)
    before = {p: p.read_bytes() for p in (ws / "output").rglob("*.pdf")}
    assert len(before) == 3 * 2 + 12 * 3 * 2 + 1 + 12
    theme = ws / "templates/themes"
    theme.mkdir(parents=True)
    (theme / "default.yaml").write_text("sizes: {body: 11}\n", encoding="utf-8")  # every lesson must be rebuilt
    proc = subprocess.Popen([sys.executable, "-m", "lessonpress", "build", "--jobs", "2", UNIT], cwd=ws,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and sum(p.read_bytes() != old for p, old in before.items()) < 6:
        time.sleep(0.01)
    time.sleep(0.3)  # let the build record the lessons that finished
    proc.send_signal(sig)
    proc.communicate(timeout=30)
    changed = [p for p, old in before.items() if p.read_bytes() != old]
    assert 0 < len(changed) < len(before) - 13, "the build should have been stopped mid-way"
    for path, old in before.items():
        data = path.read_bytes()
        assert data == old or (data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")), path
        assert len(PdfReader(path).pages) >= 1
    if sig == signal.SIGINT:
        assert not list((ws / "output").rglob("*.tmp"))  # an interrupted build cleans up after itself
        assert proc.returncode == 130
        resumed = run(ws, UNIT)  # the next build picks up where this one stopped
        assert resumed.ok and resumed.up_to_date > 0 and resumed.built < 39
    else:
        assert run(ws, UNIT).ok
        assert not list((ws / "output").rglob("*.tmp"))  # what a killed build left is swept by the next one


def test_a_noop_build_stats_its_inputs_and_an_edit_is_still_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from lessonpress.builder import cache as cache_module

    ws = copy_examples(tmp_path / "ws")
    old = time.time() - 60  # files written well before the build: remembered by their stat
    for path in ws.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))
    first = run(ws, "lesson_specs")
    assert first.ok and first.built > 0
    real = cache_module.sha256_file

    def refuse(path: Path) -> str | None:
        if "output" not in path.parts:
            raise AssertionError(f"a no-op build read {path}")
        return real(path)

    monkeypatch.setattr(cache_module, "sha256_file", refuse)
    again = run(ws, "lesson_specs")
    assert again.ok and again.built == 0 and again.up_to_date == first.built
    monkeypatch.setattr(cache_module, "sha256_file", real)
    # an edit of the same size is seen: the file's modification time (and so its stat) changed
    spec = ws / "lesson_specs" / "glf-evidence-lab.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "Evidence Lab" in text
    spec.write_text(text.replace("Evidence Lab", "Evidence Lob", 1), encoding="utf-8")
    edited = run(ws, "lesson_specs")
    assert edited.ok and edited.built == 3  # the lesson and its copies for Periods 2 and 5
