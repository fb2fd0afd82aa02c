"""The MkDocs integration: run the generator at the start of every build and serve rebuild.

``scripts/mkdocs_hooks.py`` calls these. The generator only rewrites files whose bytes
changed, so `mkdocs serve` (which watches docs/ and, via `watch:`, entities/) does not
loop. Where the generated pages sit, and where downloads are served, comes from the
layout; the nav's list of entity types comes from the vocabulary.
"""

from __future__ import annotations

import datetime
import html
import logging
from pathlib import Path
from typing import Any

import pathspec
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files

from . import pipeline
from .layout import Layout
from .problems import SemikbError
from .settings import Settings, load_settings
from .vocabulary import load_vocabulary

log = logging.getLogger("mkdocs.hooks.semikb")


class _Preview:
    """What `mkdocs serve` needs across rebuilds: whether we serve, and the last problems."""

    serving = False
    problems: SemikbError | None = None


def on_startup(command: str, **kwargs: Any) -> None:
    _Preview.serving = command == "serve"


def settings_of(config: MkDocsConfig) -> Settings:
    return load_settings(Path(config.config_file_path).parent)


def _clean_error(error: SemikbError) -> PluginError:
    # PluginError makes mkdocs print the message and stop, without a traceback.
    return PluginError("semikb: the knowledge base has problems:\n" + error.report())


def _add_patterns(
    existing: pathspec.gitignore.GitIgnoreSpec | None, lines: list[str]
) -> pathspec.gitignore.GitIgnoreSpec:
    ours = pathspec.gitignore.GitIgnoreSpec.from_lines(lines)
    return ours if existing is None else existing + ours


def _browse_section(layout: Layout, settings: Settings, nav: list[Any]) -> None:
    """Expand the nav entry that names the overview page into one entry per type."""
    overview = layout.docs_path(layout.OVERVIEW)
    vocabulary = load_vocabulary(settings.vocabulary_path, settings.root)
    types = [
        {t.plural.best("en"): layout.docs_path(layout.type_index(t.id))}
        for t in vocabulary.types.values()
    ]
    for index, item in enumerate(nav):
        if isinstance(item, dict) and len(item) == 1:
            ((title, value),) = item.items()
            if value == overview:
                nav[index] = {title: [overview, *types]}
            elif isinstance(value, list):
                _browse_section(layout, settings, value)


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Stamp the footer with the build date (UTC); derive the generated pages' settings."""
    try:
        settings = settings_of(config)
        layout = pipeline.layout_of(settings)
        if config.nav:
            _browse_section(layout, settings, config.nav)
    except SemikbError as error:
        raise _clean_error(error) from None
    built = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    config.copyright = f"{config.copyright} · Built {built}"
    # Entity pages and downloads stay out of the nav: listing them would render
    # thousands of links into every page (a quadratic build).
    config.not_in_nav = _add_patterns(config.not_in_nav, layout.not_in_nav_patterns())
    config.exclude_docs = _add_patterns(
        config.exclude_docs, [f"/{layout.docs_path(layout.ABBREVIATIONS)}"]
    )
    snippets = config.mdx_configs.get("pymdownx.snippets")
    if snippets is not None:
        root = Path(config.config_file_path).parent
        snippets["base_path"] = [str(root)]
        abbreviations = (settings.output_path / layout.ABBREVIATIONS).relative_to(root).as_posix()
        snippets["auto_append"] = list(
            dict.fromkeys([*snippets.get("auto_append", []), abbreviations])
        )
    return config


def on_pre_build(config: MkDocsConfig, **kwargs: Any) -> None:
    """Generate the pages. A build stops on a problem; a preview keeps the last good pages
    and shows the problems on every page until the next valid save."""
    _Preview.problems = None
    try:
        report = pipeline.generate(settings_of(config))
    except SemikbError as error:
        if not _Preview.serving:
            raise _clean_error(error) from None
        _Preview.problems = error
        log.error("semikb: the knowledge base has problems:\n%s", error.report())
        return
    if report.written or report.removed:
        log.info("semikb: %d pages written, %d removed", len(report.written), len(report.removed))


def on_serve(server: LiveReloadServer, config: MkDocsConfig, **kwargs: Any) -> LiveReloadServer:
    """Watch docs/ except the generated subtree, so one entity edit makes one rebuild.

    The generator writes into the generated subtree during the build; if the server
    watched that folder, each edit would trigger a second, idle rebuild. The entity
    files themselves are watched through `watch:` in mkdocs.yml.
    """
    generated = settings_of(config).output_path.resolve()
    server.unwatch(config.docs_dir)
    server.watch(config.docs_dir, recursive=False)
    for child in sorted(Path(config.docs_dir).iterdir()):
        if child.is_dir() and child.resolve() != generated:
            server.watch(str(child))
    return server


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    """Serve the downloads (kb.json and the data folder) where the layout says."""
    layout = pipeline.layout_of(settings_of(config))
    for file in files:
        page = layout.page_of(file.src_uri)
        if page is not None and layout.is_download(page):
            file.dest_uri = layout.served_path(page)
    return files


_BANNER = (
    '<div class="semikb-problems" role="alert" style="position:sticky;top:0;z-index:10;'
    "background:#b71c1c;color:#fff;padding:.8em 1.2em;font:14px/1.5 monospace;"
    'max-height:50vh;overflow:auto">'
    "<strong>semikb: the last save has problems; the pages show the last valid version.</strong>"
    '<ul style="margin:.4em 0 0 1.2em">{items}</ul></div>'
)


def on_post_page(output: str, **kwargs: Any) -> str:
    """In a preview whose last save is invalid, put the problems at the top of every page."""
    if _Preview.problems is None:
        return output
    items = "".join(f"<li>{html.escape(str(p))}</li>" for p in _Preview.problems.problems)
    banner = _BANNER.format(items=items)
    start = output.find("<body")
    end = output.find(">", start) + 1 if start >= 0 else 0
    return output[:end] + banner + output[end:]
