"""MkDocs hooks: run the semikb generator at the start of every build and serve rebuild.

The generator only rewrites files whose bytes changed, so `mkdocs serve` (which
watches docs/ and, via `watch:`, entities/) does not loop.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from semikb import pipeline
from semikb.problems import SemikbError
from semikb.settings import load_settings

log = logging.getLogger("mkdocs.hooks.semikb")


def _settings(config):
    return load_settings(Path(config.config_file_path).parent)


def on_config(config, **kwargs):
    """Stamp the footer with the build date (UTC), and root the glossary snippets here."""
    built = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    config.copyright = f"{config.copyright} · Built {built}"
    snippets = config.mdx_configs.get("pymdownx.snippets")
    if snippets is not None:
        snippets["base_path"] = [str(Path(config.config_file_path).parent)]
    return config


def on_pre_build(config, **kwargs) -> None:
    settings = _settings(config)
    try:
        report = pipeline.generate(settings)
    except SemikbError as error:
        # PluginError makes mkdocs print the message and stop, without a traceback.
        raise PluginError("semikb: the knowledge base has problems:\n" + error.report()) from None
    if report.written or report.removed:
        log.info("semikb: %d pages written, %d removed", len(report.written), len(report.removed))


def on_serve(server, config, builder, **kwargs):
    """Watch docs/ except the generated subtree, so one entity edit makes one rebuild.

    The generator writes into docs/kb during the build; if the server watched that
    folder, each edit would trigger a second, idle rebuild. The entity files
    themselves are watched through `watch:` in mkdocs.yml.
    """
    settings = _settings(config)
    docs = Path(config.docs_dir)
    generated = settings.output_path.resolve()
    server.unwatch(config.docs_dir)
    server.watch(config.docs_dir, recursive=False)
    for child in sorted(docs.iterdir()):
        if child.is_dir() and child.resolve() != generated:
            server.watch(str(child))
    return server


def on_files(files: Files, config, **kwargs) -> Files:
    """Serve the downloads at data/: kb.json and everything the generator put in kb/data/."""
    settings = _settings(config)
    prefix = f"{settings.output_subdir}/"
    for file in files:
        if file.src_uri == f"{prefix}kb.json":
            file.dest_uri = "data/kb.json"
        elif file.src_uri.startswith(f"{prefix}data/"):
            file.dest_uri = file.src_uri[len(prefix):]
    return files
