"""The machine-readable export (``data/kb.json``), built from the resolved graph."""

from __future__ import annotations

import json
from dataclasses import asdict

from .model import Date, Entity, Quantity, Statement
from .resolve import Graph


def _value(value: object) -> object:
    if isinstance(value, Date):
        return {"date": value.iso(), "precision": value.precision}
    if isinstance(value, Quantity):
        return {"amount": value.amount, "unit": value.unit}
    return value


def statement_record(statement: Statement) -> dict:
    record: dict[str, object] = {"property": statement.property}
    if statement.target is not None:
        record["target"] = statement.target
    else:
        record["value"] = _value(statement.value)
    qualifiers = {key: getattr(statement, key).iso() for key in ("start", "end", "date") if getattr(statement, key)}
    if statement.planned:
        qualifiers["planned"] = True
    if statement.note:
        qualifiers["note"] = statement.note
    record["qualifiers"] = qualifiers
    record["rank"] = statement.rank
    record["disputed"] = statement.disputed
    record["sources"] = statement.sources
    return record


def page_dir(entity: Entity) -> str:
    """An entity page's built URL inside the generated subtree (MkDocs directory URLs)."""
    return f"{entity.type}/{entity.id}/"


def entity_url(entity: Entity) -> str:
    """An entity page's URL relative to the site root."""
    return f"kb/{page_dir(entity)}"


def entity_record(entity: Entity) -> dict:
    record = {
        "id": entity.id,
        "type": entity.type,
        "name": entity.name,
        "aliases": entity.aliases,
        "summary": entity.summary,
        "tags": entity.tags,
        "url": entity_url(entity),
        "wikidata": entity.wikidata,
        "wikipedia": entity.wikipedia,
        "statements": [statement_record(s) for s in entity.statements],
    }
    if entity.fields:
        record["fields"] = {k: _value(v) if isinstance(v, Date) else v for k, v in entity.fields.items()}
    return record


def source_record(entity: Entity) -> dict:
    published = entity.fields.get("published")
    return {
        "id": entity.id,
        "title": entity.label,
        "url": entity.fields.get("url"),
        "publisher": entity.fields.get("publisher"),
        "date": published.iso() if isinstance(published, Date) else None,
        "language": entity.fields.get("language"),
    }


def vocabulary_record(graph: Graph) -> dict:
    vocabulary = graph.vocabulary
    return {
        "types": {t.id: {"label": t.label, "plural": t.plural} for t in vocabulary.types.values()},
        "properties": {p.id: {k: v for k, v in asdict(p).items() if k != "id"} for p in vocabulary.properties.values()},
    }


def export_data(graph: Graph) -> dict:
    entities = sorted(graph.entities.values(), key=lambda e: (e.type, e.id))
    return {
        "format": "semikb-kb",
        "version": 1,
        "vocabulary": vocabulary_record(graph),
        "entities": [entity_record(e) for e in entities],
        "sources": [source_record(e) for e in entities if e.type == "source"],
    }


def export_json(graph: Graph) -> str:
    return json.dumps(export_data(graph), ensure_ascii=False, indent=1, sort_keys=False) + "\n"
