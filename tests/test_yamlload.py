from __future__ import annotations

from pathlib import Path

import pytest

from lessonpress.errors import LessonpressError
from lessonpress.spec.yamltree import YMap, parse_yaml, source_map, to_python

P = Path("spec.yaml")


def test_scalars_stay_text_so_the_schema_decides() -> None:
    node = parse_yaml("grade: 10\ncountry: NO\ndate: 2024-01-01\nflag: yes\nnothing: null\nquoted: 'null'\n", P)
    assert to_python(node) == {
        "grade": "10",
        "country": "NO",
        "date": "2024-01-01",
        "flag": "yes",
        "nothing": None,
        "quoted": "null",
    }


def test_every_key_and_value_has_its_position() -> None:
    node = parse_yaml("a:\n  b: 1\n  c: [x, y]\n", P)
    smap = source_map(node)
    assert (smap.values[("a", "c", 1)].line, smap.values[("a", "c", 1)].col) == (3, 10)
    assert (smap.keys[("a", "b")].line, smap.keys[("a", "b")].col) == (2, 3)
    # a missing path falls back to its nearest ancestor
    assert smap.find(("a", "c", 7)) == smap.values[("a", "c")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x 1\nb: *x\n", "1:4: error: YAML anchors (&x) are not supported"),
        ("a: *x\n", "1:4: error: YAML aliases (*x) are not supported"),
        ("a: !shell ls\n", "1:4: error: YAML tags (!shell) are not supported"),
        ("a: 1\na: 2\n", "2:1: error: duplicate key 'a' (first written at line 1)"),
        ("a:\n\tb: 1\n", "2:1: error: tab character in indentation"),
        ("a: [1\n", "error: not valid YAML"),
        ("- [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n", "nesting is deeper than 40"),
    ],
)
def test_refused_yaml(text: str, message: str) -> None:
    with pytest.raises(LessonpressError) as info:
        parse_yaml(text, P)
    assert message in str(info.value)


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    text = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    with pytest.raises(LessonpressError, match="1:4: error: YAML anchors"):
        parse_yaml(text, P)


def test_line_offset_for_front_matter() -> None:
    node = parse_yaml("title: x\n", P, line_offset=1)
    assert isinstance(node, YMap)
    assert node.key_pos("title").line == 2
