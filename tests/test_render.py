"""Golden output of the fixture knowledge base, and what rendering must never do."""

from functools import cache

from semikb.pipeline import render
from semikb.settings import load_settings
from tests.helpers import FIXTURES


@cache
def rendered_fixture() -> dict[str, bytes]:
    return render(load_settings(FIXTURES / "kb"))


def test_fixture_matches_golden_files():
    """Regenerate with `python scripts/update_golden.py` after an intended change."""
    golden_dir = FIXTURES / "golden"
    golden = {
        p.relative_to(golden_dir).as_posix(): p.read_bytes()
        for p in golden_dir.rglob("*")
        if p.is_file()
    }
    pages = rendered_fixture()
    assert sorted(pages) == sorted(golden)
    for path, data in pages.items():
        assert data.decode() == golden[path].decode(), path


def test_entity_page_shows_names_statements_footnotes_and_inverses():
    page = rendered_fixture()["company/acme-foundry.md"].decode()
    assert "# Acme Foundry\n" in page
    assert (
        "*Company* — also known as 애크미 파운드리, アクメ・ファウンドリ, Acme, ACME Corp." in page
    )
    assert '- May 2001 — <span class="semikb-disputed">⚠ disputed</span>' in page
    assert '2027 — <span class="semikb-planned">planned</span>' in page
    assert (
        "[^1]: [Acme founded in Springfield](https://example.org/gazette/2001/acme_%28founding%29)"
        in page
    )
    assert (
        "### Party to { data-search-exclude }\n\n- [Test Accord](../agreement/test-accord.md)"
        in page
    )


def test_symmetric_relations_show_on_both_ends():
    beta = rendered_fixture()["company/beta-chips.md"].decode()
    assert (
        "### Partner of { data-search-exclude }\n\n- [Acme Foundry](../company/acme-foundry.md)"
        in beta
    )


def test_markup_in_text_is_escaped():
    beta = rendered_fixture()["company/beta-chips.md"].decode()
    assert "&lt;b&gt;not bold&lt;/b&gt; and \\*not italic\\*" in beta
    assert 'description: "A second fictional company: ‹b›not bold‹/b› and *not italic*."' in beta
