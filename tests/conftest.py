"""Shared helpers: small knowledge bases built inline under tmp_path."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

from semikb.settings import Settings, load_settings

PROJECT = Path(__file__).resolve().parent.parent
VOCABULARY = PROJECT / "schema" / "vocabulary.yaml"

SOURCE = """\
id: {id}
type: source
name: {{en: A source}}
summary: {{en: A test source.}}
url: https://example.org/{id}
publisher: Example
published: 2024-11-13
language: en
"""


def entity_yaml(id: str, type: str = "company", statements: str = "", **extra: str) -> str:
    lines = [f"id: {id}", f"type: {type}", f"name: {{en: {id.title()}}}", "summary: {en: Test entity.}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    if statements:
        lines.append("statements:")
        lines.append(textwrap.indent(textwrap.dedent(statements).strip("\n"), "  "))
    return "\n".join(lines) + "\n"


class KB:
    """A knowledge base in a temporary folder, using the project's vocabulary."""

    def __init__(self, root: Path):
        self.root = root
        (root / "entities").mkdir(parents=True, exist_ok=True)
        self.add("source", "src", SOURCE.format(id="src"))

    def add(self, type: str, id: str, text: str | bytes) -> Path:
        path = self.root / "entities" / type / f"{id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8")
        else:
            path.write_bytes(text)
        return path

    @property
    def settings(self) -> Settings:
        return load_settings(self.root, vocabulary=str(VOCABULARY))

    def write_pyproject(self) -> None:
        """For tests that drive the CLI, which reads its settings from pyproject.toml."""
        (self.root / "pyproject.toml").write_text(f'[tool.semikb]\nvocabulary = "{VOCABULARY}"\nedit_url = "https://example.org/edit/"\n')

    def problems(self) -> list[str]:
        """What `check` reports, as the CLI prints it; fails if it reports nothing."""
        from semikb.pipeline import check
        from semikb.problems import SemikbError

        with pytest.raises(SemikbError) as error:
            check(self.settings)
        return [str(p) for p in error.value.problems]


@pytest.fixture
def kb(tmp_path: Path) -> KB:
    return KB(tmp_path)


PROJECT_FILES = ("mkdocs.yml", "pyproject.toml", "docs", "overrides", "schema", "scripts")


def copy_project(destination: Path, entities: Path) -> Path:
    """A copy of the project's site sources with the given entities, to build without touching the repo."""
    import shutil

    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("kb", "__pycache__"))
        else:
            shutil.copy2(source, destination / name)
    shutil.copytree(entities, destination / "entities")
    return destination


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    import sys

    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real knowledge base, built once per test session with `mkdocs build --strict`."""
    project = copy_project(tmp_path_factory.mktemp("project"), PROJECT / "entities")
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


CHROMIUM = Path("/usr/bin/chromium")
# Flags as the machine's probe uses them: no sandbox as root, and no background
# traffic (the network is closed; Chromium would otherwise keep trying Google hosts).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served on 127.0.0.1 by the standard library's HTTP server."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    import os

    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium package (apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)  # browser tests never skip silently in CI
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
