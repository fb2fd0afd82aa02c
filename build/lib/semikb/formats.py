"""Format rules of the entity files, declared once.

Validation, the editor JSON Schema and the scaffold of `semikb new` all read these, so
that an id the schema accepts is an id `semikb check` accepts, and the reverse.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_EXAMPLE = "'rapidus', 'us-japan-semiconductor-agreement-1986'"
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]+)?")
WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
COLOR = re.compile(r"#[0-9a-fA-F]{6}")

RANKS = ("normal", "preferred", "disputed")
ENTITY_KEYS = (
    "id",
    "type",
    "name",
    "aliases",
    "summary",
    "tags",
    "wikidata",
    "wikipedia",
    "statements",
)
REQUIRED_KEYS = ("id", "type", "name", "summary")
QUALIFIER_KEYS = ("start", "end", "date", "planned", "note", "rank", "sources")
# The keys that hold a statement's value, by the property's value kind.
VALUE_KEYS = {
    "entity": ("target",),
    "date": ("value",),
    "quantity": ("amount", "unit"),
    "text": ("value",),
    "url": ("value",),
}
VALUE_KINDS = tuple(VALUE_KEYS)
FIELD_KINDS = ("string", "url", "date", "language", "choice")


def is_http_url(text: object) -> bool:
    """An absolute http(s) URL with a well-formed host, and no whitespace."""
    if not isinstance(text, str) or any(ch.isspace() for ch in text):
        return False
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a malformed host or port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
