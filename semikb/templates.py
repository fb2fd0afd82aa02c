"""The one factory of Jinja environments: templates are files in ``templates/``."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
import jinja2.bccache
from markupsafe import Markup

from .markdown import escape, html_attribute, meta_text

TEMPLATES = Path(__file__).parent / "templates"


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, shared by the environments
    that load the same files (Jinja checks each template's source checksum before reusing
    its code, so an edited template is compiled again)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> jinja2.bccache.Bucket:
        # The compiled code depends on the environment's finalize (escaping or not).
        key = f"{self.get_cache_key(name, filename)}:{environment.finalize!r}"
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


# Every build of one process (an edition each, every rebuild of a preview) makes new
# environments; their templates are compiled once.
COMPILED = CompiledTemplates()


def environment(markdown: bool = True, folder: Path = TEMPLATES) -> jinja2.Environment:
    """An environment for Markdown pages (everything printed is escaped unless it is
    Markup) or, with ``markdown=False``, for plain text files such as a new entity file;
    ``folder`` holds the templates (the starter project has its own)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        finalize=escape if markdown else None,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=COMPILED,
    )
    if markdown:
        env.filters["attr"] = lambda value: Markup(html_attribute(value))
        env.filters["meta"] = lambda value: Markup(json.dumps(meta_text(value), ensure_ascii=False))
        # A JSON string is a YAML double-quoted scalar: for data carried in front matter.
        env.filters["yaml_string"] = lambda value: Markup(
            json.dumps(str(value), ensure_ascii=False)
        )
    return env
