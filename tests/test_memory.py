"""The generator's memory between runs (semikb/memory.py): a run that reuses earlier files
and pages writes exactly what a fresh run writes, edit after edit."""

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from semikb import pipeline
from semikb.memory import Memory
from semikb.problems import SemikbError
from semikb.settings import load_settings
from tests.helpers import FIXTURES, entity_yaml

Edit = Callable[[Path], None]


def replace(relative: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / "entities" / relative
        text = path.read_text("utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), "utf-8")

    edit.__name__ = f"{relative}: {old!r} → {new!r}"
    return edit


def write(relative: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / "entities" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")

    edit.__name__ = f"write {relative}"
    return edit


def delete(relative: str) -> Edit:
    def edit(root: Path) -> None:
        (root / "entities" / relative).unlink(missing_ok=True)

    edit.__name__ = f"delete {relative}"
    return edit


def touch_vocabulary(root: Path) -> None:
    path = root / "schema" / "vocabulary.yaml"
    path.write_text(path.read_text("utf-8") + "# touched\n", "utf-8")


NEW_COMPANY = entity_yaml(
    "gamma-fab",
    statements="""
    located_in:
      - target: springfield
        sources: [gazette-2001]
    """,
)

ACME_TWIN = """\
id: acme-twin
type: company
name: {en: Acme Foundry}
summary: {en: Another company of the same name.}
statements:
  founded:
    - value: 2001-04-02
      sources: [gazette-2001]
"""

# Edits that apply in any order, each to what a page shows in its own way.
ANY_ORDER: list[Edit] = [
    replace("company/acme-foundry.yaml", "A fictional foundry", "An imaginary foundry"),
    replace("person/jane-roe.yaml", "Jane Roe", "Janet Roe"),
    replace("source/gazette-2001.yaml", "Springfield Gazette", "The Springfield Gazette"),
    replace("place/springfield.yaml", "Springfield", "Springfield Heights"),
    replace("person/jane-roe.yaml", "1960-02-29", "1961-03-01"),
    replace("company/acme-foundry.yaml", "rank: disputed", "rank: normal"),  # the disputes
    replace("company/acme-foundry.yaml", "note: Joint development", "note: Joint research"),
    replace("company/acme-foundry.yaml", "amount: 70000000000", "amount: 80000000000"),
    replace("company/acme-foundry.yaml", "aliases: [Acme, ACME Corp.]", "aliases: [Acme]"),
    replace("source/blog-acme.yaml", "publisher: ", "publisher: Zeta "),  # another initial
    # The value that corrects a disputed claim: shown on the disputed claim's source's page.
    replace("agreement/test-accord.yaml", "value: 1991-03-31", "value: 1991-04-30"),
    # The summary of an entity without statements: its type's index shows it.
    replace("place/springfield.yaml", "A fictional town.", "An imaginary town."),
    # A relation that goes: the page it pointed at no longer shows it.
    replace(
        "agreement/test-accord.yaml",
        "    - target: beta-chips\n      sources: [gazette-2001]\n",
        "",
    ),
]

EDITS: list[Edit] = [
    *ANY_ORDER,
    # A new reference from an existing entity: pages that did not name it show it now.
    replace(
        "company/beta-chips.yaml",
        "statements:\n",
        "statements:\n  headquarters:\n    - target: springfield\n      sources: [gazette-2001]\n",
    ),
    write("company/gamma-fab.yaml", NEW_COMPANY),
    replace("company/gamma-fab.yaml", "springfield", "springfeld"),  # a broken reference
    replace("company/gamma-fab.yaml", "springfeld", "springfield"),
    replace("company/beta-chips.yaml", "type: company", "type: compnay"),  # an invalid file
    replace("company/beta-chips.yaml", "type: compnay", "type: company"),
    delete("company/gamma-fab.yaml"),
    # A namesake founded the same day: the timeline orders the two by file, also when the
    # first is read again and placed among the statements kept from the last run.
    write("company/acme-twin.yaml", ACME_TWIN),
    replace("company/acme-foundry.yaml", "to test the generator", "to test the timeline"),
    touch_vocabulary,
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURES / "kb", root)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'editions = ["en", "ko"]\n')
    return root


def written(root: Path) -> dict[str, dict[str, bytes]]:
    """Each edition's generated tree, page by page."""
    settings = load_settings(root)
    trees = {}
    for code in settings.editions:
        output = settings.edition_output_path(code)
        trees[code] = {
            p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted(output.rglob("*"))
            if p.is_file() and not p.name.startswith(".")
        }
    return trees


def fresh(root: Path) -> dict[str, dict[str, bytes]]:
    settings = load_settings(root)
    return {code: pipeline.render(settings, code) for code in settings.editions}


def run(root: Path, memory: Memory) -> bool:
    """Generate with the memory; False when the knowledge base has problems."""
    try:
        pipeline.generate(load_settings(root), memory)
    except SemikbError:
        return False
    return True


def test_each_edit_writes_what_a_fresh_run_writes(project: Path) -> None:
    memory = Memory()
    assert run(project, memory)
    for edit in EDITS:
        edit(project)
        if run(project, memory):
            assert written(project) == fresh(project), edit.__name__


@pytest.mark.parametrize("seed", range(3))
def test_random_sequences_of_edits_write_what_a_fresh_run_writes(project: Path, seed: int) -> None:
    memory = Memory()
    assert run(project, memory)
    edits = random.Random(seed).sample(ANY_ORDER, k=len(ANY_ORDER))
    for edit in edits:
        edit(project)
        assert run(project, memory), edit.__name__
        assert written(project) == fresh(project), edit.__name__


def test_an_unchanged_knowledge_base_is_neither_read_nor_rendered_again(project: Path) -> None:
    memory = Memory()
    assert run(project, memory)
    files = dict(memory.files)
    assert memory.memo("en").rendered
    assert run(project, memory)
    assert memory.files == files
    assert all(memory.files[path] is files[path] for path in files)  # not read again
    assert memory.memo("en").rendered == []
    assert memory.memo("ko").rendered == []


def rendered_pages(memory: Memory) -> tuple[set[str], set[str]]:
    """Entity pages, and timeline periods and bibliography parts, the last run rendered."""
    rendered = set(memory.memo("en").rendered)
    parts = {page for page in rendered if page.startswith(("timeline/", "sources/"))}
    entity_pages = {
        page
        for page in rendered - parts
        if page.count("/") == 1 and page.endswith(".md") and not page.endswith("/index.md")
    }
    return entity_pages, parts


def test_one_edit_renders_the_pages_that_show_it_and_the_site_wide_ones(project: Path) -> None:
    memory = Memory()
    assert run(project, memory)
    replace("company/beta-chips.yaml", "A second fictional company", "Another company")(project)
    assert run(project, memory)
    entity_pages, parts = rendered_pages(memory)
    # A summary is shown on its own page and its type's index, and it is in the exports.
    # Not on the pages that only link to it or show its statements (the page of their
    # source, the timeline and the bibliography among them), nor on the pages that count
    # or list every entity.
    assert entity_pages == {"company/beta-chips.md"}
    assert parts == set()
    rendered = set(memory.memo("en").rendered)
    assert {"company/index.md", "kb.json", "data/company.csv"} <= rendered
    assert not rendered & {"index.md", "timeline.md", "disputes.md", "sources.md", "graph.md"}


def test_a_summary_is_not_rendered_on_the_pages_its_statements_are_on(project: Path) -> None:
    memory = Memory()
    assert run(project, memory)
    replace("agreement/test-accord.yaml", "A fictional agreement.", "An edited agreement.")(project)
    assert run(project, memory)
    entity_pages, _ = rendered_pages(memory)
    # The parties' pages show the accord's relations to them, and its sources' pages the
    # statements they support: none of them changed.
    assert entity_pages == {"agreement/test-accord.md"}


def test_a_new_name_renders_every_page_that_links_to_it(project: Path) -> None:
    memory = Memory()
    assert run(project, memory)
    replace("company/beta-chips.yaml", "Beta Chips", "Beta Semiconductor")(project)
    assert run(project, memory)
    entity_pages, parts = rendered_pages(memory)
    # beta-chips, the entities that point at it, its source, the source of the statements
    # that name it; every period and part with a statement that names it
    assert entity_pages == {
        "company/beta-chips.md",
        "company/acme-foundry.md",
        "agreement/test-accord.md",
        "source/blog-acme.md",
        "source/gazette-2001.md",
    }
    assert parts == {"sources/e.md", "sources/s.md", "timeline/1980s.md", "timeline/2020s.md"}


def test_an_unchanged_knowledge_base_is_not_resolved_again(project: Path) -> None:
    memory = Memory()
    settings = load_settings(project)
    first = pipeline.check(settings, memory).graph
    assert pipeline.check(settings, memory).graph is first
    replace("company/beta-chips.yaml", "A second fictional company", "Another company")(project)
    edited = pipeline.check(settings, memory).graph
    assert edited is not first
    assert edited.entities["beta-chips"].summary["en"].startswith("Another company")
    # a new file that fails is reported, even though every other file is unchanged
    write("company/broken.yaml", "id: broken\ntype: compnay\n")(project)
    with pytest.raises(SemikbError):
        pipeline.check(settings, memory)
