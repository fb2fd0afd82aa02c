"""What one run of the generator can reuse from the previous runs of the same process.

A preview (``semikb serve``) runs the generator on every save. Most files and most pages
are as they were, so the generator keeps, between runs:

- each entity file's checked result (the entity, or its problems), under the file's
  version (modification time, size, inode), and the vocabulary it was checked against;
- each generated page's bytes, under a key of what the page shows. An entity page's
  key is made of the versions of the entities whose statements it shows and what it
  shows of the entities those statements link to or cite (their names, type and source
  fields); a site-wide page's, of what it shows of the whole (counts, periods, the
  network). A page made of many statements (a period of the timeline, a part of the
  bibliography, a type's index, a feed) keeps its last key while none of what it shows
  changed (see ``PageKeys.statements``) and gets a new one when something did. A page
  whose key is unchanged is not rendered again;
- parts of pages and site-wide files made per entity (kb.json's records, CSV rows, feed
  entries, index rows, links and citations), and the timeline's statements in order;
- the last resolved graph, which the next run updates with the entities read again.

Nothing here changes what is generated: a run with a memory writes the same bytes as a
run without one (``tests/test_memory.py`` edits a knowledge base at random and compares).
"""

from __future__ import annotations

import operator
import os
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .feeds import Entries
from .model import Entity, Parts, Statement, face, same_objects
from .problems import Problem
from .render import KeptTimeline
from .resolve import Graph
from .vocabulary import Vocabulary
from .write import Known

# A file's version: modification time (ns), size and inode. An editor that saves by
# writing a new file and renaming it over the old one changes the inode.
Version = tuple[int, int, int]


def version_of(path: str | Path) -> Version | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None  # read it, and report why it cannot be read
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


@dataclass(frozen=True)
class CheckedFile:
    """One entity file, read and validated: its entity, or the problems it has."""

    version: Version
    entity: Entity | None
    problems: tuple[Problem, ...]


@dataclass
class PageMemo:
    """The bytes of each page of one edition, under the key of what they show."""

    pages: dict[str, tuple[Hashable, bytes]] = field(default_factory=dict)
    groups: dict[str, tuple[Hashable, dict[str, bytes]]] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)  # by the last run; others were reused
    # Parts of site-wide outputs made per entity (kb.json's records, CSV rows, a feed's
    # events, the timeline's statements): name → entity id → (the entity, its part); see
    # model.of_entity.
    fragments: dict[str, Parts[Any]] = field(default_factory=dict)
    entries: dict[str, Entries] = field(default_factory=dict)  # by feed
    timeline: KeptTimeline = field(default_factory=KeptTimeline)
    # Links to entities and citations of sources as pages print them (see PageRenderer).
    links: dict[Hashable, tuple[Entity, Markup]] = field(default_factory=dict)

    # The last run's inputs (entity versions, glossary, publication) and its outputs.
    last: tuple[Hashable, list[tuple[str, bytes]]] | None = None
    # What the writer last left in this edition's subtree (its pages are the bytes above).
    written: Known = field(default_factory=Known)
    # Entity pages: the entities whose version or face each one's key names (by entity
    # id), the other way round, and the entity versions of the last run that made them.
    depends: dict[str, frozenset[str]] = field(default_factory=dict)
    dependents: dict[str, set[str]] = field(default_factory=dict)
    entity_versions: dict[str, Version] | None = None
    # Each entity's face (see ``face``) in the run of entity_versions, and the entities its
    # statements pointed at or cited (themselves included).
    faces: dict[str, Hashable] = field(default_factory=dict)
    references: dict[str, frozenset[str]] = field(default_factory=dict)
    # Each entity's part of the network's key, and the entity it was made of.
    network: dict[str, tuple[Entity, Hashable]] = field(default_factory=dict)

    # Pages made of a list of statements (see PageKeys.statements): page → (the statements,
    # the other entities shown, the context, the entities the key names, the key).
    statement_keys: dict[
        str, tuple[tuple[Statement, ...], tuple[str, ...], Hashable, frozenset[str], Hashable]
    ] = field(default_factory=dict)

    def changed_since(self, versions: dict[str, Version]) -> set[str] | None:
        """The entities whose version changed (or that came or went) since the run that
        made the entity pages; None before the first."""
        before = self.entity_versions
        if before is None:
            return None
        return {i for i in before.keys() | versions.keys() if before.get(i) != versions.get(i)}

    def entity_pages_to_check(
        self, graph: Graph, changed: set[str] | None, new_faces: set[str]
    ) -> set[str] | None:
        """The entities whose page's key must be made again (None: every one), from what
        changed since the last run: an entity whose version changed; each entity its
        statements pointed at or cited before or do now (what their pages show of those
        statements may have changed, or the reference is new); and, for a changed entity
        whose face changed (``new_faces``), each entity whose page's key named it. Every
        other page's key is as it was: nothing it names changed what the page shows."""
        if changed is None:
            return None
        check = set(changed)
        for entity_id in changed:
            check.update(self.references.get(entity_id, ()))
            entity = graph.entities.get(entity_id)
            check.update(_referenced(entity.statements if entity is not None else ()))
        for entity_id in changed & new_faces:
            check.update(self.dependents.get(entity_id, ()))
        return check

    def keep_versions(self, versions: dict[str, Version], graph: Graph) -> None:
        """The entity versions, faces and references of the run that made the entity pages."""
        changed = self.changed_since(versions)
        ids = graph.entities.keys() if changed is None else changed
        for entity_id in ids:
            entity = graph.entities.get(entity_id)
            self.faces[entity_id] = face(entity)
            statements = entity.statements if entity is not None else ()
            self.references[entity_id] = frozenset(_referenced(statements))
        self.entity_versions = dict(versions)

    def depend(self, entity_id: str, named: frozenset[str]) -> None:
        """Record the entities an entity page's key names."""
        old = self.depends.get(entity_id, frozenset())
        if old == named:
            return
        for other in old - named:
            self.dependents.get(other, set()).discard(entity_id)
        for other in named - old:
            self.dependents.setdefault(other, set()).add(entity_id)
        self.depends[entity_id] = named

    def kept(self, page: str) -> bytes | None:
        """A page's bytes as the last run left them, without looking at its key."""
        kept = self.pages.get(page)
        return kept[1] if kept is not None else None

    def fragments_of(self, name: str) -> Parts[Any]:
        return self.fragments.setdefault(name, {})

    def entries_of(self, feed: str) -> Entries:
        """A feed's entries of the earlier runs (see feeds.Entries)."""
        return self.entries.setdefault(feed, {})

    def page(self, page: str, key: Hashable, render: Callable[[], str | bytes]) -> bytes:
        kept = self.pages.get(page)
        if kept is not None and kept[0] == key:
            return kept[1]
        data = encoded(render())
        self.pages[page] = (key, data)
        self.rendered.append(page)
        return data

    def group(
        self, name: str, key: Hashable, render: Callable[[], dict[str, str]]
    ) -> dict[str, bytes]:
        """Pages made together (one CSV file per type, say), under one key."""
        kept = self.groups.get(name)
        if kept is not None and kept[0] == key:
            return kept[1]
        data = {page: text.encode("utf-8") for page, text in render().items()}
        self.groups[name] = (key, data)
        self.rendered.extend(data)
        return data

    def keep_only(self, pages: set[str]) -> None:
        """Forget the pages that are no longer generated."""
        for page in set(self.pages) - pages:
            del self.pages[page]


@dataclass
class Memory:
    """The generator's memory between runs of one process; empty, it reuses nothing."""

    vocabulary_version: Hashable = None
    vocabulary: Vocabulary | None = None
    files: dict[str, CheckedFile] = field(default_factory=dict)  # by path
    editions: dict[str, PageMemo] = field(default_factory=dict)
    # The entities of the last run that resolved without a problem, and their graph.
    last_resolved: tuple[list[Entity], Graph] | None = None
    # Whether the first run's objects were moved out of the garbage collector's sight.
    settled: bool = False

    def checked_vocabulary(self, version: Hashable, load: Callable[[], Vocabulary]) -> Vocabulary:
        """The vocabulary; when it changed, everything checked against the old one is forgotten."""
        if self.vocabulary is None or version != self.vocabulary_version:
            self.vocabulary = load()
            self.vocabulary_version = version
            self.files.clear()
            self.editions.clear()
            self.last_resolved = None
        return self.vocabulary

    def checked_file(self, path: str, check: Callable[[Version], CheckedFile]) -> CheckedFile:
        version = version_of(path)
        kept = self.files.get(path)
        if version is not None and kept is not None and kept.version == version:
            return kept
        checked = check(version or (0, 0, 0))
        if version is not None:
            self.files[path] = checked
        return checked

    def keep_only(self, paths: Iterable[str]) -> None:
        """Forget the files that are gone."""
        for path in set(self.files) - set(paths):
            del self.files[path]

    def entity_versions(self) -> dict[str, Version]:
        return {c.entity.id: c.version for c in self.files.values() if c.entity is not None}

    def keep_resolved(self, entities: list[Entity], graph: Graph) -> None:
        self.last_resolved = (list(entities), graph)

    def memo(self, edition: str) -> PageMemo:
        return self.editions.setdefault(edition, PageMemo())


def encoded(made: str | bytes) -> bytes:
    """A page's bytes: text is written as UTF-8; a page made as bytes is already."""
    return made if isinstance(made, bytes) else made.encode("utf-8")


def _referenced(statements: Iterable[Statement]) -> set[str]:
    """Every entity the statements name: their subjects, targets and sources."""
    found: set[str] = set()
    for statement in statements:
        found.add(statement.subject)
        if statement.target is not None:
            found.add(statement.target)
        found.update(statement.sources)
    return found


class PageKeys:
    """The keys of one run's pages (see ``PageMemo``), each entity's face made once.

    With the ``memo`` of the last runs and the entities ``changed`` since, a page made of
    the very same statements (the same objects: their entities' files did not change)
    and context, none of whose named entities changed, keeps its last key without it
    being made again."""

    def __init__(
        self,
        graph: Graph,
        versions: dict[str, Version],
        memo: PageMemo | None = None,
        changed: set[str] | None = None,
    ):
        self.graph = graph
        self.versions = versions
        self.faces: dict[str, Hashable] = {}
        self.memo = memo
        self.changed = changed
        # The changed entities whose face changed too (a link to them changed).
        self.new_faces: set[str] = set()
        if memo is not None and changed is not None:
            self.new_faces = {i for i in changed if memo.faces.get(i) != self._face(i)}

    def _face(self, entity_id: str) -> Hashable:
        kept = self.faces.get(entity_id, self)
        if kept is self:
            kept = self.faces[entity_id] = face(self.graph.entities.get(entity_id))
        return kept

    def _key(
        self, shown: set[str], statements: Iterable[Statement], named: set[str] | None = None
    ) -> Hashable:
        """The versions of the entities whose statements a page shows, and the faces of
        the entities those statements only link to or cite (all of which go in ``named``)."""
        linked = _referenced(statements)
        if named is not None:
            named.update(linked, shown)
        linked -= shown
        versions, face_of = self.versions, self._face
        # Sorted tuples: compared with the last run's key, equal faces are the same
        # objects (identity, not hashing every name).
        return (
            tuple(sorted([(i, versions.get(i)) for i in shown])),
            tuple(sorted([(i, face_of(i)) for i in linked])),
        )

    def entity_page(self, entity: Entity, named: set[str] | None = None) -> Hashable:
        """An entity's page: its own statements (under its version); what the statements
        that point at it or cite it say, and what their subjects' other statements of the
        same property say (a source's page weighs each claim it supports against them);
        and the faces of every entity all of these link to or cite, their subjects among
        them. The rest of a subject's file is not on the page."""
        graph = self.graph
        pointing = graph.incoming.get(entity.id, ())
        citing = graph.citations.get(entity.id, ())
        rivals = [graph.rivals(statement) for statement in citing]
        shown = (*entity.statements, *pointing, *citing, *(s for group in rivals for s in group))
        return (
            self._key({entity.id}, shown, named),
            tuple(_content(statement) for statement in pointing),
            tuple(_content(statement) for statement in citing),
            tuple(tuple(_content(statement) for statement in group) for group in rivals),
        )

    def statements(
        self,
        statements: Iterable[Statement],
        context: Hashable,
        shown: Iterable[str] = (),
        page: str | None = None,
        linked: bool = False,
    ) -> Hashable:
        """A page made of some statements (a period of the timeline, a part of the
        bibliography, a feed), the other entities it shows in full (``shown``) and what
        else it shows of the whole (``context``: the list of periods, say). Its last key
        holds when the statements are the same objects (their subjects' files did not
        change), with the same ``shown`` and context, and no entity it names changed
        what a link to it shows. A page that shows its statements' subjects only as
        links (``linked``) also keeps it when the subjects were read again but the
        statements say the same. Otherwise a new key: the page shows something else.

        A new key is a new object rather than all the page draws on, which would
        differ from the last in every case the checks fail; making it was most of the
        time of a preview's run for pages of thousands of statements."""
        listed, others = tuple(statements), tuple(shown)
        kept = self.memo.statement_keys.get(page) if self.memo and page else None
        if kept is not None and self.changed is not None:
            if _unchanged(kept, listed, others, context, self.changed, self.new_faces):
                return kept[4]
            if linked and self._says_the_same(kept, listed, others, context):
                assert self.memo is not None and page is not None
                self.memo.statement_keys[page] = (listed, others, context, *kept[3:])
                return kept[4]
        key = object()
        if self.memo is not None and page is not None:
            named = _referenced(listed).union(others)
            self.memo.statement_keys[page] = (listed, others, context, frozenset(named), key)
        return key

    def _says_the_same(
        self,
        kept: tuple[tuple[Statement, ...], tuple[str, ...], Hashable, frozenset[str], Hashable],
        statements: tuple[Statement, ...],
        shown: tuple[str, ...],
        context: Hashable,
    ) -> bool:
        """Whether a page that shows its statements' subjects only as links still shows
        the same, though some of the entities it names changed: the statements, read
        again, say the same in the same order, and no face it shows changed. Found without
        making the key again, which is most of the time for a page of thousands."""
        old, old_shown, old_context, named, _ = kept
        assert self.changed is not None
        return (
            old_shown == shown
            and old_context == context
            and len(old) == len(statements)
            and self.changed.isdisjoint(shown)
            and named.isdisjoint(self.new_faces)
            and all(
                a is b or _content(a) == _content(b) for a, b in zip(old, statements, strict=True)
            )
        )


# What a statement says, without where its file says it.
_content = operator.attrgetter(
    *(f.name for f in fields(Statement) if f.name not in ("location", "source_locations"))
)


def _unchanged(
    kept: tuple[tuple[Statement, ...], tuple[str, ...], Hashable, frozenset[str], Hashable],
    statements: tuple[Statement, ...],
    shown: tuple[str, ...],
    context: Hashable,
    changed: set[str],
    new_faces: set[str],
) -> bool:
    """Whether a page's last key still holds: the same statement objects, shown entities
    and context, and each entity it named that changed is one it only links to, whose
    face did not change (the subjects of the same statement objects did not change)."""
    old, old_shown, old_context, named, _ = kept
    if old_shown != shown or old_context != context or not same_objects(old, statements):
        return False
    touched = named & changed
    return not touched or (touched.isdisjoint(new_faces) and touched.isdisjoint(shown))


def network_key(graph: Graph, parts: dict[str, tuple[Entity, Hashable]] | None = None) -> Hashable:
    """The key of the global graph's data (its layout is the slowest thing to redo): each
    entity's type, names and aliases, how many statements it has and where its relations
    lead. Sources are not in the graph. ``parts`` keeps each entity's part of the key
    for the next call, made again only for an entity read again."""
    parts = {} if parts is None else parts
    key = []
    for entity in graph.entities.values():
        if entity.type == graph.vocabulary.source_type:
            continue
        kept = parts.get(entity.id)
        if kept is None or kept[0] is not entity:
            kept = parts[entity.id] = (entity, _network_part(entity))
        key.append(kept[1])
    for gone in parts.keys() - graph.entities.keys():
        del parts[gone]
    return tuple(key)


def _network_part(entity: Entity) -> Hashable:
    return (
        entity.id,
        entity.type,
        entity.name,
        entity.aliases,
        len(entity.statements),
        tuple((s.property, s.target) for s in entity.statements if s.target is not None),
    )


def site_key(versions: dict[str, Version]) -> Hashable:
    """The key of a page that draws on every entity (indexes, timeline, exports)."""
    return frozenset(versions.items())
