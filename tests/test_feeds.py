"""Feeds: the Atom timeline read back with feedparser and ElementTree, the iCalendar with icalendar."""

from __future__ import annotations

import datetime
import itertools
import xml.etree.ElementTree as ET

import feedparser
import icalendar as ical
import pytest
from hypothesis import given
from hypothesis import strategies as st

from semikb import feeds
from semikb.layout import Layout
from semikb.resolve import Graph
from semikb.settings import Publication
from tests.helpers import LONG_KO, TRICKY, edge_graph

ATOM = "{http://www.w3.org/2005/Atom}"

SITE = "https://semikb.github.io/semikb/"
LAYOUT = Layout("kb", SITE)
PUBLICATION = Publication("semikb", "semikb contributors", "Content CC BY 4.0")


@pytest.fixture
def graph(fixture_graph: Graph) -> Graph:
    return fixture_graph


# --- Atom --------------------------------------------------------------------------------


def test_atom_feed_parses_and_is_newest_first(graph):
    text = feeds.atom_feed(graph, LAYOUT, PUBLICATION)
    feed = feedparser.parse(text)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == SITE + "data/timeline.atom"
    assert [e.title for e in feed.entries] == [
        "Acme Foundry — Founded",
        "Test Accord — Expired",
        "Beta Chips — Founded",
        "Test Accord — Signed",
    ]
    updated = [e.updated_parsed for e in feed.entries]
    assert updated == sorted(updated, reverse=True)
    assert feed.feed.updated_parsed >= updated[0]
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    acme = feed.entries[0]
    assert acme.link == SITE + "kb/company/acme-foundry/"
    assert acme.id == SITE + "kb/company/acme-foundry/#founded-2001-04-02"
    assert acme.updated.startswith("2001-04-02T")
    beta = feed.entries[2]
    assert "Date known to the year only (1987)" in beta.summary


def test_atom_leaves_out_planned_and_disputed_statements(graph):
    text = feeds.atom_feed(graph, LAYOUT, PUBLICATION)
    assert "Mass production" not in text  # planned
    assert "2001-05" not in text and "1991-07-31" not in text  # disputed


def test_atom_escapes_text(kb):
    root = ET.fromstring(feeds.atom_feed(edge_graph(kb), LAYOUT, PUBLICATION).encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    newco = next(e for e in entries if e.find(f"{ATOM}title").text == "Newco — Founded")
    assert TRICKY in newco.find(f"{ATOM}summary").text
    assert "Date known to the month only (August 2022)" in newco.find(f"{ATOM}summary").text
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert "Chip Summit" in titles  # an event: its name is the title
    assert not any("Pilot line" in t or "Funding" in t for t in titles)  # planned


# --- iCalendar -----------------------------------------------------------------------------


def _events(text: str) -> list:
    return ical.Calendar.from_ical(text).walk("VEVENT")


def test_icalendar_parses_and_holds_the_planned_milestone(graph):
    text = feeds.icalendar(graph, LAYOUT, PUBLICATION)
    events = _events(text)
    assert len(events) == 5
    milestone = next(e for e in events if "Mass production" in str(e["SUMMARY"]))
    assert str(milestone["STATUS"]) == "TENTATIVE"
    assert milestone.decoded("DTSTART") == datetime.date(2027, 1, 1)
    assert milestone["DTSTART"].params["VALUE"] == "DATE"
    assert str(milestone["SUMMARY"]) == "Acme Foundry — Mass production (planned, 2027)"
    assert "Date known to the year only (2027); shown on 1 January 2027." in str(
        milestone["DESCRIPTION"]
    )
    assert str(milestone["URL"]) == SITE + "kb/company/acme-foundry/"
    assert str(milestone["UID"]) == "acme-foundry.milestone-2027@semikb.github.io"
    others = [e for e in events if e is not milestone]
    assert {str(e["STATUS"]) for e in others} == {"CONFIRMED"}
    assert {e.decoded("DTSTAMP") for e in events} == {
        datetime.datetime(2024, 11, 1, tzinfo=datetime.UTC)
    }
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert not any("2001-05" in text or "May 2001" in str(e["SUMMARY"]) for e in events)  # disputed


def test_icalendar_is_deterministic_crlf_and_folded(kb):
    graph = edge_graph(kb)
    text = feeds.icalendar(graph, LAYOUT, PUBLICATION)
    assert text == feeds.icalendar(graph, LAYOUT, PUBLICATION)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)
    for line in text.encode("utf-8").split(b"\r\n"):
        line.decode("utf-8")  # each folded line is whole UTF-8: no fold splits a character


def test_icalendar_escapes_text_and_keeps_precision(kb):
    events = {
        str(e["UID"]).split("@")[0]: e
        for e in _events(feeds.icalendar(edge_graph(kb), LAYOUT, PUBLICATION))
    }
    assert set(events) == {
        "newco.founded-2022-08",
        "newco.funding-2026",
        "newco.milestone-2025-04",
        "newco.milestone-2025-04-2",
        "summit.happened-2023-05-19",
    }
    pilot = events["newco.milestone-2025-04"]
    assert (
        str(pilot["SUMMARY"]) == 'Newco — Pilot line, phase 1; "first" wafers (planned, April 2025)'
    )
    assert pilot.decoded("DTSTART") == datetime.date(2025, 4, 1)
    assert str(pilot["STATUS"]) == "TENTATIVE"
    assert "Date known to the month only (April 2025); shown on 1 April 2025." in str(
        pilot["DESCRIPTION"]
    )
    assert TRICKY in str(pilot["DESCRIPTION"])
    second = events["newco.milestone-2025-04-2"]
    assert LONG_KO in str(second["DESCRIPTION"])  # a Korean-only note, folded across lines
    funding = events["newco.funding-2026"]
    assert str(funding["STATUS"]) == "TENTATIVE"
    assert "Line one\nline two" in str(funding["DESCRIPTION"])
    summit = events["summit.happened-2023-05-19"]
    assert str(summit["SUMMARY"]) == "Chip Summit"
    assert "Period: 19 May 2023 – 21 May 2023." in str(summit["DESCRIPTION"])
    assert summit.decoded("DTEND") == datetime.date(2023, 5, 20)


def test_ical_text_escaping_and_folding_helpers():
    assert feeds.ical_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    folded = feeds.fold("X:" + "가" * 40)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "X:" + "가" * 40


# A content line never holds a line break (ical_text escapes them before folding) nor a
# lone surrogate (clean removes them: UTF-8 cannot carry one).
@given(
    st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=400)
)
def test_folding_keeps_lines_to_75_octets_and_unfolds_to_the_line(line):
    folded = feeds.fold(line)
    physical = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert "".join([physical[0], *(part[1:] for part in physical[1:])]) == line
    # a line is cut only where the next character would not fit
    for part, following in itertools.pairwise(physical):
        head = following[1] if following[1:] else ""
        assert len((part + head).encode("utf-8")) > 75 or not head


def test_short_lines_are_not_folded():
    assert feeds.fold("SUMMARY:Rapidus") == "SUMMARY:Rapidus"
    assert feeds.fold("x" * 75) == "x" * 75
    assert feeds.fold("x" * 76) == "x" * 75 + "\r\n x"
    assert feeds.fold("가" * 26) == "가" * 25 + "\r\n 가"  # 78 octets: no cut inside 가
