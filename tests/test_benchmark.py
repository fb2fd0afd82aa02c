"""The benchmark (benchmarks/run.py) runs end to end in smoke mode and writes its tables.

Nothing here asserts a time: the machine running the tests is shared and noisy. The
benchmark itself is `python benchmarks/run.py`; docs/benchmarks.md holds its results.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
RUN = PROJECT / "benchmarks" / "run.py"

MEASURES = (
    "Generator time, full build",
    "Generator CPU time, full build",
    "Generator throughput",
    "Generator time, nothing changed",
    "Generator time, one entity edited",
    "Files rewritten after one edit",
    "Generator in a preview (memory), nothing changed",
    "Generator in a preview (memory), one entity edited",
    "Preview: save → the page shows the edit",
    "Preview: invalid save → the problem banner",
    "Preview: the server's rebuild after a save",
    "Preview: the generator's part of it",
    "Generator peak memory",
    "`mkdocs build` time (with the generator)",
    "`mkdocs build` CPU time",
    "`mkdocs build` peak memory",
    "Markdown pages",
    "Site size on disk",
    "Entity page HTML, mean",
    "Entity page HTML, largest",
    "Search index",
    "First page view, transferred (gzip)",
    "First page view + first search, transferred (gzip)",
)
TARGETS = (
    "Full build vs bare MkDocs",
    "Live preview",
    "Generator, nothing changed",
    "Generator, one entity edited",
    "Generator throughput",
    "Reader: first page view",
    "Reader: first search",
    "Build time scales linearly",
    "Page HTML size flat",
    "Search index linear",
    "Generator peak memory",
)


def table(text: str, header: str) -> list[list[str]]:
    """The rows (cells) of the Markdown table that starts with ``header``."""
    lines = text.splitlines()
    start = lines.index(header)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict, Path]:
    tmp = tmp_path_factory.mktemp("benchmark")
    docs_page = PROJECT / "docs" / "benchmarks.md"
    before = docs_page.stat().st_mtime_ns if docs_page.exists() else None
    output = tmp / "benchmarks.md"
    result = subprocess.run(
        [sys.executable, str(RUN), "--smoke", "--work", str(tmp / "work"), "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    after = docs_page.stat().st_mtime_ns if docs_page.exists() else None
    assert before == after, "a smoke run must not touch docs/benchmarks.md"
    return (
        output.read_text("utf-8"),
        json.loads((tmp / "work" / "results.json").read_text("utf-8")),
        tmp / "work",
    )


@pytest.mark.slow
def test_results_table_has_every_measure_for_the_size(smoke):
    text, _, _ = smoke
    header = "| Entities | Measure | semikb | Bare baseline | semikb ÷ baseline |"
    rows = table(text, header)
    assert [row[1] for row in rows] == list(MEASURES)
    for row in rows:
        assert len(row) == 5, row
        assert row[0] == "50"
        assert row[2] != "—", row  # every semikb figure was measured
        assert row[3] != "—" and row[4].endswith("×"), row  # and has a baseline and a ratio


@pytest.mark.slow
def test_targets_table_says_whether_each_target_holds(smoke):
    text, results, _ = smoke
    rows = table(text, "| Target | Goal | Measured | Holds? |")
    assert [row[0] for row in rows] == list(TARGETS)
    assert all(row[3] in ("yes", "**no**", "n/a") for row in rows), rows
    # One size only: the scaling targets cannot be judged, the others can.
    judged = {row[0]: row[3] for row in rows}
    assert judged["Build time scales linearly"] == "n/a"
    assert judged["Generator peak memory"] in ("yes", "**no**")
    assert [t["target"] for t in results["targets"]] == list(TARGETS)


@pytest.mark.slow
def test_report_names_machine_command_and_the_edit(smoke):
    text, results, work = smoke
    assert "python benchmarks/run.py --sizes 50 --runs 1" in text
    assert "**Machine:**" in text and "MkDocs" in text and "Material for MkDocs" in text
    (size,) = results["sizes"]
    assert size["n"] == 50
    assert size["info"]["entities"] == 50
    assert "no problems" in size["info"]["check_output"]
    edit = size["info"]["edits"][0]
    # The edited entity's own page is among the files the generator rewrote, and it
    # rewrote nothing whose bytes stayed the same.
    assert any(
        path.startswith("company/") and path != "company/index.md" for path in edit["rewritten"]
    )
    assert edit["rewritten"] == edit["content_changed"]
    # The synthetic projects are removed afterwards unless --keep is given.
    assert not (work / "kb-50").exists() and not (work / "baseline-50").exists()
