"""Reading tiers: one lesson, several versions of its documents (original, modified, adapted) for different classes.

A tier is cut from the same selection with its own omissions and simpler words,
or (adapted) is a text of its own. Each tier is checked like the original:
its evidence quotes and line references must be in the text that tier prints,
so every class's guide cites its own students' lines. An adapted text is
rewritten on purpose, so a quote missing from it is a warning (its guide then
cites no lines for that answer), not an error.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from lessonpress.errors import Diagnostic, Diagnostics, Pos, Severity
from lessonpress.resolve.excerpts import adapted_excerpt, cut_excerpt
from lessonpress.spec.yamltree import PathKey

if TYPE_CHECKING:
    from lessonpress.resolve.refs import LineRef
    from lessonpress.resolve.rules import Document, EvidenceSpan, LessonChecker
    from lessonpress.resolve.visuals import VisualCite


@dataclass(frozen=True)
class TierVersion:
    documents: dict[str, Document]
    evidence: dict[int, EvidenceSpan | VisualCite]
    refs: dict[PathKey, list[LineRef]]


def _locate(checker: LessonChecker, base: PathKey, name: str, key: PathKey) -> Pos:
    """A tier's own omit and replace are under sources.X.tiers.<name>; its selection is the document's."""
    inside = key[:1] in (("omit",), ("replace",))
    return checker.at(base + (("tiers", name) if inside else ()) + key, prefer_key=True)


def tier_names(documents: dict[str, Document]) -> list[str]:
    return sorted({name for document in documents.values() for name in document.spec.tiers})


def resolve_tiers(checker: LessonChecker, documents: dict[str, Document]) -> dict[str, TierVersion]:
    """Each tier's documents, evidence and line references; problems go to the checker's diagnostics, naming the tier."""
    from lessonpress.resolve import refs

    versions: dict[str, TierVersion] = {}
    for name in tier_names(documents):
        tiered = dict(documents)
        adapted = False
        for letter, document in documents.items():
            tier = document.spec.tiers.get(name)
            if tier is None:
                continue
            base: PathKey = ("sources", letter)
            if document.kind != "text":
                checker.diags.error(checker.at(base + ("tiers", name), prefer_key=True),
                                    f"Document {letter} is {'an image' if document.kind == 'image' else 'a table'}: reading tiers are for text documents")
                continue
            if tier.text is not None:
                excerpt = adapted_excerpt(tier.text)
                adapted = True
            else:
                spec = document.spec.model_copy(update={"omit": tier.omit, "replace": tier.replace})
                cut = cut_excerpt(spec, document.translation or document.material, partial(_locate, checker, base, name), checker.diags)
                if cut is None:
                    continue
                excerpt = cut
            tiered[letter] = replace(document, excerpt=excerpt, tier=name, original=document.original or document.excerpt)
        local = Diagnostics()
        saved, checker.diags = checker.diags, local
        try:
            evidence = checker.locate_evidence(tiered)
            found = refs.resolve(checker, tiered)
        finally:
            checker.diags = saved
        for diagnostic in local.items:
            message = f"{diagnostic.message} (in its '{name}' tier)"
            soften = adapted and diagnostic.message.startswith("evidence")
            if soften:  # the usual hints (the closest passage, the paragraph of the source) do not fit a rewritten text
                message = (f"{diagnostic.message.split(' as printed')[0]} as printed in its '{name}' tier, an adapted text: "
                           "the guide of a class that gets this tier cites no lines for this answer")
            saved.extend([Diagnostic(diagnostic.pos, message, Severity.WARNING if soften else diagnostic.severity)])
        versions[name] = TierVersion(tiered, evidence, found)
    return versions


def tier_problem(lesson_id: str, defined: list[str], tier: str, named_for_lesson: bool) -> str | None:
    """Why a class cannot get reading tier `tier` of a lesson, or None. A tier given for the whole unit
    applies only to lessons that have tiers; one given for this lesson must exist in it."""
    from lessonpress.errors import suggest

    if tier in defined or (not defined and not named_for_lesson):
        return None
    if not defined:
        return f"lesson '{lesson_id}' has no reading tiers (a document defines them under 'tiers:')"
    return (f"lesson '{lesson_id}' has no reading tier '{tier}'{suggest(tier, set(defined))}; "
            f"its documents define: {', '.join(['original', *defined])}")
