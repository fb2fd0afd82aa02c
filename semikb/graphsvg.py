"""A small relationship graph per entity page, drawn at build time as inline SVG.

The entity sits in the middle; its neighbours (both directions) sit on a circle,
coloured by type, each a link to its page. No JavaScript is needed to see it.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from html import escape as html_escape

from .i18n import Language
from .model import Entity
from .resolve import Graph

WIDTH, HEIGHT = 800, 560
# Between the lines of a wrapped name.
LINE_HEIGHT = 17
MAX_NEIGHBOURS = 24


@dataclass(frozen=True)
class Neighbour:
    entity: Entity
    label: str  # the relation as seen from the page's entity


def neighbours(graph: Graph, entity: Entity, language: Language) -> list[Neighbour]:
    """Distinct neighbours, outgoing relations first; sources have lists of their own."""
    vocabulary = graph.vocabulary
    seen: dict[str, Neighbour] = {}
    for statement in entity.statements:
        if statement.target and statement.target not in seen:
            seen[statement.target] = Neighbour(
                graph.entities[statement.target],
                language.text(vocabulary.properties[statement.property].label),
            )
    for statement in graph.incoming.get(entity.id, []):
        if statement.subject not in seen:
            inverse = vocabulary.properties[statement.property].inverse
            seen[statement.subject] = Neighbour(
                graph.entities[statement.subject], language.text(inverse.label) if inverse else ""
            )
    return list(seen.values())[:MAX_NEIGHBOURS]


def _label(text: str, x: float, y: float, width: int) -> str:
    """A node's name, never cut: wrapped onto lines of about ``width`` characters."""
    lines = textwrap.wrap(text, width, break_long_words=True) or [text]
    return "".join(
        f'<tspan x="{x:.1f}" y="{y + LINE_HEIGHT * n:.1f}">{html_escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )


def local_graph_svg(
    graph: Graph, entity: Entity, href: Callable[[Entity], str], language: Language
) -> str:
    """``href(entity)`` gives the link from the page to a neighbour's page; names and
    labels are in ``language``."""
    around = neighbours(graph, entity, language)

    def name(of: Entity) -> str:
        return of.name.best(language.code)

    if not around:
        return ""
    types = graph.vocabulary.types
    cx, cy = WIDTH / 2, HEIGHT / 2
    radius_x, radius_y = WIDTH / 2 - 90, HEIGHT / 2 - 75
    edges, nodes = [], []
    for index, neighbour in enumerate(around):
        angle = 2 * math.pi * index / len(around) - math.pi / 2
        x, y = cx + radius_x * math.cos(angle), cy + radius_y * math.sin(angle)
        color = types[neighbour.entity.type].color
        title = html_escape(
            f"{neighbour.label}: {name(neighbour.entity)} "
            f"({language.text(types[neighbour.entity.type].label)})"
        )
        edges.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
            'class="semikb-graph-edge"/>'
        )
        nodes.append(
            f'<a xlink:href="{html_escape(href(neighbour.entity))}" class="semikb-graph-node" '
            f'data-type="{neighbour.entity.type}">'
            f"<title>{title}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{color}"/>'
            f'<text text-anchor="middle">{_label(name(neighbour.entity), x, y + 22, 18)}</text></a>'
        )
    center_color = types[entity.type].color
    center = (
        f'<g class="semikb-graph-center"><circle cx="{cx:.1f}" cy="{cy:.1f}" r="14" '
        f'fill="{center_color}"/>'
        f'<text text-anchor="middle" font-weight="bold">'
        f"{_label(name(entity), cx, cy + 30, 26)}</text></g>"
    )
    label = html_escape(
        language.plain(
            "Relationship graph of {name}: {count} connected entities",
            name=name(entity),
            count=len(around),
        )
    )
    return (
        f'<svg class="semikb-graph" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">'
        + "".join(edges)
        + center
        + "".join(nodes)
        + "</svg>"
    )
