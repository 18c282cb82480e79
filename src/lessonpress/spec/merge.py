"""`extends:` — deep-merge a lesson over the lesson it starts from, keeping every value's position.

Mappings merge key by key; a key set to null removes the parent's value; a list
replaces the parent's list whole, and a mapping keyed by 1-based positions edits
single items of the parent's list (null at a position removes that item).
"""

from __future__ import annotations

import re
import unicodedata

from lessonpress.errors import Diagnostics
from lessonpress.spec.yamltree import YMap, YNode, YScalar, YSeq

_POSITION = re.compile(r"[0-9]+")  # ASCII digits only: '²' and '①' are digits to str.isdigit(), not to int()


def _looks_like_position(key: str) -> bool:
    """A key meant as a position, even if written with other digits ('²', '①', '٣')."""
    return bool(key) and all(ch.isdigit() or unicodedata.numeric(ch, None) is not None for ch in key.strip())


def _short(key: str) -> str:
    return key if len(key) <= 24 else key[:23] + "…"


def _is_null(node: YNode) -> bool:
    return isinstance(node, YScalar) and node.value is None


def merge(parent: YNode, child: YNode, diags: Diagnostics, name: str = "") -> YNode:
    """`child` laid over `parent`; `name` is the key being merged, for messages."""
    if isinstance(child, YMap) and isinstance(parent, YMap):
        items = dict(parent.items)
        for key, (key_pos, value) in child.items.items():
            if _is_null(value):
                items.pop(key, None)
            elif key in items:
                items[key] = (key_pos, merge(items[key][1], value, diags, key))
            else:
                items[key] = (key_pos, value)
        return YMap(items, child.pos)
    if isinstance(child, YMap) and isinstance(parent, YSeq) and any(_looks_like_position(k) for k in child.items):
        return _edit_items(parent, child, diags, name)
    return child


def _edit_items(parent: YSeq, edits: YMap, diags: Diagnostics, name: str) -> YSeq:
    items: list[YNode | None] = list(parent.items)
    for key, (key_pos, value) in edits.items.items():
        if not _POSITION.fullmatch(key):
            diags.error(key_pos, f"'{_short(key)}' is not a position: number the items of '{name}' you change with the digits 0-9, e.g. 2: {{...}}")
            continue
        index = int(key) - 1 if len(key) < 20 else len(items)  # a longer number is past the end anyway
        if not 0 <= index < len(items):
            count = f"{len(items)} item{'s' if len(items) != 1 else ''}"
            diags.error(key_pos, f"position {_short(key)} does not exist: '{name}' in the lesson this extends has {count} (1-{len(items)})")
            continue
        current = items[index]
        if current is None:
            continue
        items[index] = None if _is_null(value) else merge(current, value, diags)
    return YSeq([item for item in items if item is not None], parent.pos)
