"""The layout owns every path and URL: the same knowledge base under another output folder."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import feedparser
import icalendar
import pytest

from semikb.layout import Layout
from semikb.pipeline import generate
from semikb.settings import load_settings
from tests.helpers import FIXTURES, PROJECT, page_jsonld

LAYOUT = Layout("kb", "https://example.org/site/")


@pytest.mark.parametrize(
    ("page", "url"),
    [
        ("index.md", "kb/"),
        ("timeline.md", "kb/timeline/"),
        ("company/index.md", "kb/company/"),
        ("company/acme.md", "kb/company/acme/"),
        ("kb.json", "data/kb.json"),
        ("data/timeline.atom", "data/timeline.atom"),
        ("graph.json", "kb/graph.json"),
    ],
)
def test_urls_follow_mkdocs_directory_urls_and_serve_downloads_under_data(page, url):
    assert LAYOUT.url(page) == url
    assert LAYOUT.absolute_url(page) == "https://example.org/site/" + url


@pytest.mark.parametrize(
    ("origin", "target", "href"),
    [
        ("company/acme.md", "company/beta.md", "../../company/beta/"),
        ("graph.md", "company/acme.md", "../company/acme/"),
        ("graph.md", "graph.json", "../graph.json"),
        ("timeline.md", "data/timeline.atom", "../../data/timeline.atom"),
        ("index.md", "kb.json", "../data/kb.json"),
    ],
)
def test_raw_html_links_lead_from_one_built_url_to_another(origin, target, href):
    assert LAYOUT.href(origin, target) == href


def test_markdown_links_climb_to_the_generated_root():
    assert LAYOUT.md_link("company/acme.md", "place/town.md") == "../place/town.md"
    assert LAYOUT.md_link("timeline.md", "company/acme.md") == "company/acme.md"


def test_the_mkdocs_integration_asks_the_layout_where_files_are_served():
    wiki = Layout("wiki")
    assert wiki.page_of("wiki/data/company.csv") == "data/company.csv"
    assert wiki.page_of("kb/data/company.csv") is None
    assert wiki.served_path("data/company.csv") == "data/company.csv"
    assert wiki.served_path("kb.json") == "data/kb.json"
    assert "/wiki/*/*.md" in wiki.not_in_nav_patterns()


PATH_LITERALS = re.compile(r"""["'](?:\.\./|kb/|data/)|\.\./\.\./|data/timeline\.atom""")


def test_no_path_or_url_literal_outside_the_layout():
    package = PROJECT / "semikb"
    offenders = [
        f"{path.relative_to(PROJECT)}:{number}: {line.strip()}"
        for path in [*package.glob("*.py"), *package.glob("templates/*")]
        if path.name != "layout.py"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if PATH_LITERALS.search(line)
    ]
    assert offenders == []


@pytest.fixture(scope="module")
def wiki_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture knowledge base generated with ``output_subdir = "wiki"``."""
    root = tmp_path_factory.mktemp("wiki")
    shutil.copytree(FIXTURES / "kb", root, dirs_exist_ok=True)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('output_subdir = "kb"', 'output_subdir = "wiki"')
    )
    settings = load_settings(root)
    assert settings.output_subdir == "wiki"
    generate(settings)
    return root / "docs" / "wiki"


def test_another_output_folder_holds_the_whole_tree(wiki_build):
    assert (wiki_build / "company" / "acme-foundry.md").is_file()
    assert (wiki_build / "data" / "statements.csv").is_file()
    assert not (wiki_build.parent / "kb").exists()


def test_another_output_folder_changes_every_url(wiki_build):
    site = "https://semikb.github.io/semikb/"
    entity = "wiki/company/acme-foundry/"
    data = json.loads((wiki_build / "kb.json").read_text("utf-8"))
    assert next(e for e in data["entities"] if e["id"] == "acme-foundry")["url"] == entity
    assert all(e["url"].startswith("wiki/") for e in data["entities"])
    rows = list(
        csv.DictReader(io.StringIO((wiki_build / "data" / "company.csv").read_text("utf-8")))
    )
    assert {row["url"] for row in rows} == {entity, "wiki/company/beta-chips/"}
    page = (wiki_build / "company" / "acme-foundry.md").read_text("utf-8")
    jsonld = page_jsonld(page)
    assert jsonld["url"] == site + entity
    feed = feedparser.parse((wiki_build / "data" / "timeline.atom").read_text("utf-8"))
    assert {entry.link for entry in feed.entries} >= {site + entity}
    assert all(entry.link.startswith(site + "wiki/") for entry in feed.entries)
    calendar = icalendar.Calendar.from_ical(
        (wiki_build / "data" / "milestones.ics").read_text("utf-8")
    )
    assert {str(event["URL"]) for event in calendar.walk("VEVENT")} >= {site + entity}
    assert all(str(e["URL"]).startswith(site + "wiki/") for e in calendar.walk("VEVENT"))


@pytest.mark.parametrize(
    ("page", "parent"),
    [
        ("company/acme.md", "company/index.md"),
        ("timeline/1980s.md", "timeline.md"),
        ("timeline/2024.md", "timeline.md"),
        ("sources/n.md", "sources.md"),
        ("company/index.md", None),  # in the nav itself
        ("timeline.md", None),
        ("index.md", None),
    ],
)
def test_a_generated_page_out_of_the_nav_belongs_under_its_index(page, parent):
    assert LAYOUT.parent(page) == parent
