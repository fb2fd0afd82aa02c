"""Feeds of dated events: an Atom timeline and an iCalendar of milestones.

Both read the same dated events: the statements the vocabulary's timeline role counts
(its types and properties), and planned milestones in the calendar. Every function is
pure: it takes the resolved graph and the layout and returns text, reads no clock, so
the same knowledge base always gives the same bytes. Dates keep their precision: a
year-precision date is never shown as a day without saying so.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

from .i18n import Language
from .layout import Layout
from .model import (
    Date,
    Entity,
    Parts,
    Quantity,
    Statement,
    Text,
    of_entity,
    prune_parts,
)
from .resolve import Graph
from .settings import Publication
from .vocabulary import TimelineRole

ENGLISH = Language("en")

# Characters XML 1.0 and iCalendar TEXT cannot carry (C0 controls other than tab,
# newline and carriage return, surrogates, U+FFFE/U+FFFF).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    return _UNSAFE.sub("", text)


# --- dated events: the timeline and the calendar ----------------------------------------

_PRECISION_NOTE = {
    "year": "Date known to the year only ({shown})",
    "month": "Date known to the month only ({shown})",
}


@dataclass(frozen=True)
class DatedEvent:
    entity: Entity
    statement: Statement
    date: Date
    # Unique within the entity: "<property>-<iso date>", then "-2", "-3" for repeats.
    key: str


def dated_events(
    graph: Graph, planned: bool, parts: Parts[list[DatedEvent]] | None = None
) -> list[DatedEvent]:
    """The statements that place something on the timeline, oldest first.

    A statement counts when it has a date (``Statement.when()``), is not disputed, and
    is on an entity of one of the timeline role's types, or is a statement of one of its
    properties on any entity. Planned statements are left out unless ``planned`` is
    true, and then every planned statement with a date is included. ``parts`` keeps each
    entity's events between a preview's runs (one for each value of ``planned``).
    """
    make = partial(_entity_events, role=graph.vocabulary.timeline, planned=planned)
    events: list[DatedEvent] = []
    for entity in sorted(graph.entities.values(), key=lambda e: e.id):
        own: list[DatedEvent] = of_entity(entity, parts, make)
        events += own
    prune_parts(parts, graph.entities)
    # Stable: ties keep entity id, file order.
    events.sort(key=lambda ev: _order(ev.date))
    return events


def _order(date: Date) -> tuple[int, int, int]:
    """A date's place in time as Date's own order has it, on plain tuples: comparing Date
    objects was most of the time of sorting thousands of them."""
    return date.year, date.month, date.day


def _entity_events(entity: Entity, role: TimelineRole, planned: bool) -> list[DatedEvent]:
    events = []
    seen: dict[str, int] = {}
    for statement in entity.statements:
        when = statement.when()
        if when is None or statement.disputed:
            continue
        if statement.planned:
            if not planned:
                continue
        elif entity.type not in role.types and statement.property not in role.properties:
            continue
        key = f"{statement.property}-{when.iso()}"
        seen[key] = seen.get(key, 0) + 1
        events.append(
            DatedEvent(entity, statement, when, key if seen[key] == 1 else f"{key}-{seen[key]}")
        )
    return events


# What an earlier run made of each entry of a feed: (entity id, event key) → (the entity,
# the entities it names by id (the target, the sources), the feed's context, the entry's
# text). A preview's generator keeps one per feed (see memory): an entry is made again
# only when its entity or an entity it names is another object, which happens when that
# entity's file changed, or when the feed's context (the data date) changed.
Entries = dict[tuple[str, str], tuple[Entity, tuple[tuple[str, Entity | None], ...], object, str]]


def _entry(
    event: DatedEvent,
    graph: Graph,
    entries: Entries | None,
    context: object,
    make: Callable[[], str],
) -> str:
    if entries is None:
        return make()
    entities = graph.entities
    key = (event.entity.id, event.key)
    kept = entries.get(key)
    if (
        kept is not None
        and kept[0] is event.entity
        and kept[2] == context
        and all(entities.get(i) is named for i, named in kept[1])
    ):
        return kept[3]
    text = make()
    named = tuple((i, entities.get(i)) for i in _named(event.statement))
    entries[key] = (event.entity, named, context, text)
    return text


def _named(statement: Statement) -> list[str]:
    target = [statement.target] if statement.target is not None else []
    return [*target, *dict.fromkeys(statement.sources)]


def _prune(entries: Entries | None, events: list[DatedEvent]) -> None:
    """Forget the entries of events that are gone."""
    if entries is not None:
        for key in entries.keys() - {(ev.entity.id, ev.key) for ev in events}:
            del entries[key]


def describe(statement: Statement, graph: Graph) -> str:
    """What a statement says, in a few English words (without its subject or date)."""
    prop = graph.vocabulary.properties[statement.property]
    label = prop.label.get("en", prop.id)
    value = statement.value
    if statement.target is not None:
        return f"{label}: {graph.entities[statement.target].label}"
    if isinstance(value, Quantity):
        return f"{label}: {value.display()}"
    if isinstance(value, Text):
        return value.best("en")
    if isinstance(value, Date):
        return "" if prop.id == "happened" else label
    return f"{label}: {value}" if value is not None else label


def _title(event: DatedEvent, graph: Graph) -> str:
    what = describe(event.statement, graph)
    return clean(f"{event.entity.label} — {what}" if what else event.entity.label)


def _source_line(graph: Graph, statement: Statement) -> str:
    parts = []
    for source_id in dict.fromkeys(statement.sources):
        source = graph.entities[source_id]
        info = source.source
        parts.append(
            f"{source.label} ({info.publisher}, {info.published.display()})"
            if info
            else source.label
        )
    return "Sources: " + "; ".join(parts) if parts else ""


def _lines(event: DatedEvent, graph: Graph, shown_on: str | None = None) -> list[str]:
    """The description of one event as separate lines."""
    statement, date = event.statement, event.date
    lines = [
        f"{date.display()}{' (planned)' if statement.planned else ''}: {_title(event, graph)}."
    ]
    if date.precision in _PRECISION_NOTE:
        note = _PRECISION_NOTE[date.precision].format(shown=date.display())
        lines.append(f"{note}; shown on {shown_on}." if shown_on else f"{note}.")
    if statement.start and statement.end:
        lines.append(f"Period: {statement.start.display()} – {statement.end.display()}.")
    if statement.note:
        lines.append(statement.note.best("en"))
    if event.entity.summary.best("en"):
        lines.append(event.entity.summary.best("en"))
    sources = _source_line(graph, statement)
    if sources:
        lines.append(sources)
    return [clean(line) for line in lines]


def data_date(graph: Graph) -> Date:
    """The date the data speaks as of: the newest published or accessed date of any
    source (1970-01-01 without sources). Used instead of the clock for timestamps."""
    return graph.derived("data date", _data_date)


def _data_date(graph: Graph) -> Date:
    dates = [
        date
        for entity in graph.entities.values()
        if entity.source
        for date in (entity.source.published, entity.source.accessed)
        if date
    ]
    return max(dates, key=Date.first_day).first_day() if dates else Date(1970, 1, 1)


def _rfc3339(date: Date) -> str:
    return f"{date.first_day().iso()}T00:00:00Z"


ATOM = "http://www.w3.org/2005/Atom"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = clean(text)
    return element


def atom_feed(
    graph: Graph,
    layout: Layout,
    publication: Publication,
    language: Language = ENGLISH,
    entries: Entries | None = None,
    events: list[DatedEvent] | None = None,
) -> str:
    """An Atom 1.0 feed (RFC 4287) of what happened, newest first (``Layout.timeline_atom``).

    One entry per statement of ``dated_events(graph, planned=False)``. An entry's
    ``updated`` is its date (the first day of a year or month when that is all that
    is known; the summary says so). The feed's ``updated`` is the newest of the
    entries and ``data_date(graph)``. ``entries`` keeps the entries between runs;
    ``events`` are ``dated_events(graph, planned=False)`` if the caller has them.
    """
    feed_url = layout.absolute_url(layout.timeline_atom)
    if events is None:  # a preview passes the ones it keeps per entity
        events = dated_events(graph, planned=False)
    # Newest first; equal dates by entity id and file order.
    newest = sorted(range(len(events)), key=lambda i: (*_order(events[i].date), -i), reverse=True)
    # Unqualified tags under an explicit default namespace: no global prefix registry.
    # The entries are written in English in every edition; only the feed's title is not.
    feed = ET.Element("feed", {"xmlns": ATOM, "{http://www.w3.org/XML/1998/namespace}lang": "en"})
    _sub(feed, "id", feed_url)
    _sub(feed, "title", language.plain("{title} timeline", title=publication.title))
    _sub(
        feed,
        "subtitle",
        f"Dated events of the {publication.title} knowledge base: founding dates, signings, "
        "events and milestones.",
    )
    latest = max([data_date(graph), *(ev.date for ev in events)], key=Date.first_day)
    _sub(feed, "updated", _rfc3339(latest))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=layout.site_url.rstrip("/") + "/")
    author = _sub(feed, "author")
    _sub(author, "name", publication.author)
    if publication.license:
        _sub(feed, "rights", f"{publication.license}, {publication.author}")
    _sub(feed, "generator", "semikb")
    ET.indent(feed, space=" ")
    head = ET.tostring(feed, encoding="unicode").removesuffix("\n</feed>")
    # Each entry is serialised on its own, indented as it would be inside the feed.
    body = "".join(
        "\n "
        + _entry(events[i], graph, entries, None, partial(_atom_entry, events[i], graph, layout))
        for i in newest
    )
    _prune(entries, events)
    return f'<?xml version="1.0" encoding="utf-8"?>\n{head}{body}\n</feed>\n'


def _atom_entry(event: DatedEvent, graph: Graph, layout: Layout) -> str:
    url = layout.absolute_entity_url(event.entity)
    prop = graph.vocabulary.properties[event.statement.property]
    entry = ET.Element("entry")
    _sub(entry, "id", f"{url}#{event.key}")
    _sub(entry, "title", _title(event, graph))
    _sub(entry, "updated", _rfc3339(event.date))
    _sub(entry, "link", rel="alternate", type="text/html", href=url)
    _sub(entry, "category", term=prop.id, label=prop.label.get("en", prop.id))
    _sub(entry, "summary", "\n".join(_lines(event, graph)), type="text")
    ET.indent(entry, space=" ", level=1)
    return ET.tostring(entry, encoding="unicode")


# --- iCalendar -------------------------------------------------------------------------


def ical_text(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    text = clean(text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets (RFC 5545 §3.1), never
    inside a UTF-8 sequence; continuation lines start with one space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[bytes] = []
    start, limit = 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: the cut goes before its start
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def _ical_date(date: Date) -> str:
    return date.first_day().iso().replace("-", "")


def _next_day(date: Date) -> str:
    day = datetime.date(date.year, date.month or 1, date.day or 1) + datetime.timedelta(days=1)
    return day.strftime("%Y%m%d")


def icalendar(
    graph: Graph,
    layout: Layout,
    publication: Publication,
    language: Language = ENGLISH,
    entries: Entries | None = None,
    events: list[DatedEvent] | None = None,
) -> str:
    """An iCalendar file (RFC 5545) with one all-day VEVENT per dated statement,
    planned milestones included (``Layout.milestones_ics``).

    Year-precision dates are shown on 1 January and month-precision dates on the first
    of the month; the SUMMARY gives the date as known and the DESCRIPTION says so.
    Planned statements are STATUS:TENTATIVE, the others CONFIRMED. DTSTAMP is
    ``data_date(graph)``, not the clock. CRLF line ends, lines folded at 75 octets.
    ``entries`` keeps the events between runs.
    """
    host = urlsplit(layout.site_url).hostname or "semikb"
    stamp = f"{_ical_date(data_date(graph))}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//semikb//semikb open data//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + ical_text(language.plain("{title} milestones", title=publication.title)),
        "X-WR-CALDESC:"
        + ical_text(
            f"Dated events and planned milestones of the {publication.title} knowledge base."
            + (f" {publication.license}, {publication.author}." if publication.license else "")
        ),
    ]
    if events is None:  # a preview passes the ones it made the calendar's key of
        events = dated_events(graph, planned=True)
    head = "".join(fold(line) + "\r\n" for line in lines)
    body = "".join(
        _entry(event, graph, entries, stamp, partial(_vevent, event, graph, layout, host, stamp))
        for event in events
    )
    _prune(entries, events)
    return f"{head}{body}END:VCALENDAR\r\n"


def _vevent(event: DatedEvent, graph: Graph, layout: Layout, host: str, stamp: str) -> str:
    """One event's VEVENT, its lines folded and ended."""
    statement, date = event.statement, event.date
    prop = graph.vocabulary.properties[statement.property]
    approximate = [date.display()] if date.precision != "day" else []
    flags = ", ".join(["planned"] * statement.planned + approximate)
    summary = _title(event, graph) + (f" ({flags})" if flags else "")
    shown_on = Date(date.year, date.month or 1, 1).display() if date.precision != "day" else None
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.entity.id}.{event.key}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_ical_date(date)}",
        f"DTEND;VALUE=DATE:{_next_day(date)}",
        "SUMMARY:" + ical_text(summary),
        "DESCRIPTION:" + ical_text("\n".join(_lines(event, graph, shown_on))),
        "URL:" + layout.absolute_entity_url(event.entity),
        "CATEGORIES:" + ical_text(prop.label.get("en", prop.id)),
        "STATUS:" + ("TENTATIVE" if statement.planned else "CONFIRMED"),
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
