"""Translated sources: a material that translates another, paragraph for paragraph, printed for a lesson in its language.

A translation declares `translation_of: <material id>` and its `lang`; it must
keep the original's paragraphs one for one (and its sections), so a selection
by paragraphs or section picks the same passage in both, and the guide can
show the original beside it. A lesson whose `lang` has a translation of a
document's material prints the translation: its evidence quotes and line
references are checked against that text, the text that is printed.
"""

from __future__ import annotations

from pathlib import Path

from lessonpress.errors import Diagnostics, Pos
from lessonpress.resolve.excerpts import Excerpt, ExcerptParagraph, Run
from lessonpress.resolve.materials import Material


def primary(lang: str | None) -> str:
    return (lang or "").split("-")[0].lower()


def link_translations(materials: dict[str, Material], errors: dict[str, Diagnostics]) -> dict[Path, Diagnostics]:
    """Check every translation against its original and attach it there (`original.translations[lang]`).

    Returns the problems by material file; a material with problems is taken out of `materials` (and put in `errors`).
    """
    problems: dict[Path, Diagnostics] = {}
    for material in list(materials.values()):
        meta = material.meta
        if meta.translation_of is None:
            continue
        local = Diagnostics()
        at = material.meta_pos.get("translation_of", Pos(material.path))
        original = materials.get(meta.translation_of)
        if original is None:
            local.error(at, f"translation_of '{meta.translation_of}': no material has that id"
                            + (" (it has errors: fix those first)" if meta.translation_of in errors else ""))
        elif original.meta.translation_of is not None:
            local.error(at, f"'{original.id}' is itself a translation: translate the original, '{original.meta.translation_of}'")
        elif meta.lang is None:
            local.error(material.meta_pos.get("title", Pos(material.path)), "a translation needs 'lang:', the language it is written in (e.g. es)")
        else:
            _check_alignment(material, original, at, local)
            if not local.errors and primary(meta.lang) in original.translations:
                other = original.translations[primary(meta.lang)]
                local.error(at, f"'{original.id}' already has a {meta.lang} translation: {other.id}")
        if local.items:
            problems[material.path] = local
        if local.errors:
            del materials[material.id]
            errors[material.id] = local
        elif original is not None and meta.lang is not None:
            original.translations[primary(meta.lang)] = material
    return problems


def _check_alignment(material: Material, original: Material, at: Pos, diags: Diagnostics) -> None:
    """One paragraph for one paragraph, and the same sections over the same paragraphs."""
    mine, theirs = len(material.paragraphs), len(original.paragraphs)
    if mine != theirs:
        diags.error(at, f"{material.id} has {mine} paragraph{'s' if mine != 1 else ''} and {original.id} has {theirs}: a translation keeps "
                        "its original's paragraphs one for one (a blank line between paragraphs), so the same selection prints the same passage")
        return
    for index, (ours, theirs_) in enumerate(zip(material.paragraphs, original.paragraphs, strict=True), 1):
        if not ours.text.strip() and theirs_.text.strip():
            diags.error(Pos(material.path, ours.line), f"paragraph {index} is empty but paragraph {index} of {original.id} is not")
    if [s.paragraphs for s in material.sections] != [s.paragraphs for s in original.sections]:
        diags.error(at, f"the headings of {material.id} do not match those of {original.id}: a translation keeps every heading, "
                        "over the same paragraphs")


def translation_for(material: Material, lang: str | None) -> Material | None:
    """The material's translation into `lang` (by its primary language: es-MX reads es), if there is one."""
    return material.translations.get(primary(lang)) if lang else None


def original_paragraphs(excerpt: Excerpt, original: Material) -> Excerpt:
    """The original's words for the paragraphs a translated excerpt prints (whole): the guide shows them."""
    numbers = [p.number for p in excerpt.paragraphs if p.number is not None]
    return Excerpt(tuple(ExcerptParagraph((Run(original.paragraph(n).text),), n) for n in dict.fromkeys(numbers)))
