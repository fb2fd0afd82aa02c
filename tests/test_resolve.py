"""Cross-file checks and inverse relations."""

import pytest

from semikb import resolve as resolve_module
from semikb.memory import Memory
from semikb.pipeline import check
from semikb.problems import SemikbError
from tests.helpers import SOURCE, entity_yaml


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


def test_a_graph_updated_after_edits_lists_each_type_as_a_fresh_one_does(kb):
    """An edit re-places only the entities it read again in each list of entities the
    last graph made (a type's, the disputed ones): by name, namesakes by file."""
    memory = Memory()
    kb.add("company", "acme", entity_yaml("acme"))
    kb.add("company", "beta", entity_yaml("beta"))
    kb.add("person", "jane", entity_yaml("jane", "person"))
    edits = [
        entity_yaml("acme", statements="partner_of: [{target: beta, sources: [src]}]"),
        entity_yaml("acme").replace("{en: Acme}", "{en: Zed}"),
        entity_yaml("acme").replace("{en: Acme}", "{en: Zed Foundry}"),
        entity_yaml("acme", statements="founded: [{value: 2001, rank: disputed, sources: [src]}]"),
        entity_yaml("acme").replace("{en: Acme}", "{en: Beta}"),  # a namesake of beta
        entity_yaml("acme"),
    ]
    for text in edits:
        last = check(kb.settings, memory).graph
        for type_id in ("company", "person", "source"):
            last.of_type(type_id)  # as a run's pages ask
        last.disputed()
        kb.add("company", "acme", text)
        updated, fresh = check(kb.settings, memory).graph, check(kb.settings).graph
        for type_id in ("company", "person", "source"):
            listed = updated.of_type(type_id)
            assert [e.id for e in listed] == [e.id for e in fresh.of_type(type_id)], text
            assert all(e is updated.entities[e.id] for e in listed)
        assert [e.id for e in updated.disputed()] == [e.id for e in fresh.disputed()], text


def test_a_graph_updated_after_edits_is_the_graph_resolved_afresh(kb, monkeypatch):
    """A preview resolves only the entities an edit read again (resolve's ``previous``):
    edit after edit, the same entities, relations turned around in the same order, and
    the same problems as a whole resolve."""
    memory = Memory()
    kb.add("company", "acme", entity_yaml("acme", statements=ACME_STATEMENTS))
    kb.add("company", "beta", entity_yaml("beta", statements=BETA_STATEMENTS))
    kb.add("person", "jane", entity_yaml("jane", "person"))
    kb.add("source", "other", SOURCE.format(id="other"))
    check(kb.settings, memory)
    whole = resolve_module.compute_inverses
    monkeypatch.setattr(resolve_module, "compute_inverses", pytest.fail)  # not for an edit
    edits = [
        ("acme", "partner_of: [{target: beta, sources: [other]}]"),
        ("beta", BETA_STATEMENTS.replace("[src]", "[other, src]")),
        ("acme", ""),  # no statements at all
        ("beta", BETA_STATEMENTS + "\nfounded_by: [{target: jane, sources: [other]}]"),
        ("acme", ACME_STATEMENTS),
    ]
    for entity_id, statements in edits:
        kb.add("company", entity_id, entity_yaml(entity_id, statements=statements))
        updated = check(kb.settings, memory).graph
        with monkeypatch.context() as patch:
            patch.setattr(resolve_module, "compute_inverses", whole)
            fresh = check(kb.settings).graph
        assert updated.entities == fresh.entities
        assert updated.incoming == fresh.incoming, statements
        assert updated.citations == fresh.citations, statements
    broken = "founded_by: [{target: jame, sources: [src]}]"
    kb.add("company", "acme", entity_yaml("acme", statements=broken))
    with pytest.raises(SemikbError) as raised:
        check(kb.settings, memory)
    assert [str(p) for p in raised.value.problems] == kb.problems()
    assert "no entity with id 'jame' (did you mean 'jane'?)" in str(raised.value)


ACME_STATEMENTS = "founded_by: [{target: jane, sources: [src]}]\npartner_of: [{target: beta, sources: [src, other]}]"
BETA_STATEMENTS = "partner_of: [{target: acme, sources: [src]}]"
