"""Hostile and broken input: each case with its exact expected outcome.

Text is data (printed literally, never markup or template code); odd Unicode is
rendered or warned about; nothing reaches outside the workspace; limits say
what they are and how to change them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import Cli, copy_examples
from pdfread import squash, text

LESSON = "id: hostile\ntitle: Hostile input\ncentral_question: {value}\nsources:\n  A: {{material: glf-overview, select: {{paragraphs: [1]}}}}\n"

# --- text that must be printed exactly as written ------------------------------------------
LITERAL = {
    "bold-tag": "<b>bold</b> and <i>italic</i>",
    "ampersand": "Tom & Jerry &amp; co",
    "font-tag": '<font name="Courier" color="red">x</font>',
    "img-tag": '<img src="/etc/passwd"/>',
    "para-tag": "<para>nested</para>",
    "link-tag": '<a href="javascript:alert(1)">link</a>',
    "cve-2023-33733": "<font color=\"[ [ getattr(pow, Word('__globals__'))['os'].system('touch pwned') ] ]\">x</font>",
    "jinja-expression": "{{ 7*7 }} and {{ config }}",
    "jinja-include": '{% include "/etc/passwd" %}',
    "jinja-block": "{% for x in range(3) %}x{% endfor %}",
    "line-break-tag": "one<br/>two",
    "entity": "&#x41; &lt; &gt; &nbsp;",
    "cdata": "<![CDATA[x]]>",
    "comment": "<!-- hidden -->",
    "seq-tag": '<seq id="x"/> <seqreset/>',
    "ondraw-tag": '<onDraw name="x"/>',
    "unichar-tag": '<unichar name="BLACK STAR"/>',
    "greater-less": "1 < 2 > 0",
    "percent-format": "%s %d {0} %(name)s",
    "backslashes": "C:\\Windows\\system32 \\n",
}


@pytest.mark.parametrize("value", LITERAL.values(), ids=LITERAL.keys())
def test_text_is_printed_literally(value: str, tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    (ws / "lesson_specs/hostile.yaml").write_text(
        LESSON.format(value=json.dumps(value, ensure_ascii=False)) + f"vocabulary:\n  term: {json.dumps(value, ensure_ascii=False)}\n",
        encoding="utf-8")
    result = cli("build", "lesson_specs/hostile.yaml", cwd=ws)
    assert result.exit_code == 0, result.stderr
    handout = squash(text(ws / "output/hostile/handout.pdf"))
    assert handout.count(squash(value)) >= 2  # central question and word bank
    assert not (ws / "pwned").exists() and not Path("pwned").exists()


# --- Unicode --------------------------------------------------------------------------------
@dataclass
class Uni:
    value: str
    printed: str  # what the handout shows
    warning: str = ""  # part of a warning line, or "" for none


UNICODE = {
    "combining-marks": Uni("Cafe\u0301 Dikötter", "Café Dikötter"),
    "zero-width": Uni("Great\u200b Leap\u2060 For\ufeffward", "Great Leap Forward"),
    "soft-hyphen": Uni("collec\u00adtivization", "collectivization"),
    "bidi-override": Uni("abc\u202edef\u202c", "abcdef"),
    "pinyin": Uni("Dà Yuèjìn, Máo Zédōng, lǚ", "Dà Yuèjìn, Máo Zédōng, lǚ"),
    "cjk": Uni("大跃进 人民公社", "大跃进 人民公社"),
    "hebrew": Uni("שלום", "", "right-to-left text ('"),
    "arabic": Uni("القفزة العظيمة", "", "right-to-left text ('"),
    "emoji-in-dejavu": Uni("famine 😀", "famine"),  # drawn; reportlab cannot map characters above U+FFFF back to text
    "emoji-in-no-font": Uni("famine 🦖", "famine", "no installed font can draw '🦖' (U+1F996)"),
    "long-word": Uni("x" * 300, "x" * 60),
    "long-url": Uni("https://example.org/" + "a/b-c_d" * 40, "https://example.org/"),
    "nbsp": Uni("55.6\u00a0million", "55.6"),
}


@pytest.mark.parametrize("case", UNICODE.values(), ids=UNICODE.keys())
def test_unicode_is_rendered_or_reported(case: Uni, tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    spec = ws / "lesson_specs/hostile.yaml"
    spec.write_text(LESSON.format(value=json.dumps(case.value, ensure_ascii=False)), encoding="utf-8")
    result = cli("build", "lesson_specs/hostile.yaml", cwd=ws)
    assert result.exit_code == 0, result.stderr
    handout = squash(text(ws / "output/hostile/handout.pdf"))
    assert squash(case.printed) in handout.replace(" ", "") or squash(case.printed) in handout
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    if case.warning:
        assert any(line.startswith("lesson_specs/hostile.yaml:3:") and case.warning in line for line in warnings), result.stderr
    else:
        assert not warnings, warnings


# --- errors: exact first line ---------------------------------------------------------------
@dataclass
class Bad:
    files: dict[str, str]
    target: str
    expected: str
    settings: str = ""
    setup: list[str] = field(default_factory=list)  # special actions: "fifo", "symlink-material", ...


def lesson(extra: str = "", **fields: str) -> str:
    base = {"id": "hostile", "title": "Hostile input", "central_question": "Why?"}
    base.update(fields)
    head = "".join(f"{k}: {v}\n" for k, v in base.items())
    return head + "sources:\n  A: {material: glf-overview, select: {paragraphs: [1]}}\n" + extra


H = "lesson_specs/hostile.yaml"
ERRORS = {
    "nul-escape": Bad({H: lesson(central_question='"a\\0b"')}, H,
                      f"{H}:3:19: error: control character U+0000 (written as an escape) is not allowed: remove it"),
    "escape-escape": Bad({H: lesson(title='"\\e[31mred"')}, H,
                         f"{H}:2:8: error: control character U+001B (written as an escape) is not allowed: remove it"),
    "bell-escape": Bad({H: lesson(extra='vocabulary: {ring: "\\a"}\n')}, H,
                       f"{H}:6:20: error: control character U+0007 (written as an escape) is not allowed: remove it"),
    "material-traversal": Bad({H: "id: hostile\ntitle: t\ncentral_question: q\nsources:\n  A: {material: ../../etc/passwd}\n"}, H,
                              f"{H}:5:17: error: 'material' '../../etc/passwd' is not a valid id: use lowercase letters, digits and '-' (e.g. glf-evidence-lab)"),
    "material-absolute": Bad({H: "id: hostile\ntitle: t\ncentral_question: q\nsources:\n  A: {material: /etc/passwd}\n"}, H,
                             f"{H}:5:17: error: 'material' '/etc/passwd' is not a valid id: use lowercase letters, digits and '-' (e.g. glf-evidence-lab)"),
    "extends-traversal": Bad({H: "id: hostile\nextends: ../glf-evidence-lab\n"}, H,
                             f"{H}:2:10: error: 'extends' '../glf-evidence-lab' is not a valid id: use lowercase letters, digits and '-' (e.g. glf-evidence-lab)"),
    "id-traversal": Bad({H: lesson(id="../../tmp/x")}, H,
                        f"{H}:1:5: error: 'id' '../../tmp/x' is not a valid id: use lowercase letters, digits and '-' (e.g. glf-evidence-lab)"),
    "theme-traversal": Bad({H: lesson()}, H,
                           "lessonpress.yaml:1:8: error: 'theme' '../../etc/x' is not valid: theme names use lowercase letters, digits, '-' and '_'",
                           settings="theme: ../../etc/x\n"),
    "output-absolute": Bad({H: lesson()}, H,
                           "lessonpress.yaml:1:9: error: output '/tmp/lessonpress-elsewhere' is outside the workspace", settings="output: /tmp/lessonpress-elsewhere\n"),
    "output-parent": Bad({H: lesson()}, H, "lessonpress.yaml:1:9: error: output '../out' is outside the workspace", settings="output: ../out\n"),
    "symlinked-material": Bad({H: lesson()}, "lesson_specs", "materials/evil.md:1:1: error: this is a link to ", setup=["symlink-material"]),
    "symlinked-spec-named": Bad({}, "lesson_specs/evil.yaml", "lesson_specs/evil.yaml:1:1: error: 'lesson_specs/evil.yaml' is outside the workspace",
                                setup=["symlink-spec"]),
    "symlinked-spec-in-folder": Bad({}, "lesson_specs", "lesson_specs/evil.yaml:1:1: error: this is a link to ", setup=["symlink-spec"]),
    "device-material": Bad({H: lesson()}, "lesson_specs", "materials/zero.md:1:1: error: this is a link to /dev/zero, outside the workspace",
                           setup=["device"]),
    "fifo-material": Bad({H: lesson()}, "lesson_specs", "materials/pipe.md:1:1: error: cannot read: the path is a FIFO (named pipe), not a regular file", setup=["fifo"]),
    "symlinked-template": Bad({H: lesson()}, H, "templates/wording.yaml:1:1: error: this is a link to ", setup=["symlink-template"]),
    "excerpt-limit": Bad({H: lesson()}, H,
                         f"{H}:5:39: error: Document A is 73 words; the limit is 50 (select less text, or raise limits.max_excerpt_words in lessonpress.yaml)",
                         settings="limits: {max_excerpt_words: 50}\n"),
    "exercise-limit": Bad({H: lesson("exercises:\n" + "  - {type: contextualization, prompt: Why?, answer: x}\n" * 3)}, H,
                          f"{H}:6:1: error: 3 exercises; the limit is 2 (split the lesson, or raise limits.max_exercises)",
                          settings="limits: {max_exercises: 2}\n"),
    "file-limit": Bad({H: lesson()}, H, f"{H}:1:1: error: file is 0.0 MB; the limit is 0.0001 MB (split the file, or raise limits.max_file_mb in lessonpress.yaml)",
                      settings="limits: {max_file_mb: 0.0001}\n"),
    "lesson-count-limit": Bad({H: lesson()}, H, "lesson_specs:1:1: error: 8 spec files; the limit is 2 (raise limits.max_lessons in lessonpress.yaml)",
                              settings="limits: {max_lessons: 2}\n"),
    "nesting-depth": Bad({H: "id: hostile\nobjectives: " + "[" * 45 + "]" * 45 + "\n"}, H, f"{H}:2:53: error: nesting is deeper than 40 levels"),
    "too-many-students": Bad({"lesson_specs/big.curriculum.yaml": "id: big\ntitle: Big\nlessons: [glf-evidence-lab]\nclasses:\n  - {name: Hall, students: 100000}\n"},
                             "lesson_specs/big.curriculum.yaml", "lesson_specs/big.curriculum.yaml:5:28: error: 'students' must be at most 200, not 100000"),
    "too-many-lines": Bad({H: lesson("exercises:\n  - {type: short_answer, prompt: Why?, lines: 1000}\n")}, H,
                          f"{H}:7:47: error: 'lines' must be at most 40, not 1000"),
    "too-many-sequence-items": Bad({H: lesson("exercises:\n  - type: sequence\n    items: [" + ", ".join(f"e{i}" for i in range(13)) + "]\n")}, H,
                                   f"{H}:8:12: error: 'items' needs at most 12 items"),
    "huge-duration": Bad({H: lesson(duration="100000")}, H, f"{H}:4:11: error: 'duration' must be at most 600, not 100000"),
    "unknown-theme": Bad({H: lesson()}, H, "lessonpress.yaml:1:1: error: no theme 'compakt' (did you mean 'compact'?); available: compact, default",
                         settings="theme: compakt\n"),
}


def _prepare(ws: Path, case: Bad) -> None:
    for rel, content in case.files.items():
        (ws / rel).write_text(content, encoding="utf-8")
    if case.settings:
        (ws / "lessonpress.yaml").write_text(case.settings, encoding="utf-8")
    outside = ws.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text("---\ntitle: secret\nkind: primary\n---\nsecret\n", encoding="utf-8")
    (outside / "secret.yaml").write_text("id: evil\ntitle: t\ncentral_question: q\n", encoding="utf-8")
    for action in case.setup:
        if action == "symlink-material":
            (ws / "materials/evil.md").symlink_to(outside / "secret.md")
        elif action == "symlink-spec":
            (ws / "lesson_specs/evil.yaml").symlink_to(outside / "secret.yaml")
        elif action == "device":
            (ws / "materials/zero.md").symlink_to("/dev/zero")
        elif action == "fifo":
            os.mkfifo(ws / "materials/pipe.md")
        elif action == "symlink-template":
            (ws / "templates").mkdir(exist_ok=True)
            (ws / "templates/wording.yaml").symlink_to(outside / "secret.yaml")


@pytest.mark.parametrize("case", ERRORS.values(), ids=ERRORS.keys())
def test_hostile_input_is_a_clear_error(case: Bad, tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    _prepare(ws, case)
    result = cli("build", case.target, cwd=ws)
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    first = next(line for line in result.stderr.splitlines() if ": error: " in line)
    assert first.startswith(case.expected), f"\n{first}\n{case.expected}"
    assert (ws.parent / "outside" / "secret.md").read_text(encoding="utf-8") == "---\ntitle: secret\nkind: primary\n---\nsecret\n"


def test_table_size() -> None:
    assert len(LITERAL) + len(UNICODE) + len(ERRORS) >= 40
