"""Stage 2, validate: check each raw record against the vocabulary and build entities.

Every problem is collected with its location; nothing stops at the first one.
Checks that need the whole knowledge base (ids, references) belong to ``resolve``.
"""

from __future__ import annotations

import math
import re
from pathlib import PurePosixPath
from typing import Any

from .formats import (
    ENTITY_KEYS,
    LANGUAGE_CODE,
    QUALIFIER_KEYS,
    RANKS,
    REQUIRED_KEYS,
    SLUG,
    SLUG_EXAMPLE,
    VALUE_KEYS,
    WIKIDATA_ID,
    is_http_url,
)
from .load import LocatedDict, LocatedList, RawRecord
from .model import Date, DateError, Entity, FieldValue, Quantity, SourceInfo, Statement, Text, Url
from .problems import Location, Problems, did_you_mean
from .vocabulary import Property, Vocabulary


class _RecordValidator:
    """Validates one file; adds to ``problems``."""

    def __init__(self, record: RawRecord, vocabulary: Vocabulary, problems: Problems):
        self.record = record
        self.vocabulary = vocabulary
        self.problems = problems

    def problem(self, location: Location, message: str) -> None:
        self.problems.add(location, message)

    def key_location(self, mapping: LocatedDict, key: str) -> Location:
        return mapping.key_locations.get(key, mapping.location)

    def value_location(self, mapping: LocatedDict, key: str) -> Location:
        value = mapping.get(key)
        return getattr(value, "location", None) or self.key_location(mapping, key)

    # --- scalar helpers ------------------------------------------------------

    def text(
        self, value: object, location: Location, what: str, required: tuple[str, ...] = ()
    ) -> Text | None:
        """A text: {language: text}, or a plain string (English where English is required)."""
        if isinstance(value, str) and value.strip():
            if "en" in required:
                return Text.of({"en": value.strip()})
            return Text(neutral=value.strip())
        if not isinstance(value, LocatedDict) or not value:
            self.problem(
                location, f"{what} must be a mapping of language to text, e.g. {{en: …, ko: …}}"
            )
            return None
        languages: dict[str, str] = {}
        for lang, text in value.items():
            where = value.key_locations[lang]
            if not LANGUAGE_CODE.fullmatch(lang):
                hint = (
                    " (inside {…} a comma or colon ends the text: put the text in quotes)"
                    if " " in lang or text is None
                    else ""
                )
                self.problem(
                    where, f"{what}: {lang!r} is not a language code such as en, ko or ja{hint}"
                )
            elif not isinstance(text, str) or not text.strip():
                self.problem(where, f"{what}.{lang} must be non-empty text")
            else:
                languages[lang] = text.strip()
        missing = [lang for lang in required if lang not in value]
        if missing:
            names = " and ".join(f"{lang}" for lang in missing)
            self.problem(
                location,
                f"{what} needs an entry in {names}"
                if missing != ["en"]
                else f"{what} needs an English (en) entry",
            )
            return None
        return Text.of(languages)

    def date(self, value: object, location: Location, what: str) -> Date | None:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.problem(
                location,
                f"{what} must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not {type(value).__name__}",
            )
            return None
        try:
            return Date.parse(value)
        except DateError as error:
            self.problem(location, f"{what}: {error}")
            return None

    def string_list(
        self, value: object, location: Location, what: str, pattern: re.Pattern[str] | None = None
    ) -> tuple[str, ...]:
        if not isinstance(value, LocatedList):
            self.problem(location, f"{what} must be a list")
            return ()
        result = []
        for item, where in zip(value, value.item_locations, strict=True):
            if not isinstance(item, str) or not item.strip():
                self.problem(where, f"{what}: each item must be non-empty text")
            elif pattern and not pattern.fullmatch(item):
                self.problem(
                    where, f"{what}: {item!r} must be a lowercase slug (a-z, 0-9, hyphens)"
                )
            else:
                result.append(item)
        return tuple(result)

    # --- the entity ------------------------------------------------------------

    def placeholders(self, value: object, location: Location) -> None:
        """Text still holding `semikb new`'s TODO placeholder is not publishable."""
        if isinstance(value, str):
            if value.lstrip('"').startswith("TODO") or value.startswith("https://TODO"):
                self.problem(
                    location, "still the placeholder from `semikb new`: replace the TODO text"
                )
        elif isinstance(value, LocatedDict):
            for key, item in value.items():
                self.placeholders(item, value.key_locations[key])
        elif isinstance(value, LocatedList):
            for item, where in zip(value, value.item_locations, strict=True):
                self.placeholders(item, where)

    def run(self) -> Entity | None:
        data = self.record.data
        self.placeholders(data, data.location)
        raw_type = data.get("type")
        entity_type = self.vocabulary.types.get(raw_type) if isinstance(raw_type, str) else None
        allowed = set(ENTITY_KEYS) | set(entity_type.fields if entity_type else ())
        for key in data:
            if key not in allowed:
                self.problem(
                    data.key_locations[key], f"unknown key {key!r}{did_you_mean(key, allowed)}"
                )
        for key in REQUIRED_KEYS:
            if key not in data:
                self.problem(
                    Location(self.record.display_path, 1, 1), f"missing required key {key!r}"
                )
        entity_id = self.check_id(data)
        type_id = self.check_type(data)
        required = self.vocabulary.languages.required
        name = (
            self.text(data["name"], self.value_location(data, "name"), "name", required)
            if "name" in data
            else None
        )
        summary = (
            self.text(data["summary"], self.value_location(data, "summary"), "summary", required)
            if "summary" in data
            else None
        )
        fields = self.type_fields(data, type_id) if type_id else {}
        source = self.source_info(fields) if type_id == self.vocabulary.source_type else None
        statements: tuple[Statement, ...] = ()
        if "statements" in data and entity_id and type_id:
            statements = self.statements(
                data["statements"], self.value_location(data, "statements"), entity_id, type_id
            )
        if not (entity_id and type_id and name and summary):
            return None
        return Entity(
            id=entity_id,
            type=type_id,
            name=name,
            summary=summary,
            path=self.record.display_path,
            location=data.location,
            aliases=self.string_list(
                data["aliases"], self.value_location(data, "aliases"), "aliases"
            )
            if "aliases" in data
            else (),
            tags=self.string_list(data["tags"], self.value_location(data, "tags"), "tags", SLUG)
            if "tags" in data
            else (),
            wikidata=self.wikidata(data),
            wikipedia=self.url_field(data, "wikipedia"),
            fields=tuple(fields.items()),
            source=source,
            statements=statements,
        )

    def check_id(self, data: LocatedDict) -> str | None:
        value = data.get("id")
        if value is None:
            return None
        where = self.value_location(data, "id")
        stem = PurePosixPath(self.record.display_path).stem
        if not isinstance(value, str) or not SLUG.fullmatch(value):
            self.problem(
                where,
                f"id {value!r} must be a lowercase ascii slug: a-z, 0-9 and single hyphens "
                f"(e.g. {SLUG_EXAMPLE})",
            )
            return None
        if value != stem:
            self.problem(
                where,
                f"id {value!r} must equal the file name {stem!r}: rename the file to "
                f"{value}.yaml or change the id",
            )
            return None
        return value

    def check_type(self, data: LocatedDict) -> str | None:
        value = data.get("type")
        if value is None:
            return None
        where = self.value_location(data, "type")
        if not isinstance(value, str) or value not in self.vocabulary.types:
            self.problem(
                where,
                f"unknown type {value!r}{did_you_mean(str(value), self.vocabulary.types)}; "
                f"types: {', '.join(self.vocabulary.types)}",
            )
            return None
        folder = PurePosixPath(self.record.display_path).parent.name
        if folder != value:
            self.problem(where, f"a {value} belongs in the folder {value}/, not {folder}/")
            return None
        return value

    def wikidata(self, data: LocatedDict) -> str | None:
        value = data.get("wikidata")
        if value is None:
            return None
        if not isinstance(value, str) or not WIKIDATA_ID.fullmatch(value):
            self.problem(
                self.value_location(data, "wikidata"),
                f"wikidata {value!r} must be an item id such as Q182477",
            )
            return None
        return value

    def url_field(self, data: LocatedDict, key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not is_http_url(value):
            self.problem(
                self.value_location(data, key),
                f"{key} must be an http:// or https:// URL, not {value!r}",
            )
            return None
        return str(value)

    def type_fields(self, data: LocatedDict, type_id: str) -> dict[str, FieldValue]:
        result: dict[str, FieldValue] = {}
        for field_id, spec in self.vocabulary.types[type_id].fields.items():
            if field_id not in data:
                if spec.required:
                    self.problem(
                        Location(self.record.display_path, 1, 1),
                        f"missing required key {field_id!r} for a {type_id}",
                    )
                continue
            value, where = data[field_id], self.value_location(data, field_id)
            parsed: FieldValue | None
            if spec.kind == "date":
                parsed = self.date(value, where, field_id)
            elif spec.kind == "url":
                parsed = self.url_field(data, field_id)
            elif spec.kind == "language":
                parsed = (
                    value if isinstance(value, str) and LANGUAGE_CODE.fullmatch(value) else None
                )
                if parsed is None:
                    self.problem(where, f"{field_id} must be a language code such as en, ko or ja")
            elif spec.kind == "choice":
                parsed = value if value in spec.choices else None
                if parsed is None:
                    self.problem(where, f"{field_id} must be one of: {', '.join(spec.choices)}")
            else:
                parsed = value.strip() if isinstance(value, str) and value.strip() else None
                if parsed is None:
                    self.problem(where, f"{field_id} must be non-empty text")
            if parsed is not None:
                result[field_id] = parsed
        return result

    def source_info(self, fields: dict[str, FieldValue]) -> SourceInfo | None:
        """The fields a citation shows, named by the vocabulary's source role."""
        role = self.vocabulary.source
        url, publisher, published, language = (
            fields.get(name) for name in (role.url, role.publisher, role.date, role.language)
        )
        accessed = fields.get(role.accessed) if role.accessed else None
        if not (
            isinstance(url, str)
            and isinstance(publisher, str)
            and isinstance(published, Date)
            and isinstance(language, str)
        ):
            return None  # a required field is missing or wrong: already reported
        return SourceInfo(
            url, publisher, published, language, accessed if isinstance(accessed, Date) else None
        )

    # --- statements ------------------------------------------------------------

    def statements(
        self, raw: object, location: Location, subject: str, type_id: str
    ) -> tuple[Statement, ...]:
        if not isinstance(raw, LocatedDict):
            self.problem(
                location, "statements must be a mapping of property to a list of statements"
            )
            return ()
        result = []
        for prop_id, items in raw.items():
            where = raw.key_locations[prop_id]
            prop = self.property(prop_id, where, type_id)
            if prop is None:
                continue
            if not isinstance(items, LocatedList):
                self.problem(
                    where, f"{prop_id} must be a list of statements (start each with '- ')"
                )
                continue
            for item, item_where in zip(items, items.item_locations, strict=True):
                statement = self.statement(item, item_where, prop, subject)
                if statement:
                    result.append(statement)
        return tuple(result)

    def property(self, prop_id: str, where: Location, type_id: str) -> Property | None:
        vocabulary = self.vocabulary
        if prop_id in vocabulary.inverse_ids:
            forward = vocabulary.inverse_ids[prop_id]
            self.problem(
                where,
                f"{prop_id!r} is computed: it is the inverse of {forward.id!r}; write "
                f"{forward.id!r} on the other entity instead",
            )
            return None
        prop = vocabulary.properties.get(prop_id)
        if prop is None:
            self.problem(
                where, f"unknown property {prop_id!r}{did_you_mean(prop_id, vocabulary.properties)}"
            )
            return None
        if not prop.allows_subject(type_id):
            self.problem(
                where,
                f"property {prop_id!r} does not apply to a {type_id}; it applies to: "
                f"{', '.join(prop.domain)}",
            )
            return None
        return prop

    def statement(
        self, item: object, where: Location, prop: Property, subject: str
    ) -> Statement | None:
        if not isinstance(item, LocatedDict):
            self.problem(
                where,
                f"each {prop.id} statement must be a mapping with "
                f"{' / '.join(VALUE_KEYS[prop.kind])} and sources",
            )
            return None
        allowed = set(VALUE_KEYS[prop.kind]) | set(QUALIFIER_KEYS)
        ok = True
        for key in item:
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                if not hint and key in ("target", "value", "amount", "unit"):
                    hint = f" ({prop.id} takes {' and '.join(VALUE_KEYS[prop.kind])})"
                self.problem(
                    item.key_locations[key], f"unknown key {key!r} in a {prop.id} statement{hint}"
                )
                ok = False
        # A misspelt key already explains what is missing: don't report it twice.
        report_missing = ok
        before = len(self.problems)
        parts: dict[str, Any] = {}
        value_ok = self.statement_value(item, where, prop, parts, report_missing)
        self.qualifiers(item, where, prop, parts, report_missing)
        if not (ok and value_ok) or len(self.problems) != before:
            return None
        return Statement(subject=subject, property=prop.id, location=where, **parts)

    def statement_value(
        self,
        item: LocatedDict,
        where: Location,
        prop: Property,
        parts: dict[str, Any],
        report_missing: bool,
    ) -> bool:
        missing = [key for key in VALUE_KEYS[prop.kind] if key not in item]
        if missing:
            if report_missing:
                self.problem(where, f"{prop.id} statement needs {' and '.join(missing)}")
            return False
        if prop.kind == "entity":
            target = item["target"]
            if not isinstance(target, str) or not SLUG.fullmatch(target):
                self.problem(
                    self.value_location(item, "target"),
                    f"target {target!r} must be an entity id (a lowercase slug)",
                )
            parts["target"] = target
        elif prop.kind == "date":
            parts["value"] = self.date(item["value"], self.value_location(item, "value"), prop.id)
        elif prop.kind == "url":
            url = self.url_field(item, "value")
            parts["value"] = Url(url) if url else None
        elif prop.kind == "text":
            parts["value"] = self.text(
                item["value"], self.value_location(item, "value"), f"{prop.id} value"
            )
        elif prop.kind == "quantity":
            amount, unit = item["amount"], item["unit"]
            if (
                isinstance(amount, bool)
                or not isinstance(amount, (int, float))
                or not math.isfinite(amount)
            ):
                self.problem(
                    self.value_location(item, "amount"),
                    f"amount must be a finite number, not {amount!r}",
                )
            elif not isinstance(unit, str) or not unit.strip():
                self.problem(
                    self.value_location(item, "unit"), "unit must be text such as JPY, USD or %"
                )
            else:
                parts["value"] = Quantity(amount, unit.strip())
        return True

    def qualifiers(
        self,
        item: LocatedDict,
        where: Location,
        prop: Property,
        parts: dict[str, Any],
        report_missing: bool,
    ) -> None:
        for key in ("start", "end", "date"):
            if key in item:
                parts[key] = self.date(item[key], self.value_location(item, key), key)
        start, end = parts.get("start"), parts.get("end")
        if start and end and end < start:
            self.problem(self.value_location(item, "end"), f"end {end} is before start {start}")
        if "planned" in item:
            if not isinstance(item["planned"], bool):
                self.problem(self.value_location(item, "planned"), "planned must be true or false")
            parts["planned"] = item["planned"] is True
        if "note" in item:
            parts["note"] = (
                self.text(item["note"], self.value_location(item, "note"), "note") or Text()
            )
        if "rank" in item:
            if item["rank"] not in RANKS:
                self.problem(
                    self.value_location(item, "rank"), f"rank must be one of: {', '.join(RANKS)}"
                )
            else:
                parts["rank"] = item["rank"]
        if "sources" not in item:
            if report_missing:
                self.problem(where, f"{prop.id} statement needs sources: a list of source ids")
            return
        raw = item["sources"]
        parts["sources"] = self.string_list(
            raw, self.value_location(item, "sources"), "sources", SLUG
        )
        if isinstance(raw, LocatedList):
            parts["source_locations"] = tuple(
                loc
                for value, loc in zip(raw, raw.item_locations, strict=True)
                if value in parts["sources"]
            )
            if not raw:
                self.problem(raw.location, f"{prop.id} statement needs at least one source")


def validate_record(record: RawRecord, vocabulary: Vocabulary, problems: Problems) -> Entity | None:
    """The entity of one file, or None; its problems are added to ``problems``."""
    return _RecordValidator(record, vocabulary, problems).run()
