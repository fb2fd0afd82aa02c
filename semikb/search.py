"""What the semikb plugin adds to Material's search (lunr in a web worker): every name of
an entity in every script ranks its page first, and each result says what kind of page it
is.

Material indexes a page's title with a weight of 1,000 and its text with 1. An entity's
page adds a ``names`` field (boost ``NAMES_BOOST``) holding every name and alias from the
front matter (``semikb_names``); it is indexed, never shown. In it:

- each distinct piece (what the separator leaves of a name) appears once per name-length
  class: a piece from a one-piece name three times, from a two-piece name twice, else
  once. lunr's length normalisation is off in Material, so without this an entity with
  many aliases containing "Japan" outranks Japan itself;
- pieces are split where the script changes (Han, kana, Hangul, anything else), both in
  the index and in the query (the separator serves both), so that ``東京エレクトロン`` is
  indexed and looked up as ``東京`` + ``エレクトロン`` whatever lunr's Japanese segmenter
  (TinySegmenter, index side only) makes of the mixed string.

The separator configured in mkdocs.yml is extended with the script boundaries and with
``QUERY_MARK``, which semikb's search worker (``assets/search-worker.js``, started in
place of Material's, which it loads) appends to every run of Han characters of a query:
Material's query segmentation of Han text never keeps a run's last character (日本 was
looked up as 日*), and the mark gives it one to drop. The worker also cuts kana in
queries as the index's segmenter does, looks words up exactly as well as by prefix, and
fixes lunr's token set (see the script). It also puts first the pages whose title or
one of whose names is the whole query, letter for letter (``letters``): an entry's
``exact`` list holds an entity page's names that way (not indexed), so that a source's
title finds the source even where every word of it is also in entities' names.
``assets/search-kinds.js`` labels each result with the kind of page it is.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# The field the names are indexed in, and its weight (the title's is 1,000: a name in
# this field must outrank a title that merely contains it).
NAMES_FIELD = "names"
NAMES_BOOST = 2000
# Not indexed: an entity page's names as the worker compares them with a whole query.
EXACT_FIELD = "exact"
# A character of the Han script that no name contains (CJK RADICAL REPEAT): the search
# worker puts it after each Han run of a query; the separator removes it.
QUERY_MARK = "\u2e80"

_HAN = r"\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = r"\u3041-\u309f\u30a0-\u30fa\u30fc-\u30ff\uff66-\uff9f"
_HANGUL = r"\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
# Zero-width splits where a script starts or ends (never next to a query's wildcard *).
# A JavaScript regular expression without the u flag, as Material compiles it; Python's
# re reads it the same way.
SCRIPT_BOUNDARIES = "|".join(
    f"(?<=[{chars}])(?=[^{chars}*])|(?<=[^{chars}*])(?=[{chars}])"
    for chars in (_HAN, _KANA, _HANGUL)
)


def separator(configured: str) -> str:
    """The configured separator with the script boundaries and the query mark."""
    if SCRIPT_BOUNDARIES in configured:
        return configured
    return f"{configured}|[\\u2e80]|{SCRIPT_BOUNDARIES}"


def name_pieces(names: list[str], pattern: re.Pattern[str]) -> str:
    """The names field: each distinct piece of the names, repeated 3, 2 or 1 times as the
    shortest name it is part of has 1, 2 or more pieces (see the module's docstring)."""
    weights: dict[str, tuple[int, str]] = {}
    for name in names:
        pieces = [piece for piece in pattern.split(name) if piece]
        weight = max(1, 4 - len(pieces))
        for piece in pieces:
            key = piece.lower()
            if key not in weights or weights[key][0] < weight:
                weights[key] = (weight, piece)
    return " ".join(" ".join([piece] * weight) for weight, piece in weights.values())


def letters(text: str) -> str:
    """Letters and digits only, in one case and one width, as the search worker compares a
    query with a page's names: "U.S.–Japan", "u.s.-japan" and "ＵＳ Ｊａｐａｎ" are one name."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(char for char in folded if unicodedata.category(char)[0] in "LN")


def name_fields(names: list[str], title: str, pattern: re.Pattern[str]) -> dict[str, Any]:
    """The fields an entity page adds to its search entry: ``names`` (indexed, see
    ``name_pieces``) and ``exact``, its names in ``letters`` other than its title (not
    indexed: the worker puts a page whose title or name is exactly the query first)."""
    exact = {letters(name) for name in names} - {letters(title), ""}
    fields: dict[str, Any] = {NAMES_FIELD: name_pieces(names, pattern)}
    if exact:
        fields[EXACT_FIELD] = sorted(exact)
    return fields


def compile_separator(value: str) -> re.Pattern[str]:
    try:
        return re.compile(value)
    except re.error:  # a JavaScript-only construct in the site's own separator
        return re.compile(separator(r"[\s\-]+"))


def add_names(index: Any, names: dict[str, dict[str, Any]]) -> None:
    """Give Material's search index (a ``SearchIndex``) the names field and its entries
    their names (``name_fields``, by page address); fix the separator and the field's
    weight in the index's configuration."""
    settings = index.config
    settings["separator"] = separator(settings.get("separator") or r"[\s\-]+")
    fields = settings.setdefault("fields", {})
    fields.setdefault(NAMES_FIELD, {"boost": NAMES_BOOST})
    for entry in index.entries:
        entry.update(names.get(entry["location"], {}))


def kinds(
    layout_subdir: str, types: dict[str, str], index_label: str, page_label: str
) -> dict[str, Any]:
    """What search-kinds.js needs to label a result: an entity is ``<subdir>/<type>/<id>/``, a
    type's index ``<subdir>/<type>/``; anything else is a page."""
    return {"subdir": layout_subdir, "types": types, "index": index_label, "page": page_label}


def index_json(index: Any) -> str:
    """The index as Material writes it, but in UTF-8 rather than \\u escapes: a Korean or
    Japanese name takes half the bytes (the Korean edition's index: 1,166 kB → 891 kB)."""
    settings = {key: index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    data = {"config": settings, "docs": index.entries}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
