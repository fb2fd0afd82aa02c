"""Everything the generator writes: the list of outputs, each from the stage that makes it.

``iter_outputs`` yields (page, bytes) one file at a time, where a page is a path inside
the generated subtree (see ``layout``); the writer consumes them as they come, so that
the generator never holds every page in memory (at 5,000 entities that was over 100 MB).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from . import feeds, tables
from .glossary import Term
from .i18n import Language
from .layout import Layout
from .render import PageRenderer
from .resolve import Graph
from .settings import Publication


def iter_outputs(
    graph: Graph,
    layout: Layout,
    publication: Publication,
    glossary: list[Term],
    language: Language,
) -> Iterator[tuple[str, bytes]]:
    renderer = PageRenderer(graph, layout, language)

    def out(page: str, text: str) -> tuple[str, bytes]:
        return page, text.encode("utf-8")

    yield out(layout.OVERVIEW, renderer.overview())
    yield out(layout.VOCABULARY, renderer.vocabulary_page())
    yield out(layout.TIMELINE, renderer.timeline())
    yield out(layout.DISPUTES, renderer.disputes())
    yield out(layout.BIBLIOGRAPHY, renderer.bibliography())
    yield out(layout.GRAPH, renderer.graph_page())
    yield out(layout.NUMBERS, renderer.numbers_page())
    yield out(
        layout.GRAPH_DATA,
        json.dumps(renderer.graph_data(), ensure_ascii=False, separators=(",", ":")) + "\n",
    )
    yield out(layout.GLOSSARY, renderer.glossary_page(glossary))
    yield out(layout.ABBREVIATIONS, renderer.abbreviations(glossary))
    for type_id in graph.vocabulary.types:
        yield out(layout.type_index(type_id), renderer.type_index(type_id))
    for entity in graph.entities.values():
        yield out(layout.entity_page(entity), renderer.entity_page(entity))
    yield out(layout.KB_JSON, tables.export_json(graph, layout))
    yield out(layout.vocabulary_json, tables.vocabulary_json(graph))
    for page, text in tables.csv_files(graph, layout).items():
        yield out(page, text)
    for page, text in tables.series_csv_files(graph, layout).items():
        yield out(page, text)
    yield out(layout.timeline_atom, feeds.atom_feed(graph, layout, publication, language))
    yield out(layout.milestones_ics, feeds.icalendar(graph, layout, publication, language))


def render_all(
    graph: Graph,
    layout: Layout,
    publication: Publication,
    glossary: list[Term],
    language: Language,
) -> dict[str, bytes]:
    """Every output in memory, keyed by page: for golden files and tests."""
    return dict(iter_outputs(graph, layout, publication, glossary, language))
