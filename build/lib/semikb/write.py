"""Stage 5, write: make the generated subtree equal to the rendered pages, all at once.

Pages arrive one at a time. Those whose bytes changed are written into a staging tree
in the work folder (``.semikb/`` beside pyproject.toml, outside docs/ so that no
watcher sees it); once every page has been rendered, the pages that did not change are
hard-linked in beside them (their bytes and modification times stay), and the staging
tree is exchanged with the generated subtree in one atomic rename (``renameat2`` with
``RENAME_EXCHANGE`` on Linux). A reader of the subtree, such as a concurrent
``mkdocs build``, sees the complete old tree or the complete new one, never a mix; a
crash at any instant leaves the same, and the next run removes what it left in the
work folder. When no page changed, nothing is touched at all (`mkdocs serve` would
rebuild forever). One build at a time: an exclusive lock on the work folder.

Nothing outside the generated subtree and the work folder is ever written, and a
folder that semikb did not create is never written into.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .problems import ConfigError, Location, OutputError, Problem

MARKER = ".semikb-generated"
MARKER_TEXT = b"This folder is written by semikb; every change here is overwritten.\n"
STAGING_PREFIX = "staging-"
RETIRED_PREFIX = "retired-"
LOCK_NAME = "lock"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def _check_owned(output: Path) -> None:
    """Refuse to manage a folder we did not create: it may hold hand-written pages."""
    if output.exists() and any(output.iterdir()) and not (output / MARKER).is_file():
        message = f"exists and was not made by semikb (no {MARKER} file); refusing to write into it"
        raise ConfigError([Problem(Location(str(output)), message)])


def existing_files(output: Path) -> set[str]:
    if not output.is_dir():
        return set()
    return {
        p.relative_to(output).as_posix()
        for p in output.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def _unchanged(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except (FileNotFoundError, NotADirectoryError):
        return False


# --- the exchange -------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]  # ctypes' private base
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    function = getattr(libc, "renameat2", None)
    if function is not None:
        function.argtypes = [
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_uint,
        ]
        function.restype = ctypes.c_int
    return function


def exchange(new: Path, current: Path) -> bool:
    """Swap two directories in one atomic step; False where the system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if (
        function(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(current), _RENAME_EXCHANGE)
        == 0
    ):
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(current))


def _replace_tree(staging: Path, output: Path, retired: Path) -> None:
    """Put ``staging`` where ``output`` is; the old tree ends up at ``retired``."""
    if not output.exists():
        staging.rename(output)
    elif exchange(staging, output):
        staging.rename(retired)  # `staging` now holds the old tree
    else:
        # Without an atomic exchange the tree is briefly absent, never mixed.
        output.rename(retired)
        staging.rename(output)


def _remove_tree(path: Path) -> None:
    """Remove a retired or abandoned tree, making read-only folders writable first."""

    def retry(function, target, _excinfo):  # type: ignore[no-untyped-def]
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(target), stat.S_IRWXU)
            os.chmod(target, stat.S_IRWXU)
            function(target)

    if not path.exists():
        return
    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=retry)
    else:
        shutil.rmtree(path, onerror=retry)


@contextlib.contextmanager
def build_lock(work: Path) -> Iterator[None]:
    """Hold the work folder's lock: one build of a tree at a time; others wait."""
    work.mkdir(parents=True, exist_ok=True)
    with open(work / LOCK_NAME, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"semikb: waiting for another build of {work.parent} to finish", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _clean_leftovers(work: Path) -> None:
    """Trees an interrupted run left behind (we hold the lock: no other run owns them)."""
    for child in work.iterdir():
        if child.is_dir() and child.name.startswith((STAGING_PREFIX, RETIRED_PREFIX)):
            _remove_tree(child)


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _stage(
    pages: Iterable[tuple[str, bytes]], output: Path, staging: Path, report: WriteReport
) -> set[str]:
    """Write the changed pages into ``staging``; return every page's path."""
    seen: set[str] = set()
    for relative, data in pages:
        seen.add(relative)
        if _unchanged(output / relative, data):
            report.unchanged += 1
            continue
        staged = staging / relative
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(data)
        report.written.append(relative)
    return seen


def write_output(
    pages: Iterable[tuple[str, bytes]] | dict[str, bytes], output: Path, work: Path
) -> WriteReport:
    """Make ``output`` hold exactly ``pages``; raise OutputError when the filesystem refuses."""
    try:
        with build_lock(work):
            return _write(pages.items() if isinstance(pages, dict) else pages, output, work)
    except OSError as error:
        where = error.filename or str(output)
        raise OutputError(
            [
                Problem(
                    Location(str(where)),
                    f"cannot write the generated pages: {error.strerror or error}",
                )
            ]
        ) from None


def _write(pages: Iterable[tuple[str, bytes]], output: Path, work: Path) -> WriteReport:
    _check_owned(output)
    _clean_leftovers(work)
    report = WriteReport()
    staging = work / f"{STAGING_PREFIX}{os.getpid()}"
    staging.mkdir()
    try:
        seen = _stage(pages, output, staging, report)
        report.written.sort()
        report.removed = sorted(existing_files(output) - seen)
        if not report.written and not report.removed and (output / MARKER).is_file():
            return report
        for relative in seen.difference(report.written):
            _link_or_copy(output / relative, staging / relative)
        if (output / MARKER).is_file():
            _link_or_copy(output / MARKER, staging / MARKER)
        else:
            (staging / MARKER).write_bytes(MARKER_TEXT)
        output.parent.mkdir(parents=True, exist_ok=True)
        retired = work / f"{RETIRED_PREFIX}{os.getpid()}"
        _replace_tree(staging, output, retired)
        _remove_tree(retired)
        return report
    finally:
        _remove_tree(staging)
