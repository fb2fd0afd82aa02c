"""schema.org JSON-LD for entity pages, mapped by the vocabulary (``schema_org`` on each type).

Disputed statements are left out; where a key has several candidate dates the first
in the mapping's order (and within a property, the preferred statement) wins. Dates
keep their precision (``2022``, ``2022-08``, ``2022-08-10``).
"""

from __future__ import annotations

import json

from .layout import Layout
from .model import Date, Entity, Statement
from .resolve import Graph
from .vocabulary import SchemaOrgProperty


def schema_type(entity: Entity, graph: Graph) -> str:
    mapping = graph.vocabulary.types[entity.type].schema_org
    if mapping is None:
        return "Thing"
    for tag, type_name in mapping.tag_types:
        if tag in entity.tags:
            return type_name
    return mapping.type


def _node(
    entity: Entity, graph: Graph, layout: Layout, language: str, type_name: str | None = None
) -> dict[str, str]:
    return {
        "@type": type_name or schema_type(entity, graph),
        "name": entity.name.best(language),
        "url": layout.absolute_entity_url(entity),
    }


def _kept(entity: Entity, property_id: str) -> list[Statement]:
    """The entity's statements of one property, disputed ones left out, preferred first."""
    kept = [s for s in entity.statements if s.property == property_id and not s.disputed]
    return sorted(kept, key=lambda s: s.rank != "preferred")


def _one_or_many(nodes: list[dict[str, str]]) -> dict[str, str] | list[dict[str, str]]:
    return nodes[0] if len(nodes) == 1 else nodes


def _put_date(
    data: dict[str, object], statements: list[Statement], spec: SchemaOrgProperty
) -> None:
    statement = next((s for s in statements if isinstance(s.value, Date)), None)
    if statement is None or spec.key in data:
        return
    if spec.end_key:  # a period: its start qualifier (when given) starts it
        start = statement.start or statement.value
        assert isinstance(start, Date)
        data[spec.key] = start.iso()
        if statement.end:
            data[spec.end_key] = statement.end.iso()
    else:
        assert isinstance(statement.value, Date)
        data[spec.key] = statement.value.iso()


def _mapped(entity: Entity, graph: Graph, layout: Layout, language: str) -> dict[str, object]:
    mapping = graph.vocabulary.types[entity.type].schema_org
    data: dict[str, object] = {}
    nodes: dict[str, list[dict[str, str]]] = {}
    for property_id, spec in mapping.properties if mapping else ():
        statements = _kept(entity, property_id)
        if graph.vocabulary.properties[property_id].kind == "date":
            _put_date(data, statements, spec)
            continue
        found = nodes.setdefault(spec.key, [])
        for statement in statements:
            if statement.target is not None and statement.target in graph.entities:
                node = _node(
                    graph.entities[statement.target], graph, layout, language, spec.node_type
                )
                if node not in found:
                    found.append(node)
    data.update({key: _one_or_many(found) for key, found in nodes.items() if found})
    return data


def entity_jsonld(
    entity: Entity, graph: Graph, layout: Layout, language: str = "en"
) -> dict[str, object]:
    """schema.org JSON-LD describing one entity, for its page (see ``script``), with its
    name and description in ``language``; text in another language than English says so
    in the context (``@language``)."""
    context: object = "https://schema.org"
    if language != "en":
        context = ["https://schema.org", {"@language": language}]
    name = entity.name.best(language)
    data: dict[str, object] = {
        "@context": context,
        "@type": schema_type(entity, graph),
        "name": name,
    }
    others: list[str] = []
    for other in [*graph.names(entity), *entity.aliases]:
        if other != name and other not in others:
            others.append(other)
    if others:
        data["alternateName"] = others
    if entity.summary.best(language):
        data["description"] = entity.summary.best(language)
    data["url"] = layout.absolute_entity_url(entity)
    same_as = []
    if entity.wikidata:
        same_as.append(f"https://www.wikidata.org/wiki/{entity.wikidata}")
    if entity.wikipedia:
        same_as.append(entity.wikipedia)
    if entity.source:
        same_as.append(entity.source.url)
    if same_as:
        data["sameAs"] = same_as
    data.update(_mapped(entity, graph, layout, language))
    if entity.source:
        data["datePublished"] = entity.source.published.iso()
        data["publisher"] = {"@type": "Organization", "name": entity.source.publisher}
        data["inLanguage"] = entity.source.language
    return data


def script_text(data: dict[str, object]) -> str:
    """The JSON on one line, safe inside a ``<script>`` element of HTML: ``<``, ``>`` and
    ``&`` are written as JSON escapes, so no contributor text can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def script(data: dict[str, object]) -> str:
    """``<script type="application/ld+json">…</script>`` on one line (see ``script_text``)."""
    return f'<script type="application/ld+json">{script_text(data)}</script>'
