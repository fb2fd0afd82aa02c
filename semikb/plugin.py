"""The MkDocs plugin ``semikb``: the generator runs at the start of every build and serve
rebuild, and the site gets the assets and theme partials the pages need.

Configure it in ``mkdocs.yml`` (``plugins: [search, semikb]``); the project's settings
stay in ``[tool.semikb]`` of ``pyproject.toml``, the one source of truth that ``semikb``
on the command line reads too. The plugin:

- generates the pages (only changed files are rewritten, so `mkdocs serve`, which
  watches docs/ and, via ``watch:``, entities/, does not loop); a preview keeps the last
  good pages and shows the problems of an invalid save on every page;
- expands the nav entry of the overview page into one entry per entity type of the
  vocabulary, keeps entity pages and downloads out of the nav, serves downloads where
  the layout says;
- adds its CSS, JavaScript (the graph page and its vendored Cytoscape) and theme
  partials from the package, after any ``custom_dir`` of the site, so a site can
  override them;
- gives entity pages Material's edit button pointing at their YAML file.
"""

from __future__ import annotations

import datetime
import functools
import gc
import html
import json
import logging
import posixpath
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote as urlunquote

import jinja2
import pathspec
import watchdog.observers
from mkdocs.commands.build import build
from mkdocs.config import config_options, load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page, _RelativePathTreeprocessor
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import ObservedWatch
from watchdog.observers.polling import PollingObserver

from . import pagehtml, pipeline, rebuild, search
from .i18n import Language
from .layout import Layout
from .memory import Memory
from .problems import SemikbError
from .settings import Settings, load_settings
from .templates import COMPILED
from .vocabulary import Vocabulary, load_vocabulary

log = logging.getLogger("mkdocs.plugins.semikb")

PACKAGE = Path(__file__).parent
ASSETS = PACKAGE / "assets"
THEME = PACKAGE / "theme"
# Where the package's assets are served, relative to the site root.
ASSETS_URL = "assets/semikb"
# Only a preview (serve) has the problem banner: its script and the problems it shows.
PREVIEW_SCRIPT = "preview.js"
PREVIEW_PROBLEMS = "problems.json"
# semikb's search worker is served beside Material's, which it loads (search-on-demand.js
# starts it): Material's worker finds its language scripts relative to its own address.
SEARCH_WORKER = "search-worker.js"
SEARCH_WORKER_URL = "assets/javascripts/workers/semikb-search.js"


class _WarningLog(logging.Handler):
    """Keeps the warnings MkDocs and its plugins log, for the banner. A preview's rebuild
    renders only the pages that changed: the warnings logged while a page was rendered
    stay until that page is rendered again; the others are the last build's."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.general: list[str] = []
        self.by_page: dict[tuple[str, str], list[str]] = {}
        self.page: tuple[str, str] | None = None

    @property
    def messages(self) -> list[str]:
        return self.general + [message for page in self.by_page.values() for message in page]

    def start_build(self) -> None:
        self.general.clear()

    def start_page(self, edition: str, src_uri: str) -> None:
        self.page = (edition, src_uri)
        self.by_page.pop(self.page, None)

    def end_page(self) -> None:
        self.page = None

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        # Our own problems are shown from the error itself; a preview is dirty by design.
        if record.name == log.name or message.startswith("A 'dirty' build"):
            return
        if self.page is not None:
            self.by_page.setdefault(self.page, []).append(message)
        else:
            self.general.append(message)


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


def _browse_section(layout: Layout, vocabulary: Vocabulary, nav: list[Any], language: str) -> None:
    """Expand the nav entry that names the overview page into one entry per type."""
    overview = layout.docs_path(layout.OVERVIEW)
    types = [
        {t.plural.best(language): layout.docs_path(layout.type_index(t.id))}
        for t in vocabulary.types.values()
    ]
    for index, item in enumerate(nav):
        if isinstance(item, dict) and len(item) == 1:
            ((title, value),) = item.items()
            if value == overview:
                nav[index] = {title: [overview, *types]}
            elif isinstance(value, list):
                _browse_section(layout, vocabulary, value, language)


def _watch_without_polling(server: LiveReloadServer) -> None:
    """Have the server hear of changes from the operating system (inotify on Linux)
    instead of polling. MkDocs's polling observer lists every watched file twice a
    second: at 5,000 entity files each poll is 60 ms of Python that competes with a
    rebuild for the interpreter, and a save waits 0.25 s on average to be seen.

    The observer is swapped before the server starts it, and the paths watched so far are
    watched again on the new one. ``watch`` and ``unwatch`` are the server's API; its
    ``observer`` and ``_watched_paths`` are not: without them, the server keeps polling."""
    native = watchdog.observers.Observer()
    watched = getattr(server, "_watched_paths", None)
    polling = isinstance(getattr(server, "observer", None), PollingObserver)
    if isinstance(native, PollingObserver) or not polling or not isinstance(watched, dict):
        return  # no native observer on this system, or a server we do not know
    watched = dict(watched)
    schedule = native.schedule

    def changes_only(
        handler: FileSystemEventHandler, path: str, *, recursive: bool = False
    ) -> ObservedWatch:
        # Reading a file is an event too, and the generator reads what it watches.
        return schedule(handler, path, recursive=recursive, event_filter=_CHANGES)

    native.schedule = changes_only  # type: ignore[method-assign,assignment]
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = native  # type: ignore[assignment]
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)


_CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileMovedEvent,
    FileDeletedEvent,
    DirCreatedEvent,
    DirMovedEvent,
    DirDeletedEvent,
]


def _other_editions(config: MkDocsConfig, settings: Settings) -> dict[str, Path]:
    """The configuration of every edition but the main one, beside the main edition's
    ``config``: ``mkdocs.<code>.yml``."""
    main = Path(config.config_file_path)
    others = settings.editions[1:]
    return {code: main.with_name(f"{main.stem}.{code}{main.suffix}") for code in others}


def _empty_search_index(config: MkDocsConfig) -> None:
    """Material's search index, emptied: a quick rebuild indexes the pages it rebuilds,
    as a dirty build does (see _write_search_index)."""
    plugin = config.plugins.get("material/search")
    index = getattr(plugin, "search_index", None)
    if plugin is not None and index is not None:
        plugin.search_index = type(index)(**plugin.config)


def _asset_files() -> list[Path]:
    return sorted(p for p in ASSETS.rglob("*") if p.is_file())


class SemikbConfig(Config):  # type: ignore[no-untyped-call]  # mkdocs: untyped hook
    """The project's settings live in ``[tool.semikb]`` of pyproject.toml; the plugin's one
    option says which edition this configuration builds (the main one by default)."""

    edition = config_options.Type(str, default="")


# The plugin's attributes that belong to the edition being built (the others last across
# builds): a quick rebuild gives each edition back its own (see _keep_build).
_EDITION_ATTRIBUTES = ("config", "dialect", "hrefs", "nav_pages", "untranslated")


class SemikbPlugin(BasePlugin[SemikbConfig]):  # type: ignore[no-untyped-call]  # mkdocs: untyped hook
    """``plugins: [semikb]``: see the module's docstring."""

    # True while the main edition builds the others: they must not generate again.
    building_editions = False

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        # The problems of the last save while previewing, shown on every page.
        self.problems: SemikbError | None = None
        self.settings: Settings | None = None
        self.warnings = _WarningLog()
        # A preview's generator reuses the files and pages its earlier runs made.
        self.memory = Memory()
        # A dirty preview's search index, per edition: page URL → its entries.
        self.search_entries: dict[str, dict[str, list[dict[str, Any]]]] = {}
        # The names field of the entity pages of the edition being built, by page URL.
        self.search_names: dict[str, dict[str, Any]] = {}
        self.search_patterns: dict[str, re.Pattern[str]] = {}
        # Pages of an edition shown in the main edition's language, with a note.
        self.untranslated: set[str] = set()
        # The nav's pages by source path, and the index made active for the page being
        # rendered (see on_page_context).
        self.nav_pages: dict[str, Page] = {}
        self.activated: Page | None = None
        # How this build's Markdown configuration converts the generated pages, if
        # semikb/pagehtml.py can convert them itself (set by on_files).
        self.dialect: pagehtml.Dialect | None = None
        # A generated page's HTML as Material's search is shown it, and its full HTML
        # meanwhile (see _show_search_view), by source path.
        self.search_views: dict[str, str] = {}
        self.full_contents: dict[str, str] = {}
        # Links of generated pages rewritten by MkDocs, by the page's folder (see _Links).
        self.hrefs: dict[tuple[str, str, bool, str], str] = {}
        # A dirty preview's last build of each edition, and what the build being made has
        # collected of it, for the quick rebuild (semikb/rebuild.py); the versions of the
        # files other than entities that the last build read.
        self.built: dict[str, rebuild.Built] = {}
        self.nav: Navigation | None = None
        self.collected: tuple[Files, Navigation, jinja2.Environment] | None = None
        self.inputs: dict[str, Any] | None = None
        self.reading: dict[str, Any] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def _settings(self) -> Settings:
        assert self.settings is not None  # set by on_config
        return self.settings

    @property
    def edition(self) -> str:
        return self.config.edition or self._settings().main_edition

    @property
    def is_main(self) -> bool:
        return self.edition == self._settings().main_edition

    def _layout(self) -> Layout:
        return pipeline.layout_of(self._settings(), self.edition)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Derive the generated pages' settings, assets and theme; stamp the build date."""
        try:
            self.settings = settings = settings_of(config)
            vocabulary = load_vocabulary(settings.vocabulary_path, settings.root)
        except SemikbError as error:
            raise _clean_error(error) from None
        if self.edition not in settings.editions:
            known = ", ".join(settings.editions)
            raise PluginError(f"semikb: edition {self.edition!r} is not in editions ({known})")
        # pyproject.toml's site_url is the one source: each edition is served below it.
        config.site_url = settings.edition_site_url(self.edition)
        layout = self._layout()
        if config.nav:
            _browse_section(layout, vocabulary, config.nav, self.edition)
        built = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
        config.copyright = f"{config.copyright or ''} · Built {built}".lstrip(" ·")
        # Entity pages and downloads stay out of the nav: listing them would render
        # thousands of links into every page (a quadratic build).
        config.not_in_nav = _add_patterns(config.not_in_nav, layout.not_in_nav_patterns())
        config.exclude_docs = _add_patterns(
            config.exclude_docs, [f"/{layout.docs_path(layout.ABBREVIATIONS)}"]
        )
        self._add_snippets(config, settings, layout)
        config.extra_css.append(f"{ASSETS_URL}/semikb.css")
        config.extra_css.append(f"{ASSETS_URL}/graph.css")
        config.extra_javascript.append(f"{ASSETS_URL}/graph.js")
        config.extra_javascript.append(f"{ASSETS_URL}/timeline.js")
        if len(settings.editions) > 1:
            config.extra_javascript.append(f"{ASSETS_URL}/editions.js")
        self._configure_search(config, vocabulary, layout)
        if self.serving:
            config.extra_javascript.append(f"{ASSETS_URL}/{PREVIEW_SCRIPT}")
        # After the site's own custom_dir (if any), before the theme's own templates.
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(THEME))
        return config

    def _configure_search(
        self, config: MkDocsConfig, vocabulary: Vocabulary, layout: Layout
    ) -> None:
        """search-kinds.js and the kinds' labels in this edition's language, which
        partials/search.html puts in the page (semikb/search.py)."""
        if "material/search" not in config.plugins:
            return
        config.extra_javascript.append(f"{ASSETS_URL}/search-kinds.js")
        language = Language(self.edition)
        types = {t.id: t.label.best(self.edition) for t in vocabulary.types.values()}
        config.extra["semikb_search"] = search.kinds(
            layout.output_subdir, types, language.plain("Index"), language.plain("Page")
        )

    def _add_snippets(self, config: MkDocsConfig, settings: Settings, layout: Layout) -> None:
        """Append the glossary's abbreviations to every page (pymdownx.snippets)."""
        snippets = config.mdx_configs.get("pymdownx.snippets")
        if snippets is None:
            return
        root = Path(config.config_file_path).parent
        snippets["base_path"] = [str(root)]
        output = settings.edition_output_path(self.edition)
        abbreviations = (output / layout.ABBREVIATIONS).relative_to(root).as_posix()
        # Another edition's glossary (written in a shared mkdocs.yml) gives way to ours.
        theirs = f"/{layout.output_subdir}/{layout.ABBREVIATIONS}"
        kept = [path for path in snippets.get("auto_append", []) if not path.endswith(theirs)]
        snippets["auto_append"] = [*kept, abbreviations]

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        # MkDocs makes a new environment for every build: each edition of a build and each
        # rebuild of a preview compiled the theme's templates again.
        env.bytecode_cache = COMPILED
        if self.nav is not None:
            self.collected = (files, self.nav, env)
        return env

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Generate the pages. A build stops on a problem; a preview keeps the last good
        pages and shows the problems on every page until the next valid save."""
        self.problems = None
        if SemikbPlugin.building_editions:
            return  # the main edition generated every edition's pages
        if self.serving:
            # What this build reads besides the entities; a build that does not finish
            # leaves no build for the quick rebuild to start from.
            self.reading = self._input_versions(config)
            self.built.clear()
            self.inputs = None
            gc.unfreeze()  # the last build's objects, garbage now
            self.warnings.start_build()
            logging.getLogger("mkdocs").addHandler(self.warnings)
        try:
            report = pipeline.generate(self._settings(), self.memory if self.serving else None)
        except SemikbError as error:
            if not self.serving:
                raise _clean_error(error) from None
            self.problems = error
            log.error("semikb: the knowledge base has problems:\n%s", error.report())
            return
        if report.written or report.removed:
            log.info(
                "semikb: %d pages written, %d removed", len(report.written), len(report.removed)
            )

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Watch docs/ except the generated subtree, so one entity edit makes one rebuild.

        The generator replaces the generated subtree during the build; if the server
        watched that folder, each edit would trigger a second, idle rebuild. The entity
        files and the vocabulary are watched wherever the settings put them.
        """
        settings = self._settings()
        server.unwatch(config.docs_dir)
        _watch_without_polling(server)
        for code in settings.editions:
            docs = settings.root / settings.edition_docs_dir(code)
            if not docs.is_dir():
                continue
            generated = settings.edition_output_path(code).resolve()
            server.watch(str(docs), recursive=False)
            for child in sorted(docs.iterdir()):
                if child.is_dir() and child.resolve() != generated:
                    server.watch(str(child))
        for path in self._edition_configs(config).values():
            server.watch(str(path), recursive=False)
        # The entity files and the vocabulary, whatever mkdocs.yml's `watch:` says.
        server.watch(str(settings.entities_path))
        server.watch(str(settings.vocabulary_path), recursive=False)
        if self.dirty:
            server.builder = functools.partial(self._rebuild, builder)
        return server

    def _edition_configs(self, config: MkDocsConfig) -> dict[str, Path]:
        """The MkDocs configuration of every other edition: ``mkdocs.<code>.yml``."""
        return _other_editions(config, self._settings()) if self.is_main else {}

    def _post_build(self, *, config: MkDocsConfig) -> None:
        """The main edition builds the other editions into <site>/<code>/, in the same run;
        a preview then tells its pages what the banner shows."""
        self._write_search_index(config)
        self._keep_build(config)
        if SemikbPlugin.building_editions:
            return
        # Read before the editions build: MkDocs gives every configuration loaded in one
        # process the same plugin instance, and loading an edition reconfigures it.
        editions = self._edition_configs(config)
        try:
            if self.problems is None:
                self._build_editions(config, editions)
        finally:
            if self.serving:
                logging.getLogger("mkdocs").removeHandler(self.warnings)
                self._write_preview_problems(config, editions)
                self.inputs, self.reading = self.reading, None

    @event_priority(-100)  # after every plugin's post_build
    def _release_builds(self, *, config: MkDocsConfig) -> None:
        """What a preview keeps (each edition's build, the generator's memory) lives until
        the next whole build: the pages' HTML is freed, and the rest is kept out of the
        collector's full scans, which walked it at every save (a second at 5,000 entities)."""
        if not self.serving or SemikbPlugin.building_editions:
            return
        for built in self.built.values():
            built.release_pages()
        gc.collect()
        gc.freeze()

    on_post_build = CombinedEvent(_post_build, _release_builds)

    def _keep_build(self, config: MkDocsConfig) -> None:
        """A dirty preview keeps each edition's build for the quick rebuild."""
        collected, self.collected = self.collected, None
        if collected is None:
            return
        files, nav, env = collected
        # The main edition's build serves drafts (see mkdocs's build).
        served = not SemikbPlugin.building_editions
        inclusion = InclusionLevel.is_in_serve if served else InclusionLevel.is_included
        own = (self, _EDITION_ATTRIBUTES)
        self.built[self.edition] = rebuild.Built.capture(config, files, nav, env, inclusion, own)

    def _input_versions(self, config: MkDocsConfig) -> dict[str, Any]:
        """The main edition's ``config`` and the other files a preview reads besides the
        entity files (see rebuild.input_versions)."""
        settings = self._settings()
        configs = [Path(config.config_file_path), *_other_editions(config, settings).values()]
        return rebuild.input_versions(settings, configs, config.watch)

    def _rebuild(self, full: Callable[[], None]) -> None:
        """A preview's rebuild after a save: the quick one (semikb/rebuild.py) when only
        entity files changed since the last build, else MkDocs's dirty build (``full``)."""
        settings = self._settings()
        main = self.built.get(settings.main_edition)
        if (
            main is None
            or set(self.built) != set(settings.editions)
            or self.inputs != self._input_versions(main.config)
        ):
            full()
            return
        main.restore_plugins()  # the last build left them as its last edition's
        editions = self._edition_configs(main.config)
        logging.getLogger("mkdocs").addHandler(self.warnings)
        try:
            if not self._rebuild_quickly(settings):
                full()
        except BaseException:
            self.built.clear()  # the next save takes the whole build
            raise
        finally:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self._write_preview_problems(main.config, editions)

    def _rebuild_quickly(self, settings: Settings) -> bool:
        """Generate, then rebuild what the generator rewrote in each edition; False if a
        page came or went (the whole dirty build is needed)."""
        self.problems = None
        start = time.perf_counter()
        try:
            reports = pipeline.generate_editions(settings, self.memory)
        except SemikbError as error:
            self.problems = error
            log.error("semikb: the knowledge base has problems:\n%s", error.report())
            return True
        generated = time.perf_counter()
        plans = {}
        for code, report in reports.items():
            built, layout = self.built[code], pipeline.layout_of(settings, code)
            plan = rebuild.plan(built, [layout.docs_path(page) for page in report.written])
            if plan is None or report.removed:
                return False
            plans[code] = plan
        for code, plan in plans.items():
            if not plan:
                continue
            built = self.built[code]
            built.restore_plugins()
            _empty_search_index(built.config)
            rebuild.rebuild(built, plan)
            self._write_search_index(built.config)
        log.info(
            "semikb: rebuilt %d pages and downloads in %.2f s (generator %.2f s)",
            sum(len(plan) for plan in plans.values()),
            time.perf_counter() - start,
            generated - start,
        )
        return True

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """An entity page's names (front matter ``semikb_names``), for the search index."""
        self.warnings.end_page()
        names = page.meta.get("semikb_names")
        if isinstance(names, list) and names:
            pattern = self._search_pattern(config)
            self.search_names[page.url] = search.name_fields(
                [str(n) for n in names], str(page.title or ""), pattern
            )
        return html

    def _search_pattern(self, config: MkDocsConfig) -> re.Pattern[str]:
        plugin = config.plugins.get("material/search")
        configured = getattr(plugin, "config", {}).get("separator") or r"[\s\-]+"
        value = search.separator(configured)
        if value not in self.search_patterns:
            self.search_patterns[value] = search.compile_separator(value)
        return self.search_patterns[value]

    def _write_search_index(self, config: MkDocsConfig) -> None:
        """Material has written this edition's search index: write it again with the entity
        pages' names and semikb's separator (semikb/search.py). A dirty rebuild indexes only
        the pages it rebuilt: merge them, page by page, into this edition's index of the
        previous builds (Material's own merge keeps one page, and its plugin instance is
        shared by the editions)."""
        plugin = config.plugins.get("material/search")
        index = getattr(plugin, "search_index", None)
        names, self.search_names = self.search_names, {}
        if plugin is None or index is None:
            return
        search.add_names(index, names)
        if self.serving and self.dirty:
            plugin.search_index_prev = None  # the next rebuild indexes only what it rebuilds
            pages = self.search_entries.setdefault(self.edition, {})
            fresh: dict[str, list[dict[str, Any]]] = {}
            for entry in index.entries:
                fresh.setdefault(entry["location"].split("#")[0], []).append(entry)
            pages.update(fresh)
            index.entries = [entry for entries in pages.values() for entry in entries]
        target = Path(config.site_dir) / "search" / "search_index.json"
        target.write_text(search.index_json(index), "utf-8")

    def _build_editions(self, config: MkDocsConfig, editions: dict[str, Path]) -> None:
        for code, path in editions.items():
            if not path.is_file():
                raise PluginError(f"semikb: edition {code!r} needs its configuration {path.name}")
            # As strict as this build (a preview is not), into <site>/<code>/.
            site_dir = str(Path(config.site_dir) / code)
            edition = load_config(str(path), site_dir=site_dir, strict=config.strict)
            SemikbPlugin.building_editions = True
            try:
                build(edition, dirty=self.dirty)
            finally:
                SemikbPlugin.building_editions = False

    def _write_preview_problems(self, config: MkDocsConfig, editions: dict[str, Path]) -> None:
        """problems.json beside preview.js in every edition: what the last save broke."""
        if self.problems is not None:
            title = "semikb: the last save has problems; the pages show the last valid version."
            problems = [str(problem) for problem in self.problems.problems]
        else:
            title = "semikb: the build has warnings (a strict build would stop on them)."
            problems = []
        problems += self.warnings.messages
        data = json.dumps({"title": title, "problems": problems}, ensure_ascii=False)
        sites = [Path(config.site_dir)]
        sites += [Path(config.site_dir) / code for code in editions]
        for site in sites:
            target = site / ASSETS_URL / PREVIEW_PROBLEMS
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(data, "utf-8")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Serve the downloads where the layout says, add the package's assets, and give an
        edition the main edition's hand-written pages it has no translation of."""
        layout = self._layout()
        for file in files:
            page = layout.page_of(file.src_uri)
            if page is not None and layout.is_download(page):
                file.dest_uri = layout.served_path(page)
        for path in _asset_files():
            if path.name == PREVIEW_SCRIPT and not self.serving:
                continue
            src_uri = f"{ASSETS_URL}/{path.relative_to(ASSETS).as_posix()}"
            if path.name == SEARCH_WORKER:
                src_uri = SEARCH_WORKER_URL
            if files.get_file_from_path(src_uri) is None:  # the site's own copy wins
                files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        self.untranslated = set()
        if not self.is_main:
            self._add_untranslated(files, config, layout)
        # After the generator ran: the glossary it wrote is appended to every page.
        self.dialect = pagehtml.dialect_from(config.markdown_extensions, config.mdx_configs)
        self.hrefs = {}
        return files

    def _add_untranslated(self, files: Files, config: MkDocsConfig, layout: Layout) -> None:
        settings = self._settings()
        main_docs = settings.docs_path
        generated = f"{layout.output_subdir}/"
        missing = []
        for path in sorted(main_docs.rglob("*")):
            src_uri = path.relative_to(main_docs).as_posix()
            if (
                not path.is_file()
                or src_uri.startswith(generated)
                or files.get_file_from_path(src_uri)
            ):
                continue
            file = File(src_uri, str(main_docs), config.site_dir, config.use_directory_urls)
            files.append(file)
            if file.is_documentation_page():
                missing.append(src_uri)
                self.untranslated.add(src_uri)
        if missing:
            log.info("semikb: not yet translated into %s: %s", self.edition, ", ".join(missing))

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav_pages = {page.file.src_uri: page for page in nav.pages}
        self.nav = nav if self.serving and self.dirty else None
        return nav

    def _activate_index(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """A generated page out of the nav (an entity, a decade of the timeline) sits under
        its index: that index's tab is active, its section fills the sidebar, and the
        breadcrumbs (partials/path.html) lead to it."""
        layout = self._layout()
        generated = layout.page_of(page.file.src_uri)
        parent = layout.parent(generated) if generated is not None else None
        index = self.nav_pages.get(layout.docs_path(parent)) if parent is not None else None
        if index is not None:
            index.active = True  # MkDocs marks its sections active too
            self.activated = index
            trail = [*reversed(list(index.ancestors)), index]
            context["semikb_trail"] = trail  # type: ignore[typeddict-unknown-key]  # ours
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.activated is not None:
            self.activated.active = False
            self.activated = None
        return output

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Material's edit button: an entity page edits its YAML file, others their Markdown.
        A page with no translation yet says so at its top."""
        settings = self._settings()
        self.warnings.start_page(self.edition, page.file.src_uri)  # rendered next
        if page.file.src_uri in self.untranslated:
            note = Language(self.edition).plain("Not yet translated: shown in English.")
            markdown = f'<p class="semikb-untranslated">{html.escape(note)}</p>\n\n{markdown}'
            docs = settings.docs_dir
        else:
            docs = Path(config.docs_dir).resolve().relative_to(settings.root.resolve()).as_posix()
        if settings.edit_url:
            source = page.meta.get("semikb_source")
            edited = source if isinstance(source, str) else f"{docs}/{page.file.src_uri}"
            page.edit_url = settings.edit_url + edited
        if self.dialect is not None and self._layout().page_of(page.file.src_uri) is not None:
            # MkDocs has no hook that replaces a page's conversion: this page's own
            # render method does it, and MkDocs calls it right after this event.
            render = functools.partial(self._render_generated, page, self.dialect)
            page.render = render  # type: ignore[method-assign]
        return markdown

    def _render_generated(
        self, page: Page, dialect: pagehtml.Dialect, config: MkDocsConfig, files: Files
    ) -> None:
        """Page.render for a generated page: semikb/pagehtml.py converts it, to the same
        bytes, table of contents and anchors as Python-Markdown; MkDocs's own link
        rewriting checks its links. A page it cannot convert goes to Python-Markdown."""
        converted = _convert(page, dialect, _Links(page, files, config, self.hrefs))
        if converted is not None:
            self.search_views[page.file.src_uri] = converted.search_html

    @event_priority(100)  # before Material's search plugin reads the page
    def _show_search_view(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Material's search indexes a generated page from its HTML without the sections
        it would skip (their headings have data-search-exclude): the same entries, for a
        tenth of the parsing."""
        view = self.search_views.pop(page.file.src_uri, None)
        if view is not None and page.content is not None:
            self.full_contents[page.file.src_uri] = page.content
            page.content = view
        return context

    @event_priority(-100)  # after it
    def _show_full_content(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        full = self.full_contents.pop(page.file.src_uri, None)
        if full is not None:
            search = config.plugins.get("material/search")
            if search is not None and getattr(search, "config", {}).get("enabled", True):
                # As Material's search does to the content it read.
                full = _SEARCH_ATTRIBUTES.sub("", full)
            page.content = full
        return context

    on_page_context = CombinedEvent(_show_search_view, _activate_index, _show_full_content)


_SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


class _Links(_RelativePathTreeprocessor):
    """MkDocs's own link rewriting and checking, which remembers a link to another page
    of another name for the pages of the same folder and URL depth: their hrefs are the
    same, and a generated page has a hundred links."""

    def __init__(
        self,
        page: Page,
        files: Files,
        config: MkDocsConfig,
        hrefs: dict[tuple[str, str, bool, str], str],
    ) -> None:
        super().__init__(page.file, files, config)
        self.hrefs = hrefs
        url = page.file.url
        self.folder = posixpath.dirname(page.file.src_uri)
        self.url_folder = (posixpath.dirname(url.rstrip("/")), url.endswith("/"))
        self.own_name = posixpath.basename(page.file.src_uri)
        self.own_stem = posixpath.splitext(self.own_name)[0]

    def path_to_url(self, url: str) -> str:
        # Not remembered: anchors, queries, addresses, and links that may name this page
        # or a page below its URL (their hrefs differ from page to page).
        parts = url.split("/")
        if (
            any(char in url for char in "#?:")
            or parts[-1] == self.own_name
            or self.own_stem in parts
        ):
            return super().path_to_url(url)
        key = (self.folder, *self.url_folder, url)
        if (href := self.hrefs.get(key)) is not None:
            return href
        href = super().path_to_url(url)
        target = posixpath.normpath(posixpath.join(self.folder, urlunquote(url)))
        target_file = self.files.get_file_from_path(target)
        excluded = target_file is None or target_file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
        if href != url and not excluded:
            self.hrefs[key] = href
        return href


def _convert(page: Page, dialect: pagehtml.Dialect, links: _Links) -> pagehtml.Converted | None:
    assert page.markdown is not None
    config, files = links.config, links.files
    try:
        converted = pagehtml.convert(page.markdown, dialect, links.path_to_url)
    except pagehtml.Unsupported:
        Page.render(page, config, files)
        return None
    page.content = converted.html
    page.toc = get_toc(converted.toc_tokens)  # type: ignore[arg-type]  # mkdocs: its TypedDict
    page._title_from_render = converted.title
    page.present_anchor_ids = converted.anchors
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = links.links_to_anchors
    return converted
