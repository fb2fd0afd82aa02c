"""Amounts formatted for reading, per language.

Contract
--------
``format_quantity(quantity, lang)`` writes a ``Quantity`` the way a reader of ``lang`` expects.
``lang`` is "en" or "ko"; any other language falls back to English.

English:

* A currency in ``CURRENCIES`` takes its symbol before the number: "¥950,000", "US$52.7
  billion". From a million up the amount is rounded (half up) to three significant digits and
  written with a scale word, million, billion or trillion, without trailing zeros: "¥10
  trillion", "¥7.3 billion", "US$1.61 trillion". Below a million it is written in full, with
  thousands separators and its decimals as given.
* "%" and every other unit: the number as given, a plain space, the unit: "36.6 %",
  "1,234 wafers per month". The space is U+0020 on purpose: ``markdown.escape`` folds every
  Unicode space (U+00A0 and U+202F included) into U+0020 anyway, so a no-break space would not
  survive to the page.

Korean:

* A currency: the myriad scale (만 10⁴, 억 10⁸, 조 10¹², 경 10¹⁶) and the currency's word. The
  two highest myriad groups are shown, the lower rounded (half up) into them, and a zero second
  group is left out, as Korean news writes amounts: "10조 엔", "73억 엔", "8,025억 엔",
  "1조 2,000억 엔", "1만 2,346엔". The word follows a myriad word after a space and follows
  digits directly ("9,500엔"). Below 만 the amount is written in full, decimals as given.
* "%": no space ("54%"). Every other unit: the number as given, a space, the unit.

Negative amounts take a leading "-". ``exact_quantity`` gives the exact value with its unit code,
for a tooltip or data: "10,000,000,000,000 JPY".

Neither function raises for any ``Quantity`` a knowledge base can hold: an amount that is not a
finite number (which validation refuses) is written as Python writes it, "nan JPY".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .model import Quantity


@dataclass(frozen=True)
class Currency:
    symbol: str  # written before the number in English
    korean: str  # the unit word written after the number in Korean


CURRENCIES: Mapping[str, Currency] = {
    "JPY": Currency("¥", "엔"),
    "USD": Currency("US$", "달러"),
    "EUR": Currency("€", "유로"),
    "KRW": Currency("₩", "원"),
    "CNY": Currency("CN¥", "위안"),
    "TWD": Currency("NT$", "대만달러"),
}

MILLION = 10**6
ENGLISH_SCALES = ((12, "trillion"), (9, "billion"), (6, "million"))
SIGNIFICANT_DIGITS = 3

MYRIAD = 10**4
MYRIAD_WORDS = ("", "만", "억", "조", "경")  # index n names 10^(4n)


def format_quantity(quantity: Quantity, lang: str) -> str:
    """The amount for a reader of ``lang`` ("en" or "ko"; others read English)."""
    number = _exact_number(quantity.amount)
    if number is None:
        return _unreadable(quantity)
    currency = CURRENCIES.get(quantity.unit)
    if lang == "ko":
        return _korean(number, quantity.unit, currency)
    return _english(number, quantity.unit, currency)


def exact_quantity(quantity: Quantity) -> str:
    """The exact amount and the unit as written: "10,000,000,000,000 JPY", "36.6 %"."""
    number = _exact_number(quantity.amount)
    if number is None:
        return _unreadable(quantity)
    return f"{_plain(number)} {quantity.unit}"


# --- numbers -----------------------------------------------------------------------------


def _exact_number(amount: int | float) -> Decimal | None:
    """The amount as written: an int exactly, a float by its shortest repr (0.1, not 0.1000…)."""
    if isinstance(amount, int):
        return Decimal(amount)
    if not math.isfinite(amount):
        return None
    return Decimal(repr(float(amount)))


def _unreadable(quantity: Quantity) -> str:
    return f"{quantity.amount} {quantity.unit}"


def _plain(number: Decimal) -> str:
    """Every digit, thousands separated, no exponent and no ".0" on whole numbers."""
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,f}"


def _split_sign(number: Decimal) -> tuple[str, Decimal]:
    return ("-", -number) if number < 0 else ("", number)


# --- English -----------------------------------------------------------------------------


def _english(number: Decimal, unit: str, currency: Currency | None) -> str:
    if currency is None:
        return f"{_plain(number)} {unit}"
    sign, magnitude = _split_sign(number)
    return f"{sign}{currency.symbol}{_english_magnitude(magnitude)}"


def _english_magnitude(magnitude: Decimal) -> str:
    if magnitude < MILLION:
        return _plain(magnitude)
    rounded = _round_significant(magnitude, SIGNIFICANT_DIGITS)
    power, word = next(scale for scale in ENGLISH_SCALES if rounded.adjusted() >= scale[0])
    return f"{_plain(rounded.scaleb(-power).normalize())} {word}"


def _round_significant(magnitude: Decimal, digits: int) -> Decimal:
    last_place = Decimal(1).scaleb(magnitude.adjusted() - digits + 1)
    return magnitude.quantize(last_place, rounding=ROUND_HALF_UP)


# --- Korean ------------------------------------------------------------------------------


def _korean(number: Decimal, unit: str, currency: Currency | None) -> str:
    if unit == "%":
        return f"{_plain(number)}%"
    if currency is None:
        return f"{_plain(number)} {unit}"
    sign, magnitude = _split_sign(number)
    text = _korean_magnitude(magnitude)
    space = " " if text[-1] in MYRIAD_WORDS else ""
    return f"{sign}{text}{space}{currency.korean}"


def _korean_magnitude(magnitude: Decimal) -> str:
    if magnitude < MYRIAD:
        return _plain(magnitude)
    step = MYRIAD ** (_myriad_group(magnitude.adjusted()) - 1)
    rounded = math.floor(Fraction(magnitude) / step + Fraction(1, 2))
    return _myriad_text(rounded * step)


def _myriad_group(exponent: int) -> int:
    """The index in MYRIAD_WORDS of the group that holds the digit at 10^exponent."""
    return min(exponent // 4, len(MYRIAD_WORDS) - 1)


def _myriad_text(whole: int) -> str:
    """The two highest groups of a whole number ≥ 만 whose lower groups are zero."""
    group = _myriad_group(len(str(whole)) - 1)
    lead, rest = divmod(whole, MYRIAD**group)
    second = rest // MYRIAD ** (group - 1)
    parts = [f"{lead:,}{MYRIAD_WORDS[group]}"]
    if second:
        parts.append(f"{second:,}{MYRIAD_WORDS[group - 1]}")
    return " ".join(parts)
