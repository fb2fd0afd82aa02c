"""The whole generator: load → validate → resolve → render → write.

Everything is read and checked before anything is written; any problem raises
SemikbError and leaves the previous output untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from .glossary import load_glossary
from .layout import Layout
from .load import iter_loaded
from .model import Entity
from .outputs import iter_outputs, render_all
from .problems import Problem, Problems
from .resolve import Graph, resolve
from .settings import Settings
from .validate import validate_record
from .vocabulary import load_vocabulary
from .write import WriteReport, write_output


@dataclass(frozen=True)
class CheckResult:
    graph: Graph
    files: int


def check(settings: Settings) -> CheckResult:
    """Load, validate and resolve every entity file; raise with every problem found."""
    vocabulary = load_vocabulary(settings.vocabulary_path, settings.root)
    problems = Problems()
    entities: list[Entity] = []
    files = 0
    # Each file is validated as soon as it is read, so that its raw located data (many
    # times the size of the entity it becomes) is freed before the next is read.
    for loaded in iter_loaded(settings.entities_path, settings.root, settings.max_file_bytes):
        files += 1
        if isinstance(loaded, Problem):
            problems.add(loaded.location, loaded.message)
        elif entity := validate_record(loaded, vocabulary, problems):
            entities.append(entity)
    # Resolve what did validate, so that every problem is reported in one run; ids of
    # files that failed are not reported again as missing targets.
    failed = {PurePosixPath(p.location.path).stem for p in problems}
    graph = resolve(entities, vocabulary, problems, failed)
    problems.raise_if_any()
    assert graph is not None  # resolve returns None only with problems
    return CheckResult(graph, files)


def layout_of(settings: Settings) -> Layout:
    return Layout(settings.output_subdir, settings.site_url)


def render(settings: Settings) -> dict[str, bytes]:
    """Every output of the knowledge base in memory (golden files, tests, portability)."""
    graph = check(settings).graph
    glossary = load_glossary(settings.glossary_path, settings.root)
    return render_all(graph, layout_of(settings), settings.publication, glossary)


def generate(settings: Settings) -> WriteReport:
    """Check, render every page, then write the generated subtree."""
    graph = check(settings).graph
    glossary = load_glossary(settings.glossary_path, settings.root)
    pages = iter_outputs(graph, layout_of(settings), settings.publication, glossary)
    return write_output(pages, settings.output_path, settings.work_path)
