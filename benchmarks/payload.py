#!/usr/bin/env python3
"""What a reader downloads: a first page view, then a first search, measured in Chromium.

Usage (from the repository root, with the project's Python environment and Debian's
chromium; Playwright drives it):

    python benchmarks/payload.py SITE_DIR [PAGE]   # PAGE: a path below the site's root

It serves the built site over HTTP on 127.0.0.1 (the address's path taken from the
site's sitemap), opens PAGE (the first entity page of the sitemap by default) in a fresh
browser, and records every response. Each response's body is gzip-compressed (level 6,
as a static host serves text) to count what it would transfer. A first search then types
the page's own title into the search box and counts what that adds. Printed as JSON;
benchmarks/run.py calls `measure`.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from preview import CHROMIUM, CHROMIUM_ARGS  # benchmarks/ is not a package: found by path

# Binary formats a host sends as they are.
COMPRESSED = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2", ".gz", ".zip")


def transferred(url: str, body: bytes) -> int:
    if urlsplit(url).path.endswith(COMPRESSED):
        return len(body)
    return len(gzip.compress(body, compresslevel=6))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(site: Path, mount: str) -> Iterator[str]:
    """The site under its address's path (``/semikb/``), as a static host would."""
    root = site.parent / f".payload-root-{site.name}"
    link = root / mount.strip("/") if mount.strip("/") else root
    root.mkdir(exist_ok=True)
    if mount.strip("/"):
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists():
            link.symlink_to(site.resolve(), target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(root if mount.strip("/") else site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{mount}"
    finally:
        server.shutdown()
        if mount.strip("/"):
            link.unlink()
        with contextlib.suppress(OSError):
            for folder in sorted(root.rglob("*"), reverse=True):
                folder.rmdir()
            root.rmdir()


def site_pages(site: Path) -> tuple[str, list[str]]:
    """The site's address path and its pages, from sitemap.xml."""
    urls = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text("utf-8"))
    mount = urlsplit(urls[0]).path if urls else "/"
    root = mount if mount.endswith("/") else mount.rsplit("/", 1)[0] + "/"
    return root, [urlsplit(u).path[len(root) :] for u in urls]


def measure(site: Path, page: str | None = None) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    mount, pages = site_pages(site)
    if page is None:
        page = next(p for p in pages if p.startswith("kb/") and p.count("/") == 3)
    with serving(site, mount) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        tab = context.new_page()
        responses: list[Any] = []
        # Bodies are read afterwards: the sync API cannot be called inside its handlers.
        tab.on("response", lambda response: responses.append(response))
        tab.goto(base + page, wait_until="load", timeout=60_000)
        tab.wait_for_timeout(1500)  # scripts that load after the page (the search worker)
        first_count = len(responses)
        title = tab.locator("h1").first.inner_text().replace("¶", "").strip()
        box = tab.locator("input.md-search__input")
        box.click()
        box.fill(title)
        box.press("End")
        tab.locator(".md-search-result__item").first.wait_for(timeout=300_000)
        tab.wait_for_load_state("networkidle")
        seen: list[tuple[str, int, int]] = []
        for response in responses:
            with contextlib.suppress(Exception):  # a redirect has no body
                body = response.body()
                seen.append((response.url, len(body), transferred(response.url, body)))
        first_view, search = seen[:first_count], seen[first_count:]
        browser.close()

    def total(responses: list[tuple[str, int, int]], index: int) -> int:
        return sum(int(r[index]) for r in responses)

    return {
        "page": page,
        "first_view_bytes": total(first_view, 1),
        "first_view_gzip": total(first_view, 2),
        "first_search_bytes": total(first_view + search, 1),
        "first_search_gzip": total(first_view + search, 2),
        "responses": [
            {"url": urlsplit(u).path, "bytes": b, "gzip": g, "after_search": i >= len(first_view)}
            for i, (u, b, g) in enumerate(first_view + search)
        ],
    }


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    result = measure(Path(argv[0]), argv[1] if len(argv) > 1 else None)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
