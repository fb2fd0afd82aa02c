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

A preview (a writer given ``Known``) keeps the tree it retires as its next staging tree,
the spare: it differs from the new subtree only in the pages just written or removed,
so the next run links only those again, not every page (at 5,000 entities, linking
every page and removing the retired tree was a quarter of an edit's run).

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
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .problems import ConfigError, Location, OutputError, Problem

MARKER = ".semikb-generated"
MARKER_TEXT = b"This folder is written by semikb; every change here is overwritten.\n"
STAGING_PREFIX = "staging-"
RETIRED_PREFIX = "retired-"
SPARE_NAME = "spare"
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


# A file as the writer left it: size, modification time (ns) and inode.
FileStamp = tuple[int, int, int]


@dataclass
class Known:
    """What this process last made a generated subtree hold: each page's bytes and the
    stamp of its file then. A page given the same bytes whose file still has that stamp
    is not read back to be compared (at 5,000 entities, reading every page back was most
    of a run in which nothing changed); anything else is compared byte for byte."""

    files: dict[str, tuple[bytes, FileStamp]] = field(default_factory=dict)
    # The retired tree kept as the next staging tree (its folder's inode), and the pages in
    # which it may differ from the subtree: those the last run wrote or removed.
    spare: int | None = None
    spare_differs: set[str] = field(default_factory=set)


# A file's modification time is coarse (a clock tick; seconds on some filesystems): a file
# modified this recently could be changed again without its stamp changing, so it is not
# vouched for until it is older (git's "racily clean" entries).
RACY_NS = 2_000_000_000


def _stamp(path: str) -> FileStamp | None:
    try:
        stat_result = os.stat(path)
    except OSError:
        return None
    return (stat_result.st_size, stat_result.st_mtime_ns, stat_result.st_ino)


def existing_files(output: Path) -> set[str]:
    """Every file of the subtree but the marker, as paths inside it."""
    top = str(output)
    found: set[str] = set()
    for folder, _, names in os.walk(top):
        inside = os.path.relpath(folder, top).replace(os.sep, "/")
        prefix = "" if inside == "." else inside + "/"
        found.update(prefix + name for name in names)
    found.discard(MARKER)
    return found


def _unchanged(target: str, data: bytes, known: tuple[bytes, FileStamp] | None) -> FileStamp | None:
    """The stamp of ``target`` if it holds ``data``, else None."""
    if known is not None and known[0] == data and known[1] == _stamp(target):
        return known[1]
    try:
        with open(target, "rb") as handle:
            found = os.fstat(handle.fileno())
            if found.st_size != len(data) or handle.read() != data:
                return None
            return (found.st_size, found.st_mtime_ns, found.st_ino)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


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


def _take_spare(work: Path, known: Known | None, staging: Path, usable: bool) -> set[str] | None:
    """Make the spare tree the staging tree, if it is the one this process kept and it is
    ``usable``; return the pages in which it may differ from the subtree (None: no spare).
    Any other spare (another process's, or one of this process's failed runs) is removed."""
    spare = work / SPARE_NAME
    expected, differs = (known.spare, known.spare_differs) if known is not None else (None, set())
    if known is not None:
        known.spare, known.spare_differs = None, set()  # taken; kept again only on success
    try:
        found = spare.lstat()
    except FileNotFoundError:
        return None
    if usable and stat.S_ISDIR(found.st_mode) and found.st_ino == expected:
        spare.rename(staging)
        return differs
    if stat.S_ISDIR(found.st_mode):
        _remove_tree(spare)
    else:
        spare.unlink()
    return None


def _keep_spare(retired: Path, work: Path, known: Known | None, report: WriteReport) -> None:
    """Keep the retired tree as the next run's staging tree (a preview), or remove it."""
    if not retired.exists():
        return  # the subtree was new: nothing retired
    if known is None:
        _remove_tree(retired)
        return
    _make_spare(retired, work, known, {*report.written, *report.removed})


def _make_spare(tree: Path, work: Path, known: Known, differs: set[str]) -> None:
    """Keep ``tree`` as the spare, which may differ from the subtree in ``differs``."""
    spare = work / SPARE_NAME
    tree.rename(spare)
    known.spare, known.spare_differs = spare.stat().st_ino, differs


def _unlink(path: str) -> None:
    """Remove a staged file (a spare's, linked to a file of the subtree: never written)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        _remove_tree(Path(path))


def _link_from_spare(
    staging: Path,
    output: Path,
    seen: set[str],
    report: WriteReport,
    differs: set[str],
    vouched: dict[str, tuple[bytes, FileStamp]],
    stamps: dict[str, FileStamp],
) -> None:
    """Bring a spare staging tree to the subtree's unchanged pages: a page it may hold
    another file for is linked again; any other page whose file is the one the writer
    last vouched for (``vouched``) is already the same file in both trees."""
    top, staged = str(output), str(staging)
    folders: set[str] = set()
    for relative in seen.difference(report.written):
        kept = vouched.get(relative)
        if relative not in differs and kept is not None and kept[1] == stamps.get(relative):
            continue
        target = os.path.join(staged, relative)
        _unlink(target)
        _link_or_copy(os.path.join(top, relative), target, folders)
    for relative in differs.union(report.removed).difference(seen):
        target = os.path.join(staged, relative)
        _unlink(target)
        _remove_empty_folders(os.path.dirname(target), staged)


def _remove_empty_folders(folder: str, top: str) -> None:
    while folder != top and folder.startswith(top):
        try:
            os.rmdir(folder)
        except OSError:
            return  # not empty, or gone
        folder = os.path.dirname(folder)


def _link_or_copy(source: str, target: str, folders: set[str]) -> None:
    """Hard-link ``source`` at ``target`` (a copy where links fail); ``folders`` are the
    staging folders made so far (strings, not pathlib: thousands of files per run)."""
    folder = os.path.dirname(target)
    if folder not in folders:
        os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _stage(
    pages: Iterable[tuple[str, bytes]],
    output: Path,
    staging: Path,
    report: WriteReport,
    known: Known | None,
    spare: bool = False,
) -> tuple[set[str], dict[str, bytes], dict[str, FileStamp]]:
    """Write the changed pages into ``staging``; return every page's path, with ``known``
    their bytes (without, no page is held: the pages of 5,000 entities are 100 MB), and
    the stamps of the files that already held theirs. In a ``spare`` staging tree a file
    may be a link to the subtree's: it is replaced, never written into."""
    seen: set[str] = set()
    pages_now: dict[str, bytes] = {}
    stamps: dict[str, FileStamp] = {}
    top = str(output)
    for relative, data in pages:
        seen.add(relative)
        if known is not None:
            pages_now[relative] = data
        kept = known.files.get(relative) if known is not None else None
        stamp = _unchanged(os.path.join(top, relative), data, kept)
        if stamp is not None:
            stamps[relative] = stamp
            report.unchanged += 1
            continue
        staged = staging / relative
        staged.parent.mkdir(parents=True, exist_ok=True)
        if spare:
            _unlink(str(staged))
        staged.write_bytes(data)
        report.written.append(relative)
    return seen, pages_now, stamps


def _remember(
    known: Known | None, pages: dict[str, bytes], stamps: dict[str, FileStamp], output: Path
) -> None:
    """Record each page's bytes and its file's stamp, for files old enough to be vouched
    for (``RACY_NS``): unchanged files keep theirs (they are hard-linked into the new
    tree), new ones are looked at."""
    if known is None:
        return
    top, settled = str(output), time.time_ns() - RACY_NS
    files = {}
    for relative, data in pages.items():
        stamp = stamps.get(relative) or _stamp(os.path.join(top, relative))
        if stamp is not None and stamp[1] < settled:
            files[relative] = (data, stamp)
    known.files = files


def write_output(
    pages: Iterable[tuple[str, bytes]] | dict[str, bytes],
    output: Path,
    work: Path,
    known: Known | None = None,
) -> WriteReport:
    """Make ``output`` hold exactly ``pages``; raise OutputError when the filesystem refuses.

    ``known`` is what an earlier call of this process wrote (a preview keeps it between
    runs); it is brought up to date."""
    items = pages.items() if isinstance(pages, dict) else pages
    try:
        with build_lock(work):
            return _write(items, output, work, known)
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


def _write(
    pages: Iterable[tuple[str, bytes]], output: Path, work: Path, known: Known | None
) -> WriteReport:
    _check_owned(output)
    _clean_leftovers(work)
    report = WriteReport()
    staging = work / f"{STAGING_PREFIX}{os.getpid()}"
    differs = _take_spare(work, known, staging, usable=(output / MARKER).is_file())
    if differs is None:
        staging.mkdir()
    vouched = known.files if known is not None else {}
    try:
        seen, pages_now, stamps = _stage(
            pages, output, staging, report, known, spare=differs is not None
        )
        report.written.sort()
        report.removed = sorted(existing_files(output).difference(seen))
        if not report.written and not report.removed and (output / MARKER).is_file():
            _remember(known, pages_now, stamps, output)
            if known is not None:
                if differs is None:
                    # A preview's first run: a spare now spares its first edit from
                    # linking every page into a new tree (5,000 links at 5,000 entities).
                    differs = set()
                    _link_unchanged(staging, output, seen, report)
                _make_spare(staging, work, known, differs)  # as it was, or as just made
            return report
        if differs is not None:
            _link_from_spare(staging, output, seen, report, differs, vouched, stamps)
        else:
            _link_unchanged(staging, output, seen, report)
        output.parent.mkdir(parents=True, exist_ok=True)
        retired = work / f"{RETIRED_PREFIX}{os.getpid()}"
        _replace_tree(staging, output, retired)
        _keep_spare(retired, work, known, report)
        _remember(known, pages_now, stamps, output)
        return report
    finally:
        _remove_tree(staging)


def _link_unchanged(staging: Path, output: Path, seen: set[str], report: WriteReport) -> None:
    """Link the subtree's unchanged pages and marker into a new staging tree."""
    folders: set[str] = set()
    top, staged = str(output), str(staging)
    for relative in seen.difference(report.written):
        _link_or_copy(os.path.join(top, relative), os.path.join(staged, relative), folders)
    if (output / MARKER).is_file():
        _link_or_copy(str(output / MARKER), str(staging / MARKER), folders)
    else:
        (staging / MARKER).write_bytes(MARKER_TEXT)
