"""The site layout: where every generated file goes and the URL it is served at.

This module is the one owner of paths and URLs. A *page* is a path inside the
generated subtree (``company/rapidus.md``, ``timeline.md``, ``data/timeline.atom``).
From it the layout derives the path MkDocs reads (``kb/company/rapidus.md`` under
``docs_dir``), the URL relative to the site root (``kb/company/rapidus/``: MkDocs
directory URLs; downloads are served under ``data/``), absolute URLs for feeds and
JSON-LD, and relative links between pages, in Markdown and in raw HTML. Every other
module, template and the MkDocs integration asks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import ClassVar

from .model import Entity


@dataclass(frozen=True)
class Layout:
    output_subdir: str = "kb"
    site_url: str = "https://example.org/"

    OVERVIEW: ClassVar[str] = "index.md"
    VOCABULARY: ClassVar[str] = "vocabulary.md"
    TIMELINE: ClassVar[str] = "timeline.md"
    DISPUTES: ClassVar[str] = "disputes.md"
    BIBLIOGRAPHY: ClassVar[str] = "sources.md"
    GRAPH: ClassVar[str] = "graph.md"
    NUMBERS: ClassVar[str] = "numbers.md"
    GRAPH_DATA: ClassVar[str] = "graph.json"
    GLOSSARY: ClassVar[str] = "glossary.md"
    # Appended to every page by pymdownx.snippets; not a page of its own.
    ABBREVIATIONS: ClassVar[str] = "abbreviations.md"
    KB_JSON: ClassVar[str] = "kb.json"
    # The downloads folder, in the generated subtree and (through the MkDocs
    # integration) at the site root.
    DOWNLOADS: ClassVar[str] = "data"

    # --- pages of the generated subtree ---------------------------------------

    def entity_page(self, entity: Entity) -> str:
        return f"{entity.type}/{entity.id}.md"

    def type_index(self, type_id: str) -> str:
        return f"{type_id}/index.md"

    def timeline_period(self, key: str) -> str:
        """One page per period of the timeline (``timeline/1980s.md``, ``timeline/2024.md``)."""
        return f"timeline/{key}.md"

    def bibliography_part(self, key: str) -> str:
        """One page per publisher initial of the bibliography (``sources/a.md``)."""
        return f"sources/{key}.md"

    def parent(self, page: str) -> str | None:
        """The page a generated page belongs under, for its breadcrumbs and active tab:
        an entity page's type index, a timeline or bibliography page's index; None for a
        page that is in the nav itself."""
        folder = PurePosixPath(page).parent.as_posix()
        if folder == "." or PurePosixPath(page).name == "index.md":
            return None
        for index in (self.TIMELINE, self.BIBLIOGRAPHY):
            if folder == PurePosixPath(index).stem:
                return index
        return self.type_index(folder)

    def download(self, name: str) -> str:
        return f"{self.DOWNLOADS}/{name}"

    def type_csv(self, type_id: str) -> str:
        return self.download(f"{type_id}.csv")

    def series_csv(self, property_id: str) -> str:
        return self.download(f"series/{property_id}.csv")

    @property
    def statements_csv(self) -> str:
        return self.download("statements.csv")

    @property
    def timeline_atom(self) -> str:
        return self.download("timeline.atom")

    @property
    def milestones_ics(self) -> str:
        return self.download("milestones.ics")

    @property
    def vocabulary_json(self) -> str:
        return self.download("vocabulary.json")

    # --- where MkDocs finds them and serves them --------------------------------

    def docs_path(self, page: str) -> str:
        """The page's path relative to ``docs_dir`` (MkDocs's ``src_uri``)."""
        return f"{self.output_subdir}/{page}"

    def page_of(self, src_uri: str) -> str | None:
        """The page a ``docs_dir``-relative path names, or None outside the generated subtree."""
        prefix = f"{self.output_subdir}/"
        return src_uri[len(prefix) :] if src_uri.startswith(prefix) else None

    def not_in_nav_patterns(self) -> list[str]:
        """MkDocs ``not_in_nav`` lines: entity pages and data files are reached from
        indexes, relations and search, never listed in the nav."""
        root = f"/{self.output_subdir}"
        return [
            f"{root}/*/*.md",
            f"{root}/{self.KB_JSON}",
            f"{root}/{self.GRAPH_DATA}",
            f"{root}/{self.DOWNLOADS}/*",
        ]

    def is_download(self, page: str) -> bool:
        return page == self.KB_JSON or page.startswith(f"{self.DOWNLOADS}/")

    def served_path(self, page: str) -> str:
        """Where a file is served, relative to the site root: downloads under ``data/``."""
        if page == self.KB_JSON:
            return self.download(self.KB_JSON)
        if self.is_download(page):
            return page
        return self.docs_path(page)

    def url(self, page: str) -> str:
        """The URL of a page or download relative to the site root."""
        if not page.endswith(".md"):
            return self.served_path(page)
        path = PurePosixPath(self.docs_path(page))
        folder = path.parent if path.name == "index.md" else path.with_suffix("")
        return f"{folder.as_posix()}/"

    def absolute_url(self, page: str) -> str:
        return self.site_url.rstrip("/") + "/" + self.url(page)

    def entity_url(self, entity: Entity) -> str:
        return self.url(self.entity_page(entity))

    def absolute_entity_url(self, entity: Entity) -> str:
        return self.absolute_url(self.entity_page(entity))

    # --- links between pages ------------------------------------------------------

    def md_prefix(self, from_page: str) -> str:
        """What leads from a page's folder back to the root of the generated subtree."""
        # A page is a normalised relative POSIX path: each slash is one folder down. (Not
        # pathlib, which was a tenth of a preview's rebuild at 5,000 entities.)
        return "../" * from_page.count("/")

    def md_link(self, from_page: str, to_page: str) -> str:
        """A Markdown link between two generated files (MkDocs rewrites it to the built URL)."""
        return self.md_prefix(from_page) + to_page

    def href(self, from_page: str, to_page: str) -> str:
        """A link in raw HTML, which MkDocs does not rewrite: from one built URL to another."""
        origin, target = self.url(from_page), self.url(to_page)
        prefix = f"{self.output_subdir}/"
        if origin.startswith(prefix) and target.startswith(prefix):
            origin, target = origin[len(prefix) :], target[len(prefix) :]
        return "../" * len(PurePosixPath(origin).parts) + target
