"""Content safety: a knowledge base of hostile strings builds into HTML with no injected markup."""

import json
from html.parser import HTMLParser

import pytest

from tests.helpers import SOURCE, copy_project, mkdocs_build

pytestmark = pytest.mark.slow

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</title><script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "<javascript:alert(1)>",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    '{: onclick="alert(1)" }',
    "*[EUV]: <b onmouseover=alert(1)>",
    "[^1]: [x](javascript:alert(1))",
    "--> <!-- ",
    "<style>body{display:none}</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "# heading\n\n<iframe src=//evil.example>",
]


def yaml_text(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def hostile_entities(folder):
    (folder / "source").mkdir(parents=True)
    (folder / "company").mkdir()
    (folder / "source" / "src.yaml").write_text(SOURCE.format(id="src"))
    joined = " ".join(HOSTILE)
    (folder / "company" / "evil.yaml").write_text(f"""\
id: evil
type: company
name: {{en: {yaml_text(HOSTILE[2])}, ko: {yaml_text(HOSTILE[0])}, ja: {yaml_text(HOSTILE[3])}}}
aliases: [{", ".join(yaml_text(h) for h in HOSTILE)}]
summary: {{en: {yaml_text(joined)}, ko: {yaml_text(HOSTILE[1])}}}
statements:
  milestone:
    - value: {{en: {yaml_text(HOSTILE[4])}, ko: {yaml_text(HOSTILE[9])}}}
      date: 2024
      note: {{en: {yaml_text(HOSTILE[7])}}}
      sources: [src]
  claim:
    - value: {yaml_text(HOSTILE[13])}
      sources: [src]
  partner_of:
    - target: good
      note: {yaml_text(HOSTILE[10] + HOSTILE[11])}
      sources: [src]
""")
    (folder / "company" / "good.yaml").write_text(
        "id: good\ntype: company\nname: {en: Good}\nsummary: {en: A plain company.}\n"
    )


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.in_script: str | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if (
                name in ("href", "src", "xlink:href", "action")
                and value
                and value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
            ):
                self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag in ("iframe", "object", "embed", "style") or (
            tag == "img" and dict(attrs).get("src") == "x"
        ):
            self.problems.append(f"injected <{tag}>")
        if tag == "script":
            self.in_script = dict(attrs).get("type") or "text/javascript"

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = None

    def handle_data(self, data):
        if self.in_script and "alert" in data:
            if self.in_script == "application/ld+json":
                json.loads(data)  # data, not code: it must still be valid JSON
            else:
                self.problems.append(f"script containing {data[:60]!r}")


def test_hostile_strings_never_become_markup(tmp_path):
    entities = tmp_path / "entities"
    hostile_entities(entities)
    project = copy_project(tmp_path / "project", entities)
    (project / "docs" / "index.md").write_text(
        "# Home\n"
    )  # the real home links to the real entities
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    pages = [
        site / "kb" / "company" / "evil" / "index.html",
        site / "kb" / "company" / "good" / "index.html",
        site / "kb" / "timeline" / "index.html",
        site / "kb" / "company" / "index.html",
        site / "kb" / "source" / "src" / "index.html",
    ]
    for page in pages:
        inspector = Inspector()
        html = page.read_text("utf-8")
        inspector.feed(html)
        assert inspector.problems == [], page
        assert "<iframe" not in html and "<style>body" not in html
    evil = pages[0].read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in evil  # shown as text
    data = json.loads((site / "data" / "kb.json").read_text("utf-8"))
    evil = next(e for e in data["entities"] if e["id"] == "evil")
    assert evil["name"]["ko"] == HOSTILE[0]  # data keeps it verbatim
