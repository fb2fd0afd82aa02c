"""`mkdocs serve`: an entity edit regenerates and reloads the page, without a rebuild loop."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.helpers import PROJECT, copy_project

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def test_editing_an_entity_while_serving_updates_the_page_once(tmp_path):
    project = copy_project(tmp_path / "project", PROJECT / "tests" / "fixtures" / "kb" / "entities")
    (project / "docs" / "index.md").write_text("# Home\n")
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "--dev-addr",
                f"127.0.0.1:{port}",
                "--no-strict",
            ],
            cwd=project,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        url = f"http://127.0.0.1:{port}/semikb/kb/company/acme-foundry/"  # site_url has a path

        def page_ok():
            try:
                return "Acme Foundry" in fetch(url)
            except OSError:
                return False

        wait_for(page_ok, 120, "the first build")
        builds_before = log_path.read_text().count("Building documentation")
        entity = project / "entities" / "company" / "acme-foundry.yaml"
        entity.write_text(
            entity.read_text().replace(
                "A fictional foundry used to test the generator.", "An edited summary."
            )
        )
        wait_for(lambda: "An edited summary." in fetch(url), 60, "the edit to show")
        time.sleep(6)  # a loop would keep rebuilding: hook writes → watcher → rebuild → …
        log = log_path.read_text()
        rebuilds = log.count("Building documentation") - builds_before
        assert rebuilds == 1, log
        assert "Traceback" not in log
        # hand-written pages are still watched
        (project / "docs" / "index.md").write_text("# Home, edited\n")
        home = f"http://127.0.0.1:{port}/semikb/"
        wait_for(lambda: "Home, edited" in fetch(home), 60, "the hand-written edit to show")
    finally:
        server.terminate()
        server.wait(timeout=20)
