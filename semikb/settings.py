"""Project settings: data in ``pyproject.toml`` under ``[tool.semikb]``, with defaults."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .problems import ConfigError


@dataclass(frozen=True)
class Settings:
    root: Path
    entities_dir: str = "entities"
    vocabulary: str = "schema/vocabulary.yaml"
    glossary: str = "schema/glossary.yaml"
    docs_dir: str = "docs"
    # The generated subtree of docs_dir; the generator owns it and nothing else.
    output_subdir: str = "kb"
    # The published site's address: feeds, calendars and JSON-LD need absolute URLs.
    site_url: str = "https://semikb.github.io/semikb/"
    # Edit links point here, followed by the entity file's path.
    edit_url: str = "https://github.com/semikb/semikb/edit/main/"
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
    def output_path(self) -> Path:
        return self.root / self.docs_dir / self.output_subdir


def load_settings(root: Path, **overrides: object) -> Settings:
    """Read ``[tool.semikb]`` from ``root/pyproject.toml`` (if any) and apply overrides."""
    root = Path(root)
    table: dict[str, object] = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            table = tomllib.loads(pyproject.read_text("utf-8")).get("tool", {}).get("semikb", {})
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{pyproject}: {error}") from None
    known = {f.name for f in fields(Settings)} - {"root"}
    values = {key.replace("-", "_"): value for key, value in table.items()}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"{pyproject}: unknown [tool.semikb] setting(s): {', '.join(unknown)}")
    settings = Settings(root=root, **values)  # type: ignore[arg-type]
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})
