"""Cross-file checks and inverse relations."""

from semikb.pipeline import check
from tests.helpers import entity_yaml


def test_inverses_are_computed_for_the_target(kb):
    kb.add(
        "company",
        "acme",
        entity_yaml(
            "acme",
            statements="founded_by: [{target: jane, sources: [src]}]\npartner_of: [{target: beta, sources: [src]}]",
        ),
    )
    kb.add("company", "beta", entity_yaml("beta"))
    kb.add("person", "jane", entity_yaml("jane", "person"))
    graph = check(kb.settings).graph
    assert [(s.subject, s.property) for s in graph.incoming["jane"]] == [("acme", "founded_by")]
    assert [(s.subject, s.property) for s in graph.incoming["beta"]] == [("acme", "partner_of")]
    assert "acme" not in graph.incoming
    assert [s.subject for s in graph.citations["src"]] == ["acme", "acme"]


def test_missing_targets_and_sources_are_named_with_a_suggestion(kb):
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", statements="founded_by: [{target: jane-doe, sources: [scr]}]"),
    )
    kb.add("person", "jane-roe", entity_yaml("jane-roe", "person"))
    assert kb.problems() == [
        "entities/company/acme.yaml:6:16: founded_by: no entity with id 'jane-doe' (did you mean 'jane-roe'?)",
        "entities/company/acme.yaml:6:45: no source with id 'scr' (did you mean 'src'?)",
    ]


def test_targets_of_the_wrong_type_are_refused(kb):
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", statements="headquarters: [{target: jane, sources: [src]}]"),
    )
    kb.add("person", "jane", entity_yaml("jane", "person"))
    assert kb.problems() == [
        "entities/company/acme.yaml:6:18: headquarters: 'jane' is a person, but headquarters takes a place"
    ]


def test_a_citation_must_be_a_source(kb):
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", statements="founded: [{value: 2001, sources: [beta]}]"),
    )
    kb.add("company", "beta", entity_yaml("beta"))
    assert kb.problems() == ["entities/company/acme.yaml:6:37: 'beta' is a company, not a source"]


def test_duplicate_ids_across_folders(kb):
    kb.add("company", "acme", entity_yaml("acme"))
    kb.add("person", "acme", entity_yaml("acme", "person"))
    assert kb.problems() == [
        "entities/person/acme.yaml:1:1: duplicate id 'acme': entities/company/acme.yaml already uses it"
    ]


def test_problems_in_valid_files_are_reported_with_those_of_broken_ones(kb):
    kb.add(
        "company",
        "acme",
        entity_yaml(
            "acme",
            statements="founded_by: [{target: beta, sources: [src]}]\npartner_of: [{target: nobody, sources: [src]}]",
        ),
    )
    kb.add("company", "beta", "id: beta\nname: {en: [Beta}\n")
    found = kb.problems()
    assert len(found) == 2
    assert (
        found[0] == "entities/company/acme.yaml:7:16: partner_of: no entity with id 'nobody'"
    )  # 'beta' is not reported missing
    assert found[1].startswith("entities/company/beta.yaml:2:")
