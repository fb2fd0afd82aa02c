"""Accessibility and validity of every kind of page (issue #14), as built by `mkdocs build`.

* axe (axe-core through axe-playwright-python) in Chromium, in the light and the dark colour
  scheme, with WCAG 2.2's target-size rule switched on: no serious or critical finding;
* the W3C Nu HTML Checker (vnu.jar from the npm registry, run by Java) over the same pages:
  no error but the few listed in ALLOWED_VNU_ERRORS, which come from Material's own
  templates;
* a phone 390 px wide: no page scrolls sideways, and every footnote reference is a touch
  target of 24 × 24 px at least.

The pages are picked from the data and from the links of the index pages, not from a fixed
list of addresses, so a page that is split (the timeline into decades, the bibliography into
parts) is followed to its parts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from semikb.layout import Layout
from semikb.pipeline import check, layout_of
from semikb.settings import load_settings
from tests.helpers import ARTIFACTS, PROJECT

pytestmark = [pytest.mark.browser, pytest.mark.slow]
VNU_JAR = PROJECT / "tools" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# axe's defaults (WCAG 2.0–2.2 A and AA and best practices) plus WCAG 2.2 AA's target size
# (24 × 24 px), which axe leaves off unless asked.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
# In the dark scheme the page is the same but for its colours (Material switches schemes
# by an attribute on <body>): only the rules that read colours run again there.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SCHEME_OPTIONS = {
    "light": AXE_OPTIONS,
    "dark": {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": COLOUR_RULES}},
}
SCHEMES = list(SCHEME_OPTIONS)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MIN_TARGET = 24  # px, WCAG 2.2 AA "target size (minimum)"

# Screenshots for people to look at (the files test_browser.py used to write): the path, and
# whether the whole page is taken (the timeline's would be tens of thousands of pixels tall).
SCREENSHOTS = {
    "": True,
    "kb/company/rapidus/": True,
    "kb/timeline/": False,
    "kb/graph/": True,
    "kb/company/": True,
}

# Pages above this many elements are long runs of generated rows (the timeline, the
# bibliography): axe checks each kind of row but not every repetition of it. See PRUNE.
LARGE_PAGE = 4000
PRUNE = """(keep) => {
  // Keep the first `keep` children of the article and of each of its lists and tables,
  // and after them every child whose make-up (the tags and classes inside it) has not been
  // seen yet in that container: a disputed or planned row stays, its hundredth twin goes.
  const signature = (element) => [...new Set([element, ...element.querySelectorAll('*')]
    .map((e) => e.tagName + '.' + [...e.classList].sort().join('.')))].sort().join(' ');
  const article = document.querySelector('article');
  if (!article) return 0;
  let removed = 0;
  for (const container of [article, ...article.querySelectorAll('ul, ol, tbody, dl')]) {
    const seen = new Set();
    [...container.children].forEach((child, index) => {
      const made = signature(child);
      if (index >= keep && seen.has(made)) {
        child.remove();
        removed += 1;
      }
      seen.add(made);
    });
  }
  return removed;
}"""
PRUNE_KEEP = 40

# Errors of the Nu HTML Checker that come from Material for MkDocs's own templates, which
# this project does not override: (message, a piece of the markup it points at, why).
ALLOWED_VNU_ERRORS = [
    (
        "Attribute “autocomplete” is only allowed when the input type is",
        '<input class="md-toggle" data-md-toggle=',
        # Material's base.html (main.html extends it and leaves these lines alone) and its
        # palette toggle give their hidden checkbox toggles autocomplete="off", so that
        # Firefox does not restore a drawer, the search or a scheme as checked after a
        # reload. The HTML standard allows the attribute on text-like inputs only; browsers
        # ignore it elsewhere, and overriding base.html to drop it would copy Material's
        # whole page frame into this project.
        "Material's checkbox toggles (base.html): a Firefox workaround",
    ),
]


# --- the pages -------------------------------------------------------------------------


class _Links(HTMLParser):
    """The hrefs inside a page's <article>, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1


def html_file(site: Path, path: str) -> Path:
    return site / path / "index.html"


def first_part(site: Path, path: str) -> str | None:
    """The first page below ``path`` that ``path``'s article links to (a decade of the
    timeline, a part of the bibliography), if it has any."""
    parser = _Links()
    parser.feed(html_file(site, path).read_text(encoding="utf-8"))
    base = "http://site/" + path
    for href in parser.hrefs:
        target = urlsplit(urljoin(base, href))
        if target.netloc != "site" or not target.path.startswith("/" + path):
            continue
        below = target.path[1:]
        if below != path and html_file(site, below).is_file():
            return below
    return None


def pick_pages(site: Path) -> dict[str, str]:
    """Every kind of page, as a name and a path below the site's root: the generated pages
    by their place in the layout, an entity page of each type (the one with the most
    statements and citations: its page has the most parts), the parts of a split index, the
    hand-written pages, and the Korean edition's versions of the main ones."""
    settings = load_settings(PROJECT)
    graph = check(settings).graph
    layout = layout_of(settings)
    pages = {
        "home": "",
        "overview": layout.url(Layout.OVERVIEW),
        "type index": layout.url(layout.type_index("company")),
    }
    for type_id in sorted({entity.type for entity in graph.entities.values()}):
        richest = max(
            (e for e in graph.entities.values() if e.type == type_id),
            key=lambda e: (len(e.statements) + len(graph.citations.get(e.id, [])), e.id),
        )
        pages[f"{type_id} page"] = layout.url(layout.entity_page(richest))
    for name, page in [
        ("timeline", Layout.TIMELINE),
        ("bibliography", Layout.BIBLIOGRAPHY),
        ("disputes", Layout.DISPUTES),
        ("graph", Layout.GRAPH),
        ("numbers", Layout.NUMBERS),
        ("glossary", Layout.GLOSSARY),
        ("vocabulary", Layout.VOCABULARY),
    ]:
        pages[name] = layout.url(page)
    for name in ("timeline", "bibliography"):
        part = first_part(site, pages[name])
        if part:
            pages[f"{name} part"] = part
    pages |= {"data": "data/", "guide": "guide/entity-format/", "tags": "tags/"}
    main = [
        "home",
        "overview",
        "type index",
        "company page",
        "source page",
        "timeline",
        "timeline part",
        "bibliography",
        "bibliography part",
        "disputes",
        "graph",
        "numbers",
    ]
    pages |= {f"{name} (ko)": "ko/" + pages[name] for name in main if name in pages}
    missing = [path for path in pages.values() if not html_file(site, path).is_file()]
    assert missing == [], "pages the test expects are not in the built site"
    return pages


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, str]:
    return pick_pages(built_site)


# --- in the browser --------------------------------------------------------------------


class Visit:
    """One browser context and page, reused for every page, that records the errors and
    the requests to other hosts it sees."""

    def __init__(self, browser, site_url: str, **context: object):
        self.site_url = site_url
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        origin = urlsplit(site_url).netloc
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on(
            "console",
            lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"),
        )
        self.page.on(
            "request",
            lambda r: (
                r.url.startswith(("http:", "https:"))
                and urlsplit(r.url).netloc != origin
                and self.problems.append(f"request to another host: {r.url}")
            ),
        )

    def open(self, path: str):
        response = self.page.goto(self.site_url + path)
        assert response and response.ok, path
        if self.page.locator("#semikb-graph").count():  # the global graph draws itself
            self.page.locator("#semikb-graph[data-ready='true']").wait_for(timeout=20_000)
        return self.page

    def close(self) -> None:
        self.context.close()


def serious_findings(page, options: dict[str, object]) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=options)
    return [
        f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}×): "
        + "; ".join(
            f"{' '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}"
            for node in violation["nodes"][:3]
        )
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_accessibility_findings_on_any_kind_of_page(browser, site_url, pages, scheme):
    visit = Visit(browser, site_url, color_scheme=scheme, viewport=DESKTOP)
    ARTIFACTS.mkdir(exist_ok=True)
    findings = []
    extra = [(None, path) for path in SCREENSHOTS if path not in pages.values()]
    for kind, path in [*pages.items(), *extra]:
        page = visit.open(path)
        if path in SCREENSHOTS:
            name = (path.strip("/").replace("/", "-") or "home") + f"-{scheme}.png"
            page.screenshot(path=str(ARTIFACTS / name), full_page=SCREENSHOTS[path])
            assert (ARTIFACTS / name).stat().st_size > 10_000
        if kind is None:  # only for its screenshot
            continue
        if page.evaluate("document.getElementsByTagName('*').length") > LARGE_PAGE:
            page.evaluate(PRUNE, PRUNE_KEEP)
        findings += [
            f"{kind} ({path or 'home'}): {f}"
            for f in serious_findings(page, SCHEME_OPTIONS[scheme])
        ]
    visit.close()
    assert findings == []
    assert visit.problems == []


FOOTNOTE_SIZES = """() => [...document.querySelectorAll('article a.footnote-ref')].map((a) => {
  const box = a.getBoundingClientRect();
  return [a.getAttribute('href'), Math.round(box.width), Math.round(box.height)];
})"""
WIDEST = """(width) => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > width + 0.5)
  .slice(-3)
  .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} `
    + `(${Math.round(e.getBoundingClientRect().right)} px): ${(e.textContent || '').trim().slice(0, 60)}`)"""


def test_no_page_scrolls_sideways_on_a_phone_and_footnotes_are_touch_targets(
    browser, site_url, pages
):
    visit = Visit(browser, site_url, viewport=PHONE, is_mobile=True, has_touch=True)
    wide, small = [], []
    for kind, path in pages.items():
        page = visit.open(path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > PHONE["width"]:
            wide.append((kind, path, scroll_width, page.evaluate(WIDEST, PHONE["width"])))
        small += [
            (kind, href, width, height)
            for href, width, height in page.evaluate(FOOTNOTE_SIZES)
            if width < MIN_TARGET or height < MIN_TARGET
        ]
    visit.close()
    assert wide == []
    assert small == []
    assert visit.problems == []


# --- the W3C Nu HTML Checker -------------------------------------------------------------


def vnu() -> list[str]:
    java = shutil.which("java")
    if java and VNU_JAR.is_file():
        return [java, "-jar", str(VNU_JAR)]
    message = (
        "the Nu HTML Checker needs Java and tools/vnu: apt-get install -y default-jre-headless "
        "and npm ci --prefix tools/vnu --ignore-scripts (as .ci/run does)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)  # never skipped silently in CI
    pytest.skip(message)


def allowed(message: dict[str, str]) -> bool:
    return any(
        message.get("message", "").startswith(text) and markup in message.get("extract", "")
        for text, markup, _why in ALLOWED_VNU_ERRORS
    )


def test_every_kind_of_page_is_valid_html(built_site, pages):
    command = vnu()
    # One run over every file: the checker takes seconds to start, then a fraction of one a page.
    files = sorted({html_file(built_site, path) for path in pages.values()})
    result = subprocess.run(
        [*command, "--format", "json", "--skip-non-html", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: it found errors
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{m.get('url', '').split(str(built_site), 1)[-1]}:{m.get('lastLine')}: "
        f"{m.get('message')} [{m.get('extract', '').strip()[:120]}]"
        for m in messages
        if m.get("type") in ("error", "non-document-error") and not allowed(m)
    ]
    assert errors == []
