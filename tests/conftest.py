"""Fixtures shared by the test modules; the helpers they use live in tests/helpers.py."""

from __future__ import annotations

import functools
import http.server
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from semikb.pipeline import check
from semikb.resolve import Graph
from semikb.settings import load_settings
from tests.helpers import CHROMIUM, CHROMIUM_ARGS, FIXTURES, KB, PROJECT, copy_project, mkdocs_build


@pytest.fixture
def kb(tmp_path: Path) -> KB:
    return KB(tmp_path)


@pytest.fixture(scope="module")
def fixture_graph() -> Graph:
    """The small fixture knowledge base of the golden files, with its own vocabulary."""
    return check(load_settings(FIXTURES / "kb")).graph


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port the built site is served on: its address is part of the build."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """The real knowledge base, built once per test session with `mkdocs build --strict`,
    for the address it is served at in the tests (so that links between the editions,
    which Material resolves through each edition's sitemap, work as published)."""
    project = copy_project(tmp_path_factory.mktemp("project"), PROJECT / "entities")
    pyproject = project / "pyproject.toml"
    served = f"http://127.0.0.1:{site_port}/semikb/"
    pyproject.write_text(pyproject.read_text().replace("https://semikb.github.io/semikb/", served))
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def site_url(
    built_site: Path, site_port: int, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The built site served on 127.0.0.1 by the standard library's HTTP server, under the
    path of its site_url (/semikb/), as it is published: the language selector's links
    are absolute paths."""
    root = tmp_path_factory.mktemp("served")
    (root / "semikb").symlink_to(built_site, target_is_directory=True)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", site_port), functools.partial(Quiet, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/semikb/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} not found: install Debian's chromium package (apt-get install -y chromium)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)  # browser tests never skip silently in CI
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def reader(browser, site_url):
    """A reader of the built site in Chromium; the test fails if a page asked another
    host for anything or logged an error."""
    from tests.test_browser import Reader

    reader = Reader(browser, site_url)
    yield reader
    assert reader.foreign_requests == [], "requests left the site's origin"
    assert reader.errors == []
    reader.close()
