"""The vocabulary: entity types and properties, declared once as data.

Validation, the editor JSON Schema, ``semikb new`` and the docs all read this.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .load import LocatedDict, read_data_file
from .problems import Location, Problem, SemikbError

VALUE_KINDS = ("entity", "date", "quantity", "text", "url")
FIELD_KINDS = ("string", "url", "date", "language", "choice")
LANGUAGES = ("en", "ko", "ja")


@dataclass(frozen=True)
class Inverse:
    id: str
    label: dict[str, str]


@dataclass(frozen=True)
class Property:
    id: str
    kind: str
    label: dict[str, str]
    domain: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    inverse: Inverse | None = None
    symmetric: bool = False
    infobox: bool = False
    description: str = ""

    def allows_subject(self, entity_type: str) -> bool:
        return not self.domain or entity_type in self.domain

    def allows_target(self, entity_type: str) -> bool:
        return not self.targets or entity_type in self.targets


@dataclass(frozen=True)
class Field:
    """A type-specific top-level field, such as a source's ``url``."""

    id: str
    kind: str
    label: dict[str, str]
    required: bool = False
    choices: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class EntityType:
    id: str
    label: dict[str, str]
    plural: dict[str, str]
    description: str = ""
    color: str = "#607d8b"
    fields: dict[str, Field] = field(default_factory=dict)


@dataclass(frozen=True)
class Vocabulary:
    types: dict[str, EntityType]
    properties: dict[str, Property]

    @functools.cached_property
    def inverse_ids(self) -> dict[str, Property]:
        """Inverse name → the property it is the inverse of (symmetric ones excluded).

        Cached: validation asks for it for every property key of every file.
        """
        return {p.inverse.id: p for p in self.properties.values() if p.inverse and not p.symmetric}

    def property_order(self) -> list[str]:
        return list(self.properties)


def _text_map(value: object) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return {"en": str(value)}


def _label(spec: LocatedDict, key: str, owner: str, problems: list[Problem]) -> dict[str, str]:
    """Labels are shown in English and Korean everywhere: both are required."""
    label = _text_map(spec.get(key, owner))
    missing = [lang for lang in ("en", "ko") if not label.get(lang)]
    if missing:
        problems.append(Problem(spec.key_locations.get(key, spec.location), f"{owner}: {key} needs {' and '.join(missing)} text"))
    return label


def _check_keys(data: LocatedDict, allowed: set[str], where: str, problems: list[Problem]) -> None:
    for key in data:
        if key not in allowed:
            problems.append(Problem(data.key_locations[key], f"unknown key {key!r} in {where}; expected one of: {', '.join(sorted(allowed))}"))


def _parse_types(raw: LocatedDict, problems: list[Problem]) -> dict[str, EntityType]:
    types: dict[str, EntityType] = {}
    for type_id, spec in raw.items():
        if not isinstance(spec, LocatedDict):
            problems.append(Problem(raw.key_locations[type_id], f"type {type_id!r} must be a mapping"))
            continue
        _check_keys(spec, {"label", "plural", "description", "color", "fields"}, f"type {type_id!r}", problems)
        color = str(spec.get("color", "#607d8b"))
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
            problems.append(Problem(spec.key_locations.get("color", spec.location), f"type {type_id!r}: color must be #rrggbb"))
        fields_ = {}
        for field_id, fspec in (spec.get("fields") or {}).items():
            kind = fspec.get("kind")
            if kind not in FIELD_KINDS:
                problems.append(Problem(fspec.location, f"field {field_id!r}: kind must be one of {', '.join(FIELD_KINDS)}"))
            fields_[field_id] = Field(
                id=field_id,
                kind=kind,
                label=_text_map(fspec.get("label", field_id)),
                required=bool(fspec.get("required", False)),
                choices=tuple(fspec.get("choices") or ()),
                description=_text_map(fspec.get("description", "")).get("en", ""),
            )
        types[type_id] = EntityType(
            id=type_id,
            label=_label(spec, "label", f"type {type_id!r}", problems),
            plural=_label(spec, "plural", f"type {type_id!r}", problems),
            description=_text_map(spec.get("description", "")).get("en", ""),
            color=color,
            fields=fields_,
        )
    return types


_PROPERTY_KEYS = {"kind", "label", "domain", "targets", "inverse", "symmetric", "infobox", "description"}


def _parse_property(prop_id: str, spec: LocatedDict, types: dict[str, EntityType], problems: list[Problem]) -> Property:
    _check_keys(spec, _PROPERTY_KEYS, f"property {prop_id!r}", problems)
    kind = spec.get("kind")
    if kind not in VALUE_KINDS:
        problems.append(Problem(spec.location, f"property {prop_id!r}: kind must be one of {', '.join(VALUE_KINDS)}"))
    for key in ("domain", "targets"):
        for type_id in spec.get(key) or ():
            if type_id not in types:
                problems.append(Problem(spec.key_locations[key], f"property {prop_id!r}: unknown type {type_id!r} in {key}"))
    inverse = None
    if kind == "entity":
        raw_inverse = spec.get("inverse")
        if not isinstance(raw_inverse, dict) or "id" not in raw_inverse or "label" not in raw_inverse:
            problems.append(Problem(spec.location, f"property {prop_id!r}: an entity property needs inverse: {{id, label}}"))
        else:
            inverse = Inverse(str(raw_inverse["id"]), _label(raw_inverse, "label", f"inverse of {prop_id!r}", problems))
    symmetric = bool(spec.get("symmetric", False))
    if symmetric and inverse and inverse.id != prop_id:
        problems.append(Problem(spec.location, f"property {prop_id!r} is symmetric, so its inverse id must be {prop_id!r}"))
    return Property(
        id=prop_id,
        kind=kind,
        label=_label(spec, "label", f"property {prop_id!r}", problems),
        domain=tuple(spec.get("domain") or ()),
        targets=tuple(spec.get("targets") or ()),
        inverse=inverse,
        symmetric=symmetric,
        infobox=bool(spec.get("infobox", False)),
        description=_text_map(spec.get("description", "")).get("en", ""),
    )


def load_vocabulary(path: Path, root: Path) -> Vocabulary:
    """Read and check the vocabulary; raise SemikbError listing every problem."""
    raw, shown = read_data_file(path, root, "vocabulary")
    problems: list[Problem] = []
    if not isinstance(raw, LocatedDict) or not isinstance(raw.get("types"), LocatedDict) or not isinstance(raw.get("properties"), LocatedDict):
        raise SemikbError([Problem(Location(shown, 1, 1), "the vocabulary needs `types` and `properties` mappings")])
    _check_keys(raw, {"types", "properties"}, "the vocabulary", problems)
    types = _parse_types(raw["types"], problems)
    properties = {pid: _parse_property(pid, spec, types, problems) for pid, spec in raw["properties"].items()}
    names = set(properties)
    for prop in properties.values():
        if prop.inverse and not prop.symmetric and prop.inverse.id in names:
            problems.append(Problem(raw["properties"].key_locations[prop.id], f"property {prop.id!r}: inverse id {prop.inverse.id!r} is also a property name"))
    if problems:
        raise SemikbError(problems)
    return Vocabulary(types, properties)
