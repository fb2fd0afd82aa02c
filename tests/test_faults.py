"""Faults and hostile input: every family of the adversarial review, end to end.

Each fault is a located message with an exit code, never a traceback, and nothing is
lost: the generated tree is the whole old one or the whole new one.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from semikb.cli import main
from tests.helpers import KB, SOURCE, entity_yaml


def project(kb: KB) -> KB:
    kb.write_pyproject()
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", statements="founded: [{value: 2001, sources: [src]}]"),
    )
    return kb


def run(kb: KB, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--root", str(kb.root), *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --- values YAML 1.1 would silently reinterpret --------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("value: 20:22", "'20:22' would be read by some YAML tools as a number in base 60"),
        ("value: 0x7E6", "'0x7E6' would be read by some YAML tools as a hexadecimal number"),
        ("value: -0500", "'-0500' would be read by some YAML tools as an octal number"),
        (
            "value: 2_022",
            "'2_022' would be read by some YAML tools as a number with digit separators",
        ),
    ],
)
def test_number_forms_other_tools_read_differently_are_refused_as_written(
    kb, capsys, line, message
):
    project(kb)
    kb.add(
        "company",
        "beta",
        entity_yaml("beta", statements=f"founded:\n  - {line}\n    sources: [src]"),
    )
    code, err = run(kb, capsys, "check")
    assert code == 1
    assert err.splitlines()[0].startswith("entities/company/beta.yaml:7:")
    assert message in err


def test_an_amount_in_base_60_is_refused(kb, capsys):
    project(kb)
    kb.add(
        "company",
        "beta",
        entity_yaml("beta", statements="funding:\n  - {amount: 1:20, unit: JPY, sources: [src]}"),
    )
    code, err = run(kb, capsys, "check")
    assert code == 1 and "'1:20' would be read by some YAML tools as a number in base 60" in err


# --- messages quote what the contributor wrote ------------------------------------------------


def test_no_is_a_language_code_not_false(kb, capsys):
    project(kb)
    kb.add(
        "company",
        "beta",
        "id: beta\ntype: company\nname: {en: Beta, no: Beta AS}\nsummary: {en: B.}\n",
    )
    assert run(kb, capsys, "check")[0] == 0


def test_a_null_key_is_quoted_as_written(kb, capsys):
    project(kb)
    kb.add(
        "company", "beta", "id: beta\ntype: company\nname: {en: Beta}\nsummary: {en: B.}\n~: x\n"
    )
    code, err = run(kb, capsys, "check")
    assert (code, err.splitlines()[0]) == (1, "entities/company/beta.yaml:5:1: unknown key '~'")


def test_an_id_given_with_a_path_is_refused_as_given(kb, capsys):
    project(kb)
    code, err = run(kb, capsys, "new", "company", "x", "--id", "../../evil")
    assert code == 2
    assert "--id '../../evil' is not an id" in err
    assert not (kb.root.parent.parent / "evil.yaml").exists()


def test_a_file_name_cannot_forge_an_annotation_line(kb, capsys):
    project(kb)
    kb.root.joinpath("entities", "company", "x\n::error file=forged.yaml").write_text("id: [")
    code, err = run(kb, capsys, "check")
    assert code == 1
    assert not any(line.startswith("::error") for line in err.splitlines())
    assert "entities/company/x\\n::error file=forged.yaml" in err


def test_a_wrong_root_is_a_usage_error(tmp_path, capsys):
    assert main(["--root", str(tmp_path / "missing"), "build"]) == 2
    assert "no such project folder" in capsys.readouterr().err


# --- dates, URLs and nesting that used to raise ----------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0000", "'0000' is out of range: years run from 0001 to 9998"),
        ("9999-12-31", "'9999-12-31' is out of range: years run from 0001 to 9998"),
    ],
)
def test_dates_outside_the_supported_range_are_located_problems(kb, capsys, value, message):
    project(kb)
    kb.add(
        "company",
        "beta",
        entity_yaml("beta", statements=f"founded: [{{value: '{value}', sources: [src]}}]"),
    )
    code, err = run(kb, capsys, "build")
    assert code == 1 and f"founded: {message}" in err


@pytest.mark.parametrize("url", ["https://[::1", "https://[evil]/", "https://example.org:99999/"])
def test_malformed_urls_are_located_problems(kb, capsys, url):
    project(kb)
    kb.add("company", "beta", entity_yaml("beta", wikipedia=f"'{url}'"))
    code, err = run(kb, capsys, "check")
    assert code == 1 and f"wikipedia must be an http:// or https:// URL, not '{url}'" in err


def test_deep_nesting_is_refused_before_the_recursion_limit(kb, capsys):
    project(kb)
    kb.add("company", "beta", "id: beta\nsummary: " + "[" * 500 + "]" * 500 + "\n")
    code, err = run(kb, capsys, "check")
    assert code == 1 and "nested deeper than 32 levels" in err


# --- files that are not entity files are reported, never skipped ------------------------------


def test_other_files_in_the_entities_folder_are_reported(kb, capsys, tmp_path_factory):
    project(kb)
    kb.add("company", "beta", entity_yaml("beta")).rename(
        kb.root / "entities" / "company" / "beta.YAML"
    )
    (kb.root / "entities" / "company" / "notes.txt").write_text("notes")
    outside = tmp_path_factory.mktemp("elsewhere") / "outside.yaml"
    outside.write_text(entity_yaml("outside"))
    (kb.root / "entities" / "company" / "outside.yaml").symlink_to(outside)
    (kb.root / "entities" / ".gitkeep").write_text("")
    code, err = run(kb, capsys, "check")
    assert code == 1
    assert err.splitlines()[:3] == [
        "entities/company/beta.YAML: entity files end in lowercase .yaml: rename it to beta.yaml",
        "entities/company/notes.txt: not an entity file (entity files are <type>/<id>.yaml): move it out of the folder",
        "entities/company/outside.yaml: a symbolic link to a file outside the project: entity files live in the repository",
    ]


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_a_missing_or_empty_entities_folder_keeps_the_previous_pages(kb, capsys, make):
    project(kb)
    assert run(kb, capsys, "build")[0] == 0
    output = kb.settings.output_path
    before = tree(output)
    for path in sorted((kb.root / "entities").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    if make == "missing":
        (kb.root / "entities").rmdir()
    code, err = run(kb, capsys, "build")
    assert code == 2
    assert (
        "the entities folder does not exist" in err
        if make == "missing"
        else "no entity files" in err
    )
    assert tree(output) == before


def test_an_unreadable_entity_file_is_a_located_problem(kb, capsys, monkeypatch):
    project(kb)
    real = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == "acme.yaml":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    code, err = run(kb, capsys, "check")
    assert (code, err.splitlines()[0]) == (
        1,
        "entities/company/acme.yaml: cannot read this file: Permission denied",
    )


def test_an_unreadable_folder_is_a_located_problem(kb, capsys, monkeypatch):
    project(kb)
    real = os.scandir

    def refuse(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("company"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", refuse)
    code, err = run(kb, capsys, "check")
    assert code in (1, 2)
    assert "entities/company: cannot read this folder: Permission denied" in err


# --- the filesystem refuses the output -----------------------------------------------------------


@pytest.mark.parametrize("fault", [errno.ENOSPC, errno.EACCES, errno.EROFS])
def test_a_filesystem_that_refuses_writes_is_exit_three_and_loses_nothing(
    kb, capsys, monkeypatch, fault
):
    project(kb)
    assert run(kb, capsys, "build")[0] == 0
    output = kb.settings.output_path
    before = tree(output)
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", statements="founded: [{value: 2002, sources: [src]}]"),
    )

    def refuse(self: Path, data: bytes) -> int:
        raise OSError(fault, os.strerror(fault), str(self))

    monkeypatch.setattr(Path, "write_bytes", refuse)
    code, err = run(kb, capsys, "build")
    assert code == 3
    assert f"cannot write the generated pages: {os.strerror(fault)}" in err
    assert tree(output) == before
    monkeypatch.undo()
    assert run(kb, capsys, "build")[0] == 0
    assert sorted(p.name for p in kb.settings.work_path.iterdir()) == ["lock"]


# --- whole-tree atomicity and one build at a time -----------------------------------------------


def big_kb(root: Path, entities: int, title: str) -> None:
    """A knowledge base whose every page changes when ``title`` (the source's) changes."""
    kb = KB(root)
    kb.write_pyproject()
    kb.add("source", "src", SOURCE.format(id="src").replace("A source", title))
    for n in range(entities):
        statements = f"founded: [{{value: {1950 + n % 70}, sources: [src]}}]"
        kb.add("company", f"c{n:04d}", entity_yaml(f"c{n:04d}", statements=statements))


def build_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "semikb", "--root", str(root), "build"]


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, str]]]:
    """One project, and the complete generated tree of each of its two versions."""
    root = tmp_path_factory.mktemp("atomic")
    trees = {}
    for version in ("old", "new"):
        big_kb(root, 150, f"Title {version}")
        subprocess.run(build_command(root), check=True, capture_output=True)
        trees[version] = tree(root / "docs" / "kb")
    assert trees["old"].keys() == trees["new"].keys() and trees["old"] != trees["new"]
    return root, trees


@pytest.mark.fault
def test_killing_builds_at_random_points_never_leaves_a_mixed_tree(versions):
    """200 builds, each killed at a random instant: the tree is always one whole version."""
    root, trees = versions
    output = root / "docs" / "kb"
    rng = random.Random(20261130)
    # How long a build takes that rewrites every page (the fixture left the new version):
    # the kills then fall before and after the exchange alike. A build with nothing to
    # write is much shorter, and kills timed by it could miss every exchange.
    (root / "entities" / "source" / "src.yaml").write_text(
        SOURCE.format(id="src").replace("A source", "Title old")
    )
    started = time.monotonic()
    subprocess.run(build_command(root), check=True, capture_output=True)
    window = (time.monotonic() - started) * 1.2
    seen, outcomes = set(), []
    for trial in range(200):
        version = ("old", "new")[trial % 2]
        (root / "entities" / "source" / "src.yaml").write_text(
            SOURCE.format(id="src").replace("A source", f"Title {version}")
        )
        process = subprocess.Popen(
            build_command(root), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0, window))
        process.send_signal(signal.SIGKILL)
        process.wait()
        current = tree(output)
        state = next((name for name, whole in trees.items() if whole == current), None)
        assert state is not None, f"trial {trial}: a mixed tree"
        seen.add((version, state))
        if version == "new":
            outcomes.append(state)
        if len(outcomes) == 10:
            # A shared machine's speed changes (the suite's other worker, other work):
            # when ten builds in a row end on one side of the exchange, move the window.
            if "new" not in outcomes:
                window *= 1.5
            elif "old" not in outcomes:
                window /= 1.5
            outcomes = []
    assert ("new", "new") in seen and ("new", "old") in seen  # both outcomes were hit
    subprocess.run(build_command(root), check=True, capture_output=True)
    assert sorted(p.name for p in (root / ".semikb").iterdir()) == ["lock"]


def test_concurrent_builds_wait_for_each_other(versions):
    root, trees = versions
    (root / "entities" / "source" / "src.yaml").write_text(
        SOURCE.format(id="src").replace("A source", "Title new")
    )
    processes = [
        subprocess.Popen(build_command(root), stderr=subprocess.PIPE, text=True) for _ in range(3)
    ]
    results = [(p.wait(), p.stderr.read() if p.stderr else "") for p in processes]
    assert [code for code, _ in results] == [0, 0, 0]
    assert not any("Traceback" in err for _, err in results)
    assert tree(root / "docs" / "kb") == trees["new"]
