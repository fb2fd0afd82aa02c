"""Languages of the site's editions: fixed phrases, dates and amounts, per language.

Every fixed phrase of the templates and of the code is written in English and passed
through ``Language.t``; a gettext catalog in ``locale/<code>/LC_MESSAGES/semikb.po``
translates it (read with Babel, no compile step). A third language is a catalog, not
code: extract the phrases with ``pybabel extract -F babel.cfg -o messages.pot .``,
start a catalog with ``pybabel init -i messages.pot -d semikb/locale -D semikb -l LANG``
and translate it. Dates are written by Babel with the precision they have
("10 August 2022", "2022년 8월 10일"; "August 2022", "2022년 8월"), amounts by
``numbers.format_quantity`` ("¥7.3 billion", "73억 엔").
"""

from __future__ import annotations

import datetime
import functools
import gettext
import io
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import Markup

from .markdown import escape
from .model import Date, Quantity, Text
from .numbers import exact_quantity, format_quantity

LOCALES = Path(__file__).parent / "locale"
DOMAIN = "semikb"
# The Babel locale whose date formats a language's pages use (British English: "10 August").
BABEL_LOCALE = {"en": "en_GB"}


@functools.cache
def translations(code: str) -> gettext.NullTranslations:
    """The catalog of ``code``; English, the language of the phrases, needs none."""
    path = LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@functools.lru_cache(maxsize=65536)
def _format_date(locale: str, date: Date) -> str:
    # Babel's formatting takes ~80 µs a date; a knowledge base repeats its dates.
    day = datetime.date(date.year, date.month or 1, date.day or 1)
    if date.day:
        return format_date(day, "long", locale=locale)
    if date.month:
        return format_skeleton("yMMMM", day, locale=locale)
    return format_skeleton("y", day, locale=locale)


@dataclass(frozen=True)
class Language:
    code: str

    @property
    def catalog(self) -> gettext.NullTranslations:
        return translations(self.code)

    def t(self, message: str, **values: object) -> Markup:
        """A fixed phrase (trusted Markdown) with contributor values escaped into it."""
        text = self.catalog.gettext(message)
        if not values:
            return Markup(text)
        return Markup(text.format(**{key: escape(value) for key, value in values.items()}))

    def plain(self, message: str, **values: object) -> str:
        """A fixed phrase as plain text, for feeds and attributes (the caller escapes)."""
        return self.catalog.gettext(message).format(**values)

    def text(self, text: Text) -> str:
        return text.best(self.code)

    def date(self, date: Date) -> str:
        """A date with the precision it has, the way this language writes it."""
        return _format_date(BABEL_LOCALE.get(self.code, self.code), date)

    def quantity(self, quantity: Quantity) -> Markup:
        """An amount for reading, with the exact value as its tooltip."""
        shown = format_quantity(quantity, self.code)
        exact = exact_quantity(quantity)
        if shown == exact:
            return escape(shown)
        return Markup('<span title="{}">{}</span>').format(exact, escape(shown))
