"""Series: quantity statements of a series property drawn as charts with their data."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from semikb.pipeline import render
from tests.helpers import KB, entity_yaml

SVG = "{http://www.w3.org/2000/svg}"
SHARES = """\
foundry_market_share:
  - {amount: 54, unit: "%", date: 2022, sources: [src]}
  - {amount: 61.2, unit: "%", date: 2023-12, note: {en: TrendForce, ko: 트렌드포스}, sources: [src]}
  - {amount: 70.4, unit: "%", date: 2025-12, rank: preferred, sources: [src]}
  - {amount: 65, unit: "%", date: 2025-12, rank: disputed, sources: [src]}
"""


def pages(kb: KB, edition: str = "en") -> dict[str, str]:
    kb.add("company", "tsmc", entity_yaml("tsmc", statements=SHARES))
    kb.add(
        "company",
        "umc",
        entity_yaml(
            "umc",
            statements='foundry_market_share: [{amount: 4.7, unit: "%", date: 2024-12, sources: [src]}]',
        ),
    )
    return {k: v.decode() for k, v in render(kb.settings, edition).items()}


def svgs(markdown: str) -> list[ET.Element]:
    found = []
    for line in markdown.splitlines():
        if line.startswith('<svg class="semikb-chart"'):
            found.append(ET.fromstring(line))
    return found


def test_an_entity_page_draws_its_series_with_a_table_of_the_same_points(kb):
    page = pages(kb)["company/tsmc.md"]
    (chart,) = svgs(page)
    assert (
        chart.get("role") == "figure"
        and chart.find(f"{SVG}title").text == "Share of the foundry market"
    )
    markers = chart.findall(f".//{SVG}circle")
    assert len(markers) == 4
    links = [a.get("{http://www.w3.org/1999/xlink}href") for a in chart.iter(f"{SVG}a")]
    assert links and all(link.startswith("#fn:") for link in links)
    rows = [line for line in page.splitlines() if line.startswith("| ") and " % " in line]
    assert len(rows) == 4
    assert rows[0] == "| 2022 | 54 % |  [^1] |"
    assert (
        '| December 2025 | 70\\.4 % | <span class="semikb-preferred">preferred</span> [^1] |'
        in rows
    )


def test_the_numbers_page_draws_one_line_per_subject(kb):
    numbers = pages(kb)["numbers.md"]
    (chart,) = svgs(numbers)
    legend = "".join(chart.itertext())
    assert "Tsmc" in legend and "Umc" in legend
    assert numbers.count("](company/tsmc.md)") == 4 and numbers.count("](company/umc.md)") == 1


def test_each_series_is_a_csv_download(kb):
    table = pages(kb)["data/series/foundry_market_share.csv"]
    rows = list(csv.DictReader(io.StringIO(table, newline="")))
    assert [(r["subject"], r["date"], r["amount"], r["rank"]) for r in rows] == [
        ("tsmc", "2022", "54", "normal"),
        ("tsmc", "2023-12", "61.2", "normal"),
        ("tsmc", "2025-12", "70.4", "preferred"),
        ("tsmc", "2025-12", "65", "disputed"),
        ("umc", "2024-12", "4.7", "normal"),
    ]


def test_the_korean_edition_labels_and_formats_the_chart_in_korean(kb):
    page = pages(kb, "ko")["company/tsmc.md"]
    (chart,) = svgs(page)
    assert chart.find(f"{SVG}title").text == "파운드리 시장 점유율"
    assert '| 2023년 12월 | <span title="61.2 %">61\\.2%</span> | 트렌드포스 [^1] |' in page
