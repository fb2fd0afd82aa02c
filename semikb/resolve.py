"""Stage 3, resolve: join the entities into a graph.

First every id is indexed; then each reference is checked against that index; then,
in a pass of its own, every relation is turned around so that both ends show it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import Entity, Statement
from .problems import Problem
from .validate import did_you_mean
from .vocabulary import Vocabulary


@dataclass
class Graph:
    vocabulary: Vocabulary
    entities: dict[str, Entity]
    # entity id → statements of other entities that point at it
    incoming: dict[str, list[Statement]] = field(default_factory=dict)
    # source id → statements that cite it
    citations: dict[str, list[Statement]] = field(default_factory=dict)

    def of_type(self, type_id: str) -> list[Entity]:
        return sorted((e for e in self.entities.values() if e.type == type_id), key=lambda e: e.label.casefold())

    def statements(self) -> list[Statement]:
        return [s for entity in self.entities.values() for s in entity.statements]


@dataclass
class ResolveResult:
    graph: Graph | None
    problems: list[Problem]


def index_entities(entities: list[Entity], problems: list[Problem]) -> dict[str, Entity]:
    index: dict[str, Entity] = {}
    for entity in entities:
        if entity.id in index:
            first = index[entity.id]
            problems.append(Problem(entity.location, f"duplicate id {entity.id!r}: {first.path} already uses it"))
        else:
            index[entity.id] = entity
    return index


def check_references(index: dict[str, Entity], vocabulary: Vocabulary, problems: list[Problem], failed: frozenset[str] = frozenset()) -> None:
    """Targets and sources must exist and have the right type; ``failed`` ids were already reported."""
    source_ids = [i for i, e in index.items() if e.type == "source"]
    for entity in index.values():
        for statement in entity.statements:
            prop = vocabulary.properties[statement.property]
            if statement.target is not None:
                target = index.get(statement.target)
                if target is None:
                    if statement.target not in failed:
                        problems.append(Problem(statement.location, f"{prop.id}: no entity with id {statement.target!r}{did_you_mean(statement.target, index)}"))
                elif not prop.allows_target(target.type):
                    problems.append(Problem(statement.location, f"{prop.id}: {statement.target!r} is a {target.type}, but {prop.id} takes a {' or '.join(prop.targets)}"))
                elif statement.target == entity.id:
                    problems.append(Problem(statement.location, f"{prop.id}: an entity cannot point at itself"))
            for source_id, where in zip(statement.sources, statement.source_locations or [statement.location] * len(statement.sources)):
                source = index.get(source_id)
                if source is None:
                    if source_id not in failed:
                        problems.append(Problem(where, f"no source with id {source_id!r}{did_you_mean(source_id, source_ids)}"))
                elif source.type != "source":
                    problems.append(Problem(where, f"{source_id!r} is a {source.type}, not a source"))


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


def resolve(entities: list[Entity], vocabulary: Vocabulary, failed: set[str] | frozenset[str] = frozenset()) -> ResolveResult:
    problems: list[Problem] = []
    index = index_entities(entities, problems)
    check_references(index, vocabulary, problems, frozenset(failed))
    if problems:
        return ResolveResult(None, problems)
    graph = Graph(vocabulary, index, compute_inverses(index), compute_citations(index))
    return ResolveResult(graph, problems)
