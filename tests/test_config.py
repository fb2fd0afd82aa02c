"""Configuration is checked like content: settings, vocabulary and glossary problems are
located, reported together, and exit 2 (configuration error) without a traceback."""

from __future__ import annotations

import pytest

from semikb.cli import main
from tests.helpers import KB, VOCABULARY, entity_yaml

VOCABULARY_TEXT = VOCABULARY.read_text("utf-8")


def run_check(kb: KB, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    kb.add("company", "acme", entity_yaml("acme"))
    code = main(["--root", str(kb.root), "check"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.splitlines()


def with_pyproject(kb: KB, settings: str) -> KB:
    (kb.root / "pyproject.toml").write_text(
        f'[tool.semikb]\nvocabulary = "{VOCABULARY}"\n{settings}\n'
    )
    return kb


def with_vocabulary(kb: KB, text: str) -> KB:
    (kb.root / "vocabulary.yaml").write_text(text, "utf-8")
    (kb.root / "pyproject.toml").write_text('[tool.semikb]\nvocabulary = "vocabulary.yaml"\n')
    return kb


SETTINGS = {
    "a number as text": (
        'max_file_bytes = "big"',
        "pyproject.toml:3:1: max_file_bytes must be a whole number of bytes above 0, not 'big'",
    ),
    "an output folder outside the project": (
        'output_subdir = "../out"',
        "pyproject.toml:3:1: output_subdir must be a path inside the project, relative to"
        " pyproject.toml, not '../out'",
    ),
    "a site URL that is not http": (
        'site_url = "ftp://example.org/"',
        "pyproject.toml:3:1: site_url must be an http:// or https:// URL ending in '/', not"
        " 'ftp://example.org/'",
    ),
    "a misspelt setting": (
        'entity_dir = "entities"',
        "pyproject.toml:3:1: unknown [tool.semikb] setting 'entity_dir' (did you mean"
        " 'entities_dir'?); settings: entities_dir, vocabulary, glossary, entity_schema, docs_dir,"
        " output_subdir, site_url, edit_url, title, author, license, editions, work_dir, max_file_bytes",
    ),
    "broken TOML": ('docs_dir = "docs', "pyproject.toml:3:17: Illegal character '\\n'"),
}


@pytest.mark.parametrize("case", SETTINGS, ids=list(SETTINGS))
def test_bad_settings_exit_two_with_a_location(kb, capsys, case):
    text, message = SETTINGS[case]
    code, lines = run_check(with_pyproject(kb, text), capsys)
    assert (code, lines) == (2, [message, "1 problem found"])


def vocabulary_with(old: str, new: str) -> str:
    assert old in VOCABULARY_TEXT, old
    return VOCABULARY_TEXT.replace(old, new, 1)


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


VOCABULARIES = {
    "a property that is not a mapping": (
        ("  founded:\n    kind: date\n", "  founded: date\n  founded_x:\n    kind: date\n"),
        "  founded: date",
        3,
        "property 'founded' must be a mapping with kind and label",
    ),
    "a domain that is not a list": (
        (
            "    domain: [company, organization, facility]\n    label: {en: Founded",
            "    domain: company\n    label: {en: Founded",
        ),
        "    domain: company",
        5,
        "property 'founded': domain must be a list of names, e.g. [company, person]",
    ),
    "a colour that is not #rrggbb": (
        ('    color: "#1565c0"', "    color: blue"),
        "    color: blue",
        5,
        "type 'company': color must be #rrggbb",
    ),
    "a flag that is not true or false": (
        ("    infobox: true\n  dissolved:", "    infobox: often\n  dissolved:"),
        "    infobox: often",
        5,
        "property 'founded': infobox must be true or false",
    ),
    "a YAML syntax error": (
        ("types:\n", "types:\n  : [\n"),
        "  : [",
        3,
        "YAML syntax error: while parsing a block mapping did not find expected key",
    ),
}


@pytest.mark.parametrize("case", VOCABULARIES, ids=list(VOCABULARIES))
def test_bad_vocabularies_exit_two_with_a_location(kb, capsys, case):
    (old, new), fragment, column, message = VOCABULARIES[case]
    text = vocabulary_with(old, new)
    code, lines = run_check(with_vocabulary(kb, text), capsys)
    assert code == 2
    assert f"vocabulary.yaml:{line_of(text, fragment)}:{column}: {message}" in lines


def test_a_missing_vocabulary_exits_two(kb, capsys):
    (kb.root / "pyproject.toml").write_text('[tool.semikb]\nvocabulary = "nowhere.yaml"\n')
    code, lines = run_check(kb, capsys)
    assert (code, lines) == (
        2,
        [
            "nowhere.yaml: vocabulary file not found: is this a semikb project?"
            " `semikb init` starts one here",
            "1 problem found",
        ],
    )


def test_a_glossary_entry_without_english_exits_two(kb, capsys):
    (kb.root / "glossary.yaml").write_text("EUV: {ko: 극자외선}\n", "utf-8")
    kb.write_pyproject('glossary = "glossary.yaml"\n')
    kb.add("company", "acme", entity_yaml("acme"))
    code = main(["--root", str(kb.root), "build"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.splitlines()[0] == "glossary.yaml:1:1: glossary term 'EUV' needs an en explanation"


def test_a_wrong_root_exits_two(tmp_path, capsys):
    code = main(["--root", str(tmp_path / "nowhere"), "check"])
    assert code == 2
    assert "no such project folder" in capsys.readouterr().err
