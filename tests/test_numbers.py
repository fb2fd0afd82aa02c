"""Amounts for reading: English scale words, the Korean myriad scale, exact values."""

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from semikb.model import Quantity
from semikb.numbers import CURRENCIES, exact_quantity, format_quantity

ENGLISH_SCALE_WORDS = {"million": 10**6, "billion": 10**9, "trillion": 10**12}
KOREAN_MYRIAD_WORDS = {"": 1, "만": 10**4, "억": 10**8, "조": 10**12, "경": 10**16}


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        (10_000_000_000_000, "JPY", "¥10 trillion"),
        (7_300_000_000, "JPY", "¥7.3 billion"),
        (300_000_000, "JPY", "¥300 million"),
        (3_640_000_000_000, "USD", "US$3.64 trillion"),
        (52_700_000_000, "USD", "US$52.7 billion"),
        (1_500_000_000_000, "JPY", "¥1.5 trillion"),
        (1_610_000_000_000, "USD", "US$1.61 trillion"),
        (1_614_999_999_999, "USD", "US$1.61 trillion"),
        (1_615_000_000_000, "USD", "US$1.62 trillion"),
        (802_500_000_000, "JPY", "¥803 billion"),
        (43_000_000_000, "EUR", "€43 billion"),
        (33_000_000_000_000, "KRW", "₩33 trillion"),
        (1_200_000_000, "CNY", "CN¥1.2 billion"),
        (5_000_000, "TWD", "NT$5 million"),
        (1_000_000, "USD", "US$1 million"),
        (999_999_999, "USD", "US$1 billion"),  # rounding carries into the next scale word
        (999_999, "JPY", "¥999,999"),
        (950_000, "JPY", "¥950,000"),
        (12_345.5, "JPY", "¥12,345.5"),
        (0, "USD", "US$0"),
        (7.3e9, "JPY", "¥7.3 billion"),
        (-7_300_000_000, "EUR", "-€7.3 billion"),
        (1_234_000_000_000_000, "JPY", "¥1,230 trillion"),
        (54, "%", "54 %"),
        (36.6, "%", "36.6 %"),
        (0.05, "%", "0.05 %"),
        (54.0, "%", "54 %"),
        (1234, "wafers per month", "1,234 wafers per month"),
        (3, "nm", "3 nm"),
        (2_500_000_000, "GBP", "2,500,000,000 GBP"),  # not a known currency: a unit like others
    ],
)
def test_english(amount, unit, expected):
    assert format_quantity(Quantity(amount, unit), "en") == expected


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        (10_000_000_000_000, "JPY", "10조 엔"),
        (7_300_000_000, "JPY", "73억 엔"),
        (802_500_000_000, "JPY", "8,025억 엔"),
        (52_700_000_000, "USD", "527억 달러"),
        (33_000_000_000_000, "KRW", "33조 원"),
        (43_000_000_000, "EUR", "430억 유로"),
        (1_200_000_000, "CNY", "12억 위안"),
        (5_000_000_000, "TWD", "50억 대만달러"),
        (1_200_000_000_000, "JPY", "1조 2,000억 엔"),
        (3_640_000_000_000, "USD", "3조 6,400억 달러"),
        (1_234_567_890_123, "KRW", "1조 2,346억 원"),  # the third group rounds into the second
        (350_000_000, "KRW", "3억 5,000만 원"),
        (300_000_000, "JPY", "3억 엔"),
        (999_999_999_999, "KRW", "1조 원"),  # rounding carries into the next myriad
        (950_000, "JPY", "95만 엔"),
        (12_345.6, "JPY", "1만 2,346엔"),  # digits last: the unit word follows directly
        (9_500, "JPY", "9,500엔"),
        (0.5, "USD", "0.5달러"),
        (20_000_000_000_000_000, "KRW", "2경 원"),
        (-7_300_000_000, "JPY", "-73억 엔"),
        (54, "%", "54%"),
        (36.6, "%", "36.6%"),
        (1234, "wafers per month", "1,234 wafers per month"),
    ],
)
def test_korean(amount, unit, expected):
    assert format_quantity(Quantity(amount, unit), "ko") == expected


@pytest.mark.parametrize("lang", ["ja", "zh", "", "EN"])
def test_other_languages_read_english(lang):
    quantity = Quantity(7_300_000_000, "JPY")
    assert format_quantity(quantity, lang) == format_quantity(quantity, "en") == "¥7.3 billion"


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        (10_000_000_000_000, "JPY", "10,000,000,000,000 JPY"),
        (7.3e9, "JPY", "7,300,000,000 JPY"),
        (36.6, "%", "36.6 %"),
        (0.1, "USD", "0.1 USD"),  # the float as written, not its binary expansion
        (1.5e-7, "USD", "0.00000015 USD"),  # never an exponent
        (-1234.5, "wafers", "-1,234.5 wafers"),
    ],
)
def test_exact_quantity(amount, unit, expected):
    assert exact_quantity(Quantity(amount, unit)) == expected


@pytest.mark.parametrize("amount", [float("nan"), float("inf"), float("-inf")])
def test_amounts_that_are_not_numbers_are_shown_not_raised(amount):
    quantity = Quantity(amount, "JPY")
    assert format_quantity(quantity, "en") == format_quantity(quantity, "ko") == f"{amount} JPY"
    assert exact_quantity(quantity) == f"{amount} JPY"


# --- properties ----------------------------------------------------------------------------

amounts = st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True))
units = st.one_of(st.sampled_from([*CURRENCIES, "%"]), st.text())
finite_amounts = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
)
currencies = st.sampled_from(sorted(CURRENCIES))


@given(amounts, units, st.sampled_from(["en", "ko", "ja"]))
def test_formatting_never_raises(amount, unit, lang):
    quantity = Quantity(amount, unit)
    assert isinstance(format_quantity(quantity, lang), str)
    assert isinstance(exact_quantity(quantity), str)


def _as_written(amount):
    return Fraction(Decimal(amount) if isinstance(amount, int) else Decimal(repr(amount)))


def _digits_before_point(magnitude):
    """The exponent of the leading digit of a magnitude ≥ 1."""
    return len(str(int(magnitude))) - 1


def _read_english(text, currency):
    match = re.fullmatch(
        rf"(-?){re.escape(CURRENCIES[currency].symbol)}([\d,]+(?:\.\d+)?)(?: (\w+))?", text
    )
    assert match, text
    sign, number, word = match.groups()
    value = Fraction(Decimal(number.replace(",", ""))) * ENGLISH_SCALE_WORDS.get(word, 1)
    return -value if sign else value


def _read_korean(text, currency):
    match = re.fullmatch(rf"(-?)(.+?) ?{re.escape(CURRENCIES[currency].korean)}", text)
    assert match, text
    sign, number = match.groups()
    groups = re.findall(r"([\d,]+(?:\.\d+)?)([만억조경]?)", number)
    assert " ".join(digits + word for digits, word in groups) == number, text
    value = sum(
        Fraction(Decimal(digits.replace(",", ""))) * KOREAN_MYRIAD_WORDS[word]
        for digits, word in groups
    )
    return -value if sign else value


@given(finite_amounts, currencies)
def test_english_round_trips_within_three_significant_digits(amount, currency):
    text = format_quantity(Quantity(amount, currency), "en")
    exact = _as_written(amount)
    magnitude = abs(exact)
    if magnitude < 10**6:
        assert _read_english(text, currency) == exact
    else:
        last_shown_place = Fraction(10) ** (_digits_before_point(magnitude) - 2)
        assert abs(_read_english(text, currency) - exact) <= last_shown_place / 2


@given(finite_amounts, currencies)
def test_english_shows_at_most_three_significant_digits_and_no_trailing_zeros(amount, currency):
    text = format_quantity(Quantity(amount, currency), "en")
    if abs(amount) < 10**6:
        return
    number = re.search(r"[\d,.]+", text).group().replace(",", "")
    assert len(number.replace(".", "").strip("0")) <= 3, text
    assert not re.search(r"\.\d*0\b", text), text


@given(finite_amounts, currencies)
def test_korean_round_trips_within_the_second_myriad_group(amount, currency):
    text = format_quantity(Quantity(amount, currency), "ko")
    exact = _as_written(amount)
    magnitude = abs(exact)
    if magnitude < 10**4:
        assert _read_korean(text, currency) == exact
    else:
        lead_group = min(_digits_before_point(magnitude) // 4, 4)
        last_shown_place = Fraction(10) ** (4 * (lead_group - 1))
        assert abs(_read_korean(text, currency) - exact) <= last_shown_place / 2


@given(finite_amounts, currencies)
def test_korean_shows_at_most_two_myriad_groups(amount, currency):
    text = format_quantity(Quantity(amount, currency), "ko")
    assert len(re.findall(r"[\d,.]+", text)) <= 2, text


@given(finite_amounts, st.sampled_from([*CURRENCIES, "%", "wafers"]))
def test_exact_quantity_round_trips_exactly(amount, unit):
    number, written_unit = exact_quantity(Quantity(amount, unit)).split(" ", 1)
    assert written_unit == unit
    assert Fraction(Decimal(number.replace(",", ""))) == _as_written(amount)
