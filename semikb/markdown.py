"""Turning contributor text into Markdown that can only ever be text.

Entity files are untrusted input: a summary must not become a heading, a link, raw
HTML or a script. Every value a template prints goes through ``escape`` unless it is
``Markup`` built here from parts that were escaped themselves.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, unquote, urlsplit

from markupsafe import Markup

# Characters that start Markdown syntax in the engine as configured (Python-Markdown's
# escapable characters that matter, and `|`, which the tables extension adds): exactly
# these, since a backslash before any other character stays visible on the page.
# `<`, `>` and `&` are written as HTML entities instead.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!+\-])")
_ORDERED_LIST_START = re.compile(r"^(\d+)([.)])")
_WHITESPACE = re.compile(r"\s+")


def escape(value: object) -> Markup:
    """Inline text: one line, HTML-escaped, every Markdown metacharacter backslashed.

    Quotes are left as they are: they mean nothing in text, and an entity such as
    ``&#x27;`` would be escaped a second time in the table of contents. Attribute values
    go through ``html_attribute`` instead."""
    if isinstance(value, Markup):
        return value
    text = _WHITESPACE.sub(" ", str(value)).strip()
    text = html.escape(text, quote=False)
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return Markup(_ORDERED_LIST_START.sub(r"\1\\\2", text))


def url_title(url: str) -> str:
    """A wiki page's title from its address, as a reader would write it: the last part of
    the path, percent-decoded, underscores as spaces (``%EB%9D%BC%ED%94%BC%EB%8D%94%EC%8A%A4``
    reads 라피더스). A raw encoded address would also widen a table past a phone's width."""
    path = urlsplit(url).path.rstrip("/")
    return unquote(path.rsplit("/", 1)[-1]).replace("_", " ") or url


def safe_url(url: str) -> Markup:
    """A validated http(s) URL with the characters that could end a Markdown link encoded."""
    return Markup(
        quote(url, safe="/:?#[]@!$&*+,;=%~-._")
    )  # parentheses, quotes, <> and spaces encoded


def link(text: object, url: str) -> Markup:
    return Markup(f"[{escape(text)}]({safe_url(url)})")


def html_attribute(value: object) -> str:
    return html.escape(str(value), quote=True)


def meta_text(value: object) -> str:
    """Text for front matter (page title, description).

    MkDocs themes print these into HTML without escaping, so the characters that could
    open a tag or close an attribute are replaced by harmless lookalikes.
    """
    text = _WHITESPACE.sub(" ", str(value)).strip()
    return text.translate({ord("<"): "‹", ord(">"): "›", ord('"'): "”", ord("&"): "＆"})
