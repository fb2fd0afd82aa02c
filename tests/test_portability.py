"""Engine portability: the generator runs alone and Zensical builds the same Markdown.

Zensical reads mkdocs.yml but runs no MkDocs plugins it does not know, so the generator is run first,
standalone, exactly as docs/guide/other-engines.md documents.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import PROJECT, copy_project

pytestmark = pytest.mark.slow


def test_zensical_builds_every_entity_page(tmp_path):
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which(
        "zensical"
    )
    assert zensical, "zensical is a test dependency: pip install -e '.[test]'"
    project = copy_project(tmp_path / "project", PROJECT / "entities")
    generate = subprocess.run(
        [sys.executable, "scripts/generate.py"], cwd=project, capture_output=True, text=True
    )
    assert generate.returncode == 0, generate.stderr
    build = subprocess.run(
        [zensical, "build", "--strict", "-f", "mkdocs.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    site = project / "site"
    entity_files = sorted((project / "entities").glob("*/*.yaml"))
    missing = [
        p.relative_to(project).as_posix()
        for p in entity_files
        if not (site / "kb" / p.parent.name / p.stem / "index.html").is_file()
    ]
    assert missing == []
    rapidus = (site / "kb" / "company" / "rapidus" / "index.html").read_text("utf-8")
    assert "라피더스" in rapidus and "Referenced by" in rapidus


def test_generated_markdown_uses_relative_links_only():
    """Plain Markdown with relative links is what any engine can build."""
    import re

    from semikb.pipeline import render
    from semikb.settings import load_settings

    pages = render(load_settings(PROJECT))
    for path, data in pages.items():
        if path.endswith(".md"):
            for target in re.findall(r"\]\(([^)]+)\)", data.decode()):
                assert not target.startswith("/"), (path, target)
