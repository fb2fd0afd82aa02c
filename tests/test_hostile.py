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


ORDINARY = (
    "US$3.64 trillion (1930~2017), x^2 and 50% *not bold* _not italic_ [not a link] "
    "<not a tag> & 'single' \"double\" `tick` back\\slash a|b #1 +2 -3 1. 4! "
    "「括弧」、句点。中黒・¥10兆円 — 라피더스(Rapidus)·2나노 {braces}"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A project of hostile and ordinary strings, built by mkdocs."""
    root = tmp_path_factory.mktemp("hostile")
    entities = root / "entities"
    hostile_entities(entities)
    (entities / "company" / "plain.yaml").write_text(
        f"id: plain\ntype: company\nname: {{en: {yaml_text(ORDINARY[:40])}}}\n"
        f"summary: {{en: {yaml_text(ORDINARY)}}}\n"
        f"statements:\n  claim:\n    - value: {{en: {yaml_text(ORDINARY)}}}\n      sources: [src]\n"
    )
    project = copy_project(root / "project", entities)
    # The real home pages link to the real entities.
    (project / "docs" / "index.md").write_text("# Home\n")
    (project / "docs-ko" / "index.md").write_text("# 홈\n")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


class VisibleText(HTMLParser):
    """The text a reader sees, block by block (entities decoded, scripts left out)."""

    BLOCKS = ("p", "li", "h1", "h2", "h3", "td", "th", "title")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg"):
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and self.blocks:
            self.blocks[-1] += data


def visible_blocks(page) -> list[str]:
    parser = VisibleText()
    parser.feed(page.read_text("utf-8"))
    return [" ".join(block.split()) for block in parser.blocks]


def test_visible_text_is_the_yaml_text_character_for_character(site):
    blocks = visible_blocks(site / "kb" / "company" / "plain" / "index.html")
    assert ORDINARY in blocks  # the summary paragraph
    assert any(block.startswith(ORDINARY) for block in blocks if block != ORDINARY)  # the claim
    assert ORDINARY[:40] in visible_blocks(site / "kb" / "company" / "index.html")
    hostile = visible_blocks(site / "kb" / "company" / "evil" / "index.html")
    assert " ".join(" ".join(HOSTILE).split()) in hostile


def test_hostile_strings_never_become_markup(site):
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
