"""The preview (`semikb serve`): an entity edit regenerates and reloads the page, without a
rebuild loop; an invalid save shows its problems, and the next valid one clears them."""

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

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


@contextlib.contextmanager
def serving(tmp_path: Path) -> Iterator[tuple[Path, int, Path]]:
    """`semikb serve` on a copy of the project with the fixture's entities."""
    project = copy_project(tmp_path / "project", PROJECT / "tests" / "fixtures" / "kb" / "entities")
    (project / "docs" / "index.md").write_text("# Home\n")
    (project / "docs-ko" / "index.md").write_text("# Home\n")
    port = free_port()
    log_path = tmp_path / "serve.log"
    # The README's preview command.
    command = [sys.executable, "-m", "semikb", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    with log_path.open("w") as log:
        server = subprocess.Popen(
            command,
            cwd=project,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        yield project, port, log_path
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_editing_an_entity_while_serving_updates_the_page_once(tmp_path):
    with serving(tmp_path) as (project, port, log_path):
        url = f"http://127.0.0.1:{port}/semikb/kb/company/acme-foundry/"  # site_url has a path

        def page_ok():
            try:
                return "Acme Foundry" in fetch(url)
            except OSError:
                return False

        wait_for(page_ok, 120, "the first build")
        indexes = {code: search_index(port, code) for code in ("", "ko/")}
        builds_before = log_path.read_text().count("Building documentation")
        rebuilds_before = log_path.read_text().count("Detected file changes")
        entity = project / "entities" / "company" / "acme-foundry.yaml"
        entity.write_text(
            entity.read_text().replace(
                "A fictional foundry used to test the generator.", "An edited summary."
            )
        )
        wait_for(lambda: "An edited summary." in fetch(url), 60, "the edit to show")
        time.sleep(6)  # a loop would keep rebuilding: hook writes → watcher → rebuild → …
        log = log_path.read_text()
        assert log.count("Detected file changes") - rebuilds_before == 1, log
        # Only entity files changed: the quick rebuild, not MkDocs's whole build.
        assert log.count("Building documentation") == builds_before, log
        assert re.search(r"semikb: rebuilt \d+ pages and downloads in ", log), log
        assert "Traceback" not in log
        # Each edition's search index is the one of a full build, with the edit in it:
        # the rebuilt pages replace their entries, nothing is lost or indexed twice.
        for code, before in indexes.items():
            after = search_index(port, code)
            assert sorted(doc["location"] for doc in after) == sorted(
                doc["location"] for doc in before
            )
        assert any("An edited summary." in doc["text"] for doc in search_index(port, ""))
        assert not any("An edited summary." in doc["text"] for doc in search_index(port, "ko/"))
        # hand-written pages are still watched
        (project / "docs" / "index.md").write_text("# Home, edited\n")
        home = f"http://127.0.0.1:{port}/semikb/"
        wait_for(lambda: "Home, edited" in fetch(home), 60, "the hand-written edit to show")
        assert log_path.read_text().count("Building documentation") == builds_before + 1


def save_by_renaming(path: Path, text: str) -> None:
    """Save as many editors do: write a new file, rename it over the old one."""
    new = path.with_name(path.name + ".new")
    new.write_text(text)
    new.replace(path)


def test_saves_that_rename_a_new_file_over_the_old_one_are_seen_every_time(tmp_path):
    """Folders and single files are both still watched after such a save (a watch on the
    old file itself would end with it)."""
    with serving(tmp_path) as (project, port, log_path):
        url = f"http://127.0.0.1:{port}/semikb/kb/company/acme-foundry/"
        wait_for(lambda: _ok(url), 120, "the first build")
        entity = project / "entities" / "company" / "acme-foundry.yaml"
        original = entity.read_text()
        for number in (1, 2):
            summary = f"Summary number {number}."
            save_by_renaming(
                entity,
                original.replace("A fictional foundry used to test the generator.", summary),
            )
            wait_for(lambda s=summary: s in fetch(url), 60, f"save {number} of the entity to show")
        vocabulary = project / "schema" / "vocabulary.yaml"
        for number in (1, 2):
            builds = log_path.read_text().count("Building documentation")
            save_by_renaming(vocabulary, vocabulary.read_text())
            wait_for(
                lambda b=builds: log_path.read_text().count("Building documentation") > b,
                60,
                f"save {number} of the vocabulary to be seen",
            )
        assert "Traceback" not in log_path.read_text()


def _ok(url: str) -> bool:
    try:
        fetch(url)
    except OSError:
        return False
    return True


@pytest.mark.browser
def test_an_invalid_save_shows_its_problems_and_the_next_valid_save_clears_them(tmp_path, browser):
    with serving(tmp_path) as (project, port, log_path):
        url = f"http://127.0.0.1:{port}/semikb/kb/company/acme-foundry/"
        wait_for(lambda: _reachable(url), 120, "the first build")
        page = browser.new_page()
        page.goto(url)
        entity = project / "entities" / "company" / "acme-foundry.yaml"
        good = entity.read_text()
        entity.write_text(good.replace("type: company", "type: compnay"))
        banner = page.locator(".semikb-problems")
        banner.wait_for(state="visible", timeout=30_000)  # livereload reloads the page
        assert (
            "entities/company/acme-foundry.yaml:3:1: unknown type 'compnay'" in banner.inner_text()
        )
        assert "Acme Foundry" in page.locator("h1").inner_text()  # the last good page
        entity.write_text(good)
        banner.wait_for(state="detached", timeout=30_000)
        # A warning that would stop a strict build shows in the banner too, and goes.
        home = project / "docs" / "index.md"
        home.write_text("# Home\n\n[A page that is not there](missing.md)\n")
        banner.wait_for(state="visible", timeout=30_000)
        assert "missing.md" in banner.inner_text()
        assert "Acme Foundry" in page.locator("h1").inner_text()
        home.write_text("# Home\n")
        banner.wait_for(state="detached", timeout=30_000)
        assert "Traceback" not in log_path.read_text()
        page.close()


def search_index(port: int, edition: str) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = json.loads(
        fetch(f"http://127.0.0.1:{port}/semikb/{edition}search/search_index.json")
    )["docs"]
    return docs


def _reachable(url: str) -> bool:
    try:
        fetch(url)
    except OSError:
        return False
    return True


def test_a_pages_warnings_stay_until_the_page_is_rendered_again() -> None:
    """A preview's rebuild renders only the pages that changed: a warning logged while a
    page was rendered must not vanish when a later rebuild leaves that page alone (the
    banner went blank when a save's second file event came after a fast rebuild)."""
    import logging

    from semikb.plugin import _WarningLog

    warnings = _WarningLog()
    logger = logging.getLogger("mkdocs.test_serve")
    logger.addHandler(warnings)
    try:
        warnings.start_build()
        warnings.start_page("en", "index.md")
        logger.warning("Doc file 'index.md' contains a link 'missing.md'")
        warnings.end_page()
        logger.warning("a warning of the whole build")
        assert warnings.messages == [
            "a warning of the whole build",
            "Doc file 'index.md' contains a link 'missing.md'",
        ]
        warnings.start_build()  # a rebuild that does not render index.md
        assert warnings.messages == ["Doc file 'index.md' contains a link 'missing.md'"]
        warnings.start_build()
        warnings.start_page("en", "index.md")  # rendered again, now without the warning
        warnings.end_page()
        assert warnings.messages == []
    finally:
        logger.removeHandler(warnings)
