"""Stage 4, render: turn the graph into Markdown pages (Jinja templates in ``templates/``).

Rendering is pure: it yields (path inside the generated subtree, bytes) one page at
a time and writes nothing; the writer decides what reaches the disk.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import opendata
from .export import export_json, page_dir, vocabulary_record
from .glossary import Term
from .graphsvg import local_graph_svg
from .markdown import escape, html_attribute, link, meta_text, safe_url
from .model import Date, Entity, Quantity, Statement
from .resolve import Graph
from .vocabulary import Property

TEMPLATES = Path(__file__).parent / "templates"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        finalize=escape,  # everything printed is escaped unless it is Markup
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["attr"] = lambda value: Markup(html_attribute(value))
    env.filters["meta"] = lambda value: Markup(json.dumps(meta_text(value), ensure_ascii=False))
    return env


def page_path(entity: Entity) -> str:
    """The page of an entity inside the generated subtree."""
    return f"{entity.type}/{entity.id}.md"


def text_of(text: dict[str, str], lang: str = "en") -> str:
    return text.get(lang) or text.get("") or text.get("en") or next(iter(text.values()), "")


@dataclass
class Footnotes:
    """Numbers sources in order of first citation on one page."""

    numbers: dict[str, int] = field(default_factory=dict)  # source id → footnote number

    @property
    def order(self) -> list[str]:
        return list(self.numbers)

    def refs(self, source_ids: list[str]) -> Markup:
        numbers = [self.numbers.setdefault(source_id, len(self.numbers) + 1) for source_id in source_ids]
        # A raised comma between references, so that [^1][^2] does not read as 12.
        return Markup("<sup>,</sup>".join(f"[^{n}]" for n in numbers))


@dataclass
class StatementView:
    statement: Statement
    value: Markup
    qualifiers: Markup
    refs: Markup


@dataclass
class PropertyGroup:
    property: Property
    label: dict[str, str]
    items: list[StatementView]


class PageRenderer:
    """Renders every page of one graph; shares the template environment."""

    def __init__(self, graph: Graph, edit_url: str, site_url: str = ""):
        self.graph = graph
        self.vocabulary = graph.vocabulary
        self.edit_url = edit_url
        self.site_url = site_url
        self.env = environment()
        # Per-renderer caches (a knowledge base links the same entities and cites the
        # same sources from many pages); not functools.cache on the methods, which
        # would keep every renderer of a long `mkdocs serve` session alive.
        self.entity_link = functools.cache(self._entity_link)
        self.citation = functools.cache(self._citation)

    # --- links ---------------------------------------------------------------

    def href(self, entity: Entity, depth: int) -> str:
        return "../" * depth + page_path(entity)

    def built_href(self, entity: Entity) -> str:
        """A link in raw HTML, which MkDocs does not rewrite: the built URL, from an entity page."""
        return "../../" + page_dir(entity)

    def _entity_link(self, entity_id: str, depth: int = 1) -> Markup:
        entity = self.graph.entities[entity_id]
        return link(entity.label, self.href(entity, depth))

    # --- statement display ---------------------------------------------------

    def value(self, statement: Statement, depth: int) -> Markup:
        value = statement.value
        if statement.target is not None:
            return self.entity_link(statement.target, depth)
        if isinstance(value, Date):
            return escape(value.display())
        if isinstance(value, Quantity):
            return escape(value.display())
        if isinstance(value, dict):
            return self.bilingual(value)
        return link(value, str(value))

    def bilingual(self, text: dict[str, str]) -> Markup:
        en = text_of(text, "en")
        parts = [escape(en)]
        for lang in ("ko", "ja"):
            if text.get(lang) and text[lang] != en:
                parts.append(Markup(f'<span lang="{lang}">{escape(text[lang])}</span>'))
        return Markup(" · ").join(parts)

    def qualifiers(self, statement: Statement) -> Markup:
        parts: list[Markup] = []
        if statement.start and statement.end:
            parts.append(escape(f"{statement.start.display()} – {statement.end.display()}"))
        elif statement.start:
            parts.append(escape(f"from {statement.start.display()}"))
        elif statement.end:
            parts.append(escape(f"until {statement.end.display()}"))
        if statement.date:
            parts.append(escape(statement.date.display()))
        if statement.planned:
            parts.append(Markup('<span class="semikb-planned">planned</span>'))
        if statement.rank == "preferred":
            parts.append(Markup('<span class="semikb-preferred">preferred</span>'))
        if statement.disputed:
            parts.append(Markup('<span class="semikb-disputed">⚠ disputed</span>'))
        if statement.note:
            parts.append(self.bilingual(statement.note))
        return Markup(" — ").join(parts)

    def view(self, statement: Statement, footnotes: Footnotes, depth: int = 1) -> StatementView:
        return StatementView(statement, self.value(statement, depth), self.qualifiers(statement), footnotes.refs(statement.sources))

    # --- entity page ---------------------------------------------------------

    def groups(self, entity: Entity, footnotes: Footnotes) -> list[PropertyGroup]:
        by_property: dict[str, list[Statement]] = {}
        for statement in entity.statements:
            by_property.setdefault(statement.property, []).append(statement)
        return [
            PropertyGroup(self.vocabulary.properties[pid], self.vocabulary.properties[pid].label, [self.view(s, footnotes) for s in by_property[pid]])
            for pid in self.vocabulary.property_order()
            if pid in by_property
        ]

    def incoming_groups(self, entity: Entity, footnotes: Footnotes) -> list[dict]:
        groups: dict[str, dict] = {}
        for statement in self.graph.incoming.get(entity.id, []):
            prop = self.vocabulary.properties[statement.property]
            assert prop.inverse is not None
            group = groups.setdefault(prop.inverse.id, {"label": prop.inverse.label, "property": prop, "items": []})
            group["items"].append({
                "link": self.entity_link(statement.subject),
                "qualifiers": self.qualifiers(statement),
                "refs": footnotes.refs(statement.sources),
            })
        order = {pid: n for n, pid in enumerate(self.vocabulary.property_order())}
        return sorted(groups.values(), key=lambda g: order[g["property"].id])

    def infobox(self, entity: Entity) -> list[dict]:
        rows = []
        for pid in self.vocabulary.property_order():
            prop = self.vocabulary.properties[pid]
            if not prop.infobox:
                continue
            values = [s for s in entity.statements if s.property == pid and not s.disputed]
            if values:
                rows.append({"label": prop.label, "value": Markup(", ").join(self.value(s, 1) for s in values)})
        return rows

    def footnote_lines(self, footnotes: Footnotes, depth: int = 1) -> list[Markup]:
        return [Markup(f"[^{number}]: ") + self.citation(source_id, depth) for number, source_id in enumerate(footnotes.order, 1)]

    def _citation(self, source_id: str, depth: int) -> Markup:
        """A source as a footnote shows it, after the footnote's number."""
        source = self.graph.entities[source_id]
        fields = source.fields
        meta = ", ".join(str(x) for x in (fields.get("publisher"), fields["published"].display() if fields.get("published") else None) if x)
        return Markup(f"{link(source.label, str(fields['url']))} — {escape(meta)} ({link('source page', self.href(source, depth))})")

    def entity_page(self, entity: Entity) -> str:
        footnotes = Footnotes()
        groups = self.groups(entity, footnotes)
        incoming = self.incoming_groups(entity, footnotes)
        citing = self.citing_views(entity, footnotes) if entity.type == "source" else []
        return self.env.get_template("entity.md.j2").render(
            entity=entity,
            type=self.vocabulary.types[entity.type],
            names=entity.names_in_scripts(),
            infobox=self.infobox(entity),
            groups=groups,
            incoming=incoming,
            citing=citing,
            footnotes=self.footnote_lines(footnotes),
            source_fields=self.source_fields(entity),
            edit_link=self.edit_url + entity.path,
            source_file=Markup(html_attribute(entity.path)),
            local_graph=Markup(local_graph_svg(self.graph, entity, self.built_href)),
            description=text_of(entity.summary, "en"),
            search_boost=Markup("0.5" if entity.type == "source" else "4"),
            jsonld=Markup(opendata.jsonld_script(opendata.entity_jsonld(entity, self.graph, self.site_url))),
            safe_url=safe_url,
        )

    def source_fields(self, entity: Entity) -> list[dict]:
        spec = self.vocabulary.types[entity.type].fields
        rows = []
        for field_id, value in entity.fields.items():
            shown = link(value, str(value)) if spec[field_id].kind == "url" else escape(value.display() if isinstance(value, Date) else value)
            rows.append({"label": spec[field_id].label, "value": shown})
        return rows

    def citing_views(self, source: Entity, footnotes: Footnotes) -> list[dict]:
        rows = []
        for statement in self.graph.citations.get(source.id, []):
            subject = self.graph.entities[statement.subject]
            status, others = claim_status(self.graph, statement, source.id)
            rows.append({
                "subject": self.entity_link(subject.id),
                "property": self.vocabulary.properties[statement.property].label,
                "view": self.view(statement, footnotes),
                "status": status,
                "others": [self.view(other, footnotes) for other in others],
            })
        return rows

    # --- indexes -------------------------------------------------------------

    def type_index(self, type_id: str) -> str:
        entities = self.graph.of_type(type_id)
        rows = [{
            "link": self.entity_link(e.id),
            "other_names": " · ".join(e.names_in_scripts()[1:]),
            "facts": Markup("; ").join(f"{escape(r['label']['en'])}: {r['value']}" for r in self.infobox(e)[:2]),
            "summary": text_of(e.summary, "en"),
        } for e in entities]
        return self.env.get_template("type_index.md.j2").render(type=self.vocabulary.types[type_id], rows=rows, is_source=type_id == "source")

    def overview(self) -> str:
        types = [{"type": t, "count": len(self.graph.of_type(t.id)), "href": f"{t.id}/index.md"} for t in self.vocabulary.types.values()]
        return self.env.get_template("overview.md.j2").render(types=types, total=len(self.graph.entities))

    def timeline(self) -> str:
        """Every dated statement in date order, grouped by year, precision kept."""
        footnotes = Footnotes()
        entries = []
        for statement in self.graph.statements():
            when = statement.when()
            if when is None:
                continue
            subject = self.graph.entities[statement.subject]
            entries.append((when, subject.label.casefold(), statement.property, statement, subject))
        entries.sort(key=lambda e: (e[0], e[1], e[2]))
        years: dict[int, list[dict]] = {}
        for when, _, _, statement, subject in entries:
            prop = self.vocabulary.properties[statement.property]
            years.setdefault(when.year, []).append({
                "date": when,
                "subject": self.entity_link(subject.id, 0),
                "property": prop.label,
                "view": self.view(statement, footnotes, 0),
                "show_value": not isinstance(statement.value, Date),
            })
        return self.env.get_template("timeline.md.j2").render(years=years, footnotes=self.footnote_lines(footnotes, 0))

    def disputes(self) -> str:
        footnotes = Footnotes()
        items = []
        for entity in sorted(self.graph.entities.values(), key=lambda e: e.label.casefold()):
            disputed_props = list(dict.fromkeys(s.property for s in entity.statements if s.disputed))
            for pid in disputed_props:
                items.append({
                    "subject": self.entity_link(entity.id, 0),
                    "property": self.vocabulary.properties[pid].label,
                    "values": [self.view(s, footnotes, 0) for s in entity.statements if s.property == pid],
                })
        return self.env.get_template("disputes.md.j2").render(items=items, footnotes=self.footnote_lines(footnotes, 0))

    def bibliography(self) -> str:
        sources = []
        for source in sorted(self.graph.of_type("source"), key=lambda e: (e.fields["publisher"].casefold(), e.label.casefold())):
            citing = self.graph.citations.get(source.id, [])
            sources.append({
                "entity": source,
                "link": self.entity_link(source.id, 0),
                "url": link(source.fields["url"], str(source.fields["url"])),
                "published": source.fields["published"].display(),
                "citing": [{"subject": self.entity_link(s.subject, 0), "property": self.vocabulary.properties[s.property].label, "value": self.value(s, 0)} for s in citing],
            })
        return self.env.get_template("bibliography.md.j2").render(sources=sources)

    def graph_page(self) -> str:
        types = [t for t in self.vocabulary.types.values() if t.id != "source"]
        used = {s.property for s in self.graph.statements() if s.target is not None}
        relations = [p for p in self.vocabulary.properties.values() if p.id in used]
        return self.env.get_template("graph.md.j2").render(types=types, relations=relations)

    def graph_data(self) -> str:
        """Nodes and edges of the whole network for the interactive graph page."""
        nodes = [{"id": e.id, "label": e.label, "type": e.type, "url": "../" + page_dir(e), "color": self.vocabulary.types[e.type].color}
                 for e in sorted(self.graph.entities.values(), key=lambda e: e.id) if e.type != "source"]
        edges = [{"source": s.subject, "target": s.target, "property": s.property, "label": self.vocabulary.properties[s.property].label["en"]}
                 for s in self.graph.statements() if s.target is not None]
        return json.dumps({"nodes": nodes, "edges": edges}, ensure_ascii=False, separators=(",", ":")) + "\n"

    def vocabulary_page(self) -> str:
        return self.env.get_template("vocabulary.md.j2").render(vocabulary=self.vocabulary)


def render_pages(graph: Graph, edit_url: str, glossary: list[Term] = (), site_url: str = "https://example.org/") -> dict[str, bytes]:
    """Every generated file, keyed by its path inside the generated subtree."""
    return dict(iter_pages(graph, edit_url, glossary, site_url))


def iter_pages(graph: Graph, edit_url: str, glossary: list[Term] = (), site_url: str = "https://example.org/") -> Iterator[tuple[str, bytes]]:
    """Each generated file as (path inside the generated subtree, bytes), one at a time.

    The writer consumes them as they come, so that the generator never holds every
    page in memory (at 5,000 entities that was over 100 MB of pages).
    """
    renderer = PageRenderer(graph, edit_url, site_url)

    def add(path: str, text: str) -> tuple[str, bytes]:
        return path, text.encode("utf-8")

    yield add("index.md", renderer.overview())
    yield add("vocabulary.md", renderer.vocabulary_page())
    yield add("timeline.md", renderer.timeline())
    yield add("disputes.md", renderer.disputes())
    yield add("sources.md", renderer.bibliography())
    yield add("graph.md", renderer.graph_page())
    yield add("graph.json", renderer.graph_data())
    yield add("glossary.md", renderer.env.get_template("glossary.md.j2").render(terms=glossary))
    # Appended to every page by pymdownx.snippets, so that terms get tooltips.
    yield add("abbreviations.md", "".join(f"*[{t.term}]: {' '.join(t.en.split())}\n" for t in glossary))
    for type_id in graph.vocabulary.types:
        yield add(f"{type_id}/index.md", renderer.type_index(type_id))
    for entity in graph.entities.values():
        yield add(page_path(entity), renderer.entity_page(entity))
    yield add("kb.json", export_json(graph))
    yield add("data/vocabulary.json", json.dumps(vocabulary_record(graph), ensure_ascii=False, indent=1) + "\n")
    # Downloads: served under data/ (the MkDocs hook moves kb/data/* there).
    for path, text in opendata.csv_files(graph).items():
        yield add(path, text)
    yield add(opendata.TIMELINE_ATOM, opendata.atom_feed(graph, site_url))
    yield add(opendata.MILESTONES_ICS, opendata.icalendar(graph, site_url))


def claim_status(graph: Graph, statement: Statement, source_id: str) -> tuple[str, list[Statement]]:
    """How the other sources treat a statement that ``source_id`` makes.

    Returns the status and the competing statements of the same property on the
    same entity (the values the other sources give instead).
    """
    subject = graph.entities[statement.subject]
    siblings = [s for s in subject.statements if s.property == statement.property and s is not statement]
    if statement.disputed:
        preferred = [s for s in siblings if s.rank == "preferred"] or [s for s in siblings if not s.disputed]
        return ("corrected" if preferred else "disputed"), preferred
    if any(other != source_id for other in statement.sources):
        return "supported", []
    return "single source", []
