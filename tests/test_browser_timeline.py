"""The timeline as a reader uses it in Chromium: pages by period, each in date order, and
the filters by type and entity."""

from __future__ import annotations

import pytest

from semikb.model import Date

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def period_paths(page) -> list[str]:
    return page.locator("article table a").evaluate_all("els => els.map(e => e.href)")


def test_every_period_page_is_in_chronological_order_and_each_date_shows_once(reader):
    index = reader.open("kb/timeline/")
    periods = period_paths(index)
    assert len(periods) >= 10
    everything: list[Date] = []
    for url in periods:
        page = reader.open(reader.relative(url))
        stamps = page.locator("time.semikb-date").evaluate_all(
            "els => els.map(e => e.getAttribute('datetime'))"
        )
        assert stamps and len(stamps) == len(set(stamps)), url  # each date once
        everything += [Date.parse(s) for s in stamps]
    assert everything == sorted(everything)
    assert reader.page.locator(".semikb-planned").count() >= 1  # the last period: plans


def test_the_filters_narrow_a_period_to_a_type_or_an_entity(reader):
    page = reader.open("kb/timeline/2024/")
    entries = page.locator("p.semikb-day + ul > li")
    total = entries.count()
    page.select_option("select[name=type]", "event")
    shown = page.locator("p.semikb-day + ul > li:visible")
    assert 0 < shown.count() < total
    for n in range(shown.count()):
        assert shown.nth(n).locator("a[href*='/kb/event/']").count() > 0
    assert page.locator("output").inner_text() == f"{shown.count()} of {total} entries shown"
    page.select_option("select[name=type]", "")
    page.fill("input[name=entity]", "rapidus")
    assert 0 < shown.count() < total
    names = shown.evaluate_all(
        "els => els.map(li => [...li.querySelectorAll('a[href*=\"/kb/\"]')]"
        ".map(a => a.textContent.toLowerCase() + ' ' + a.href).join(' | '))"
    )
    assert all("rapidus" in entry for entry in names)
    assert any("/kb/company/rapidus/" in entry for entry in names)
    # a date with nothing left to show disappears with its entries
    for day in page.locator("p.semikb-day").all():
        if day.is_visible():
            assert day.locator("xpath=following-sibling::ul[1]/li[not(@hidden)]").count() > 0
    page.fill("input[name=entity]", "")
    assert shown.count() == total and page.locator("output").inner_text() == ""


def test_without_javascript_every_entry_shows_and_the_form_stays_hidden(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "kb/timeline/2024/")
    assert page.locator("form.semikb-timeline-filter").is_hidden()
    assert page.locator("p.semikb-day + ul > li").count() > 20
    context.close()
