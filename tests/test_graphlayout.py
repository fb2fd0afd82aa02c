"""The positions of the global graph, laid out at build time: no two labels overlap, the
most important nodes sit together in the middle, and 5,000 entities take little time."""

from __future__ import annotations

import random
import time

from semikb.graphlayout import FONT, LINE, arrange, importance, text_width, wrap

WORDS = ["Semiconductor", "Rapidus", "NVIDIA", "Agreement", "of", "the", "Japan", "AI", "2024",
         "라피더스", "반도체", "ラピダス", "半導体産業", "Ministry", "Trade", "Industry"]  # fmt: skip


def network(n: int, seed: int = 3) -> tuple[dict[str, str], list[tuple[str, str]], dict[str, int]]:
    """A network shaped like a knowledge base: a few hubs everything points at."""
    rng = random.Random(seed)
    nodes = {f"n{i}": " ".join(rng.choices(WORDS, k=rng.randint(1, 8))) for i in range(n)}
    hubs = [f"n{i}" for i in range(max(1, n // 50))]
    edges = []
    for i in range(n):
        for _ in range(rng.randint(0, 6)):
            target = rng.choice(hubs) if rng.random() < 0.4 else f"n{rng.randrange(n)}"
            edges.append((f"n{i}", target))
    weight = {node: rng.randint(0, 30) for node in nodes}
    return nodes, edges, weight


def boxes(placed) -> list[tuple[float, float, float, float]]:
    result = []
    for p in placed.values():
        half = max(p.size, *(text_width(line) for line in p.lines)) / 2
        result.append(
            (p.x - half, p.y - p.size / 2, p.x + half, p.y + p.size / 2 + 3 + LINE * len(p.lines))
        )
    return result


def test_no_two_labels_overlap():
    placed, _ = arrange(*network(400))
    found = boxes(placed)
    overlapping = [
        (a, b)
        for i, a in enumerate(found)
        for b in found[:i]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]
    assert len(found) == 400 and overlapping == []


def test_the_most_important_nodes_come_first_and_sit_in_the_middle():
    nodes, edges, weight = network(400)
    placed, core = arrange(nodes, edges, weight)
    order = importance(nodes, edges, weight)
    assert [placed[n].rank for n in order] == list(range(400))
    assert 0 < core < 400

    def spread(group: list[str]) -> float:
        return sum(abs(placed[n].x) + abs(placed[n].y) for n in group) / len(group)

    assert spread(order[:core]) < spread(order[core:]) / 2


def test_the_layout_is_the_same_every_time():
    assert arrange(*network(300)) == arrange(*network(300))


def test_a_long_label_takes_two_lines_of_about_equal_width_and_nothing_is_cut():
    text = "AI and Semiconductor Industrial Base Strengthening Framework (Japan, 2024)"
    first, second = wrap(text)
    assert f"{first} {second}" == text
    assert abs(text_width(first) - text_width(second)) < 4 * FONT
    assert wrap("TSMC") == ["TSMC"]
    assert "".join(wrap("半導体・デジタル産業戦略検討会議")) == "半導体・デジタル産業戦略検討会議"


def test_five_thousand_entities_are_laid_out_quickly():
    # A 5,000-entity knowledge base has about 3,350 entities that are not sources.
    nodes, edges, weight = network(3350)
    start = time.perf_counter()
    placed, _ = arrange(nodes, edges, weight)
    assert len(placed) == 3350
    assert time.perf_counter() - start < 1.5  # about 0.2 s on an idle machine
