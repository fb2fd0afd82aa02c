"""The command line as a contributor meets it: messages, exit codes, no tracebacks."""

import subprocess
import sys

from semikb.cli import main
from tests.helpers import entity_yaml


def test_check_clean_exits_zero(kb, capsys):
    kb.write_pyproject()
    kb.add("company", "acme", entity_yaml("acme"))
    assert main(["--root", str(kb.root), "check"]) == 0
    assert "2 files, 2 entities: no problems" in capsys.readouterr().out


def test_check_with_problems_exits_one_and_lists_them(kb, capsys):
    kb.write_pyproject()
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", statements="founded_by: [{target: nobody, sources: [src]}]"),
    )
    assert main(["--root", str(kb.root), "check"]) == 1
    err = capsys.readouterr().err
    assert (
        err
        == "entities/company/acme.yaml:6:16: founded_by: no entity with id 'nobody'\n1 problem found\n"
    )


def test_unknown_settings_exit_two(kb, capsys):
    (kb.root / "pyproject.toml").write_text("[tool.semikb]\nentity_dir = 'x'\n")
    assert main(["--root", str(kb.root), "check"]) == 2
    assert (
        "pyproject.toml:2:1: unknown [tool.semikb] setting 'entity_dir' (did you mean 'entities_dir'?)"
        in capsys.readouterr().err
    )


def test_usage_errors_exit_two():
    result = subprocess.run(
        [sys.executable, "-m", "semikb", "frobnicate"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr


def test_errors_never_show_a_traceback(kb):
    kb.write_pyproject()
    kb.add("company", "acme", "id: [\n")
    result = subprocess.run(
        [sys.executable, "-m", "semikb", "--root", str(kb.root), "build"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("entities/company/acme.yaml:2:1: YAML syntax error")
