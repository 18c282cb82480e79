"""Course packs (one document: overview, contents and every guide of a unit) and print packs (a class set for duplex).

Both are tagged PDFs. The course pack is laid out as one document, so it is
tagged like any other. The print pack repeats finished handouts: every copy
shares its handout's page contents and fonts, and gets its own copy of the
handout's structure tree (a `Part` per student copy), pointing at its own
pages.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from lessonpress import __version__
from lessonpress.builder.settings import RenderJob
from lessonpress.document.coursepack import PackLesson, Unit
from lessonpress.document.coursepack import course_pack as pack_tree
from lessonpress.files import read_bytes
from lessonpress.render.pdf import _wording, prepare
from lessonpress.render.pdf.contents import PackWriter
from lessonpress.render.pdf.document import RenderProblem, build_pdf
from lessonpress.render.pdf.flowables import NAME_FIELD_KEY
from lessonpress.render.pdf.tagging import xmp_packet
from lessonpress.resolve.rules import ResolvedLesson

MAX_PDF_BYTES = 1_000_000_000
MAX_LAYOUTS = 4  # the contents' page numbers settle on the second layout; more means a bug, reported, not looped on


def course_pack(unit: Unit, lessons: list[ResolvedLesson], job: RenderJob) -> bytes:
    """The unit overview, the contents and every teacher guide, laid out as one document.

    The guides are the trees `prepare` builds for the job's (class-free) copy,
    laid out with the look that broke their excerpt lines, so their citations
    hold in the pack. The pack is laid out once to learn the page each guide
    starts on, then again with those numbers in the contents; the second
    layout must find the guides where the first did.
    """
    words = _wording(job.templates_dir)
    items: list[PackLesson] = []
    look = None
    for lesson in lessons:
        documents, _ = prepare(lesson, job)
        guide, look = next((document, doc_look) for document, doc_look in documents if document.kind == "guide")
        items.append(PackLesson(lesson, guide))
    if look is None:
        raise RenderProblem((), "a course pack needs at least one lesson")
    starts: list[int] | None = None
    for _ in range(MAX_LAYOUTS):
        document = pack_tree(unit, items, words, starts)
        writer = PackWriter(look)
        story = writer.story(document)
        pdf = build_pdf(story, look, document.furniture, document.meta, bookmarks=True, structure=writer.root)
        found = [page + 1 for page, _ in pdf.headers]
        if found == starts:
            return pdf.data
        starts = found
    raise RenderProblem((), "the course pack's contents did not settle on one page per lesson; please report it")


def print_pack(handouts: list[Path], students: int, class_name: str, names: list[str] | None = None,
               job: RenderJob | None = None) -> bytes:
    """A class set: each handout `students` times, every copy padded to an even page count for duplex.

    With `names` (a roster), copy i carries names[i] in its Name blank, drawn as an artifact on the handout page
    whose blank the handout recorded (its catalog's name field); everything else of the copy is shared as usual.
    """
    out = pikepdf.new()
    document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
    tree = out.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=document))
    document.P = tree
    nums = Array()
    lang = ""
    images: dict[bytes, pikepdf.Object] = {}
    copies = len(names) if names else students
    for handout in handouts:
        source = pikepdf.open(io.BytesIO(read_bytes(handout, MAX_PDF_BYTES)))
        handout_lang = str(source.Root.get("/Lang", ""))
        lang = lang or handout_lang
        pages = list(source.pages)
        size = [float(v) for v in pages[0].mediabox]
        field = [float(v) for v in source.Root.get(f"/{NAME_FIELD_KEY}", [])]
        overlays = _name_overlays(out, names, field, size, job) if names and len(field) == 5 else None
        first: list[pikepdf.Object] = []
        models: list[tuple[pikepdf.Object, pikepdf.Object, list[pikepdf.Object]]] = []  # mediabox, resources, contents
        for copy_index in range(copies):
            page_map: dict[tuple[int, int], pikepdf.Object] = {}
            for page in pages:
                if len(first) < len(pages):  # the first copy brings the page contents, fonts and images along
                    out.pages.append(page)
                    copy = out.pages[-1].obj
                    _share_images(copy, images)
                    first.append(copy)
                    contents = copy.Contents
                    models.append((copy.MediaBox, copy.Resources, list(contents) if isinstance(contents, Array) else [contents]))
                else:  # later copies share them
                    mediabox, resources, contents_list = models[len(page_map)]
                    copy = out.make_indirect(Dictionary(Type=Name.Page, MediaBox=mediabox, Resources=resources,
                                                        Contents=contents_list[0] if len(contents_list) == 1 else Array(contents_list)))
                    out.pages.append(pikepdf.Page(copy))
                    copy = out.pages[-1].obj
                if overlays is not None and len(page_map) == int(field[0]) - 1:
                    _write_name(out, copy, models[len(page_map)], overlays[copy_index])
                copy.StructParents = len(out.pages) - 1
                copy.Tabs = Name.S
                page_map[page.obj.objgen] = copy
            keys = {int(page.obj.StructParents): int(page_map[page.obj.objgen].StructParents) for page in pages}
            part = _copy_structure(out, source, page_map, document, nums, keys)
            if handout_lang and handout_lang != lang:
                part.Lang = handout_lang
            if len(pages) % 2:
                out.add_blank_page(page_size=(size[2] - size[0], size[3] - size[1]))
                out.pages[-1].obj.Tabs = Name.S
    tree.ParentTree = Dictionary(Nums=nums)
    tree.ParentTreeNextKey = len(out.pages)
    title = f"{class_name} — print pack ({copies} copies)"
    creator = f"lessonpress {__version__}"
    out.docinfo["/Title"] = title
    out.docinfo["/Creator"] = creator
    out.docinfo["/Producer"] = f"{creator} (pikepdf)"
    root = out.Root
    root.StructTreeRoot = tree
    root.MarkInfo = Dictionary(Marked=True)
    root.Lang = pikepdf.String(lang or "en")
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    root.Metadata = out.make_stream(xmp_packet(title, lang or "en", producer=f"{creator} (pikepdf)"), Type=Name.Metadata, Subtype=Name.XML)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def _name_overlays(out: pikepdf.Pdf, names: list[str], field: list[float], size: list[float], job: RenderJob | None) -> list[pikepdf.Object]:
    """One form XObject per name: the name set in the handout's body font where the blank was drawn."""
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    from lessonpress.render.pdf import _look

    look = _look(job.theme, job.templates_dir, job.paper, job.fonts_dir, job.variant) if job else None
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(size[2] - size[0], size[3] - size[1]), invariant=1)
    _, x, y, width, height = field
    for name in names:
        if look is not None:
            style = look.styles["cell"].clone("name", spaceBefore=0, spaceAfter=0, firstLineIndent=0, leftIndent=0)
            para = Paragraph(look.p(name, "cell"), style)  # as the class name is printed in its blank
        else:
            from reportlab.lib.styles import ParagraphStyle

            from lessonpress.render.pdf.escape import escape

            para = Paragraph(escape(name), ParagraphStyle("name", fontName="Helvetica", fontSize=11, leading=13))
        para.wrap(width - 4, height * 3)
        para.drawOn(canvas, x, y + 1)
        canvas.showPage()
    canvas.save()
    overlay = pikepdf.open(io.BytesIO(buffer.getvalue()))
    return [out.copy_foreign(page.as_form_xobject()) for page in overlay.pages]


def _write_name(out: pikepdf.Pdf, page: pikepdf.Object, model: tuple[pikepdf.Object, pikepdf.Object, list[pikepdf.Object]],
                form: pikepdf.Object) -> None:
    """This copy's page gets its own resources (the shared ones plus the name) and draws the name last, as an artifact."""
    _, resources, contents = model
    own = Dictionary({key: value for key, value in resources.items()})
    xobjects = resources.get("/XObject")
    own.XObject = Dictionary({key: value for key, value in xobjects.items()}) if isinstance(xobjects, Dictionary) else Dictionary()
    own.XObject.LpStudentName = form
    page.Resources = out.make_indirect(own)
    page.Contents = Array([*contents, out.make_stream(b"/Artifact BMC q /LpStudentName Do Q EMC")])


def _share_images(page: pikepdf.Object, seen: dict[bytes, pikepdf.Object]) -> None:
    """Point the page at the image objects an earlier handout of the pack brought when they are the same picture
    (two lessons of a unit print the same poster): the pack stores each picture once. Copies of one handout share
    their pages' resources already."""
    resources = page.get("/Resources")
    xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
    if not isinstance(xobjects, Dictionary):
        return
    for name, image in list(xobjects.items()):
        if not isinstance(image, pikepdf.Stream) or image.get("/Subtype") != Name.Image:
            continue
        mask = image.get("/SMask")
        key = hashlib.sha256(image.read_raw_bytes() + repr(sorted((k, repr(v)) for k, v in image.items() if k not in ("/Length", "/SMask"))).encode()
                             + (mask.read_raw_bytes() if isinstance(mask, pikepdf.Stream) else b"")).digest()
        if key in seen:
            xobjects[name] = seen[key]
        else:
            seen[key] = image


def _copy_structure(out: pikepdf.Pdf, source: pikepdf.Pdf, page_map: dict[tuple[int, int], pikepdf.Object], document: pikepdf.Object,
                    nums: pikepdf.Array, keys: dict[int, int]) -> pikepdf.Object:
    """One student's copy of a handout's structure tree, as a `Part` of the pack's `Document`, its elements pointing at
    that copy's pages; the copy's ParentTree entries are added to `nums` (`keys`: a source page's key -> its copy's)."""
    made: dict[tuple[int, int], pikepdf.Object] = {}

    def element(source_element: pikepdf.Object, parent: pikepdf.Object) -> pikepdf.Object:
        copy = out.make_indirect(Dictionary())
        made[source_element.objgen] = copy
        for name, value in source_element.items():
            if name == "/P":
                copy.P = parent
            elif name == "/Pg":
                copy.Pg = page_map[value.objgen]
            elif name == "/K":  # one kid or an array of them, as the handout has it
                copy.K = Array([kid(item, copy) for item in value]) if isinstance(value, Array) else kid(value, copy)
            else:  # names, strings, attribute dictionaries
                copy[name] = _direct(value)
        return copy

    def kid(item: pikepdf.Object, parent: pikepdf.Object) -> pikepdf.Object | int:
        if isinstance(item, Dictionary) and not item.is_indirect:  # a marked-content reference on another page
            return Dictionary(Type=Name.MCR, Pg=page_map[item.Pg.objgen], MCID=int(item.MCID))
        if isinstance(item, Dictionary):
            return element(item, parent)
        return int(item)

    source_root = source.Root.StructTreeRoot
    source_document = source_root.K
    part = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, P=document))
    part.K = Array([kid(item, part) for item in source_document.K])
    document.K.append(part)
    source_nums = source_root.ParentTree.Nums
    for index in range(0, len(source_nums), 2):
        nums.append(keys[int(source_nums[index])])
        nums.append(Array([made[e.objgen] for e in source_nums[index + 1]]))
    return part


def _direct(value: pikepdf.Object) -> pikepdf.Object:
    """A direct value (a name, a string, an attribute dictionary) rebuilt for another PDF."""
    if isinstance(value, Dictionary):
        return Dictionary({key: _direct(item) for key, item in value.items()})
    if isinstance(value, Array):
        return Array([_direct(item) for item in value])
    if isinstance(value, pikepdf.String):
        return pikepdf.String(bytes(value))
    return value
