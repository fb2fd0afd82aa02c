import pytest

from semikb.model import Date, DateError, Quantity


@pytest.mark.parametrize(
    ("text", "precision", "display"),
    [
        ("2022", "year", "2022"),
        ("2022-08", "month", "August 2022"),
        ("2022-08-10", "day", "10 August 2022"),
        ("2024-02-29", "day", "29 February 2024"),
    ],
)
def test_dates_keep_their_precision(text, precision, display):
    date = Date.parse(text)
    assert date.precision == precision
    assert date.display() == display
    assert date.iso() == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-29", "'2023-02-29' is not a real day: February 2023 has 28 days"),
        ("2022-13", "'2022-13' has no month 13"),
        ("2022-00-10", "'2022-00-10' has no month 0"),
        ("22-08-10", "'22-08-10' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2022/08/10", "'2022/08/10' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2022-8-1", "'2022-8-1' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_impossible_or_malformed_dates_are_refused(text, message):
    with pytest.raises(DateError) as error:
        Date.parse(text)
    assert str(error.value) == message


def test_dates_sort_year_before_its_months():
    assert sorted([Date.parse("2022-08-10"), Date.parse("2022"), Date.parse("2021-12")]) == [
        Date.parse("2021-12"),
        Date.parse("2022"),
        Date.parse("2022-08-10"),
    ]


def test_quantities_display_with_units():
    assert Quantity(7_300_000_000, "JPY").display() == "7,300,000,000 JPY"
    assert Quantity(86.5, "%").display() == "86.5%"
