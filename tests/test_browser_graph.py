"""The graphs as a reader meets them, in Chromium: the graph page (kb/graph/) at the
width of a desktop and of a phone, in both editions, and the relationship graph of an
entity page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.helpers import ARTIFACTS
from tests.test_browser import Reader

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
FONT = 12  # the labels' size at zoom 1 (graph.js, graphlayout.py)

# Every label the reader can see (a node shown, its label not hidden, at least partly
# inside the canvas), as rendered boxes, and the pairs of them that overlap.
LABELS = """() => {
  const container = document.querySelector('#semikb-graph');
  const graph = container.semikbGraph;
  const options = {includeNodes: false, includeEdges: false, includeLabels: true};
  const w = container.clientWidth, h = container.clientHeight;
  const boxes = graph.nodes().filter(n => n.visible() && !n.hasClass('semikb-nolabel'))
    .map(n => [n.id(), n.renderedBoundingBox(options)])
    .filter(([, b]) => b.x2 > 0 && b.x1 < w && b.y2 > 0 && b.y1 < h);
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = 0; j < i; j++) {
    const [a, p] = boxes[i], [b, q] = boxes[j];
    if (p.x1 < q.x2 - 0.5 && q.x1 < p.x2 - 0.5 && p.y1 < q.y2 - 0.5 && q.y1 < p.y2 - 0.5)
      overlaps.push([a, b]);
  }
  return {count: boxes.length, overlaps: overlaps};
}"""

STATE = """() => {
  const container = document.querySelector('#semikb-graph');
  const graph = container.semikbGraph;
  const shown = graph.nodes().filter(n => !n.hasClass('semikb-hidden'));
  return {
    total: graph.nodes().length,
    shown: shown.map(n => n.id()),
    edges: graph.edges().filter(e => !e.hasClass('semikb-hidden')).length,
    zoom: graph.zoom(),
    width: container.getBoundingClientRect().width,
    height: container.getBoundingClientRect().height,
    focus: graph.nodes('.semikb-focus').map(n => n.id()),
    near: graph.nodes('.semikb-near').map(n => n.id()),
    hiddenLabels: Number(container.dataset.hiddenLabels),
  };
}"""


def open_graph(reader: Reader, path: str = "kb/graph/", viewport: dict[str, int] | None = None):
    if viewport:
        reader.page.set_viewport_size(viewport)
    page = reader.open(path)
    page.locator("#semikb-graph[data-ready='true']").wait_for(timeout=20_000)
    return page


def state(page) -> dict:
    return page.evaluate(STATE)


def focus(page, query: str) -> dict:
    box = page.locator("#semikb-graph-find")
    box.fill(query)
    box.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#semikb-graph').dataset.focus !== ''", timeout=5_000
    )
    return state(page)


def test_the_graph_has_the_page_width_and_starts_from_the_main_entities(reader):
    page = open_graph(reader)
    shown = state(page)
    assert shown["width"] > 1000  # no sidebars: the whole width of a 1280 px window
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator("#semikb-graph canvas").count() >= 1
    # The default view: the main entities, fewer than all, the story's among them.
    assert 10 <= len(shown["shown"]) < shown["total"]
    for entity in ("rapidus", "nvidia", "tsmc", "samsung-electronics", "softbank-group"):
        assert entity in shown["shown"]
    assert "us-japan-semiconductor-agreement-1986" in shown["shown"]
    # Readable: 12 px labels or larger, none overlapping, none hidden to avoid it.
    assert shown["zoom"] * FONT >= 11
    labels = page.evaluate(LABELS)
    assert labels["count"] >= 20
    assert labels["overlaps"] == []
    assert shown["hiddenLabels"] == 0


def test_every_entity_can_be_shown_and_filtered(reader):
    page = open_graph(reader)
    main = state(page)
    page.locator(".semikb-graph-view input[value='all']").check()
    every = state(page)
    assert len(every["shown"]) == every["total"] > len(main["shown"])
    assert page.evaluate(LABELS)["overlaps"] == []
    page.locator(".semikb-graph-filters summary").click()
    page.locator(".semikb-graph-filters input[value='person']").uncheck()
    without_people = state(page)
    assert len(without_people["shown"]) < every["total"]
    assert "jensen-huang" not in without_people["shown"]
    page.locator(".semikb-graph-filters select[name='relation']").select_option("founded_by")
    assert 0 < state(page)["edges"] < 50
    page.locator(".semikb-graph-reset").click()
    assert state(page)["shown"] == main["shown"]


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("kb/graph/", "Rapidus"),
        ("kb/graph/", "라피더스"),
        ("kb/graph/", "ラピダス"),
        ("kb/graph/", "rapidus corp"),  # an alias, in other case
        ("ko/kb/graph/", "라피더스"),
        ("ko/kb/graph/", "Rapidus"),
    ],
)
def test_a_name_in_any_script_centres_the_graph_on_its_entity(reader, path, query):
    page = open_graph(reader, path)
    found = focus(page, query)
    assert found["focus"] == ["rapidus"]
    assert len(found["near"]) >= 10 and "rapidus" in found["near"]
    assert set(found["near"]) <= set(found["shown"])  # its neighbours shown, main or not
    centre = page.evaluate(
        """() => { const c = document.querySelector('#semikb-graph');
        const p = c.semikbGraph.$id('rapidus').renderedPosition();
        return [p.x - c.clientWidth / 2, p.y - c.clientHeight / 2]; }"""
    )
    assert abs(centre[0]) < 60 and abs(centre[1]) < 60
    assert found["zoom"] * FONT >= 11
    assert page.evaluate(LABELS)["overlaps"] == []
    status = page.locator(".semikb-graph-status")
    assert status.locator("a[href$='/kb/company/rapidus/']").count() == 1
    if path.startswith("ko/"):
        assert "이웃" in status.inner_text()
    # Escape lets go: the default view again.
    page.locator("#semikb-graph-find").press("Escape")
    page.wait_for_function("() => document.querySelector('#semikb-graph').dataset.focus === ''")
    assert state(page)["focus"] == []


def test_a_dot_opens_the_page_of_its_entity(reader):
    page = open_graph(reader)
    page.evaluate(
        "() => document.querySelector('#semikb-graph').semikbGraph.$id('tsmc').emit('tap')"
    )
    page.wait_for_url(re.compile(r"/semikb/kb/company/tsmc/$"))
    assert page.locator("h1", has_text="TSMC").count() == 1


def test_a_name_that_matches_nothing_says_so(reader):
    page = open_graph(reader)
    box = page.locator("#semikb-graph-find")
    box.fill("zzzz-no-such-entity")
    box.press("Enter")
    assert "zzzz-no-such-entity" in page.locator(".semikb-graph-status").inner_text()
    assert state(page)["focus"] == []


def test_the_graph_page_works_on_a_phone(reader):
    page = open_graph(reader, viewport=PHONE)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # no sideways scrolling of the page
    shown = state(page)
    assert shown["width"] <= PHONE["width"] and shown["height"] < PHONE["height"]
    assert shown["zoom"] * FONT >= 11
    labels = page.evaluate(LABELS)
    assert labels["count"] >= 5 and labels["overlaps"] == []
    for control in ("#semikb-graph-find", ".semikb-graph-reset", ".semikb-graph-filters summary"):
        box = page.locator(control).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert focus(page, "NVIDIA")["focus"] == ["nvidia"]


def test_the_controls_have_labels_and_the_entities_a_way_without_javascript(reader):
    page = open_graph(reader)
    assert page.locator("label[for='semikb-graph-find']").inner_text().strip()
    assert page.locator(".semikb-graph-view legend").inner_text().strip()
    page.locator("#semikb-graph-find").focus()
    page.keyboard.type("TSMC")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#semikb-graph').dataset.focus === 'tsmc'")
    # Without JavaScript: links to the main entities and to every type's list.
    links = page.locator("article a[href*='/kb/company/rapidus/']")
    assert links.count() >= 1
    assert page.locator("article a[href$='/kb/person/']").count() == 1


@pytest.mark.parametrize(
    ("scheme", "viewport"),
    [("light", None), ("dark", None), ("light", PHONE), ("dark", PHONE)],
    ids=["1280-light", "1280-dark", "390-light", "390-dark"],
)
def test_screenshots_of_the_graph_page(browser, site_url, scheme, viewport):
    reader = Reader(browser, site_url, scheme)
    page = open_graph(reader, viewport=viewport)
    ARTIFACTS.mkdir(exist_ok=True)
    width = viewport["width"] if viewport else 1280
    path = ARTIFACTS / f"kb-graph-{width}-{scheme}.png"
    page.locator("#semikb-graph").scroll_into_view_if_needed()
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    focus(page, "라피더스")
    page.screenshot(path=str(ARTIFACTS / f"kb-graph-{width}-{scheme}-focus.png"))
    assert reader.foreign_requests == [] and reader.errors == []
    reader.close()


# --- the relationship graph of an entity page --------------------------------------------

# Every text of the page's local graph: its box in the drawing's units, the drawing's
# viewBox, and the size the text is shown at in CSS pixels.
LOCAL = """() => {
  const svg = document.querySelector('svg.semikb-graph');
  const view = svg.viewBox.baseVal;
  const scale = svg.getBoundingClientRect().width / view.width;
  return {
    view: [view.x, view.y, view.width, view.height],
    texts: [...svg.querySelectorAll('text')].map(t => {
      const b = t.getBBox();
      return {text: t.textContent, box: [b.x, b.y, b.x + b.width, b.y + b.height],
              px: parseFloat(getComputedStyle(t).fontSize) * scale};
    }),
  };
}"""

LOCAL_PAGES = [
    "kb/company/rapidus/",
    "kb/facility/albany-nanotech-complex/",
    "ko/kb/company/rapidus/",
]


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("path", LOCAL_PAGES)
def test_the_local_graph_cuts_no_label_and_stays_legible(reader, path, viewport):
    if viewport:
        reader.page.set_viewport_size(viewport)
    page = reader.open(path)
    drawing = page.evaluate(LOCAL)
    x, y, width, height = drawing["view"]
    assert len(drawing["texts"]) >= 2
    for text in drawing["texts"]:
        x1, y1, x2, y2 = text["box"]
        assert x <= x1 and x2 <= x + width and y <= y1 and y2 <= y + height, text
        assert not text["text"].endswith(("…", "...")), text
        assert text["px"] >= 11, text
    assert (
        page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]
    )


def test_the_local_graph_is_inline_svg_whose_nodes_are_links(reader):
    page = reader.open("kb/company/rapidus/")
    nodes = page.locator("svg.semikb-graph a.semikb-graph-node")
    assert nodes.count() >= 10
    # xlink:href: Material's instant navigation rewrites a plain href.
    target = nodes.nth(0).get_attribute("xlink:href")
    nodes.nth(0).click()
    page.wait_for_url(re.compile(re.escape(target.split("/", 2)[-1]) + "$"))
    assert urlsplit(page.url).path.endswith(target.split("/", 2)[-1])
    assert page.locator("h1").count() == 1
