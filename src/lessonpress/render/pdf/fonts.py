"""Fonts: find the theme's families, register them once per process, and split text into runs each font can draw.

Search order for a family: the workspace's fonts/ folder, then system fonts,
then reportlab's bundled Vera (Latin-1 only). Characters the chosen font lacks
fall back per run to another registered face, then to a CJK TrueType font
(WenQuanYi Zen Hei, Droid Sans Fallback), and last to the non-embedded CID font
STSong-Light, with a warning. A character nothing can draw is reported.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from lessonpress.errors import LessonpressError, Pos
from lessonpress.files import read_bytes
from lessonpress.render.pdf.escape import escape
from lessonpress.resolve.textmatch import nfc

MAX_FONT_BYTES = 64_000_000

SYSTEM_FONT_DIRS = [
    Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts", Path.home() / ".local/share/fonts",  # Linux
    Path("/Library/Fonts"), Path("/System/Library/Fonts"), Path.home() / "Library/Fonts",  # macOS
    Path("C:/Windows/Fonts"),  # Windows
]
VERA_DIR = Path(reportlab.__file__).parent / "fonts"
VERA = {"regular": "Vera.ttf", "bold": "VeraBd.ttf", "italic": "VeraIt.ttf", "bolditalic": "VeraBI.ttf"}
CJK_CANDIDATES = [("wqy-zenhei.ttc", 0), ("wqy-microhei.ttc", 0), ("DroidSansFallbackFull.ttf", None), ("DroidSansFallback.ttf", None)]
CJK_PACKAGE_HINT = "install the Debian package fonts-wqy-zenhei (or fonts-droid-fallback) to embed it"
STYLES = {"": "regular", "regular": "regular", "book": "regular", "roman": "regular", "bold": "bold", "italic": "italic",
          "oblique": "italic", "bolditalic": "bolditalic", "boldoblique": "bolditalic"}
_ALWAYS_OK = frozenset("\n\t ")


_REPORTLAB_TO_UNICODE = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap for a font subset, with characters above U+FFFF (emoji) written as UTF-16 (a
    surrogate pair), as a CMap needs them: reportlab writes <1F600>, which no reader accepts, so an emoji could not
    be copied or read aloud. Every other line is reportlab's own."""
    cmap: str = _REPORTLAB_TO_UNICODE(fontname, subset)
    if max(subset, default=0) <= 0xFFFF:
        return cmap
    for code, value in enumerate(subset):
        if value > 0xFFFF:
            cmap = cmap.replace(f"<{code:02X}> <{value:04X}>", f"<{code:02X}> <{chr(value).encode('utf-16-be').hex().upper()}>")
    return cmap


ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # looked up by TTFont.addObjects each time a font is written


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@lru_cache(maxsize=8)
def _font_files(extra_dir: str | None) -> dict[str, dict[str, Path]]:
    """family key -> style -> file, from file names such as DejaVuSerif-BoldItalic.ttf."""
    families: dict[str, dict[str, Path]] = {}
    dirs = ([Path(extra_dir)] if extra_dir else []) + SYSTEM_FONT_DIRS
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in (".ttf", ".ttc"):
                continue
            base, _, style = path.stem.partition("-")
            style_key = STYLES.get(_key(style))
            if style_key is None:
                continue
            families.setdefault(_key(base), {}).setdefault(style_key, path)
    return families


@dataclass(frozen=True)
class Face:
    name: str  # registered reportlab name
    path: Path | None  # None for the CID font
    coverage: frozenset[int]
    embedded: bool = True

    @property
    def chars(self) -> frozenset[str]:
        """Coverage as characters (plus tab and newline), for a C-speed subset test on whole strings."""
        cached: frozenset[str] | None = _CHARS.get(self.name)
        if cached is None:
            cached = _CHARS[self.name] = frozenset(map(chr, self.coverage)) | _ALWAYS_OK
        return cached


_CHARS: dict[str, frozenset[str]] = {}


@dataclass
class Family:
    name: str  # registered family name (regular face name)
    faces: dict[str, Face]  # style -> face
    source: str  # where it came from, for `doctor`

    @property
    def regular(self) -> Face:
        return self.faces["regular"]


_REGISTERED: dict[str, Face] = {}
_BY_FILE: dict[tuple[Path, int | None], Face] = {}


def _register(name: str, path: Path, subfont: int | None = None) -> Face:
    """Parse and register a font file once per process (~20 ms each for DejaVu), whatever name asks for it."""
    known = _BY_FILE.get((path, subfont))
    if known is not None:
        return known
    base, number = name, 1
    while name in _REGISTERED and _REGISTERED[name].path != path:  # another file already has this name (a workspace font)
        number += 1
        name = f"{base}-{number}"
    if name not in _REGISTERED:
        data = io.BytesIO(read_bytes(path, MAX_FONT_BYTES, what="font"))
        data.name = str(path)
        try:
            font = TTFont(name, data, subfontIndex=subfont) if subfont is not None else TTFont(name, data)
        except Exception as exc:  # noqa: BLE001 - reportlab raises anything from struct.error to TTFError on a damaged file
            raise LessonpressError.at(Pos(path), f"this font file cannot be used ({type(exc).__name__}: {exc}): replace it with a TrueType (.ttf) font") from None
        pdfmetrics.registerFont(font)
        _REGISTERED[name] = Face(name, path, frozenset(font.face.charToGlyph))
    _BY_FILE[(path, subfont)] = _REGISTERED[name]
    return _REGISTERED[name]


def load_family(wanted: str, fonts_dir: Path | None, styles: tuple[str, ...] = ("regular", "bold", "italic", "bolditalic")) -> Family:
    """Register the `styles` of `wanted` that pages use; other styles borrow the closest registered face.

    Vera when the family is not found.
    """
    files = _font_files(str(fonts_dir) if fonts_dir and fonts_dir.is_dir() else None).get(_key(wanted), {})
    if "regular" in files:
        source = str(files["regular"].parent)
        prefix = "LP-" + re.sub(r"\W", "", wanted)
    else:
        files = {style: VERA_DIR / name for style, name in VERA.items()}
        source = f"bundled Vera (no '{wanted}' found)"
        prefix = "LP-Vera"
    faces: dict[str, Face] = {}
    for style in ("regular", "bold", "italic", "bolditalic"):
        if style != "regular" and style not in styles:
            faces[style] = faces["bold"] if style == "bolditalic" and "bold" in styles else faces["regular"]
            continue
        path = files.get(style) or files.get("bold" if style == "bolditalic" else "regular") or files["regular"]
        faces[style] = _register(f"{prefix}-{style}", path)
    family = Family(faces["regular"].name, faces, source)
    addMapping(family.name, 0, 0, faces["regular"].name)
    addMapping(family.name, 1, 0, faces["bold"].name)
    addMapping(family.name, 0, 1, faces["italic"].name)
    addMapping(family.name, 1, 1, faces["bolditalic"].name)
    return family


@lru_cache(maxsize=1)
def cjk_face() -> Face:
    for folder in SYSTEM_FONT_DIRS:
        if not folder.is_dir():
            continue
        for name, subfont in CJK_CANDIDATES:
            for path in sorted(folder.rglob(name)):
                return _register("LP-CJK", path, subfont)
    if "STSong-Light" not in _REGISTERED:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        coverage = frozenset(c for lo, hi in ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x3000, 0x303F)) for c in range(lo, hi + 1))
        _REGISTERED["STSong-Light"] = Face("STSong-Light", None, coverage, embedded=False)
    return _REGISTERED["STSong-Light"]


def cjk_family() -> Family | None:
    """The CJK TrueType font as a family (every style its one face), for the headings and labels of a Chinese copy:
    its labels are drawn and measured in one font, which must have both their Chinese and Latin letters. None when
    only the non-embedded CID font is there."""
    face = cjk_face()
    if not face.embedded:
        return None
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(face.name, bold, italic, face.name)
    return Family(face.name, dict.fromkeys(("regular", "bold", "italic", "bolditalic"), face), str(face.path))


@dataclass
class FontReport:
    """What the text needed that the fonts could not give, reported once per build."""

    missing: dict[str, str] = field(default_factory=dict)  # character -> a snippet where it occurs
    unembedded: set[str] = field(default_factory=set)  # characters drawn with the CID font
    right_to_left: set[str] = field(default_factory=set)  # Hebrew, Arabic ... (printed in stored order)


class Fonts:
    """The faces a document uses, and text -> Paragraph markup with per-run fallback."""

    def __init__(self, body: Family, heading: Family, fonts_dir: Path | None = None):
        self.body = body
        self.heading = heading
        self.fonts_dir = fonts_dir
        self.report = FontReport()
        others = [f for fam in (body, heading) for f in fam.faces.values()]
        self._fallbacks: list[Face] = list(dict.fromkeys(others))
        dejavu = _font_files(None).get("dejavusans", {}).get("regular")
        if dejavu is not None:
            self._fallbacks.append(_register("LP-DejaVuSans-fallback", dejavu))

    def _fallback_for(self, char: str) -> Face | None:
        code = ord(char)
        for face in self._fallbacks:
            if code in face.coverage:
                return face
        cjk = cjk_face()
        return cjk if code in cjk.coverage else None

    def markup(self, text: str, face: Face | None = None) -> str:
        """Escape user text for Paragraph markup, wrapping characters the face lacks in a fallback <font>."""
        face = face or self.body.regular
        coverage = face.coverage
        text = nfc(text)
        if face.chars.issuperset(text):  # the common case: one font draws it all
            if text and max(text) >= "\u0590":
                self.report.right_to_left.update(c for c in text if unicodedata.bidirectional(c) in ("R", "AL"))
            return escape(text)
        out: list[str] = []
        run: list[str] = []
        run_face: Face | None = None
        for char in text:
            if unicodedata.bidirectional(char) in ("R", "AL"):
                self.report.right_to_left.add(char)
            target = None if (ord(char) in coverage or char in _ALWAYS_OK) else self._fallback_for(char)
            if target is None and ord(char) not in coverage and char not in _ALWAYS_OK:
                self.report.missing.setdefault(char, text)
            if target is not None and not target.embedded:
                self.report.unembedded.add(char)
            if target is not run_face:
                out.append(self._wrap("".join(run), run_face))
                run, run_face = [], target
            run.append(char)
        out.append(self._wrap("".join(run), run_face))
        return "".join(out)

    @staticmethod
    def _wrap(text: str, face: Face | None) -> str:
        if not text:
            return ""
        return escape(text) if face is None else f'<font face="{face.name}">{escape(text)}</font>'

    def plain(self, text: str, face: Face | None = None) -> str:
        """Text for canvas.drawString: characters the face lacks become '?', and are reported."""
        face = face or self.body.regular
        return "".join(c if ord(c) in face.coverage else self._missing(c, text) for c in text)

    def _missing(self, char: str, text: str) -> str:
        self.report.missing.setdefault(char, text)
        return "?"


def describe_fonts(fonts_dir: Path | None = None) -> list[str]:
    """Lines for `lessonpress doctor`: families found and what the CJK fallback is."""
    lines = []
    for key, styles in sorted(_font_files(str(fonts_dir) if fonts_dir and fonts_dir.is_dir() else None).items()):
        regular = styles.get("regular")
        if regular is not None:
            glyphs = len(_register(f"LP-doctor-{key}", regular).coverage)
            lines.append(f"{key}: {', '.join(sorted(styles))}; {glyphs} characters ({regular.parent})")
    cjk = cjk_face()
    where = str(cjk.path) if cjk.path else f"STSong-Light, NOT embedded: {CJK_PACKAGE_HINT}"
    lines.append(f"CJK fallback: {where} ({len(cjk.coverage)} characters)")
    lines.append(f"floor: bundled Vera in {VERA_DIR} (Latin-1 only)")
    return lines

