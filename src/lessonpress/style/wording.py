"""The fixed wording of handouts and guides: small jinja2 templates in a sandbox, overridable per workspace.

Only the wording file is a template. Spec text is passed in as variables and
never compiled, and everything rendered is escaped before it reaches
reportlab's Paragraph markup. The wording language is cut down to what wording
needs (variables, filters, `if`, `for` over a variable, `~` and `+`), so its
cost is bounded by construction: no `range()`, no calls, no `*` or `**`, no
include/import/extends, and a rendered string is at most MAX_OUTPUT characters.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from lessonpress.errors import Diagnostic, Diagnostics, LessonpressError, Pos, Severity, suggest
from lessonpress.files import read_text
from lessonpress.spec.yamltree import YMap, YNode, YScalar, parse_yaml
from lessonpress.style.locale import primary
from lessonpress.style.theme import package_data

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


BUILT_IN = ("en", "es", "zh")  # languages with a complete built-in catalogue: data/templates/wording[.<language>].yaml


def catalogue(lang: str) -> Path | None:
    """The built-in wording catalogue of `lang`'s language (es for es-MX), or None when there is none."""
    code = primary(lang)
    if code not in BUILT_IN:
        return None
    return package_data() / "templates" / ("wording.yaml" if code == "en" else f"wording.{code}.yaml")


def user_catalogues(templates_dir: Path, lang: str) -> list[Path]:
    """The workspace's catalogues of one language, the later winning: wording.<language>.yaml, wording.<lang>.yaml
    (wording.es.yaml, then wording.es-MX.yaml). templates/wording.yaml, for every language, comes before them."""
    if not re.fullmatch(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*", lang):  # a tag, never a path
        return []
    return [templates_dir / name for name in dict.fromkeys([f"wording.{primary(lang)}.yaml", f"wording.{lang}.yaml"])]


class Wording:
    """The fixed wording in one language.

    Layers, the later winning: the English catalogue (it has every key), the
    built-in catalogue of the language, the workspace's templates/wording.yaml
    (every language), then its templates/wording.<lang>.yaml. An unknown key is
    an error in wording.yaml and a warning in a language's catalogue. A language
    without a built-in catalogue prints English for every key its catalogue
    leaves out, with a warning at that catalogue.
    """

    def __init__(self, templates_dir: Path | None, lang: str = "en"):
        """`templates_dir`: the workspace's templates/ (None: the built-in wording only)."""
        self.lang = lang
        default = package_data() / "templates" / "wording.yaml"
        self._env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, loader=None)
        self._templates: dict[str, tuple[str | jinja2.Template | nodes.Template, Pos]] = {}  # text, or checked trees compiled on first use
        english = parse_yaml(read_text(default), default)
        self._default_keys = set(_keys(english))
        diags = Diagnostics()
        self._exercise_defaults(default, diags)
        self._compile(english, "", diags)
        builtin = catalogue(lang)
        if builtin is not None and builtin != default:
            self._compile(parse_yaml(read_text(builtin), builtin), "", diags)
        if templates_dir is not None:
            self._compile(_user_file(templates_dir / "wording.yaml", templates_dir, diags), "", diags)
            found: list[Path] = []
            translated: set[str] = set()
            for path in user_catalogues(templates_dir, lang):
                node = _user_file(path, templates_dir, diags)
                if node is not None:
                    found.append(path)
                    translated |= self._compile(node, "", diags, Severity.WARNING)
            if builtin is None:
                _untranslated(templates_dir, lang, found, self._default_keys - translated, diags)
        if diags.has_errors():
            raise LessonpressError(diags.sorted())
        self.warnings: list[Diagnostic] = diags.warnings  # the build reports them with the lesson's other warnings

    def _exercise_defaults(self, default: Path, diags: Diagnostics) -> None:
        """Wording an exercise type brings with it, for keys the wording file does not have (a new type's names)."""
        from lessonpress.exercises import REGISTRY

        for kind in REGISTRY.values():
            for key, text in kind.wording.items():
                if key not in self._default_keys:
                    self._default_keys.add(key)
                    self._compile(YMap({key: (Pos(default), YScalar(text, Pos(default)))}, Pos(default)), "", diags)

    def _compile(self, node: YNode | None, prefix: str, diags: Diagnostics, unknown: Severity = Severity.ERROR) -> set[str]:
        """Compile every key of `node` over what is there; the keys it set. An unknown key is reported as `unknown`."""
        done: set[str] = set()
        if not isinstance(node, YMap):
            return done
        for key, (key_pos, value) in node.items.items():
            name = f"{prefix}{key}"
            if isinstance(value, YMap):
                done |= self._compile(value, f"{name}.", diags, unknown)
                continue
            if name not in self._default_keys:
                message = f"unknown wording key '{name}'{suggest(name, self._default_keys)}"
                diags.items.append(Diagnostic(key_pos, message if unknown is Severity.ERROR else f"{message}: it is ignored", unknown))
                continue
            if not isinstance(value, YScalar) or value.value is None:
                diags.error(value.pos, f"'{name}' must be text")
                continue
            if len(value.value) > MAX_SOURCE:
                diags.error(value.pos, f"'{name}' is longer than {MAX_SOURCE} characters: wording is short fixed text")
                continue
            if "{" not in value.value and "\r" not in value.value:  # plain text (most keys): what jinja would print
                self._templates[name] = (value.value.removesuffix("\n"), value.pos)
                done.add(name)
                continue
            try:
                tree = self._env.parse(value.value)
                problem = next((why for child in [tree, *tree.find_all(nodes.Node)] if (why := _refuse(child))), None)
                if problem is not None:
                    diags.error(value.pos, f"template error in '{name}': {problem}")
                    continue
                self._templates[name] = (tree, value.pos)  # a copy prints a few dozen of ~150 keys: compile those only
                done.add(name)
            except jinja2.TemplateSyntaxError as exc:
                diags.error(Pos(value.pos.path, value.pos.line + (exc.lineno or 1) - 1, value.pos.col), f"template error in '{name}': {exc.message}")
        return done

    def has(self, key: str) -> bool:
        return key in self._templates

    def __call__(self, key: str, **values: Any) -> str:
        template, pos = self._templates[key]
        if isinstance(template, str):
            return template
        try:
            if isinstance(template, nodes.Template):
                template = self._env.from_string(template)
                self._templates[key] = (template, pos)
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


def skill_name(words: Wording, skill: str) -> str:
    """A skill as the wording names it ("close reading" -> "lectura atenta"); a skill it does not name, as it is."""
    key = "skills." + skill.replace(" ", "_")
    return words(key) if words.has(key) else skill


def _keys(node: YNode | None, prefix: str = "") -> list[str]:
    if not isinstance(node, YMap):
        return []
    keys = []
    for key, (_, value) in node.items.items():
        keys.extend(_keys(value, f"{prefix}{key}.") if isinstance(value, YMap) else [f"{prefix}{key}"])
    return keys


def _user_file(path: Path, templates_dir: Path, diags: Diagnostics) -> YNode | None:
    """A workspace catalogue, if there is one, read like every workspace file (size-capped, never through a link out)."""
    if not path.is_file():
        return None
    node = parse_yaml(read_text(path, root=templates_dir.parent), path)
    if node is not None and not isinstance(node, YMap):
        diags.error(node.pos, "a wording file is a mapping of keys to wording, such as 'vocabulary: \"Key terms\"'")
        return None
    return node


def _untranslated(templates_dir: Path, lang: str, found: list[Path], missing: set[str], diags: Diagnostics) -> None:
    """For a language without a built-in catalogue: which wording is printed in English, at its catalogue (or where one goes)."""
    if not found:
        where = next(iter(user_catalogues(templates_dir, lang)), templates_dir / "wording.yaml")
        diags.warning(Pos(where), f"no wording in '{lang}' is built in (only {', '.join(BUILT_IN)}): the fixed wording is printed "
                      f"in English; translate it in templates/{where.name} (to start, 'lessonpress templates copy wording.yaml' and rename the copy)")
        return
    if missing:
        keys = sorted(missing)
        shown = ", ".join(keys[:6]) + (f" and {len(keys) - 6} more" if len(keys) > 6 else "")
        diags.warning(Pos(found[-1]), f"{len(keys)} wording key{'s' if len(keys) != 1 else ''} not translated into '{lang}', "
                      f"printed in English: {shown}")
