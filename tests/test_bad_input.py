"""Every mistake a contributor can make, end to end through the CLI: a located message,
exit code 1, no traceback, and the previously generated site left exactly as it was."""

import pytest

from semikb.cli import main
from tests.helpers import VOCABULARY, entity_yaml

GOOD = entity_yaml("acme", statements="founded: [{value: 2001, sources: [src]}]")

CASES = {
    "yaml syntax error": (
        "company",
        "acme",
        "id: acme\nname: {en: [Acme}\n",
        "entities/company/acme.yaml:2:",
    ),
    "tab indentation": (
        "company",
        "acme",
        "id: acme\nname:\n\ten: Acme\n",
        "entities/company/acme.yaml:3:1: tab character",
    ),
    "duplicate key": ("company", "acme", GOOD + "id: acme\n", "duplicate key 'id'"),
    "unknown key": (
        "company",
        "acme",
        GOOD + "colour: red\n",
        "entities/company/acme.yaml:7:1: unknown key 'colour'",
    ),
    "missing required field": (
        "company",
        "acme",
        "id: acme\ntype: company\nname: {en: Acme}\n",
        "missing required key 'summary'",
    ),
    "wrong value type": (
        "company",
        "acme",
        entity_yaml("acme", aliases="{en: Acme}"),
        "aliases must be a list",
    ),
    "impossible date": (
        "company",
        "acme",
        entity_yaml("acme", statements="founded: [{value: 2001-02-29, sources: [src]}]"),
        "is not a real day",
    ),
    "malformed date": (
        "company",
        "acme",
        entity_yaml("acme", statements="founded: [{value: 'August 2001', sources: [src]}]"),
        "is not a date",
    ),
    "missing entity": (
        "company",
        "acme",
        entity_yaml("acme", statements="founded_by: [{target: nobody, sources: [src]}]"),
        "no entity with id 'nobody'",
    ),
    "missing source": (
        "company",
        "acme",
        entity_yaml("acme", statements="founded: [{value: 2001, sources: [nosource]}]"),
        "no source with id 'nosource'",
    ),
    "wrong target type": (
        "company",
        "acme",
        entity_yaml("acme", statements="headquarters: [{target: src, sources: [src]}]"),
        "'src' is a source, but headquarters takes a place",
    ),
    "duplicate id": ("person", "src", entity_yaml("src", "person"), "duplicate id 'src'"),
    "id not the file name": (
        "company",
        "acme",
        entity_yaml("acme-corp"),
        "must equal the file name 'acme'",
    ),
    "id with path separator": (
        "company",
        "acme",
        GOOD.replace("id: acme", "id: ../acme"),
        "must be a lowercase ascii slug",
    ),
    "id with a space": (
        "company",
        "acme",
        GOOD.replace("id: acme", "id: acme corp"),
        "must be a lowercase ascii slug",
    ),
    "non-ascii id": (
        "company",
        "acme",
        GOOD.replace("id: acme", "id: 애크미"),
        "must be a lowercase ascii slug",
    ),
    "anchors and aliases": (
        "company",
        "acme",
        GOOD + "aliases: &a [x]\ntags: *a\n",
        "anchors and aliases",
    ),
    "billion laughs": (
        "company",
        "acme",
        "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n",
        "anchors and aliases",
    ),
    "custom tag": (
        "company",
        "acme",
        GOOD + "aliases: !!python/object/apply:os.system [echo]\n",
        "custom YAML tag",
    ),
    "file too large": (
        "company",
        "acme",
        GOOD + "# " + "x" * 300_000 + "\n",
        "over the limit of 262144 bytes",
    ),
    "empty file": ("company", "acme", "", "entities/company/acme.yaml:1:1: the file is empty"),
    "not utf-8": ("company", "acme", GOOD.encode().replace(b"Acme", b"Acm\xe9"), "not valid UTF-8"),
    "javascript url": (
        "company",
        "acme",
        entity_yaml("acme", wikipedia="'javascript:alert(1)'"),
        "wikipedia must be an http:// or https:// URL",
    ),
}


@pytest.fixture
def project(kb):
    (kb.root / "pyproject.toml").write_text(f'[tool.semikb]\nvocabulary = "{VOCABULARY}"\n')
    kb.add("company", "acme", GOOD)
    assert main(["--root", str(kb.root), "build"]) == 0
    return kb


def snapshot(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_reported_and_nothing_is_lost(project, capsys, case):
    type_id, file_id, content, expected = CASES[case]
    before = snapshot(project.settings.output_path)
    capsys.readouterr()
    project.add(type_id, file_id, content)
    assert main(["--root", str(project.root), "build"]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith("entities/"), first  # names the file (and line where there is one)
    assert snapshot(project.settings.output_path) == before


def test_bom_and_crlf_work(project):
    project.add("company", "acme", "\ufeff".encode() + GOOD.replace("\n", "\r\n").encode())
    assert main(["--root", str(project.root), "build"]) == 0
