"""The glossary: acronyms shown as tooltips on every page (Markdown ``abbr``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .load import LocatedDict, read_data_file
from .problems import Location, Problem, SemikbError


@dataclass(frozen=True)
class Term:
    term: str
    en: str
    ko: str


def load_glossary(path: Path, root: Path) -> list[Term]:
    """Read the glossary; a missing file means no glossary."""
    if not path.is_file():
        return []
    raw, shown = read_data_file(path, root, "glossary")
    if raw is None:
        return []
    if not isinstance(raw, LocatedDict):
        raise SemikbError([Problem(Location(shown, 1, 1), "the glossary must map each term to {en: …, ko: …}")])
    terms, problems = [], []
    for term, text in raw.items():
        if not isinstance(text, dict) or not isinstance(text.get("en"), str) or any(c in term for c in "[]\n"):
            problems.append(Problem(raw.key_locations[term], f"glossary term {term!r} needs an en explanation"))
            continue
        terms.append(Term(term, text["en"], str(text.get("ko", ""))))
    if problems:
        raise SemikbError(problems)
    return sorted(terms, key=lambda t: t.term.casefold())
