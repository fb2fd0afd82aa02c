"""The charts as a reader meets them, in Chromium: each chart's table holds exactly the
chart's points, both hold exactly the series of the knowledge base, and screenshots of the
charts in the light and dark schemes and on a phone (test-artifacts/)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pytest

from semikb.i18n import Language
from semikb.model import Date, Entity, Quantity, Statement
from semikb.numbers import format_quantity
from semikb.pipeline import check, layout_of
from semikb.resolve import Graph
from semikb.settings import load_settings
from tests.helpers import ARTIFACTS, PROJECT

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 390, "height": 844}

# Every chart of the page (figure.semikb-chart) with its points and the table under it.
CHARTS = """() => [...document.querySelectorAll('article figure.semikb-chart')].map((figure) => {
  const svg = figure.querySelector('svg');
  let table = null;
  for (let next = figure.nextElementSibling; next && !table; next = next.nextElementSibling) {
    if (/^H[1-6]$/.test(next.tagName) || next.matches('figure')) break;
    table = next.matches('table') ? next : next.querySelector('table');
  }
  const text = (element) => element.textContent.replace(/\\s+/g, ' ').trim();
  return {
    title: text(svg.querySelector(':scope > title')),
    units: [...svg.querySelectorAll('.semikb-chart-series')].map((g) => g.dataset.unit),
    points: [...svg.querySelectorAll('circle.semikb-chart-point')].map((circle) => ({
      tooltip: text(circle.querySelector('title')),
      disputed: circle.classList.contains('semikb-chart-disputed'),
    })),
    rows: table ? [...table.querySelectorAll('tbody tr')].map((row) => ({
      cells: [...row.cells].map(text),
      disputed: !!row.querySelector('.semikb-disputed'),
    })) : null,
  };
})"""


def space(text: str) -> str:
    """Text with every run of spaces (no-break and narrow ones too) as one space."""
    return " ".join(text.split())


class Expected:
    """The charts a page should draw, from the graph: per (title, unit), the points as the
    chart's tooltips give them and the rows as its table shows them."""

    def __init__(self, graph: Graph, code: str):
        self.graph = graph
        self.language = Language(code)
        self.code = code

    def series(self, entity: Entity) -> Iterable[Statement]:
        for statement in entity.statements:
            prop = self.graph.vocabulary.properties[statement.property]
            if prop.series and isinstance(statement.value, Quantity) and statement.when():
                yield statement

    def charts(self, entities: Iterable[Entity]) -> dict[tuple[str, str], dict[str, Counter]]:
        grouped: dict[tuple[str, str], list[tuple[Entity, Statement]]] = {}
        for entity in entities:
            for statement in self.series(entity):
                assert isinstance(statement.value, Quantity)
                prop = self.graph.vocabulary.properties[statement.property]
                key = (space(self.language.text(prop.label)), statement.value.unit)
                grouped.setdefault(key, []).append((entity, statement))
        return {key: self.chart(pairs) for key, pairs in grouped.items()}

    def chart(self, pairs: list[tuple[Entity, Statement]]) -> dict[str, Counter]:
        named = len({entity.id for entity, _ in pairs}) > 1
        points: Counter = Counter()
        rows: Counter = Counter()
        for entity, statement in pairs:
            when, value = statement.when(), statement.value
            assert when is not None and isinstance(value, Quantity)
            name = space(entity.name.best(self.code))
            shown = space(format_quantity(Quantity(value.amount, value.unit), self.code))
            points[(name if named else None, when.iso(), shown, statement.disputed)] += 1
            rows[(name, space(self.language.date(when)), shown, statement.disputed)] += 1
        return {"points": points, "rows": rows}


def read_points(chart: dict, labels: set[str], disputed_label: str) -> Counter:
    """The chart's points from their tooltips: "Japan, 1988: 51 % — note (disputed)"."""
    named = len(chart["units"]) > 1
    found: Counter = Counter()
    for point in chart["points"]:
        text = point["tooltip"]
        series = None
        if named:
            series = next((label for label in labels if text.startswith(label + ", ")), "?")
            text = text[len(series) + 2 :]
        if point["disputed"]:
            text = text.removesuffix(f" ({disputed_label})")
        date, _, rest = text.partition(": ")
        shown = rest.split(" — ")[0]
        found[(series, date, shown, point["disputed"])] += 1
    return found


def read_rows(chart: dict, subject: str | None) -> Counter:
    """The table's rows: date, subject (the Numbers page's "Of" column), value, disputed."""
    found: Counter = Counter()
    for row in chart["rows"] or []:
        cells = row["cells"]
        name = cells[1] if len(cells) == 4 else subject
        found[(name, cells[0], cells[-2], row["disputed"])] += 1
    return found


def chart_pages(graph: Graph) -> list[tuple[str, str, list[Entity]]]:
    """(path, language, the entities whose series it draws): the Numbers page of each
    edition and every entity page of the main edition that has a chart."""
    settings = load_settings(PROJECT)
    layout = layout_of(settings)
    numbers = layout.url(layout.NUMBERS)
    everyone = sorted(graph.entities.values(), key=lambda e: e.id)
    pages = [(numbers, "en", everyone), ("ko/" + numbers, "ko", everyone)]
    expected = Expected(graph, "en")
    for entity in everyone:
        if any(True for _ in expected.series(entity)):
            pages.append((layout.url(layout.entity_page(entity)), "en", [entity]))
    return pages


@pytest.fixture(scope="module")
def graph() -> Graph:
    return check(load_settings(PROJECT)).graph


def test_each_chart_and_its_table_hold_exactly_the_series_of_the_knowledge_base(
    browser, site_url, graph
):
    pages = chart_pages(graph)
    assert len(pages) > 3, "the knowledge base has series to chart"
    context = browser.new_context()
    page = context.new_page()
    problems = []
    for path, code, entities in pages:
        response = page.goto(site_url + path)
        assert response and response.ok, path
        expected = Expected(graph, code).charts(entities)
        labels = {space(e.name.best(code)) for e in entities}
        subject = space(entities[0].name.best(code)) if len(entities) == 1 else None
        disputed_label = Language(code).plain("disputed")
        charts = page.evaluate(CHARTS)
        shown = Counter((chart["title"], unit) for chart in charts for unit in set(chart["units"]))
        if shown != Counter(expected.keys()):
            problems.append((path, "charts", sorted(shown), sorted(expected)))
            continue
        for chart in charts:
            key = (chart["title"], chart["units"][0])
            points = read_points(chart, labels, disputed_label)
            rows = read_rows(chart, subject)
            if points != expected[key]["points"]:
                problems.append((path, key, "chart", points, expected[key]["points"]))
            if rows != expected[key]["rows"]:
                problems.append((path, key, "table", rows, expected[key]["rows"]))
    context.close()
    assert problems == []


def test_each_chart_table_is_in_chronological_order(browser, site_url, graph):
    context = browser.new_context()
    page = context.new_page()
    out_of_order = []
    for path, code, _ in chart_pages(graph)[:1]:  # the Numbers page: every series
        assert code == "en"
        page.goto(site_url + path)
        for chart in page.evaluate(CHARTS):
            shown = [row["cells"][0] for row in chart["rows"]]
            dates = [parse_english_date(text) for text in shown]
            if dates != sorted(dates, key=lambda d: d.first_day()):
                out_of_order.append((path, chart["title"], shown))
    context.close()
    assert out_of_order == []


def parse_english_date(text: str) -> Date:
    """ "2022", "December 2024" or "13 November 2024" (the English edition's dates)."""
    import datetime

    for pattern, precision in (("%d %B %Y", 3), ("%B %Y", 2), ("%Y", 1)):
        try:
            day = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return Date(day.year, day.month if precision > 1 else 0, day.day if precision > 2 else 0)
    raise ValueError(text)


# Screenshots: the Numbers page and an entity page's charts, in both schemes, on a desktop
# and on a phone. The entity page's picture is cut to its charts and their tables.
CHART_SECTIONS = """() => {
  const figures = [...document.querySelectorAll('article figure.semikb-chart')];
  const first = figures[0].previousElementSibling || figures[0];
  let last = figures[figures.length - 1];
  for (let next = last.nextElementSibling; next && !/^H[1-6]$/.test(next.tagName); next = next.nextElementSibling) last = next;
  const top = first.getBoundingClientRect().top + window.scrollY;
  const bottom = last.getBoundingClientRect().bottom + window.scrollY;
  return {x: 0, y: Math.max(0, top - 8), width: document.documentElement.clientWidth, height: bottom - top + 16};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, PHONE["width"]], ids=["desktop", "390"])
def test_screenshots_of_the_charts(browser, site_url, graph, scheme, width):
    settings = load_settings(PROJECT)
    layout = layout_of(settings)
    entity = graph.entities.get("rapidus")
    if entity is None or not any(True for _ in Expected(graph, "en").series(entity)):
        entity = next(one for _, _, (one, *more) in chart_pages(graph) if not more)
    phone = width == PHONE["width"]
    context = browser.new_context(
        color_scheme=scheme,
        viewport={"width": width, "height": 844 if phone else 900},
        is_mobile=phone,
        has_touch=phone,
    )
    page = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    suffix = f"{'390-' if phone else ''}{scheme}.png"
    page.goto(site_url + layout.url(layout.NUMBERS))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(ARTIFACTS / f"numbers-{suffix}"), full_page=True)
    page.goto(site_url + layout.url(layout.entity_page(entity)))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(
        path=str(ARTIFACTS / f"{entity.id}-charts-{suffix}"),
        full_page=True,
        clip=page.evaluate(CHART_SECTIONS),
    )
    context.close()
    for name in (f"numbers-{suffix}", f"{entity.id}-charts-{suffix}"):
        assert (ARTIFACTS / name).stat().st_size > 10_000
