"""Problems are values with a location; one exception carries them to the CLI.

Every stage reports the same way: it adds problems to a ``Problems`` collection as it
finds them, and raises ``SemikbError`` (content) or ``ConfigError`` (settings,
vocabulary, usage) with all of them at the end, never at the first.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """Text safe to print on one line: control and bidirectional-format characters are
    written as escapes, so a file name cannot forge another line (``::error …``) or
    reorder what a terminal shows."""
    if text.isprintable():
        return text
    return "".join(
        _ESCAPES.get(ch)
        or (f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch)
        for ch in text
    )


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file; line and column are 1-based, 0 when unknown."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        path = printable(self.path)
        if self.line and self.column:
            return f"{path}:{self.line}:{self.column}"
        if self.line:
            return f"{path}:{self.line}"
        return path


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {printable(self.message)}"


class SemikbError(Exception):
    """The one exception base: the CLI and the MkDocs hook turn it into a clean error."""

    exit_code = 1

    def __init__(self, problems: Iterable[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(Location("semikb"), problems)]
        self.problems = sorted(problems, key=lambda p: (p.location, p.message))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(problem) for problem in self.problems]
        count = len(self.problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found")
        return "\n".join(lines)


class ConfigError(SemikbError):
    """Bad settings, vocabulary or usage, as opposed to bad content."""

    exit_code = 2


class OutputError(SemikbError):
    """The filesystem refused to let the generated pages be written (permission, disk full)."""

    exit_code = 3


class Problems:
    """Problems collected by one stage, raised together."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, location: Location, message: str) -> None:
        self._items.append(Problem(location, message))

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def raise_if_any(self, error: type[SemikbError] = SemikbError) -> None:
        if self._items:
            raise error(self._items)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def display_path(path: Path, root: Path) -> str:
    """A path as a contributor sees it: relative to the project root, with slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
