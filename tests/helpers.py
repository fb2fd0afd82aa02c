"""Test helpers: small knowledge bases built inline under tmp_path, and the real project."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from semikb.pipeline import check
from semikb.problems import SemikbError
from semikb.resolve import Graph
from semikb.settings import Settings, load_settings

PROJECT = Path(__file__).resolve().parent.parent
# Where browser tests leave their screenshots (not committed; CI keeps them).
ARTIFACTS = PROJECT / "test-artifacts"
VOCABULARY = PROJECT / "schema" / "vocabulary.yaml"
FIXTURES = Path(__file__).parent / "fixtures"

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
    lines = [
        f"id: {id}",
        f"type: {type}",
        f"name: {{en: {id.title()}}}",
        "summary: {en: Test entity.}",
    ]
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

    def graph(self) -> Graph:
        return check(self.settings).graph

    def write_pyproject(self, extra: str = "") -> None:
        """For tests that drive the CLI, which reads its settings from pyproject.toml."""
        (self.root / "pyproject.toml").write_text(
            f'[tool.semikb]\nvocabulary = "{VOCABULARY}"\nedit_url = "https://example.org/edit/"\n{extra}'
        )

    def problems(self) -> list[str]:
        """What `check` reports, as the CLI prints it; fails if it reports nothing."""
        with pytest.raises(SemikbError) as error:
            check(self.settings)
        return [str(p) for p in error.value.problems]


# An inline knowledge base with what the fixture lacks: an event with a period, a
# government body, a founder, a URL value, planned steps on the same date, and text
# full of characters that CSV, XML, iCalendar and HTML each treat specially.
TRICKY = 'Commas, semicolons; a backslash \\ "quotes" <script>alert(1)</script> & more'
LONG_KO = (
    "라피더스는 홋카이도 치토세에서 2나노 로직 반도체를 양산하기 위해 2022년에 설립된 일본의 파운드리 기업이다"
    * 2
)


def edge_graph(kb: KB) -> Graph:
    """The edge cases above, added to ``kb``."""
    kb.add("place", "town", "id: town\ntype: place\nname: {en: Town}\nsummary: {en: A town.}\n")
    kb.add(
        "person",
        "pat",
        "id: pat\ntype: person\nname: {en: Pat Doe, ja: パット}\nsummary: {en: A founder.}\n"
        "statements:\n  nationality:\n    - target: town\n      sources: [src]\n",
    )
    kb.add(
        "organization",
        "ministry",
        "id: ministry\ntype: organization\nname: {en: Ministry}\nsummary: {en: A ministry.}\n"
        "tags: [government]\nwikidata: Q42\n",
    )
    kb.add(
        "company",
        "newco",
        f"""\
id: newco
type: company
name: {{en: Newco, ko: 뉴코}}
aliases: [NC]
summary: {{en: {json.dumps(TRICKY)}, ko: {json.dumps(LONG_KO)}}}
wikipedia: https://en.wikipedia.org/wiki/Newco
statements:
  founded:
    - value: 2022-08
      sources: [src]
  founded_by:
    - target: pat
      sources: [src]
  parent_organization:
    - target: ministry
      sources: [src]
  located_in:
    - target: town
      sources: [src]
  funding:
    - amount: 1.5
      unit: "%"
      date: 2026
      planned: true
      note: "Line one\\nline two"
      sources: [src]
  milestone:
    - value: {{en: "Pilot line, phase 1; \\"first\\" wafers"}}
      date: 2025-04
      planned: true
      sources: [src]
    - value: {{en: Second step}}
      date: 2025-04
      planned: true
      note: {{ko: {json.dumps(LONG_KO)}}}
      sources: [src]
""",
    )
    kb.add(
        "event",
        "summit",
        """\
id: summit
type: event
name: {en: Chip Summit}
summary: {en: A summit.}
statements:
  happened:
    - value: 2023-05-19
      start: 2023-05-19
      end: 2023-05-21
      sources: [src]
  located_in:
    - target: town
      sources: [src]
  website:
    - value: https://example.org/summit?a=1&b=2
      sources: [src]
""",
    )
    return check(kb.settings).graph


PROJECT_FILES = (
    "mkdocs.yml",
    "mkdocs.ko.yml",
    "pyproject.toml",
    "docs",
    "docs-ko",
    "schema",
    "scripts",
)


def copy_project(destination: Path, entities: Path) -> Path:
    """A copy of the project's site sources with the given entities, to build without touching the repo."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(
                source, destination / name, ignore=shutil.ignore_patterns("kb", "__pycache__")
            )
        else:
            shutil.copy2(source, destination / name)
    shutil.copytree(entities, destination / "entities")
    return destination


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )


CHROMIUM = Path("/usr/bin/chromium")
# Flags as the machine's probe uses them: no sandbox as root, and no background
# traffic (the network is closed; Chromium would otherwise keep trying Google hosts).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def page_jsonld(markdown: str) -> dict[str, object]:
    """The schema.org JSON-LD a generated entity page carries in its front matter."""
    import json

    import yaml

    front = markdown.split("\n---\n", 1)[0].removeprefix("---\n")
    data: dict[str, object] = json.loads(yaml.safe_load(front)["semikb_jsonld"])
    return data
