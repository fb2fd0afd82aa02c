"""The local relationship graph of an entity page: inline SVG whose nodes are links."""

from __future__ import annotations

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
