"""Stage 4, render: turn the graph into Markdown pages (Jinja templates in ``templates/``).

Rendering is pure: each method returns the text of one page and writes nothing; the
list of everything generated lives in ``outputs``, and the writer decides what reaches
the disk. View models are frozen dataclasses; links come from the ``Layout``.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markupsafe import Markup

from . import jsonld
from .charts import Point, Series, line_chart
from .glossary import Term
from .graphlayout import CORE, arrange, importance
from .graphsvg import local_graph_svg
from .i18n import Language
from .layout import Layout
from .markdown import escape, html_attribute, link, safe_url, url_title
from .model import (
    Date,
    Entity,
    Parts,
    Quantity,
    Statement,
    Text,
    Url,
    face,
    prune_parts,
)
from .numbers import format_quantity
from .resolve import Graph
from .templates import environment
from .vocabulary import EntityType, Property

# Statements on one page of the timeline, at most: a decade with more is split into years.
TIMELINE_PAGE_LIMIT = 200


@dataclass
class Footnotes:
    """Numbers sources in order of first citation on one page."""

    numbers: dict[str, int] = field(default_factory=dict)  # source id → footnote number

    @property
    def order(self) -> list[str]:
        return list(self.numbers)

    def refs(self, source_ids: tuple[str, ...]) -> Markup:
        numbers = [
            self.numbers.setdefault(source_id, len(self.numbers) + 1) for source_id in source_ids
        ]
        # A raised comma between references, so that [^1][^2] does not read as 12.
        return Markup("<sup>,</sup>".join(f"[^{n}]" for n in numbers))


@dataclass(frozen=True)
class StatementView:
    statement: Statement
    value: Markup
    qualifiers: Markup
    refs: Markup


@dataclass(frozen=True)
class PropertyGroup:
    property: Property
    label: Text
    items: list[StatementView]


@dataclass(frozen=True)
class IncomingView:
    link: Markup
    qualifiers: Markup
    refs: Markup


@dataclass(frozen=True)
class IncomingGroup:
    property: Property
    label: Text
    items: list[IncomingView]


@dataclass(frozen=True)
class Row:
    """A labelled value: an infobox fact or a source's field."""

    label: Text
    value: Markup


@dataclass(frozen=True)
class CitingView:
    subject: Markup
    property: Text
    view: StatementView
    status: str
    others: list[StatementView]


@dataclass(frozen=True)
class TypeRow:
    """A type index's row, escaped once when made (a preview keeps rows between runs)."""

    link: Markup
    other_names: Markup
    facts: Markup
    summary: Markup


@dataclass(frozen=True)
class TypeCount:
    type: EntityType
    count: int
    href: str


@dataclass(frozen=True)
class TimelineLine:
    """One dated statement, without its date (the day above it gives it)."""

    subject: Markup | None  # None when the entry is headed by the subject itself
    property: Text
    value: Markup | None  # None when the value is the date itself
    qualifiers: Markup
    refs: Markup


@dataclass(frozen=True)
class TimelineEntry:
    """One happening of one day: its statements, and every entity they involve."""

    head: Markup | None  # the event, or the shared target, and who else is involved
    lines: list[TimelineLine]


@dataclass(frozen=True)
class TimelineDay:
    date: Date
    entries: list[TimelineEntry]


@dataclass(frozen=True)
class TimelinePeriod:
    """A page of the timeline: a decade, or one year of a crowded decade."""

    key: str  # "1980s" or "2024": the page's name
    label: str
    statements: list[tuple[Date, Statement]]  # (when, statement), in date order


@dataclass(frozen=True)
class PeriodLink:
    label: str
    link: str
    count: int
    first: Date
    last: Date


@dataclass(frozen=True)
class DisputeItem:
    subject: Markup
    property: Text
    values: list[StatementView]


@dataclass(frozen=True)
class ChartRow:
    date: str
    subject: Markup
    value: Markup
    notes: Markup
    refs: Markup


@dataclass(frozen=True)
class ChartView:
    """One series property drawn as a chart, with the same data as a table."""

    property: Property
    svg: Markup
    rows: list[ChartRow]


@dataclass(frozen=True)
class GlossaryRow:
    term: str
    text: str


@dataclass(frozen=True)
class BibliographyEntry:
    entity: Entity
    link: Markup
    url: Markup
    published: str
    cited_for: Markup  # the entities whose statements cite it, once each


@dataclass(frozen=True)
class PublisherGroup:
    publisher: str
    entries: list[BibliographyEntry]


@dataclass(frozen=True)
class InitialLink:
    label: str
    link: str
    count: int


# A statement on the timeline: its order (date, subject's label, property, subject's
# file: no two entities share an order), and its date with itself, as a period lists it.
DatedStatement = tuple[tuple[int, int, int, str, str, str], tuple[Date, Statement]]


def _dated_statements(entity: Entity) -> list[DatedStatement]:
    label = entity.label.casefold()
    dated = []
    for statement in entity.statements:
        when = statement.when()
        if when is not None:
            order = (when.year, when.month, when.day, label, statement.property, entity.path)
            dated.append((order, (when, statement)))
    return dated


def _order(item: DatedStatement) -> tuple[int, int, int, str, str, str]:
    return item[0]


def _runs(
    dated: list[DatedStatement], start: int, end: int, span: int
) -> Iterator[tuple[int, tuple[int, int]]]:
    """The runs of ``dated[start:end]`` (in order) whose years fall in one period of
    ``span`` years: each period's first year and its run's bounds."""
    while start < end:
        first_year = dated[start][0][0] // span * span
        # The least order of the next period's first year: before all of that year's.
        least = (first_year + span, 0, 0, "", "", "")
        stop = bisect.bisect_left(dated, least, start, end, key=_order)
        yield first_year, (start, stop)
        start = stop


# Re-placing more statements than this one by one would take longer than sorting them all.
_REPLACE_AT_MOST = 256


@dataclass
class KeptTimeline:
    """The timeline between a preview's runs: each entity's dated statements (id → the
    entity and them) and all of them in timeline order."""

    parts: Parts[list[DatedStatement]] = field(default_factory=dict)
    order: list[DatedStatement] = field(default_factory=list)

    def update(self, entities: dict[str, Entity]) -> list[DatedStatement]:
        """Every dated statement of ``entities`` in order, re-placing only those of the
        entities that are new objects (read again) or gone since the last call. A sort is
        stable, and a statement's order differs from those of other entities: its place
        among its own entity's statements is kept by placing them in file order."""
        stale: list[DatedStatement] = []
        fresh: list[DatedStatement] = []
        for gone in self.parts.keys() - entities.keys():
            stale += self.parts.pop(gone)[1]
        for entity in entities.values():
            kept = self.parts.get(entity.id)
            if kept is None or kept[0] is not entity:
                made = _dated_statements(entity)
                self.parts[entity.id] = (entity, made)
                stale += kept[1] if kept is not None else []
                fresh += made
        if len(stale) + len(fresh) > _REPLACE_AT_MOST:
            every = (item for _, items in self.parts.values() for item in items)
            self.order = sorted(every, key=_order)
        elif stale or fresh:
            leaving = {id(item) for item in stale}
            self.order = [item for item in self.order if id(item) not in leaving]
            for item in fresh:
                bisect.insort_right(self.order, item, key=_order)
        return self.order


class PageRenderer:
    """Renders every page of one graph; shares the template environment."""

    def __init__(
        self,
        graph: Graph,
        layout: Layout,
        language: Language,
        dated: KeptTimeline | None = None,
        links: dict[Hashable, tuple[Entity, Markup]] | None = None,
    ):
        """``dated`` keeps the timeline's statements in order between a preview's runs,
        ``links`` the links to entities and the citations of sources."""
        self.graph = graph
        self.dated = dated
        self.vocabulary = graph.vocabulary
        self.layout = layout
        self.language = language
        self.t = language.t
        self.env = environment()
        self.env.globals.update(
            t=language.t,
            plain=language.plain,
            label=language.text,
            date=language.date,
            year_label=lambda year: language.date(Date(year)),
            status_label=self.status_label,
            safe_url=safe_url,
            url_title=url_title,
        )
        # A knowledge base links the same entities and cites the same sources from many
        # pages: each link is made once per version of the entity and way back to the
        # subtree's root (a preview keeps them between runs). Not functools.cache on the
        # methods, which would keep every renderer of a long `mkdocs serve` session alive.
        self._links = links if links is not None else {}

    def _kept_link(
        self, kind: str, entity_id: str, prefix: str, make: Callable[[Entity, str], Markup]
    ) -> Markup:
        entity = self.graph.entities[entity_id]
        kept = self._links.get((kind, entity_id, prefix))
        if kept is not None and kept[0] is entity:
            return kept[1]
        made = make(entity, prefix)
        self._links[(kind, entity_id, prefix)] = (entity, made)
        return made

    def _entity_link(self, entity_id: str, prefix: str) -> Markup:
        return self._kept_link("link", entity_id, prefix, self._make_entity_link)

    def _citation(self, source_id: str, prefix: str) -> Markup:
        return self._kept_link("citation", source_id, prefix, self._make_citation)

    # --- links ---------------------------------------------------------------

    def name(self, entity: Entity) -> str:
        """The entity's name in this edition's language (English where it has none)."""
        return entity.name.best(self.language.code)

    def other_names(self, entity: Entity) -> list[str]:
        """Its names in the other scripts, then its aliases: the page's name line."""
        shown = self.name(entity)
        names = [n for n in self.graph.names(entity) if n != shown]
        return names + [a for a in entity.aliases if a != shown and a not in names]

    def _make_entity_link(self, entity: Entity, prefix: str) -> Markup:
        return link(self.name(entity), prefix + self.layout.entity_page(entity))

    def entity_link(self, entity_id: str, from_page: str) -> Markup:
        return self._entity_link(entity_id, self.layout.md_prefix(from_page))

    # --- statement display ---------------------------------------------------

    def value(self, statement: Statement, from_page: str) -> Markup:
        value = statement.value
        if statement.target is not None:
            return self.entity_link(statement.target, from_page)
        if isinstance(value, Date):
            return escape(self.language.date(value))
        if isinstance(value, Quantity):
            return self.language.quantity(value)
        if isinstance(value, Text):
            return self.text(value)
        if isinstance(value, Url):
            return link(value.href, value.href)
        return Markup()

    def text(self, text: Text) -> Markup:
        """Contributor text in this edition's language (English where it has none)."""
        shown = text.best(self.language.code)
        code = self.language.code
        if text.get(code) or not text or shown == text.neutral:
            return escape(shown)
        return Markup(
            f'<span lang="{html_attribute(self._language_of(text, shown))}">{escape(shown)}</span>'
        )

    @staticmethod
    def _language_of(text: Text, shown: str) -> str:
        return next((code for code, value in text.languages if value == shown), "en")

    def status_label(self, status: str) -> Markup:
        """How another source treats a claim, as the source page's list says it."""
        words = {
            "supported": self.t("supported"),
            "single source": self.t("single source"),
            "corrected": self.t("corrected"),
            "disputed": self.t("disputed"),
        }
        return words[status]

    def marker(self, kind: str) -> Markup:
        """The planned, preferred and disputed marks."""
        words = {
            "planned": self.t("planned"),
            "preferred": self.t("preferred"),
            "disputed": self.t("⚠ disputed"),
        }
        return Markup(f'<span class="semikb-{kind}">{words[kind]}</span>')

    def qualifiers(self, statement: Statement, dates: bool = True) -> Markup:
        date = self.language.date
        parts: list[Markup] = []
        if statement.start and statement.end:
            parts.append(
                self.t("{start} – {end}", start=date(statement.start), end=date(statement.end))
            )
        elif statement.start:
            parts.append(self.t("from {date}", date=date(statement.start)))
        elif statement.end:
            parts.append(self.t("until {date}", date=date(statement.end)))
        if statement.date and dates:
            parts.append(escape(date(statement.date)))
        if statement.planned:
            parts.append(self.marker("planned"))
        if statement.rank == "preferred":
            parts.append(self.marker("preferred"))
        if statement.disputed:
            parts.append(self.marker("disputed"))
        if statement.note:
            parts.append(self.text(statement.note))
        return Markup(" — ").join(parts)

    def view(self, statement: Statement, footnotes: Footnotes, from_page: str) -> StatementView:
        return StatementView(
            statement,
            self.value(statement, from_page),
            self.qualifiers(statement),
            footnotes.refs(statement.sources),
        )

    # --- entity page ---------------------------------------------------------

    def groups(self, entity: Entity, footnotes: Footnotes, page: str) -> list[PropertyGroup]:
        by_property: dict[str, list[Statement]] = {}
        for statement in entity.statements:
            by_property.setdefault(statement.property, []).append(statement)
        properties = self.vocabulary.properties
        return [
            PropertyGroup(
                properties[pid],
                properties[pid].label,
                [self.view(s, footnotes, page) for s in by_property[pid]],
            )
            for pid in self.vocabulary.property_order()
            if pid in by_property
        ]

    def incoming_groups(
        self, entity: Entity, footnotes: Footnotes, page: str
    ) -> list[IncomingGroup]:
        groups: dict[str, IncomingGroup] = {}
        for statement in self.graph.incoming.get(entity.id, []):
            prop = self.vocabulary.properties[statement.property]
            assert prop.inverse is not None  # only entity properties have targets
            group = groups.setdefault(prop.inverse.id, IncomingGroup(prop, prop.inverse.label, []))
            group.items.append(
                IncomingView(
                    self.entity_link(statement.subject, page),
                    self.qualifiers(statement),
                    footnotes.refs(statement.sources),
                )
            )
        order = {pid: n for n, pid in enumerate(self.vocabulary.property_order())}
        return sorted(groups.values(), key=lambda g: order[g.property.id])

    def infobox(self, entity: Entity, page: str) -> list[Row]:
        rows = []
        for pid in self.vocabulary.property_order():
            prop = self.vocabulary.properties[pid]
            if not prop.infobox:
                continue
            values = [s for s in entity.statements if s.property == pid and not s.disputed]
            if values:
                rows.append(Row(prop.label, Markup(", ").join(self.value(s, page) for s in values)))
        return rows

    def footnote_lines(self, footnotes: Footnotes, page: str) -> list[Markup]:
        prefix = self.layout.md_prefix(page)
        return [
            Markup(f"[^{number}]: ") + self._citation(source_id, prefix)
            for number, source_id in enumerate(footnotes.order, 1)
        ]

    def _make_citation(self, source: Entity, prefix: str) -> Markup:
        """A source as a footnote shows it, after the footnote's number."""
        info = source.source
        assert info is not None  # resolve checked that every cited id is a source
        meta = f"{info.publisher}, {self.language.date(info.published)}"
        page_link = link(
            self.language.plain("source page"), prefix + self.layout.entity_page(source)
        )
        return Markup(f"{link(self.name(source), info.url)} — {escape(meta)} ({page_link})")

    def entity_page(self, entity: Entity) -> str:
        page = self.layout.entity_page(entity)
        footnotes = Footnotes()
        groups = self.groups(entity, footnotes, page)
        incoming = self.incoming_groups(entity, footnotes, page)
        charts = self.charts({entity.id: list(entity.statements)}, footnotes, page, entity.id)
        is_source = entity.type == self.vocabulary.source_type
        citing = self.citing_views(entity, footnotes, page) if is_source else []
        code = self.language.code
        summary = entity.summary.best(code)
        return self.env.get_template("entity.md.j2").render(
            entity=entity,
            type=self.vocabulary.types[entity.type],
            name=self.name(entity),
            other_names=self.other_names(entity),
            summary=summary,
            summary_fallback=not entity.summary.get(code),
            not_translated=self.not_translated(),
            infobox=self.infobox(entity, page),
            charts=charts,
            groups=groups,
            incoming=incoming,
            citing=citing,
            footnotes=self.footnote_lines(footnotes, page),
            source_fields=self.field_rows(entity),
            source_file=Markup(html_attribute(entity.path)),
            local_graph=Markup(
                local_graph_svg(
                    self.graph,
                    entity,
                    lambda other: self.layout.href(page, self.layout.entity_page(other)),
                    self.language,
                )
            ),
            description=summary,
            # A source's page must not outrank the entities it is about, but its own
            # title, typed whole, finds it among the first results.
            search_boost=Markup("2" if is_source else "4"),
            jsonld=jsonld.script_text(
                jsonld.entity_jsonld(entity, self.graph, self.layout, self.language.code)
            ),
        )

    def not_translated(self) -> Markup:
        """The note under text shown in English because this language has none yet."""
        note = self.t("Not yet translated: shown in English.")
        return Markup('<span class="semikb-untranslated">') + note + Markup("</span>")

    def field_rows(self, entity: Entity) -> list[Row]:
        spec = self.vocabulary.types[entity.type].fields
        rows = []
        for field_id, value in entity.fields:
            if spec[field_id].kind == "url":
                shown = link(value, str(value))
            else:
                shown = escape(self.language.date(value) if isinstance(value, Date) else value)
            rows.append(Row(spec[field_id].label, shown))
        return rows

    def citing_views(self, source: Entity, footnotes: Footnotes, page: str) -> list[CitingView]:
        rows = []
        for statement in self.graph.citations.get(source.id, []):
            status, others = self.graph.claim_status(statement, source.id)
            rows.append(
                CitingView(
                    subject=self.entity_link(statement.subject, page),
                    property=self.vocabulary.properties[statement.property].label,
                    view=self.view(statement, footnotes, page),
                    status=status,
                    others=[self.view(other, footnotes, page) for other in others],
                )
            )
        return rows

    # --- indexes -------------------------------------------------------------

    def type_index(self, type_id: str, kept: Parts[tuple[Hashable, TypeRow]] | None = None) -> str:
        """A type's index: a row per entity. ``kept`` keeps each row between a preview's
        runs, with the faces of what the row may link to (its statements' targets)."""
        page = self.layout.type_index(type_id)
        rows = []
        for entity in self.graph.of_type(type_id):
            linked = tuple(
                face(self.graph.entities.get(s.target))
                for s in entity.statements
                if s.target is not None
            )
            last = kept.get(entity.id) if kept is not None else None
            if last is not None and last[0] is entity and last[1][0] == linked:
                row = last[1][1]
            else:
                row = self._type_row(entity, page)
                if kept is not None:
                    kept[entity.id] = (entity, (linked, row))
            rows.append(row)
        prune_parts(kept, self.graph.entities)
        return self.env.get_template("type_index.md.j2").render(
            type=self.vocabulary.types[type_id], rows=rows
        )

    def _type_row(self, entity: Entity, page: str) -> TypeRow:
        return TypeRow(
            link=self.entity_link(entity.id, page),
            other_names=escape(
                " · ".join(n for n in self.graph.names(entity) if n != self.name(entity))
            ),
            facts=Markup("; ").join(
                f"{escape(self.language.text(r.label))}: {r.value}"
                for r in self.infobox(entity, page)[:2]
            ),
            summary=escape(entity.summary.best(self.language.code)),
        )

    def overview(self) -> str:
        page = self.layout.OVERVIEW
        types = [
            TypeCount(
                t,
                len(self.graph.of_type(t.id)),
                self.layout.md_link(page, self.layout.type_index(t.id)),
            )
            for t in self.vocabulary.types.values()
        ]
        return self.env.get_template("overview.md.j2").render(
            types=types,
            total=len(self.graph.entities),
            kb_json=self.layout.md_link(page, self.layout.KB_JSON),
            vocabulary=self.layout.md_link(page, self.layout.VOCABULARY),
        )

    @functools.cached_property
    def periods(self) -> list[TimelinePeriod]:
        """Every dated statement in date order (then by subject and property), one period
        per decade; a decade with more than ``TIMELINE_PAGE_LIMIT`` statements is split
        into its years, so that no page is too long to use."""
        # Sorted on plain tuples (comparing Date objects was most of the time).
        kept = self.dated if self.dated is not None else KeptTimeline()
        dated = kept.update(self.graph.entities)
        periods = []
        # Each decade, then each year of a long one, is a run of the ordered statements:
        # found by bisection, not by looking at each of 15,000 statements.
        for decade, (start, end) in _runs(dated, 0, len(dated), span=10):
            if end - start <= TIMELINE_PAGE_LIMIT:
                label = self.language.plain("{decade}s", decade=decade)
                statements = [pair for _, pair in dated[start:end]]
                periods.append(TimelinePeriod(f"{decade}s", label, statements))
                continue
            periods += [
                TimelinePeriod(
                    str(year),
                    self.language.date(Date(year)),
                    [pair for _, pair in dated[first:last]],
                )
                for year, (first, last) in _runs(dated, start, end, span=1)
            ]
        return periods

    def timeline(self) -> str:
        """The timeline's index: one line per period, each a page of its own."""
        page = self.layout.TIMELINE
        periods = [
            PeriodLink(
                label=period.label,
                link=self.layout.md_link(page, self.layout.timeline_period(period.key)),
                count=len(period.statements),
                first=period.statements[0][0],
                last=period.statements[-1][0],
            )
            for period in self.periods
        ]
        return self.env.get_template("timeline.md.j2").render(
            periods=periods, **self._feed_links(page)
        )

    def _feed_links(self, page: str) -> dict[str, Markup]:
        atom = self.layout.href(page, self.layout.timeline_atom)
        ics = self.layout.href(page, self.layout.milestones_ics)
        return {
            "planned": self.marker("planned"),
            "atom_link": Markup(f'<a href="{html_attribute(atom)}">')
            + self.t("Atom feed")
            + Markup("</a>"),
            "ics_link": Markup(f'<a href="{html_attribute(ics)}">')
            + self.t("iCalendar")
            + Markup("</a>"),
        }

    def timeline_period(self, period: TimelinePeriod, periods: list[TimelinePeriod]) -> str:
        """One period: each date once, under it one entry per happening."""
        page = self.layout.timeline_period(period.key)
        footnotes = Footnotes()
        by_date: dict[Date, list[Statement]] = {}
        for when, statement in period.statements:
            by_date.setdefault(when, []).append(statement)
        years: dict[int, list[TimelineDay]] = {}
        for when, day in by_date.items():
            entries = [
                self._timeline_entry(head, group, footnotes, page)
                for head, group in self._happenings(day)
            ]
            years.setdefault(when.year, []).append(TimelineDay(when, entries))
        links = [
            (p.label, self.layout.md_link(page, self.layout.timeline_period(p.key)))
            for p in periods
        ]
        types = [t for t in self.vocabulary.types.values() if t.id != self.vocabulary.source_type]
        return self.env.get_template("timeline_period.md.j2").render(
            title=self.t("Timeline: {period}", period=period.label),
            current=period.label,
            periods=links,
            index=self.layout.md_link(page, self.layout.TIMELINE),
            root=self.layout.href(page, self.layout.OVERVIEW),
            types=types,
            years=years,
            footnotes=self.footnote_lines(footnotes, page),
        )

    def _happenings(self, day: list[Statement]) -> list[tuple[str | None, list[Statement]]]:
        """A day's statements, one group per happening, each with the entity that heads it:
        statements that involve the same event (a type the vocabulary's timeline role
        names); then statements of several entities that state the same relation to the
        same target (eight companies investing in one); then statements of one subject.
        A group of one statement has no head: it is one line."""
        anchors = set(self.vocabulary.timeline.types)
        shared = Counter((s.property, s.target) for s in day if s.target is not None)
        groups: dict[tuple[str, ...], tuple[str, list[Statement]]] = {}
        for statement in day:
            ends = (statement.subject, statement.target)
            event = next(
                (e for e in ends if e is not None and self.graph.entities[e].type in anchors), None
            )
            if event is not None:
                key: tuple[str, ...] = ("event", event)
                head = event
            elif statement.target is not None and shared[statement.property, statement.target] > 1:
                key = ("relation", statement.property, statement.target)
                head = statement.target
            else:
                key = ("subject", statement.subject)
                head = statement.subject
            groups.setdefault(key, (head, []))[1].append(statement)
        return [(head if len(group) > 1 else None, group) for head, group in groups.values()]

    def _timeline_entry(
        self, head_id: str | None, group: list[Statement], footnotes: Footnotes, page: str
    ) -> TimelineEntry:
        head = None
        if head_id is not None:
            involved = dict.fromkeys(
                e for s in group for e in (s.subject, s.target) if e is not None and e != head_id
            )
            head = Markup("<strong>") + self.entity_link(head_id, page) + Markup("</strong>")
            if involved:
                names = Markup(", ").join(self.entity_link(e, page) for e in involved)
                head += Markup(" — ") + self.t("with {names}", names=names)
        lines = [
            TimelineLine(
                subject=None if s.subject == head_id else self.entity_link(s.subject, page),
                property=self.vocabulary.properties[s.property].label,
                value=None if isinstance(s.value, Date) else self.value(s, page),
                qualifiers=self.qualifiers(s, dates=False),
                refs=footnotes.refs(s.sources),
            )
            for s in group
        ]
        return TimelineEntry(head, lines)

    def disputes(self) -> str:
        page = self.layout.DISPUTES
        footnotes = Footnotes()
        items = []
        for entity in self.graph.disputed():
            for pid in dict.fromkeys(s.property for s in entity.statements if s.disputed):
                items.append(
                    DisputeItem(
                        subject=self.entity_link(entity.id, page),
                        property=self.vocabulary.properties[pid].label,
                        values=[
                            self.view(s, footnotes, page)
                            for s in entity.statements
                            if s.property == pid
                        ],
                    )
                )
        return self.env.get_template("disputes.md.j2").render(
            items=items,
            footnotes=self.footnote_lines(footnotes, page),
            disputed=self.marker("disputed"),
        )

    def sources_by_initial(self) -> dict[str, list[Entity]]:
        """Every source by its publisher's initial (a–z, then "other"), then by publisher
        and title."""
        keyed = []
        for source in self.graph.sources():
            assert source.source is not None
            publisher = source.source.publisher.strip()
            keyed.append((publisher.casefold(), source.label.casefold(), source))
        keyed.sort(key=lambda item: item[:2])
        parts: dict[str, list[Entity]] = {}
        for publisher, _, source in keyed:
            initial = publisher[:1]
            parts.setdefault(initial if "a" <= initial <= "z" else "other", []).append(source)
        return dict(sorted(parts.items(), key=lambda item: (item[0] == "other", item[0])))

    def initial_label(self, key: str) -> str:
        return self.language.plain("Other") if key == "other" else key.upper()

    def bibliography(self) -> str:
        """The bibliography's index: one line per publisher initial, each a page of its own."""
        page = self.layout.BIBLIOGRAPHY
        parts = [
            InitialLink(
                self.initial_label(key),
                self.layout.md_link(page, self.layout.bibliography_part(key)),
                len(sources),
            )
            for key, sources in self.sources_by_initial().items()
        ]
        return self.env.get_template("bibliography.md.j2").render(
            parts=parts, total=sum(part.count for part in parts)
        )

    def bibliography_part(
        self,
        key: str,
        sources: list[Entity],
        keys: list[str],
        kept: Parts[tuple[Hashable, BibliographyEntry]] | None = None,
    ) -> str:
        """One initial's part of the bibliography. ``kept`` keeps each source's entry
        between a preview's runs, with the entities it is cited for and their faces."""
        page = self.layout.bibliography_part(key)
        publishers: dict[str, PublisherGroup] = {}
        for source in sources:
            info = source.source
            assert info is not None
            cited_for = tuple(
                dict.fromkeys(s.subject for s in self.graph.citations.get(source.id, []))
            )
            shown = cited_for, tuple(face(self.graph.entities.get(e)) for e in cited_for)
            last = kept.get(source.id) if kept is not None else None
            if last is not None and last[0] is source and last[1][0] == shown:
                entry = last[1][1]
            else:
                entry = BibliographyEntry(
                    entity=source,
                    link=self.entity_link(source.id, page),
                    # The address's host: the whole of it is on the source's page, and
                    # a percent-encoded path would widen the page past a phone's width.
                    url=link(urlsplit(info.url).hostname or info.url, info.url),
                    published=self.language.date(info.published),
                    cited_for=Markup(", ").join(self.entity_link(e, page) for e in cited_for),
                )
                if kept is not None:
                    kept[source.id] = (source, (shown, entry))
            group = publishers.setdefault(info.publisher, PublisherGroup(info.publisher, []))
            group.entries.append(entry)
        prune_parts(kept, {source.id: source for source in sources})
        letters = [
            (self.initial_label(k), self.layout.md_link(page, self.layout.bibliography_part(k)))
            for k in keys
        ]
        return self.env.get_template("bibliography_part.md.j2").render(
            title=self.t("Bibliography: {initial}", initial=self.initial_label(key)),
            current=self.initial_label(key),
            letters=letters,
            index=self.layout.md_link(page, self.layout.BIBLIOGRAPHY),
            publishers=list(publishers.values()),
        )

    def graph_page(self) -> str:
        types = [t for t in self.vocabulary.types.values() if t.id != self.vocabulary.source_type]
        used = {s.property for s in self.graph.statements() if s.target is not None}
        relations = [p for p in self.vocabulary.properties.values() if p.id in used]
        page = self.layout.GRAPH
        data_src = self.layout.href(page, self.layout.GRAPH_DATA)
        nodes, edges, weight = self._graph_network()
        main = [self.graph.entities[n] for n in importance(nodes, edges, weight)[:CORE]]
        # The search box's example: the most important entity's names, in every script.
        example = [self.name(main[0]), *self.graph.names(main[0])] if main else []
        return self.env.get_template("graph.md.j2").render(
            types=[(t, self.layout.md_link(page, self.layout.type_index(t.id))) for t in types],
            counts={t.id: len(self.graph.of_type(t.id)) for t in types},
            relations=relations,
            data_src=data_src,
            main=[self.entity_link(e.id, page) for e in main],
            example=", ".join(dict.fromkeys(example)),
        )

    def _graph_network(self) -> tuple[dict[str, str], list[tuple[str, str]], dict[str, int]]:
        """The global graph: its nodes (id → name), edges, and how much each node says."""
        entities = sorted(
            (e for e in self.graph.entities.values() if e.type != self.vocabulary.source_type),
            key=lambda e: e.id,
        )
        nodes = {e.id: self.name(e) for e in entities}
        edges = [
            (s.subject, s.target)
            for s in self.graph.statements()
            if s.target is not None and s.subject in nodes and s.target in nodes
        ]
        return nodes, edges, {e.id: len(e.statements) for e in entities}

    def graph_data(self) -> dict[str, object]:
        """Nodes and edges of the whole network for the interactive graph page: each node
        with its position (laid out at build time, labels apart: ``graphlayout``), its rank
        (0 the most important; the first ``core`` are the page's default view) and every
        name it can be found by."""
        page = self.layout.GRAPH
        nodes, pairs, weight = self._graph_network()
        placed, core = arrange(nodes, pairs, weight)
        data = []
        for node_id, label in nodes.items():
            e, at = self.graph.entities[node_id], placed[node_id]
            names = [n for n in dict.fromkeys([*self.graph.names(e), *e.aliases]) if n != label]
            item: dict[str, object] = {
                "id": e.id,
                "label": label,
                "type": e.type,
                "url": self.layout.href(page, self.layout.entity_page(e)),
                "color": self.vocabulary.types[e.type].color,
                "x": at.x,
                "y": at.y,
                "size": at.size,
                "rank": at.rank,
                "names": names,
            }
            if len(at.lines) > 1:
                item["lines"] = at.lines
            data.append(item)
        edges = [
            {
                "source": s.subject,
                "target": s.target,
                "property": s.property,
                "label": self.language.text(self.vocabulary.properties[s.property].label),
            }
            for s in self.graph.statements()
            if s.target is not None and s.subject in nodes and s.target in nodes
        ]
        return {"core": core, "nodes": data, "edges": edges}

    # --- series as charts ------------------------------------------------------

    def charts(
        self,
        statements_by_subject: dict[str, list[Statement]],
        footnotes: Footnotes,
        page: str,
        prefix: str,
    ) -> list[ChartView]:
        """A chart per series property and unit, one line per subject."""
        grouped: dict[tuple[str, str], dict[str, list[Statement]]] = {}
        for subject, statements in statements_by_subject.items():
            for statement in statements:
                prop = self.vocabulary.properties[statement.property]
                value = statement.value
                if prop.series and isinstance(value, Quantity) and statement.when():
                    key = (prop.id, value.unit)
                    grouped.setdefault(key, {}).setdefault(subject, []).append(statement)
        order = {pid: n for n, pid in enumerate(self.vocabulary.property_order())}
        views = []
        for n, ((pid, unit), by_subject) in enumerate(
            sorted(grouped.items(), key=lambda i: (order[i[0][0]], i[0][1]))
        ):
            views.append(self.chart(pid, unit, by_subject, footnotes, page, f"{prefix}-{n}"))
        return views

    def chart(
        self,
        pid: str,
        unit: str,
        by_subject: dict[str, list[Statement]],
        footnotes: Footnotes,
        page: str,
        id_prefix: str,
    ) -> ChartView:
        prop = self.vocabulary.properties[pid]
        series: list[Series] = []
        rows: list[tuple[Date, ChartRow]] = []
        for subject, statements in by_subject.items():
            points = []
            for statement in sorted(statements, key=lambda s: s.when() or Date(1)):
                when, value = statement.when(), statement.value
                assert when is not None and isinstance(value, Quantity)
                refs = footnotes.refs(statement.sources)
                first = footnotes.numbers[statement.sources[0]] if statement.sources else 0
                note = self.language.text(statement.note) if statement.note else ""
                points.append(
                    Point(
                        when,
                        float(value.amount),
                        f"#fn:{first}" if first else None,
                        note,
                        statement.disputed,
                    )
                )
                row = ChartRow(
                    self.language.date(when),
                    self.entity_link(subject, page),
                    self.language.quantity(value),
                    self.qualifiers(statement, dates=False),
                    refs,
                )
                rows.append((when, row))
            series.append(Series(self.name(self.graph.entities[subject]), unit, points))
        label = self.language.text(prop.label)
        svg = line_chart(
            series,
            title=label,
            description=self.language.plain(
                "{series} over time; the table below holds the same data with its sources.",
                series=label,
            ),
            format_value=lambda amount: format_quantity(Quantity(amount, unit), self.language.code),
            id_prefix=id_prefix,
            disputed_label=self.language.plain("disputed"),
        )
        # In date order (not by the date as written: "April 2025" is not before 2022);
        # the sort is stable, so one date's rows keep the order of the subjects.
        rows.sort(key=lambda item: item[0])
        return ChartView(prop, Markup(svg), [row for _, row in rows])

    def numbers_page(self) -> str:
        """Every series of the knowledge base, one chart per property and unit."""
        page = self.layout.NUMBERS
        footnotes = Footnotes()
        by_subject = {
            e.id: list(e.statements)
            for e in sorted(self.graph.entities.values(), key=lambda e: e.id)
        }
        charts = self.charts(by_subject, footnotes, page, "numbers")
        return self.env.get_template("numbers.md.j2").render(
            charts=charts, footnotes=self.footnote_lines(footnotes, page)
        )

    def vocabulary_page(self) -> str:
        return self.env.get_template("vocabulary.md.j2").render(vocabulary=self.vocabulary)

    def glossary_page(self, glossary: list[Term]) -> str:
        rows = [GlossaryRow(term.term, self.language.text(term.explanation)) for term in glossary]
        return self.env.get_template("glossary.md.j2").render(terms=rows)

    def abbreviations(self, glossary: list[Term]) -> str:
        """Markdown ``abbr`` definitions, appended to every page so that terms get tooltips."""
        return "".join(
            f"*[{term.term}]: {' '.join(self.language.text(term.explanation).split())}\n"
            for term in glossary
        )
