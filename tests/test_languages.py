"""A version for every student: copies in Spanish and Chinese (built-in wording, Babel dates, the files' language),
the precedence of class, lesson and workspace languages, unknown languages, and a workspace's own wording."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pikepdf
import pytest
import yaml
from conftest import REPO, Cli, copy_examples
from docsnippets import run_snippets, snippets
from jinja2 import meta, nodes

from lessonpress.builder.settings import RenderJob
from lessonpress.style.wording import Wording

TEMPLATES = REPO / "src" / "lessonpress" / "data" / "templates"
UNIT = "lesson_specs/unit-glf.curriculum.yaml"
LESSONS = ("glf-close-reading", "glf-success-or-failure", "glf-evidence-lab")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                                   reason="poppler-utils (pdftotext, pdffonts) is not installed")


def flat(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        out.update(flat(value, f"{prefix}{key}.") if isinstance(value, dict) else {f"{prefix}{key}": value})
    return out


def catalogue(name: str) -> dict[str, str]:
    return flat(yaml.safe_load((TEMPLATES / name).read_text(encoding="utf-8")))


def variables(source: str) -> set[str]:
    return set(meta.find_undeclared_variables(jinja2.Environment().parse(source)))


def pdftotext(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", out)


def english_phrases() -> set[str]:
    """The fixed English wording that would give a copy away: every literal piece of 2+ words of wording.yaml."""
    env = jinja2.Environment()
    phrases = set()
    for source in catalogue("wording.yaml").values():
        for piece in env.parse(source).find_all(nodes.TemplateData):
            phrase = re.sub(r"\s+", " ", piece.data).strip(" .,:;·()“”\"'?–-")
            if len(phrase.split()) >= 2:
                phrases.add(phrase)
    return phrases


def own_text(ws: Path, lesson: str) -> str:
    """What a lesson and the materials say themselves (printed as written, in English), without the spec's comments:
    never counted as wording."""
    files = [ws / f"lesson_specs/{lesson}.yaml", *ws.glob("materials/*.md")]
    text = "\n".join(re.sub(r"(^|\s)#.*", "", line) for p in files for line in p.read_text(encoding="utf-8").splitlines())
    return re.sub(r"\s+", " ", text)


def printed_in(phrase: str, text: str) -> bool:
    """As written or in capitals (box labels and the answer-key stamp are printed in capitals)."""
    return phrase in text or phrase.upper() in text


# ---- the catalogues ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["wording.es.yaml", "wording.zh.yaml"])
def test_translations_have_every_key_with_the_same_variables(name: str) -> None:
    english, translated = catalogue("wording.yaml"), catalogue(name)
    assert sorted(translated) == sorted(english)
    same_in_spanish = {"handout_footer", "agenda_minutes", "agenda_total", "rubric_total", "pack_minutes", "pack_total",
                       "report.total", "report.material", "report.original"}
    for key, source in english.items():
        assert variables(translated[key]) == variables(source), key
        assert translated[key] != source or key in same_in_spanish, f"{key} is not translated"


@pytest.mark.parametrize("lang", ["en", "es", "es-MX", "zh", "zh-Hans"])
def test_built_in_wording_loads_without_warnings(lang: str, tmp_path: Path) -> None:
    words = Wording(tmp_path / "templates", lang)
    assert words.warnings == []
    expected = {"en": "Document A", "es": "Documento A", "zh": "文献 A"}[lang.split("-")[0]]
    assert words("document", letter="A") == expected


def test_a_copy_takes_the_class_then_the_lesson_then_the_workspace_language(tmp_path: Path) -> None:
    job = RenderJob(tmp_path, None, workspace_lang="fr")
    assert job.language(None) == "fr"
    assert job.language("zh") == "zh"
    assert RenderJob(tmp_path, None, lang="es", workspace_lang="fr").language("zh") == "es"


# ---- a Spanish class ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example unit with Period 2 in Spanish, built as PDF, HTML and Word."""
    from lessonpress import BuildOptions, build, open_workspace

    ws = copy_examples(tmp_path_factory.mktemp("spanish") / "ws")
    unit = ws / UNIT
    text = unit.read_text(encoding="utf-8")
    assert "{name: Period 2, teacher: Ms. Rivera, students: 28}" in text
    unit.write_text(text.replace("{name: Period 2, teacher: Ms. Rivera, students: 28}",
                                 "{name: Period 2, teacher: Ms. Rivera, students: 28, lang: es}"), encoding="utf-8")
    report = build(open_workspace(ws), [unit], BuildOptions(formats=("pdf", "html", "docx")))
    assert report.ok, report.diagnostics.sorted()
    yield ws


@needs_poppler
@pytest.mark.parametrize("lesson", LESSONS)
def test_a_spanish_class_copy_has_no_english_wording(spanish: Path, lesson: str) -> None:
    folder = spanish / "output/unit-glf/period-2" / lesson
    mine = own_text(spanish, lesson)
    phrases = sorted(p for p in english_phrases() if not printed_in(p, mine))
    assert len(phrases) > 50 and "Word bank" in phrases and "Central question" in phrases
    for name in ("handout.pdf", "teacher-guide.pdf"):
        printed = pdftotext(folder / name)
        left = [p for p in phrases if printed_in(p, printed)]
        assert left == [], (name, left)
        assert "30 de noviembre de 2026" in printed and "November" not in printed
        assert "Página 1 de" in printed and "Documento A" in printed
    guide = pdftotext(folder / "teacher-guide.pdf")
    assert "Guía del docente" in guide and "Clave de respuestas" in guide and "minutos" in guide
    # the other class keeps English
    english = pdftotext(spanish / "output/unit-glf/period-5" / lesson / "handout.pdf")
    assert "Document A" in english and "November 30, 2026" in english and "Documento" not in english


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_spanish_copy_declares_its_language(spanish: Path, lesson: str) -> None:
    folder = spanish / "output/unit-glf/period-2" / lesson
    for name in ("handout.pdf", "teacher-guide.pdf"):
        with pikepdf.open(folder / name) as pdf:
            assert str(pdf.Root.Lang) == "es"
            assert b"<rdf:li>es</rdf:li>" in pdf.Root.Metadata.read_bytes()
    html = (folder / "handout.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in html
    assert "Espacio para la respuesta" in html and "Answer space" not in html  # what a screen reader says
    with zipfile.ZipFile(folder / "handout.docx") as docx:
        assert 'w:val="es"' in docx.read("word/styles.xml").decode("utf-8")
    with pikepdf.open(spanish / "output/unit-glf/period-5" / lesson / "handout.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en"


# ---- Chinese ---------------------------------------------------------------------------------------------


def cjk_font() -> bool:
    from lessonpress.render.pdf.fonts import cjk_face

    return cjk_face().embedded


@needs_poppler
@pytest.mark.skipif(not cjk_font(), reason="no Chinese TrueType font (fonts-wqy-zenhei or fonts-droid-fallback)")
def test_a_chinese_lesson_prints_chinese_wording_with_every_glyph(workspace: Path, cli: Cli) -> None:
    (workspace / "lesson_specs/glf-evidence-lab-zh.yaml").write_text(
        "id: glf-evidence-lab-zh\nextends: glf-evidence-lab\nlang: zh\ndate: 2026-11-30\n", encoding="utf-8")
    result = cli("build", "lesson_specs/glf-evidence-lab-zh.yaml", "--format", "pdf,html", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr  # no character without a font, nothing unembedded
    folder = workspace / "output/glf-evidence-lab-zh"
    handout, guide = pdftotext(folder / "handout.pdf"), pdftotext(folder / "teacher-guide.pdf")
    for word in ("姓名", "日期", "班级", "核心问题", "词汇表", "文献 A", "问题", "不可靠", "非常可靠", "第 1 页，共", "2026年11月30日"):
        assert word in handout, word
    assert "???" not in handout  # a label drawn in a font without its characters shows '?' for each
    for word in ("教师指南", "参考答案", "评分标准", "45 分钟", "10 年级"):
        assert word in guide, word
    for name in ("handout.pdf", "teacher-guide.pdf"):
        fonts = subprocess.run(["pdffonts", str(folder / name)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
        assert any("WenQuanYi" in line or "Droid" in line for line in fonts), fonts
        assert all(line.split()[-5] == "yes" for line in fonts), fonts  # every font embedded
        with pikepdf.open(folder / name) as pdf:
            assert str(pdf.Root.Lang) == "zh"
    assert '<html lang="zh">' in (folder / "handout.html").read_text(encoding="utf-8")


@needs_poppler
def test_the_class_language_beats_the_lessons_which_beats_the_workspaces(workspace: Path, cli: Cli) -> None:
    settings = workspace / "lessonpress.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "lang: es\n", encoding="utf-8")
    (workspace / "lesson_specs/glf-evidence-lab-zh.yaml").write_text(
        "id: glf-evidence-lab-zh\nextends: glf-evidence-lab\nlang: zh\n", encoding="utf-8")
    (workspace / "lesson_specs/unit-zh.curriculum.yaml").write_text(
        "id: unit-zh\ntitle: Unit\nlessons: [glf-evidence-lab-zh]\ndate: 2026-11-30\nclasses:\n"
        "  - {name: A, students: 1, lang: en}\n  - {name: B, students: 1}\n", encoding="utf-8")
    result = cli("build", "lesson_specs/unit-zh.curriculum.yaml", "lesson_specs/glf-evidence-lab.yaml", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    out = workspace / "output"
    assert "Document A" in pdftotext(out / "unit-zh/a/glf-evidence-lab-zh/handout.pdf")  # the class's
    class_b = pdftotext(out / "unit-zh/b/glf-evidence-lab-zh/handout.pdf")
    assert "文献 A" in class_b and "2026年11月30日" in class_b  # the lesson's, its date too
    assert "Documento A" in pdftotext(out / "glf-evidence-lab/handout.pdf")  # the workspace's


# ---- unknown languages -----------------------------------------------------------------------------------


def test_an_unknown_language_is_an_error_at_its_line(workspace: Path, cli: Cli) -> None:
    message = "error: unknown language '{}': use a BCP 47 tag Babel knows"
    lesson = workspace / "lesson_specs/glf-evidence-lab.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("id: glf-evidence-lab\n", "id: glf-evidence-lab\nlang: xx-Yq\n", 1), encoding="utf-8")
    line = lesson.read_text(encoding="utf-8").splitlines().index("lang: xx-Yq") + 1
    unit = workspace / UNIT
    text = unit.read_text(encoding="utf-8").replace("students: 28}", "students: 28, lang: qq}") + "lang: es-XX\n"
    unit.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    class_at = next(f"{n}:{row.index('qq') + 1}" for n, row in enumerate(lines, 1) if "lang: qq" in row)
    expected = [f"lesson_specs/glf-evidence-lab.yaml:{line}:7: {message.format('xx-Yq')}",
                f"{UNIT}:{class_at}: {message.format('qq')}", f"{UNIT}:{len(lines)}:7: {message.format('es-XX')}"]
    for command in ("check", "build"):
        result = cli(command, cwd=workspace)
        assert result.exit_code == 1
        for wanted in expected:
            assert wanted in result.stderr, (command, wanted, result.stderr)
    settings = workspace / "lessonpress.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "lang: zz-Top\n", encoding="utf-8")
    at = len(settings.read_text(encoding="utf-8").splitlines())
    for command in ("check", "build"):
        result = cli(command, cwd=workspace)
        assert result.exit_code != 0 and f"lessonpress.yaml:{at}:7: {message.format('zz-Top')}" in result.stderr, result.stderr


# ---- a workspace's own wording ------------------------------------------------------------------------


@needs_poppler
def test_a_workspace_catalogue_overrides_one_key_and_warns_about_an_unknown_one(workspace: Path, cli: Cli) -> None:
    (workspace / "templates").mkdir(exist_ok=True)
    (workspace / "templates/wording.es.yaml").write_text('vocabulary: "Vocabulario clave"\nquestionz: "Preguntas"\n', encoding="utf-8")
    result = cli("build", "lesson_specs/glf-close-reading-es.yaml", cwd=workspace)  # the example lesson in Spanish
    assert result.exit_code == 0, result.stderr
    assert "templates/wording.es.yaml:2:1: warning: unknown wording key 'questionz' (did you mean 'questions'?)" in result.stderr
    printed = pdftotext(workspace / "output/glf-close-reading-es/handout.pdf")
    assert "Vocabulario clave" in printed and "Banco de palabras" not in printed
    assert "Preguntas" in printed and "Documento A" in printed  # the other keys keep the built-in Spanish
    # English copies are untouched by a Spanish catalogue
    assert cli("build", "lesson_specs/glf-evidence-lab.yaml", cwd=workspace).exit_code == 0
    assert "Word bank" in pdftotext(workspace / "output/glf-evidence-lab/handout.pdf")


@needs_poppler
def test_a_language_without_built_in_wording_prints_english_and_says_where_to_translate(workspace: Path, cli: Cli) -> None:
    (workspace / "lesson_specs/glf-evidence-lab-fr.yaml").write_text(
        "id: glf-evidence-lab-fr\nextends: glf-evidence-lab\nlang: fr\ndate: 2026-11-30\n", encoding="utf-8")
    result = cli("build", "lesson_specs/glf-evidence-lab-fr.yaml", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    assert "templates/wording.fr.yaml:1:1: warning: no wording in 'fr' is built in" in result.stderr
    printed = pdftotext(workspace / "output/glf-evidence-lab-fr/handout.pdf")
    assert "Word bank" in printed and "30 novembre 2026" in printed  # English wording, a French date
    (workspace / "templates").mkdir(exist_ok=True)
    (workspace / "templates/wording.fr.yaml").write_text('vocabulary: "Vocabulaire"\n', encoding="utf-8")
    result = cli("build", "lesson_specs/glf-evidence-lab-fr.yaml", cwd=workspace)
    assert re.search(r"templates/wording\.fr\.yaml:1:1: warning: \d+ wording keys not translated into 'fr', printed in English: ", result.stderr), result.stderr
    assert "Vocabulaire" in pdftotext(workspace / "output/glf-evidence-lab-fr/handout.pdf")


def test_english_wording_yaml_keeps_its_errors(workspace: Path, cli: Cli) -> None:
    (workspace / "templates").mkdir(exist_ok=True)
    (workspace / "templates/wording.yaml").write_text("questionz: x\n", encoding="utf-8")
    result = cli("build", "lesson_specs/glf-evidence-lab.yaml", cwd=workspace)
    assert "templates/wording.yaml:1:1: error: unknown wording key 'questionz'" in result.stderr


# ---- docs/differentiating.md -------------------------------------------------------------------------------

DOC = REPO / "docs" / "differentiating.md"


def language_snippets() -> list[tuple[str, str]]:
    """The section "Languages": ('file', path + content) and ('sh', command) in document order."""
    return snippets(DOC, "Languages", stop_at_next=True)


@needs_poppler
def test_every_language_example_works(tmp_path: Path, cli: Cli) -> None:
    found = language_snippets()
    assert [kind for kind, _ in found].count("file") >= 3 and [kind for kind, _ in found].count("sh") >= 3
    ws = copy_examples(tmp_path / "ws")
    run_snippets(ws, cli, found, warnings_allowed=False)
    period_3 = pdftotext(ws / "output/unit-glf-es/period-3/glf-evidence-lab/handout.pdf")
    for words in ("Documento A", "Preguntas", "Banco de palabras", "Página 1 de", "30 de noviembre de 2026"):
        assert words in period_3, words
    assert "Document A" in pdftotext(ws / "output/unit-glf-es/period-4/glf-evidence-lab/handout.pdf")
    assert '<html lang="es">' in (ws / "output/unit-glf-es/period-3/glf-evidence-lab/handout.html").read_text(encoding="utf-8")
    assert "文献 A" in pdftotext(ws / "output/glf-evidence-lab-zh/handout.pdf")
    mine = pdftotext(ws / "output/mis-palabras/unit-glf-es/period-3/glf-evidence-lab/handout.pdf")
    assert "Vocabulario clave" in mine and "Banco de palabras" not in mine


# ---- the example unit's Spanish class -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_unit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example unit as committed: Period 3 reads glf-close-reading-es, in Spanish, with Document B modified."""
    from lessonpress import BuildOptions, build, open_workspace

    ws = copy_examples(tmp_path_factory.mktemp("unit") / "ws")
    report = build(open_workspace(ws), [ws / UNIT], BuildOptions(formats=("pdf", "html")))
    assert report.ok, report.diagnostics.sorted()
    return ws


def excerpt_lines(handout: Path, letter: str) -> dict[int, str]:
    """The numbered lines of one document as the student reads them (pdftotext -layout keeps the numbers)."""
    text = subprocess.run(["pdftotext", "-layout", str(handout), "-"], check=True, capture_output=True, text=True).stdout
    block = text.split(f"Documento {letter}", 1)[1]
    lines = [line for line in block.splitlines() if line.startswith("     ") or re.match(r"\s+\d+ \S", line)]
    body = [re.sub(r"^\s+\d*\s?", "", line) for line in lines]
    return dict(enumerate(body, start=1))


@needs_poppler
def test_the_example_units_spanish_class_is_spanish_throughout(example_unit: Path) -> None:
    folder = example_unit / "output/unit-glf/period-3/glf-close-reading-es"
    assert sorted(p.name for p in (example_unit / "output/unit-glf/period-3").iterdir() if p.is_dir()) == ["glf-close-reading-es"]
    mine = own_text(example_unit, "glf-close-reading-es")
    phrases = sorted(p for p in english_phrases() if not printed_in(p, mine))
    assert len(phrases) > 50
    for name in ("handout.pdf", "teacher-guide.pdf"):
        printed = pdftotext(folder / name)
        assert [p for p in phrases if printed_in(p, printed)] == [], name
        assert "30 de noviembre de 2026" in printed and "Documento B (Modificado)" in printed
        with pikepdf.open(folder / name) as pdf:
            assert str(pdf.Root.Lang) == "es"
    assert '<html lang="es">' in (folder / "handout.html").read_text(encoding="utf-8")
    # the modified tier: its replacement printed, and the key's citation points at the line the student reads
    guide = pdftotext(folder / "teacher-guide.pdf")
    assert "Documento B, línea 3: “eran perseguidos”" in guide and "El original, en inglés" in guide
    lines = excerpt_lines(folder / "handout.pdf", "B")
    assert "eran perseguidos" in lines[3] and "llamados enemigos de la revolución" in lines[4]


@needs_poppler
def test_a_curriculum_in_spanish_gets_its_report_in_spanish(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    unit = ws / UNIT
    unit.write_text(unit.read_text(encoding="utf-8") + "lang: es\n", encoding="utf-8")
    result = cli("report", UNIT, cwd=ws)
    assert result.exit_code == 0, result.stderr
    report = ws / "output/unit-glf/report.pdf"
    printed = pdftotext(report)
    for words in ("Informe del currículo", "Habilidades practicadas", "lectura atenta", "Nivel de lectura y extensión",
                  "Registro de modificaciones", "sustitución", "Total de la unidad", "Página 1 de", "12,8"):
        assert words in printed, words
    report_keys = {k: v for k, v in catalogue("wording.yaml").items() if k.startswith(("report.", "skills."))}
    english = {v for v in report_keys.values() if " " in v and "{" not in v}
    assert english and [v for v in english if v in printed] == []
    with pikepdf.open(report) as pdf:
        assert str(pdf.Root.Lang) == "es"
