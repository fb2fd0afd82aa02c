"""The preview's quick rebuild (semikb/rebuild.py): after an entity edit it writes the
site a whole build writes, and anything it cannot rebuild takes the whole build."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from semikb.plugin import SemikbPlugin
from tests.helpers import PROJECT, copy_project, entity_yaml

pytestmark = pytest.mark.slow

SERVE_URL = "http://127.0.0.1:8000/semikb/"


class Preview:
    """`semikb serve` (a dirty preview) in this process, without its server."""

    def __init__(self, project: Path, site: Path):
        self.project, self.site = project, site
        config = self.config()
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url=SERVE_URL, dirty=True)
        plugin = config.plugins["semikb"]
        assert isinstance(plugin, SemikbPlugin)
        self.plugin = plugin
        self.whole_builds = 0

    def config(self, site: Path | None = None) -> MkDocsConfig:
        path = self.project / "mkdocs.yml"
        config = load_config(str(path), site_dir=str(site or self.site), strict=False)
        config.site_url = SERVE_URL
        return config

    def whole_build(self) -> None:
        """What the server's builder does: MkDocs's dirty build of a new configuration."""
        self.whole_builds += 1
        build(self.config(), serve_url=SERVE_URL, dirty=True)

    def save(self, edit: Callable[[Path], None]) -> None:
        edit(self.project)
        self.plugin._rebuild(self.whole_build)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    entities = PROJECT / "tests" / "fixtures" / "kb" / "entities"
    project = copy_project(tmp_path / "project", entities)
    for docs in ("docs", "docs-ko"):  # no links to the real knowledge base's entities
        (project / docs / "index.md").write_text("# Home\n", "utf-8")
    started = Preview(project, tmp_path / "site")
    yield started
    # The plugin instances outlive the test in this process: as a build leaves them,
    # and what the preview froze (see the plugin's _release_builds) back in the collector's
    # sight.
    started.config().plugins.on_startup(command="build", dirty=False)
    gc.unfreeze()


def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        path = project / relative
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")

    return edit


def site_files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.name.endswith(".gz")
    }


ACME = "entities/company/acme-foundry.yaml"


def test_an_entity_edit_rebuilds_what_a_whole_build_would_write(
    preview: Preview, tmp_path: Path
) -> None:
    before = site_files(preview.site)
    preview.save(replace(ACME, "A fictional foundry", "An imaginary foundry"))
    preview.save(replace(ACME, "note: Joint development", "note: Joint research"))
    assert preview.whole_builds == 0
    quick = site_files(preview.site)
    changed = {path for path in quick if quick[path] != before.get(path)}
    assert "kb/company/acme-foundry/index.html" in changed
    assert "ko/kb/company/acme-foundry/index.html" in changed
    assert "search/search_index.json" in changed

    # A preview started now, from the edited files.
    fresh = Preview(preview.project, tmp_path / "fresh")
    assert site_files(fresh.site) == quick
    index = json.loads(quick["search/search_index.json"])
    assert any("An imaginary foundry" in doc["text"] for doc in index["docs"])


def test_an_invalid_save_shows_its_problems_until_the_next_valid_one(preview: Preview) -> None:
    problems = preview.site / "assets" / "semikb" / "problems.json"
    before = site_files(preview.site)
    preview.save(replace(ACME, "type: company", "type: compnay"))
    shown = json.loads(problems.read_text("utf-8"))
    assert any("unknown type 'compnay'" in problem for problem in shown["problems"])
    assert (preview.site / "ko" / "assets" / "semikb" / "problems.json").read_text() == (
        problems.read_text()
    )
    assert {p: b for p, b in site_files(preview.site).items() if "problems" not in p} == {
        p: b for p, b in before.items() if "problems" not in p
    }
    preview.save(replace(ACME, "type: compnay", "type: company"))
    assert json.loads(problems.read_text("utf-8"))["problems"] == []
    assert preview.whole_builds == 0


def append(relative: str, text: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        with (project / relative).open("a", encoding="utf-8") as file:
            file.write(text)

    return edit


@pytest.mark.parametrize(
    "edit",
    [
        append("docs/index.md", "\nEdited.\n"),
        append("docs-ko/index.md", "\nEdited.\n"),
        append("mkdocs.yml", "\n# Edited.\n"),
        append("schema/glossary.yaml", "\n# Edited.\n"),
        append("entities/company/new-company.yaml", entity_yaml("new-company")),
    ],
    ids=["hand-written page", "edition's page", "configuration", "glossary", "new entity"],
)
def test_what_is_not_an_edit_of_entity_pages_takes_the_whole_build(
    preview: Preview, edit: Callable[[Path], None]
) -> None:
    preview.save(edit)
    assert preview.whole_builds == 1
