"""Stage 1, load: read every entity file into plain data that remembers where it came from.

YAML is read as a stream of parser events (PyYAML's C parser when available) and
built into dicts, lists and scalars by hand, so that every value keeps its line and
column, duplicate keys are caught, and anchors, aliases and custom tags, which could
blow up a document's size or run code, are refused outright.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import ConfigError, Location, Problem, display_path


class LocatedDict(dict[str, Any]):
    """A mapping that knows its own location and those of its keys."""

    location: Location
    key_locations: dict[str, Location]


class LocatedList(list[Any]):
    """A sequence that knows its own location and those of its items."""

    location: Location
    item_locations: list[Location]


@dataclass
class RawRecord:
    """One entity file, parsed but not yet validated."""

    path: Path
    display_path: str
    data: LocatedDict


# Plain scalars are resolved by YAML 1.2's core schema, not PyYAML's YAML 1.1 rules:
# `no` is the language code it looks like, not false, and dates stay text (their
# precision, 2022 vs 2022-08, matters). Forms that YAML 1.1 tools would read as other
# numbers (base 60, hex, octal, binary, digit separators, leading zeros) are refused,
# since each reader of the file would see another value.
_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INFINITY = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_AMBIGUOUS = (
    (re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"), "a number in base 60"),
    (re.compile(r"[-+]?0[xX][0-9a-fA-F_]+"), "a hexadecimal number"),
    (re.compile(r"[-+]?0[oO]?[0-7_]+"), "an octal number"),
    (re.compile(r"[-+]?0[bB][01_]+"), "a binary number"),
    (re.compile(r"[-+]?0[0-9]+(?:\.[0-9]*)?"), "a number with a leading zero"),
    (
        re.compile(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"),
        "a number with digit separators",
    ),
)
_STR_TAG = "tag:yaml.org,2002:str"
# Explicit standard tags (`!!int 5`) resolve like the plain scalar they tag.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null")}
# Deeper nesting than an entity file needs is refused before Python's recursion limit.
MAX_DEPTH = 32


def _place(mark: Any) -> tuple[int, int]:
    """A parser mark as 1-based (line, column); (0, 0) when the parser gave none."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


class _YamlProblem(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def _scalar_value(event: yaml.ScalarEvent) -> Any:
    mark = event.start_mark
    if event.tag not in (None, "!", _STR_TAG, *_PLAIN_TAGS):
        raise _YamlProblem(*_place(mark), f"custom YAML tag {event.tag!r} is not allowed")
    text = event.value
    if event.tag in ("!", _STR_TAG) or (event.tag is None and not event.implicit[0]):
        return text  # quoted or tagged as text
    if _NULL.fullmatch(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text) and any(ch.isdigit() for ch in text):
        return float(text)
    if _INFINITY.fullmatch(text):
        return float(text.replace(".", "", 1))
    for pattern, reading in _AMBIGUOUS:
        if pattern.fullmatch(text):
            raise _YamlProblem(
                *_place(mark),
                f"{text!r} would be read by some YAML tools as {reading}: write the number"
                " in plain decimal digits, or put it in quotes to keep it as text",
            )
    return text


class _Builder:
    """Builds located Python data from a parser event stream."""

    def __init__(self, path: str):
        self.path = path
        self.depth = 0

    def location(self, event: yaml.Event) -> Location:
        return Location(self.path, *_place(event.start_mark))

    def build(self, events: Any) -> Any:
        documents: list[Any] = []
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                if documents:
                    mark = event.start_mark
                    raise _YamlProblem(
                        *_place(mark),
                        "a file holds one entity: remove the second YAML document",
                    )
                documents.append(self.node(next(events), events))
        return documents[0] if documents else None

    def node(self, event: yaml.Event, events: Any) -> Any:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise _YamlProblem(
                *_place(mark),
                "YAML anchors and aliases (& and *) are not allowed: write the value out",
            )
        tag = getattr(event, "tag", None)
        if isinstance(event, yaml.ScalarEvent):
            return _scalar_value(event)
        if tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            mark = event.start_mark
            raise _YamlProblem(*_place(mark), f"custom YAML tag {tag!r} is not allowed")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                mark = event.start_mark
                raise _YamlProblem(
                    *_place(mark),
                    f"nested deeper than {MAX_DEPTH} levels: an entity file never needs that",
                )
            try:
                if isinstance(event, yaml.MappingStartEvent):
                    return self.mapping(event, events)
                return self.sequence(event, events)
            finally:
                self.depth -= 1
        raise _YamlProblem(*_place(event.start_mark), f"unexpected {event!r}")

    def mapping(self, start: yaml.MappingStartEvent, events: Any) -> LocatedDict:
        result = LocatedDict()
        result.location = self.location(start)
        result.key_locations = {}
        for event in events:
            if isinstance(event, yaml.MappingEndEvent):
                return result
            key_location = self.location(event)
            if not isinstance(event, yaml.ScalarEvent):
                raise _YamlProblem(
                    key_location.line,
                    key_location.column,
                    "a key must be a plain value, not a mapping or list",
                )
            self.node(event, events)  # refuses anchors and tags on keys
            key = event.value  # a key is the text as written: `no` is Norwegian, `~` is `~`
            if key in result:
                first = result.key_locations[key]
                raise _YamlProblem(
                    key_location.line,
                    key_location.column,
                    f"duplicate key {key!r} (first defined on line {first.line})",
                )
            value_event = next(events)
            value = self.node(value_event, events)
            result[key] = value
            result.key_locations[key] = key_location
        raise _YamlProblem(result.location.line, result.location.column, "unterminated mapping")

    def sequence(self, start: yaml.SequenceStartEvent, events: Any) -> LocatedList:
        result = LocatedList()
        result.location = self.location(start)
        result.item_locations = []
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                return result
            result.item_locations.append(self.location(event))
            result.append(self.node(event, events))
        raise _YamlProblem(result.location.line, result.location.column, "unterminated list")


def _decode(raw: bytes) -> str:
    """UTF-8 (a BOM is allowed); report the line of the first bad byte otherwise."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise _YamlProblem(
            line,
            column,
            f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8",
        ) from None


def parse_yaml(raw: bytes, path: str) -> Any:
    """Parse one YAML document into located data, or raise _YamlProblem."""
    text = _decode(raw)
    if "\t" in text:
        # YAML forbids tabs in indentation; say so plainly instead of a parser riddle.
        for number, line in enumerate(text.splitlines(), 1):
            indent = len(line) - len(line.lstrip(" \t"))
            if "\t" in line[:indent]:
                raise _YamlProblem(
                    number, line.index("\t") + 1, "tab character in indentation: indent with spaces"
                )
    try:
        return _Builder(path).build(iter(yaml.parse(text, Loader=_loader_class())))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        raise _YamlProblem(*_place(mark), f"YAML syntax error: {message}") from None
    except yaml.reader.ReaderError as error:
        at_line = text.count("\n", 0, error.position) + 1
        at_column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        character = chr(error.character) if isinstance(error.character, int) else error.character
        raise _YamlProblem(
            at_line, at_column, f"character {character!r} is not allowed in YAML: remove it"
        ) from None


def _loader_class() -> type:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_file(path: Path, root: Path, max_bytes: int) -> RawRecord | Problem:
    shown = _shown(path, root)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Problem(
                Location(shown), f"file is {size} bytes, over the limit of {max_bytes} bytes"
            )
        raw = path.read_bytes()
    except OSError as error:
        return Problem(Location(shown), f"cannot read this file: {error.strerror}")
    try:
        data = parse_yaml(raw, shown)
    except _YamlProblem as problem:
        return Problem(Location(shown, problem.line, problem.column), problem.message)
    if data is None:
        return Problem(
            Location(shown, 1, 1),
            "the file is empty: an entity needs at least id, type, name and summary",
        )
    if not isinstance(data, LocatedDict):
        return Problem(
            Location(shown, 1, 1), "an entity file must be a YAML mapping (key: value lines)"
        )
    return RawRecord(path, shown, data)


def read_data_file(path: Path, root: Path, what: str) -> tuple[Any, str]:
    """A project data file (vocabulary, glossary) as located data and its shown path.

    Unlike entity files, a problem here stops everything at once: ConfigError (exit 2).
    """
    shown = display_path(path, root)
    try:
        return parse_yaml(path.read_bytes(), shown), shown
    except FileNotFoundError:
        hint = (
            ": is this a semikb project? `semikb init` starts one here"
            if what == "vocabulary"
            else ""
        )
        raise ConfigError([Problem(Location(shown), f"{what} file not found{hint}")]) from None
    except OSError as error:
        raise ConfigError(
            [Problem(Location(shown), f"cannot read the {what} file: {error.strerror}")]
        ) from None
    except _YamlProblem as error:
        raise ConfigError(
            [Problem(Location(shown, error.line, error.column), error.message)]
        ) from None


def _shown(path: Path, root: Path) -> str:
    """Like display_path, without resolving symlinks for every file (a syscall each)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return display_path(path, root)


ENTITY_SUFFIXES = (".yaml", ".yml")


def _file_problem(path: str, is_link: bool, root: Path) -> str | None:
    """Why a file below the entities folder is not an entity file, or None if it is one."""
    if is_link:
        target = Path(path).resolve()
        if not target.is_relative_to(root.resolve()):
            return (
                "a symbolic link to a file outside the project: entity files live in the repository"
            )
    stem, suffix = os.path.splitext(os.path.basename(path))
    if suffix.lower() in ENTITY_SUFFIXES and suffix not in ENTITY_SUFFIXES:
        return f"entity files end in lowercase .yaml: rename it to {stem}.yaml"
    if suffix not in ENTITY_SUFFIXES:
        return "not an entity file (entity files are <type>/<id>.yaml): move it out of the folder"
    return None


def entity_files(entities_dir: Path, root: Path) -> Iterator[str | Problem]:
    """Every entity file below the entities folder in a stable order, and a problem for every
    other file or folder found there: nothing is skipped silently. Hidden files and folders
    (``.gitkeep``) and file names starting with ``_`` (data kept next to the entities) are
    left alone.

    The folders are listed with ``os.scandir`` and paths handled as strings until a file is
    found: in a preview this listing runs on every save, and at 5,000 files pathlib's
    parsing and a link test per file were most of a run with nothing to do. Files are
    given as paths in strings, for the same reason."""
    found: list[tuple[str, str | Problem]] = []

    def add(where: str, item: str | Problem) -> None:
        found.append((where, item))

    def visit(folder: str, shown: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            where = _shown(Path(error.filename), root) if error.filename else shown
            add(where, Problem(Location(where), f"cannot read this folder: {error.strerror}"))
            return
        for entry in entries:
            name, where = entry.name, f"{shown}/{entry.name}" if shown else entry.name
            if name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                visit(entry.path, where)
            elif entry.is_symlink() and entry.is_dir():
                message = "a symbolic link to a folder is not followed: move the files here"
                add(where, Problem(Location(where), message))
            elif name.startswith("_"):
                continue  # data kept next to the entities
            elif name.endswith(".yaml") and not entry.is_symlink():
                add(where, entry.path)  # the common case, without _file_problem's tests
            else:
                problem = _file_problem(entry.path, entry.is_symlink(), root)
                add(where, Problem(Location(where), problem) if problem else entry.path)

    visit(str(entities_dir), _shown(entities_dir, root))
    found.sort(key=lambda item: item[0])
    yield from (item for _, item in found)


def entity_paths(entities_dir: Path, root: Path) -> Iterator[str | Problem]:
    """Each entity file to read, and a problem for anything else found (see entity_files).

    A missing entities folder, or one without entity files, is a configuration error:
    building from it would remove every page."""
    shown = _shown(entities_dir, root)
    if not entities_dir.is_dir():
        raise ConfigError(
            [
                Problem(
                    Location(shown),
                    "the entities folder does not exist (see entities_dir in pyproject.toml)",
                )
            ]
        )
    count = 0
    for item in entity_files(entities_dir, root):
        count += not isinstance(item, Problem)
        yield item
    if count == 0:
        raise ConfigError(
            [Problem(Location(shown), "no entity files: add <type>/<id>.yaml files (semikb new)")]
        )
