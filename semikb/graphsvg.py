"""A small relationship graph per entity page, drawn at build time as inline SVG.

The entity sits at the top, its name above it; its neighbours (both directions) hang
from it in two columns, coloured by type, each a link to its page, their names on the
outer side, wrapped onto as many lines as they need and never cut. The drawing is narrow
(``WIDTH`` units, shown at most a little wider) so that its text stays legible when a
phone shrinks it to the width of its screen: 13 units are 11.6 px at 358 px, the text
column of a 390 px phone. No JavaScript is needed to see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape as html_escape

from .graphlayout import char_width
from .i18n import Language
from .model import Entity
from .resolve import Graph

WIDTH = 400
FONT = 13  # the font size of the labels, in units of the drawing
LINE = 16  # between the lines of a wrapped name
PAD = 6  # around the drawing
COLUMN = 32  # from the middle to the dots of a column
LABEL_GAP = 10  # from a dot to its name
NEIGHBOUR_GAP = 9  # between two neighbours of a column
RADIUS, CENTRE_RADIUS = 8, 12
# The width a neighbour's name may take: from its dot to the edge, less the margins.
LABEL_WIDTH = WIDTH / 2 - COLUMN - LABEL_GAP - PAD
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


def wrap(text: str, width: float, font: float = FONT, bold: bool = False) -> list[str]:
    """``text`` on as many lines as it needs to fit ``width`` (estimated widths, with a
    margin): broken between words, or inside a word too long for a line."""
    scale = font * (1.1 if bold else 1.0)

    def measure(part: str) -> float:
        return scale * sum(char_width(c) for c in part)

    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if measure(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        # A word too long for a line of its own is broken after a hyphen or a slash if
        # it has one that fits, else between two characters.
        while measure(word) > width and (cut := _hyphen(word, width, measure)):
            lines.append(word[:cut])
            word = word[cut:]
        for char in word:
            if line and measure(line + char) > width:
                lines.append(line)
                line = ""
            line += char
    if line:
        lines.append(line)
    return lines or [text]


def _hyphen(word: str, width: float, measure: Callable[[str], float]) -> int:
    """Where to break ``word`` after its last hyphen or slash that leaves a first part
    narrower than ``width``; 0 when there is none."""
    cuts = [
        i + 1 for i, c in enumerate(word[:-1]) if c in "-/–" and measure(word[: i + 1]) <= width
    ]
    return cuts[-1] if cuts else 0


def _text(lines: list[str], x: float, y: float, anchor: str, bold: bool = False) -> str:
    """Lines of text whose block is centred vertically on ``y``."""
    first = y - LINE * (len(lines) - 1) / 2 + FONT * 0.35
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + LINE * n:.1f}">{html_escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    weight = ' font-weight="bold"' if bold else ""
    return f'<text text-anchor="{anchor}"{weight}>{spans}</text>'


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
    middle = WIDTH / 2
    title_lines = wrap(name(entity), WIDTH - 2 * PAD, bold=True)
    cy = PAD + LINE * len(title_lines) + 4 + CENTRE_RADIUS
    top = cy + CENTRE_RADIUS + 14
    heights = [top, top]  # where each column's next neighbour starts
    edges, nodes = [], []
    for neighbour in around:
        lines = wrap(name(neighbour.entity), LABEL_WIDTH)
        side = 0 if heights[0] <= heights[1] else 1
        block = max(LINE * len(lines), 2 * RADIUS + 2)
        y = heights[side] + block / 2
        heights[side] += block + NEIGHBOUR_GAP
        x = middle - COLUMN if side == 0 else middle + COLUMN
        text_x = x - LABEL_GAP if side == 0 else x + LABEL_GAP
        color = types[neighbour.entity.type].color
        title = html_escape(
            f"{neighbour.label}: {name(neighbour.entity)} "
            f"({language.text(types[neighbour.entity.type].label)})"
        )
        edges.append(
            f'<line x1="{middle:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
            'class="semikb-graph-edge"/>'
        )
        nodes.append(
            f'<a xlink:href="{html_escape(href(neighbour.entity))}" class="semikb-graph-node" '
            f'data-type="{neighbour.entity.type}">'
            f"<title>{title}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS}" fill="{color}"/>'
            f"{_text(lines, text_x, y, 'end' if side == 0 else 'start')}</a>"
        )
    height = round(max(heights) - NEIGHBOUR_GAP + PAD)
    center_color = types[entity.type].color
    title_y = PAD + LINE * (len(title_lines) - 1) / 2 + LINE / 2
    center = (
        f'<g class="semikb-graph-center"><circle cx="{middle:.1f}" cy="{cy:.1f}" '
        f'r="{CENTRE_RADIUS}" fill="{center_color}"/>'
        f"{_text(title_lines, middle, title_y, 'middle', bold=True)}</g>"
    )
    label = html_escape(
        language.plain(
            "Relationship graph of {name}: {count} connected entities",
            name=name(entity),
            count=len(around),
        )
    )
    return (
        f'<svg class="semikb-graph" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} '
        f'{height}" font-size="{FONT}" role="img" aria-label="{label}" '
        'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        + "".join(edges)
        + center
        + "".join(nodes)
        + "</svg>"
    )
