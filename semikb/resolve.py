"""Stage 3, resolve: join the entities into a graph.

First every id is indexed; then each reference is checked against that index; then,
in a pass of its own, every relation is turned around so that both ends show it.
The graph answers the questions later stages ask of the whole knowledge base.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from .model import Entity, Statement
from .problems import Problems, did_you_mean
from .vocabulary import Vocabulary

T = TypeVar("T")


def by_label(entity: Entity) -> tuple[str, str]:
    """An entity's place in a list by name; namesakes by file, as the entities are read."""
    return entity.label.casefold(), entity.path


@dataclass(frozen=True)
class Graph:
    vocabulary: Vocabulary
    entities: dict[str, Entity]
    # entity id → statements of other entities that point at it
    incoming: dict[str, list[Statement]] = field(default_factory=dict)
    # source id → statements that cite it
    citations: dict[str, list[Statement]] = field(default_factory=dict)
    # What several pages of a run ask of the whole graph, worked out once (see derived
    # and selected).
    _derived: dict[Hashable, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _selected: dict[Hashable, tuple[Callable[[Entity], bool], list[Entity]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def derived(self, key: Hashable, make: Callable[[Graph], T]) -> T:
        """``make(self)``, worked out once per graph: a graph is never changed (an edit
        makes a new one), so neither is what is derived from it."""
        if key not in self._derived:
            self._derived[key] = make(self)
        return cast(T, self._derived[key])

    def selected(self, key: Hashable, keep: Callable[[Entity], bool]) -> list[Entity]:
        """The entities that ``keep`` is true of, by label, then file; worked out once per
        graph, and for a graph updated after an edit, from the last graph's selection
        (see ``_update``)."""
        if key not in self._selected:
            chosen = sorted((e for e in self.entities.values() if keep(e)), key=by_label)
            self._selected[key] = (keep, chosen)
        return list(self._selected[key][1])

    def of_type(self, type_id: str) -> list[Entity]:
        return self.selected(("of type", type_id), lambda entity: entity.type == type_id)

    def disputed(self) -> list[Entity]:
        """The entities with a disputed statement."""
        return self.selected("disputed", lambda e: any(s.disputed for s in e.statements))

    def sources(self) -> list[Entity]:
        return self.of_type(self.vocabulary.source_type)

    def statements(self) -> list[Statement]:
        return [s for entity in self.entities.values() for s in entity.statements]

    def names(self, entity: Entity) -> list[str]:
        """The entity's names in the vocabulary's language order."""
        return entity.names_in_scripts(self.vocabulary.languages.content)

    def rivals(self, statement: Statement) -> list[Statement]:
        """The other statements of the same property on the same entity."""
        subject = self.entities[statement.subject]
        return [
            s for s in subject.statements if s.property == statement.property and s is not statement
        ]

    def claim_status(self, statement: Statement, source_id: str) -> tuple[str, list[Statement]]:
        """How the other sources treat a statement that ``source_id`` makes.

        Returns the status and the competing statements of the same property on the
        same entity (the values the other sources give instead).
        """
        siblings = self.rivals(statement)
        if statement.disputed:
            preferred = [s for s in siblings if s.rank == "preferred"] or [
                s for s in siblings if not s.disputed
            ]
            return ("corrected" if preferred else "disputed"), preferred
        if any(other != source_id for other in statement.sources):
            return "supported", []
        return "single source", []


def index_entities(entities: Iterable[Entity], problems: Problems) -> dict[str, Entity]:
    index: dict[str, Entity] = {}
    for entity in entities:
        if entity.id in index:
            first = index[entity.id]
            problems.add(
                entity.location, f"duplicate id {entity.id!r}: {first.path} already uses it"
            )
        else:
            index[entity.id] = entity
    return index


def check_references(
    index: dict[str, Entity],
    vocabulary: Vocabulary,
    problems: Problems,
    failed: frozenset[str] = frozenset(),
    only: Iterable[Entity] | None = None,
) -> None:
    """Targets and sources must exist and have the right type.

    ``failed`` holds the ids of files that failed validation: already reported. ``only``
    checks the references of these entities (every entity's by default).
    """
    source_type = vocabulary.source_type
    source_ids = [i for i, e in index.items() if e.type == source_type]
    for entity in index.values() if only is None else only:
        for statement in entity.statements:
            prop = vocabulary.properties[statement.property]
            if statement.target is not None:
                target = index.get(statement.target)
                if target is None:
                    if statement.target not in failed:
                        problems.add(
                            statement.location,
                            f"{prop.id}: no entity with id "
                            f"{statement.target!r}{did_you_mean(statement.target, index)}",
                        )
                elif not prop.allows_target(target.type):
                    problems.add(
                        statement.location,
                        f"{prop.id}: {statement.target!r} is a {target.type}, but {prop.id} "
                        f"takes a {' or '.join(prop.targets)}",
                    )
                elif statement.target == entity.id:
                    problems.add(statement.location, f"{prop.id}: an entity cannot point at itself")
            locations = statement.source_locations or (statement.location,) * len(statement.sources)
            for source_id, where in zip(statement.sources, locations, strict=True):
                source = index.get(source_id)
                if source is None:
                    if source_id not in failed:
                        problems.add(
                            where,
                            f"no source with id {source_id!r}{did_you_mean(source_id, source_ids)}",
                        )
                elif source.type != source_type:
                    problems.add(where, f"{source_id!r} is a {source.type}, not a {source_type}")


def compute_inverses(index: dict[str, Entity]) -> dict[str, list[Statement]]:
    """Every relation, seen from its target (its own pass, after all references are checked)."""
    incoming: dict[str, list[Statement]] = defaultdict(list)
    for entity in index.values():
        for statement in entity.statements:
            if statement.target is not None:
                incoming[statement.target].append(statement)
    return dict(incoming)


def compute_citations(index: dict[str, Entity]) -> dict[str, list[Statement]]:
    citations: dict[str, list[Statement]] = defaultdict(list)
    for entity in index.values():
        for statement in entity.statements:
            for source_id in dict.fromkeys(statement.sources):
                citations[source_id].append(statement)
    return dict(citations)


def resolve(
    entities: Iterable[Entity],
    vocabulary: Vocabulary,
    problems: Problems,
    failed: Iterable[str] = (),
    previous: tuple[list[Entity], Graph] | None = None,
) -> Graph | None:
    """The graph of the entities, or None when a reference is broken (added to ``problems``).

    ``previous`` is an earlier call's entities and graph (a preview's last run): when the
    entities are those, in the same order, some of them read again with the same id and
    type, only what those say is checked and turned around (see ``_update``); when none
    was read again, the graph is the previous one."""
    entities = list(entities)
    before = len(problems)
    changed = _changed(previous, entities, vocabulary, failed)
    if previous is not None and changed is not None:
        return _update(previous[1], entities, changed, problems) if changed else previous[1]
    index = index_entities(entities, problems)
    check_references(index, vocabulary, problems, frozenset(failed))
    if len(problems) != before:
        return None
    return Graph(vocabulary, index, compute_inverses(index), compute_citations(index))


def _changed(
    previous: tuple[list[Entity], Graph] | None,
    entities: list[Entity],
    vocabulary: Vocabulary,
    failed: Iterable[str],
) -> list[Entity] | None:
    """The entities that replace one of the previous graph's with the same id and type;
    None unless every other entity is the previous one, in the same place."""
    if previous is None or any(True for _ in failed):
        return None
    kept, graph = previous
    if graph.vocabulary is not vocabulary or len(kept) != len(entities):
        return None
    changed = []
    for old, new in zip(kept, entities, strict=True):
        if old is new:
            continue
        if old.id != new.id or old.type != new.type:
            return None
        changed.append(new)
    return changed


def _update(
    graph: Graph, entities: list[Entity], changed: list[Entity], problems: Problems
) -> Graph | None:
    """The graph with ``changed`` in place of the entities of the same ids. Every other
    entity's references were checked against the same ids and types; the statements
    pointing at or citing an entity stay in the order of a whole resolve (by subject's
    place, then as written), for the pages list them in that order."""
    before = len(problems)
    index = {entity.id: entity for entity in entities}
    check_references(index, graph.vocabulary, problems, only=changed)
    if len(problems) != before:
        return None
    ids = {entity.id for entity in changed}
    place = {entity_id: number for number, entity_id in enumerate(index)}
    olds = [graph.entities[entity_id] for entity_id in ids]

    def redo(
        lists: dict[str, list[Statement]], keys: Callable[[Statement], Iterable[str]]
    ) -> dict[str, list[Statement]]:
        touched = {k for entity in (*olds, *changed) for s in entity.statements for k in keys(s)}
        updated = dict(lists)
        for key in touched:
            kept = [s for s in lists.get(key, ()) if s.subject not in ids]
            new = [s for entity in changed for s in entity.statements if key in keys(s)]
            merged = sorted(kept + new, key=lambda s: place[s.subject])
            if merged:
                updated[key] = merged
            else:
                updated.pop(key, None)
        return updated

    incoming = redo(graph.incoming, lambda s: (s.target,) if s.target is not None else ())
    citations = redo(graph.citations, lambda s: dict.fromkeys(s.sources))
    updated = Graph(graph.vocabulary, index, incoming, citations)
    for key, (keep, members) in graph._selected.items():
        chosen = [index[member.id] for member in members if member.id not in ids]
        for entity in changed:
            if keep(entity):
                bisect.insort(chosen, entity, key=by_label)
        updated._selected[key] = (keep, chosen)
    return updated
