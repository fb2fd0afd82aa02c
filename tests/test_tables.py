"""Tables: kb.json against its JSON Schema (jsonschema), and the CSVs read back with csv."""

from __future__ import annotations

import copy
import csv
import io
import json

import pytest
from jsonschema import Draft202012Validator

from semikb import tables
from semikb.layout import Layout
from semikb.resolve import Graph
from tests.helpers import PROJECT, TRICKY, edge_graph, entity_yaml

SITE = "https://semikb.github.io/semikb/"
LAYOUT = Layout("kb", SITE)


@pytest.fixture
def graph(fixture_graph: Graph) -> Graph:
    return fixture_graph


# --- data/kb.json and its JSON Schema --------------------------------------------------


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads((PROJECT / "schema" / "kb.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_export_validates_against_the_schema(graph, validator):
    errors = [
        f"{e.json_path}: {e.message}"
        for e in validator.iter_errors(json.loads(tables.export_json(graph, LAYOUT)))
    ]
    assert errors == []


@pytest.mark.parametrize("with_fragments", [False, True], ids=["fresh", "fragments"])
def test_export_is_json_dumps_of_the_data_byte_for_byte(kb, with_fragments):
    """kb.json joins records serialised one by one: it must be exactly what json.dumps
    makes of the whole, including from the fragments of an earlier run, for an empty
    knowledge base too."""
    empty = kb.graph()
    kb.add("company", "lone", entity_yaml("lone"))
    without_sources = kb.graph()
    for graph in (empty, without_sources, edge_graph(kb)):
        expected = json.dumps(tables.export_data(graph, LAYOUT), ensure_ascii=False, indent=1)
        fragments: dict | None = {} if with_fragments else None
        sources: dict | None = {} if with_fragments else None
        for _ in range(2):  # the second run reuses the first run's fragments
            assert tables.export_json(graph, LAYOUT, fragments, sources) == expected + "\n"


def test_export_of_every_value_kind_validates(kb, validator):
    data = json.loads(tables.export_json(edge_graph(kb), LAYOUT))
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
    "target and value together": lambda d: _statement(d, "acme-foundry", "headquarters").update(
        value="x"
    ),
    "neither target nor value": lambda d: _statement(d, "acme-foundry", "headquarters").pop(
        "target"
    ),
    "disputed flag disagrees with rank": lambda d: _statement(d, "acme-foundry", "founded").update(
        disputed=True
    ),
    "date and precision disagree": lambda d: _statement(d, "acme-foundry", "founded")[
        "value"
    ].update(precision="year"),
    "impossible month": lambda d: _statement(d, "acme-foundry", "founded")["value"].update(
        date="2001-13-02"
    ),
    "planned false is never written": lambda d: _statement(d, "acme-foundry", "headquarters")[
        "qualifiers"
    ].update(planned=False),
    "unknown qualifier": lambda d: _statement(d, "acme-foundry", "headquarters")[
        "qualifiers"
    ].update(until="2020"),
    "statement without sources": lambda d: _statement(d, "acme-foundry", "headquarters").update(
        sources=[]
    ),
    "unknown rank": lambda d: _statement(d, "acme-foundry", "headquarters").update(
        rank="deprecated"
    ),
    "source entity without fields": lambda d: _entity(d, "blog-acme").pop("fields"),
    "source entity with a bad reliability": lambda d: _entity(d, "blog-acme")["fields"].update(
        reliability="great"
    ),
    "source record missing a key": lambda d: d["sources"][0].pop("language"),
    "property with an unknown kind": lambda d: d["vocabulary"]["properties"]["founded"].update(
        kind="time"
    ),
    "entity property without inverse": lambda d: d["vocabulary"]["properties"]["founded_by"].update(
        inverse=None
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES, ids=list(BREAKAGES))
def test_schema_rejects_what_the_export_never_writes(graph, validator, breakage):
    data = copy.deepcopy(json.loads(tables.export_json(graph, LAYOUT)))
    BREAKAGES[breakage](data)
    assert not validator.is_valid(data)


# --- CSV -------------------------------------------------------------------------------


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_csv_per_type_and_one_of_statements(graph):
    files = tables.csv_files(graph, LAYOUT)
    assert sorted(files) == sorted(
        [f"data/{t}.csv" for t in graph.vocabulary.types] + ["data/statements.csv"]
    )
    assert files["data/event.csv"].splitlines() == [
        ",".join(tables.entity_columns(graph))
    ]  # header only


def test_entity_csv_rows(graph):
    files = tables.csv_files(graph, LAYOUT)
    companies = _read(files["data/company.csv"])
    assert [row["id"] for row in companies] == ["acme-foundry", "beta-chips"]
    acme = companies[0]
    assert acme == {
        "id": "acme-foundry",
        "name_en": "Acme Foundry",
        "name_ko": "애크미 파운드리",
        "name_ja": "アクメ・ファウンドリ",
        "aliases": "Acme | ACME Corp.",
        "summary_en": "A fictional foundry used to test the generator.",
        "url": "kb/company/acme-foundry/",
        "wikidata": "Q1",
        "wikipedia": "",
    }
    sources = _read(files["data/source.csv"])
    assert list(sources[0]) == [
        *tables.entity_columns(graph),
        "source_url",
        "publisher",
        "published",
        "language",
        "author",
        "accessed",
        "reliability",
    ]
    gazette = next(row for row in sources if row["id"] == "gazette-2001")
    assert gazette["source_url"] == "https://example.org/gazette/2001/acme_(founding)"
    assert gazette["url"] == "kb/source/gazette-2001/"
    assert (
        gazette["published"],
        gazette["language"],
        gazette["reliability"],
        gazette["author"],
    ) == ("2001-04-03", "en", "reliable", "")


def test_statements_csv_rows(graph):
    rows = _read(tables.csv_files(graph, LAYOUT)["data/statements.csv"])
    assert len(rows) == len(graph.statements())
    assert list(rows[0]) == list(tables.STATEMENT_COLUMNS)
    assert [row["subject"] for row in rows] == sorted(row["subject"] for row in rows)
    founded = [
        row for row in rows if row["subject"] == "acme-foundry" and row["property"] == "founded"
    ]
    assert [(r["value"], r["rank"], r["disputed"], r["note_en"]) for r in founded] == [
        ("2001-04-02", "preferred", "false", ""),
        ("2001-05", "disputed", "true", "One report gives May."),
    ]
    by_property = {row["property"]: row for row in rows if row["subject"] == "acme-foundry"}
    assert (
        by_property["funding"]["amount"],
        by_property["funding"]["unit"],
        by_property["funding"]["date"],
    ) == ("70000000000", "JPY", "2022-11")
    assert by_property["funding"]["value"] == ""
    assert (by_property["milestone"]["value"], by_property["milestone"]["planned"]) == (
        "Mass production",
        "true",
    )
    assert (by_property["chief_executive"]["target"], by_property["chief_executive"]["start"]) == (
        "jane-roe",
        "2010",
    )
    assert by_property["partner_of"]["sources"].split(" ") == ["gazette-2001", "blog-acme"]
    assert by_property["partner_of"]["note_en"] == "Joint development"  # language-neutral note


def test_csv_round_trips_tricky_text_with_crlf_rows(kb):
    files = tables.csv_files(edge_graph(kb), LAYOUT)
    text = files["data/company.csv"]
    assert all(line.endswith("\r\n") for line in text.splitlines(keepends=True))
    newco = _read(text)[0]
    assert newco["summary_en"] == TRICKY
    statements = _read(files["data/statements.csv"])
    funding = next(r for r in statements if r["property"] == "funding")
    assert (funding["amount"], funding["unit"], funding["note_en"]) == (
        "1.5",
        "%",
        "Line one\nline two",
    )
    website = next(r for r in statements if r["property"] == "website")
    assert website["value"] == "https://example.org/summit?a=1&b=2"
