"""Load a workspace's specs and materials and resolve what was asked for: the one way in for check and build."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lessonpress.errors import Diagnostic, Diagnostics, LessonpressError, Pos, display_path, suggest
from lessonpress.exercises import lesson_model
from lessonpress.resolve.materials import Material, load_material
from lessonpress.resolve.names import class_slug
from lessonpress.resolve.rosters import read_roster
from lessonpress.resolve.rules import LessonChecker, ResolvedLesson
from lessonpress.resolve.specindex import SpecFile, SpecSummary, open_spec
from lessonpress.resolve.targets import expand_targets
from lessonpress.resolve.textmatch import clip
from lessonpress.resolve.tiers import tier_problem
from lessonpress.resolve.translations import link_translations
from lessonpress.spec.explain import validate_node
from lessonpress.spec.merge import merge
from lessonpress.spec.models import LESSON_ID_PATTERN, Curriculum
from lessonpress.spec.yamltree import SourceMap, YNode, source_map
from lessonpress.style.locale import problem
from lessonpress.workspace import Workspace

MAX_EXTENDS = 50  # `extends` steps from a lesson to the lesson its chain starts from


@dataclass
class ResolvedCurriculum:
    curriculum: Curriculum
    path: Path
    smap: SourceMap
    lesson_ids: list[str]
    class_lessons: dict[int, list[str]] = field(default_factory=dict)  # class index -> its own lessons, when it has `lessons:`
    # class index -> its students' names (a list in the curriculum or a roster file): personal data, kept in memory only
    class_names: dict[int, list[str]] = field(default_factory=dict, repr=False)

    def lessons_of(self, class_index: int) -> list[str]:
        """The lessons a class takes, in order: its own `lessons:` or the unit's."""
        return self.class_lessons.get(class_index, self.lesson_ids)


@dataclass
class Project:
    workspace: Workspace
    lessons: dict[str, ResolvedLesson] = field(default_factory=dict)
    curricula: dict[str, ResolvedCurriculum] = field(default_factory=dict)
    failed: dict[Path, list[Diagnostic]] = field(default_factory=dict)  # spec file -> its errors
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    materials: dict[str, Material] = field(default_factory=dict)
    checked_materials: list[Path] = field(default_factory=list)  # material files whose problems were reported
    spec_index: dict[str, SpecSummary] = field(default_factory=dict)  # workspace-relative path -> id summary, for next time
    skipped: dict[str, Pos] = field(default_factory=dict)  # lesson id -> its id's position: up to date, so not resolved
    deferred: dict[str, Pos] = field(default_factory=dict)  # lesson id -> its id's position: to be resolved by `resolver`
    # resolves a deferred lesson by its spec file (in a build's worker process): the lesson or None, and its diagnostics
    resolver: Callable[[Path], tuple[ResolvedLesson | None, Diagnostics]] | None = None

    def lesson_ids(self) -> dict[str, Pos]:
        """Every lesson this load stands for, resolved, deferred or skipped as up to date: id -> position of its id."""
        return {**{lid: lesson.pos(("id",)) for lid, lesson in self.lessons.items()}, **self.deferred, **self.skipped}

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors()


class _Loader:
    def __init__(self, workspace: Workspace, targets: list[Path], index: dict[str, SpecSummary] | None = None,
                 skip: set[Path] | None = None, defer: bool = False, file_sha: Callable[[Path], str | None] | None = None):
        self.ws = workspace
        self.skip = skip or set()
        self.defer = defer
        self.parents: set[str] = set()
        self.diags = Diagnostics()
        self.project = Project(workspace, diagnostics=self.diags)
        self.targets = expand_targets(workspace, targets)
        self.requested = self.targets.specs
        known = {p.absolute() for p in workspace.spec_files()} | set(self.requested)
        if len(known) > workspace.settings.limits.max_lessons:
            raise LessonpressError.at(
                Pos(workspace.specs_dir),
                f"{len(known)} spec files; the limit is {workspace.settings.limits.max_lessons} (raise limits.max_lessons in lessonpress.yaml)",
            )
        self.specs = {path: open_spec(path, workspace.max_file_bytes, workspace.root, index, self._key(path), file_sha,
                                     keep_tree=not defer) for path in sorted(known)}
        self.lessons_by_id: dict[str, SpecFile] = {}
        self.duplicates: dict[Path, Diagnostic] = {}
        self.material_errors: dict[str, Diagnostics] = {}  # broken material id -> its problems
        self._index_ids()

    def _key(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.ws.root))
        except ValueError:
            return str(path)

    def _index_ids(self) -> None:
        groups: dict[str, list[SpecFile]] = {}
        for spec in self.specs.values():
            if spec.id is not None:
                groups.setdefault(spec.id, []).append(spec)
        for spec_id, group in groups.items():
            if not group[0].is_curriculum:
                self.lessons_by_id[spec_id] = group[0]
            if len(group) == 1:
                continue
            for spec in group:
                other = next(s for s in group if s is not spec)
                message = f"id '{spec_id}' is also used by {other.id_pos.display()}: ids must be unique in the workspace"
                self.duplicates[spec.path] = Diagnostic(spec.id_pos, message)

    def load_materials(self) -> None:
        asked = {os.path.realpath(p) for p in self.targets.materials}
        listed = self.ws.material_files()
        for path in listed:
            local = Diagnostics()
            material = load_material(path.absolute(), local, self.ws.max_file_bytes, self.ws.root, *self.ws.image_limits)
            if material is None:
                self.material_errors[path.stem] = local
            elif material.id in self.project.materials:
                first = self.project.materials[material.id]
                local.error(material.meta_pos.get("id", Pos(material.path)), f"material id '{material.id}' is already used by {display_path(first.path)}")
                self.material_errors[material.id] = local
            else:
                self.project.materials[material.id] = material
            # a whole folder of lessons (the default build) reports every material's problems, used or not
            if self.targets.all_materials or os.path.realpath(path) in asked:
                self.diags.extend(local)
                self.project.checked_materials.append(path.absolute())
        for material_path, problems in link_translations(self.project.materials, self.material_errors).items():
            if self.targets.all_materials or os.path.realpath(material_path) in asked:
                self.diags.extend(problems)
        known = {os.path.realpath(p) for p in listed}
        for path in self.targets.materials:
            if os.path.realpath(path) not in known:  # outside materials/: checked, but no lesson can use it
                local = Diagnostics()
                load_material(path, local, self.ws.max_file_bytes, self.ws.root, *self.ws.image_limits)
                self.diags.extend(local)
                self.project.checked_materials.append(path)

    def run(self) -> Project:
        self.load_materials()
        lesson_files: list[SpecFile] = []
        for path in self.requested:
            spec = self.specs[path]
            if spec.is_curriculum:
                lesson_files.extend(self._curriculum(spec))
            else:
                lesson_files.append(spec)
        self.parents = {spec.extends[0] for spec in self.specs.values() if spec.extends[0]}
        for spec in dict.fromkeys(lesson_files):
            known = spec.id is not None and spec.path not in self.duplicates and spec.id not in self.project.deferred
            if known and spec.path in self.skip:
                self.project.skipped[spec.id] = spec.id_pos  # type: ignore[index]
                continue
            if known and self.defer:
                self.project.deferred[spec.id] = spec.id_pos  # type: ignore[index]
                continue
            self._lesson(spec)
            if spec.id not in self.parents:
                spec.release()  # its tree is in the resolved lesson's source map now
        if self.defer:
            self.project.resolver = self.resolve_path
            for spec in self.specs.values():  # a worker parses what it resolves: the main process keeps ids, not trees
                if spec.parsed and not spec.errors and not spec.is_curriculum:
                    spec.release()
        else:
            self._check_tiers()
        for errors in self.project.failed.values():
            self.diags.extend(errors)
        self.project.spec_index = {self._key(path): spec.summary for path, spec in self.specs.items()
                                   if spec.summary is not None and spec.id is not None}
        return self.project

    def _check_tiers(self) -> None:
        """Every class's reading tier exists in the lessons it is given for (a build checks this as it renders)."""
        for unit in self.project.curricula.values():
            for index, section in enumerate(unit.curriculum.classes):
                for lesson_id in unit.lessons_of(index):
                    tier, named = class_tier(section.tier, lesson_id)
                    lesson = self.project.lessons.get(lesson_id)
                    if tier is None or lesson is None:
                        continue
                    problem = tier_problem(lesson_id, sorted(lesson.tiers), tier, named)
                    if problem:
                        pos = unit.smap.find(("classes", index, "tier") + ((lesson_id,) if named else ())) or Pos(unit.path)
                        self.project.failed.setdefault(unit.path, []).append(Diagnostic(pos, problem))

    def _curriculum(self, spec: SpecFile) -> list[SpecFile]:
        local = Diagnostics()
        if spec.errors or spec.path in self.duplicates:
            self._fail_duplicate(spec)
            self.project.failed.setdefault(spec.path, []).extend(spec.errors)
            return []
        curriculum = validate_node(Curriculum, spec.node, spec.path, local, "curriculum")
        smap = source_map(spec.node)
        ids: list[str] = []
        class_lessons: dict[int, list[str]] = {}
        names: dict[int, list[str]] = {}
        if curriculum is not None:
            ids = self._lesson_entries(curriculum.lessons, ("lessons",), smap, spec.path, local)
            for index, section in enumerate(curriculum.classes):
                if section.lessons is not None:
                    class_lessons[index] = list(dict.fromkeys(
                        self._lesson_entries(section.lessons, ("classes", index, "lessons"), smap, spec.path, local)))
            _check_class_folders(curriculum, smap, spec.path, local)
            _check_langs([(("lang",), curriculum.lang), *((("classes", i, "lang"), c.lang) for i, c in enumerate(curriculum.classes))],
                         smap, spec.path, local)
            names = self._rosters(curriculum, smap, spec.path, local)
        every = list(dict.fromkeys([*ids, *(i for lessons in class_lessons.values() for i in lessons)]))
        if local.errors or curriculum is None:
            self.project.failed.setdefault(spec.path, []).extend(local.items)
            return [self.lessons_by_id[i] for i in every]
        self.diags.extend(local.warnings)
        ids = list(dict.fromkeys(ids))
        self.project.curricula[curriculum.id] = ResolvedCurriculum(curriculum, spec.path, smap, ids, class_lessons, names)
        return [self.lessons_by_id[i] for i in every]

    def _rosters(self, curriculum: Curriculum, smap: SourceMap, path: Path, local: Diagnostics) -> dict[int, list[str]]:
        """Each class's names: listed in `students:`, or read from its `roster:` file (relative to the workspace)."""
        names: dict[int, list[str]] = {}
        for index, section in enumerate(curriculum.classes):
            if section.names:
                names[index] = section.names
            elif section.roster is not None:
                at = smap.find(("classes", index, "roster")) or Pos(path)
                try:
                    roster = self.ws.inside(self.ws.root / section.roster, at)
                except LessonpressError as exc:
                    local.extend([Diagnostic(at, d.message) for d in exc.diagnostics])
                    continue
                found = read_roster(roster, at, local, self.ws.max_file_bytes, self.ws.root)
                if found is not None:
                    names[index] = found
        return names

    def _lesson_entries(self, entries: list[str], where: tuple[str | int, ...], smap: SourceMap, path: Path, local: Diagnostics) -> list[str]:
        """Lesson ids and globs ('glf-*') of a curriculum's or a class's `lessons:`, checked against the workspace."""
        ids: list[str] = []
        for index, entry in enumerate(entries):
            pos = smap.find((*where, index)) or Pos(path)
            if any(ch in entry for ch in "*?["):
                matched = sorted(i for i in self.lessons_by_id if fnmatch.fnmatchcase(i, entry))
                if not matched:
                    local.error(pos, f"no lesson id matches '{entry}'")
                ids.extend(matched)
            elif entry in self.lessons_by_id:
                ids.append(entry)
            else:
                local.error(pos, f"no lesson with id '{entry}'{suggest(entry, set(self.lessons_by_id))}")
        return ids

    def _fail_duplicate(self, spec: SpecFile) -> None:
        if spec.path in self.duplicates:
            self.project.failed.setdefault(spec.path, []).append(self.duplicates[spec.path])

    def _chain(self, spec: SpecFile, local: Diagnostics) -> list[SpecFile] | None:
        """`spec` and the lessons it extends, child first; walked in a loop so a long chain cannot overflow the stack."""
        chain = [spec]
        while True:
            current = chain[-1]
            if current.errors:
                local.extend(current.errors)
                return None
            parent_id, pos = current.extends
            if parent_id is None:
                return chain
            if not current.declares_id:
                local.error(pos, f"a lesson that extends another must declare its own 'id': add one (without it, it takes the id '{clip(parent_id)}' and overwrites that lesson's PDFs)")
                return None
            if not re.fullmatch(LESSON_ID_PATTERN, parent_id):
                local.error(pos, f"'extends' '{clip(parent_id)}' is not a valid id: use lowercase letters, digits and '-' (e.g. glf-evidence-lab)")
                return None
            parent = self.lessons_by_id.get(parent_id)
            if parent is None:
                local.error(pos, f"extends '{parent_id}', but no lesson has that id{suggest(parent_id, set(self.lessons_by_id))}")
                return None
            if parent in chain:
                loop = " -> ".join(s.id or "?" for s in [*chain, parent])
                local.error(pos, f"extends cycle: {loop}; a lesson cannot extend itself, directly or through others")
                return None
            if len(chain) > MAX_EXTENDS:
                steps = f"{chain[0].id} -> {chain[1].id} -> … -> {parent.id}{' -> …' if parent.extends[0] else ''}"
                local.error(
                    spec.extends[1],
                    f"this lesson extends more than {MAX_EXTENDS} lessons in a chain ({steps}); the limit is {MAX_EXTENDS}: "
                    "extend a lesson nearer the start of the chain",
                )
                return None
            chain.append(parent)

    def _merged(self, spec: SpecFile, local: Diagnostics) -> tuple[YNode | None, list[Path]] | None:
        """The lesson with every lesson it extends merged under it, and the files that went into it (child first)."""
        chain = self._chain(spec, local)
        if chain is None:
            return None
        node = chain[-1].node
        for child in reversed(chain[:-1]):
            assert child.node is not None
            node = merge(node, child.node, local) if node is not None else child.node
        return node, [s.path for s in chain]

    def _lesson(self, spec: SpecFile) -> None:
        if spec.path in self.duplicates:
            self._fail_duplicate(spec)
            return
        resolved, local = self.resolve(spec)
        taken = self.project.lessons.get(resolved.lesson.id) if resolved is not None else None
        if resolved is not None and taken is not None and taken.path != spec.path:
            # never two lessons writing one output folder (the id index should already have said so)
            local.error(resolved.pos(("id",)), f"id '{resolved.lesson.id}' is also the id of {display_path(taken.path)}: ids must be unique in the workspace")
            resolved = None
        if resolved is None:
            self.project.failed.setdefault(spec.path, []).extend(local.items)
        else:
            self.diags.extend(local.warnings)
            self.project.lessons[resolved.lesson.id] = resolved

    def resolve(self, spec: SpecFile) -> tuple[ResolvedLesson | None, Diagnostics]:
        """One lesson merged, validated and checked; its errors and warnings. Touches nothing else of the project,
        so a build's worker process can call it for the lessons it renders."""
        local = Diagnostics()
        # an empty file has nothing to merge; validate_node reports it
        merged = self._merged(spec, local) if spec.node is not None or spec.errors else (None, [spec.path])
        lesson = validate_node(lesson_model(), merged[0], spec.path, local, "lesson") if merged and not local.errors else None
        resolved = None
        if lesson is not None and merged is not None:
            for source in lesson.sources.values():
                if source.material in self.material_errors:
                    local.extend(self.material_errors[source.material])
            smap = source_map(merged[0])
            lang_ok = _check_langs([(("lang",), lesson.lang)], smap, spec.path, local)
            checker = LessonChecker(lesson, spec.path, smap, self.project.materials, self.ws.settings.limits, local, set(self.material_errors))
            resolved = checker.run() if lang_ok else None
            if resolved is not None:
                resolved.inputs = [*merged[1], *resolved.inputs]
        return resolved, local

    def resolve_path(self, path: Path) -> tuple[ResolvedLesson | None, Diagnostics]:
        """`resolve` for a lesson this load deferred (see `load_project(defer=True)`); its tree is released after."""
        spec = self.specs[path]
        try:
            return self.resolve(spec)
        finally:
            if spec.id not in self.parents:
                spec.release()


def class_tier(tier: str | dict[str, str] | None, lesson_id: str) -> tuple[str | None, bool]:
    """The tier a class gets for a lesson, and whether it was named for that lesson (not for the whole unit)."""
    if isinstance(tier, dict):
        return tier.get(lesson_id), lesson_id in tier
    return tier, False


def _check_class_folders(curriculum: Curriculum, smap: SourceMap, path: Path, diags: Diagnostics) -> None:
    """Each class gets its own folder: two names that make one folder name would overwrite each other's copies."""
    seen: dict[str, tuple[str, int]] = {}  # folder -> first class name, its line
    for index, section in enumerate(curriculum.classes):
        pos = smap.find(("classes", index, "name")) or Pos(path)
        folder = class_slug(section.name)
        if folder not in seen:
            seen[folder] = (section.name, pos.line)
            continue
        first, line = seen[folder]
        if first == section.name:
            diags.error(pos, f"class name '{clip(section.name)}' is used twice (line {line}): class names must differ")
            continue
        advice = (
            "give the classes names that differ in letters or digits" if _alnum(first) == _alnum(section.name)
            else "folder names keep only the letters a-z and the digits 0-9, so give the classes names that differ in those"
        )
        diags.error(pos, f"class '{clip(section.name)}' would be written to the same folder '{folder}' as class '{clip(first)}' (line {line}): {advice}")


def _check_langs(langs: list[tuple[tuple[str | int, ...], str | None]], smap: SourceMap, path: Path, diags: Diagnostics) -> bool:
    """Every `lang:` is a language Babel knows (its dates, its numbers); an error at its line for one that is not."""
    ok = True
    for where, lang in langs:
        message = problem(lang)
        if message is not None:
            diags.error(smap.find(where) or Pos(path), message)
            ok = False
    return ok


def _alnum(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def load_project(workspace: Workspace, targets: list[Path] | None = None, index: dict[str, SpecSummary] | None = None,
                 skip: set[Path] | None = None, defer: bool = False, file_sha: Callable[[Path], str | None] | None = None) -> Project:
    """Check and resolve `targets` (lesson or curriculum files, folders; default lesson_specs/).

    `index` (from an earlier build) lets specs that are not built go unparsed when their bytes are unchanged;
    lesson files in `skip` (a build knows them up to date) are listed in `Project.skipped`, not resolved; with `defer`,
    the other lessons are listed in `Project.deferred` and resolved one at a time by `Project.resolver` (a build does
    that in its worker processes, so the main process never holds every lesson). `file_sha` (a build's hasher that
    remembers files by their stat) spares reading specs the index knows.
    """
    return _Loader(workspace, targets or [workspace.specs_dir], index, skip, defer, file_sha).run()
