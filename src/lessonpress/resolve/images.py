"""Pictures of image documents: checked when the material is loaded, prepared once for printing.

Pillow reads only PNG and JPEG. Every check happens before a page is made, and
each failure is an error at the material's `image:` line: a missing, linked-out
or non-regular file (through `files.read_bytes`), a file over the size limit, a
picture over the pixel limit (a decompression bomb is small on disk: the header
is read before any pixel), a truncated or damaged file, another format.
Preparing applies the EXIF orientation, the crop and a resolution cap, and
re-encodes without metadata, so the same file always prints the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lessonpress.errors import LessonpressError, Pos, display_path
from lessonpress.files import read_bytes, resolve_path

if TYPE_CHECKING:
    from PIL import Image

FORMATS = {"PNG": "png", "JPEG": "jpeg"}
MAX_PRINT_PIXELS = 2400  # the long side after cropping: 300 dpi across an 8-inch text block


@dataclass(frozen=True)
class ImageFile:
    path: Path
    width: int  # pixels, upright (after the EXIF orientation)
    height: int
    format: str  # "PNG" or "JPEG"
    digest: str  # sha256 of the file's bytes


@dataclass(frozen=True)
class PreparedImage:
    """What a writer embeds: encoded bytes (PNG or JPEG), their pixel size and the format."""

    data: bytes
    width: int
    height: int
    format: str
    digest: str  # sha256 of `data`: writers embed each picture once per file by this name

    @property
    def aspect(self) -> float:
        return self.height / self.width

    @property
    def mime(self) -> str:
        return f"image/{FORMATS[self.format]}"


def _open(data: bytes, max_pixels: int, name: str, at: Pos) -> Image.Image:
    from PIL import Image, UnidentifiedImageError  # Pillow only when a lesson has a picture (~7 ms of every start)

    pillow_limit = Image.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = None  # the header is read first and checked against our own limit below
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise LessonpressError.at(at, f"image '{name}' is {image.format or 'an unknown format'}: only PNG and JPEG are printed "
                                              "(save it as PNG, or as JPEG for a photograph)")
            width, height = image.size
            if width * height > max_pixels:
                raise LessonpressError.at(at, f"image '{name}' is {width}×{height} pixels ({width * height / 1e6:.0f} megapixels); the limit is "
                                              f"{max_pixels / 1e6:g} (scale it down, or raise limits.max_image_megapixels)")
            image.load()
    except LessonpressError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        hint = " (SVG is not supported: export it as PNG)" if data.lstrip()[:5] in (b"<?xml", b"<svg ") else ""
        raise LessonpressError.at(at, f"image '{name}' cannot be read as a picture{hint}: {exc}") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise LessonpressError.at(at, f"image '{name}' is damaged or truncated and cannot be printed: {exc}") from None
    finally:
        Image.MAX_IMAGE_PIXELS = pillow_limit
    return image


def inspect_image(path: Path, at: Pos, root: Path | None, max_bytes: int, max_pixels: int, written: str = "") -> ImageFile:
    """Check an image completely (every pixel decoded once); errors are placed at `at`, the `image:` line."""
    from PIL import ImageOps

    name = written or path.name
    if root is not None and not _inside(path, root):
        raise LessonpressError.at(at, f"image '{name}' is outside the workspace: copy it into materials/ (e.g. materials/images/)")
    data = _read(path, at, root, max_bytes, name)
    image = _open(data, max_pixels, name, at)
    upright = ImageOps.exif_transpose(image) or image
    return ImageFile(path, upright.width, upright.height, str(image.format), hashlib.sha256(data).hexdigest())


def _inside(path: Path, root: Path) -> bool:
    try:
        return resolve_path(path).is_relative_to(resolve_path(root))
    except LessonpressError:
        return True  # a link loop: read_bytes says so


def _read(path: Path, at: Pos, root: Path | None, max_bytes: int, name: str = "") -> bytes:
    name = name or path.name
    if not os.path.lexists(path):
        raise LessonpressError.at(at, f"image '{name}' does not exist (looked for {path.name} in {display_path(path.parent)}/)")
    try:
        return read_bytes(path, max_bytes, root, what="image")
    except LessonpressError as exc:
        message = exc.diagnostics[0].message.removeprefix("cannot read: ")
        raise LessonpressError.at(at, f"image '{name}': {message}") from None


def prepare_image(image: ImageFile, crop: tuple[float, float, float, float] | None) -> PreparedImage:
    """The picture as printed: upright, cropped, at most MAX_PRINT_PIXELS on its long side, re-encoded without metadata.

    The file was checked when its material was loaded; it is read again here (a worker process) and must not have changed.
    """
    from PIL import Image, ImageOps

    at = Pos(image.path)
    max_pixels = image.width * image.height
    data = _read(image.path, at, None, 500_000_000)
    if hashlib.sha256(data).hexdigest() != image.digest:
        raise LessonpressError.at(at, "this image changed while the lesson was being built: build again")
    opened = _open(data, max_pixels, image.path.name, at)
    picture = ImageOps.exif_transpose(opened) or opened
    if crop is not None:
        x0, y0, x1, y1 = crop
        box = (round(x0 * picture.width), round(y0 * picture.height), round(x1 * picture.width), round(y1 * picture.height))
        picture = picture.crop((box[0], box[1], max(box[2], box[0] + 1), max(box[3], box[1] + 1)))
    longest = max(picture.size)
    if longest > MAX_PRINT_PIXELS:
        scale = MAX_PRINT_PIXELS / longest
        picture = picture.resize((max(1, round(picture.width * scale)), max(1, round(picture.height * scale))), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if image.format == "JPEG":
        picture.convert("RGB").save(out, format="JPEG", quality=90, optimize=False)
    else:
        if picture.mode not in ("RGB", "RGBA", "L", "LA"):
            picture = picture.convert("RGBA" if "A" in picture.getbands() or "transparency" in picture.info else "RGB")
        picture.save(out, format="PNG", optimize=False)
    encoded = out.getvalue()
    return PreparedImage(encoded, picture.width, picture.height, image.format, hashlib.sha256(encoded).hexdigest())
