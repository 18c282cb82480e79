"""A non-editable install carries the built-in templates and themes: one copy of the defaults, inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, copy_examples


def test_installed_package_builds_with_its_own_templates(tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(REPO)],
                   check=True, capture_output=True)
    assert (site / "lessonpress/data/themes/compact.yaml").is_file()
    ws = copy_examples(tmp_path / "ws")
    settings = ws / "lessonpress.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("theme: default", "theme: compact"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import lessonpress; print(lessonpress.__file__)"], cwd=ws, env=env,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site)), where  # the installed copy, not the source tree
    result = subprocess.run([sys.executable, "-m", "lessonpress", "build", "-q", "lesson_specs/glf-evidence-lab.yaml"], cwd=ws, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (ws / "output/glf-evidence-lab/handout.pdf").is_file()
    init = subprocess.run([sys.executable, "-m", "lessonpress", "init", "fresh"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert init.returncode == 0 and (tmp_path / "fresh/materials/glf-overview.md").is_file()
