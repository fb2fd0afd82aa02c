"""Stage 4, render: turn the graph into Markdown pages (Jinja templates in ``templates/``).

Rendering is pure: each method returns the text of one page and writes nothing; the
list of everything generated lives in ``outputs``, and the writer decides what reaches
the disk. View models are frozen dataclasses; links come from the ``Layout``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from markupsafe import Markup

from . import jsonld
from .charts import Point, Series, line_chart
from .glossary import Term
from .graphsvg import local_graph_svg
from .i18n import Language
from .layout import Layout
from .markdown import escape, html_attribute, link, safe_url
from .model import Date, Entity, Quantity, Statement, Text, Url
from .numbers import format_quantity
from .resolve import Graph
from .templates import environment
from .vocabulary import EntityType, Property


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
    link: Markup
    other_names: str
    facts: Markup
    summary: str


@dataclass(frozen=True)
class TypeCount:
    type: EntityType
    count: int
    href: str


@dataclass(frozen=True)
class TimelineEntry:
    date: Date
    subject: Markup
    property: Text
    view: StatementView
    show_value: bool


@dataclass(frozen=True)
class DisputeItem:
    subject: Markup
    property: Text
    values: list[StatementView]


@dataclass(frozen=True)
class CitationLine:
    subject: Markup
    property: Text
    value: Markup


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
    title: str
    publisher: str
    link: Markup
    url: Markup
    published: str
    citing: list[CitationLine]


class PageRenderer:
    """Renders every page of one graph; shares the template environment."""

    def __init__(self, graph: Graph, layout: Layout, language: Language):
        self.graph = graph
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
        )
        # Per-renderer caches (a knowledge base links the same entities and cites the
        # same sources from many pages), keyed by the way back to the subtree's root;
        # not functools.cache on the methods, which would keep every renderer of a
        # long `mkdocs serve` session alive.
        self._entity_link = functools.cache(self._uncached_entity_link)
        self._citation = functools.cache(self._uncached_citation)

    # --- links ---------------------------------------------------------------

    def name(self, entity: Entity) -> str:
        """The entity's name in this edition's language (English where it has none)."""
        return entity.name.best(self.language.code)

    def other_names(self, entity: Entity) -> list[str]:
        """Its names in the other scripts, then its aliases: the page's name line."""
        shown = self.name(entity)
        names = [n for n in self.graph.names(entity) if n != shown]
        return names + [a for a in entity.aliases if a != shown and a not in names]

    def _uncached_entity_link(self, entity_id: str, prefix: str) -> Markup:
        entity = self.graph.entities[entity_id]
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

    def _uncached_citation(self, source_id: str, prefix: str) -> Markup:
        """A source as a footnote shows it, after the footnote's number."""
        source = self.graph.entities[source_id]
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
            search_boost=Markup("0.5" if is_source else "4"),
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

    def type_index(self, type_id: str) -> str:
        page = self.layout.type_index(type_id)
        rows = [
            TypeRow(
                link=self.entity_link(e.id, page),
                other_names=" · ".join(n for n in self.graph.names(e) if n != self.name(e)),
                facts=Markup("; ").join(
                    f"{escape(self.language.text(r.label))}: {r.value}"
                    for r in self.infobox(e, page)[:2]
                ),
                summary=e.summary.best(self.language.code),
            )
            for e in self.graph.of_type(type_id)
        ]
        return self.env.get_template("type_index.md.j2").render(
            type=self.vocabulary.types[type_id], rows=rows
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

    def timeline(self) -> str:
        """Every dated statement in date order, grouped by year, precision kept."""
        page = self.layout.TIMELINE
        footnotes = Footnotes()
        dated = []
        for statement in self.graph.statements():
            when = statement.when()
            if when is not None:
                subject = self.graph.entities[statement.subject]
                dated.append((when, subject.label.casefold(), statement.property, statement))
        dated.sort(key=lambda item: item[:3])
        years: dict[int, list[TimelineEntry]] = {}
        for when, _, _, statement in dated:
            years.setdefault(when.year, []).append(
                TimelineEntry(
                    date=when,
                    subject=self.entity_link(statement.subject, page),
                    property=self.vocabulary.properties[statement.property].label,
                    view=self.view(statement, footnotes, page),
                    show_value=not isinstance(statement.value, Date),
                )
            )
        atom = self.layout.href(page, self.layout.timeline_atom)
        ics = self.layout.href(page, self.layout.milestones_ics)
        return self.env.get_template("timeline.md.j2").render(
            years=years,
            footnotes=self.footnote_lines(footnotes, page),
            planned=self.marker("planned"),
            atom_link=Markup(f'<a href="{html_attribute(atom)}">')
            + self.t("Atom feed")
            + Markup("</a>"),
            ics_link=Markup(f'<a href="{html_attribute(ics)}">')
            + self.t("iCalendar")
            + Markup("</a>"),
        )

    def disputes(self) -> str:
        page = self.layout.DISPUTES
        footnotes = Footnotes()
        items = []
        for entity in sorted(self.graph.entities.values(), key=lambda e: e.label.casefold()):
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

    def bibliography(self) -> str:
        page = self.layout.BIBLIOGRAPHY
        entries = []
        for source in self.graph.sources():
            info = source.source
            assert info is not None
            entries.append(
                BibliographyEntry(
                    entity=source,
                    title=self.name(source),
                    publisher=info.publisher,
                    link=self.entity_link(source.id, page),
                    url=link(info.url, info.url),
                    published=self.language.date(info.published),
                    citing=[
                        CitationLine(
                            self.entity_link(s.subject, page),
                            self.vocabulary.properties[s.property].label,
                            self.value(s, page),
                        )
                        for s in self.graph.citations.get(source.id, [])
                    ],
                )
            )
        entries.sort(key=lambda e: (e.publisher.casefold(), e.entity.label.casefold()))
        return self.env.get_template("bibliography.md.j2").render(sources=entries)

    def graph_page(self) -> str:
        types = [t for t in self.vocabulary.types.values() if t.id != self.vocabulary.source_type]
        used = {s.property for s in self.graph.statements() if s.target is not None}
        relations = [p for p in self.vocabulary.properties.values() if p.id in used]
        data_src = self.layout.href(self.layout.GRAPH, self.layout.GRAPH_DATA)
        return self.env.get_template("graph.md.j2").render(
            types=types, relations=relations, data_src=data_src
        )

    def graph_data(self) -> dict[str, object]:
        """Nodes and edges of the whole network for the interactive graph page."""
        page = self.layout.GRAPH
        nodes = [
            {
                "id": e.id,
                "label": self.name(e),
                "type": e.type,
                "url": self.layout.href(page, self.layout.entity_page(e)),
                "color": self.vocabulary.types[e.type].color,
            }
            for e in sorted(self.graph.entities.values(), key=lambda e: e.id)
            if e.type != self.vocabulary.source_type
        ]
        edges = [
            {
                "source": s.subject,
                "target": s.target,
                "property": s.property,
                "label": self.language.text(self.vocabulary.properties[s.property].label),
            }
            for s in self.graph.statements()
            if s.target is not None
        ]
        return {"nodes": nodes, "edges": edges}

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
        series, rows = [], []
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
                rows.append(
                    ChartRow(
                        self.language.date(when),
                        self.entity_link(subject, page),
                        self.language.quantity(value),
                        self.qualifiers(statement, dates=False),
                        refs,
                    )
                )
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
        rows.sort(key=lambda row: row.date)
        return ChartView(prop, Markup(svg), rows)

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
