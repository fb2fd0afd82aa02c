"""The one factory of Jinja environments: templates are files in ``templates/``."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
from markupsafe import Markup

from .markdown import escape, html_attribute, meta_text

TEMPLATES = Path(__file__).parent / "templates"


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
    )
    if markdown:
        env.filters["attr"] = lambda value: Markup(html_attribute(value))
        env.filters["meta"] = lambda value: Markup(json.dumps(meta_text(value), ensure_ascii=False))
        # A JSON string is a YAML double-quoted scalar: for data carried in front matter.
        env.filters["yaml_string"] = lambda value: Markup(
            json.dumps(str(value), ensure_ascii=False)
        )
    return env
