"""The knowledge base itself: complete, sourced, bilingual, connected.

These test the content of entities/, not the code: `pytest -m content` runs them alone.
"""

from functools import lru_cache
from urllib.parse import urlsplit

import pytest

from semikb.pipeline import check
from semikb.settings import load_settings
from tests.helpers import PROJECT

pytestmark = pytest.mark.content

ARTICLE = "valuable12-2024-11-15-nvidia-rapidus"
REQUIRED = {
    "company": "nvidia rapidus tsmc samsung-electronics smic ibm intel softbank-group softbank-corp fujitsu toyota sony ntt kioxia denso nec mufg-bank asml jasm elpida-memory"
    " toshiba sk-hynix arm renesas-electronics mitsubishi-electric texas-instruments umc globalfoundries amd apple qualcomm broadcom"
    " huawei openai tenstorrent tesla jsr shin-etsu-chemical sumco advantest screen-holdings lasertec disco"
    " sumitomo-mitsui-banking-corporation mizuho-bank",
    "organization": "government-of-japan meti ustr semiconductor-industry-association imec development-bank-of-japan japan-investment-corporation"
    " information-technology-promotion-agency nedo government-of-south-korea china-big-fund",
    "person": "jensen-huang masayoshi-son atsuyoshi-koike tetsuro-higashi morris-chang c-c-wei shigeru-ishiba clayton-yeutter nobuo-matsunaga ronald-reagan"
    " lee-byung-chull lee-kun-hee lee-jae-yong",
    "agreement": "us-japan-semiconductor-agreement-1986 us-japan-semiconductor-arrangement-1991 vancouver-joint-statement-1996 japan-ai-semiconductor-plan-2024"
    " chips-and-science-act plaza-accord k-chips-act us-advanced-chip-export-controls netherlands-export-controls japan-export-controls-2023"
    " economic-security-promotion-act",
    "event": "us-sanctions-on-japan-1987 nvidia-ai-summit-japan-2024 lost-decades",
    "technology": "process-2nm process-3nm gate-all-around euv-lithography dram dgx-b200 ai-ran nand-flash finfet high-na-euv advanced-packaging cowos gpu"
    " blackwell process-1-4nm",
    "place": "japan united-states taiwan south-korea china tokyo hokkaido chitose kumamoto kikuyo",
    "facility": "rapidus-iim-1 jasm-kumamoto-fab albany-nanotech-complex",
}
CLAIM_LABEL = {
    "en": "Claim in the source article (2024-11-15): ",
    "ko": "원문 기사(2024-11-15)의 주장: ",
}


@lru_cache(maxsize=1)
def graph():
    return check(load_settings(PROJECT)).graph


def entities(kind=None):
    return [
        e
        for e in graph().entities.values()
        if (e.type != "source")
        if kind is None or e.type == kind
    ]


def test_counts():
    sources = [e for e in graph().entities.values() if e.type == "source"]
    assert len(entities()) >= 130
    assert len(sources) >= 300


def test_every_required_entity_exists():
    # imec is an organization here, not a company: a research institute
    found = {e.id for e in graph().entities.values()}
    missing = {i for ids in REQUIRED.values() for i in ids.split()} - found
    assert missing == set()


def test_every_entity_has_english_and_korean_names_and_summaries():
    lacking = [
        e.id
        for e in entities()
        if not (
            e.name.get("en") and e.name.get("ko") and e.summary.get("en") and e.summary.get("ko")
        )
    ]
    assert lacking == []


def test_japanese_entities_have_japanese_names():
    japanese = [
        "rapidus",
        "softbank-group",
        "toyota",
        "sony",
        "kioxia",
        "denso",
        "nec",
        "fujitsu",
        "meti",
        "masayoshi-son",
        "atsuyoshi-koike",
        "tetsuro-higashi",
        "shigeru-ishiba",
        "tokyo",
        "hokkaido",
        "chitose",
    ]
    assert [i for i in japanese if not graph().entities[i].name.get("ja")] == []


def test_every_statement_is_sourced_and_every_source_has_a_url_and_date():
    assert [s.subject for s in graph().statements() if not s.sources] == []
    for source in graph().entities.values():
        if source.type == "source":
            assert source.source is not None, source.id
            assert urlsplit(source.source.url).scheme in ("http", "https"), source.id


def test_no_entity_is_an_island():
    islands = [
        e.id
        for e in entities()
        if not any(s.target for s in e.statements) and not graph().incoming.get(e.id)
    ]
    assert islands == []


def test_every_source_is_cited():
    uncited = [
        e.id
        for e in graph().entities.values()
        if e.type == "source" and not graph().citations.get(e.id)
    ]
    assert uncited == []


def test_aliases_cover_spelling_variants():
    assert "라피다스" in graph().entities["rapidus"].aliases
    assert "ジェンスン・ファン" in graph().entities["jensen-huang"].aliases


def test_planned_milestones_are_marked_planned():
    rapidus_2027 = [
        s for s in graph().entities["rapidus"].statements if s.when() and s.when().year == 2027
    ]
    assert rapidus_2027 and all(s.planned for s in rapidus_2027)
    future = [
        s
        for s in graph().statements()
        if s.when() and s.when().year >= 2027 and not s.planned and s.property not in ("claim",)
    ]
    assert future == []


def test_the_articles_claims_are_checked_against_other_sources():
    cited = graph().citations[ARTICLE]
    statuses = {graph().claim_status(s, ARTICLE)[0] for s in cited}
    assert len(cited) >= 10
    assert {"supported", "corrected"} <= statuses


@pytest.mark.parametrize(
    ("entity", "words"),
    [
        ("tsmc", "2"),  # the article's "only TSMC commercialised 2 nm" claim
        ("fujitsu", "Fujitsu"),  # the unverified Fujitsu link
    ],
)
def test_the_articles_errors_are_recorded_as_disputed_not_as_fact(entity, words):
    from_article = [
        s
        for s in graph().entities[entity].statements
        if ARTICLE in s.sources and s.property == "claim"
    ]
    about = [s for s in from_article if words in s.value.best("en")]
    assert about and all(s.disputed for s in about)


def test_disagreements_from_the_fact_sheet_stand_side_by_side():
    def ranks(entity, prop):
        return sorted(s.rank for s in graph().entities[entity].statements if s.property == prop)

    assert ranks("rapidus", "founded") == ["disputed", "preferred"]
    assert "disputed" in ranks("nvidia", "founded")
    assert "disputed" in ranks("us-japan-semiconductor-agreement-1986", "expired")


def test_the_articles_claims_are_labelled_alike_and_stored_once():
    claims = [s for s in graph().citations[ARTICLE] if s.property == "claim"]
    for claim in claims:
        for lang, label in CLAIM_LABEL.items():
            assert claim.value.get(lang, "").startswith(label), (claim.subject, lang)
    fujitsu = [s for s in claims if "Fujitsu" in s.value.best("en")]
    assert [s.subject for s in fujitsu] == ["fujitsu"]


def test_source_titles_carry_no_editorial_notes():
    notes = ("descriptive title", "headline not recorded", "(translated)")
    flagged = [
        e.id
        for e in graph().entities.values()
        if e.type == "source" and any(n in e.label for n in notes)
    ]
    assert flagged == []


def test_dated_estimates_form_a_series_with_the_latest_preferred():
    series = sorted(
        (s for s in graph().entities["rapidus"].statements if s.property == "estimated_cost"),
        key=lambda s: s.date,
    )
    assert len(series) >= 3
    assert [s.rank for s in series] == ["normal"] * (len(series) - 1) + ["preferred"]


def test_kioxia_was_founded_as_toshiba_memory_in_2017():
    founded = [
        s
        for s in graph().entities["kioxia"].statements
        if s.property == "founded" and s.rank == "preferred"
    ]
    assert [s.value.iso() for s in founded] == ["2017-04-01"]
