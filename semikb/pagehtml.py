"""Generated pages to HTML without Python-Markdown's machinery.

The templates write a small, closed kind of Markdown: headings with attributes,
paragraphs, tables, lists, raw HTML blocks, footnotes, and inline text that ``markdown``
escaped, with links, footnote references, emphasis and inline HTML tags. ``convert``
turns exactly that into the bytes that Python-Markdown, with the site's extensions
(abbr, snippets' auto-append, attr_list, footnotes, tables, toc with permalinks) and
MkDocs's link rewriting, writes for it, in a fraction of the time: converting the pages
was most of a build. Any other construct raises ``Unsupported`` and the page goes to
Python-Markdown as before; tests/test_pagehtml.py holds every generated page of the
knowledge base, in each edition, to byte equality with Python-Markdown.

Python-Markdown's order matters in three places, copied here: escapes and inline HTML
are placeholders while abbreviations are matched (so ``IIM\\-1`` never holds one);
footnote references are numbered in the breadth-first order of its inline pass (a
table cell after a list item of the same page); and heading ids avoid every id of the
page, footnotes' included.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from html import unescape as html_unescape
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, strip_tags, unique
from markdown.extensions.toc import slugify as default_slugify


class Unsupported(Exception):
    """The page has Markdown this converter does not write; Python-Markdown converts it."""


# Python-Markdown's escapable characters, with `|` from the tables extension.
_ESCAPED = "\\`*_{}[]()>#+-.!|"
_STX, _ETX = "\x02", "\x03"
_RE_AMP = re.compile(r"&(?!(?:\#[0-9]+|\#x[0-9a-f]+|[0-9a-z]+);)", re.I)
_SPECIAL = re.compile("[\x02&<>]")
_PLACEHOLDER = re.compile("\x02(\\d+)\x03")
_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")
# Inline Markdown in one pass, left to right. Python-Markdown applies its patterns one
# after another over the whole text instead; on text that ``markdown.escape`` wrote, the
# two agree (the hypothesis test in tests/test_pagehtml.py holds them to it), and
# ``special`` catches whatever else could start Markdown.
_INLINE = re.compile(
    r"\\(?P<escape>.)"
    r"|\[\^(?P<footnote>[^\]]*)\]"
    r"|\[(?P<link>(?:\\.|[^\\\[\]])*)\]\((?P<href>[^()\s<>\"]*)\)"
    r"|(?P<html><(?:/?[a-zA-Z][^<>@ ]*(?: [^<>]*)?|!--(?:(?!<!--|-->).)*--)>)"
    r"|(?P<entity>&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)"
    r"|\*\*(?P<strong>(?:\\.|[^\s*\\])(?:\\.|[^*\\])*?)\*\*(?!\*)"
    r"|\*(?P<em>(?:\\.|[^\s*\\])(?:\\.|[^*\\])*?)\*(?!\*)"
    r"|(?P<special>[\\`*_\[\]<&!])"
)
_ESCAPE = re.compile(r"\\.")
_ESCAPE_OR_PIPE = re.compile(r"\\.|\|")
_LINK = re.compile(r"\[(?P<link>(?:\\.|[^\\\[\]])*)\]\((?P<href>[^()\s<>\"]*)\)")
_HEADING = re.compile(r"^(?P<level>#{1,6})(?P<text>(?:\\.|[^\\])*?)#*$")
_HEADING_ATTRIBUTES = re.compile(r"[ ]+\{\:?([^}\n]*)\}[ ]*$")
_ATTRIBUTE = re.compile(r"^[A-Za-z][A-Za-z0-9_:.-]*$")
_FOOTNOTE = re.compile(r"^\[\^([^\]]*)\]:[ ]*(.*)$")
_ABBREVIATION = re.compile(r"^[*]\[([^\\]*?)\][ ]?:[ ]*(.*)$")
_ITEM = re.compile(r"^( {0,3}|    )- (.*)$")
_TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")
_ALIGN = {
    (False, False): None,
    (True, False): "text-align: left;",
    (False, True): "text-align: right;",
    (True, True): "text-align: center;",
}
# The ids MkDocs finds in raw HTML (its _RawHTMLPreprocessor) for its anchor checks.
_RAW_ID = re.compile(r"""<[a-zA-Z][^<>]*?\sid="([^"<>]*)\"""")
_RAW_BLOCK = re.compile(r"^<(figure|div|form|p|!--)[ >]")
_BLOCK_ATTRIBUTES = re.compile(r"^\{:[ ]*([^}\n]*?)[ ]*\}$")


def _escape_text(text: str) -> str:
    if "&" in text:
        text = _RE_AMP.sub("&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    return _escape_text(text).replace('"', "&quot;")


@dataclass(frozen=True)
class Dialect:
    """What the site's Markdown configuration makes of a page, where this module needs it."""

    slugify: Callable[[str, str], str]
    separator: str = "-"
    permalink: str = "&para;"
    permalink_title: str = "Permanent link"
    appended: str = ""  # the text snippets' auto_append adds to every page


@dataclass
class Converted:
    """A page as MkDocs would have it after rendering."""

    html: str
    toc_tokens: list[dict[str, Any]]
    anchors: set[str]
    # MkDocs's title from the content: the first block's text, if it is a level-1 heading.
    title: str | None
    # The HTML without the sections whose heading has data-search-exclude: what
    # Material's search indexes of the page, at a fraction of the parsing.
    search_html: str


# Inline content as a tree: text keeps Python-Markdown's placeholders until the end.
@dataclass(eq=False)
class _Element:
    tag: str
    # A value of None is an attribute without one (attr_list's bare words).
    attributes: list[tuple[str, str | None]] = field(default_factory=list)
    children: list[_Element | str] = field(default_factory=list)


@dataclass(eq=False)
class _Slot:
    """One element whose text Python-Markdown's inline pass processes, with its depth."""

    depth: int
    nodes: list[_Element | str]
    # The footnote references in it: each one's footnote and its element.
    footnotes: list[tuple[str, _Element]] = field(default_factory=list)


class _Page:
    def __init__(self, dialect: Dialect, resolve: Callable[[str], str]) -> None:
        self.dialect = dialect
        self.resolve = resolve
        self.stash: list[str] = []
        self.slots: list[_Slot] = []
        # Each footnote's number and text, in the order of their definitions.
        self.footnotes: dict[str, int] = {}
        self.footnote_text: dict[str, str] = {}
        self.abbreviations: dict[str, str] = {}
        self.abbreviation_re: re.Pattern[str] | None = None
        self.raw_ids: set[str] = set()
        self.ids: set[str] = set()  # of the elements made here (footnotes and references)

    # -- inline ---------------------------------------------------------------

    def stash_html(self, raw: str) -> str:
        # Python-Markdown reads escapes, code spans and links before inline HTML.
        if any(char in raw for char in "\\`["):
            raise Unsupported(f"inline HTML {raw!r} holds Markdown")
        self.raw_ids.update(_RAW_ID.findall(raw))
        self.stash.append(raw)
        return f"{_STX}wzxhzdk:{len(self.stash) - 1}{_ETX}"

    def inline(self, text: str, depth: int) -> list[_Element | str]:
        """Parse inline Markdown into nodes; register the slot for footnote numbering."""
        slot = _Slot(depth, [])
        slot.nodes = self._parse(text, slot, depth)
        self.slots.append(slot)
        return slot.nodes

    def _parse(self, text: str, slot: _Slot, depth: int) -> list[_Element | str]:
        nodes: list[_Element | str] = []
        buffer: list[str] = []
        position = 0
        while (match := _INLINE.search(text, position)) is not None:
            buffer.append(text[position : match.start()])
            kind = "link" if match.lastgroup == "href" else match.lastgroup
            if kind == "footnote" and match.group("footnote") not in self.footnotes:
                # Python-Markdown's footnote pattern passes over an undefined one,
                # and its link pattern may take the same text: [^](address).
                link = _LINK.match(text, match.start())
                if link is None:
                    raise Unsupported("a reference to an undefined footnote")
                match = link
                kind = "link"
            position = match.end()
            if kind == "escape":
                char = match.group("escape")
                if char not in _ESCAPED:
                    buffer.append("\\" + char)
                else:
                    buffer.append(f"{_STX}{ord(char)}{_ETX}")
            elif kind == "html":
                buffer.append(self.stash_html(match.group("html")))
            elif kind == "entity":
                buffer.append(self.stash_html(match.group("entity")))
            elif kind == "footnote":
                nodes.append("".join(buffer))
                buffer = []
                element = _Element("sup")  # numbered once every slot is known
                slot.footnotes.append((match.group("footnote"), element))
                nodes.append(element)
            elif kind in ("link", "em", "strong"):
                nodes.append("".join(buffer))
                buffer = []
                children = self._nested(match.group(kind), depth + 1)
                if kind == "link":
                    href = self.resolve(match.group("href"))
                    nodes.append(_Element("a", [("href", href)], children))
                else:
                    nodes.append(_Element(kind, [], children))
            else:
                raise Unsupported(f"{match.group(0)!r} outside the templates' Markdown")
        buffer.append(text[position:])
        nodes.append("".join(buffer))
        return [node for node in nodes if node != ""]

    def _nested(self, text: str, depth: int) -> list[_Element | str]:
        """A link's or emphasis's text, which the inline pass reads one level deeper."""
        slot = _Slot(depth, [])
        slot.nodes = self._parse(text, slot, depth)
        if slot.footnotes:
            raise Unsupported("a footnote reference inside a link or emphasis")
        return slot.nodes

    # -- blocks ---------------------------------------------------------------

    def heading(self, line: str) -> _Element:
        match = _HEADING.match(line)
        if match is None:
            raise Unsupported(f"heading {line!r}")
        text = match.group("text").strip()
        element = _Element(f"h{len(match.group('level'))}")
        if attributes := _HEADING_ATTRIBUTES.search(text):
            text = text[: attributes.start()]
            for name in attributes.group(1).split():
                if not _ATTRIBUTE.match(name):
                    raise Unsupported(f"heading attribute {name!r}")
                element.attributes.append((name, None))
        element.children = self.inline(text, 1)
        return element

    def paragraph(self, lines: list[str]) -> _Element:
        attributes: list[tuple[str, str | None]] = []
        if len(lines) == 2 and (match := _BLOCK_ATTRIBUTES.match(lines[1])):
            classes = match.group(1).split()
            valid = all(name[0] == "." and _ATTRIBUTE.match(name[1:]) for name in classes)
            if not classes or not valid:
                raise Unsupported(f"paragraph attributes {lines[1]!r}")
            attributes.append(("class", " ".join(name[1:] for name in classes)))
        elif len(lines) > 1:
            raise Unsupported("a paragraph of several lines")
        return _Element("p", attributes, self.inline(lines[0].lstrip(), 1))

    def table(self, lines: list[str]) -> _Element:
        if len(lines) < 2 or not _TABLE_RULE.match(lines[1]):
            raise Unsupported("a table without its rule")
        rule = [cell.strip() for cell in lines[1][1:-1].split("|")]
        aligns = [_ALIGN[(cell.startswith(":"), cell.endswith(":"))] for cell in rule]
        head = _Element("thead", [], [self.row(lines[0], "th", aligns)])
        body = _Element("tbody", [], [self.row(line, "td", aligns) for line in lines[2:]])
        return _Element("table", [], [head, body] if len(lines) > 2 else [head])

    def row(self, line: str, tag: str, aligns: list[str | None]) -> _Element:
        unescaped = _ESCAPE.sub("", line)
        if not (unescaped.startswith("|") and unescaped.endswith("|")) or "`" in unescaped:
            raise Unsupported(f"table row {line!r}")
        cells, start = [], 1
        for match in _ESCAPE_OR_PIPE.finditer(line, 1, len(line) - 1):
            if match.group(0) == "|":
                cells.append(line[start : match.start()])
                start = match.end()
        cells.append(line[start:-1])
        if len(cells) != len(aligns):
            raise Unsupported(f"table row {line!r} has {len(cells)} cells")
        return _Element(
            "tr",
            [],
            [
                _Element(tag, [] if a is None else [("style", a)], self.inline(c.strip(), 4))
                for c, a in zip(cells, aligns, strict=True)
            ],
        )

    def bullet_list(self, lines: list[str]) -> _Element:
        outer = _Element("ul")
        for line in lines:
            match = _ITEM.match(line)
            if match is None:
                raise Unsupported(f"list line {line!r}")
            indent, text = match.groups()
            if len(indent) < 4:
                outer.children.append(_Element("li", [], self.inline(text, 2)))
                continue
            if not outer.children:
                raise Unsupported("a nested item without a parent")
            parent = outer.children[-1]
            assert isinstance(parent, _Element)
            nested = parent.children[-1] if parent.children else None
            if not (isinstance(nested, _Element) and nested.tag == "ul"):
                nested = _Element("ul")
                parent.children.append(nested)
            nested.children.append(_Element("li", [], self.inline(text, 4)))
        return outer

    # -- footnotes and abbreviations -----------------------------------------

    def define(self, blocks: list[list[str]]) -> list[list[str]]:
        """Take the footnote and abbreviation definitions out, as their block processors
        do before any inline text is read."""
        kept = []
        definitions: dict[str, str] = {}
        for lines in blocks:
            if _FOOTNOTE.match(lines[0]):
                for line in lines:
                    match = _FOOTNOTE.match(line)
                    if match is None:
                        raise Unsupported(f"footnote continuation {line!r}")
                    if match.group(1) in definitions:
                        raise Unsupported(f"footnote {match.group(1)!r} defined twice")
                    definitions[match.group(1)] = match.group(2)
            elif _ABBREVIATION.match(lines[0]):
                for line in lines:
                    match = _ABBREVIATION.match(line)
                    if match is None:
                        raise Unsupported(f"abbreviation line {line!r}")
                    self.abbreviations[match.group(1)] = match.group(2).strip()
            else:
                kept.append(lines)
        self.footnotes = {name: number for number, name in enumerate(definitions, start=1)}
        self.footnote_text = definitions
        if self.abbreviations:
            keys = sorted(self.abbreviations, key=len, reverse=True)
            self.abbreviation_re = re.compile(f"\\b(?:{'|'.join(map(re.escape, keys))})\\b")
        return kept

    def footnote_div(self) -> tuple[_Element, list[_Element]]:
        items: list[_Element | str] = []
        paragraphs = []
        for name in self.footnotes:
            paragraph = _Element("p", [], self.inline(self.footnote_text[name], 4))
            paragraphs.append(paragraph)
            items.append(_Element("li", [("id", f"fn:{name}")], [paragraph]))
            self.ids.add(f"fn:{name}")
        div = _Element("div", [("class", "footnote")], [_Element("hr"), _Element("ol", [], items)])
        return div, paragraphs

    def back_references(self, paragraphs: list[_Element], counts: dict[str, int]) -> None:
        """End each footnote with a link back to each of its references."""
        for (name, number), paragraph in zip(self.footnotes.items(), paragraphs, strict=True):
            paragraph.children.append(self.stash_html("&#160;"))
            for i in range(1, max(counts.get(name, 0), 1) + 1):
                href = self.resolve(f"#fnref{'' if i == 1 else i}:{name}")
                title = f"Jump back to footnote {number} in the text"
                attributes: list[tuple[str, str | None]] = [
                    ("class", "footnote-backref"),
                    ("href", href),
                    ("title", title),
                ]
                paragraph.children.append(_Element("a", attributes, [self.stash_html("&#8617;")]))

    def number_references(self) -> dict[str, int]:
        """Give each footnote reference its id in the order of Python-Markdown's inline
        pass: breadth first, so a list item's references come before a table cell's."""
        counts: dict[str, int] = {}
        order = sorted(range(len(self.slots)), key=lambda i: (self.slots[i].depth, i))
        for index in order:
            for name, sup in self.slots[index].footnotes:
                count = counts[name] = counts.get(name, 0) + 1
                ref = f"fnref:{name}" if count == 1 else f"fnref{count}:{name}"
                sup.attributes = [("id", ref)]
                self.ids.add(ref)
                sup.children = [
                    _Element(
                        "a",
                        [("class", "footnote-ref"), ("href", self.resolve(f"#fn:{name}"))],
                        [str(self.footnotes[name])],
                    )
                ]
        return counts

    # -- serialising ------------------------------------------------------------

    def text(self, text: str) -> str:
        """A text run: abbreviations wrapped, escapes undone, then HTML-escaped, with the
        stashed HTML put back verbatim."""
        parts = []
        position = 0
        if self.abbreviation_re is not None:
            for match in self.abbreviation_re.finditer(text):
                title = self.abbreviations[match.group(0)]
                if not title:
                    continue
                parts.append(self._plain(text[position : match.start()]))
                parts.append(f'<abbr title="{_escape_attribute(title)}">{match.group(0)}</abbr>')
                position = match.end()
        parts.append(self._plain(text[position:]))
        return "".join(parts)

    def _plain(self, text: str) -> str:
        if not _SPECIAL.search(text):
            return text
        text = _PLACEHOLDER.sub(lambda m: chr(int(m.group(1))), text)
        text = _escape_text(text)
        return _STASHED.sub(lambda m: self.stash[int(m.group(1))], text)

    def serialise(self, node: _Element | str) -> str:
        if isinstance(node, str):
            return self.text(node)
        if node.tag == "hr":
            return _start_tag(node)
        inner = "".join(self.serialise(child) for child in node.children)
        return f"{_start_tag(node)}{inner}</{node.tag}>"


def _blocks(text: str) -> Iterator[list[str]]:
    """Blocks between blank lines; a raw HTML block runs to the line that closes its tag,
    comments to the line that ends them."""
    lines: list[str] = []
    raw: list[str] | None = None
    depth = 0
    tag = ""
    after_raw = False
    for line in text.split("\n"):
        if raw is None and not lines and (match := _RAW_BLOCK.match(line)):
            tag, raw, depth = match.group(1), [], 0
        if raw is not None:
            raw.append(line)
            if tag == "!--":
                done = "-->" in line
            else:
                depth += len(re.findall(f"<{tag}[ >]", line)) - line.count(f"</{tag}>")
                done = depth <= 0
            if done:
                if not line.endswith(">"):
                    raise Unsupported("text after a raw HTML block")
                yield raw
                raw, after_raw = None, True
            continue
        if after_raw and line.strip() != "":
            raise Unsupported("a raw HTML block without a blank line after it")
        after_raw = False
        if line.strip() == "" or line.startswith("#"):
            # A heading is a block of its own, even within other lines (as
            # Python-Markdown's HashHeaderProcessor splits them).
            if lines:
                yield lines
                lines = []
            if line.startswith("#"):
                yield [line]
            continue
        lines.append(line)
    if raw is not None:
        raise Unsupported("a raw HTML block that does not end")
    if lines:
        yield lines


def convert(markdown: str, dialect: Dialect, resolve: Callable[[str], str]) -> Converted:
    """The page's HTML, table of contents and anchors, as MkDocs with Python-Markdown
    would make them; ``resolve`` turns a link's address into the page's href."""
    if any(char in markdown for char in "\t\r\x02\x03") or "8<-" in markdown:
        raise Unsupported("tabs, carriage returns, snippets or control characters")
    page = _Page(dialect, resolve)
    text = f"{markdown}\n\n{dialect.appended}" if dialect.appended else markdown
    blocks = page.define(list(_blocks(text)))
    top: list[_Element | str] = []  # str: a raw block, verbatim
    for lines in blocks:
        first = lines[0]
        if _RAW_BLOCK.match(first):
            raw = "\n".join(lines)
            if not first.startswith("<!--"):
                page.raw_ids.update(_RAW_ID.findall(raw))
            top.append(raw)
        elif first.startswith("#"):
            if len(lines) > 1:
                raise Unsupported("text right below a heading")
            top.append(page.heading(first))
        elif first.startswith("|"):
            top.append(page.table(lines))
        elif first.startswith("- "):
            top.append(page.bullet_list(lines))
        elif re.match(r"^(?:[*+-] |\d+[.)] |>|    |```|~~~|=+$|-+$)", first) or any(
            re.match(r"^(?:[*+-] |\d+[.)] |>|#|\||=+\s*$|-+\s*$)", line) for line in lines[1:]
        ):
            raise Unsupported(f"block {first!r}")
        else:
            top.append(page.paragraph(lines))
    paragraphs: list[_Element] = []
    if page.footnotes:
        div, paragraphs = page.footnote_div()
        top.append(div)
    page.back_references(paragraphs, page.number_references())
    return _finish(page, top)


def _finish(page: _Page, top: list[_Element | str]) -> Converted:
    ids = set(page.ids)
    tokens = []
    parts = []
    searched = []  # the parts outside sections whose heading search excludes
    excluded = False
    for node in top:
        if isinstance(node, str):
            parts.append(node + "\n")
            if not excluded:
                searched.append(parts[-1])
            continue
        if node.tag[0] == "h" and node.tag[1:].isdigit():
            excluded = any(name == "data-search-exclude" for name, _ in node.attributes)
            inner = "".join(page.serialise(child) for child in node.children).strip()
            name = strip_tags(inner)
            slug = unique(page.dialect.slugify(html_unescape(name), page.dialect.separator), ids)
            node.attributes.append(("id", slug))
            level = int(node.tag[1])
            tokens.append(
                {"level": level, "id": slug, "name": name, "html": inner, "data-toc-label": ""}
            )
            node.children.append(f"{_STX}wzxhzdk:{len(page.stash)}{_ETX}")
            page.stash.append(
                f'<a class="headerlink" href="{_escape_attribute(page.resolve("#" + slug))}" '
                f'title="{_escape_attribute(page.dialect.permalink_title)}">{page.dialect.permalink}</a>'
            )
        parts.append(_pretty(page, node))
        if not excluded:
            searched.append(parts[-1])
    html = "\n".join(parts).strip()
    anchors = ids | {str(token["id"]) for token in tokens} | page.raw_ids
    first = top[0] if top else None
    title = tokens[0]["name"] if isinstance(first, _Element) and first.tag == "h1" else None
    search = "\n".join(searched).strip()
    return Converted(html, nest_toc_tokens(tokens), anchors, title, search)


_BLOCK_TAGS = {"table", "thead", "tbody", "tr", "ul", "ol", "div", "li"}
_BLOCK_CHILDREN = _BLOCK_TAGS | {"p", "th", "td", "hr"}


def _pretty(page: _Page, node: _Element) -> str:
    """Serialise with Python-Markdown's prettify newlines: a newline after each block
    element's start tag when it holds blocks, and after its end tag."""
    if node.tag not in _BLOCK_TAGS:
        return page.serialise(node)
    blocks: list[_Element] = []
    inline: list[_Element | str] = []
    for child in node.children:
        if isinstance(child, _Element) and child.tag in _BLOCK_CHILDREN:
            blocks.append(child)
        else:
            inline.append(child)
    if not blocks:
        return page.serialise(node)
    head = "".join(page.serialise(child) for child in inline)
    inner = "\n".join(_pretty(page, child) for child in blocks)
    return f"{_start_tag(node)}{head}{'' if head else chr(10)}{inner}\n</{node.tag}>"


def _start_tag(node: _Element) -> str:
    """Attributes sorted, as Python-Markdown writes them; ``hr`` as XHTML."""
    attributes = "".join(
        f" {name}" if value is None else f' {name}="{_escape_attribute(value)}"'
        for name, value in sorted(node.attributes, key=lambda item: item[0])
    )
    return f"<hr{attributes} />" if node.tag == "hr" else f"<{node.tag}{attributes}>"


# The extensions whose output ``convert`` copies; MkDocs adds toc, tables and
# fenced_code to every configuration (a generated page has no fenced code).
_EXTENSIONS = {
    "abbr",
    "attr_list",
    "footnotes",
    "tables",
    "toc",
    "fenced_code",
    "pymdownx.snippets",
}
_WITHOUT_OPTIONS = ("abbr", "attr_list", "footnotes", "tables")
_TOC_OPTIONS = {"permalink", "permalink_title", "slugify", "separator"}
_SNIPPETS_OPTIONS = {"base_path", "auto_append", "check_paths", "encoding"}


def dialect_from(extensions: list[Any], options: Mapping[str, Mapping[str, Any]]) -> Dialect | None:
    """The dialect of an MkDocs configuration's ``markdown_extensions`` and ``mdx_configs``,
    or None when it has an extension or option this module does not copy: every page
    then goes to Python-Markdown."""
    if not all(isinstance(name, str) and name in _EXTENSIONS for name in extensions):
        return None
    if "toc" not in extensions or any(options.get(name) for name in _WITHOUT_OPTIONS):
        return None
    toc = options.get("toc", {})
    snippets = options.get("pymdownx.snippets", {})
    if set(toc) - _TOC_OPTIONS or set(snippets) - _SNIPPETS_OPTIONS:
        return None
    permalink = toc.get("permalink", False)
    if permalink is False or permalink is None or permalink == 0:
        return None
    appended = []
    if "pymdownx.snippets" in extensions:
        for name in snippets.get("auto_append", []):
            bases = snippets.get("base_path", ["."])
            text = _snippet(name, bases, snippets.get("encoding", "utf-8"))
            if text is None:
                return None
            appended.append(text)
    return Dialect(
        slugify=toc.get("slugify", default_slugify),
        separator=toc.get("separator", "-"),
        permalink="&para;" if permalink is True else str(permalink),
        permalink_title=toc.get("permalink_title", "Permanent link"),
        appended="\n\n".join(appended),
    )


def _snippet(name: str, bases: list[str], encoding: str) -> str | None:
    for base in bases:
        path = os.path.join(base, name)
        if os.path.isfile(path):
            with open(path, encoding=encoding) as file:
                return file.read()
    return None
