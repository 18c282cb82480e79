"""Variants, themes, template overrides and watch mode."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import Cli, copy_examples
from pdfread import document_lines, lines, squash, text
from pypdf import PdfReader

LAB = "lesson_specs/glf-evidence-lab.yaml"


def test_answer_key_variant_fills_in_the_answers(workspace: Path, cli: Cli) -> None:
    assert cli("build", LAB, "--variant", "answer-key", "--out", "key", cwd=workspace).exit_code == 0
    assert not (workspace / "key/glf-evidence-lab/handout.pdf").exists()  # never named like a student's copy
    handout = squash(text(workspace / "key/glf-evidence-lab/answer-key.pdf"))
    assert handout.count("ANSWER KEY") == len(PdfReader(workspace / "key/glf-evidence-lab/answer-key.pdf").pages)
    assert "Not stated anywhere on the page." in handout  # the sourcing chart
    assert "Coercion, terror and systematic violence (Dikötter)." in handout  # the corroboration chart
    assert "Low (1-2)." in handout


def test_overlay_changes_exactly_what_it_says(workspace: Path, cli: Cli) -> None:
    assert cli("build", "lesson_specs/glf-success-or-failure.yaml", "lesson_specs/glf-success-or-failure-short.yaml", cwd=workspace).exit_code == 0
    full = workspace / "output/glf-success-or-failure/handout.pdf"
    short = workspace / "output/glf-success-or-failure-short/handout.pdf"
    short_text = squash(text(short))
    assert "Document B" not in short_text and "(30-minute version)" in short_text
    assert "two pieces of evidence from Document A" in short_text
    assert document_lines(short, "A") == document_lines(full, "A")  # Document A is untouched
    assert squash(text(full)).count("1.") >= 1 and "Compare Documents" not in short_text


def test_theme_override_takes_effect(workspace: Path, cli: Cli) -> None:
    (workspace / "templates/themes").mkdir(parents=True)
    (workspace / "templates/themes/default.yaml").write_text("sizes: {excerpt: 12}\n", encoding="utf-8")
    assert cli("build", LAB, cwd=workspace).exit_code == 0
    sizes = {round(l.size, 1) for l in lines(workspace / "output/glf-evidence-lab/handout.pdf")}
    assert 12.0 in sizes


def test_compact_theme_uses_fewer_pages(workspace: Path, cli: Cli) -> None:
    settings = workspace / "lessonpress.yaml"
    assert cli("build", LAB, "--out", "normal", cwd=workspace).exit_code == 0
    settings.write_text(settings.read_text(encoding="utf-8").replace("theme: default", "theme: compact"), encoding="utf-8")
    assert cli("build", LAB, "--out", "compact", cwd=workspace).exit_code == 0
    normal = len(PdfReader(workspace / "normal/glf-evidence-lab/handout.pdf").pages)
    compact = len(PdfReader(workspace / "compact/glf-evidence-lab/handout.pdf").pages)
    assert compact < normal


def test_broken_overrides_give_path_line_col(workspace: Path, cli: Cli) -> None:
    (workspace / "templates/themes").mkdir(parents=True)
    theme = workspace / "templates/themes/default.yaml"
    theme.write_text("colors:\n  accent: maroon\nsizez: {}\n", encoding="utf-8")
    result = cli("build", LAB, cwd=workspace)
    assert result.exit_code == 1
    assert "templates/themes/default.yaml:3:1: error: unknown key 'sizez' (did you mean 'sizes'?)" in result.stderr
    assert "templates/themes/default.yaml:2:11: error: 'accent' 'maroon' is not valid: colours are written as #rrggbb, e.g. #1f4e79" in result.stderr
    theme.unlink()
    (workspace / "templates/wording.yaml").write_text('vocabulary: "Key terms"\nquestions: "{{ letter "\nquestionz: x\n', encoding="utf-8")
    result = cli("build", LAB, cwd=workspace)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "templates/wording.yaml:2:12: error: template error in 'questions'" in result.stderr
    assert "templates/wording.yaml:3:1: error: unknown wording key 'questionz' (did you mean 'questions'?)" in result.stderr


def test_templates_list_and_copy(workspace: Path, cli: Cli) -> None:
    listing = cli("templates", "list", cwd=workspace).stdout
    assert "themes/compact.yaml" in listing and "wording.yaml             built-in" in listing
    assert cli("templates", "copy", "themes/default.yaml", cwd=workspace).exit_code == 0
    assert (workspace / "templates/themes/default.yaml").is_file()
    assert "themes/default.yaml      workspace: templates/themes/default.yaml" in cli("templates", "list", cwd=workspace).stdout
    assert cli("templates", "copy", "themes/default.yaml", cwd=workspace).exit_code == 1  # never overwrites
    result = cli("templates", "copy", "wordng.yaml", cwd=workspace)
    assert result.exit_code == 1 and "did you mean 'wording.yaml'" in result.stderr


def test_watch_rebuilds_after_a_change_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    ws = copy_examples(tmp_path / "ws")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "lessonpress", "watch", LAB], cwd=ws, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    handout = ws / "output/glf-evidence-lab/handout.pdf"
    try:
        deadline = time.monotonic() + 30
        while not handout.is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        first = handout.read_bytes()
        time.sleep(1.0)
        spec = ws / LAB
        spec.write_text(spec.read_text(encoding="utf-8").replace("Can We Trust This Website?", "Can We Trust It?"), encoding="utf-8")
        while handout.read_bytes() == first and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Can We Trust It?" in text(handout)
        broken = spec.read_text(encoding="utf-8") + "titel: oops\n"
        spec.write_text(broken, encoding="utf-8")  # an error keeps watch running
        time.sleep(1.5)
        assert proc.poll() is None
    finally:
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 0, stderr
    assert "1 built, 0 up to date, 0 failed" in stderr and "after lesson_specs/glf-evidence-lab.yaml" in stderr
    assert "unknown key 'titel'" in stderr and stderr.rstrip().endswith("stopped")
