"""`semikb new`: a fresh entity file, laid out from the vocabulary."""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from pathlib import Path

from .formats import SLUG
from .problems import ConfigError
from .templates import environment
from .vocabulary import Vocabulary

PLACEHOLDER = "TODO"


def slugify(name: str) -> str:
    """'Tokyo Electron Ltd.' → 'tokyo-electron-ltd'; accents go, other scripts need --id."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def scaffold(
    vocabulary: Vocabulary,
    type_id: str,
    name: str,
    modeline: str,
    entity_id: str | None = None,
    today: datetime.date | None = None,
) -> tuple[str, str]:
    """Return (id, file text) for a new entity of ``type_id`` called ``name``."""
    if type_id not in vocabulary.types:
        raise ConfigError(f"unknown type {type_id!r}; types: {', '.join(vocabulary.types)}")
    if entity_id is not None and not SLUG.fullmatch(entity_id):
        raise ConfigError(
            f"--id {entity_id!r} is not an id: use a lowercase slug such as 'tokyo-electron' "
            "(a-z, 0-9, single hyphens)"
        )
    entity_id = entity_id or slugify(name)
    if not SLUG.fullmatch(entity_id):
        raise ConfigError(
            f"cannot make an id from {name!r}: give one with --id (a lowercase slug such as "
            "'tokyo-electron')"
        )
    properties = [p for p in vocabulary.properties.values() if p.allows_subject(type_id)]
    text = (
        environment(markdown=False)
        .get_template("new_entity.yaml.j2")
        .render(
            modeline=modeline,
            id=entity_id,
            type=vocabulary.types[type_id],
            name=yaml_string(name),
            properties=properties,
            placeholder=PLACEHOLDER,
            today=(today or datetime.date.today()).isoformat(),
        )
    )
    return entity_id, text


def write_new(entities_dir: Path, type_id: str, entity_id: str, text: str) -> Path:
    path = entities_dir / type_id / f"{entity_id}.yaml"
    existing = sorted(entities_dir.glob(f"*/{entity_id}.yaml"))
    if existing:
        raise ConfigError(
            f"{existing[0]} already exists: ids are unique, so choose another with --id"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # never overwrite
        handle.write(text)
    return path
