"""Every link and anchor in every page of the built site resolves (both editions).

For each ``*.html`` file, the URLs of its links (``href`` on ``<a>``, ``<link>`` and
``<area>``; ``src`` on ``<img>``, ``<script>``, ``<source>`` and ``<iframe>``; ``href`` and
``xlink:href`` on SVG's ``<a>``, ``<use>`` and ``<image>``) are resolved as a browser
resolves them against the page's address. A URL inside the site (relative, rooted at the
site's path /semikb/, or absolute at the address the site is built for, as the canonical
links are) must name a file of the built site, and its fragment, if any, an element of the
target page with that id (or an ``<a name>``). URLs elsewhere are not fetched: there is no
network.

Python's html.parser alone takes some 20 s over the ~1,600 pages; they are read with
regular expressions instead (the whole crawl takes some 6 s), which is enough for the HTML
that MkDocs, Material and semikb write: every tag is well formed, and comments, scripts
and styles are skipped whole. Over the real site they find the same links and ids as
html.parser; the two small tests at the end hold the crawl to a hand-made site.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

# Comments and the raw text of <script>, <style>, <textarea> and <title> are skipped whole
# (a script may hold markup in its strings); every other start tag is read with its
# attributes, whose quoted values may hold ">".
_ATTRIBUTES = r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""
TOKEN = re.compile(
    r"<!--.*?-->"
    rf"|<(?P<raw>script|style|textarea|title)\b(?P<raw_attributes>{_ATTRIBUTES})>.*?</(?P=raw)\s*>"
    rf"|<(?P<tag>[A-Za-z][^\s/>]*)(?P<attributes>{_ATTRIBUTES})>",
    re.DOTALL | re.IGNORECASE,
)
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")

# The attributes that hold a link, by element (lower case, as the HTML parser names them).
LINK_ATTRIBUTES = {
    "a": ("href", "xlink:href"),  # HTML's <a>, and SVG's (href, or xlink:href before SVG 2)
    "link": ("href",),
    "area": ("href",),
    "img": ("src",),
    "script": ("src",),
    "source": ("src",),
    "iframe": ("src",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}
# Files whose fragments name an element by its id; a fragment into any other file (a
# PDF's #page=2, say) means something else and is not checked.
WITH_IDS = (".html", ".svg")
# No fragment is let off: every id that Material's own links point at (the skip link's
# first heading; __drawer, __search and __palette_0 are the targets of labels, not links)
# is an element of the page, so nothing handled only by script needs an exception.

# GitHub Pages (and `mkdocs serve`) answer a missing address with the site's 404.html, so
# that page's relative links resolve against whatever address was missing and are only
# right at the site's root. Material writes the 404 page's links rooted at the site's
# path; they are checked like any other, and a relative link there is reported.
NOT_FOUND_PAGE = "404.html"


@dataclass
class Page:
    """What a page links to, in order, and the ids of its elements."""

    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def read_page(text: str) -> Page:
    page = Page()
    for token in TOKEN.finditer(text):
        tag = token["tag"] or token["raw"]
        if tag is None:  # a comment
            continue
        tag = tag.lower()
        source = token["attributes"] if token["tag"] else token["raw_attributes"]
        if tag not in LINK_ATTRIBUTES and "id=" not in source:
            continue
        attributes: dict[str, str] = {}
        for name, *values in ATTRIBUTE.findall(source):
            # The first of two attributes of the same name counts, as in a browser.
            attributes.setdefault(name.lower(), html.unescape("".join(values)))
        if "id" in attributes:
            page.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            page.ids.add(attributes["name"])
        page.links += [attributes[a] for a in LINK_ATTRIBUTES.get(tag, ()) if a in attributes]
    return page


def site_files(site: Path) -> set[str]:
    """Every file of the built site, by its path below the site (with "/")."""
    return {
        Path(folder, name).relative_to(site).as_posix()
        for folder, _folders, names in os.walk(site)
        for name in names
    }


class Crawl:
    """The built site at ``site``, as served at ``site_url`` (ending in "/")."""

    def __init__(self, site: Path, site_url: str) -> None:
        self.site = site
        self.site_url = site_url
        self.origin = urlsplit(site_url)[:2]
        self.root = urlsplit(site_url).path
        self.files = site_files(site)
        self.pages: dict[str, Page] = {}

    def page(self, path: str) -> Page:
        """The page at ``path`` below the site, read once."""
        if path not in self.pages:
            self.pages[path] = read_page((self.site / path).read_text("utf-8"))
        return self.pages[path]

    def file(self, path: str) -> str | None:
        """The file a decoded path below the site names: a folder means its index.html."""
        if path in self.files:
            return path
        index = path + ("" if path.endswith("/") or not path else "/") + "index.html"
        return index if index in self.files else None

    def problem(self, path: str, link: str) -> str | None:
        """Why ``link`` on the page at ``path`` does not resolve, or None if it does."""
        written = link.strip()
        if written.startswith("#"):  # the page itself (most links: footnotes, the contents)
            return self.missing_id(path, written[1:])
        parts = urlsplit(written)
        if path.rsplit("/", 1)[-1] == NOT_FOUND_PAGE and not (
            parts.scheme or parts.netloc or parts.path.startswith("/") or not parts.path
        ):
            return "relative link on the 404 page: it resolves against the missing address"
        target = urlsplit(urljoin(self.site_url + path, written))
        if (target.scheme, target.netloc) != self.origin:
            return None  # another site, or mailto:, tel:, data: and the like
        if not (target.path + "/").startswith(self.root):
            return f"outside the site's path {self.root}"
        below = unquote(target.path[len(self.root) :])
        file = self.file(below)
        if file is None:
            return f"no file {below or '/'} in the site"
        return self.missing_id(file, target.fragment)

    def missing_id(self, file: str, fragment: str) -> str | None:
        """Why ``fragment`` names no element of ``file``, or None if it does (or needs not)."""
        if not fragment or not file.endswith(WITH_IDS):
            return None
        ids = self.page(file).ids
        # A browser looks for the fragment as it is, then percent-decoded (as UTF-8).
        if fragment in ids or unquote(fragment) in ids:
            return None
        return f"no element with id {unquote(fragment)!r} in {file}"

    def broken_links(self) -> list[str]:
        """Every link of every page that does not resolve, once per page, in page order."""
        problems: list[str] = []
        for path in sorted(p for p in self.files if p.endswith(".html")):
            seen: set[str] = set()
            for link in self.page(path).links:
                if link in seen:
                    continue
                seen.add(link)
                reason = self.problem(path, link)
                if reason:
                    problems.append(f"{path}: {link} ({reason})")
        return problems


@pytest.mark.slow
def test_every_link_and_anchor_in_the_built_site_resolves(built_site: Path, site_port: int) -> None:
    crawl = Crawl(built_site, f"http://127.0.0.1:{site_port}/semikb/")
    broken = crawl.broken_links()
    assert broken == [], f"{len(broken)} broken links:\n" + "\n".join(broken)
    # The crawl saw both editions and their 404 pages, and followed links into each.
    assert {"index.html", "ko/index.html", "404.html", "ko/404.html"} <= crawl.pages.keys()
    assert len(crawl.pages) > 1000


SMALL_SITE = {
    "index.html": """<!doctype html><html><head><title>Home <a href="title/"></title>
<link rel="stylesheet" href="assets/site.css?v=1">
<link rel="canonical" href="http://127.0.0.1:8000/semikb/">
<script>var a = '<a href="script/">';</script>
<script src="/semikb/assets/gone.js"></script>
</head><body>
<!-- <a href="comment/"> -->
<a href="page/">a page</a> <a href="page/#here">an anchor</a>
<a href="page/#nowhere">no anchor</a> <a href="page/#nowhere">again</a>
<a href="missing/">missing</a> <a href="caf%C3%A9/#%ED%95%9C">encoded</a>
<a href="page/?a=1&amp;b=2#t&amp;c">query</a> <a href="#top" title="a > b">top</a>
<a id="top" href="#">empty</a> <a href="#named">named</a> <a name="named"></a>
<a href="/other/">outside</a> <a href="https://example.org/x">web</a>
<a href="mailto:someone@example.org">mail</a> <a href="data/kb.json#x">data</a>
<a href="http://127.0.0.1:8000/semikb/page/">absolute</a>
<a href="page">a folder</a> <A HREF='page/#Here'>upper case</A>
<map><area href="page/#here"></map><video><source src="data/kb.json"></video>
<iframe src="/semikb"></iframe>
<svg><a xlink:href="page/"><use href="#icon"/></a><use href="#glyph"/>
<use href="assets/logo.svg#logo"/><image href="assets/logo.svg#none"/>
<symbol id="icon"></symbol></svg></body></html>""",
    "page/index.html": """<h2 id="here">Here</h2><span id="t&amp;c">terms</span>
<a href="../">home</a> <a href="../../">above the site</a>""",
    "café/index.html": '<p id="한">Korean</p><img src="../assets/none.png">',
    "404.html": '<a href="/semikb/">home</a><a href="page/">relative</a><a href="#x">x</a>',
    "assets/site.css": "",
    "assets/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><g id="logo"/></svg>',
    "data/kb.json": "{}",
}


def test_the_crawler_reports_each_broken_link_once(tmp_path: Path) -> None:
    for name, text in SMALL_SITE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert Crawl(tmp_path, "http://127.0.0.1:8000/semikb/").broken_links() == [
        "404.html: page/ (relative link on the 404 page: it resolves against the missing address)",
        "404.html: #x (no element with id 'x' in 404.html)",
        "café/index.html: ../assets/none.png (no file assets/none.png in the site)",
        "index.html: /semikb/assets/gone.js (no file assets/gone.js in the site)",
        "index.html: page/#nowhere (no element with id 'nowhere' in page/index.html)",
        "index.html: missing/ (no file missing/ in the site)",
        "index.html: /other/ (outside the site's path /semikb/)",
        "index.html: page/#Here (no element with id 'Here' in page/index.html)",
        "index.html: #glyph (no element with id 'glyph' in index.html)",
        "index.html: assets/logo.svg#none (no element with id 'none' in assets/logo.svg)",
        "page/index.html: ../../ (outside the site's path /semikb/)",
    ]


def test_the_crawler_reads_the_links_and_ids_of_a_page() -> None:
    page = read_page(SMALL_SITE["index.html"])
    assert page.links == [
        "assets/site.css?v=1",
        "http://127.0.0.1:8000/semikb/",
        "/semikb/assets/gone.js",
        "page/",
        "page/#here",
        "page/#nowhere",
        "page/#nowhere",
        "missing/",
        "caf%C3%A9/#%ED%95%9C",
        "page/?a=1&b=2#t&c",
        "#top",
        "#",
        "#named",
        "/other/",
        "https://example.org/x",
        "mailto:someone@example.org",
        "data/kb.json#x",
        "http://127.0.0.1:8000/semikb/page/",
        "page",
        "page/#Here",
        "page/#here",
        "data/kb.json",
        "/semikb",
        "page/",
        "#icon",
        "#glyph",
        "assets/logo.svg#logo",
        "assets/logo.svg#none",
    ]
    assert page.ids == {"top", "named", "icon"}
