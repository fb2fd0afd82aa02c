"""The whole generator: load → validate → resolve → render → write.

Everything is read and checked before anything is written; any problem raises
SemikbError and leaves the previous output untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from .glossary import load_glossary
from .load import load_entities
from .problems import SemikbError
from .render import render_pages
from .resolve import Graph, resolve
from .settings import Settings
from .validate import validate_records
from .vocabulary import load_vocabulary
from .write import WriteReport, write_output


@dataclass
class CheckResult:
    graph: Graph
    files: int


def check(settings: Settings) -> CheckResult:
    """Load, validate and resolve every entity file; raise with every problem found."""
    vocabulary = load_vocabulary(settings.vocabulary_path, settings.root)
    loaded = load_entities(settings.entities_path, settings.root, settings.max_file_bytes)
    validated = validate_records(loaded.records, vocabulary)
    problems = loaded.problems + validated.problems
    # Resolve what did validate, so that every problem is reported in one run; ids of
    # files that failed are not reported again as missing targets.
    failed = {PurePosixPath(p.location.path).stem for p in problems}
    resolved = resolve(validated.entities, vocabulary, failed)
    problems += resolved.problems
    if problems or resolved.graph is None:
        raise SemikbError(problems)
    return CheckResult(resolved.graph, len(loaded.records))


def generate(settings: Settings) -> WriteReport:
    """Check, render every page in memory, then write the generated subtree."""
    graph = check(settings).graph
    glossary = load_glossary(settings.glossary_path, settings.root)
    pages = render_pages(graph, settings.edit_url, glossary, settings.site_url)
    return write_output(pages, settings.output_path)
