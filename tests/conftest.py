"""Shared helpers: small knowledge bases built inline under tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from semikb.settings import Settings, load_settings

PROJECT = Path(__file__).resolve().parent.parent
VOCABULARY = PROJECT / "schema" / "vocabulary.yaml"

SOURCE = """\
id: {id}
type: source
name: {{en: A source}}
summary: {{en: A test source.}}
url: https://example.org/{id}
publisher: Example
published: 2024-11-13
language: en
"""


def entity_yaml(id: str, type: str = "company", statements: str = "", **extra: str) -> str:
    lines = [f"id: {id}", f"type: {type}", f"name: {{en: {id.title()}}}", "summary: {en: Test entity.}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    if statements:
        lines.append("statements:")
        lines.append(textwrap.indent(textwrap.dedent(statements).strip("\n"), "  "))
    return "\n".join(lines) + "\n"


class KB:
    """A knowledge base in a temporary folder, using the project's vocabulary."""

    def __init__(self, root: Path):
        self.root = root
        (root / "entities").mkdir(parents=True, exist_ok=True)
        self.add("source", "src", SOURCE.format(id="src"))

    def add(self, type: str, id: str, text: str | bytes) -> Path:
        path = self.root / "entities" / type / f"{id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8")
        else:
            path.write_bytes(text)
        return path

    @property
    def settings(self) -> Settings:
        return load_settings(self.root, vocabulary=str(VOCABULARY))


@pytest.fixture
def kb(tmp_path: Path) -> KB:
    return KB(tmp_path)
