"""Search as a reader uses it, in Chromium: every name of every entity, in every script,
finds its page among the first three results, and each result says what kind of page it
is (issue #14). The site is the real knowledge base (the ``site_url`` fixture)."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from semikb import search as site_search
from semikb.pipeline import check
from semikb.resolve import Graph
from semikb.settings import load_settings
from tests.helpers import PROJECT
from tests.test_browser import Reader, search


def test_letters_are_what_a_whole_query_is_compared_by():
    assert (
        site_search.letters("U.S.–Japan Semiconductor Agreement") == "usjapansemiconductoragreement"
    )
    assert site_search.letters("ＴＳＭＣ") == site_search.letters("tsmc") == "tsmc"
    assert site_search.letters("1996年 日米半導体協定・終結交渉") == "1996年日米半導体協定終結交渉"
    assert site_search.letters("라피더스 (Rapidus)") == "라피더스rapidus"


def test_an_entity_page_lists_its_names_other_than_its_title_for_exact_matches():
    pattern = site_search.compile_separator(site_search.separator(r"[\s\-]+"))
    fields = site_search.name_fields(
        ["Rapidus", "ラピダス", "Rapidus Corporation", "RAPIDUS", "라피더스"], "Rapidus", pattern
    )
    assert fields["exact"] == ["rapiduscorporation", "ラピダス", "라피더스"]
    assert fields["names"].split(" ")[:3] == ["Rapidus"] * 3
    assert "exact" not in site_search.name_fields(["TSMC"], "TSMC", pattern)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return check(load_settings(PROJECT)).graph


# Types the searches in the search box, one after the other in one page, as a reader would
# (a keyup after each), and waits for Material to show each one's results: the result
# count above the list is rewritten for every query, then the list. Returns, per query,
# the addresses of the first five results.
SEARCH_ALL = """
async (queries) => {
  const box = document.querySelector("input.md-search__input");
  const meta = document.querySelector(".md-search-result__meta");
  const list = document.querySelector(".md-search-result__list");
  const shown = () => new Promise((resolve, reject) => {
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error("no results")); }, 10000);
    const observer = new MutationObserver(() => {
      clearTimeout(timer);
      observer.disconnect();
      resolve();
    });
    observer.observe(meta, { childList: true, characterData: true, subtree: true });
  });
  const found = [];
  for (const query of queries) {
    const results = shown();
    box.value = query;
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    await results;
    const links = list.querySelectorAll(".md-search-result__item > a.md-search-result__link");
    found.push(Array.from(links).slice(0, 5).map(link => link.href));
  }
  return found;
}
"""


def search_all(reader: Reader, path: str, queries: list[str]) -> dict[str, list[str]]:
    """The first five results of each query, as paths below the site's root."""
    page = reader.open(path)
    # The first query as a reader types it: opens the search, waits for the index.
    found = [search(page, queries[0])[:5], *page.evaluate(SEARCH_ALL, queries[1:])]
    return {
        q: [reader.relative(link) for link in links]
        for q, links in zip(queries, found, strict=True)
    }


def entity_path(graph: Graph, entity_id: str, edition: str = "") -> str:
    entity = graph.entities[entity_id]
    return f"{edition}kb/{entity.type}/{entity.id}/"


def names_of(graph: Graph, types: str) -> dict[str, set[str]]:
    """Every name (in every language) and alias → the entities that have it."""
    names: dict[str, set[str]] = defaultdict(set)
    for entity in graph.entities.values():
        if (entity.type == "source") != (types == "sources"):
            continue
        for name in [*graph.names(entity), *entity.aliases]:
            names[name].add(entity.id)
    return names


def namesakes(graph: Graph) -> Counter[str]:
    """How many pages have each name (in ``letters``, as the search compares them)."""
    return Counter(
        key
        for entity in graph.entities.values()
        for key in {site_search.letters(n) for n in [*graph.names(entity), *entity.aliases]}
    )


def misses(graph: Graph, found: dict[str, list[str]], names: dict[str, set[str]], edition=""):
    """The names whose entity is not in the first three results, or not among all the
    pages of that exact name where more than three share it ("Jensen Huang": the person
    and three sources)."""
    shared = namesakes(graph)
    return sorted(
        (name, entity_id, found[name])
        for name, ids in names.items()
        for entity_id in ids
        if entity_path(graph, entity_id, edition)
        not in found[name][: max(3, shared[site_search.letters(name)])]
    )


@pytest.mark.browser
@pytest.mark.slow
def test_every_name_and_alias_finds_its_entity_first(reader, graph):
    """Every name of every entity but the sources (English, Korean, Japanese, in kanji,
    kana, Hangul and mixed scripts, and every alias) has its entity in the top three."""
    names = names_of(graph, "entities")
    assert len(names) > 1000
    found = search_all(reader, "", sorted(names))
    assert misses(graph, found, names) == []


@pytest.mark.browser
@pytest.mark.slow
def test_every_korean_name_finds_its_entity_first_in_the_korean_edition(reader, graph):
    names: dict[str, set[str]] = defaultdict(set)
    for entity in graph.entities.values():
        if entity.type != "source" and entity.name.get("ko"):
            names[entity.name["ko"]].add(entity.id)
    assert len(names) > 100
    found = search_all(reader, "ko/", sorted(names))
    assert misses(graph, found, names, "ko/") == []


KINDS = {
    "": [
        ("Rapidus", "kb/company/rapidus/", "Company"),
        ("Jensen Huang", "kb/person/jensen-huang/", "Person"),
        ("IBM to help Japan's big chip push", "kb/source/axios-2022-12-13-ibm-rapidus/", "Source"),
        ("Facilities", "kb/", "Index"),
        ("Entity file format", "guide/entity-format/", "Page"),
    ],
    "ko/": [
        ("라피더스", "ko/kb/company/rapidus/", "기업"),
        ("IBM to help Japan's big chip push", "ko/kb/source/axios-2022-12-13-ibm-rapidus/", "출처"),
    ],
}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("edition", KINDS, ids=["en", "ko"])
def test_a_result_says_what_kind_of_page_it_is(reader, edition):
    """An entity's type, a source, an index or a page, in the edition's language."""
    page = reader.open(edition)
    for query, path, kind in KINDS[edition]:
        links = [reader.relative(link) for link in search(page, query)]
        assert path in links, (query, links)
        item = page.locator(".md-search-result__item").nth(links.index(path))
        assert item.locator(".semikb-search-kind").first.inner_text() == kind, query


@pytest.mark.browser
@pytest.mark.slow
def test_every_source_title_finds_its_source(reader, graph):
    """A source's title, typed whole (colons, quotes, a headline's "-media" and all), has
    the source in the top three: the pages named exactly as typed come first, even where
    the title is an entity's name ("Rapidus", "TSMC": the entity comes before it), a title
    shared by two sources (日米半導体協定), or a long Japanese one."""
    names = names_of(graph, "sources")
    assert len(names) > 500
    found = search_all(reader, "", sorted(names))
    assert misses(graph, found, names) == []
