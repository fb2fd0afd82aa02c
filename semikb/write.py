"""Stage 5, write: make the generated subtree equal to the rendered pages.

Pages arrive one at a time. Those whose bytes changed are written to a hidden
staging folder first; only when every page has been rendered are they moved into
place (each by an atomic rename) and the files whose entity is gone removed. If
rendering fails half-way, the staging folder is deleted and the previous output
is untouched. Nothing outside the generated subtree is ever touched, and
unchanged files are never rewritten: `mkdocs serve` would rebuild forever.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .problems import ConfigError

MARKER = ".semikb-generated"
MARKER_TEXT = b"This folder is written by semikb; every change here is overwritten.\n"
STAGING_PREFIX = ".staging-"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def _check_owned(output: Path) -> None:
    """Refuse to manage a folder we did not create: it may hold hand-written pages."""
    if output.exists() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise ConfigError(
            f"{output} exists and was not made by semikb (no {MARKER} file); refusing to write "
            "into it"
        )


def existing_files(output: Path) -> set[str]:
    if not output.is_dir():
        return set()
    return {
        p.relative_to(output).as_posix()
        for p in output.rglob("*")
        if p.is_file()
        and p.name != MARKER
        and not p.relative_to(output).parts[0].startswith(STAGING_PREFIX)
    }


def _unchanged(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except FileNotFoundError:
        return False


def write_output(
    pages: Iterable[tuple[str, bytes]] | dict[str, bytes], output: Path
) -> WriteReport:
    _check_owned(output)
    output.mkdir(parents=True, exist_ok=True)
    if not (output / MARKER).is_file():
        (output / MARKER).write_bytes(MARKER_TEXT)
    items = pages.items() if isinstance(pages, dict) else pages
    report = WriteReport()
    seen: set[str] = set()
    staging = Path(tempfile.mkdtemp(dir=output, prefix=STAGING_PREFIX))
    try:
        for relative, data in items:
            seen.add(relative)
            if _unchanged(output / relative, data):
                report.unchanged += 1
                continue
            staged = staging / relative
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_bytes(data)
            report.written.append(relative)
        for relative in report.written:
            target = output / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report.written.sort()
    for stale in sorted(existing_files(output) - seen):
        (output / stale).unlink()
        report.removed.append(stale)
    _remove_empty_dirs(output)
    return report


def _remove_empty_dirs(output: Path) -> None:
    for directory in sorted(
        (p for p in output.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True
    ):
        if not any(directory.iterdir()):
            directory.rmdir()
