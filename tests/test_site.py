"""The real knowledge base, built with `mkdocs build --strict` (the `built_site` fixture)."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.slow


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def test_the_export_is_served_at_data_kb_json(built_site):
    data = json.loads((built_site / "data" / "kb.json").read_text("utf-8"))
    entities = {e["id"]: e for e in data["entities"]}
    rapidus = entities["rapidus"]
    assert rapidus["name"]["ko"] == "라피더스" and rapidus["url"] == "kb/company/rapidus/"
    assert all(s["sources"] for e in data["entities"] for s in e["statements"])
    assert any(s["disputed"] for s in rapidus["statements"])
    assert {s["id"] for s in data["sources"]} == {
        i for i, e in entities.items() if e["type"] == "source"
    }
    assert "founded_by" in data["vocabulary"]["properties"]
    assert (built_site / entities["rapidus"]["url"] / "index.html").is_file()


@pytest.mark.parametrize(
    ("url", "inverse_label"),
    [
        ("kb/company/rapidus", "Referenced by"),
        ("kb/company/nvidia", "Referenced by"),
        ("kb/company/tsmc", "Referenced by"),
        ("kb/agreement/us-japan-semiconductor-agreement-1986", "Referenced by"),
    ],
)
def test_flagship_pages_show_sourced_statements_and_inverses(built_site, url, inverse_label):
    html = page(built_site, url)
    assert 'id="statements">Statements' in html
    assert inverse_label in html
    assert html.count('class="footnote-ref"') >= 5
    assert '<div class="footnote">' in html
    assert '<svg class="semikb-graph"' in html


def test_relations_show_on_both_ends(built_site):
    rapidus = page(built_site, "kb/company/rapidus")
    koike = page(built_site, "kb/person/atsuyoshi-koike")
    assert 'href="../../person/atsuyoshi-koike/"' in rapidus
    assert "Chief executive of" in koike and 'href="../../company/rapidus/"' in koike


def test_search_index_holds_names_in_every_script(built_site):
    docs = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    index = "\n".join(d["title"] + " " + d["text"] for d in docs)
    for name in (
        "Rapidus",
        "라피더스",
        "ラピダス",
        "젠슨 황",
        "ジェンスン・フアン",
        "台湾積体電路製造",
        "미일 반도체 협정",
        "日米半導体協定",
    ):
        assert name in index, name


class _Loads(HTMLParser):
    """Collects every URL a page would load (not links a reader may follow)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and attrs.get(
            "src"
        ):
            self.urls.append(attrs["src"])
        if (
            tag == "link"
            and attrs.get("href")
            and set((attrs.get("rel") or "").split())
            & {
                "stylesheet",
                "preload",
                "icon",
                "modulepreload",
                "prefetch",
                "preconnect",
                "dns-prefetch",
                "manifest",
            }
        ):
            self.urls.append(attrs["href"])
        if tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])
        for value in (attrs.get("style") or "", attrs.get("srcset") or ""):
            self.urls += re.findall(r"url\(['\"]?([^'\")]+)", value) + re.findall(
                r"(https?://\S+)", value
            )


def test_nothing_is_loaded_from_another_host(built_site):
    offenders = []
    for html_file in built_site.rglob("*.html"):
        parser = _Loads()
        parser.feed(html_file.read_text("utf-8"))
        offenders += [
            (html_file.relative_to(built_site).as_posix(), u)
            for u in parser.urls
            if urlsplit(u).netloc or u.startswith("//")
        ]
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"url\(['\"]?([^'\")]+)", css.read_text("utf-8")):
            if urlsplit(url).netloc or url.startswith("//"):
                offenders.append((css.name, url))
        assert "fonts.googleapis" not in css.read_text("utf-8")
    assert offenders == []


def test_the_site_has_a_404_page_and_a_footer_with_licence_and_build_date(built_site):
    assert (built_site / "404.html").is_file()
    home = (built_site / "index.html").read_text("utf-8")
    assert "CC BY 4.0" in home and re.search(r"Built \d{4}-\d{2}-\d{2}", home)


def test_entity_pages_are_not_listed_in_the_navigation(built_site):
    """Listing thousands of entity pages in the nav makes the build quadratic."""
    home = (built_site / "index.html").read_text("utf-8")
    assert "kb/company/rapidus/" not in home.split('class="md-content"')[0]


def test_glossary_terms_are_tooltips(built_site):
    html = page(built_site, "kb/technology/euv-lithography")
    assert re.search(r'<abbr title="Extreme ultraviolet lithography[^"]*">EUV</abbr>', html)


def test_downloads_metadata_and_sitemap(built_site, site_port):
    served = f"http://127.0.0.1:{site_port}/semikb/"  # the address the test build is for
    for name in (
        "kb.json",
        "vocabulary.json",
        "company.csv",
        "statements.csv",
        "timeline.atom",
        "milestones.ics",
    ):
        assert (built_site / "data" / name).stat().st_size > 100, name
    html = page(built_site, "kb/company/rapidus")
    assert '<meta property="og:title" content="Rapidus">' in html
    assert f'<link rel="canonical" href="{served}kb/company/rapidus/">' in html
    assert '<script type="application/ld+json">' in html
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{served}kb/company/rapidus/</loc>" in sitemap


def test_json_ld_in_entity_pages_is_valid_json(built_site):
    for url in (
        "kb/company/rapidus",
        "kb/person/jensen-huang",
        "kb/agreement/us-japan-semiconductor-agreement-1986",
    ):
        block = re.search(
            r'<script type="application/ld\+json">(.*?)</script>', page(built_site, url), re.S
        ).group(1)
        data = json.loads(block)
        assert data["@context"] == "https://schema.org" and data["name"]


def test_a_bad_entity_stops_mkdocs_with_its_location_and_keeps_the_pages(tmp_path):
    import subprocess
    import sys

    from tests.helpers import PROJECT, copy_project, mkdocs_build

    project = copy_project(tmp_path / "project", PROJECT / "tests" / "fixtures" / "kb" / "entities")
    (project / "docs" / "index.md").write_text("# Home\n")
    (project / "docs-ko" / "index.md").write_text("# Home\n")
    assert mkdocs_build(project, project / "site").returncode == 0
    generated = project / "docs" / "kb"
    before = {p: p.read_bytes() for p in generated.rglob("*") if p.is_file()}
    (project / "entities" / "company" / "beta-chips.yaml").write_text(
        "id: beta-chips\nname: {en: [Beta}\n"
    )
    (project / "entities" / "person" / "jane-roe.yaml").write_text(
        (project / "entities" / "person" / "jane-roe.yaml")
        .read_text()
        .replace("target: springfield", "target: shelbyville")
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "entities/company/beta-chips.yaml:2:" in result.stderr
    assert (
        "entities/person/jane-roe.yaml:" in result.stderr
        and "no entity with id 'shelbyville'" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in generated.rglob("*") if p.is_file()} == before


VISIBLE_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()#+\-.!|$~^<>]|&(?:amp|lt|gt|quot|#x?[0-9a-fA-F]+);")


def test_no_page_shows_a_markdown_backslash_or_a_double_escaped_entity(built_site):
    from tests.test_hostile import visible_blocks

    found = [
        f"{page.relative_to(built_site)}: {match.group(0)!r} in {block[:80]!r}"
        for page in sorted(built_site.rglob("*.html"))
        for block in visible_blocks(page)
        for match in VISIBLE_ESCAPE.finditer(block)
    ]
    assert found == []


def test_a_page_out_of_the_nav_shows_where_it_is(built_site):
    """Breadcrumbs to its index, its tab active, its section in the sidebar."""
    html = page(built_site, "kb/company/rapidus")
    path = re.search(r'<nav class="md-path".*?</nav>', html, re.S)
    assert path is not None
    crumbs = re.findall(
        r'class="md-path__link">\s*<span class="md-ellipsis">\s*([^<]*?)\s*<', path.group()
    )
    assert crumbs == ["Home", "Browse", "Companies"]
    active_tab = re.search(
        r'md-tabs__item--active">\s*<a href="[^"]*" class="md-tabs__link">\s*([^<]*?)\s*<', html
    )
    assert active_tab and active_tab.group(1) == "Browse"
    # the sidebar shows the Browse section open, with the type index marked active
    assert "md-nav__item md-nav__item--active md-nav__item--section" in html
    decade = page(built_site, "kb/timeline/1980s")
    assert re.search(
        r'md-tabs__item--active">\s*<a href="[^"]*" class="md-tabs__link">\s*Timeline', decade
    )
    korean = page(built_site, "ko/kb/company/rapidus")
    crumbs = re.findall(
        r'class="md-path__link">\s*<span class="md-ellipsis">\s*([^<]*?)\s*<', korean
    )
    assert crumbs == ["홈", "둘러보기", "기업"]
