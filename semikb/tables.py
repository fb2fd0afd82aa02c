"""Tables of the whole knowledge base: ``kb.json``, the vocabulary as JSON, and CSV.

Pure functions of the resolved graph and the layout: the same knowledge base always
gives the same bytes. ``kb.json`` is described in ``schema/kb.schema.json`` and
``docs/data.md``.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from functools import partial

from .layout import Layout
from .model import (
    Date,
    Entity,
    Parts,
    Quantity,
    Statement,
    Text,
    Url,
    Value,
    of_entity,
    prune_parts,
)
from .resolve import Graph

# --- kb.json ---------------------------------------------------------------------------


def value_record(value: Value | None) -> object:
    if isinstance(value, Date):
        return {"date": value.iso(), "precision": value.precision}
    if isinstance(value, Quantity):
        return {"amount": value.amount, "unit": value.unit}
    if isinstance(value, Text):
        return value.as_record()
    if isinstance(value, Url):
        return value.href
    return value


def statement_record(statement: Statement) -> dict[str, object]:
    record: dict[str, object] = {"property": statement.property}
    if statement.target is not None:
        record["target"] = statement.target
    else:
        record["value"] = value_record(statement.value)
    qualifiers: dict[str, object] = {
        key: date.iso()
        for key, date in (
            ("start", statement.start),
            ("end", statement.end),
            ("date", statement.date),
        )
        if date
    }
    if statement.planned:
        qualifiers["planned"] = True
    if statement.note:
        qualifiers["note"] = statement.note.as_record()
    record["qualifiers"] = qualifiers
    record["rank"] = statement.rank
    record["disputed"] = statement.disputed
    record["sources"] = list(statement.sources)
    return record


def entity_record(entity: Entity, layout: Layout) -> dict[str, object]:
    record: dict[str, object] = {
        "id": entity.id,
        "type": entity.type,
        "name": entity.name.as_record(),
        "aliases": list(entity.aliases),
        "summary": entity.summary.as_record(),
        "tags": list(entity.tags),
        "url": layout.entity_url(entity),
        "wikidata": entity.wikidata,
        "wikipedia": entity.wikipedia,
        "statements": [statement_record(s) for s in entity.statements],
    }
    if entity.fields:
        record["fields"] = {
            k: value_record(v) if isinstance(v, Date) else v for k, v in entity.fields
        }
    return record


def source_record(entity: Entity) -> dict[str, object]:
    info = entity.source
    return {
        "id": entity.id,
        "title": entity.label,
        "url": info.url if info else None,
        "publisher": info.publisher if info else None,
        "date": info.published.iso() if info else None,
        "language": info.language if info else None,
    }


def vocabulary_record(graph: Graph) -> dict[str, object]:
    vocabulary = graph.vocabulary
    properties: dict[str, object] = {}
    for p in vocabulary.properties.values():
        properties[p.id] = {
            "kind": p.kind,
            "label": p.label.as_record(),
            "domain": list(p.domain),
            "targets": list(p.targets),
            "inverse": {"id": p.inverse.id, "label": p.inverse.label.as_record()}
            if p.inverse
            else None,
            "symmetric": p.symmetric,
            "infobox": p.infobox,
            "description": p.description,
        }
    return {
        "types": {
            t.id: {"label": t.label.as_record(), "plural": t.plural.as_record()}
            for t in vocabulary.types.values()
        },
        "properties": properties,
    }


def export_data(graph: Graph, layout: Layout) -> dict[str, object]:
    entities = _sorted_entities(graph)
    return _document(
        graph,
        [entity_record(e, layout) for e in entities],
        [source_record(e) for e in entities if e.type == graph.vocabulary.source_type],
    )


def _sorted_entities(graph: Graph) -> list[Entity]:
    return sorted(graph.entities.values(), key=lambda e: (e.type, e.id))


def _document(graph: Graph, entities: list[object], sources: list[object]) -> dict[str, object]:
    """kb.json's keys in their order."""
    return {
        "format": "semikb-kb",
        "version": 1,
        "vocabulary": vocabulary_record(graph),
        "entities": entities,
        "sources": sources,
    }


# What an earlier run made of each entity: id → (the entity, its text). A preview's
# generator keeps one per output (see memory): an entity whose file did not change is
# the same object, and its text is not made again.
Fragments = dict[str, tuple[Entity, str]]

# Where the entities' and the sources' records go in kb.json's text: list items no
# record can be.
_ENTITIES_SLOT = "\x00entities"
_SOURCES_SLOT = "\x00sources"


def _prune(fragments: Fragments | None, graph: Graph) -> None:
    prune_parts(fragments, graph.entities)


def _record_json(record: dict[str, object]) -> str:
    # The records sit two levels deep: each line of theirs is indented by two spaces.
    return textwrap.indent(json.dumps(record, ensure_ascii=False, indent=1), "  ")


def _entity_json(entity: Entity, layout: Layout) -> bytes:
    return _record_json(entity_record(entity, layout)).encode("utf-8")


def _source_json(entity: Entity) -> bytes:
    return _record_json(source_record(entity)).encode("utf-8")


def export_json(
    graph: Graph,
    layout: Layout,
    fragments: Parts[bytes] | None = None,
    source_fragments: Parts[bytes] | None = None,
) -> str:
    """kb.json: ``json.dumps(export_data(...), indent=1)``, byte for byte."""
    return export_json_bytes(graph, layout, fragments, source_fragments).decode("utf-8")


def export_json_bytes(
    graph: Graph,
    layout: Layout,
    fragments: Parts[bytes] | None = None,
    source_fragments: Parts[bytes] | None = None,
) -> bytes:
    """kb.json's bytes, with each entity's record and each source's serialised and encoded
    once per version of its file when ``fragments`` and ``source_fragments`` are kept
    (joining kept bytes is a fraction of joining and encoding 12 MB of text)."""
    entities = _sorted_entities(graph)
    sources = [e for e in entities if e.type == graph.vocabulary.source_type]
    records = [of_entity(e, fragments, partial(_entity_json, layout=layout)) for e in entities]
    source_records = [of_entity(e, source_fragments, _source_json) for e in sources]
    prune_parts(fragments, graph.entities)
    prune_parts(source_fragments, graph.entities)
    # An empty list is written as json.dumps writes it; a slot stands for the others.
    document = _document(
        graph, [_ENTITIES_SLOT] if records else [], [_SOURCES_SLOT] if source_records else []
    )
    skeleton = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    # The records go where the slots are, in one join (the records are 12 MB at 5,000
    # entities: each join or search of the whole was a few milliseconds of a preview's run).
    pieces, rest = [], skeleton
    for slot, lines in ((_ENTITIES_SLOT, records), (_SOURCES_SLOT, source_records)):
        if lines:
            before, found, rest = rest.partition(f"\n  {json.dumps(slot)}\n".encode())
            assert found, "a slot is where json.dumps puts a list item"
            pieces += [before, b"\n"]
            for line in lines:
                pieces += [line, b",\n"]
            pieces[-1] = b"\n"  # no comma after the last record
    return b"".join([*pieces, rest, b"\n"])


def vocabulary_json(graph: Graph) -> str:
    return json.dumps(vocabulary_record(graph), ensure_ascii=False, indent=1) + "\n"


# --- CSV -------------------------------------------------------------------------------

STATEMENT_COLUMNS = (
    "subject", "property", "target", "value", "amount", "unit", "start", "end", "date",
    "planned", "rank", "disputed", "note_en", "sources",
)  # fmt: skip


def entity_columns(graph: Graph) -> tuple[str, ...]:
    names = tuple(f"name_{lang}" for lang in graph.vocabulary.languages.content)
    return ("id", *names, "aliases", "summary_en", "url", "wikidata", "wikipedia")


def _field_columns(graph: Graph, type_id: str) -> list[tuple[str, str]]:
    """(column, field id) for the type's own fields; a clash with a common column is
    prefixed with the type (a source's ``url`` field is the column ``source_url``)."""
    common = entity_columns(graph)
    return [
        (f"{type_id}_{fid}" if fid in common else fid, fid)
        for fid in graph.vocabulary.types[type_id].fields
    ]


def _table(columns: tuple[str, ...] | list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _number(amount: float) -> str:
    return str(int(amount)) if isinstance(amount, int) else repr(amount)


def _value_text(value: Value | None) -> str:
    if isinstance(value, Date):
        return value.iso()
    if isinstance(value, Text):
        return value.best("en")
    if isinstance(value, Url):
        return value.href
    return ""


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
        "note_en": statement.note.best("en"),
        "sources": " ".join(statement.sources),
    }


def _entity_row(
    entity: Entity, graph: Graph, layout: Layout, extra: list[tuple[str, str]]
) -> dict[str, str]:
    row = {"id": entity.id}
    row.update(
        {f"name_{lang}": entity.name.get(lang, "") for lang in graph.vocabulary.languages.content}
    )
    row.update(
        {
            "aliases": " | ".join(entity.aliases),
            "summary_en": entity.summary.best("en"),
            "url": layout.entity_url(entity),
            "wikidata": entity.wikidata or "",
            "wikipedia": entity.wikipedia or "",
        }
    )
    for column, field_id in extra:
        value = entity.field_value(field_id)
        row[column] = (
            value.iso() if isinstance(value, Date) else "" if value is None else str(value)
        )
    return row


def csv_files(
    graph: Graph,
    layout: Layout,
    rows: Fragments | None = None,
    statement_rows: Fragments | None = None,
) -> dict[str, str]:
    """A table per type of the vocabulary (a header only when the type has no entities)
    and one of every statement: page (``Layout.type_csv``, ``Layout.statements_csv``) → text.

    RFC 4180 CSV (comma, double quotes, CRLF), no byte-order mark: encode as UTF-8
    and write the bytes unchanged. Rows are sorted by id; statements by subject id,
    then in the order of the entity file. With ``rows`` and ``statement_rows`` kept, an
    entity's lines are made once per version of its file.
    """
    files: dict[str, str] = {}
    entities = sorted(graph.entities.values(), key=lambda e: e.id)
    by_type: dict[str, list[Entity]] = {type_id: [] for type_id in graph.vocabulary.types}
    for entity in entities:
        by_type[entity.type].append(entity)
    for type_id, members in by_type.items():
        extra = _field_columns(graph, type_id)
        columns = [*entity_columns(graph), *(c for c, _ in extra)]
        line = partial(_entity_line, graph=graph, layout=layout, columns=columns, extra=extra)
        lines = [of_entity(e, rows, line) for e in members]
        files[layout.type_csv(type_id)] = _table(columns, []) + "".join(lines)
    statement_lines = [of_entity(e, statement_rows, _statement_lines) for e in entities]
    _prune(rows, graph)
    _prune(statement_rows, graph)
    files[layout.statements_csv] = _table(STATEMENT_COLUMNS, []) + "".join(statement_lines)
    return files


def _entity_line(
    entity: Entity,
    graph: Graph,
    layout: Layout,
    columns: list[str],
    extra: list[tuple[str, str]],
) -> str:
    return _lines(columns, [_entity_row(entity, graph, layout, extra)])


def _statement_lines(entity: Entity) -> str:
    return _lines(STATEMENT_COLUMNS, [statement_row(s) for s in entity.statements])


def _lines(columns: tuple[str, ...] | list[str], rows: list[dict[str, str]]) -> str:
    """CSV lines without the header."""
    out = io.StringIO(newline="")
    csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n").writerows(rows)
    return out.getvalue()


SERIES_COLUMNS = ("subject", "date", "precision", "amount", "unit", "rank", "note_en", "sources")


def series_csv_files(graph: Graph, layout: Layout) -> dict[str, str]:
    """A table per series property (``Layout.series_csv``): every point, by subject and date."""
    files: dict[str, str] = {}
    for prop in graph.vocabulary.properties.values():
        if not prop.series:
            continue
        rows = []
        for entity in sorted(graph.entities.values(), key=lambda e: e.id):
            points = [s for s in entity.statements if s.property == prop.id and s.when()]
            for statement in sorted(points, key=lambda s: s.when() or Date(1)):
                when, value = statement.when(), statement.value
                assert when is not None
                rows.append(
                    {
                        "subject": entity.id,
                        "date": when.iso(),
                        "precision": when.precision,
                        "amount": _number(value.amount) if isinstance(value, Quantity) else "",
                        "unit": value.unit if isinstance(value, Quantity) else "",
                        "rank": statement.rank,
                        "note_en": statement.note.best("en"),
                        "sources": " ".join(statement.sources),
                    }
                )
        files[layout.series_csv(prop.id)] = _table(SERIES_COLUMNS, rows)
    return files
