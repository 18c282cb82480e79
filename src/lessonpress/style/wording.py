"""The fixed wording of handouts and guides: small jinja2 templates in a sandbox, overridable per workspace.

Only the wording file is a template. Spec text is passed in as variables and
never compiled, and everything rendered is escaped before it reaches
reportlab's Paragraph markup. The wording language is cut down to what wording
needs (variables, filters, `if`, `for` over a variable, `~` and `+`), so its
cost is bounded by construction: no `range()`, no calls, no `*` or `**`, no
include/import/extends, and a rendered string is at most MAX_OUTPUT characters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from lessonpress.errors import Diagnostics, LessonpressError, Pos, suggest
from lessonpress.files import read_text
from lessonpress.spec.yamltree import YMap, YNode, YScalar, parse_yaml
from lessonpress.style.theme import layered, package_data

MAX_OUTPUT = 2000
MAX_SOURCE = 2000
ALLOWED_FILTERS = {"join", "lower", "upper", "title", "capitalize", "default", "length", "first", "last", "trim", "replace", "string", "int"}
_ALLOWED_NODES = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.List, nodes.Tuple, nodes.If, nodes.For,
    nodes.CondExpr, nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not, nodes.Concat, nodes.Add, nodes.Sub, nodes.Neg,
    nodes.Filter, nodes.Test, nodes.Getattr, nodes.Getitem, nodes.Keyword, nodes.Pair,
)
_STATEMENTS = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "import", nodes.Extends: "extends",
               nodes.Macro: "macro", nodes.CallBlock: "call", nodes.Assign: "set", nodes.AssignBlock: "set", nodes.Block: "block",
               nodes.With: "with", nodes.FilterBlock: "filter"}


def _refuse(node: nodes.Node) -> str | None:
    """Why `node` is not allowed in wording, or None."""
    for kind, name in _STATEMENTS.items():
        if isinstance(node, kind):
            return f"'{{% {name} %}}' is not allowed in wording"
    if isinstance(node, nodes.Call):
        return "calling functions (such as range()) is not allowed in wording"
    if isinstance(node, (nodes.Mul, nodes.Pow, nodes.Div, nodes.FloorDiv, nodes.Mod)):
        return "'*', '/', '%' and '**' are not allowed in wording"
    if isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
        return f"filter '{node.name}' is not allowed in wording (allowed: {', '.join(sorted(ALLOWED_FILTERS))})"
    if isinstance(node, nodes.For) and not isinstance(node.iter, nodes.Name):
        return "'{% for %}' may only loop over a variable (such as letters) in wording"
    if not isinstance(node, _ALLOWED_NODES):
        return f"'{type(node).__name__}' is not allowed in wording"
    return None


class Wording:
    def __init__(self, templates_dir: Path):
        default = package_data() / "templates" / "wording.yaml"
        node = layered("wording.yaml", default, templates_dir, Pos(templates_dir), "wording file")
        self._env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, loader=None)
        self._templates: dict[str, tuple[jinja2.Template, Pos]] = {}
        self._default_keys = set(_keys(parse_yaml(read_text(default), default)))
        diags = Diagnostics()
        self._exercise_defaults(default, diags)
        self._compile(node, "", diags)
        if diags.has_errors():
            raise LessonpressError(diags.sorted())

    def _exercise_defaults(self, default: Path, diags: Diagnostics) -> None:
        """Wording an exercise type brings with it, for keys the wording file does not have (a new type's names)."""
        from lessonpress.exercises import REGISTRY

        for kind in REGISTRY.values():
            for key, text in kind.wording.items():
                if key not in self._default_keys:
                    self._default_keys.add(key)
                    self._compile(YMap({key: (Pos(default), YScalar(text, Pos(default)))}, Pos(default)), "", diags)

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
            if len(value.value) > MAX_SOURCE:
                diags.error(value.pos, f"'{name}' is longer than {MAX_SOURCE} characters: wording is short fixed text")
                continue
            try:
                tree = self._env.parse(value.value)
                problem = next((why for child in [tree, *tree.find_all(nodes.Node)] if (why := _refuse(child))), None)
                if problem is not None:
                    diags.error(value.pos, f"template error in '{name}': {problem}")
                    continue
                self._templates[name] = (self._env.from_string(tree), value.pos)
            except jinja2.TemplateSyntaxError as exc:
                diags.error(Pos(value.pos.path, value.pos.line + (exc.lineno or 1) - 1, value.pos.col), f"template error in '{name}': {exc.message}")

    def __call__(self, key: str, **values: Any) -> str:
        template, pos = self._templates[key]
        try:
            pieces: list[str] = []
            size = 0
            for piece in template.generate(**values):
                size += len(piece)
                if size > MAX_OUTPUT:
                    raise LessonpressError.at(pos, f"template error in '{key}': the text it makes is longer than {MAX_OUTPUT} characters")
                pieces.append(piece)
            return "".join(pieces)
        except LessonpressError:
            raise
        except jinja2.TemplateError as exc:
            raise LessonpressError.at(pos, f"template error in '{key}': {exc}") from None
        except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError, RecursionError) as exc:
            raise LessonpressError.at(pos, f"template error in '{key}': {exc} (variables: {', '.join(sorted(values)) or 'none'})") from None


def _keys(node: YNode | None, prefix: str = "") -> list[str]:
    if not isinstance(node, YMap):
        return []
    keys = []
    for key, (_, value) in node.items.items():
        keys.extend(_keys(value, f"{prefix}{key}.") if isinstance(value, YMap) else [f"{prefix}{key}"])
    return keys
