"""Dates, numbers and language tags as a class's language writes them (Babel's CLDR data, no hand-made tables)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date


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


def primary(lang: str) -> str:
    """The language without region or script: 'zh' for 'zh-Hans', for picking a wording catalogue or hyphenation."""
    return lang.split("-")[0].lower()
