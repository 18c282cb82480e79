"""Load YAML into a small tree that remembers where every key and value was written.

Scalars stay strings (only `null`, `~` and empty become None): the typed models
decide what a value means, so `grade: 10`, `country: NO` and `date: 2024-01-01`
are never guessed into ints, booleans or dates the way YAML 1.1 would.
Anchors, aliases and tags are refused: they are never needed in a lesson and
aliases allow "billion laughs" documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lessonpress.errors import LessonpressError, Pos
from lessonpress.spec.yamlerrors import locate

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_DEPTH = 40
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tab and newline are fine
_LINE_SEPARATORS = re.compile("[\u2028\u2029]")
# what YAML refuses to read (its "printable" set), beyond the control characters files.py refuses
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
NULLS = {"", "~", "null", "Null", "NULL"}
PathKey = tuple[str | int, ...]


@dataclass(slots=True)
class YScalar:
    value: str | None
    pos: Pos


@dataclass(slots=True)
class YSeq:
    items: list[YNode]
    pos: Pos


@dataclass(slots=True)
class YMap:
    # key -> (position of the key, value node)
    items: dict[str, tuple[Pos, YNode]]
    pos: Pos

    def get(self, key: str) -> YNode | None:
        entry = self.items.get(key)
        return entry[1] if entry else None

    def key_pos(self, key: str) -> Pos:
        entry = self.items.get(key)
        return entry[0] if entry else self.pos


YNode = YScalar | YSeq | YMap


@dataclass
class SourceMap:
    """Positions by data path, e.g. ("sources", "A", "select") -> Pos."""

    values: dict[PathKey, Pos] = field(default_factory=dict)
    keys: dict[PathKey, Pos] = field(default_factory=dict)

    def find(self, path: PathKey, prefer_key: bool = False) -> Pos | None:
        """The position of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            sub = path[:end]
            first, second = (self.keys, self.values) if prefer_key else (self.values, self.keys)
            if sub in first:
                return first[sub]
            if sub in second:
                return second[sub]
        return None


def _pos(path: Path, mark: Any, line_offset: int) -> Pos:
    return Pos(path, mark.line + 1 + line_offset, mark.column + 1)


class _Composer:
    def __init__(self, text: str, path: Path, line_offset: int):
        self.loader = _Loader(text)
        self.path = path
        self.offset = line_offset

    def fail(self, mark: Any, message: str) -> LessonpressError:
        return LessonpressError.at(_pos(self.path, mark, self.offset), message)

    def compose(self) -> YNode | None:
        ld = self.loader
        ld.get_event()  # StreamStart
        if ld.check_event(yaml.StreamEndEvent):
            return None
        ld.get_event()  # DocumentStart
        node = self.node(0)
        ld.get_event()  # DocumentEnd
        if not ld.check_event(yaml.StreamEndEvent):
            raise self.fail(ld.peek_event().start_mark, "only one YAML document per file: remove this second '---' section")
        return node

    def node(self, depth: int) -> YNode:
        ld = self.loader
        event = ld.get_event()
        if isinstance(event, yaml.AliasEvent):
            raise self.fail(event.start_mark, f"YAML aliases (*{event.anchor}) are not supported: write the value out in full")
        if event.anchor is not None:
            raise self.fail(event.start_mark, f"YAML anchors (&{event.anchor}) are not supported: write the value out in full")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!", "tag:yaml.org,2002:str"):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise self.fail(event.start_mark, f"YAML tags ({shown}) are not supported: remove the tag")
        if depth > MAX_DEPTH:
            raise self.fail(event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels")
        pos = _pos(self.path, event.start_mark, self.offset)
        if isinstance(event, yaml.ScalarEvent):
            bad = _CONTROL.search(event.value)
            if bad:
                raise self.fail(event.start_mark, f"control character U+{ord(bad.group()):04X} (written as an escape) is not allowed: remove it")
            plain = not event.style  # libyaml reports '' for plain, PyYAML None
            return YScalar(None if plain and event.value in NULLS else event.value, pos)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[YNode] = []
            while not ld.check_event(yaml.SequenceEndEvent):
                items.append(self.node(depth + 1))
            ld.get_event()
            return YSeq(items, pos)
        assert isinstance(event, yaml.MappingStartEvent)
        mapping: dict[str, tuple[Pos, YNode]] = {}
        while not ld.check_event(yaml.MappingEndEvent):
            key_event = ld.peek_event()
            key = self.node(depth + 1)
            if not isinstance(key, YScalar):
                raise self.fail(key_event.start_mark, "a key must be a plain word, not a list or mapping")
            name = key.value if key.value is not None else "null"
            if name in mapping:
                first = mapping[name][0]
                raise self.fail(key_event.start_mark, f"duplicate key '{name}' (first written at line {first.line}): keep one")
            mapping[name] = (key.pos, self.node(depth + 1))
        ld.get_event()
        return YMap(mapping, pos)


def parse_yaml(text: str, path: Path, line_offset: int = 0) -> YNode | None:
    """Parse YAML text; raises LessonpressError with a friendly positioned message."""
    # libyaml counts U+2028/U+2029 as line breaks, which shifts every later line number; they are
    # invisible (and removed from printed text anyway), so a space in their place keeps lines and columns true
    text = _LINE_SEPARATORS.sub(" ", text)
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start())
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1)
        raise LessonpressError.at(Pos(path, line + 1 + line_offset, col + 1), f"character U+{ord(bad.group()):04X} is not allowed in YAML: delete it")
    composer = _Composer(text, path, line_offset)
    try:
        return composer.compose()
    except yaml.MarkedYAMLError as exc:
        found = locate(exc, text)
        raise LessonpressError.at(Pos(path, found.line + 1 + line_offset, found.col + 1), found.message) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked reader errors
        raise LessonpressError.at(Pos(path, 1 + line_offset), f"not valid YAML: {exc}") from None
    finally:
        composer.loader.dispose()


def to_python(node: YNode | None) -> Any:
    """Plain dicts, lists, strings and None, for the typed models."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [to_python(item) for item in node.items]
    return {key: to_python(value) for key, (_, value) in node.items.items()}


def source_map(node: YNode | None, prefix: PathKey = ()) -> SourceMap:
    smap = SourceMap()
    _fill(node, prefix, smap)
    return smap


def _fill(node: YNode | None, path: PathKey, smap: SourceMap) -> None:
    if node is None:
        return
    smap.values[path] = node.pos
    if isinstance(node, YSeq):
        for index, item in enumerate(node.items):
            _fill(item, path + (index,), smap)
    elif isinstance(node, YMap):
        for key, (key_pos, value) in node.items.items():
            smap.keys[path + (key,)] = key_pos
            _fill(value, path + (key,), smap)
