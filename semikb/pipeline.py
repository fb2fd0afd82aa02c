"""The whole generator: load → validate → resolve → render → write.

Everything is read and checked before anything is written; any problem raises
SemikbError and leaves the previous output untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from .glossary import load_glossary
from .load import iter_loaded
from .model import Entity
from .problems import Problem, SemikbError
from .render import iter_pages
from .resolve import Graph, resolve
from .settings import Settings
from .validate import validate_record
from .vocabulary import load_vocabulary
from .write import WriteReport, write_output


@dataclass
class CheckResult:
    graph: Graph
    files: int


def check(settings: Settings) -> CheckResult:
    """Load, validate and resolve every entity file; raise with every problem found."""
    vocabulary = load_vocabulary(settings.vocabulary_path, settings.root)
    problems: list[Problem] = []
    entities: list[Entity] = []
    files = 0
    # Each file is validated as soon as it is read, so that its raw located data (many
    # times the size of the entity it becomes) is freed before the next is read.
    for loaded in iter_loaded(settings.entities_path, settings.root, settings.max_file_bytes):
        files += 1
        if isinstance(loaded, Problem):
            problems.append(loaded)
        elif entity := validate_record(loaded, vocabulary, problems):
            entities.append(entity)
    # Resolve what did validate, so that every problem is reported in one run; ids of
    # files that failed are not reported again as missing targets.
    failed = {PurePosixPath(p.location.path).stem for p in problems}
    resolved = resolve(entities, vocabulary, failed)
    problems += resolved.problems
    if problems or resolved.graph is None:
        raise SemikbError(problems)
    return CheckResult(resolved.graph, files)


def generate(settings: Settings) -> WriteReport:
    """Check, render every page in memory, then write the generated subtree."""
    graph = check(settings).graph
    glossary = load_glossary(settings.glossary_path, settings.root)
    pages = iter_pages(graph, settings.edit_url, glossary, settings.site_url)
    return write_output(pages, settings.output_path)
