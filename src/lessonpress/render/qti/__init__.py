"""The quiz package writer: a lesson copy's questions as an IMS QTI 1.2 zip that Canvas and Moodle import.

One package per lesson copy, `<lesson-id>.qti.zip`: `imsmanifest.xml`, one
assessment, `<lesson-id>/<lesson-id>.xml`, and the pictures of its image
documents in `images/` (linked from the items' HTML, listed in the manifest). Multiple choice stays multiple
choice, a sequence becomes matching (each item with its position), short
answer, claim and evidence and reliability questions become essays; each item
shows its documents as the student's copy prints them. How points are taken
from the rubric: `items.item_points`. The zip's bytes depend only on its
contents (sorted entries, one fixed time).
"""

from __future__ import annotations

import io
import zipfile

from lessonpress.document import model as d
from lessonpress.render.qti.items import QuizItem, item_points, quiz_items
from lessonpress.render.qti.xml import assessment_xml, image_files, manifest_xml
from lessonpress.resolve.rules import ResolvedLesson

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_qti(lesson: ResolvedLesson, documents: list[d.Document]) -> bytes:
    """The package of one lesson copy from its student document (handout or answer key) and its guide."""
    student = next(doc for doc in documents if doc.kind in ("handout", "answer-key"))
    guide = next(doc for doc in documents if doc.kind == "guide")
    ident = lesson.lesson.id
    title = student.furniture.header_left  # the lesson's title, cleaned, without "— Answer Key"
    href = f"{ident}/{ident}.xml"
    items = quiz_items(lesson, student, guide)
    images = image_files(ident, items)  # the pictures of image documents, each once, beside the assessment
    files = {
        "imsmanifest.xml": manifest_xml(ident, title, href, [name for name, _ in images.values()]),
        href: assessment_xml(ident, title, student.meta.lang, items, {digest: name for digest, (name, _) in images.items()}),
        **{name: data for name, data in images.values()},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            package.writestr(info, files[name])
    return out.getvalue()


__all__ = ["QuizItem", "item_points", "quiz_items", "write_qti"]
