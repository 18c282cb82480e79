"""The fixed wording of handouts and guides: jinja2 templates in a sandbox, overridable per workspace.

Only the wording file is a template. Spec text is passed in as variables and
never compiled, and everything rendered is escaped before it reaches
reportlab's Paragraph markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from lessonpress.errors import Diagnostics, LessonpressError, Pos, suggest
from lessonpress.files import read_text
from lessonpress.spec.yamltree import YMap, YNode, YScalar, parse_yaml
from lessonpress.style.theme import layered, package_data


class Wording:
    def __init__(self, templates_dir: Path):
        default = package_data() / "templates" / "wording.yaml"
        node = layered("wording.yaml", default, templates_dir, Pos(templates_dir), "wording file")
        self._env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
        self._templates: dict[str, tuple[jinja2.Template, Pos]] = {}
        self._default_keys = set(_keys(parse_yaml(read_text(default), default)))
        diags = Diagnostics()
        self._compile(node, "", diags)
        if diags.has_errors():
            raise LessonpressError(diags.sorted())

    def _compile(self, node: YNode | None, prefix: str, diags: Diagnostics) -> None:
        if not isinstance(node, YMap):
            return
        for key, (key_pos, value) in node.items.items():
            name = f"{prefix}{key}"
            if isinstance(value, YMap):
                self._compile(value, f"{name}.", diags)
                continue
            if name not in self._default_keys:
                diags.error(key_pos, f"unknown wording key '{name}'{suggest(name, self._default_keys)}")
                continue
            if not isinstance(value, YScalar) or value.value is None:
                diags.error(value.pos, f"'{name}' must be text")
                continue
            try:
                self._templates[name] = (self._env.from_string(value.value), value.pos)
            except jinja2.TemplateSyntaxError as exc:
                diags.error(Pos(value.pos.path, value.pos.line + (exc.lineno or 1) - 1, value.pos.col), f"template error in '{name}': {exc.message}")

    def __call__(self, key: str, **values: Any) -> str:
        template, pos = self._templates[key]
        try:
            return template.render(**values)
        except jinja2.TemplateError as exc:
            raise LessonpressError.at(pos, f"template error in '{key}': {exc}") from None


def _keys(node: YNode | None, prefix: str = "") -> list[str]:
    if not isinstance(node, YMap):
        return []
    keys = []
    for key, (_, value) in node.items.items():
        keys.extend(_keys(value, f"{prefix}{key}.") if isinstance(value, YMap) else [f"{prefix}{key}"])
    return keys
