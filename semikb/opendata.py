"""Open data beside ``data/kb.json``: CSV tables, an Atom timeline, an iCalendar of
milestones and schema.org JSON-LD for entity pages.

Every function here is pure: it takes the resolved graph and returns text (or a dict),
writes nothing and reads no clock, so the same knowledge base always gives the same
bytes. Dates keep their precision: a year-precision date is never shown as a day
without saying so.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlsplit

from .export import entity_url
from .model import Date, Entity, Quantity, Statement
from .resolve import Graph

# --- paths (relative to the site root) -------------------------------------------

STATEMENTS_CSV = "data/statements.csv"
TIMELINE_ATOM = "data/timeline.atom"
MILESTONES_ICS = "data/milestones.ics"


def type_csv_path(type_id: str) -> str:
    return f"data/{type_id}.csv"


# --- small helpers -------------------------------------------------------------------

# Characters XML 1.0 and iCalendar TEXT cannot carry (C0 controls other than tab,
# newline and carriage return, surrogates, U+FFFE/U+FFFF).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _UNSAFE.sub("", text)


def _text(text: dict[str, str] | None, lang: str = "en") -> str:
    """One language of a text map, falling back to language-neutral, English, then any."""
    if not text:
        return ""
    return text.get(lang) or text.get("") or text.get("en") or next(iter(text.values()), "")


def page_url(entity: Entity, site_url: str) -> str:
    """The absolute URL of an entity's page: ``site_url`` + ``export.entity_url``."""
    return site_url.rstrip("/") + "/" + entity_url(entity)


def _number(amount: float) -> str:
    return str(int(amount)) if isinstance(amount, int) else repr(amount)


def _first_day(date: Date) -> Date:
    return Date(date.year, date.month or 1, date.day or 1)


def _value_text(value: object) -> str:
    if value is None or isinstance(value, Quantity):
        return ""
    if isinstance(value, Date):
        return value.iso()
    if isinstance(value, dict):
        return _text(value)
    return str(value)


# --- CSV -----------------------------------------------------------------------------

ENTITY_COLUMNS = ("id", "name_en", "name_ko", "name_ja", "aliases", "summary_en", "url", "wikidata", "wikipedia")
STATEMENT_COLUMNS = ("subject", "property", "target", "value", "amount", "unit", "start", "end", "date",
                     "planned", "rank", "disputed", "note_en", "sources")


def _field_columns(graph: Graph, type_id: str) -> list[tuple[str, str]]:
    """(column, field id) for the type's own fields; a clash with a common column is
    prefixed with the type (a source's ``url`` field is the column ``source_url``)."""
    spec = graph.vocabulary.types[type_id].fields
    return [(f"{type_id}_{fid}" if fid in ENTITY_COLUMNS else fid, fid) for fid in spec]


def _table(columns: list[str] | tuple[str, ...], rows: list[dict[str, str]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def statement_row(statement: Statement) -> dict[str, str]:
    value = statement.value
    return {
        "subject": statement.subject,
        "property": statement.property,
        "target": statement.target or "",
        "value": _value_text(value),
        "amount": _number(value.amount) if isinstance(value, Quantity) else "",
        "unit": value.unit if isinstance(value, Quantity) else "",
        "start": statement.start.iso() if statement.start else "",
        "end": statement.end.iso() if statement.end else "",
        "date": statement.date.iso() if statement.date else "",
        "planned": "true" if statement.planned else "false",
        "rank": statement.rank,
        "disputed": "true" if statement.disputed else "false",
        "note_en": _text(statement.note),
        "sources": " ".join(statement.sources),
    }


def csv_files(graph: Graph) -> dict[str, str]:
    """``data/<type>.csv`` for every type of the vocabulary (a header only when the type
    has no entities) and ``data/statements.csv``: path relative to the site root → text.

    RFC 4180 CSV (comma, double quotes, CRLF), no byte-order mark: encode as UTF-8
    and write the bytes unchanged. Rows are sorted by id; statements by subject id,
    then in the order of the entity file.
    """
    files: dict[str, str] = {}
    entities = sorted(graph.entities.values(), key=lambda e: e.id)
    for type_id in graph.vocabulary.types:
        extra = _field_columns(graph, type_id)
        rows = []
        for entity in (e for e in entities if e.type == type_id):
            row = {
                "id": entity.id,
                "name_en": entity.name.get("en", ""),
                "name_ko": entity.name.get("ko", ""),
                "name_ja": entity.name.get("ja", ""),
                "aliases": " | ".join(entity.aliases),
                "summary_en": _text(entity.summary),
                "url": entity_url(entity),
                "wikidata": entity.wikidata or "",
                "wikipedia": entity.wikipedia or "",
            }
            for column, fid in extra:
                value = entity.fields.get(fid)
                row[column] = value.iso() if isinstance(value, Date) else "" if value is None else str(value)
            rows.append(row)
        files[type_csv_path(type_id)] = _table([*ENTITY_COLUMNS, *(c for c, _ in extra)], rows)
    files[STATEMENTS_CSV] = _table(STATEMENT_COLUMNS, [statement_row(s) for e in entities for s in e.statements])
    return files


# --- dated events: the timeline and the calendar ----------------------------------------

TIMELINE_TYPES = ("event", "agreement")
TIMELINE_PROPERTIES = ("happened", "signed", "founded", "milestone")

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


def dated_events(graph: Graph, planned: bool) -> list[DatedEvent]:
    """The statements that place something on the timeline, oldest first.

    A statement counts when it has a date (``Statement.when()``), is not disputed, and
    is on an event or agreement, or is a ``happened``/``signed``/``founded``/``milestone``
    statement of any entity. Planned statements are left out unless ``planned`` is
    true, and then every planned statement with a date is included.
    """
    events = []
    for entity in sorted(graph.entities.values(), key=lambda e: e.id):
        seen: dict[str, int] = {}
        for statement in entity.statements:
            when = statement.when()
            if when is None or statement.disputed:
                continue
            if statement.planned:
                if not planned:
                    continue
            elif entity.type not in TIMELINE_TYPES and statement.property not in TIMELINE_PROPERTIES:
                continue
            key = f"{statement.property}-{when.iso()}"
            seen[key] = seen.get(key, 0) + 1
            events.append(DatedEvent(entity, statement, when, key if seen[key] == 1 else f"{key}-{seen[key]}"))
    events.sort(key=lambda ev: ev.date)  # stable: ties keep entity id, file order
    return events


def describe(statement: Statement, graph: Graph) -> str:
    """What a statement says, in a few English words (without its subject or date)."""
    prop = graph.vocabulary.properties[statement.property]
    label = prop.label.get("en", prop.id)
    value = statement.value
    if statement.target is not None:
        return f"{label}: {graph.entities[statement.target].label}"
    if isinstance(value, Quantity):
        return f"{label}: {value.display()}"
    if isinstance(value, dict):
        return _text(value)
    if isinstance(value, Date):
        return "" if prop.id == "happened" else label
    return f"{label}: {value}" if value is not None else label


def _title(event: DatedEvent, graph: Graph) -> str:
    what = describe(event.statement, graph)
    return _clean(f"{event.entity.label} — {what}" if what else event.entity.label)


def _source_line(graph: Graph, statement: Statement) -> str:
    parts = []
    for source_id in dict.fromkeys(statement.sources):
        source = graph.entities[source_id]
        published = source.fields.get("published")
        meta = ", ".join(x for x in (source.fields.get("publisher"), published.display() if isinstance(published, Date) else None) if x)
        parts.append(f"{source.label} ({meta})" if meta else source.label)
    return "Sources: " + "; ".join(parts) if parts else ""


def _lines(event: DatedEvent, graph: Graph, shown_on: str | None = None) -> list[str]:
    """The description of one event as separate lines."""
    statement, date = event.statement, event.date
    lines = [f"{date.display()}{' (planned)' if statement.planned else ''}: {_title(event, graph)}."]
    if date.precision in _PRECISION_NOTE:
        note = _PRECISION_NOTE[date.precision].format(shown=date.display())
        lines.append(f"{note}; shown on {shown_on}." if shown_on else f"{note}.")
    if statement.start and statement.end:
        lines.append(f"Period: {statement.start.display()} – {statement.end.display()}.")
    if statement.note:
        lines.append(_text(statement.note))
    if _text(event.entity.summary):
        lines.append(_text(event.entity.summary))
    sources = _source_line(graph, statement)
    if sources:
        lines.append(sources)
    return [_clean(line) for line in lines]


def data_date(graph: Graph) -> Date:
    """The date the data speaks as of: the newest published or accessed date of any
    source (1970-01-01 without sources). Used instead of the clock for timestamps."""
    dates = [value for e in graph.entities.values() if e.type == "source"
             for value in (e.fields.get("published"), e.fields.get("accessed")) if isinstance(value, Date)]
    return _first_day(max(dates)) if dates else Date(1970, 1, 1)


def _rfc3339(date: Date) -> str:
    return f"{_first_day(date).iso()}T00:00:00Z"


ATOM = "http://www.w3.org/2005/Atom"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = _clean(text)
    return element


def atom_feed(graph: Graph, site_url: str) -> str:
    """An Atom 1.0 feed (RFC 4287) of what happened, newest first (``data/timeline.atom``).

    One entry per statement of ``dated_events(graph, planned=False)``. An entry's
    ``updated`` is its date (the first day of a year or month when that is all that
    is known; the summary says so). The feed's ``updated`` is the newest of the
    entries and ``data_date(graph)``.
    """
    base = site_url.rstrip("/") + "/"
    events = dated_events(graph, planned=False)
    # Newest first; equal dates by entity id and file order.
    newest = sorted(range(len(events)), key=lambda i: (events[i].date, -i), reverse=True)
    # Unqualified tags under an explicit default namespace: no global prefix registry.
    feed = ET.Element("feed", {"xmlns": ATOM, "{http://www.w3.org/XML/1998/namespace}lang": "en"})
    _sub(feed, "id", base + TIMELINE_ATOM)
    _sub(feed, "title", "semikb timeline")
    _sub(feed, "subtitle", "Dated events of the semikb knowledge base: founding dates, signings, events and milestones.")
    latest = max([data_date(graph), *(ev.date for ev in events)], key=_first_day)
    _sub(feed, "updated", _rfc3339(latest))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=base + TIMELINE_ATOM)
    _sub(feed, "link", rel="alternate", type="text/html", href=base)
    author = _sub(feed, "author")
    _sub(author, "name", "semikb contributors")
    _sub(feed, "rights", "Content CC BY 4.0, semikb contributors")
    _sub(feed, "generator", "semikb")
    for i in newest:
        event = events[i]
        url = page_url(event.entity, site_url)
        prop = graph.vocabulary.properties[event.statement.property]
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"{url}#{event.key}")
        _sub(entry, "title", _title(event, graph))
        _sub(entry, "updated", _rfc3339(event.date))
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        _sub(entry, "category", term=prop.id, label=prop.label.get("en", prop.id))
        _sub(entry, "summary", "\n".join(_lines(event, graph)), type="text")
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


# --- iCalendar -------------------------------------------------------------------------


def ical_text(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    text = _clean(text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets (RFC 5545 §3.1), never
    inside a UTF-8 sequence; continuation lines start with one space."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _ical_date(date: Date) -> str:
    return _first_day(date).iso().replace("-", "")


def _next_day(date: Date) -> str:
    day = datetime.date(date.year, date.month or 1, date.day or 1) + datetime.timedelta(days=1)
    return day.strftime("%Y%m%d")


def icalendar(graph: Graph, site_url: str) -> str:
    """An iCalendar file (RFC 5545) with one all-day VEVENT per dated statement,
    planned milestones included (``data/milestones.ics``).

    Year-precision dates are shown on 1 January and month-precision dates on the first
    of the month; the SUMMARY gives the date as known and the DESCRIPTION says so.
    Planned statements are STATUS:TENTATIVE, the others CONFIRMED. DTSTAMP is
    ``data_date(graph)``, not the clock. CRLF line ends, lines folded at 75 octets.
    """
    host = urlsplit(site_url).hostname or "semikb"
    stamp = f"{_ical_date(data_date(graph))}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//semikb//semikb open data//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:semikb milestones",
        "X-WR-CALDESC:" + ical_text("Dated events and planned milestones of the semikb knowledge base. Content CC BY 4.0, semikb contributors."),
    ]
    for event in dated_events(graph, planned=True):
        statement, date = event.statement, event.date
        prop = graph.vocabulary.properties[statement.property]
        approximate = [date.display()] if date.precision != "day" else []
        flags = ", ".join(["planned"] * statement.planned + approximate)
        summary = _title(event, graph) + (f" ({flags})" if flags else "")
        shown_on = Date(date.year, date.month or 1, 1).display() if date.precision != "day" else None
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.entity.id}.{event.key}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_ical_date(date)}",
            f"DTEND;VALUE=DATE:{_next_day(date)}",
            "SUMMARY:" + ical_text(summary),
            "DESCRIPTION:" + ical_text("\n".join(_lines(event, graph, shown_on))),
            "URL:" + page_url(event.entity, site_url),
            "CATEGORIES:" + ical_text(prop.label.get("en", prop.id)),
            "STATUS:" + ("TENTATIVE" if statement.planned else "CONFIRMED"),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


# --- JSON-LD ---------------------------------------------------------------------------

SCHEMA_TYPES = {
    "company": "Corporation",
    "organization": "Organization",
    "person": "Person",
    "event": "Event",
    "agreement": "Legislation",
    "technology": "Product",
    "place": "Place",
    "facility": "Place",
    "source": "CreativeWork",
}
_ORGANIZATIONS = ("company", "organization")
_PLACES = ("place", "facility")


def schema_type(entity: Entity) -> str:
    if entity.type == "organization" and "government" in entity.tags:
        return "GovernmentOrganization"
    return SCHEMA_TYPES.get(entity.type, "Thing")


def _node(entity: Entity, site_url: str, type_: str | None = None) -> dict:
    return {"@type": type_ or schema_type(entity), "name": entity.label, "url": page_url(entity, site_url)}


def _kept(entity: Entity, property_id: str) -> list[Statement]:
    """The entity's statements of one property, disputed ones left out, preferred first."""
    kept = [s for s in entity.statements if s.property == property_id and not s.disputed]
    return sorted(kept, key=lambda s: s.rank != "preferred")


def _best_date(entity: Entity, *property_ids: str) -> Date | None:
    for property_id in property_ids:
        for statement in _kept(entity, property_id):
            if isinstance(statement.value, Date):
                return statement.value
    return None


def _targets(entity: Entity, graph: Graph, site_url: str, property_id: str, type_: str | None = None) -> list[dict]:
    nodes = []
    for statement in _kept(entity, property_id):
        if statement.target is not None and statement.target in graph.entities:
            node = _node(graph.entities[statement.target], site_url, type_)
            if node not in nodes:
                nodes.append(node)
    return nodes


def _one_or_many(nodes: list[dict]) -> dict | list[dict]:
    return nodes[0] if len(nodes) == 1 else nodes


def entity_jsonld(entity: Entity, graph: Graph, site_url: str) -> dict:
    """schema.org JSON-LD describing one entity, for its page (see ``jsonld_script``).

    Disputed statements are left out; where a date has several values the preferred
    one is used. Dates keep their precision (``2022``, ``2022-08``, ``2022-08-10``).
    """
    data: dict[str, object] = {"@context": "https://schema.org", "@type": schema_type(entity), "name": entity.label}
    others: list[str] = []
    for name in [*entity.names_in_scripts()[1:], *entity.aliases]:
        if name != entity.label and name not in others:
            others.append(name)
    if others:
        data["alternateName"] = others
    if _text(entity.summary):
        data["description"] = _text(entity.summary)
    data["url"] = page_url(entity, site_url)
    same_as = []
    if entity.wikidata:
        same_as.append(f"https://www.wikidata.org/wiki/{entity.wikidata}")
    if entity.wikipedia:
        same_as.append(entity.wikipedia)
    if entity.type == "source" and entity.fields.get("url"):
        same_as.append(str(entity.fields["url"]))
    if same_as:
        data["sameAs"] = same_as

    def put(key: str, value: object) -> None:
        if value:
            data[key] = value

    if entity.type in _ORGANIZATIONS:
        founded = _best_date(entity, "founded")
        put("foundingDate", founded.iso() if founded else None)
        dissolved = _best_date(entity, "dissolved")
        put("dissolutionDate", dissolved.iso() if dissolved else None)
        put("founder", _one_or_many(_targets(entity, graph, site_url, "founded_by")))
        put("parentOrganization", _one_or_many(_targets(entity, graph, site_url, "parent_organization")))
        places = _targets(entity, graph, site_url, "headquarters") + _targets(entity, graph, site_url, "located_in")
        put("location", _one_or_many([p for n, p in enumerate(places) if p not in places[:n]]))
    elif entity.type == "person":
        born = _best_date(entity, "born")
        put("birthDate", born.iso() if born else None)
        put("birthPlace", _one_or_many(_targets(entity, graph, site_url, "born_in")))
        put("nationality", _one_or_many(_targets(entity, graph, site_url, "nationality", "Country")))
        put("affiliation", _one_or_many(_targets(entity, graph, site_url, "affiliated_with")))
    elif entity.type == "event":
        happened = next((s for s in _kept(entity, "happened") if isinstance(s.value, Date)), None)
        if happened:
            data["startDate"] = (happened.start or happened.value).iso()  # type: ignore[union-attr]
            put("endDate", happened.end.iso() if happened.end else None)
        put("location", _one_or_many(_targets(entity, graph, site_url, "located_in")))
    elif entity.type == "agreement":
        # schema.org's Legislation has legislationDate ("the date of adoption or
        # signature"), not startDate.
        signed = _best_date(entity, "signed", "happened")
        put("legislationDate", signed.iso() if signed else None)
    elif entity.type in _PLACES:
        put("containedInPlace", _one_or_many(_targets(entity, graph, site_url, "located_in")))
    elif entity.type == "source":
        published = entity.fields.get("published")
        put("datePublished", published.iso() if isinstance(published, Date) else None)
        if entity.fields.get("publisher"):
            data["publisher"] = {"@type": "Organization", "name": str(entity.fields["publisher"])}
        put("inLanguage", entity.fields.get("language"))
    return data


def jsonld_script(data: dict) -> str:
    """``<script type="application/ld+json">…</script>`` on one line, safe to place in
    HTML or in a Markdown page: ``<``, ``>`` and ``&`` are written as JSON escapes, so
    no contributor text can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/ld+json">{text}</script>'
