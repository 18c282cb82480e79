"""Incremental builds by content hash: a task is rendered again only when something it read has changed.

The cache (output/.lessonpress-cache.json) remembers, per output folder, the
hashes of every input the task read, the render settings and the tool version,
and what it wrote. A no-op rebuild only hashes files: it parses nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lessonpress import __version__
from lessonpress.files import write_atomic
from lessonpress.style.theme import package_data

CACHE_NAME = ".lessonpress-cache.json"


def sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@lru_cache(maxsize=1)
def package_hash() -> str:
    """The tool version and its built-in templates and themes (which change in development without a version bump)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package_data().rglob("*")):
        if path.is_file() and "init" not in path.parts:
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def folder_hash(folder: Path, suffixes: tuple[str, ...]) -> str:
    """Workspace templates/ or fonts/: any change to a file there can change the pages."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix.lower() in suffixes:
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class OutputRecord:
    path: str  # relative to the output folder
    sha256: str
    size: int


@dataclass
class TaskRecord:
    key: str  # hash of everything below plus the render settings
    lesson: str
    spec: str  # the lesson spec file (workspace-relative)
    curriculum: str | None
    inputs: dict[str, str]  # workspace-relative path -> sha256
    outputs: list[OutputRecord]
    outline: list[list[Any]] = field(default_factory=list)  # the guide's bookmarks: title, level, page


@dataclass
class BuildCache:
    path: Path
    environment: str = ""
    specs: dict[str, str] = field(default_factory=dict)  # every spec file seen -> sha256
    tasks: dict[str, TaskRecord] = field(default_factory=dict)  # output folder (relative) -> record
    packs: dict[str, str] = field(default_factory=dict)  # pack path (relative) -> key
    plans: dict[str, list[str]] = field(default_factory=dict)  # build targets -> the task folders they made

    @classmethod
    def load(cls, out: Path) -> BuildCache:
        path = out / CACHE_NAME
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            tasks = {
                k: TaskRecord(**{**v, "outputs": [OutputRecord(**o) for o in v["outputs"]]}) for k, v in raw.get("tasks", {}).items()
            }
            return cls(path, raw.get("environment", ""), raw.get("specs", {}), tasks, raw.get("packs", {}), raw.get("plans", {}))
        except (OSError, ValueError, TypeError, KeyError):
            return cls(path)  # missing or damaged: everything is rebuilt, nothing is lost

    def save(self) -> None:
        data = {
            "tool": "lessonpress",
            "version": __version__,
            "environment": self.environment,
            "specs": dict(sorted(self.specs.items())),
            "tasks": {k: asdict(v) for k, v in sorted(self.tasks.items())},
            "packs": dict(sorted(self.packs.items())),
            "plans": dict(sorted(self.plans.items())),
        }
        write_atomic(self.path, json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))

    def outputs_intact(self, record: TaskRecord, out: Path) -> bool:
        for output in record.outputs:
            target = out / output.path
            try:
                if target.stat().st_size != output.size:
                    return False
            except OSError:
                return False
        return True


def task_key(environment: str, job: Any, lesson_id: str, inputs: dict[str, str]) -> str:
    digest = hashlib.sha256()
    digest.update(environment.encode())
    digest.update(repr(job).encode())
    digest.update(lesson_id.encode())
    for path, sha in sorted(inputs.items()):
        digest.update(f"{path}\0{sha}\n".encode())
    return digest.hexdigest()
