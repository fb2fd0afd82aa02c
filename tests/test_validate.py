"""Validation problems, each with its exact message and location."""

import pytest

from semikb.pipeline import check
from tests.helpers import entity_yaml


def test_a_valid_entity_passes(kb):
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", statements="founded: [{value: 2001, sources: [src]}]"),
    )
    result = check(kb.settings)
    assert set(result.graph.entities) == {"acme", "src"}


def test_unknown_keys_get_a_suggestion(kb):
    kb.add("company", "acme", entity_yaml("acme", summery="{en: x}"))
    assert kb.problems() == [
        "entities/company/acme.yaml:5:1: unknown key 'summery' (did you mean 'summary'?)"
    ]


def test_unknown_properties_get_a_suggestion(kb):
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", statements="founded_in: [{value: 2001, sources: [src]}]"),
    )
    assert kb.problems() == [
        "entities/company/acme.yaml:6:3: unknown property 'founded_in' (did you mean 'founded'?)"
    ]


def test_inverse_properties_point_at_the_forward_one(kb):
    kb.add(
        "person",
        "jane",
        entity_yaml("jane", "person", statements="founder_of: [{target: acme, sources: [src]}]"),
    )
    assert kb.problems() == [
        "entities/person/jane.yaml:6:3: 'founder_of' is computed: it is the inverse of 'founded_by'; write 'founded_by' on the other entity instead"
    ]


def test_missing_required_fields(kb):
    kb.add("company", "acme", "id: acme\ntype: company\n")
    assert kb.problems() == [
        "entities/company/acme.yaml:1:1: missing required key 'name'",
        "entities/company/acme.yaml:1:1: missing required key 'summary'",
    ]


def test_name_needs_english(kb):
    kb.add("company", "acme", "id: acme\ntype: company\nname: {ko: 애크미}\nsummary: {en: x}\n")
    assert kb.problems() == ["entities/company/acme.yaml:3:7: name needs an English (en) entry"]


@pytest.mark.parametrize(
    ("filename", "id_value", "expected"),
    [
        (
            "acme",
            "other",
            "entities/company/acme.yaml:1:1: id 'other' must equal the file name 'acme': rename the file to other.yaml or change the id",
        ),
        (
            "Acme Corp",
            "Acme Corp",
            "entities/company/Acme Corp.yaml:1:1: id 'Acme Corp' must be a lowercase ascii slug: a-z, 0-9 and single hyphens (e.g. 'rapidus', 'us-japan-semiconductor-agreement-1986')",
        ),
        (
            "x",
            "../x",
            "entities/company/x.yaml:1:1: id '../x' must be a lowercase ascii slug: a-z, 0-9 and single hyphens (e.g. 'rapidus', 'us-japan-semiconductor-agreement-1986')",
        ),
        (
            "a-b",
            "a/b",
            "entities/company/a-b.yaml:1:1: id 'a/b' must be a lowercase ascii slug: a-z, 0-9 and single hyphens (e.g. 'rapidus', 'us-japan-semiconductor-agreement-1986')",
        ),
        (
            "라피더스",
            "라피더스",
            "entities/company/라피더스.yaml:1:1: id '라피더스' must be a lowercase ascii slug: a-z, 0-9 and single hyphens (e.g. 'rapidus', 'us-japan-semiconductor-agreement-1986')",
        ),
    ],
)
def test_ids_are_slugs_equal_to_the_file_name(kb, filename, id_value, expected):
    kb.add(
        "company", filename, f"id: {id_value}\ntype: company\nname: {{en: A}}\nsummary: {{en: x}}\n"
    )
    assert kb.problems() == [expected]


def test_type_must_match_the_folder(kb):
    kb.add("person", "acme", entity_yaml("acme", "company"))
    assert kb.problems() == [
        "entities/person/acme.yaml:2:1: a company belongs in the folder company/, not person/"
    ]


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            "founded: [{value: 2023-02-30, sources: [src]}]",
            "founded: '2023-02-30' is not a real day: February 2023 has 28 days",
        ),
        (
            "founded: [{value: [2022], sources: [src]}]",
            "founded must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not LocatedList",
        ),
        (
            "funding: [{amount: lots, unit: JPY, sources: [src]}]",
            "amount must be a finite number, not 'lots'",
        ),
        (
            "funding: [{amount: .inf, unit: JPY, sources: [src]}]",
            "amount must be a finite number, not inf",
        ),
        (
            "website: [{value: 'javascript:alert(1)', sources: [src]}]",
            "value must be an http:// or https:// URL, not 'javascript:alert(1)'",
        ),
        (
            "headquarters: [{value: tokyo, sources: [src]}]",
            "unknown key 'value' in a headquarters statement (headquarters takes target)",
        ),
        ("founded: [{value: 2001}]", "founded statement needs sources: a list of source ids"),
        ("founded: [{value: 2001, sources: []}]", "founded statement needs at least one source"),
        (
            "founded: [{value: 2001, rank: best, sources: [src]}]",
            "rank must be one of: normal, preferred, disputed",
        ),
        (
            "founded: [{value: 2001, sorces: [src]}]",
            "unknown key 'sorces' in a founded statement (did you mean 'sources'?)",
        ),
        (
            "born: [{value: 2001, sources: [src]}]",
            "property 'born' does not apply to a company; it applies to: person",
        ),
        (
            "partner_of: [{target: x, start: 2020, end: 2019, sources: [src]}]",
            "end 2019 is before start 2020",
        ),
        ("founded: 2001", "founded must be a list of statements (start each with '- ')"),
    ],
)
def test_bad_statements(kb, statement, expected):
    kb.add("company", "acme", entity_yaml("acme", statements=statement))
    found = kb.problems()
    assert (
        len(found) == 1
        and found[0].startswith("entities/company/acme.yaml:6:")
        and found[0].endswith(expected)
    ), found


def test_wrong_value_types_for_top_level_fields(kb):
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", aliases="Acme", wikidata="182477", wikipedia="ftp://x.org/a"),
    )
    assert kb.problems() == [
        "entities/company/acme.yaml:5:1: aliases must be a list",
        "entities/company/acme.yaml:6:1: wikidata 182477 must be an item id such as Q182477",
        "entities/company/acme.yaml:7:1: wikipedia must be an http:// or https:// URL, not 'ftp://x.org/a'",
    ]


def test_sources_need_their_fields(kb):
    kb.add(
        "source",
        "bad",
        "id: bad\ntype: source\nname: {en: B}\nsummary: {en: x}\nurl: 'javascript:alert(1)'\npublished: 2024-13\nlanguage: english\n",
    )
    assert kb.problems() == [
        "entities/source/bad.yaml:1:1: missing required key 'publisher' for a source",
        "entities/source/bad.yaml:5:1: url must be an http:// or https:// URL, not 'javascript:alert(1)'",
        "entities/source/bad.yaml:6:1: published: '2024-13' has no month 13",
        "entities/source/bad.yaml:7:1: language must be a language code such as en, ko or ja",
    ]


def test_every_problem_is_reported_at_once(kb):
    kb.add("company", "a", entity_yaml("a", summery="{en: x}"))
    kb.add("company", "b", "id: b\nid: c\n")
    kb.add(
        "company",
        "c",
        entity_yaml("c", statements="founded: [{value: 1999-02-31, sources: [src]}]"),
    )
    assert len(kb.problems()) == 3


def test_an_unquoted_comma_in_a_flow_mapping_gets_a_hint(kb):
    kb.add(
        "company",
        "acme",
        "id: acme\ntype: company\nname: {en: Acme}\nsummary: {en: Made chips, then memory}\n",
    )
    assert kb.problems() == [
        "entities/company/acme.yaml:4:27: summary: 'then memory' is not a language code such as en, ko or ja (inside {…} a comma or colon ends the text: put the text in quotes)"
    ]
