"""Stage 5, write: make the generated subtree equal to the rendered pages.

Only files whose bytes changed are rewritten (each atomically, via a temporary file
and a rename), files whose entity is gone are removed, and nothing outside the
generated subtree is ever touched. ``mkdocs serve`` watches ``docs/``: rewriting
unchanged files would make it rebuild forever.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .problems import ConfigError

MARKER = ".semikb-generated"
MARKER_TEXT = b"This folder is written by semikb; every change here is overwritten.\n"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def _check_owned(output: Path) -> None:
    """Refuse to manage a folder we did not create: it may hold hand-written pages."""
    if output.exists() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise ConfigError(f"{output} exists and was not made by semikb (no {MARKER} file); refusing to write into it")


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def existing_files(output: Path) -> set[str]:
    if not output.is_dir():
        return set()
    return {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file() and p.name != MARKER}


def write_output(pages: dict[str, bytes], output: Path) -> WriteReport:
    _check_owned(output)
    output.mkdir(parents=True, exist_ok=True)
    if not (output / MARKER).is_file():
        (output / MARKER).write_bytes(MARKER_TEXT)
    report = WriteReport()
    for relative, data in sorted(pages.items()):
        target = output / relative
        try:
            if target.read_bytes() == data:
                report.unchanged += 1
                continue
        except FileNotFoundError:
            pass
        _atomic_write(target, data)
        report.written.append(relative)
    for stale in sorted(existing_files(output) - set(pages)):
        (output / stale).unlink()
        report.removed.append(stale)
    _remove_empty_dirs(output)
    return report


def _remove_empty_dirs(output: Path) -> None:
    for directory in sorted((p for p in output.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
