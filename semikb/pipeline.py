"""The whole generator: load → validate → resolve → render → write.

Everything is read and checked before anything is written; any problem raises
SemikbError and leaves the previous output untouched.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from .glossary import load_glossary
from .i18n import Language
from .layout import Layout
from .load import entity_paths, load_file
from .memory import CheckedFile, Memory, Version, version_of
from .model import Entity
from .outputs import Reuse, iter_outputs, render_all
from .problems import Problem, Problems
from .resolve import Graph, resolve
from .settings import Settings
from .validate import validate_record
from .vocabulary import Vocabulary, load_vocabulary
from .write import WriteReport, write_output


@dataclass(frozen=True)
class CheckResult:
    graph: Graph
    files: int


def check(settings: Settings, memory: Memory | None = None) -> CheckResult:
    """Load, validate and resolve every entity file; raise with every problem found.

    With a ``memory`` of earlier runs, files whose version is unchanged are not read again."""
    memory = memory if memory is not None else Memory()
    vocabulary = memory.checked_vocabulary(
        (version_of(settings.vocabulary_path), settings),
        lambda: load_vocabulary(settings.vocabulary_path, settings.root),
    )
    problems = Problems()
    entities: list[Entity] = []
    paths = []
    for item in entity_paths(settings.entities_path, settings.root):
        if isinstance(item, Problem):
            problems.add(item.location, item.message)
            continue
        paths.append(item)
        checked = memory.checked_file(
            item, partial(_check_file, item, settings=settings, vocabulary=vocabulary)
        )
        for problem in checked.problems:
            problems.add(problem.location, problem.message)
        if checked.entity is not None:
            entities.append(checked.entity)
    memory.keep_only(paths)
    # Resolve what did validate, so that every problem is reported in one run; ids of
    # files that failed are not reported again as missing targets.
    failed = {PurePosixPath(p.location.path).stem for p in problems}
    graph = resolve(entities, vocabulary, problems, failed, memory.last_resolved)
    problems.raise_if_any()
    assert graph is not None  # resolve returns None only with problems
    memory.keep_resolved(entities, graph)
    return CheckResult(graph, len(paths))


def _check_file(
    path: str, version: Version, settings: Settings, vocabulary: Vocabulary
) -> CheckedFile:
    """Read and validate one file. Its raw located data (many times the size of the entity
    it becomes) is freed as soon as it is validated."""
    problems = Problems()
    loaded = load_file(Path(path), settings.root, settings.max_file_bytes)
    if isinstance(loaded, Problem):
        return CheckedFile(version, None, (loaded,))
    entity = validate_record(loaded, vocabulary, problems)
    return CheckedFile(version, entity, tuple(problems))


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


def generate(settings: Settings, memory: Memory | None = None) -> WriteReport:
    """Check once, then render and write every edition's generated subtree.

    With a ``memory`` of earlier runs (a preview), unchanged files are not read again and
    pages whose inputs are unchanged are not rendered again. The report is the main
    edition's; every edition is written the same way."""
    return generate_editions(settings, memory)[settings.main_edition]


def generate_editions(settings: Settings, memory: Memory | None = None) -> dict[str, WriteReport]:
    """``generate``, with the report of every edition, by code."""
    graph = check(settings, memory).graph
    glossary = load_glossary(settings.glossary_path, settings.root)
    versions = memory.entity_versions() if memory is not None else {}
    reports = {}
    for code in settings.editions:
        # Without a memory nothing is kept: at 5,000 entities the pages are over 200 MB.
        memo = memory.memo(code) if memory is not None else None
        reuse = Reuse(memo, versions) if memo is not None else None
        pages = iter_outputs(
            graph, layout_of(settings, code), settings.publication, glossary, Language(code), reuse
        )
        output, work = settings.edition_output_path(code), settings.edition_work_path(code)
        known = memo.written if memo is not None else None
        reports[code] = write_output(pages, output, work, known)
    if memory is not None and not memory.settled:
        _settle()
        memory.settled = True
    return reports


def _settle() -> None:
    """After a preview's first run: what it made (the checked entities, the pages in the
    memory) lives as long as the process, so the garbage collector's full scans need not
    walk it on every later run (at 5,000 entities they were a second of each edit). They
    are moved out of its sight (``gc.freeze``) after one collection, so that no garbage
    is kept."""
    gc.collect()
    gc.freeze()
