"""Project settings: data in ``pyproject.toml`` under ``[tool.semikb]``, with defaults.

Every setting is checked like content: a wrong value is a ConfigError (exit 2) that
names ``pyproject.toml:line:col``, with "did you mean" for a misspelt name.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path, PurePosixPath

from .formats import LANGUAGE_CODE, is_http_url
from .problems import ConfigError, Location, Problem, Problems, did_you_mean


@dataclass(frozen=True)
class Publication:
    """Who publishes the knowledge base, as the feeds and the calendar say it."""

    title: str
    author: str
    license: str = ""


@dataclass(frozen=True)
class Settings:
    root: Path
    entities_dir: str = "entities"
    vocabulary: str = "schema/vocabulary.yaml"
    glossary: str = "schema/glossary.yaml"
    # The editor schema generated from the vocabulary by `semikb schema`.
    entity_schema: str = "schema/entity.schema.json"
    docs_dir: str = "docs"
    # The generated subtree of docs_dir; the generator owns it and nothing else.
    output_subdir: str = "kb"
    # The published site's address: feeds, calendars and JSON-LD need absolute URLs.
    site_url: str = "https://example.org/"
    # Edit buttons point here, followed by the file's path ("" for none), e.g.
    # "https://github.com/OWNER/REPO/edit/main/".
    edit_url: str = ""
    # What the feeds and the calendar say of the publication.
    title: str = "Knowledge base"
    author: str = "Contributors"
    license: str = ""
    # The site's editions, one per language: the first at the site root, each other one
    # under <code>/ with its hand-written pages in <docs_dir>-<code>/ (docs-ko/).
    editions: tuple[str, ...] = ("en",)
    # semikb's own working folder: the build lock and the staging tree of each build.
    work_dir: str = ".semikb"
    # Files larger than this are rejected before parsing.
    max_file_bytes: int = 256 * 1024

    @property
    def entities_path(self) -> Path:
        return self.root / self.entities_dir

    @property
    def vocabulary_path(self) -> Path:
        return self.root / self.vocabulary

    @property
    def glossary_path(self) -> Path:
        return self.root / self.glossary

    @property
    def entity_schema_path(self) -> Path:
        return self.root / self.entity_schema

    @property
    def docs_path(self) -> Path:
        return self.root / self.docs_dir

    @property
    def output_path(self) -> Path:
        return self.docs_path / self.output_subdir

    @property
    def main_edition(self) -> str:
        return self.editions[0]

    def edition_docs_dir(self, code: str) -> str:
        return self.docs_dir if code == self.main_edition else f"{self.docs_dir}-{code}"

    def edition_output_path(self, code: str) -> Path:
        return self.root / self.edition_docs_dir(code) / self.output_subdir

    def edition_site_url(self, code: str) -> str:
        return self.site_url if code == self.main_edition else f"{self.site_url}{code}/"

    def edition_work_path(self, code: str) -> Path:
        return self.work_path if code == self.main_edition else self.work_path / code

    @property
    def publication(self) -> Publication:
        return Publication(self.title, self.author, self.license)

    @property
    def work_path(self) -> Path:
        return self.root / self.work_dir


# What semikb writes stays inside the project; what it reads may be anywhere.
_WRITTEN = ("entity_schema", "docs_dir", "output_subdir", "work_dir")
_URLS = ("site_url", "edit_url")
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def _setting_problem(name: str, value: object) -> str | None:
    """What is wrong with one setting's value, or None."""
    if name == "editions":
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(code, str) and LANGUAGE_CODE.fullmatch(code) for code in value)
            or len(set(value)) != len(value)
        ):
            return (
                'editions must be a list of distinct language codes such as ["en", "ko"],'
                f" not {value!r}"
            )
        return None
    if name == "max_file_bytes":
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            return f"max_file_bytes must be a whole number of bytes above 0, not {value!r}"
        return None
    if name in ("edit_url", "license") and value == "":
        return None
    if not isinstance(value, str) or not value.strip():
        return f"{name} must be non-empty text, not {value!r}"
    if name in ("title", "author"):
        return None
    if name in _URLS:
        if not is_http_url(value) or not value.endswith("/"):
            return f"{name} must be an http:// or https:// URL ending in '/', not {value!r}"
        return None
    path = PurePosixPath(value)
    if name in _WRITTEN and (path.is_absolute() or ".." in path.parts or "\\" in value):
        return (
            f"{name} must be a path inside the project, relative to pyproject.toml, not {value!r}"
        )
    if name == "output_subdir" and not all(_NAME.fullmatch(part) for part in path.parts):
        return f"output_subdir must be a folder name such as 'kb', not {value!r}"
    return None


def _key_location(text: str, shown: str, key: str) -> Location:
    """Where ``key = …`` is written in the [tool.semikb] table (TOML parsers keep no lines)."""
    in_table = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.replace(" ", "") == "[tool.semikb]"
        elif in_table and re.match(rf"{re.escape(key)}\s*=", stripped):
            return Location(shown, number, line.index(key) + 1)
    return Location(shown)


def _read_table(pyproject: Path) -> tuple[dict[str, object], str]:
    try:
        text = pyproject.read_text("utf-8")
    except OSError as error:
        raise ConfigError(
            [Problem(Location(pyproject.name), f"cannot read it: {error.strerror}")]
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(
            [Problem(Location(pyproject.name), "not valid UTF-8: save it as UTF-8")]
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib says where only in its message: "… (at line 3, column 9)".
        where = re.search(r"\(at line (\d+), column (\d+)\)$", str(error))
        line, column = (int(where[1]), int(where[2])) if where else (0, 0)
        message = str(error)[: where.start()].strip() if where else str(error)
        raise ConfigError([Problem(Location(pyproject.name, line, column), message)]) from None
    tool = data.get("tool", {})
    table = tool.get("semikb", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(
            [Problem(Location(pyproject.name), "[tool.semikb] must be a table of settings")]
        )
    return table, text


def load_settings(root: Path, **overrides: object) -> Settings:
    """Read ``[tool.semikb]`` from ``root/pyproject.toml`` (if any), check it, apply overrides."""
    root = Path(root)
    if not root.is_dir():
        raise ConfigError(
            f"{root}: no such project folder (give the folder that holds pyproject.toml with "
            "--root)"
        )
    pyproject = root / "pyproject.toml"
    table, text = _read_table(pyproject) if pyproject.is_file() else ({}, "")
    known = [f.name for f in fields(Settings) if f.name != "root"]
    problems = Problems()
    values: dict[str, object] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        where = _key_location(text, "pyproject.toml", key)
        if name not in known:
            problems.add(
                where,
                f"unknown [tool.semikb] setting {key!r}{did_you_mean(name, known)}; settings: "
                f"{', '.join(known)}",
            )
        elif message := _setting_problem(name, value):
            problems.add(where, message)
        else:
            values[name] = tuple(value) if isinstance(value, list) else value
    problems.raise_if_any(ConfigError)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(root=root, **values)  # type: ignore[arg-type]  # checked above, or from code
