"""pyphen's dictionaries are parsed once per output folder: the kept copy breaks words exactly as pyphen does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyphen
import pytest
from conftest import copy_examples

from lessonpress.builder import BuildOptions, build
from lessonpress.style import hyphenation
from lessonpress.workspace import open_workspace


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A process that has parsed no dictionary yet, keeping parsed ones in `tmp_path`."""
    monkeypatch.setattr(pyphen, "hdcache", {})
    monkeypatch.setattr(hyphenation, "_kept_in", None)
    hyphenation.keep_parsed_in(tmp_path)
    return tmp_path


def _source(name: str) -> Path:
    return Path(pyphen.LANGUAGES[pyphen.language_fallback(name)])


def test_the_kept_copy_is_what_pyphen_parses(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hyphenation.load("en_US")
    kept = fresh / ".lessonpress-hyphenation.en_US.json"
    assert kept.is_file()
    parsed = pyphen.hdcache[_source("en_US")]
    words = ["historiography", "collectivization", "agricultural", "Forward", "economy"]
    expected = [list(pyphen.Pyphen(lang="en_US").iterate(w)) for w in words]

    def no_parsing(self: object, path: object) -> None:
        raise AssertionError("the kept copy should have been used")

    monkeypatch.setattr(pyphen, "hdcache", {})
    monkeypatch.setattr(pyphen.HyphDict, "__init__", no_parsing)
    hyphenation.load("en_US")
    loaded = pyphen.hdcache[_source("en_US")]
    assert loaded is not parsed
    assert loaded.patterns == parsed.patterns and loaded.maxlen == parsed.maxlen
    assert [list(pyphen.Pyphen(lang="en_US").iterate(w)) for w in words] == expected
    assert expected[0]  # the test hyphenates something


@pytest.mark.parametrize("damage", [
    b"not json",
    b"[]",
    b'["pyphen 0.0 0", ["a"], [0], [[1]]]',  # another pyphen or dictionary
    b'{"patterns": {}}',
])
def test_a_damaged_or_stale_copy_is_parsed_again(fresh: Path, damage: bytes) -> None:
    hyphenation.load("es")
    kept = fresh / ".lessonpress-hyphenation.es.json"
    good = kept.read_bytes()
    patterns = pyphen.hdcache[_source("es")].patterns
    kept.write_bytes(damage)
    pyphen.hdcache.clear()
    hyphenation.load("es")
    assert pyphen.hdcache[_source("es")].patterns == patterns
    assert kept.read_bytes() == good


def test_wrong_types_inside_the_copy_are_refused(fresh: Path) -> None:
    hyphenation.load("en_US")
    kept = fresh / ".lessonpress-hyphenation.en_US.json"
    good = kept.read_bytes()
    data = json.loads(good)
    data[3][0] = ["1"]  # a string among the numbers
    kept.write_text(json.dumps(data), encoding="utf-8")
    pyphen.hdcache.clear()
    hyphenation.load("en_US")
    assert kept.read_bytes() == good


def test_a_dictionary_loads_when_a_word_first_breaks(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hyphenation, "_hyphenators", {})
    breaker = hyphenation.hyphenator("en_US")
    assert breaker is hyphenation.hyphenator("en_US") and hyphenation.hyphenator("") == ""
    assert pyphen.hdcache == {} and not (fresh / ".lessonpress-hyphenation.en_US.json").exists()
    assert callable(breaker) and list(breaker("collectivization")) == list(pyphen.Pyphen(lang="en_US").iterate("collectivization"))
    assert _source("en_US") in pyphen.hdcache and (fresh / ".lessonpress-hyphenation.en_US.json").is_file()


def test_without_a_folder_nothing_is_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pyphen, "hdcache", {})
    monkeypatch.setattr(hyphenation, "_kept_in", None)
    hyphenation.load("en_US")
    assert pyphen.hdcache == {} and list(tmp_path.iterdir()) == []


def test_a_build_with_the_kept_copy_prints_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = copy_examples(tmp_path / "ws")
    monkeypatch.setattr(pyphen, "hdcache", {})  # the workers are forks of this process: none has a dictionary yet
    monkeypatch.setattr(hyphenation, "_hyphenators", {})
    target = [ws / "lesson_specs" / "glf-evidence-lab.yaml"]
    assert build(open_workspace(ws), target, BuildOptions(jobs=1)).ok
    kept = ws / "output" / ".lessonpress-hyphenation.en_US.json"
    assert kept.is_file()
    first = {p.relative_to(ws): p.read_bytes() for p in sorted((ws / "output").rglob("*.pdf"))}
    assert first
    stamp = kept.stat().st_mtime_ns
    assert build(open_workspace(ws), target, BuildOptions(jobs=1, force=True)).ok
    assert kept.stat().st_mtime_ns == stamp  # read, not written again
    assert {p.relative_to(ws): p.read_bytes() for p in sorted((ws / "output").rglob("*.pdf"))} == first
    shutil.rmtree(ws / "output")
    assert build(open_workspace(ws), target, BuildOptions(jobs=1)).ok
    assert {p.relative_to(ws): p.read_bytes() for p in sorted((ws / "output").rglob("*.pdf"))} == first
