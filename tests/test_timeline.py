"""The timeline and the bibliography: pages short enough to use, each date once, one
entry per happening, sources by publisher initial."""

from __future__ import annotations

import re

from semikb.pipeline import render
from semikb.render import TIMELINE_PAGE_LIMIT
from tests.helpers import KB, SOURCE, entity_yaml


def pages(kb: KB) -> dict[str, str]:
    return {page: data.decode() for page, data in render(kb.settings).items()}


def summit(kb: KB) -> None:
    """An event on 13 November 2024 with two participants, and on the same day two
    companies partnering one foundry, one person's two remarks, and a lone statement."""
    kb.add(
        "event",
        "summit",
        entity_yaml(
            "summit",
            type="event",
            statements="""
            happened: [{value: 2024-11-13, sources: [src]}]
            participant:
              - {target: huang, date: 2024-11-13, sources: [src]}
              - {target: son, date: 2024-11-13, sources: [src]}
            """,
        ),
    )
    for person in ("huang", "son"):
        kb.add("person", person, entity_yaml(person, type="person"))
    kb.add(
        "person",
        "huang",
        entity_yaml(
            "huang",
            type="person",
            statements="""
            related_to:
              - {target: foundry, date: 2024-11-13, note: {en: First remark.}, sources: [src]}
              - {target: summit, date: 2024-11-13, note: {en: Second remark.}, sources: [src]}
            """,
        ),
    )
    kb.add("company", "foundry", entity_yaml("foundry"))
    for partner in ("alpha", "beta"):
        kb.add(
            "company",
            partner,
            entity_yaml(
                partner,
                statements="partner_of: [{target: foundry, start: 2024-11-13, sources: [src]}]",
            ),
        )
    kb.add(
        "company",
        "lone",
        entity_yaml("lone", statements="founded: [{value: 2024-11-13, sources: [src]}]"),
    )


def day_block(page: str, iso: str) -> str:
    """The entries under one date, up to the next date or heading."""
    start = page.index(f'datetime="{iso}"')
    rest = page[start:]
    end = re.search(r"\n(<p class=\"semikb-day\"|## |\[\^1\]:)", rest[1:])
    return rest[: end.start() + 1] if end else rest


def test_each_date_once_with_one_entry_per_happening(kb):
    summit(kb)
    page = pages(kb)["timeline/2020s.md"]
    assert page.count('datetime="2024-11-13"') == 1
    block = day_block(page, "2024-11-13")
    entries = [line for line in block.splitlines() if line.startswith("- ")]
    assert entries == [
        # two companies stating one relation to the same target: one entry, headed by it
        "- <strong>[Foundry](../company/foundry.md)</strong> — with [Alpha](../company/alpha.md),"
        " [Beta](../company/beta.md)",
        # the person's remark on the summit joins the summit; the other stands alone
        "- [Huang](../person/huang.md): Related to — [Foundry](../company/foundry.md) —"
        " First remark. [^1]",
        # the summit's entry stands where its first statement sorts (Huang's remark)
        "- <strong>[Summit](../event/summit.md)</strong> — with [Huang](../person/huang.md),"
        " [Son](../person/son.md)",
        "- [Lone](../company/lone.md): Founded [^1]",
    ]
    summit_lines = block[block.index("[Summit]") :].splitlines()[1:5]
    assert summit_lines == [
        "    - [Huang](../person/huang.md): Related to — [Summit](../event/summit.md) —"
        " Second remark. [^1]",
        "    - Date [^1]",
        "    - Participants — [Huang](../person/huang.md) [^1]",
        "    - Participants — [Son](../person/son.md) [^1]",
    ]


def test_lines_do_not_repeat_the_date_but_keep_a_period(kb):
    summit(kb)
    block = day_block(pages(kb)["timeline/2020s.md"], "2024-11-13")
    assert "13 November 2024" not in block.split("</time>", 1)[1].replace("from 13", "")
    assert "from 13 November 2024" in block  # a partnership that began that day


def test_a_crowded_decade_gets_one_page_per_year(kb):
    companies = TIMELINE_PAGE_LIMIT + 1
    for n in range(companies):
        year = 2020 + n % 3
        kb.add(
            "company",
            f"c{n:03d}",
            entity_yaml(f"c{n:03d}", statements=f"founded: [{{value: {year}, sources: [src]}}]"),
        )
    kb.add(
        "company",
        "old",
        entity_yaml("old", statements="founded: [{value: 1986-09-02, sources: [src]}]"),
    )
    rendered = pages(kb)
    assert sorted(p for p in rendered if p.startswith("timeline/")) == [
        "timeline/1980s.md",
        "timeline/2020.md",
        "timeline/2021.md",
        "timeline/2022.md",
    ]
    index = rendered["timeline.md"]
    assert "| [1980s](timeline/1980s.md) | 1 | 2 September 1986 | 2 September 1986 |" in index
    assert "| [2020](timeline/2020.md) | 67 | 2020 | 2020 |" in index
    year = rendered["timeline/2021.md"]
    assert year.startswith('---\ntitle: "Timeline: 2021"\n')
    # every period page links to every other, the current one in bold
    assert (
        "[1980s](../timeline/1980s.md) · [2020](../timeline/2020.md) · **2021** ·"
        " [2022](../timeline/2022.md) — [All periods](../timeline.md)"
    ) in year


def test_footnotes_are_numbered_per_page(kb):
    kb.add("source", "other", SOURCE.format(id="other"))
    kb.add(
        "company",
        "acme",
        entity_yaml(
            "acme",
            statements="""
            founded: [{value: 1986, sources: [src]}]
            dissolved: [{value: 2001, sources: [other]}]
            """,
        ),
    )
    rendered = pages(kb)
    assert "[^1]: [A source](https://example.org/src)" in rendered["timeline/1980s.md"]
    assert "[^1]: [A source](https://example.org/other)" in rendered["timeline/2000s.md"]


def test_the_period_pages_carry_the_filter_form_and_stay_out_of_search(kb):
    summit(kb)
    page = pages(kb)["timeline/2020s.md"]
    assert "search:\n  # " in page and "  exclude: true\n" in page
    form = re.search(r"<form class=\"semikb-timeline-filter\"[^>]*>", page)
    assert form and 'data-root="../../"' in form.group() and " hidden>" in form.group()
    assert '<option value="event">Events</option>' in page
    assert '<option value="source">' not in page


def test_no_dated_statement_gives_an_index_that_says_so(kb):
    rendered = pages(kb)
    assert "No statement has a date yet." in rendered["timeline.md"]
    assert not any(p.startswith("timeline/") for p in rendered)


def test_the_bibliography_has_one_page_per_publisher_initial(kb):
    for id, publisher in [("a1", "Asahi"), ("n1", "nikkei"), ("n2", "NHK"), ("k1", "日本経済新聞")]:
        kb.add("source", id, SOURCE.format(id=id).replace("Example", publisher))
    kb.add(
        "company", "acme", entity_yaml("acme", statements="founded: [{value: 2001, sources: [n1]}]")
    )
    rendered = pages(kb)
    index = rendered["sources.md"]
    assert "Every source of the knowledge base (5 in all)" in index
    rows = [line for line in index.splitlines() if line.startswith("| [")]
    assert rows == [
        "| [A](sources/a.md) | 1 |",
        "| [E](sources/e.md) | 1 |",
        "| [N](sources/n.md) | 2 |",
        "| [Other](sources/other.md) | 1 |",
    ]
    n = rendered["sources/n.md"]
    # publishers in alphabetical order whatever their case, each a heading
    assert n.index("## NHK") < n.index("## nikkei")
    assert (
        "- [A source](../source/n1.md) — 13 November 2024 — [example.org](https://example.org/n1)"
        " — cited for [Acme](../company/acme.md)"
    ) in n
    assert "[example.org](https://example.org/n2) — not cited by any statement yet" in n
    assert (
        "[A](../sources/a.md) · [E](../sources/e.md) · **N** · [Other](../sources/other.md)"
        " — [All publishers](../sources.md)"
    ) in n
