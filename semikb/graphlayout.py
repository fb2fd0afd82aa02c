"""Where the nodes of the global graph sit, decided at build time: every label has room.

The graph page draws each node as a dot with its name under it. Drawn by a force layout
in the browser, a few hundred names overlap into a hairball and the page blocks while it
settles; here the positions are computed once, in Python, and no two labels overlap.

Nodes are placed one at a time, the most important first (``rank``), each as near as it
can be to the neighbours already placed: at the free spot closest to their centroid where
its box (dot and label) overlaps no box placed before. Boxes sit on rows of one height;
each row keeps its occupied intervals sorted, so the closest free spot of a row is found
by bisection, and the search of the rows around the target stops as soon as a row is
farther than the best spot found. The search is capped (rows and intervals visited), so a
node costs a bounded amount of work whatever the size of the graph: 5,000 entities are
laid out in a fraction of a second.

Units are CSS pixels at zoom 1 of a label font of ``FONT`` pixels; text widths are
estimated from the characters (no font metrics at build time), with a margin.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

FONT = 12.0  # the label's font size
LINE = 15.0  # between the lines of a wrapped label
WRAP = 140.0  # a label wider than this is wrapped onto two lines of about equal width
GAP = 10.0  # between two boxes of a row
DOT_MIN, DOT_MAX = 10.0, 22.0  # dot diameters, by number of neighbours
ROW = DOT_MAX + 3 + 2 * LINE + 12  # a row holds the largest dot and two lines of label
# Caps on the search for a free spot: rows tried on either side (for the first
# ``CAREFUL`` nodes; then fewer, which keeps a large graph linear), intervals per row.
MAX_ROWS = 24
CAREFUL, MAX_ROWS_AFTER = 800, 2
MAX_SCAN = 64
# Gaps narrower than the smallest box (a dot and its margins) are merged away.
MERGE = DOT_MIN + GAP


@functools.cache
def char_width(char: str) -> float:
    """The width of one character in ems, estimated on the generous side (Arial-like)."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char == " ":
        return 0.3
    if char.isupper() or char in "mw—–":
        return 0.74
    if char.isdigit():
        return 0.58
    if char.isalpha():
        return 0.55
    return 0.4


def text_width(text: str, font: float = FONT) -> float:
    return font * sum(char_width(c) for c in text)


def wrap(text: str, width: float = WRAP, font: float = FONT) -> list[str]:
    """``text`` on one line, or on two of about equal width if wider than ``width``:
    broken at the space nearest the middle, or between two characters when it has none."""
    widths = list(itertools.accumulate(font * char_width(c) for c in text))
    if not widths or widths[-1] <= width or len(text) < 2:
        return [text]
    half = widths[-1] / 2
    spaces = [i for i, c in enumerate(text) if c == " "]
    if spaces:
        cut = min(spaces, key=lambda i: abs(widths[i] - half))
        return [text[:cut], text[cut + 1 :]]
    cut = min(range(1, len(text)), key=lambda i: abs(widths[i - 1] - half))
    return [text[:cut], text[cut:]]


def dot_size(degree: int) -> float:
    return round(min(DOT_MAX, DOT_MIN + 2 * math.sqrt(degree)), 1)


@dataclass(frozen=True)
class Box:
    """What a node needs: ``half`` its box's half width (dot or widest label line)."""

    half: float


class Rows:
    """The occupied intervals of every row, sorted; intervals never overlap."""

    def __init__(self) -> None:
        self.starts: dict[int, list[float]] = {}
        self.ends: dict[int, list[float]] = {}

    def take(self, row: int, x: float, half: float) -> None:
        """Occupy ``x ± half``, merged with the intervals it nearly touches (a gap too
        narrow for the smallest box is no use and only slows the search down)."""
        starts = self.starts.setdefault(row, [])
        ends = self.ends.setdefault(row, [])
        start, end = x - half, x + half
        at = bisect.bisect_left(starts, start)
        low, high = at, at
        if at > 0 and ends[at - 1] > start - MERGE:
            low = at - 1
            start = min(start, starts[low])
        while high < len(starts) and starts[high] < end + MERGE:
            end = max(end, ends[high])
            high += 1
        end = max(end, ends[low]) if low < at else end
        starts[low:high] = [start]
        ends[low:high] = [end]

    def nearest(self, row: int, x: float, half: float, limit: float) -> float | None:
        """The free centre of a box of ``half`` width in ``row`` nearest to ``x``,
        if one is within ``limit`` of it."""
        starts, ends = self.starts.get(row), self.ends.get(row)
        if not starts or ends is None:
            return x
        count = len(starts)
        at = bisect.bisect_right(starts, x)  # the gap between intervals at-1 and at
        best: float | None = None
        best_distance = limit
        # To the right: gaps at, at+1, …; to the left: gaps at, at-1, … (gap i lies
        # between interval i-1 and interval i).
        for step in range(MAX_SCAN):
            right, left = at + step, at - step
            progressed = False
            for gap in (right, left) if step else (right,):
                if gap < 0 or gap > count:
                    continue
                low = ends[gap - 1] if gap > 0 else -math.inf
                high = starts[gap] if gap < count else math.inf
                # The nearest possible centre in this gap, then whether the box fits.
                lowest, highest = low + half, high - half
                if lowest > highest:
                    nearest_possible = max(lowest - x, x - highest, 0.0)
                    if nearest_possible < best_distance:
                        progressed = True
                    continue
                centre = min(max(x, lowest), highest)
                distance = abs(centre - x)
                progressed = progressed or distance < best_distance
                if distance < best_distance:
                    best, best_distance = centre, distance
            if not progressed:
                break
        return best

    def extent(self, row: int, x: float, half: float) -> float:
        """A spot past either end of the row, the nearer one to ``x`` (always free)."""
        starts, ends = self.starts.get(row), self.ends.get(row)
        if not starts or ends is None:
            return x
        left, right = starts[0] - half, max(ends) + half
        return left if x - left < right - x else right


def layout(
    order: Sequence[str],
    neighbours: Mapping[str, Sequence[str]],
    halves: Mapping[str, float],
    core: int = 0,
) -> dict[str, tuple[float, float]]:
    """Positions of the nodes of ``order`` (most important first): the centre of each
    node's dot. ``halves`` gives each node's half box width; the first ``core`` nodes
    are placed before all the others, so that they sit together in the middle."""
    rank = {node: i for i, node in enumerate(order)}
    placed: dict[str, tuple[float, float]] = {}
    counts = dict.fromkeys(order, 0)
    heap = [(0 if rank[node] < core else 1, 0, rank[node], node) for node in order]
    heapq.heapify(heap)
    rows = Rows()
    while heap:
        outer, negative_count, _, node = heapq.heappop(heap)
        if node in placed or -negative_count != counts[node]:
            continue
        around = [placed[n] for n in neighbours.get(node, ()) if n in placed]
        if around:
            tx = sum(p[0] for p in around) / len(around)
            ty = sum(p[1] for p in around) / len(around)
        else:
            tx = ty = 0.0
        half = halves[node] + GAP / 2
        x, y = _free_spot(rows, tx, ty, half, MAX_ROWS if len(placed) < CAREFUL else MAX_ROWS_AFTER)
        rows.take(round(y / ROW), x, half)
        placed[node] = (x, y)
        for other in neighbours.get(node, ()):
            if other not in placed and other in counts:
                counts[other] += 1
                outer = 0 if rank[other] < core else 1
                heapq.heappush(heap, (outer, -counts[other], rank[other], other))
    return placed


def _free_spot(rows: Rows, tx: float, ty: float, half: float, max_rows: int) -> tuple[float, float]:
    """The free spot nearest to the target: its own row first (which bounds the search
    of the others), then the rows above and below while they can be nearer."""
    home = round(ty / ROW)
    x = rows.nearest(home, tx, half, math.inf)
    if x is None:  # too crowded to search: past the nearer end of the row
        x = rows.extent(home, tx, half)
    best = (x, home * ROW)
    best_distance = math.hypot(x - tx, home * ROW - ty)
    for step in range(1, 2 * max_rows + 1):
        row = home + (step + 1) // 2 * (1 if step % 2 else -1)
        dy = abs(row * ROW - ty)
        if dy >= best_distance:
            continue
        x = rows.nearest(row, tx, half, math.sqrt(best_distance**2 - dy**2))
        if x is not None:
            distance = math.hypot(x - tx, dy)
            if distance < best_distance:
                best, best_distance = (x, row * ROW), distance
    return best


# The default view of the graph page: the most important entities, at most this many.
CORE = 36


@dataclass(frozen=True)
class Placed:
    x: float
    y: float
    size: float  # the dot's diameter
    rank: int  # 0 for the most important node
    lines: list[str]  # the label, on one line or two


def neighbours_of(
    nodes: Mapping[str, str], edges: Sequence[tuple[str, str]]
) -> tuple[dict[str, set[str]], dict[str, int]]:
    """Each node's distinct neighbours, and how many relations point at it."""
    neighbours: dict[str, set[str]] = {node: set() for node in nodes}
    incoming = dict.fromkeys(nodes, 0)
    for a, b in edges:
        if a in neighbours and b in neighbours and a != b:
            neighbours[a].add(b)
            neighbours[b].add(a)
            incoming[b] += 1
    return neighbours, incoming


def importance(
    nodes: Mapping[str, str], edges: Sequence[tuple[str, str]], weight: Mapping[str, int]
) -> list[str]:
    """The nodes (id → label) most important first: by ``weight`` (how much the knowledge
    base says about a node) plus the relations that point at it, then by label."""
    _, incoming = neighbours_of(nodes, edges)
    return sorted(nodes, key=lambda n: (-(weight.get(n, 0) + incoming[n]), nodes[n].casefold(), n))


def arrange(
    nodes: Mapping[str, str], edges: Sequence[tuple[str, str]], weight: Mapping[str, int]
) -> tuple[dict[str, Placed], int]:
    """Lay out ``nodes`` (id → label) joined by ``edges`` (ordered as ``importance``
    orders them). Returns each node's placement and how many nodes, the most important,
    make the default view."""
    neighbours, _ = neighbours_of(nodes, edges)
    order = importance(nodes, edges, weight)
    lines = {node: wrap(label) for node, label in nodes.items()}
    sizes = {node: dot_size(len(neighbours[node])) for node in nodes}
    halves = {
        node: max(sizes[node], *(text_width(line) for line in lines[node])) / 2 for node in nodes
    }
    core = min(CORE, len(order))
    rank = {node: i for i, node in enumerate(order)}
    adjacency = {node: sorted(around, key=rank.__getitem__) for node, around in neighbours.items()}
    positions = layout(order, adjacency, halves, core)
    placed = {
        node: Placed(
            round(positions[node][0], 1),
            round(positions[node][1], 1),
            sizes[node],
            rank[node],
            lines[node],
        )
        for node in order
    }
    return placed, core
