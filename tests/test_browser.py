"""The built site as a reader meets it, in Chromium (Debian's package) via Playwright."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.helpers import PROJECT

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = PROJECT / "test-artifacts"


class Reader:
    """A page that records every request, console error and page error it sees."""

    def __init__(self, browser, site_url: str, scheme: str = "light"):
        self.site_url = site_url
        self.origin = urlsplit(site_url).netloc
        self.context = browser.new_context(
            color_scheme=scheme, viewport={"width": 1280, "height": 900}
        )
        self.page = self.context.new_page()
        self.foreign_requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", self._request)
        self.page.on(
            "console",
            lambda m: (
                m.type == "error"
                and self.errors.append(f"console: {m.text} ({m.location.get('url')})")
            ),
        )
        self.page.on(
            "response",
            lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"),
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def _request(self, request):
        host = urlsplit(request.url).netloc
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != self.origin:
            self.foreign_requests.append(request.url)

    def open(self, path: str):
        response = self.page.goto(self.site_url + path)
        assert response and response.ok, path
        return self.page

    def relative(self, url: str) -> str:
        """A URL of the site as a path below its root (the site is served under /semikb/)."""
        path = urlsplit(url).path.split("#")[0]
        root = urlsplit(self.site_url).path
        return path[len(root) :] if path.startswith(root) else path

    def close(self):
        self.context.close()


@pytest.fixture
def reader(browser, site_url):
    reader = Reader(browser, site_url)
    yield reader
    assert reader.foreign_requests == [], "requests left the site's origin"
    assert reader.errors == []
    reader.close()


def search(page, text: str) -> list[str]:
    """Type into Material's search box as a reader would and return the result links."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")  # results of an earlier query go, so the next ones cannot be stale
    page.locator(".md-search-result__item").first.wait_for(state="detached", timeout=10_000)
    box.fill(text)
    box.press("End")  # fill() of Hangul or kana alone does not trigger a search
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    return page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "els => els.map(e => e.href)"
    )


SEARCHES = [
    ("Rapidus", "kb/company/rapidus/"),
    ("라피더스", "kb/company/rapidus/"),
    ("ラピダス", "kb/company/rapidus/"),
    ("라피다스", "kb/company/rapidus/"),
    ("NVIDIA", "kb/company/nvidia/"),
    ("엔비디아", "kb/company/nvidia/"),
    ("エヌビディア", "kb/company/nvidia/"),
    ("Jensen Huang", "kb/person/jensen-huang/"),
    ("젠슨 황", "kb/person/jensen-huang/"),
    ("ジェンスン・フアン", "kb/person/jensen-huang/"),
    ("黃仁勳", "kb/person/jensen-huang/"),
    ("Masayoshi Son", "kb/person/masayoshi-son/"),
    ("손정의", "kb/person/masayoshi-son/"),
    ("孫正義", "kb/person/masayoshi-son/"),
    ("TSMC", "kb/company/tsmc/"),
    ("台湾積体電路製造", "kb/company/tsmc/"),
    ("삼성전자", "kb/company/samsung-electronics/"),
    ("サムスン", "kb/company/samsung-electronics/"),
    ("キオクシア", "kb/company/kioxia/"),
    ("SMIC", "kb/company/smic/"),
    ("미일 반도체 협정", "kb/agreement/us-japan-semiconductor-agreement-1986/"),
    ("日米半導体協定", "kb/agreement/us-japan-semiconductor-agreement-1986/"),
    ("ソフトバンクグループ", "kb/company/softbank-group/"),
    ("홋카이도", "kb/place/hokkaido/"),
    ("千歳市", "kb/place/chitose/"),
    ("小池淳義", "kb/person/atsuyoshi-koike/"),
    # An alias is only in the page's text, where sources with "METI" in their titles
    # outrank it: aliases need title weight (search-only tokens; issue #14).
    pytest.param(
        "METI",
        "kb/organization/meti/",
        marks=pytest.mark.xfail(strict=True, reason="alias ranking: issue #14"),
    ),
]


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_search_finds_names_in_every_script(reader, query, expected):
    page = reader.open("")
    links = search(page, query)
    top = [reader.relative(link) for link in links[:3]]
    assert expected in top, (query, top)


def test_the_search_index_is_fetched_only_when_the_reader_searches(reader):
    requested: list[str] = []
    reader.page.on("request", lambda r: "search_index.json" in r.url and requested.append(r.url))
    page = reader.open("kb/company/rapidus/")
    page.wait_for_load_state("networkidle")
    assert requested == []  # most of a first visit's bytes, not downloaded on every page
    top = [reader.relative(link) for link in search(page, "라피더스")[:3]]
    assert "kb/company/rapidus/" in top
    assert len(requested) == 1


def test_a_relation_can_be_followed_and_its_inverse_is_there(reader):
    page = reader.open("kb/company/rapidus/")
    page.locator("article a", has_text="Atsuyoshi Koike").first.click()
    page.wait_for_url(re.compile(r"kb/person/atsuyoshi-koike/"))
    page.locator("h1", has_text="Atsuyoshi Koike").wait_for()  # instant navigation swaps the page
    section = page.locator("h3", has_text="Chief executive of")
    assert section.count() == 1
    assert page.locator("article a[href$='company/rapidus/']").count() >= 1


def test_the_article_page_shows_each_claim_with_its_status(reader):
    page = reader.open("kb/source/valuable12-2024-11-15-nvidia-rapidus/")
    statuses = page.locator(".semikb-status").all_inner_texts()
    assert "supported" in statuses and "corrected" in statuses


AXE_PAGES = ["", "kb/company/rapidus/", "kb/timeline/", "kb/graph/", "kb/company/"]


@pytest.mark.parametrize("path", AXE_PAGES, ids=[p or "home" for p in AXE_PAGES])
def test_no_serious_accessibility_violations(reader, path):
    from axe_playwright_python.sync_playwright import Axe

    page = reader.open(path)
    if path == "kb/graph/":
        page.locator("#semikb-graph[data-ready='true']").wait_for(timeout=20_000)
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_main_pages(browser, site_url, scheme):
    reader = Reader(browser, site_url, scheme)
    ARTIFACTS.mkdir(exist_ok=True)
    for path in AXE_PAGES:
        page = reader.open(path)
        if path == "kb/graph/":
            page.locator("#semikb-graph[data-ready='true']").wait_for(timeout=20_000)
        name = (path.strip("/").replace("/", "-") or "home") + f"-{scheme}.png"
        page.screenshot(path=str(ARTIFACTS / name), full_page=path != "kb/timeline/")
        assert (ARTIFACTS / name).stat().st_size > 10_000
    assert reader.foreign_requests == [] and reader.errors == []
    reader.close()


# --- the Korean edition ----------------------------------------------------------------------

SWITCHED = ["", "kb/company/rapidus/", "kb/timeline/"]


@pytest.mark.parametrize("path", SWITCHED, ids=[p or "home" for p in SWITCHED])
def test_the_language_selector_keeps_the_reader_on_the_same_page(reader, path):
    page = reader.open(path)
    page.locator(".md-select").first.hover()  # the menu opens on hover, as for a reader
    page.locator("a.md-select__link[hreflang='ko']").click()
    page.wait_for_url(re.compile(re.escape("/semikb/ko/" + path) + "$"))
    assert page.locator("html").get_attribute("lang") == "ko"
    page.locator(".md-select").first.hover()
    page.locator("a.md-select__link[hreflang='en']").click()
    page.wait_for_url(re.compile(re.escape("/semikb/" + path) + "$"))
    assert page.locator("html").get_attribute("lang") == "en"


KOREAN_AXE_PAGES = ["ko/", "ko/kb/company/rapidus/", "ko/kb/timeline/", "ko/kb/company/"]


@pytest.mark.parametrize("path", KOREAN_AXE_PAGES)
def test_no_serious_accessibility_violations_in_korean(reader, path):
    test_no_serious_accessibility_violations(reader, path)


def test_the_korean_search_finds_every_entity_by_its_korean_name(reader):
    from semikb.pipeline import check
    from semikb.settings import load_settings

    graph = check(load_settings(PROJECT)).graph
    entities = [e for e in graph.entities.values() if e.type != "source" and e.name.get("ko")]
    page = reader.open("ko/")
    missed = []
    for entity in entities:
        expected = f"ko/kb/{entity.type}/{entity.id}/"
        found = [reader.relative(link) for link in search(page, entity.name["ko"])]
        if expected not in found:  # among the results shown (ranking: issue #14)
            missed.append((entity.name["ko"], found[:3]))
    assert missed == []
