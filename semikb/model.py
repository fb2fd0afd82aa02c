"""The validated data model: entities, statements and the values they hold."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from typing import Union

from .problems import Location

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class DateError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Date:
    """A date with its precision: ``2022`` (year), ``2022-08`` (month), ``2022-08-10`` (day)."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str) -> Date:
        match = _DATE.fullmatch(text)
        if not match:
            raise DateError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else 0 for part in match.groups())
        if match.group(2) and not 1 <= month <= 12:
            raise DateError(f"{text!r} has no month {month}")
        if match.group(3) and not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise DateError(f"{text!r} is not a real day: {_MONTHS[month - 1]} {year} has {calendar.monthrange(year, month)[1]} days")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def display(self) -> str:
        """Honest about precision: '2022', 'August 2022', '10 August 2022'."""
        if self.day:
            return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class Quantity:
    amount: float
    unit: str

    def display(self) -> str:
        amount = int(self.amount) if float(self.amount).is_integer() else self.amount
        text = f"{amount:,}" if isinstance(amount, int) else f"{amount:,.6g}"
        return f"{text}%" if self.unit == "%" else f"{text} {self.unit}"


# Language → text; the empty key holds language-neutral text.
Text = dict[str, str]
Value = Union[str, Date, Quantity, Text]


@dataclass
class Statement:
    """One claim about a subject: property, value or target, qualifiers, rank, sources."""

    subject: str
    property: str
    location: Location
    target: str | None = None
    value: Value | None = None
    start: Date | None = None
    end: Date | None = None
    date: Date | None = None
    planned: bool = False
    note: Text = field(default_factory=dict)
    rank: str = "normal"
    sources: list[str] = field(default_factory=list)
    # Where each source id was written, for reference errors.
    source_locations: list[Location] = field(default_factory=list)

    @property
    def disputed(self) -> bool:
        return self.rank == "disputed"

    def when(self) -> Date | None:
        """The date that places this statement in time, if any."""
        if isinstance(self.value, Date):
            return self.value
        return self.date or self.start


@dataclass
class Entity:
    id: str
    type: str
    name: Text
    summary: Text
    path: str
    location: Location
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    wikidata: str | None = None
    wikipedia: str | None = None
    fields: dict[str, object] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.name["en"]

    def names_in_scripts(self) -> list[str]:
        """The English name first, then every other distinct name."""
        names = [self.name["en"]]
        for lang in ("ko", "ja"):
            if self.name.get(lang) and self.name[lang] not in names:
                names.append(self.name[lang])
        for lang, text in self.name.items():
            if text not in names:
                names.append(text)
        return names
