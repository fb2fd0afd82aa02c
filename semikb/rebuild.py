"""A preview's quick rebuild: after an entity edit, only the files the generator rewrote.

``semikb serve`` makes a dirty MkDocs build on every save. At 5,000 entities most of
that build goes to what an entity edit cannot change: collecting every file, a Page and
its canonical URL for each of them, the nav, the sitemap. When nothing but entity files
changed, the plugin runs the generator itself and hands the files it rewrote to
``rebuild``, which uses the edition's last build (``Built``: its configuration, files,
nav and theme) and MkDocs's own steps for a page (``_populate_page``, ``_build_page``).
Every plugin sees the same events for those pages as in a dirty build, which would have
rebuilt the same pages: the ones whose source is newer than their HTML.

Anything else takes the whole dirty build: a change to a hand-written page, a
configuration, the vocabulary, the glossary or a ``watch:`` path (``input_versions``),
and a generated file that comes, goes or is not a page or download of the last build
(``plan`` returns None).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from .memory import Version, version_of
from .settings import Settings


@dataclass
class Built:
    """What a preview keeps of an edition's last build."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    inclusion: Callable[[InclusionLevel], bool]
    # Every plugin's attributes when the build ended: the editions built in one process
    # share plugin instances, and each edition's quick rebuild gives them back theirs.
    plugins: dict[str, dict[str, Any]]

    @classmethod
    def capture(
        cls,
        config: MkDocsConfig,
        files: Files,
        nav: Navigation,
        env: jinja2.Environment,
        inclusion: Callable[[InclusionLevel], bool],
        own: tuple[object, Iterable[str]],
    ) -> Built:
        """The build of ``config``; of the ``own`` plugin (the caller), only the
        attributes named, which are the edition's: the others last across builds."""
        caller, attributes = own
        plugins = {
            name: {a: getattr(plugin, a) for a in attributes}
            if plugin is caller
            else dict(vars(plugin))
            for name, plugin in config.plugins.items()
        }
        return cls(config, files, nav, env, inclusion, plugins)

    def release_pages(self) -> None:
        """Free the pages' Markdown and HTML, once every plugin is done with them; the
        pages stay, for the nav and the anchors other pages link to."""
        for file in self.files.documentation_pages():
            if file.page is not None:
                file.page.markdown = file.page.content = None

    def restore_plugins(self) -> None:
        for name, plugin in self.config.plugins.items():
            vars(plugin).update(self.plugins[name])


def plan(built: Built, src_uris: Iterable[str]) -> list[File] | None:
    """The files of the last build to rebuild or copy again, or None if one is new to it
    or was left out of it."""
    files = []
    for src_uri in src_uris:
        file = built.files.get_file_from_path(src_uri)
        if file is None or not built.inclusion(file.inclusion):
            return None
        files.append(file)
    return files


def rebuild(built: Built, files: list[File]) -> None:
    """Build these pages again, and copy these other files again, as a dirty build would."""
    config, all_files = built.config, built.files
    pages = [file.page for file in files if file.page is not None]
    for file in files:
        if file.page is None:
            file.copy_file()
    for page in pages:
        _populate_page(page, config, all_files)
    doc_files = all_files.documentation_pages(inclusion=built.inclusion)
    for page in pages:
        _build_page(page, config, doc_files, built.nav, built.env)
    for page in pages:
        page.validate_anchor_links(files=all_files, log_level=config.validation.links.anchors)
        page.markdown = page.content = None


def input_versions(
    settings: Settings, configs: Iterable[Path], watched: Iterable[str]
) -> dict[str, Version | None]:
    """The version of every file a preview watches but the entity files: the
    configurations, the vocabulary, the glossary, every edition's hand-written pages and
    the paths of ``watch:``. Generated subtrees and semikb's working folder are skipped."""
    skipped = {str(settings.entities_path.resolve()), str(settings.work_path.resolve())}
    skipped.update(str(settings.edition_output_path(c).resolve()) for c in settings.editions)
    roots = [*configs, settings.root / "pyproject.toml", settings.vocabulary_path]
    roots += [settings.glossary_path, *(Path(path) for path in watched)]
    roots += [settings.root / settings.edition_docs_dir(code) for code in settings.editions]
    return {path: version_of(path) for root in roots for path in _files_under(root, skipped)}


def _files_under(root: Path, skipped: set[str]) -> Iterator[str]:
    top = str(root.resolve())
    if top in skipped:
        return
    if not os.path.isdir(top):
        yield top
        return
    for folder, folders, names in os.walk(top):
        folders[:] = sorted(f for f in folders if os.path.join(folder, f) not in skipped)
        yield from (os.path.join(folder, name) for name in sorted(names))
