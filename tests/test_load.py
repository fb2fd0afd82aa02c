from pathlib import Path

import pytest

from semikb.load import LocatedDict, load_file, parse_yaml
from semikb.problems import Problem


def load(tmp_path: Path, data: bytes, max_bytes: int = 10_000):
    path = tmp_path / "entities" / "company" / "x.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return load_file(path, tmp_path, max_bytes)


def message(result) -> str:
    assert isinstance(result, Problem), result
    return str(result)


def test_values_remember_their_lines(tmp_path):
    record = load(tmp_path, b"id: x\nname:\n  en: X\nlist: [a, 2022-08-10, 2022]\n")
    assert record.data["list"] == [
        "a",
        "2022-08-10",
        2022,
    ]  # dates stay text: we parse precision ourselves
    assert record.data.key_locations["name"].line == 2
    assert record.data["name"].key_locations["en"].line == 3
    assert record.data["list"].item_locations[1].column == 11


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"id: x\nid: y\n",
            "entities/company/x.yaml:2:1: duplicate key 'id' (first defined on line 1)",
        ),
        (
            b"id: x\nname:\n\ten: X\n",
            "entities/company/x.yaml:3:1: tab character in indentation: indent with spaces",
        ),
        (
            b"a: &big [1, 2]\nb: *big\n",
            "entities/company/x.yaml:1:4: YAML anchors and aliases (& and *) are not allowed: write the value out",
        ),
        (
            b"a: !!python/object/apply:os.system [ls]\n",
            "entities/company/x.yaml:1:4: custom YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
        ),
        (
            b"a: !custom 1\n",
            "entities/company/x.yaml:1:4: custom YAML tag '!custom' is not allowed",
        ),
        (
            b"id: [x\n",
            "entities/company/x.yaml:2:1: YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'",
        ),
        (
            b"id: x\n---\nid: y\n",
            "entities/company/x.yaml:2:1: a file holds one entity: remove the second YAML document",
        ),
        (
            b"id: x\nname: caf\xe9\n",
            "entities/company/x.yaml:2:10: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8",
        ),
        (
            b"id: x\nname: a\x00b\n",
            "entities/company/x.yaml:2:8: character '\\x00' is not allowed in YAML: remove it",
        ),
        (
            b"",
            "entities/company/x.yaml:1:1: the file is empty: an entity needs at least id, type, name and summary",
        ),
        (
            b"# only a comment\n",
            "entities/company/x.yaml:1:1: the file is empty: an entity needs at least id, type, name and summary",
        ),
        (
            b"- a\n- b\n",
            "entities/company/x.yaml:1:1: an entity file must be a YAML mapping (key: value lines)",
        ),
    ],
)
def test_bad_yaml_is_a_located_problem(tmp_path, data, expected):
    assert message(load(tmp_path, data)) == expected


def test_files_over_the_size_limit_are_refused_unread(tmp_path):
    assert (
        message(load(tmp_path, b"a: " + b"x" * 100 + b"\n", max_bytes=50))
        == "entities/company/x.yaml: file is 104 bytes, over the limit of 50 bytes"
    )


def test_a_bom_and_crlf_line_endings_are_fine(tmp_path):
    record = load(tmp_path, "\ufeffid: x\r\nname: {en: 라피더스}\r\n".encode("utf-8"))
    assert record.data == {"id": "x", "name": {"en": "라피더스"}}
    assert record.data.key_locations["name"].line == 2


def test_scalars_resolve_like_yaml_without_timestamps():
    data = parse_yaml(
        b"a: 1\nb: 7.5\nc: true\nd: null\ne: '2022'\nf: 2022-08\ng: '1_000'\nno: yes\n", "f.yaml"
    )
    assert isinstance(data, LocatedDict)
    assert data == {
        "a": 1,
        "b": 7.5,
        "c": True,
        "d": None,
        "e": "2022",
        "f": "2022-08",
        "g": "1_000",
        "no": "yes",
    }
