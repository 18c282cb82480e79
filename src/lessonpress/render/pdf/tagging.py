"""Tagged PDF: the structure tree of a document, marked content while drawing, and the objects that tie them together.

The PDF writer builds a tree of `Node`s from the document model while it makes
the flowables (a heading becomes an `H2`, a table cell a `TH` or `TD`, an
excerpt paragraph a `P` inside a `BlockQuote`) and hangs each node on the
flowable that draws its content. When a flowable draws, it wraps what it
draws in a marked-content sequence (`/P <</MCID 3>> BDC ... EMC`) and the node
records (page, MCID); everything else on a page (running header and footer,
page numbers, excerpt line numbers, ruled answer lines, table grids, box
backgrounds) is drawn inside `/Artifact` sequences. A paragraph split over a
page break is one node with marked content on both pages.

When the file is saved, `write_structure` turns the tree into reportlab PDF
objects (StructTreeRoot, one StructElem per node, the ParentTree that maps
each page's MCIDs back to their elements) and sets the document-level entries
PDF/UA-1 asks for: /MarkInfo, /Lang, /ViewerPreferences /DisplayDocTitle,
XMP metadata with dc:title and pdfuaid:part, /Tabs /S and /StructParents on
every page. Writing them through reportlab's own document costs far less than
re-reading and re-writing the finished file, and the output stays
byte-identical from one build to the next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFObject, PDFPage, PDFStream, PDFString

from lessonpress.render.pdf.escape import escape

# Words a screen reader hears where the page shows only a picture or a blank: the wording's `say.*` keys in the
# language of the document being written (see `speaking`); these English ones when no wording is given.
SAY = {
    "answer_space": "Answer space: {count} line{s}",
    "blank_cell": "Answer space",
    "blank_position": "Write its number:",
    "rating": "Rating scale from 1 ({low}) to 5 ({high})",
    "rating_marked": "{n} is circled",
    "right_choice": "(right answer)",
}
_SPEAKING: ContextVar[Callable[..., str] | None] = ContextVar("lessonpress_say", default=None)


@contextmanager
def speaking(words: Callable[..., str] | None) -> Iterator[None]:
    """While a document's flowables are made, `say` takes its words from `words` (a Wording: key, **values -> text)."""
    token = _SPEAKING.set(words)
    try:
        yield
    finally:
        _SPEAKING.reset(token)


def say(key: str, **values: Any) -> str:
    words = _SPEAKING.get()
    if words is not None:
        return words(f"say.{key}", **values)
    return SAY[key].format(**values)


def answer_space(count: int) -> str:
    return say("answer_space", count=count, s="" if count == 1 else "s")


class Node:
    """One structure element: a standard role (P, H2, TD ...), its children in reading order, its attributes.

    Children are other nodes or marked content: (0-based page, MCID).
    """

    __slots__ = ("actual_text", "alt", "kids", "lang", "role", "scope")

    def __init__(self, role: str, *, alt: str | None = None, actual_text: str | None = None, scope: str | None = None,
                 lang: str | None = None):
        self.role = role
        self.kids: list[Node | tuple[int, int]] = []
        self.alt = alt
        self.actual_text = actual_text
        self.scope = scope  # TH: Column or Row
        self.lang = lang

    def add(self, role: str, **attributes: Any) -> Node:
        child = Node(role, **attributes)
        self.kids.append(child)
        return child

    def walk(self) -> Iterator[Node]:
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.walk()

    def __repr__(self) -> str:
        return f"Node({self.role})"


class Tagger:
    """Marked content for one PDF being drawn: the MCIDs of each page and which node each belongs to."""

    def __init__(self, root: Node):
        self.root = root
        self.page = 0
        self.pages: list[list[Node]] = [[]]  # per page: the node of each MCID, in MCID order
        self.artifact = 0  # > 0 while drawing an artifact: nothing inside is tagged
        self.untagged = 0  # content drawn without a node (tagged as a P at the end: a writer bug, never silent)

    def next_page(self) -> None:
        self.page = len(self.pages)
        self.pages.append([])

    def orphan(self) -> Node:
        """A node for content a writer drew without one: read at the end of the document rather than lost."""
        self.untagged += 1
        return self.root.add("P")

    def open(self, code: list[str], node: Node) -> None:
        """Start a marked-content sequence for `node` on the current page, in `code` (a page's or a text object's)."""
        mcids = self.pages[self.page]
        mcid = len(mcids)
        mcids.append(node)
        node.kids.append((self.page, mcid))
        code.append(f"/{node.role} <</MCID {mcid}>> BDC")

    def begin(self, canv: Any, node: Node) -> None:
        self.open(canv._code, node)

    def end(self, canv: Any) -> None:
        canv._code.append("EMC")

    def begin_artifact(self, canv: Any, kind: str = "") -> None:
        if not self.artifact:
            canv._code.append(f"/Artifact {kind} BDC" if kind else "/Artifact BMC")
        self.artifact += 1

    def end_artifact(self, canv: Any) -> None:
        self.artifact -= 1
        if not self.artifact:
            canv._code.append("EMC")


def tagger_of(canv: Any) -> Tagger | None:
    return getattr(canv, "_lp_tagger", None)


@contextmanager
def marked(canv: Any, node: Node | None) -> Iterator[None]:
    """Draw the body as content of `node` (or as an artifact when the caller draws one, or outside tagging)."""
    tagger = tagger_of(canv)
    if tagger is None or tagger.artifact:
        yield
        return
    tagger.begin(canv, node or tagger.orphan())
    yield
    tagger.end(canv)


@contextmanager
def artifact(canv: Any, kind: str = "") -> Iterator[None]:
    """Draw the body as an artifact: decoration and page furniture that a screen reader skips."""
    tagger = tagger_of(canv)
    if tagger is None:
        yield
        return
    tagger.begin_artifact(canv, kind)
    yield
    tagger.end_artifact(canv)


PAGINATION_HEADER = "<</Type /Pagination /Subtype /Header>>"
PAGINATION_FOOTER = "<</Type /Pagination /Subtype /Footer>>"
LAYOUT = "<</Type /Layout>>"


# ---- writing the structure into reportlab's document ---------------------------------------------------------------
class _Bytes(PDFObject):  # type: ignore[misc]
    """An indirect object whose text is known before the file is written (its references are numbered already)."""

    __RefOnly__ = 1

    def __init__(self) -> None:
        self.data = b""

    def format(self, document: Any) -> bytes:
        return self.data


def write_structure(canv: Any, root: Node, tagger: Tagger, pages: int, *, title: str, lang: str, author: str = "",
                    subject: str = "", keywords: tuple[str, ...] = (), producer: str = "") -> None:
    """Add the structure tree and the PDF/UA document entries to the canvas's document, before it is saved.

    Every page is in the document already, so every object number is known: each element is written out as its
    final bytes at once, which costs a fraction of building reportlab dictionaries for it.
    """
    doc = canv._doc
    numbers = doc.idToObjectNumberAndVersion

    def register(obj: _Bytes) -> str:
        number, version = numbers[doc.Reference(obj).name]
        return f"{number} {version} R"

    nodes = list(root.walk())
    tree_root = _Bytes()
    tree_ref = register(tree_root)
    objects = [_Bytes() for _ in nodes]
    refs = {id(node): register(obj) for node, obj in zip(nodes, objects, strict=True)}  # numbered in reading order
    page_refs = ["{} {} R".format(*numbers[f"Page{index + 1}"]) for index in range(pages)]
    parent = {id(kid): refs[id(node)] for node in nodes for kid in node.kids if isinstance(kid, Node)}

    def text(value: str) -> str:
        return bytes(PDFString(value).format(doc)).decode("latin-1")

    for node, obj in zip(nodes, objects, strict=True):
        page = next((kid[0] for kid in node.kids if isinstance(kid, tuple)), None)
        entry = [f"<< /Type /StructElem /S /{node.role} /P {parent.get(id(node), tree_ref)}"]
        if page is not None:
            entry.append(f" /Pg {page_refs[page]}")
        kids = [refs[id(kid)] if isinstance(kid, Node) else str(kid[1]) if kid[0] == page
                else f"<< /Type /MCR /Pg {page_refs[kid[0]]} /MCID {kid[1]} >>" for kid in node.kids]
        if len(kids) == 1:  # one kid needs no array (and checkers that stumble on arrays read it)
            entry.append(f" /K {kids[0]}")
        elif kids:
            entry.append(f" /K [ {' '.join(kids)} ]")
        if node.scope:
            entry.append(f" /A << /O /Table /Scope /{node.scope} >>")
        if node.alt is not None:
            entry.append(f" /Alt {text(node.alt)}")
        if node.actual_text is not None:
            entry.append(f" /ActualText {text(node.actual_text)}")
        if node.lang:
            entry.append(f" /Lang {text(node.lang)}")
        entry.append(" >>")
        obj.data = "".join(entry).encode("latin-1")
    parent_tree = _Bytes()
    parent_tree_ref = register(parent_tree)
    nums = " ".join(f"{index} [ {' '.join(refs[id(node)] for node in tagger.pages[index])} ]" for index in range(min(pages, len(tagger.pages))))
    parent_tree.data = f"<< /Nums [ {nums} ] >>".encode("latin-1")
    tree_root.data = f"<< /Type /StructTreeRoot /K {refs[id(root)]} /ParentTree {parent_tree_ref} /ParentTreeNextKey {pages} >>".encode("latin-1")
    catalog = doc.Catalog
    catalog.StructTreeRoot = tree_root
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Lang = PDFString(lang)
    canv.setViewerPreference("DisplayDocTitle", "true")
    metadata = PDFStream(PDFDictionary({"Type": "/Metadata", "Subtype": "/XML"}), xmp_packet(title, lang, author, subject, keywords, producer))
    catalog.Metadata = metadata  # not compressed, so that any tool can read it


def page_entries(page: PDFPage, index: int) -> None:
    """/StructParents (the page's key in the ParentTree) and /Tabs /S (tab order follows the structure)."""
    page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
    page.StructParents = index
    page.Tabs = "/S"


def xmp_packet(title: str, lang: str, author: str = "", subject: str = "", keywords: tuple[str, ...] = (), producer: str = "") -> bytes:
    """XMP metadata: the title (dc:title), the language, and the claim of PDF/UA-1 (pdfuaid:part); no dates."""

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    creator = f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>" if author else ""
    description = f"<dc:description>{alt(subject)}</dc:description>" if subject else ""
    words = f"<pdf:Keywords>{escape(', '.join(keywords))}</pdf:Keywords>" if keywords else ""
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        f"<dc:title>{alt(title)}</dc:title>{creator}{description}"
        f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>\n"
        f"<dc:format>application/pdf</dc:format>{words}<pdf:Producer>{escape(producer)}</pdf:Producer>\n"
        "<pdfuaid:part>1</pdfuaid:part>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")
