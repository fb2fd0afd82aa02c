"""The validated data model: entities, statements and the values they hold.

Everything here is frozen: ``validate`` builds each object once, ``resolve`` links them,
and no later stage can change what an earlier one decided.
"""

from __future__ import annotations

import builtins
import calendar
import re
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from .problems import Location

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# The range of years the model supports: four digits, and no year 0, which the
# proleptic Gregorian calendar of Python (and of iCalendar and Atom) does not have.
MIN_YEAR, MAX_YEAR = 1, 9998


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
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise DateError(
                f"{text!r} is out of range: years run from {MIN_YEAR:04d} to {MAX_YEAR}"
            )
        if match.group(2) and not 1 <= month <= 12:
            raise DateError(f"{text!r} has no month {month}")
        if match.group(3):
            days = calendar.monthrange(year, month)[1]
            if not 1 <= day <= days:
                raise DateError(
                    f"{text!r} is not a real day: {_MONTHS[month - 1]} {year} has {days} days"
                )
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

    def first_day(self) -> Date:
        """The first day of the period this date names (a year or month starts on the 1st)."""
        return Date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class Quantity:
    amount: int | float
    unit: str

    def display(self) -> str:
        amount = int(self.amount) if float(self.amount).is_integer() else self.amount
        text = f"{amount:,}" if isinstance(amount, int) else f"{amount:,.6g}"
        return f"{text}%" if self.unit == "%" else f"{text} {self.unit}"


def same_objects(kept: Sequence[object], current: Sequence[object]) -> bool:
    """Whether two sequences hold the very same objects, in order: how a preview tells
    that what it made something from was not read again."""
    return len(kept) == len(current) and all(a is b for a, b in zip(kept, current, strict=True))


@dataclass(frozen=True)
class Url:
    href: str

    def __str__(self) -> str:
        return self.href


@dataclass(frozen=True)
class Text(Mapping[str, str]):
    """Text per language code; ``neutral`` holds text written without a language."""

    languages: tuple[tuple[str, str], ...] = ()
    neutral: str = ""

    @classmethod
    def of(cls, languages: Mapping[str, str], neutral: str = "") -> Text:
        return cls(tuple(languages.items()), neutral)

    def __getitem__(self, language: str) -> str:
        for code, text in self.languages:
            if code == language:
                return text
        raise KeyError(language)

    def __iter__(self) -> Iterator[str]:
        return (code for code, _ in self.languages)

    def __len__(self) -> int:
        return len(self.languages)

    def __bool__(self) -> bool:
        return bool(self.languages or self.neutral)

    def best(self, language: str = "en") -> str:
        """The text in ``language``, else the neutral text, else English, else any."""
        return (
            self.get(language)
            or self.neutral
            or self.get("en")
            or next((text for _, text in self.languages), "")
        )

    def as_record(self) -> dict[str, str]:
        """The export's form: language → text, the neutral text under the key ``""``."""
        record = dict(self.languages)
        if self.neutral:
            record[""] = self.neutral
        return record


Value = Date | Quantity | Text | Url


@dataclass(frozen=True)
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
    note: Text = field(default_factory=Text)
    rank: str = "normal"
    sources: tuple[str, ...] = ()
    # Where each source id was written, for reference errors.
    source_locations: tuple[Location, ...] = ()

    # The field `property` shadows the builtin inside this class body.
    @builtins.property
    def disputed(self) -> bool:
        return self.rank == "disputed"

    def when(self) -> Date | None:
        """The date that places this statement in time, if any."""
        if isinstance(self.value, Date):
            return self.value
        return self.date or self.start


@dataclass(frozen=True)
class SourceInfo:
    """What a citation needs of a source entity, read through the vocabulary's source role."""

    url: str
    publisher: str
    published: Date
    language: str
    accessed: Date | None = None


FieldValue = str | Date


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    name: Text
    summary: Text
    path: str
    location: Location
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    wikidata: str | None = None
    wikipedia: str | None = None
    # The type's own fields (from the vocabulary), in the vocabulary's order.
    fields: tuple[tuple[str, FieldValue], ...] = ()
    # Set on entities of the source type.
    source: SourceInfo | None = None
    statements: tuple[Statement, ...] = ()

    @property
    def label(self) -> str:
        return self.name["en"]

    def field_value(self, field_id: str) -> FieldValue | None:
        return dict(self.fields).get(field_id)

    def names_in_scripts(self, languages: Sequence[str]) -> list[str]:
        """The names in ``languages`` order (English first), then every other distinct name."""
        names = [self.label]
        for text in [*(self.name.get(lang) for lang in languages), *self.name.values()]:
            if text and text not in names:
                names.append(text)
        return names


Part = TypeVar("Part")
# What an earlier run made of each entity: id → (the entity, its part).
Parts = dict[str, tuple[Entity, Part]]


def of_entity(entity: Entity, parts: Parts[Part] | None, make: Callable[[Entity], Part]) -> Part:
    """What ``make`` makes of one entity, kept in ``parts`` (id → the entity and its part)
    between a preview's runs: an entity whose file did not change is the same object, and
    its part is not made again."""
    if parts is None:
        return make(entity)
    kept = parts.get(entity.id)
    if kept is None or kept[0] is not entity:
        kept = parts[entity.id] = (entity, make(entity))
    return kept[1]


def prune_parts(parts: Parts[Part] | None, ids: Mapping[str, object]) -> None:
    """Forget the parts of entities that are gone (``ids``: the entities now, by id)."""
    if parts:
        for entity_id in parts.keys() - ids.keys():
            del parts[entity_id]


def face(entity: Entity | None) -> Hashable:
    """What a link to an entity or a citation of a source shows of it: its type (the link's
    address), its names and a source's fields. A page that only links to an entity need
    not change when the rest of its file does."""
    return None if entity is None else (entity.type, entity.name, entity.source)
