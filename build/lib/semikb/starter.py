"""`semikb init`: a new knowledge base that builds strict at once.

The files come from the templates in ``starter/`` (a generic vocabulary of
organizations, people, events, places and sources; one example of each relation and a
source; mkdocs.yml with the plugin; workflows; a pre-commit configuration), filled in
with the options; the editor schema is generated from the starter vocabulary. Nothing
in them is about any particular subject. Existing files are never overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .formats import LANGUAGE_CODE, is_http_url
from .load import parse_yaml
from .problems import ConfigError, Location, Problem
from .schema import modeline, schema_text
from .settings import Settings
from .templates import environment
from .vocabulary import parse_vocabulary

STARTER = Path(__file__).parent / "starter"
# Template names that cannot be dotfiles in the package.
RENAMED = {"gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml"}
# Languages Material's search (lunr) can segment and stem; others are searched as English.
SEARCH_LANGUAGES = frozenset(
    "ar da de en es fi fr hi hu hy it ja ko nl no pt ro ru sv ta te th tr vi zh".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class StarterOptions:
    title: str = "Knowledge base"
    languages: tuple[str, ...] = ("en",)
    license: str = "CC BY 4.0"
    author: str = "Contributors"
    site_url: str = "https://example.org/"
    # A GitHub repository as OWNER/NAME: edit buttons open its files.
    repository: str = ""

    def check(self) -> None:
        problems = []
        where = Location("semikb init")
        bad = [lang for lang in self.languages if not LANGUAGE_CODE.fullmatch(lang)]
        if bad or "en" not in self.languages:
            problems.append(
                Problem(
                    where, "--languages must be codes including en: " + ", ".join(self.languages)
                )
            )
        if not is_http_url(self.site_url) or not self.site_url.endswith("/"):
            problems.append(
                Problem(
                    where, f"--site-url must be an http(s) URL ending in '/', not {self.site_url!r}"
                )
            )
        if self.repository and self.repository.count("/") != 1:
            problems.append(
                Problem(where, f"--repository must be OWNER/NAME, not {self.repository!r}")
            )
        if problems:
            raise ConfigError(problems)

    @property
    def edit_url(self) -> str:
        return f"https://github.com/{self.repository}/edit/main/" if self.repository else ""


def _target_name(template: Path) -> str:
    relative = template.relative_to(STARTER).with_suffix("").as_posix()
    return RENAMED.get(relative, relative)


def starter_files(options: StarterOptions, root: Path) -> dict[str, str]:
    """Every file of a new project, keyed by its path relative to ``root``."""
    env = environment(markdown=False, folder=STARTER)
    env.filters["toml"] = json.dumps  # a JSON string is a TOML basic string
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    values = {
        "title": options.title,
        "languages": options.languages,
        "search_languages": [lang for lang in options.languages if lang in SEARCH_LANGUAGES],
        "license": options.license,
        "author": options.author,
        "site_url": options.site_url,
        "edit_url": options.edit_url,
        "modeline": modeline(Settings(root=root)),
    }
    files = {
        _target_name(template): env.get_template(template.relative_to(STARTER).as_posix()).render(
            values
        )
        for template in sorted(STARTER.rglob("*.j2"))
    }
    vocabulary = parse_vocabulary(
        parse_yaml(files["schema/vocabulary.yaml"].encode(), "schema/vocabulary.yaml"),
        "schema/vocabulary.yaml",
    )
    settings = Settings(root=root, site_url=options.site_url)
    files[settings.entity_schema] = schema_text(vocabulary, settings)
    return files


def write_starter(root: Path, options: StarterOptions) -> list[str]:
    """Write a new project into ``root``; refuse if any of its files exists already."""
    options.check()
    files = starter_files(options, root)
    existing = sorted(name for name in files if (root / name).exists())
    if existing:
        raise ConfigError(
            [
                Problem(
                    Location(str(root / name)),
                    "exists already: semikb init never overwrites; choose an empty folder",
                )
                for name in existing
            ]
        )
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return sorted(files)
