"""The vocabulary file is data; these check that it is read and checked as such."""

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
