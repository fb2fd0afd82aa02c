"""The built site as a reader meets it, in Chromium (Debian's package) via Playwright."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


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


def search(page, text: str) -> list[str]:
    """Type into Material's search box as a reader would and return the result links
    (tests/test_search.py searches every name of the knowledge base)."""
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
