"""The examples of a docs page, run as a user would: files (`<!-- file: path -->` before a code block) are written
into a workspace and `lessonpress` commands of `sh` blocks are run, in page order."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from conftest import Cli

BLOCK = re.compile(r"(?:<!-- file: (?P<path>\S+) -->\n)?```(?P<lang>\w+)\n(?P<body>.*?)```", re.DOTALL)


def snippets(page: Path, start: str | None = None, stop_at_next: bool = False) -> list[tuple[str, str]]:
    """('file', path + newline + content) and ('sh', command) in page order; from section `start` (a `## ` heading)
    on, and only to the next section with `stop_at_next`."""
    text = page.read_text(encoding="utf-8")
    if start is not None:
        text = text.split(f"\n## {start}\n", 1)[1]
        if stop_at_next:
            text = text.split("\n## ", 1)[0]
    found: list[tuple[str, str]] = []
    for match in BLOCK.finditer(text):
        if match.group("path"):
            found.append(("file", match.group("path") + "\n" + match.group("body")))
        elif match.group("lang") == "sh":
            found += [("sh", line) for line in match.group("body").splitlines() if line.startswith("lessonpress ")]
    return found


def run_snippets(ws: Path, cli: Cli, found: list[tuple[str, str]], warnings_allowed: bool = True) -> None:
    """Write each file into `ws` and run each command there; every command must succeed without an error line."""
    for kind, value in found:
        if kind == "file":
            path, content = value.split("\n", 1)
            (ws / path).parent.mkdir(parents=True, exist_ok=True)
            (ws / path).write_text(content, encoding="utf-8")
            continue
        result = cli(*shlex.split(value)[1:], cwd=ws)
        assert result.exit_code == 0, f"{value}\n{result.stderr}"
        assert ": error:" not in result.stderr, f"{value}\n{result.stderr}"
        assert warnings_allowed or ": warning:" not in result.stderr, f"{value}\n{result.stderr}"
