"""The two editions: English at the root, Korean under ko/, from the same entity files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from semikb.i18n import Language, translations
from semikb.model import Date, Quantity
from semikb.pipeline import check, render
from semikb.settings import load_settings
from tests.helpers import FIXTURES, PROJECT, page_jsonld

KOREAN = Language("ko")


def phrases() -> list[str]:
    """Every fixed phrase of the code and templates (as `pybabel extract` finds them)."""
    method_map = [("semikb/**.py", "python"), ("semikb/templates/**.j2", "jinja2")]
    options = {"semikb/templates/**.j2": {"trim_blocks": "true", "lstrip_blocks": "true"}}
    found = extract_from_dir(str(PROJECT), method_map, options, keywords={"t": None, "plain": None})
    return sorted({message for _, _, message, _, _ in found if isinstance(message, str)})


def test_every_phrase_has_a_korean_translation():
    catalog = translations("ko")
    untranslated = [
        p
        for p in phrases()
        if catalog.gettext(p) == p and re.search("[A-Za-z]{3}", re.sub(r"\{\w+\}", "", p))
    ]
    assert untranslated == ["iCalendar"]  # a name


@pytest.mark.parametrize(
    ("date", "english", "korean"),
    [
        (Date(2022, 8, 10), "10 August 2022", "2022년 8월 10일"),
        (Date(2022, 8), "August 2022", "2022년 8월"),
        (Date(2022), "2022", "2022년"),
    ],
)
def test_dates_keep_their_precision_in_each_language(date, english, korean):
    assert (Language("en").date(date), KOREAN.date(date)) == (english, korean)


def test_amounts_read_as_each_language_writes_them_with_the_exact_value_as_tooltip():
    ten_trillion = Quantity(10_000_000_000_000, "JPY")
    assert Language("en").quantity(ten_trillion) == (
        '<span title="10,000,000,000,000 JPY">¥10 trillion</span>'
    )
    assert KOREAN.quantity(Quantity(7_300_000_000, "JPY")).endswith(">73억 엔</span>")


@pytest.fixture(scope="module")
def korean_pages() -> dict[str, str]:
    return {k: v.decode() for k, v in render(load_settings(FIXTURES / "kb"), "ko").items()}


def test_the_korean_edition_shows_korean_names_labels_and_summaries(korean_pages):
    page = korean_pages["company/acme-foundry.md"]
    assert "\n# 애크미 파운드리\n" in page
    assert "*기업* — 다른 이름: Acme Foundry, アクメ・ファウンドリ, Acme, ACME Corp." in page
    assert "\n생성기 시험용 가상의 파운드리.\n" in page
    assert (
        '### 설립 { data-search-exclude }\n\n- 2001년 4월 2일 — <span class="semikb-preferred">우선</span>'
        in page
    )
    assert "A fictional foundry" not in page
    jsonld = page_jsonld(page)
    assert jsonld["@context"] == ["https://schema.org", {"@language": "ko"}]
    assert (jsonld["@type"], jsonld["name"]) == ("Corporation", "애크미 파운드리")


def test_no_english_fixed_phrase_is_left_in_the_korean_pages(korean_pages):
    english = [p for p in phrases() if translations("ko").gettext(p) != p and len(p) > 3]
    left = {
        (name, phrase)
        for name, text in korean_pages.items()
        if name.endswith(".md")
        for phrase in english
        if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", _visible(text))
    }
    assert left == set()


def _visible(markdown: str) -> str:
    """The page without its front matter, comments, scripts and link targets."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"<!--.*?-->|<script.*?</script>|<svg.*?</svg>", "", text, flags=re.S)
    return re.sub(r"\]\([^)]*\)", "]", text)


def test_both_editions_are_generated_in_one_pass(tmp_path):
    settings = load_settings(PROJECT)
    assert settings.editions == ("en", "ko")
    graph = check(settings).graph
    entities = [f"{e.type}/{e.id}.md" for e in graph.entities.values()]
    for code in settings.editions:
        output = settings.edition_output_path(code)
        if output.is_dir():  # written by an earlier build of this checkout
            assert all((output / page).is_file() for page in entities[:20])


@pytest.mark.slow
def test_every_entity_page_exists_in_both_built_editions(built_site: Path):
    entity_files = sorted((PROJECT / "entities").glob("*/*.yaml"))
    for edition in (built_site, built_site / "ko"):
        missing = [
            p.stem
            for p in entity_files
            if not (edition / "kb" / p.parent.name / p.stem / "index.html").is_file()
        ]
        assert missing == [], edition


@pytest.mark.slow
def test_korean_pages_are_korean(built_site: Path):
    rapidus = (built_site / "ko" / "kb" / "company" / "rapidus" / "index.html").read_text("utf-8")
    assert '<html lang="ko"' in rapidus
    assert re.search(r"<h1[^>]*>라피더스", rapidus)
    assert "주요 사실" in rapidus and "Key facts" not in rapidus
    english = (built_site / "kb" / "company" / "rapidus" / "index.html").read_text("utf-8")
    assert '<html lang="en"' in english and "Key facts" in english and "주요 사실" not in english


@pytest.mark.slow
def test_the_sitemaps_name_each_page_in_both_editions(built_site: Path, site_port: int):
    served = f"http://127.0.0.1:{site_port}/semikb/"  # the address the test build is for
    sitemap = (built_site / "ko" / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{served}ko/kb/company/rapidus/</loc>" in sitemap
    assert f'hreflang="en" href="{served}kb/company/rapidus/"' in sitemap


@pytest.mark.slow
def test_untranslated_hand_written_pages_say_so(built_site: Path):
    benchmarks = (built_site / "ko" / "benchmarks" / "index.html").read_text("utf-8")
    assert "아직 번역되지 않아 영어로 보여 줍니다." in benchmarks


@pytest.mark.slow
def test_no_english_fixed_phrase_is_left_in_the_built_korean_pages(built_site: Path):
    from tests.test_hostile import visible_blocks

    english = [p for p in phrases() if translations("ko").gettext(p) != p and " " in p]
    pages = [built_site / "ko" / "index.html", *sorted((built_site / "ko" / "kb").rglob("*.html"))]
    left = {
        (str(page.relative_to(built_site)), phrase)
        for page in pages
        for block in visible_blocks(page)
        for phrase in english
        if phrase in block
    }
    assert left == set()


def test_a_source_page_gives_its_dates_in_the_editions_language(korean_pages):
    assert "| 발행일 | 2001년 4월 3일 |" in korean_pages["source/gazette-2001.md"]
