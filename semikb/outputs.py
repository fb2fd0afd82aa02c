"""Everything the generator writes: the list of outputs, each from the stage that makes it.

``iter_outputs`` yields (page, bytes) one file at a time, where a page is a path inside
the generated subtree (see ``layout``); the writer consumes them as they come, so that
the generator never holds every page in memory (at 5,000 entities that was over 100 MB).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from functools import partial

from . import feeds, tables
from .glossary import Term
from .i18n import Language
from .layout import Layout
from .memory import PageKeys, PageMemo, Version, encoded, network_key, site_key
from .render import PageRenderer
from .resolve import Graph
from .settings import Publication


@dataclass(frozen=True)
class Reuse:
    """Pages of an earlier run (``memo``) and the versions of the entities now (see memory)."""

    memo: PageMemo
    versions: dict[str, Version]


def iter_outputs(
    graph: Graph,
    layout: Layout,
    publication: Publication,
    glossary: list[Term],
    language: Language,
    reuse: Reuse | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Every output; with ``reuse``, pages whose key is unchanged come from the memo, and
    when no entity file changed at all, every output of the last run as it was (without
    making a single key: that was most of a run in which nothing changed)."""
    if reuse is None:
        yield from _outputs(graph, layout, publication, glossary, language, None)
        return
    memo = reuse.memo
    inputs = (reuse.versions, tuple(glossary), publication)
    if memo.last is not None and memo.last[0] == inputs:
        memo.rendered = []
        yield from memo.last[1]
        return
    made = []
    for output in _outputs(graph, layout, publication, glossary, language, reuse):
        made.append(output)
        yield output
    memo.last = (inputs, made)


def _outputs(
    graph: Graph,
    layout: Layout,
    publication: Publication,
    glossary: list[Term],
    language: Language,
    reuse: Reuse | None,
) -> Iterator[tuple[str, bytes]]:
    memo = reuse.memo if reuse is not None else None
    dated = memo.timeline if memo is not None else None
    renderer = PageRenderer(graph, layout, language, dated, memo.links if memo else None)
    # The key of the pages that draw on every entity; entity pages have their own.
    everything = (site_key(reuse.versions), tuple(glossary), publication) if reuse else None
    changed = memo.changed_since(reuse.versions) if memo is not None and reuse else None
    keys = PageKeys(graph, reuse.versions, memo, changed) if reuse else None
    seen: set[str] = set()

    def out(
        page: str, render: Callable[[], str | bytes], key: Hashable | None = None
    ) -> tuple[str, bytes]:
        if memo is None:  # a one-off run keeps no page: the writer takes them one by one
            return page, encoded(render())
        seen.add(page)
        return page, memo.page(page, everything if key is None else key, render)

    def group(
        name: str, render: Callable[[], dict[str, str]], key: Hashable | None = None
    ) -> Iterator[tuple[str, bytes]]:
        if memo is None:
            yield from ((page, text.encode("utf-8")) for page, text in render().items())
            return
        pages = memo.group(name, everything if key is None else key, render)
        seen.update(pages)
        yield from pages.items()

    if memo is not None:
        memo.rendered = []
    # Each page's key names what it shows (see memory.PageKeys); the vocabulary is in
    # none of them, for a new vocabulary empties the memory.
    types = graph.vocabulary.types
    counts = (len(graph.entities), *(len(graph.of_type(t)) for t in types)) if keys else None
    yield out(layout.OVERVIEW, renderer.overview, counts)
    yield out(layout.VOCABULARY, renderer.vocabulary_page, ())
    periods = renderer.periods
    labels = tuple(period.label for period in periods)
    timeline_key = None
    if keys:
        timeline_key = tuple(
            (p.key, p.label, len(p.statements), p.statements[0][0], p.statements[-1][0])
            for p in periods
        )
    yield out(layout.TIMELINE, renderer.timeline, timeline_key)
    # A period's page draws only on its statements: an edit re-renders the periods it
    # touches, not the whole timeline.
    for period in periods:
        statements = [statement for _, statement in period.statements]
        page = layout.timeline_period(period.key)
        key = keys.statements(statements, labels, page=page, linked=True) if keys else None
        render = partial(renderer.timeline_period, period, periods)
        yield out(page, render, key)
    disputes_key = None
    if keys:
        disputed = [s for entity in graph.disputed() for s in entity.statements]
        disputes_key = keys.statements(disputed, None, page=layout.DISPUTES, linked=True)
    yield out(layout.DISPUTES, renderer.disputes, disputes_key)
    parts = renderer.sources_by_initial()
    initials = tuple(parts)
    parts_key = tuple((initial, len(sources)) for initial, sources in parts.items())
    yield out(layout.BIBLIOGRAPHY, renderer.bibliography, parts_key if keys else None)
    for initial, sources in parts.items():
        cited = [s for source in sources for s in graph.citations.get(source.id, [])]
        shown = [source.id for source in sources]
        page = layout.bibliography_part(initial)
        key = keys.statements(cited, initials, shown, page, linked=True) if keys else None
        kept = memo.fragments_of(f"bibliography {initial}") if memo is not None else None
        render = partial(renderer.bibliography_part, initial, sources, list(initials), kept)
        yield out(page, render, key)
    network = network_key(graph, memo.network) if memo is not None else None
    yield out(layout.GRAPH, renderer.graph_page, network)
    numbers_key = None
    if keys:
        properties = graph.vocabulary.properties
        series = [s for s in graph.statements() if properties[s.property].series]
        numbers_key = keys.statements(series, None, page=layout.NUMBERS, linked=True)
    yield out(layout.NUMBERS, renderer.numbers_page, numbers_key)
    yield out(
        layout.GRAPH_DATA,
        lambda: json.dumps(renderer.graph_data(), ensure_ascii=False, separators=(",", ":")) + "\n",
        network,
    )
    terms = tuple(glossary) if keys else None
    yield out(layout.GLOSSARY, lambda: renderer.glossary_page(glossary), terms)
    yield out(layout.ABBREVIATIONS, lambda: renderer.abbreviations(glossary), terms)
    for type_id in graph.vocabulary.types:
        members = graph.of_type(type_id)
        key = None
        if keys:
            statements = [s for entity in members for s in entity.statements]
            shown = [entity.id for entity in members]
            key = keys.statements(statements, None, shown, layout.type_index(type_id))
        rows = memo.fragments_of(f"{type_id} rows") if memo is not None else None
        yield out(layout.type_index(type_id), partial(renderer.type_index, type_id, rows), key)
    yield from _entity_pages(graph, layout, renderer, reuse, keys, changed, out, seen)
    fragments = memo.fragments_of if memo is not None else lambda output: None
    yield out(
        layout.KB_JSON,
        lambda: tables.export_json_bytes(
            graph, layout, fragments("kb.json"), fragments("kb.json sources")
        ),
    )
    yield out(layout.vocabulary_json, lambda: tables.vocabulary_json(graph), ())
    yield from group(
        "csv",
        lambda: tables.csv_files(graph, layout, fragments("csv"), fragments("statements.csv")),
    )
    # A series' CSV file shows what the Numbers page shows of it.
    yield from group("series", lambda: tables.series_csv_files(graph, layout), numbers_key)
    feed_key = None
    planned = happened = None
    if memo is not None and keys:
        planned = feeds.dated_events(graph, True, memo.fragments_of("planned events"))
        happened = feeds.dated_events(graph, False, memo.fragments_of("events"))
        context = (feeds.data_date(graph), publication)
        statements = [event.statement for event in planned]
        feed_key = keys.statements(statements, context, page=layout.timeline_atom)
    entries = memo.entries_of if memo is not None else lambda feed: None
    yield out(
        layout.timeline_atom,
        lambda: feeds.atom_feed(graph, layout, publication, language, entries("atom"), happened),
        feed_key,
    )
    yield out(
        layout.milestones_ics,
        lambda: feeds.icalendar(graph, layout, publication, language, entries("ics"), planned),
        feed_key,
    )
    if memo is not None:
        memo.keep_only(seen)


def _entity_pages(
    graph: Graph,
    layout: Layout,
    renderer: PageRenderer,
    reuse: Reuse | None,
    keys: PageKeys | None,
    changed: set[str] | None,
    out: Callable[[str, Callable[[], str], Hashable | None], tuple[str, bytes]],
    seen: set[str],
) -> Iterator[tuple[str, bytes]]:
    """Every entity's page; ``seen`` collects the pages a preview keeps as they were. In
    a preview only the pages an edit may change have their key made
    (``PageMemo.entity_pages_to_check``): at 5,000 entities, making every page's key
    took longer than rendering the pages that changed."""
    if reuse is None or keys is None:
        for entity in graph.entities.values():
            yield out(layout.entity_page(entity), partial(renderer.entity_page, entity), None)
        return
    memo = reuse.memo
    check = memo.entity_pages_to_check(graph, changed, keys.new_faces)
    for entity in graph.entities.values():
        page = layout.entity_page(entity)
        kept = memo.kept(page) if check is not None and entity.id not in check else None
        if kept is not None:
            seen.add(page)
            yield page, kept
            continue
        named: set[str] = set()
        key = keys.entity_page(entity, named)
        memo.depend(entity.id, frozenset(named))
        yield out(page, partial(renderer.entity_page, entity), key)
    memo.keep_versions(reuse.versions, graph)


def render_all(
    graph: Graph,
    layout: Layout,
    publication: Publication,
    glossary: list[Term],
    language: Language,
) -> dict[str, bytes]:
    """Every output in memory, keyed by page: for golden files and tests."""
    return dict(iter_outputs(graph, layout, publication, glossary, language))
