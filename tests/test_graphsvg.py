"""The local relationship graph of an entity page: inline SVG whose nodes are links."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

from semikb.pipeline import render
from tests.helpers import KB, entity_yaml

SVG = "{http://www.w3.org/2000/svg}"
LONG = "Albany NanoTech Complex and Research Centre of the State University"


def local_graph(kb: KB) -> ET.Element:
    kb.add(
        "facility",
        "albany",
        entity_yaml("albany", type="facility").replace("{en: Albany}", f"{{en: {LONG}}}"),
    )
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", statements="related_to: [{target: albany, sources: [src]}]"),
    )
    page = render(kb.settings)["company/acme.md"].decode()
    (line,) = [line for line in page.splitlines() if line.startswith('<svg class="semikb-graph"')]
    return ET.fromstring(line)


def test_a_long_name_is_wrapped_never_cut(kb):
    svg = local_graph(kb)
    (node,) = svg.iter(f"{SVG}a")
    lines = [span.text for span in node.iter(f"{SVG}tspan")]
    assert len(lines) > 1 and " ".join(lines) == LONG
    assert "…" not in "".join(svg.itertext())


def test_every_line_stays_inside_the_drawing(kb):
    svg = local_graph(kb)
    height = float(svg.get("height"))
    assert all(0 < float(span.get("y")) < height for span in svg.iter(f"{SVG}tspan"))


def test_the_text_is_legible_when_a_phone_shrinks_the_drawing(kb):
    # A 390 px phone shows Material's text column 358 px wide; the drawing shrinks to it.
    svg = local_graph(kb)
    width = float(svg.get("viewBox").split()[2])
    assert float(svg.get("font-size")) * min(1.0, 358 / width) >= 11


def test_many_neighbours_with_long_names_never_overlap(kb):
    statements = []
    for n in range(24):
        name = f"Neighbour number {n} with a rather long name and Incorporated-and-Partners"
        kb.add(
            "company",
            f"n{n}",
            entity_yaml(f"n{n}").replace(f"{{en: N{n}}}", f"{{en: {name}}}"),
        )
        statements.append(f"{{target: n{n}, sources: [src]}}")
    kb.add(
        "company", "acme", entity_yaml("acme", statements=f"related_to: [{', '.join(statements)}]")
    )
    page = render(kb.settings)["company/acme.md"].decode()
    (line,) = [line for line in page.splitlines() if line.startswith('<svg class="semikb-graph"')]
    svg = ET.fromstring(line)
    height = float(svg.get("height"))
    blocks: dict[str, list[tuple[float, float]]] = {}
    for node in svg.iter(f"{SVG}a"):
        ys = [float(span.get("y")) for span in node.iter(f"{SVG}tspan")]
        text = node.find(f"{SVG}text")
        side = "" if text is None else text.get("text-anchor", "")
        blocks.setdefault(side, []).append((min(ys) - 13, max(ys) + 4))
        assert "…" not in "".join(node.itertext())
    assert sum(len(b) for b in blocks.values()) == 24
    for column in blocks.values():
        column.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(column))
        assert column[0][0] >= 0 and column[-1][1] <= height
