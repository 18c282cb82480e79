"""The quiz package: every example's QTI 1.2 zip unpacked and read back field by field, as an LMS importer reads it.

No copy of the QTI 1.2 schema can be had from a package registry, so the
structure is checked here against the content models of the IMS QTI ASI 1.2
DTD for every element the writer uses (`CONTENT`), and every field an importer
takes (type, points, choices, right answers, feedback) is read back and
compared with the lesson spec.
"""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, copy_examples
from test_html import answers, squash

from lessonpress.builder.settings import RenderJob
from lessonpress.document import model as d
from lessonpress.exercises.multiple_choice import choice_index
from lessonpress.render.pdf import prepare
from lessonpress.render.qti import item_points, write_qti
from lessonpress.resolve.loader import load_project
from lessonpress.resolve.rules import ResolvedLesson
from lessonpress.workspace import open_workspace

LESSONS = ["glf-success-or-failure", "glf-evidence-lab", "glf-close-reading", "glf-success-or-failure-short"]
VARIANTS = ["standard", "answer-key", "large-print"]
NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2", "cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}
KINDS = {"multiple_choice": "multiple_choice_question", "sequence": "matching_question", "short_answer": "essay_question",
         "claim_evidence": "essay_question", "reliability": "essay_question"}
# points the rubric gives (see render/qti/items.item_points); every other item is worth 1
RUBRIC_POINTS = {("glf-evidence-lab", "reliability"): 3.0, ("glf-close-reading", "short_answer"): 8.0,
                 ("glf-success-or-failure", "short_answer"): 10.0, ("glf-success-or-failure-short", "short_answer"): 6.0}

# content models of the QTI ASI 1.2 DTD for the elements the writer uses: child names, in order, each followed by a space
MATERIALS = "mattext |matemtext |matimage |mataudio |matvideo |matapplet |matapplication |matref |matbreak |mat_extension "
RESPONSES = "material |response_lid |response_xy |response_str |response_num |response_grp |response_extension "
RENDERS = "render_choice |render_hotspot |render_slider |render_fib |render_extension "
CONDITIONS = ("not |and |or |unanswered |other |varequal |varlt |varlte |vargt |vargte |varsubset |varinside |varsubstring |durequal |"
              "durlt |durlte |durgt |durgte |var_extension ")
CONTENT = {
    "questestinterop": r"(qticomment )?(objectbank |assessment |(section |item )+)",
    "assessment": r"(qticomment )?(duration )?(qtimetadata )*(objectives )*(assessmentcontrol )*(rubric )*(presentation_material )?"
                  r"(outcomes_processing )*(assessproc_extension )?(assessfeedback )*(selection_ordering )?(reference )?(sectionref |section )+",
    "section": r"(qticomment )?(duration )?(qtimetadata )*(objectives )*(sectioncontrol )*(sectionprecondition )*(sectionpostcondition )*"
               r"(rubric )*(presentation_material )?(outcomes_processing )*(sectionproc_extension )?(sectionfeedback )*"
               r"(selection_ordering )?(reference )?(itemref |item |sectionref |section )*",
    "item": r"(qticomment )?(duration )?(itemmetadata )?(objectives )*(itemcontrol )*(itemprecondition )*(itempostcondition )*"
            r"(itemrubric |rubric )*(presentation )?(resprocessing )*(itemproc_extension )?(itemfeedback )*(reference )?",
    "itemmetadata": r"(qtimetadata )*",
    "qtimetadata": r"(vocabulary )?(qtimetadatafield )+",
    "qtimetadatafield": r"fieldlabel fieldentry ",
    "presentation": rf"(qticomment )?(flow |({RESPONSES})+)",
    "material": rf"(qticomment )?({MATERIALS})+(altmaterial )*",
    "response_lid": rf"(material |material_ref )?({RENDERS})(material |material_ref )?",
    "response_str": rf"(material |material_ref )?({RENDERS})(material |material_ref )?",
    "render_choice": r"(material |material_ref |response_label |flow_label )*(response_na )?",
    "render_fib": r"(material |material_ref |response_label |flow_label )*(response_na )?",
    "response_label": r"(qticomment |material |material_ref |flow_mat )*",
    "resprocessing": r"(qticomment )?outcomes (respcondition |itemproc_extension )+",
    "outcomes": r"(qticomment )?(decvar (interpretvar )*)+",
    "respcondition": r"(qticomment )?conditionvar (setvar )*(displayfeedback )*(respcond_extension )?",
    "conditionvar": rf"({CONDITIONS})+",
    "itemfeedback": r"(flow_mat |material |solution |hint )+",
    "flow_mat": r"(qticomment )?(flow_mat |material |material_ref )+",
}
LEAVES = {"mattext", "fieldlabel", "fieldentry", "decvar", "setvar", "varequal", "other", "displayfeedback"}
REQUIRED = {"assessment": {"ident"}, "section": {"ident"}, "item": {"ident"}, "response_lid": {"ident"}, "response_str": {"ident"},
            "response_label": {"ident"}, "varequal": {"respident"}, "displayfeedback": {"linkrefid"}, "itemfeedback": {"ident"}}
ENUMS = {("response_lid", "rcardinality"): {"Single", "Multiple", "Ordered"}, ("response_str", "rcardinality"): {"Single", "Multiple", "Ordered"},
         ("render_choice", "shuffle"): {"Yes", "No"}, ("render_fib", "fibtype"): {"String", "Integer", "Decimal", "Scientific"},
         ("respcondition", "continue"): {"Yes", "No"}, ("setvar", "action"): {"Set", "Add", "Subtract", "Multiply", "Divide"},
         ("decvar", "vartype"): {"Integer", "String", "Decimal", "Scientific", "Boolean", "Enumerated", "Set"},
         ("displayfeedback", "feedbacktype"): {"Response", "Solution", "Hint"}, ("mattext", "texttype"): {"text/plain", "text/html"},
         ("response_label", "rshuffle"): {"Yes", "No"}}


def local(element: ET.Element) -> str:
    return element.tag.split("}")[-1]


def check_structure(root: ET.Element) -> list[str]:
    """Every element against its DTD content model, required attributes and enumerated values."""
    problems = []
    for element in root.iter():
        name = local(element)
        children = "".join(f"{local(child)} " for child in element)
        if name in LEAVES:
            if children:
                problems.append(f"<{name}> has children: {children}")
        elif name not in CONTENT:
            problems.append(f"<{name}> is not an element this check knows")
        elif not re.fullmatch(CONTENT[name], children):
            problems.append(f"<{name}> holds {children!r}")
        problems += [f"<{name}> lacks {attr}" for attr in REQUIRED.get(name, set()) - set(element.attrib)]
        problems += [f"<{name} {attr}={element.get(attr)!r}>" for (tag, attr), allowed in ENUMS.items()
                     if tag == name and attr in element.attrib and element.get(attr) not in allowed]
    return problems


@dataclass
class Package:
    lesson: ResolvedLesson
    student: d.Document
    guide: d.Document
    data: bytes
    names: list[str]
    manifest: ET.Element
    assessment: ET.Element


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Package]:
    ws = copy_examples(tmp_path_factory.mktemp("qti") / "ws")
    workspace = open_workspace(ws)
    project = load_project(workspace)
    out = {}
    for lesson_id in LESSONS:
        for variant in VARIANTS:
            lesson = project.lessons[lesson_id]
            job = RenderJob(workspace.templates_dir, None, workspace.settings.theme, "letter", variant, workspace.settings.school)
            (student, _), (guide, _) = prepare(lesson, job)[0]
            data = write_qti(lesson, [student, guide])
            package = zipfile.ZipFile(io.BytesIO(data))
            names = package.namelist()
            assessment = ET.fromstring(package.read(f"{lesson_id}/{lesson_id}.xml"))
            out[(lesson_id, variant)] = Package(lesson, student, guide, data, names, ET.fromstring(package.read("imsmanifest.xml")), assessment)
    return out


def text_of(element: ET.Element | None) -> str:
    """What a browser shows of the mattext HTML under `element`."""
    if element is None:
        return ""
    markup = " ".join(m.text or "" for m in element.iter(f"{{{NS['q']}}}mattext"))
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def fields(item: ET.Element) -> dict[str, str]:
    return {f.findtext("q:fieldlabel", namespaces=NS) or "": f.findtext("q:fieldentry", namespaces=NS) or ""
            for f in item.iterfind("q:itemmetadata/q:qtimetadata/q:qtimetadatafield", NS)}


def items_by_number(package: Package) -> dict[int, tuple[ET.Element, int]]:
    """Item elements by the handout's question number, each with its exercise's index."""
    numbers = {q.number: q.where[1] for q in package.student.walk() if isinstance(q, d.Question)}
    out = {}
    for item in package.assessment.iterfind(".//q:item", NS):
        number = int(str(item.get("ident")).rsplit("_q", 1)[1])
        index = numbers[number]
        assert isinstance(index, int)
        out[number] = (item, index)
    return out


# ---- the package -----------------------------------------------------------------------------
@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_package_holds_a_manifest_and_one_valid_assessment(packages: dict[tuple[str, str], Package], lesson: str, variant: str) -> None:
    package = packages[(lesson, variant)]
    assert package.names == [f"{lesson}/{lesson}.xml", "imsmanifest.xml"]
    resources = package.manifest.findall("cp:resources/cp:resource", NS)
    assert [(r.get("type"), r.get("identifier")) for r in resources] == [("imsqti_xmlv1p2", lesson)]
    assert [f.get("href") for f in resources[0].findall("cp:file", NS)] == [f"{lesson}/{lesson}.xml"]
    root = package.assessment
    assert local(root) == "questestinterop" and root.tag.startswith(f"{{{NS['q']}}}")
    assert check_structure(root) == []
    assessment = root.find("q:assessment", NS)
    assert assessment is not None and assessment.get("title") == squash(package.lesson.lesson.title)
    assert assessment.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    for item in root.iterfind(".//q:item", NS):  # every reference inside an item points at something in it
        responses = {r.get("ident"): {label.get("ident") for label in r.iter(f"{{{NS['q']}}}response_label")}
                     for r in item.iter() if local(r) in ("response_lid", "response_str")}
        for condition in item.iter(f"{{{NS['q']}}}varequal"):
            assert condition.text in responses[condition.get("respident")]
        feedback = {f.get("ident") for f in item.findall("q:itemfeedback", NS)}
        assert {f.get("linkrefid") for f in item.iter(f"{{{NS['q']}}}displayfeedback")} <= feedback


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_quiz_question_has_its_type_points_and_answer(packages: dict[tuple[str, str], Package], lesson: str) -> None:
    package = packages[(lesson, "standard")]
    exercises = package.lesson.lesson.exercises
    items = items_by_number(package)
    assert sorted(exercises[i].type for _, i in items.values()) == sorted(e.type for e in exercises if e.type in KINDS)
    for number, (item, index) in items.items():
        exercise: Any = exercises[index]
        meta = fields(item)
        assert meta["question_type"] == KINDS[exercise.type]
        assert float(meta["points_possible"]) == RUBRIC_POINTS.get((lesson, exercise.type), 1.0)
        assert str(item.get("title")).startswith(f"{number}. ")
        decvar = item.find("q:resprocessing/q:outcomes/q:decvar", NS)
        assert decvar is not None and (decvar.get("minvalue"), decvar.get("maxvalue"), decvar.get("varname")) == ("0", "100", "SCORE")
        feedback = text_of(item.find("q:itemfeedback", NS))
        if exercise.type == "multiple_choice":
            lid = item.find("q:presentation/q:response_lid", NS)
            assert lid is not None and lid.get("rcardinality") == "Single"
            labels = lid.findall("q:render_choice/q:response_label", NS)
            assert [text_of(label) for label in labels] == [squash(c) for c in exercise.choices]
            right = choice_index(exercise)
            assert right is not None
            scored = [c for c in item.iterfind("q:resprocessing/q:respcondition", NS) if c.find("q:setvar", NS) is not None]
            assert [(c.findtext("q:conditionvar/q:varequal", namespaces=NS), c.findtext("q:setvar", namespaces=NS)) for c in scored] == [
                (labels[right].get("ident"), "100")]
            assert squash(exercise.choices[right]) in feedback
        elif exercise.type == "sequence":
            rows = item.findall("q:presentation/q:response_lid", NS)
            printed = next(b for b in package.student.walk() if isinstance(b, d.OrderItems))
            assert [text_of(r.find("q:material", NS)) for r in rows] == [squash(d.to_text(x)) for x in printed.items]
            assert [r.get("rcardinality") for r in rows] == ["Single"] * len(rows)
            positions = {label.get("ident"): text_of(label) for label in rows[0].iter(f"{{{NS['q']}}}response_label")}
            assert sorted(positions.values(), key=int) == [str(n) for n in range(1, len(exercise.items) + 1)]
            answered = {}
            total = 0.0
            for condition in item.iterfind("q:resprocessing/q:respcondition", NS):
                setvar = condition.find("q:setvar", NS)
                if setvar is None:
                    continue
                assert setvar.get("action") == "Add"
                total += float(setvar.text or 0)
                equal = condition.find("q:conditionvar/q:varequal", NS)
                assert equal is not None
                answered[equal.get("respident")] = positions[equal.text]
            assert abs(total - 100) < 0.1
            for row in rows:  # each item, wherever the handout printed it, is matched with its place in the spec's order
                assert int(answered[row.get("ident")]) == [squash(x) for x in exercise.items].index(text_of(row.find("q:material", NS))) + 1
        else:
            response = item.find("q:presentation/q:response_str", NS)
            assert response is not None and response.find("q:render_fib", NS) is not None
            assert not [c for c in item.iter(f"{{{NS['q']}}}setvar")]  # the teacher scores an essay
            model = exercise.model_dump().get("model_answer") or exercise.model_dump().get("answer")
            assert model and squash(model) in feedback
        if exercise.type == "reliability":
            assert "1 (not reliable)" in text_of(item.find("q:presentation", NS))


@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_each_question_shows_its_documents_as_printed(packages: dict[tuple[str, str], Package], lesson: str, variant: str) -> None:
    package = packages[(lesson, variant)]
    sources = {s.letter: s for s in package.student.walk() if isinstance(s, d.Source)}
    questions = {q.number: q for q in package.student.walk() if isinstance(q, d.Question)}
    for number, (item, index) in items_by_number(package).items():
        exercise: Any = package.lesson.lesson.exercises[index]
        letters = [exercise.source] if isinstance(getattr(exercise, "source", None), str) else list(getattr(exercise, "sources", []) or [])
        presentation = item.find("q:presentation", NS)
        assert presentation is not None
        stimulus = presentation.find("q:material/q:mattext", NS)
        assert stimulus is not None and stimulus.get("texttype") == "text/html"
        markup = stimulus.text or ""
        shown = text_of(presentation)
        assert markup.count('class="lessonpress-document"') == len(letters)
        for letter in letters:
            source = sources[letter]
            assert squash(d.to_text(source.heading)) in shown and squash(d.to_text(source.provenance)) in shown
            if source.excerpt is None:  # a table or image document: tests/test_visual_qti.py
                continue
            rows = re.findall(r"<tr><td[^>]*>(\d*)</td><td[^>]*>(.*?)</td></tr>", markup.split(f"<h3>{d.to_text(source.heading)}</h3>")[1])
            printed = [(p.first_line + i, line) for p in source.excerpt.paragraphs for i, line in enumerate(p.lines)]
            assert [(label, squash(html.unescape(text))) for label, text in rows[: len(printed)]] == [
                (str(n) if n % source.excerpt.every == 0 else "", squash(line)) for n, line in printed]
        assert squash(re.sub(r"\s*\([^()]*\)$", "", d.to_text(questions[number].prompt))) in shown


@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_no_answer_is_shown_before_submission(packages: dict[tuple[str, str], Package], lesson: str, variant: str) -> None:
    """Answers live only in itemfeedback and resprocessing; the presentation, what a student sees, holds none."""
    package = packages[(lesson, variant)]
    secrets = answers(package.lesson)
    keys = [squash(d.to_text(b.content)) for b in package.guide.walk() if isinstance(b, d.Paragraph) and b.role in ("key", "citation")]
    assert len(secrets) >= 5
    for item in package.assessment.iterfind(".//q:item", NS):
        shown = text_of(item.find("q:presentation", NS))
        for secret in [*secrets, *(k for k in keys if len(k) > 25)]:
            assert secret not in shown, secret
        assert "✓" not in shown and "☒" not in shown
        presentation = item.find("q:presentation", NS)
        assert presentation is not None and not [e for e in presentation.iter() if local(e) in ("itemfeedback", "setvar", "varequal")]
        feedback = item.findall("q:itemfeedback", NS)
        assert [f.get("ident") for f in feedback] == ["general_fb"] and not [f for f in feedback if f.get("view")]


def test_points_come_from_the_rubric_by_skill_then_to_the_written_argument(packages: dict[tuple[str, str], Package]) -> None:
    """A row naming an item's skill or type gives it its points; the rows naming none go to the one short answer."""
    lesson = packages[("glf-evidence-lab", "standard")].lesson
    exercises = lesson.lesson.exercises
    quiz = [i for i, e in enumerate(exercises) if e.type in KINDS]
    points = item_points(lesson, quiz)
    assert {exercises[i].type: p for i, p in points.items() if p != 1.0} == {"reliability": 3.0}
    no_rubric = replace(lesson, lesson=lesson.lesson.model_copy(update={"rubric": []}))
    assert set(item_points(no_rubric, quiz).values()) == {1.0}


def test_rebuild_is_byte_identical_with_fixed_times(packages: dict[tuple[str, str], Package]) -> None:
    package = packages[("glf-close-reading", "standard")]
    assert write_qti(package.lesson, [package.student, package.guide]) == package.data
    infos = zipfile.ZipFile(io.BytesIO(package.data)).infolist()
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert [info.filename for info in infos] == sorted(info.filename for info in infos)
    assert packages[("glf-close-reading", "large-print")].data != package.data  # its documents' lines are large print's


def test_build_makes_one_package_per_lesson_copy_incrementally(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    out = tmp_path / "out"
    result = cli("build", "--format", "pdf,qti", "--out", str(out), cwd=ws)
    assert result.exit_code == 0, result.stderr
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.qti.zip"))
    assert "glf-evidence-lab/glf-evidence-lab.qti.zip" in made
    assert "unit-glf/period-5/glf-evidence-lab/glf-evidence-lab.qti.zip" in made and len(made) == 6 + 3 + 1 + 3
    assert (out / "glf-evidence-lab" / "handout.pdf").is_file() and (out / "unit-glf" / "course-pack.pdf").is_file()
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    assert "glf-evidence-lab/glf-evidence-lab.qti.zip" in manifest
    first = (out / "glf-evidence-lab" / "glf-evidence-lab.qti.zip").read_bytes()
    again = cli("build", "--format", "pdf,qti", "--out", str(out), "--force", cwd=ws)
    assert again.exit_code == 0 and (out / "glf-evidence-lab" / "glf-evidence-lab.qti.zip").read_bytes() == first


def test_user_text_reaches_the_lms_as_text_never_as_markup(packages: dict[tuple[str, str], Package]) -> None:
    """Spec text is escaped twice: as HTML text inside the item's HTML, and that HTML as XML text inside mattext."""
    from lessonpress.render.qti.items import QuizItem
    from lessonpress.render.qti.xml import assessment_xml

    hostile = '<script>alert("x")</script> & <b>bold</b> ]]> {{ 7 * 7 }}'
    source = next(s for s in packages[("glf-evidence-lab", "standard")].student.walk() if isinstance(s, d.Source))
    source = replace(source, heading=d.plain(hostile), provenance=(d.Span(hostile, "em"),))
    item = QuizItem(ident="lp_x_q1", title=hostile, kind="essay_question", exercise="short_answer", number=1, sources=(source,),
                    prompt=(hostile,), points=1.0, feedback=(hostile,))
    root = ET.fromstring(assessment_xml("x", hostile, "en", [item]))
    assert check_structure(root) == []
    found = root.find(".//q:item", NS)
    assert found is not None and found.get("title") == hostile
    for mattext in root.iter(f"{{{NS['q']}}}mattext"):
        markup = mattext.text or ""
        assert "<script" not in markup and "<b>" not in markup
        assert html.escape(hostile, quote=False) in markup
