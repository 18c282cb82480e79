"""Every example in docs/customizing.md works: files are written into a workspace, commands are run."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from conftest import REPO, Cli, copy_examples

DOC = REPO / "docs" / "customizing.md"


def snippets() -> list[tuple[str, str]]:
    """('file', path + content) and ('sh', command) in document order."""
    text = DOC.read_text(encoding="utf-8")
    found: list[tuple[str, str]] = []
    pattern = re.compile(r"(?:<!-- file: (?P<path>\S+) -->\n)?```(?P<lang>\w+)\n(?P<body>.*?)```", re.DOTALL)
    for match in pattern.finditer(text):
        if match.group("path"):
            found.append(("file", match.group("path") + "\n" + match.group("body")))
        elif match.group("lang") == "sh":
            found += [("sh", line) for line in match.group("body").splitlines() if line.startswith("lessonpress ")]
    return found


def test_doc_has_files_and_commands() -> None:
    kinds = [kind for kind, _ in snippets()]
    assert kinds.count("file") >= 4 and kinds.count("sh") >= 6


def test_every_snippet_works(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    for kind, value in snippets():
        if kind == "file":
            path, content = value.split("\n", 1)
            (ws / path).parent.mkdir(parents=True, exist_ok=True)
            (ws / path).write_text(content, encoding="utf-8")
            continue
        result = cli(*shlex.split(value)[1:], cwd=ws)
        assert result.exit_code == 0, f"{value}\n{result.stderr}"
        assert ": error:" not in result.stderr, f"{value}\n{result.stderr}"
    # the snippets did what the page says
    from pdfread import squash, text

    overlay = squash(text(ws / "output/glf-close-reading-period-6/handout.pdf"))
    assert "a farming economy" in overlay and "collectivization (combining farms)" in overlay and "agrarian" not in overlay
    assert (ws / "output/unit-support/support-a/glf-close-reading/handout.pdf").is_file()
    wording = squash(text(ws / "output/wording/glf-evidence-lab/handout.pdf"))
    assert "Key terms" in wording and "Your turn" in wording and "Word bank" not in wording
    assert (ws / "templates/wording.yaml").read_text(encoding="utf-8").startswith("vocabulary:")
