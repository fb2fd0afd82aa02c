"""Problems are values with a location; one exception carries them to the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file; line and column are 1-based, 0 when unknown."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.path}:{self.line}:{self.column}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class SemikbError(Exception):
    """The one exception base: the CLI and the MkDocs hook turn it into a clean error."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | str):
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
    """Bad settings or usage, as opposed to bad content."""

    exit_code = 2


def display_path(path: Path, root: Path) -> str:
    """A path as a contributor sees it: relative to the project root, with slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
