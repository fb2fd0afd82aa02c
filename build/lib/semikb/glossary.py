"""The glossary: terms explained in English and Korean.

Shown as tooltips on every page (Markdown ``abbr``) and as a page of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .load import LocatedDict, read_data_file
from .model import Text
from .problems import ConfigError, Location, Problems


@dataclass(frozen=True)
class Term:
    term: str
    # The explanation per language; English is required.
    explanation: Text


def load_glossary(path: Path, root: Path) -> list[Term]:
    """Read the glossary; a missing file means no glossary. Problems are ConfigErrors."""
    if not path.is_file():
        return []
    raw, shown = read_data_file(path, root, "glossary")
    if raw is None:
        return []
    problems = Problems()
    if not isinstance(raw, LocatedDict):
        problems.add(Location(shown, 1, 1), "the glossary must map each term to {en: …, ko: …}")
        problems.raise_if_any(ConfigError)
    terms = []
    for term, text in raw.items():
        where = raw.key_locations[term]
        if any(c in term for c in "[]\n"):
            problems.add(where, f"glossary term {term!r} must not contain [, ] or a line break")
        elif (
            not isinstance(text, dict)
            or not isinstance(text.get("en"), str)
            or not text["en"].strip()
        ):
            problems.add(where, f"glossary term {term!r} needs an en explanation")
        elif not all(isinstance(value, str) for value in text.values()):
            problems.add(where, f"glossary term {term!r}: every explanation must be text")
        else:
            terms.append(Term(term, Text.of(dict(text))))
    problems.raise_if_any(ConfigError)
    return sorted(terms, key=lambda t: t.term.casefold())
