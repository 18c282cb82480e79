"""Dates, numbers and language tags as a class's language writes them (Babel's CLDR data, no hand-made tables)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal


@lru_cache(maxsize=64)
def locale(lang: str) -> Locale:
    """The Babel locale of a BCP 47 tag (es, zh-Hans, pt-BR); raises ValueError for a language Babel does not know."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise ValueError(f"unknown language '{lang}': use a BCP 47 tag such as en, es, fr, zh-Hans") from exc


def known(lang: str) -> bool:
    try:
        locale(lang)
    except ValueError:
        return False
    return True


def format_date(date: dt.date, lang: str = "en") -> str:
    """'November 30, 2026', '30 de noviembre de 2026', '2026年11月30日'."""
    return str(babel_format_date(date, "long", locale=locale(lang)))


def format_number(value: float, lang: str = "en") -> str:
    """12.8 in English, 12,8 in Spanish: a decimal as the language writes it."""
    return str(format_decimal(value, locale=locale(lang)))


def language_name(lang: str, in_lang: str) -> str:
    """'English' in English, 'inglés' in Spanish, '英文' in Chinese: the name of `lang` as `in_lang` writes it."""
    try:
        return str(locale(lang).get_language_name(locale(in_lang)) or lang)
    except ValueError:
        return lang


def primary(lang: str) -> str:
    """The language without region or script: 'zh' for 'zh-Hans', for picking a wording catalogue or hyphenation."""
    return lang.split("-")[0].lower()


def hyphenation(lang: str) -> str:
    """The pyphen dictionary for words broken across lines in `lang` ('' when pyphen has none: no hyphens).

    English is en_US unless a region names another dictionary (en-GB), so English copies break as they always have.
    """
    import pyphen

    tag = lang.replace("-", "_")
    if tag.lower() == "en":
        return "en_US"
    return str(pyphen.language_fallback(tag) or "")


def cjk(lang: str) -> bool:
    """Chinese, Japanese and Korean: written without spaces between words, so lines may break between characters."""
    return primary(lang) in ("zh", "ja", "ko")


def problem(lang: str | None) -> str | None:
    """Why `lang` cannot be a copy's language (Babel does not know it), or None: for an error at the line that sets it."""
    if lang is None or known(lang):
        return None
    return f"unknown language '{lang}': use a BCP 47 tag Babel knows, such as en, es, fr, pt-BR or zh-Hans"
