"""output/manifest.json: every output with its inputs, their hashes and the tool version; written last."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lessonpress import __version__
from lessonpress.builder.cache import BuildCache, sha256_file
from lessonpress.builder.plan import MANIFEST
from lessonpress.files import write_file


def write_manifest(out: Path, cache: BuildCache) -> Path:
    outputs: list[dict[str, Any]] = []
    for _, record in sorted(cache.tasks.items()):
        for output in record.outputs:
            outputs.append({"path": output.path, "sha256": output.sha256, "lesson": record.lesson,
                            "inputs": [{"path": p, "sha256": s} for p, s in sorted(record.inputs.items())]})
    for label in sorted(cache.packs):
        sha = sha256_file(out / label)
        if sha:
            entry: dict[str, Any] = {"path": label, "sha256": sha, "lesson": None, "inputs": []}
            if label in cache.personal:
                entry["personal"] = True  # it prints students' names: keep it out of shared folders and version control
            outputs.append(entry)
    # one output per line: diffable and greppable, and written by json's C encoder (indent= would make it the slow one)
    head = json.dumps({"tool": "lessonpress", "version": __version__}, ensure_ascii=False)[:-1]
    lines = ",\n  ".join(json.dumps(entry, ensure_ascii=False) for entry in outputs)
    text = f'{head}, "outputs": [\n  {lines}\n]}}\n' if outputs else f'{head}, "outputs": []}}\n'
    return write_file(out / MANIFEST, text.encode("utf-8"), inside=out)
