"""Folder names made from names people write, such as a class's name in a curriculum.

One function decides the folder, so the check that two classes never share a
folder and the build that writes into it always agree.
"""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60  # file systems cap a name at 255 bytes; a class folder also holds lesson folders
FALLBACK = "class"  # for a name with no letter or digit at all, such as "!!!"

# Letters NFKD does not split into an ASCII letter and an accent.
_SPELLED = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                          "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ı": "i", "ħ": "h", "Ħ": "H"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def ascii_letters(name: str) -> str:
    """`name` in ASCII: accents dropped ("Période" -> "Periode"), other characters without an ASCII form removed."""
    spelled = unicodedata.normalize("NFKD", name.translate(_SPELLED))
    return spelled.encode("ascii", "ignore").decode("ascii")


def class_slug(name: str) -> str:
    """The folder for a class: lowercase ASCII letters and digits joined by '-', at most MAX_SLUG characters."""
    slug = _NOT_ALNUM.sub("-", ascii_letters(name).lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-") or FALLBACK
