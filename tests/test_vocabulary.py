"""The vocabulary file is data; these check that it is read and checked as such."""

import json
import re

import pytest

from semikb.problems import SemikbError
from semikb.vocabulary import load_vocabulary
from tests.helpers import VOCABULARY


def test_the_project_vocabulary_is_valid():
    vocabulary = load_vocabulary(VOCABULARY, VOCABULARY.parent.parent)
    assert "company" in vocabulary.types and "source" in vocabulary.types
    founded_by = vocabulary.properties["founded_by"]
    assert founded_by.inverse.id == "founder_of"
    assert vocabulary.inverse_ids["founder_of"] is founded_by
    assert vocabulary.properties["partner_of"].symmetric
    assert "partner_of" not in vocabulary.inverse_ids  # symmetric: writable on either end
    for prop in vocabulary.properties.values():
        assert prop.label["en"] and prop.label["ko"], prop.id


def write(tmp_path, text: str):
    path = tmp_path / "vocabulary.yaml"
    path.write_text(text)
    return path


def errors(tmp_path, text: str) -> list[str]:
    with pytest.raises(SemikbError) as error:
        load_vocabulary(write(tmp_path, text), tmp_path)
    return [str(p) for p in error.value.problems]


def test_bad_vocabularies_are_reported_with_locations(tmp_path):
    text = """\
types:
  company: {label: {en: Company, ko: 기업}, plural: {en: Companies}}
properties:
  founded_by:
    kind: entity
    targets: [persn]
    inverse: {id: founder_of, label: {en: Founder of, ko: 설립}}
    label: {en: Founded by, ko: 설립자}
  size:
    kind: number
    label: {en: Size, ko: 크기}
  partner_of:
    kind: entity
    symmetric: true
    inverse: {id: partner, label: {en: Partner, ko: 협력}}
    label: {en: Partner, ko: 협력}
languages: {content: [en, ko], labels: [en, ko]}
"""
    assert errors(tmp_path, text) == [
        "vocabulary.yaml:1:1: the vocabulary needs roles.source: the type that statements cite,"
        " and its url, publisher, date and language fields",
        "vocabulary.yaml:2:51: type 'company': plural needs ko text",
        "vocabulary.yaml:6:15: property 'founded_by': unknown type 'persn' in targets",
        "vocabulary.yaml:10:5: property 'size': kind must be one of entity, date, quantity, text, url",
        "vocabulary.yaml:13:5: property 'partner_of' is symmetric, so its inverse id must be 'partner_of'",
    ]


# --- renaming what the code relies on ----------------------------------------------------

SOURCE_AS_ISSUED = """\
id: src
type: source
name: {en: A source}
summary: {en: A test source.}
url: https://example.org/src
issuer: Example Press
published: 2024-11-13
language: en
"""


def renamed_vocabulary(tmp_path, *replacements: tuple[str, str]):
    text = VOCABULARY.read_text("utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "vocabulary.yaml"
    path.write_text(text, "utf-8")
    return path


def kb_with(tmp_path, vocabulary, source=SOURCE_AS_ISSUED):
    from semikb.settings import load_settings
    from tests.helpers import KB, entity_yaml

    kb = KB(tmp_path / "kb")
    kb.add("source", "src", source)
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", statements="founded:\n  - {value: 2001, sources: [src]}"),
    )
    return load_settings(kb.root, vocabulary=str(vocabulary))


def test_renaming_a_source_field_without_its_role_is_refused_with_a_location(tmp_path):
    from semikb.pipeline import check
    from semikb.problems import ConfigError

    vocabulary = renamed_vocabulary(
        tmp_path, ("      publisher: {kind: string", "      issuer: {kind: string")
    )
    with pytest.raises(ConfigError) as error:
        check(kb_with(tmp_path, vocabulary))
    (problem,) = error.value.problems
    line = next(
        n
        for n, text in enumerate(vocabulary.read_text().splitlines(), 1)
        if text.strip() == "publisher: publisher"
    )
    assert str(problem.location) == f"{vocabulary}:{line}:5"
    assert problem.message == (
        "roles.source: publisher names the field 'publisher', which type 'source' does not have"
        " (did you mean 'published'?)"
    )


def test_renaming_a_source_field_with_its_role_works_end_to_end(tmp_path):
    from semikb.pipeline import render

    vocabulary = renamed_vocabulary(
        tmp_path,
        ("      publisher: {kind: string", "      issuer: {kind: string"),
        ("    publisher: publisher", "    publisher: issuer"),
    )
    pages = render(kb_with(tmp_path, vocabulary))
    assert "— Example Press, 13 November 2024" in pages["company/acme.md"].decode()
    assert json.loads(pages["kb.json"])["sources"][0]["publisher"] == "Example Press"


def test_renaming_a_type_with_its_roles_works_end_to_end(tmp_path):
    from semikb.pipeline import render
    from tests.helpers import SOURCE, entity_yaml

    vocabulary = renamed_vocabulary(
        tmp_path,
        ("\n  event:\n", "\n  happening:\n"),
        ("types: [event, agreement]", "types: [happening, agreement]"),
        ("[event, agreement]", "[happening, agreement]"),
    )
    text = vocabulary.read_text()
    vocabulary.write_text(re.sub(r"\bevent\b(?=[,\]])", "happening", text))
    settings = kb_with(tmp_path, vocabulary, SOURCE.format(id="src"))
    statements = "happened:\n  - {value: 2024-11-13, sources: [src]}"
    path = settings.entities_path / "happening" / "summit.yaml"
    path.parent.mkdir()
    path.write_text(entity_yaml("summit", type="happening", statements=statements))
    pages = render(settings)
    assert "happening/summit.md" in pages
    assert "Summit" in pages["data/timeline.atom"].decode()


def test_a_role_naming_a_missing_type_is_refused(tmp_path):
    from semikb.problems import ConfigError

    vocabulary = renamed_vocabulary(
        tmp_path, ("    types: [event, agreement]", "    types: [evnt, agreement]")
    )
    with pytest.raises(ConfigError) as error:
        load_vocabulary(vocabulary, tmp_path)
    assert [p.message for p in error.value.problems] == [
        "roles.timeline: unknown type 'evnt' in types (did you mean 'event'?)"
    ]
