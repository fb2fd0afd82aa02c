"""The vocabulary: entity types, properties, languages and roles, declared once as data.

Validation, the editor JSON Schema, ``semikb new``, the exports and the docs all read
this. Where the code relies on a type, field or property (the type whose entities are
cited as sources and the fields a citation shows, what feeds the timeline, the
schema.org mapping), the vocabulary names it under ``roles`` or on the type, and the
loader checks here, with file:line, that every name it gives exists: a renamed field
is refused before anything renders. Problems are configuration errors (exit 2).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .formats import COLOR, FIELD_KINDS, LANGUAGE_CODE, VALUE_KINDS
from .load import LocatedDict, LocatedList, read_data_file
from .model import Text
from .problems import ConfigError, Location, Problem, Problems, did_you_mean


@dataclass(frozen=True)
class Inverse:
    id: str
    label: Text


@dataclass(frozen=True)
class Property:
    id: str
    kind: str
    label: Text
    domain: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    inverse: Inverse | None = None
    symmetric: bool = False
    infobox: bool = False
    # Quantity statements of this property on one subject form a time series (a chart).
    series: bool = False
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
    label: Text
    required: bool = False
    choices: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class SchemaOrgProperty:
    """How one property appears in a page's schema.org JSON-LD."""

    key: str
    # For entity properties: the @type of the linked node instead of the target's own.
    node_type: str | None = None
    # For date properties: the key that takes the statement's `end` qualifier; the
    # statement's `start` qualifier, when given, then takes ``key``.
    end_key: str | None = None


@dataclass(frozen=True)
class SchemaOrg:
    type: str
    # Entities carrying one of these tags get the paired @type instead.
    tag_types: tuple[tuple[str, str], ...] = ()
    properties: tuple[tuple[str, SchemaOrgProperty], ...] = ()


@dataclass(frozen=True)
class EntityType:
    id: str
    label: Text
    plural: Text
    description: str = ""
    color: str = "#607d8b"
    fields: dict[str, Field] = field(default_factory=dict)
    schema_org: SchemaOrg | None = None


@dataclass(frozen=True)
class Languages:
    # Content languages in the order names are shown.
    content: tuple[str, ...] = ("en",)
    # Every entity's name and summary must have these.
    required: tuple[str, ...] = ("en",)
    # Every label of the vocabulary must have these.
    labels: tuple[str, ...] = ("en",)


@dataclass(frozen=True)
class SourceRole:
    """The type whose entities statements cite, and which of its fields a citation shows."""

    type: str
    url: str
    publisher: str
    date: str
    language: str
    accessed: str | None = None


@dataclass(frozen=True)
class TimelineRole:
    """What the feeds and the calendar count as a dated event."""

    types: tuple[str, ...] = ()
    properties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    types: dict[str, EntityType]
    properties: dict[str, Property]
    languages: Languages
    source: SourceRole
    timeline: TimelineRole

    @functools.cached_property
    def inverse_ids(self) -> dict[str, Property]:
        """Inverse name → the property it is the inverse of (symmetric ones excluded).

        Cached: validation asks for it for every property key of every file.
        """
        return {p.inverse.id: p for p in self.properties.values() if p.inverse and not p.symmetric}

    @property
    def source_type(self) -> str:
        return self.source.type

    def property_order(self) -> list[str]:
        return list(self.properties)


class _Reader:
    """Reads one vocabulary file, checking every value's shape where it stands."""

    def __init__(self, problems: Problems):
        self.problems = problems

    def where(self, mapping: LocatedDict, key: str) -> Location:
        value = mapping.get(key)
        located = getattr(value, "location", None)
        return located or mapping.key_locations.get(key, mapping.location)

    def mapping(
        self, parent: LocatedDict, key: str, what: str, required: bool = True
    ) -> LocatedDict | None:
        value = parent.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, LocatedDict):
            self.problems.add(self.where(parent, key), f"{what}: {key} must be a mapping")
            return None
        return value

    def keys(self, mapping: LocatedDict, allowed: Iterable[str], what: str) -> None:
        allowed = list(allowed)
        for key in mapping:
            if key not in allowed:
                self.problems.add(
                    mapping.key_locations[key],
                    f"unknown key {key!r} in {what}{did_you_mean(key, allowed)};"
                    f" expected one of: {', '.join(sorted(allowed))}",
                )

    def string(
        self, mapping: LocatedDict, key: str, what: str, default: str | None = None
    ) -> str | None:
        value = mapping.get(key, default)
        if value is None and default is None and key not in mapping:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problems.add(self.where(mapping, key), f"{what}: {key} must be non-empty text")
            return None
        return value

    def boolean(self, mapping: LocatedDict, key: str, what: str) -> bool:
        value = mapping.get(key, False)
        if not isinstance(value, bool):
            self.problems.add(self.where(mapping, key), f"{what}: {key} must be true or false")
            return False
        return value

    def strings(self, mapping: LocatedDict, key: str, what: str) -> tuple[str, ...]:
        value = mapping.get(key)
        if value is None:
            return ()
        if not isinstance(value, LocatedList) or not all(isinstance(i, str) and i for i in value):
            self.problems.add(
                self.where(mapping, key),
                f"{what}: {key} must be a list of names, e.g. [company, person]",
            )
            return ()
        return tuple(value)

    def ids(
        self, mapping: LocatedDict, key: str, what: str, known: Iterable[str], kind: str
    ) -> tuple[str, ...]:
        """A list of type or property ids, each of which must exist."""
        known = list(known)
        values = self.strings(mapping, key, what)
        locations = getattr(mapping.get(key), "item_locations", [])
        for value, location in zip(values, locations, strict=False):
            if value not in known:
                self.problems.add(
                    location,
                    f"{what}: unknown {kind} {value!r} in {key}{did_you_mean(value, known)}",
                )
        return values

    def text(
        self,
        mapping: LocatedDict,
        key: str,
        what: str,
        languages: Iterable[str] = (),
        default: str | None = None,
    ) -> Text:
        """A label: {language: text}; a plain string is English. ``languages`` are required."""
        value = mapping.get(key, default)
        if isinstance(value, str):
            text = Text.of({"en": value})
        elif isinstance(value, LocatedDict) and all(isinstance(v, str) for v in value.values()):
            for code in value:
                if not LANGUAGE_CODE.fullmatch(code):
                    self.problems.add(
                        value.key_locations[code],
                        f"{what}: {code!r} is not a language code such as en or ko",
                    )
            text = Text.of(dict(value))
        else:
            self.problems.add(
                self.where(mapping, key),
                f"{what}: {key} must be text or a mapping of language to text",
            )
            return Text()
        missing = [lang for lang in languages if not text.get(lang)]
        if missing:
            self.problems.add(
                self.where(mapping, key), f"{what}: {key} needs {' and '.join(missing)} text"
            )
        return text


def _languages(reader: _Reader, raw: LocatedDict) -> Languages:
    spec = reader.mapping(raw, "languages", "the vocabulary", required=False)
    if spec is None:
        return Languages()
    reader.keys(spec, ("content", "required", "labels"), "languages")
    lists = {}
    for key in ("content", "required", "labels"):
        codes = reader.strings(spec, key, "languages")
        for code in codes:
            if not LANGUAGE_CODE.fullmatch(code):
                reader.problems.add(
                    reader.where(spec, key),
                    f"languages: {code!r} is not a language code such as en or ko",
                )
        lists[key] = codes
    content = lists["content"] or ("en",)
    for key in ("required", "labels"):
        for code in lists[key]:
            if code not in content:
                reader.problems.add(
                    reader.where(spec, key),
                    f"languages: {key} names {code!r}, which is not in content",
                )
    if "en" not in (lists["required"] or ("en",)):
        reader.problems.add(
            reader.where(spec, "required"),
            "languages: required must include en, the language of page titles",
        )
    return Languages(content, lists["required"] or ("en",), lists["labels"] or ("en",))


def _fields(
    reader: _Reader, spec: LocatedDict, type_id: str, labels: tuple[str, ...]
) -> dict[str, Field]:
    raw = reader.mapping(spec, "fields", f"type {type_id!r}", required=False)
    fields: dict[str, Field] = {}
    for field_id, fspec in (raw or {}).items():
        what = f"field {field_id!r} of type {type_id!r}"
        if not isinstance(fspec, LocatedDict):
            assert raw is not None
            reader.problems.add(
                raw.key_locations[field_id], f"{what} must be a mapping with kind and label"
            )
            continue
        reader.keys(fspec, ("kind", "required", "label", "choices", "description"), what)
        kind = fspec.get("kind")
        if kind not in FIELD_KINDS:
            reader.problems.add(
                reader.where(fspec, "kind"), f"{what}: kind must be one of {', '.join(FIELD_KINDS)}"
            )
        choices = reader.strings(fspec, "choices", what)
        if kind == "choice" and not choices:
            reader.problems.add(fspec.location, f"{what}: a choice field needs choices")
        fields[field_id] = Field(
            id=field_id,
            kind=str(kind),
            label=reader.text(fspec, "label", what, labels, default=field_id),
            required=reader.boolean(fspec, "required", what),
            choices=choices,
            description=reader.text(fspec, "description", what, default="").best("en"),
        )
    return fields


def _schema_org(reader: _Reader, spec: LocatedDict, type_id: str) -> SchemaOrg | None:
    raw = reader.mapping(spec, "schema_org", f"type {type_id!r}", required=False)
    if raw is None:
        return None
    what = f"schema_org of type {type_id!r}"
    reader.keys(raw, ("type", "tag_types", "properties"), what)
    tag_types = reader.mapping(raw, "tag_types", what, required=False)
    mapped = reader.mapping(raw, "properties", what, required=False)
    properties = []
    for prop_id, value in (mapped or {}).items():
        assert mapped is not None
        if isinstance(value, str):
            properties.append((prop_id, SchemaOrgProperty(value)))
        elif isinstance(value, LocatedDict):
            reader.keys(value, ("key", "node_type", "end_key"), f"{what}, property {prop_id!r}")
            key = reader.string(value, "key", f"{what}, property {prop_id!r}") or prop_id
            properties.append(
                (prop_id, SchemaOrgProperty(key, value.get("node_type"), value.get("end_key")))
            )
        else:
            reader.problems.add(
                mapped.key_locations[prop_id],
                f"{what}: property {prop_id!r} must map to a schema.org key or "
                f"{{key, node_type, end_key}}",
            )
    return SchemaOrg(
        type=reader.string(raw, "type", what) or "Thing",
        tag_types=tuple((str(tag), str(name)) for tag, name in (tag_types or {}).items()),
        properties=tuple(properties),
    )


def _types(reader: _Reader, raw: LocatedDict, labels: tuple[str, ...]) -> dict[str, EntityType]:
    types: dict[str, EntityType] = {}
    for type_id, spec in raw.items():
        what = f"type {type_id!r}"
        if not isinstance(spec, LocatedDict):
            reader.problems.add(raw.key_locations[type_id], f"{what} must be a mapping")
            continue
        reader.keys(spec, ("label", "plural", "description", "color", "fields", "schema_org"), what)
        color = spec.get("color", "#607d8b")
        if not isinstance(color, str) or not COLOR.fullmatch(color):
            reader.problems.add(reader.where(spec, "color"), f"{what}: color must be #rrggbb")
            color = "#607d8b"
        types[type_id] = EntityType(
            id=type_id,
            label=reader.text(spec, "label", what, labels, default=type_id),
            plural=reader.text(spec, "plural", what, labels, default=type_id),
            description=reader.text(spec, "description", what, default="").best("en"),
            color=color,
            fields=_fields(reader, spec, type_id, labels),
            schema_org=_schema_org(reader, spec, type_id),
        )
    return types


_PROPERTY_KEYS = (
    "kind",
    "label",
    "domain",
    "targets",
    "inverse",
    "symmetric",
    "infobox",
    "series",
    "description",
)


def _property(
    reader: _Reader,
    prop_id: str,
    spec: object,
    where: Location,
    types: dict[str, EntityType],
    labels: tuple[str, ...],
) -> Property | None:
    what = f"property {prop_id!r}"
    if not isinstance(spec, LocatedDict):
        reader.problems.add(where, f"{what} must be a mapping with kind and label")
        return None
    reader.keys(spec, _PROPERTY_KEYS, what)
    kind = spec.get("kind")
    if kind not in VALUE_KINDS:
        reader.problems.add(
            reader.where(spec, "kind"), f"{what}: kind must be one of {', '.join(VALUE_KINDS)}"
        )
    domain = reader.ids(spec, "domain", what, types, "type")
    targets = reader.ids(spec, "targets", what, types, "type")
    inverse = None
    if kind == "entity":
        raw_inverse = spec.get("inverse")
        if (
            not isinstance(raw_inverse, LocatedDict)
            or not isinstance(raw_inverse.get("id"), str)
            or "label" not in raw_inverse
        ):
            reader.problems.add(
                reader.where(spec, "inverse") if raw_inverse is not None else spec.location,
                f"{what}: an entity property needs inverse: {{id, label}}",
            )
        else:
            reader.keys(raw_inverse, ("id", "label"), f"the inverse of {prop_id!r}")
            inverse = Inverse(
                raw_inverse["id"],
                reader.text(raw_inverse, "label", f"inverse of {prop_id!r}", labels),
            )
    symmetric = reader.boolean(spec, "symmetric", what)
    if symmetric and inverse and inverse.id != prop_id:
        reader.problems.add(
            spec.location, f"{what} is symmetric, so its inverse id must be {prop_id!r}"
        )
    return Property(
        id=prop_id,
        kind=str(kind),
        label=reader.text(spec, "label", what, labels, default=prop_id),
        domain=domain,
        targets=targets,
        inverse=inverse,
        symmetric=symmetric,
        infobox=reader.boolean(spec, "infobox", what),
        series=_series(reader, spec, kind, what),
        description=reader.text(spec, "description", what, default="").best("en"),
    )


def _series(reader: _Reader, spec: LocatedDict, kind: object, what: str) -> bool:
    series = reader.boolean(spec, "series", what)
    if series and kind != "quantity":
        reader.problems.add(
            reader.where(spec, "series"), f"{what}: only a quantity property can form a series"
        )
    return series


_SOURCE_FIELDS = {"url": "url", "publisher": "string", "date": "date", "language": "language"}


def _source_role(
    reader: _Reader, roles: LocatedDict | None, types: dict[str, EntityType], where: Location
) -> SourceRole:
    fallback = SourceRole("source", "url", "publisher", "published", "language")
    spec = reader.mapping(roles, "source", "roles") if roles is not None else None
    if spec is None:
        if roles is None:
            reader.problems.add(
                where,
                "the vocabulary needs roles.source: the type that statements cite, and its "
                "url, publisher, date and language fields",
            )
        return fallback
    reader.keys(spec, ("type", *_SOURCE_FIELDS, "accessed"), "roles.source")
    type_id = reader.string(spec, "type", "roles.source")
    if type_id is None:
        return fallback
    entity_type = types.get(type_id)
    if entity_type is None:
        reader.problems.add(
            reader.where(spec, "type"),
            f"roles.source: unknown type {type_id!r}{did_you_mean(type_id, types)}",
        )
        return fallback
    names: dict[str, str | None] = {}
    for role, kind in {**_SOURCE_FIELDS, "accessed": "date"}.items():
        name = (
            reader.string(spec, role, "roles.source")
            if role in spec or role != "accessed"
            else None
        )
        names[role] = name
        if name is None:
            continue
        declared = entity_type.fields.get(name)
        if declared is None:
            reader.problems.add(
                reader.where(spec, role),
                f"roles.source: {role} names the field {name!r}, which type {type_id!r} does "
                f"not have{did_you_mean(name, entity_type.fields)}",
            )
        elif declared.kind != kind:
            reader.problems.add(
                reader.where(spec, role),
                f"roles.source: {role} names the field {name!r}, of kind {declared.kind}; it "
                f"must be of kind {kind}",
            )
        elif role != "accessed" and not declared.required:
            reader.problems.add(
                reader.where(spec, role),
                f"roles.source: the field {name!r} must be required, since every citation shows it",
            )
    return SourceRole(
        type_id,
        names["url"] or "",
        names["publisher"] or "",
        names["date"] or "",
        names["language"] or "",
        names["accessed"],
    )


def _timeline_role(
    reader: _Reader,
    roles: LocatedDict | None,
    types: dict[str, EntityType],
    properties: dict[str, Property],
) -> TimelineRole:
    spec = reader.mapping(roles, "timeline", "roles", required=False) if roles is not None else None
    if spec is None:
        return TimelineRole()
    reader.keys(spec, ("types", "properties"), "roles.timeline")
    return TimelineRole(
        types=reader.ids(spec, "types", "roles.timeline", types, "type"),
        properties=reader.ids(spec, "properties", "roles.timeline", properties, "property"),
    )


def _check_schema_org(
    reader: _Reader,
    raw_types: LocatedDict,
    types: dict[str, EntityType],
    properties: dict[str, Property],
) -> None:
    for type_id, entity_type in types.items():
        if entity_type.schema_org is None:
            continue
        mapped = (
            raw_types[type_id]["schema_org"]["properties"]
            if entity_type.schema_org.properties
            else None
        )
        for prop_id, _ in entity_type.schema_org.properties:
            assert mapped is not None
            if prop_id not in properties:
                reader.problems.add(
                    mapped.key_locations[prop_id],
                    f"schema_org of type {type_id!r}: unknown property "
                    f"{prop_id!r}{did_you_mean(prop_id, properties)}",
                )


def parse_vocabulary(raw: object, shown: str) -> Vocabulary:
    """Check located vocabulary data; raise ConfigError listing every problem."""
    problems = Problems()
    reader = _Reader(problems)
    if (
        not isinstance(raw, LocatedDict)
        or not isinstance(raw.get("types"), LocatedDict)
        or not isinstance(raw.get("properties"), LocatedDict)
    ):
        raise ConfigError(
            [
                Problem(
                    Location(shown, 1, 1), "the vocabulary needs `types` and `properties` mappings"
                )
            ]
        )
    reader.keys(raw, ("languages", "roles", "types", "properties"), "the vocabulary")
    languages = _languages(reader, raw)
    types = _types(reader, raw["types"], languages.labels)
    raw_properties: LocatedDict = raw["properties"]
    properties = {}
    for prop_id, spec in raw_properties.items():
        prop = _property(
            reader, prop_id, spec, raw_properties.key_locations[prop_id], types, languages.labels
        )
        if prop is not None:
            properties[prop_id] = prop
    for prop in properties.values():
        if prop.inverse and not prop.symmetric and prop.inverse.id in properties:
            problems.add(
                raw_properties.key_locations[prop.id],
                f"property {prop.id!r}: inverse id {prop.inverse.id!r} is also a property name",
            )
    roles = reader.mapping(raw, "roles", "the vocabulary", required=False)
    if roles is not None:
        reader.keys(roles, ("source", "timeline"), "roles")
    source = _source_role(reader, roles, types, raw.location)
    timeline = _timeline_role(reader, roles, types, properties)
    _check_schema_org(reader, raw["types"], types, properties)
    problems.raise_if_any(ConfigError)
    return Vocabulary(types, properties, languages, source, timeline)


def load_vocabulary(path: Path, root: Path) -> Vocabulary:
    """Read and check the vocabulary; raise ConfigError listing every problem."""
    raw, shown = read_data_file(path, root, "vocabulary")
    return parse_vocabulary(raw, shown)
