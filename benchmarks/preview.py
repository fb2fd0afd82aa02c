#!/usr/bin/env python3
"""How long the live preview takes to show a save, measured in Chromium as a contributor sees it.

Usage (from the repository root, with the project's Python environment and Debian's
chromium; Playwright drives it):

    python benchmarks/preview.py            # on a copy of the fixture knowledge base
    python benchmarks/preview.py --project benchmarks/work/kb-5000 --runs 3

It starts the README's preview command (`python -m semikb serve`) in the project, waits
for the first build, opens an entity page in Chromium and, for each run, times from the
moment an entity file is saved to the moment the open page shows it:

* a valid edit of the entity's summary: until the page shows the new summary;
* an invalid edit (an unknown type): until the problem banner shows the problem;
* the fix (the file as it was): until the banner is gone and the page shows the entity.

The page reloads by MkDocs's live reload, as it would for a contributor; the times include
the server noticing the save, the rebuild, the reload and the page's own rendering. Results
are printed as JSON (medians and every run); benchmarks/run.py calls `measure`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# No sandbox as root, and no background traffic (the network is closed).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


# The start of the English summary, inline ({en: …}) or as a block; unquoted in both.
SUMMARY = re.compile(r"^summary:\s*\{?\s*en:\s*\"?(?=[A-Za-z])", re.M)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@contextlib.contextmanager
def serving(project: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """The README's preview command in the project; yields the site's base URL."""
    port = free_port()
    command = [sys.executable, "-m", "semikb", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    env = {**(env or os.environ), "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as out:
        server = subprocess.Popen(
            command, cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env
        )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=60)


def mount_path(project: Path) -> str:
    """The path `mkdocs serve` serves the site under: that of site_url in mkdocs.yml."""
    found = re.search(r"^site_url:\s*['\"]?([^'\"\s]+)", (project / "mkdocs.yml").read_text(), re.M)
    return (urlsplit(found.group(1)).path if found else "") or "/"


def first_entity(project: Path, type_id: str = "company") -> tuple[Path, re.Match[str]]:
    """An entity file of the type, and where its English summary starts."""
    for path in sorted((project / "entities" / type_id).glob("*.yaml")):
        if found := SUMMARY.search(path.read_text("utf-8")):
            return path, found
    raise SystemExit(f"no {type_id} with an English summary in {project}")


def with_marker(text: str, found: re.Match[str], marker: str) -> str:
    return text[: found.end()] + marker + " " + text[found.end() :]


def wait(predicate: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


TIMEOUT_MS = 300_000


def measure(
    project: Path,
    runs: int,
    log: Path,
    first_build_timeout: float = 1800,
    env: dict[str, str] | None = None,
) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    entity, summary = first_entity(project)
    original = entity.read_text("utf-8")
    url_path = f"kb/{entity.parent.name}/{entity.stem}/"
    times: dict[str, list[float]] = {"valid": [], "invalid": [], "fixed": []}
    try:
        with serving(project, log, env) as base, sync_playwright() as playwright:
            page_url = base + mount_path(project) + url_path
            wait(lambda: reachable(page_url), first_build_timeout, "the first build")
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(page_url)
            page.locator("h1").wait_for()
            banner = page.locator(".semikb-problems")
            for run in range(runs):
                marker = f"Edited for the preview benchmark, run {run} at {time.time():.0f}."
                edited = with_marker(original, summary, marker)
                start = time.monotonic()
                entity.write_text(edited, "utf-8")
                page.get_by_text(marker).first.wait_for(timeout=TIMEOUT_MS)
                times["valid"].append(time.monotonic() - start)

                start = time.monotonic()
                entity.write_text(edited.replace("type: company", "type: compnay", 1), "utf-8")
                banner.get_by_text("unknown type 'compnay'").wait_for(timeout=TIMEOUT_MS)
                times["invalid"].append(time.monotonic() - start)

                start = time.monotonic()
                entity.write_text(original, "utf-8")
                banner.wait_for(state="detached", timeout=TIMEOUT_MS)
                page.locator("h1").wait_for()
                times["fixed"].append(time.monotonic() - start)
                time.sleep(1)  # let the server settle between runs
            browser.close()
    finally:
        entity.write_text(original, "utf-8")
    return {
        "entity": entity.relative_to(project).as_posix(),
        "median": {kind: statistics.median(values) for kind, values in times.items()},
        "runs": times,
    }


def fixture_project(target: Path) -> Path:
    """A copy of the project with the fixture knowledge base's entities."""
    sys.path.insert(0, str(REPO))
    from tests.helpers import copy_project

    project = copy_project(target, REPO / "tests" / "fixtures" / "kb" / "entities")
    for docs in ("docs", "docs-ko"):  # a home page without links to the real entities
        (project / docs / "index.md").write_text("# Home\n", "utf-8")
    return project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, help="a project folder (default: the fixture KB)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--log", type=Path, help="keep the server's output in this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="semikb-preview-") as temporary:
        work = Path(temporary)
        project = args.project.resolve() if args.project else fixture_project(work / "project")
        result = measure(project, args.runs, args.log or work / "serve.log")
        if not args.project:
            shutil.rmtree(project)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
