"""The whole generator: load → validate → resolve → render → write.

Everything is read and checked before anything is written; any problem raises
SemikbError and leaves the previous output untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from .glossary import load_glossary
from .i18n import Language
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


def layout_of(settings: Settings, edition: str | None = None) -> Layout:
    """The layout of one edition (the main one by default)."""
    code = edition or settings.main_edition
    return Layout(settings.output_subdir, settings.edition_site_url(code))


def render(settings: Settings, edition: str | None = None) -> dict[str, bytes]:
    """Every output of one edition in memory (golden files, tests, portability)."""
    code = edition or settings.main_edition
    graph = check(settings).graph
    glossary = load_glossary(settings.glossary_path, settings.root)
    layout = layout_of(settings, code)
    return render_all(graph, layout, settings.publication, glossary, Language(code))


def generate(settings: Settings) -> WriteReport:
    """Check once, then render and write every edition's generated subtree.

    The report is the main edition's; every edition is written the same way."""
    graph = check(settings).graph
    glossary = load_glossary(settings.glossary_path, settings.root)
    reports = []
    for code in settings.editions:
        pages = iter_outputs(
            graph, layout_of(settings, code), settings.publication, glossary, Language(code)
        )
        output, work = settings.edition_output_path(code), settings.edition_work_path(code)
        reports.append(write_output(pages, output, work))
    return reports[0]
