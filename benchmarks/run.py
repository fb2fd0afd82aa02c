#!/usr/bin/env python3
"""Benchmark semikb at scale against a bare MkDocs build of the same pages.

Usage (from the repository root, with the project's Python environment):

    python benchmarks/run.py  # sizes 1000,2000,5000, 3 runs, writes docs/benchmarks.md
    python benchmarks/run.py --sizes 1000,2000 --runs 3 --build-runs 1  # fewer mkdocs builds
    python benchmarks/run.py --smoke --output /tmp/bench.md  # 50 entities, one run: a check
    python benchmarks/run.py --profile  # also cProfile the generator at the largest size
    python benchmarks/run.py --from-results  # rewrite docs/benchmarks.md from results.json

The code under test is copied to WORK/code/ when the benchmark starts (semikb/,
scripts/, schema/, docs/, mkdocs.yml), so that edits made in the checkout
while it runs cannot mix two versions; --no-snapshot runs the checkout as it is.

For every size N it writes, under --work (default benchmarks/work/, gitignored):

* kb-N/: a synthetic knowledge base of N entities (see benchmarks/synth.py for its
  shape), valid against schema/vocabulary.yaml, with a pyproject.toml pointing at
  the vocabulary (absolute path), a copy of docs/ and the project's mkdocs.yml with
  its relative paths made absolute (the semikb plugin runs the generator);
* baseline-N/: the bare baseline: as many plain Markdown pages as semikb generates,
  each of the byte size of one generated page, built by MkDocs with the same theme,
  other plugins, CSS, JavaScript and Markdown extensions, but without the semikb
  plugin and with no nav entries for the pages.

and measures, each over --runs runs (--build-runs for the slow mkdocs builds) with
the median reported, every command in a child process, timed with
time.perf_counter() and with its peak memory (maximum resident set size) from
os.wait4():

* `python -m semikb --root kb-N build` from an empty docs/kb (full generation);
* the same with nothing changed, and after changing one statement of one entity
  (which files it rewrote, compared with the files whose bytes changed);
* `python -m mkdocs build` of kb-N from a clean state (the hook runs the generator);
* `python -m mkdocs build` of baseline-N;
* the size of each site on disk, the mean and largest entity page (HTML), and the
  search index (site/search/search_index.json).

Only the standard library measures; the knowledge bases are synthesised with PyYAML
(reading the vocabulary). Results go to --output as a Markdown page (default
docs/benchmarks.md; with --smoke, WORK/benchmarks-smoke.md) and to WORK/results.json.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import payload  # noqa: E402  (benchmarks/ is not a package: found through the path above)
import preview  # noqa: E402
import synth  # noqa: E402

# The code under test: the checkout itself, or (by default) a copy of it taken when the
# benchmark starts, so that edits made while it runs cannot mix two versions.
CODE = REPO
SNAPSHOT = ("semikb", "scripts", "schema", "docs", "mkdocs.yml", "pyproject.toml")
DEFAULT_SIZES = (1000, 2000, 5000)

# The rows of the results table, per size: (key, measure, kind of value).
MEASURES = (
    ("gen_time", "Generator time, full build", "time"),
    ("gen_cpu", "Generator CPU time, full build", "time"),
    ("gen_rate", "Generator throughput", "rate"),
    ("noop_time", "Generator time, nothing changed", "time"),
    ("edit_time", "Generator time, one entity edited", "time"),
    ("edit_written", "Files rewritten after one edit", "count"),
    ("memory_noop", "Generator in a preview (memory), nothing changed", "time"),
    ("memory_edit", "Generator in a preview (memory), one entity edited", "time"),
    ("preview_valid", "Preview: save → the page shows the edit", "time"),
    ("preview_invalid", "Preview: invalid save → the problem banner", "time"),
    ("preview_rebuild", "Preview: the server's rebuild after a save", "time"),
    ("preview_generator", "Preview: the generator's part of it", "time"),
    ("gen_rss", "Generator peak memory", "memory"),
    ("build_time", "`mkdocs build` time (with the generator)", "time"),
    ("build_cpu", "`mkdocs build` CPU time", "time"),
    ("build_rss", "`mkdocs build` peak memory", "memory"),
    ("pages", "Markdown pages", "count"),
    ("site_bytes", "Site size on disk", "bytes"),
    ("page_mean", "Entity page HTML, mean", "bytes"),
    ("page_max", "Entity page HTML, largest", "bytes"),
    ("search_bytes", "Search index", "bytes"),
    ("first_view_gzip", "First page view, transferred (gzip)", "bytes"),
    ("first_search_gzip", "First page view + first search, transferred (gzip)", "bytes"),
)
# What each semikb figure is compared with in the baseline.
BASELINE_OF = {
    "gen_time": "base_time",
    "gen_cpu": "base_cpu",
    "build_cpu": "base_cpu",
    "gen_rate": "base_rate",
    "noop_time": "base_time",
    "edit_time": "base_time",
    "edit_written": "base_pages",
    "gen_rss": "base_rss",
    "build_time": "base_time",
    "build_rss": "base_rss",
    "pages": "base_pages",
    "site_bytes": "base_site_bytes",
    "page_mean": "base_page_mean",
    "page_max": "base_page_max",
    "search_bytes": "base_search_bytes",
    # The preview's alternatives: a full rebuild, as a non-dirty `mkdocs serve` makes.
    "memory_noop": "base_time",
    "memory_edit": "base_time",
    "preview_valid": "base_time",
    "preview_invalid": "base_time",
    "preview_rebuild": "base_time",
    "preview_generator": "base_time",
    "first_view_gzip": "base_first_view_gzip",
    "first_search_gzip": "base_first_search_gzip",
}
TABLE_HEADER = "| Entities | Measure | semikb | Bare baseline | semikb ÷ baseline |"
TARGETS_HEADER = "| Target | Goal | Measured | Holds? |"


class BenchmarkError(Exception):
    pass


# --- running and measuring ----------------------------------------------------------------


@dataclass
class Measured:
    seconds: float  # wall-clock
    cpu: float  # user + system CPU seconds of the process (and children it waited for)
    peak_rss: int  # bytes
    output: str


def child_env() -> dict[str, str]:
    """The environment of every child: this checkout's semikb first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(CODE)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    )
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env["NO_MKDOCS_2_WARNING"] = "1"  # a banner on every build, not a result
    return env


# Runs a command and writes its peak RSS (KiB) to the file named first. Linux counts
# the memory of the process a command is forked from into the command's peak (the
# forked copy's high-water mark outlives exec): forked from this benchmark, which holds
# hundreds of MB at 5,000 entities, a small command's peak was this benchmark's. This
# launcher is small.
LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(command: list[str], cwd: Path, log: Path) -> Measured:
    """Run a command, return its wall time and peak RSS; raise with its output if it fails."""
    log.parent.mkdir(parents=True, exist_ok=True)
    peak = log.with_suffix(".peak")
    with open(log, "wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(peak), *command],
            cwd=cwd,
            env=child_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    output = log.read_text("utf-8", errors="replace")
    if process.returncode != 0:
        tail = "\n".join(output.splitlines()[-30:])
        raise BenchmarkError(
            f"`{' '.join(command)}` in {cwd} exited with {process.returncode}:\n{tail}"
        )
    # The command's and the launcher's CPU time (a few milliseconds); the command's memory.
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(seconds, cpu, int(peak.read_text()) * 1024, output)  # KiB on Linux


# What semikb/plugin.py logs after a quick rebuild.
QUICK_REBUILD = re.compile(
    r"semikb: rebuilt (?P<files>\d+) pages and downloads"
    r" in (?P<seconds>[\d.]+) s \(generator (?P<generator>[\d.]+) s\)"
)


# The generator as a preview runs it: one process, its memory kept between runs.
MEMORY_SCRIPT = """
import json, sys, time
from pathlib import Path
from semikb import pipeline
from semikb.memory import Memory
from semikb.settings import load_settings
root, edited, old, new = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
settings, memory, times = load_settings(root), Memory(), {}
pipeline.generate(settings, memory)
start = time.perf_counter(); pipeline.generate(settings, memory)
times["noop"] = time.perf_counter() - start
text = edited.read_text("utf-8")
edited.write_text(text.replace(old, new, 1), "utf-8")
start = time.perf_counter(); pipeline.generate(settings, memory)
times["edit"] = time.perf_counter() - start
times["rendered"] = len(memory.memo(settings.main_edition).rendered)
edited.write_text(text, "utf-8")
pipeline.generate(settings, memory)
print(json.dumps(times))
"""


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    """path → (inode, mtime_ns, sha1) of every file: a rename or rewrite changes the first two."""
    result = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            result[path.relative_to(folder).as_posix()] = (
                stat.st_ino,
                stat.st_mtime_ns,
                hashlib.sha1(path.read_bytes()).hexdigest(),
            )
    return result


def tree_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def page_html(site: Path, page: str) -> Path:
    """The HTML file MkDocs writes for docs/<page>.md (directory URLs or not)."""
    stem = page[:-3]
    candidate = site / stem / "index.html"
    return candidate if candidate.is_file() else site / f"{stem}.html"


def site_stats(site: Path, pages: list[str]) -> dict[str, float]:
    site_bytes, files = tree_bytes(site)
    sizes = [page_html(site, page).stat().st_size for page in pages]
    search = site / "search" / "search_index.json"
    return {
        "site_bytes": site_bytes,
        "site_files": files,
        "page_mean": statistics.fmean(sizes) if sizes else 0,
        "page_max": max(sizes, default=0),
        "search_bytes": search.stat().st_size if search.is_file() else 0,
    }


# --- the projects ---------------------------------------------------------------------


# mkdocs.yml as PyYAML reads it: a mapping of setting names to any YAML data.
Config = dict[str, Any]


class Tagged:
    """A value under a custom YAML tag of mkdocs.yml, kept as written.

    The tags are those such as ``!relative``, ``!ENV`` and ``!!python/name:``; the value is
    the scalar, sequence or mapping under the tag.
    """

    def __init__(self, tag: str, value: str | list[object] | dict[Hashable, object]) -> None:
        self.tag, self.value = tag, value


class _ConfigLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        return Tagged(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True))
    if isinstance(node, yaml.MappingNode):
        return Tagged(node.tag, loader.construct_mapping(node, deep=True))
    raise yaml.constructor.ConstructorError(
        None, None, f"unexpected {type(node).__name__} under {node.tag}", node.start_mark
    )


def _represent_tagged(dumper: yaml.SafeDumper, tagged: Tagged) -> yaml.Node:
    if isinstance(tagged.value, list):
        return dumper.represent_sequence(tagged.tag, tagged.value)
    if isinstance(tagged.value, dict):
        return dumper.represent_mapping(tagged.tag, tagged.value)
    return dumper.represent_scalar(tagged.tag, tagged.value)


_ConfigLoader.add_multi_constructor("!", _construct_tagged)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_ConfigDumper.add_representer(Tagged, _represent_tagged)


def real_mkdocs_config() -> Config:
    """The project's mkdocs.yml as data, with the paths that are relative to it made absolute."""
    try:
        config: Config = yaml.load((CODE / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    except yaml.YAMLError as error:
        raise BenchmarkError(f"mkdocs.yml could not be read ({error})") from None
    config.pop("watch", None)  # serve only; its paths would have to exist beside the copy
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = str(CODE / theme["custom_dir"])
    return config


def extension_options(config: Config, name: str) -> dict[str, Any] | None:
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, dict) and name in item:
            options = item[name]
            return options if isinstance(options, dict) else None
    return None


def nav_files(nav: object) -> set[str]:
    if isinstance(nav, str):
        return {nav} if nav.endswith(".md") else set()
    if isinstance(nav, list):
        return set().union(*(nav_files(item) for item in nav)) if nav else set()
    if isinstance(nav, dict):
        return set().union(*(nav_files(value) for value in nav.values())) if nav else set()
    return set()


def copy_docs(target: Path, output_subdir: str) -> list[str]:
    """The project's docs/ minus the generated subtree, with every hand-written page a stub.

    Hand-written pages link to real entities (kb/company/rapidus.md), which a synthetic
    knowledge base does not have; a stub keeps the page, its title and its nav entry.
    Assets (CSS, JavaScript, images) are copied as they are. Returns the pages.
    """
    source = CODE / "docs"
    remove(target)
    pages = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if (
            relative.parts[0] == output_subdir
            or not path.is_file()
            or "__pycache__" in relative.parts
        ):
            continue
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            title = next(
                (
                    line
                    for line in path.read_text("utf-8", errors="replace").splitlines()
                    if line.startswith("# ")
                ),
                f"# {path.stem}",
            )
            (target / relative).write_text(
                f"{title}\n\nA stand-in for the project's page of this name: "
                "the benchmark's knowledge base is synthetic.\n",
                encoding="utf-8",
            )
            pages.append(relative.as_posix())
        else:
            shutil.copyfile(path, target / relative)
    return pages


def write_config(path: Path, config: Config) -> None:
    path.write_text(
        "# Written by benchmarks/run.py from the project's mkdocs.yml.\n"
        + yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False, width=200),
        encoding="utf-8",
    )


def snapshot_code(target: Path) -> Path:
    """Copy what the benchmark runs (package, hook, vocabulary, theme overrides, docs, config)."""
    remove(target)
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SNAPSHOT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(
                source,
                target / name,
                ignore=lambda folder, names: (
                    set(ignore(folder, names))
                    | set(["kb"] if Path(folder) == REPO / "docs" else [])
                ),
            )
        elif source.is_file():
            shutil.copyfile(source, target / name)
    return target


def make_semikb_project(root: Path, n: int) -> tuple[synth.KbStats, tuple[str, str, str]]:
    remove(root)
    root.mkdir(parents=True)
    vocabulary = json.dumps(str(CODE / "schema" / "vocabulary.yaml"))
    (root / "pyproject.toml").write_text(
        "# A synthetic knowledge base written by benchmarks/run.py.\n"
        "[tool.semikb]\n"
        f"vocabulary = {vocabulary}\n"
        'docs_dir = "docs"\n'
        'output_subdir = "kb"\n',
        encoding="utf-8",
    )
    stats, edit_target = synth.write_kb(root, n, CODE / "schema" / "vocabulary.yaml")
    copied = copy_docs(root / "docs", "kb")
    config = real_mkdocs_config()
    # Copied pages the real nav does not list (such as this benchmark's own page) stay out of it.
    extra = [page for page in copied if page not in nav_files(config.get("nav"))]
    if extra:
        config["not_in_nav"] = (config.get("not_in_nav") or "") + "".join(
            f"/{page}\n" for page in extra
        )
    write_config(root / "mkdocs.yml", config)
    return stats, edit_target


def make_baseline_project(root: Path, sizes: list[int]) -> None:
    remove(root)
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text(
        "# Baseline\n\nPlain Markdown pages, built by MkDocs without semikb.\n", encoding="utf-8"
    )
    config = real_mkdocs_config()
    config["plugins"] = [
        plugin
        for plugin in config.get("plugins") or []
        if plugin != "semikb" and not (isinstance(plugin, dict) and "semikb" in plugin)
    ]
    snippets = extension_options(config, "pymdownx.snippets")
    if snippets:
        snippets.pop("auto_append", None)  # the generated glossary is part of what semikb adds
    # The same CSS and JavaScript as the plugin adds to every page.
    shutil.copytree(CODE / "semikb" / "assets", root / "docs" / "assets" / "semikb")
    config["extra_css"] = [*(config.get("extra_css") or []), "assets/semikb/semikb.css"]
    config["extra_javascript"] = [*(config.get("extra_javascript") or []), "assets/semikb/graph.js"]
    config["nav"] = [{"Home": "index.md"}]
    config["not_in_nav"] = "/pages/*.md\n"
    write_config(root / "mkdocs.yml", config)
    synth.write_baseline(root / "docs", sizes)


def generated_pages(output: Path) -> tuple[list[str], list[str]]:
    """(entity pages, other pages) of the generated subtree, as paths inside docs/."""
    entity: list[str] = []
    other: list[str] = []
    for path in sorted(output.rglob("*.md")):
        relative = path.relative_to(output)
        (entity if len(relative.parts) == 2 and relative.name != "index.md" else other).append(
            relative.as_posix()
        )
    return entity, other


# --- one size -------------------------------------------------------------------------------


class EditRecord(TypedDict):
    """One run of the one-entity edit: what changed and which files the generator rewrote."""

    statement: str
    seconds: float
    rewritten: list[str]
    content_changed: list[str]
    removed: list[str]
    cli: str


class SizeInfo(TypedDict, total=False):
    """What was learned about one size besides its timings (filled in as the run goes)."""

    entities: int
    statements: int
    bytes: int
    check_output: str
    markdown_bytes: int
    edits: list[EditRecord]
    edit_only_changed: bool


@dataclass
class SizeResult:
    n: int
    runs: dict[str, list[float]] = field(default_factory=dict)
    info: SizeInfo = field(default_factory=lambda: SizeInfo())

    def add(self, key: str, value: float) -> None:
        self.runs.setdefault(key, []).append(value)

    def median(self, key: str) -> float | None:
        values = self.runs.get(key)
        return statistics.median(values) if values else None

    def measured(self, key: str) -> float:
        """The median of a measure that every benchmark run takes (an error if it is missing)."""
        value = self.median(key)
        if value is None:
            raise BenchmarkError(f"{key} was not measured at {self.n} entities")
        return value


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


WRITTEN = re.compile(r"(\d+) written, (\d+) removed, (\d+) unchanged")


def bench_size(n: int, runs: int, build_runs: int, work: Path) -> SizeResult:
    result = SizeResult(n)
    root, base, logs = work / f"kb-{n}", work / f"baseline-{n}", work / "logs"
    say(f"{n} entities: writing the knowledge base to {root}")
    stats, (edit_file, edit_line, edit_date) = make_semikb_project(root, n)
    result.info.update(
        {"entities": stats["entities"], "statements": stats["statements"], "bytes": stats["bytes"]}
    )
    check = run(python("-m", "semikb", "--root", str(root), "check"), root, logs / f"check-{n}.log")
    result.info["check_output"] = check.output.strip()
    say(f"  semikb check: {check.output.strip()}")

    output, site = root / "docs" / "kb", root / "site"
    run(python("-m", "semikb", "--root", str(root), "build"), root, logs / f"prime-{n}.log")
    entity_pages, other_pages = generated_pages(output)
    sizes = [(output / p).stat().st_size for p in entity_pages + other_pages]
    result.info["markdown_bytes"] = sum(sizes)
    make_baseline_project(base, sizes)
    base_entity_pages = [f"pages/p{i}.md" for i in range(len(entity_pages))]
    entity_pages_in_docs = [f"kb/{p}" for p in entity_pages]

    # Interleaved, so that a slow spell of a shared machine hits every measure alike.
    for number in range(max(runs, build_runs)):
        done = []
        if number < runs:
            remove(output)
            gen = run(
                python("-m", "semikb", "--root", str(root), "build"), root, logs / f"gen-{n}.log"
            )
            result.add("gen_time", gen.seconds)
            result.add("gen_cpu", gen.cpu)
            result.add("gen_rss", gen.peak_rss)
            result.add("gen_rate", n / gen.seconds)
            done.append(f"generator {gen.seconds:.2f} s, {gen.peak_rss / 2**20:.0f} MiB")
        if number < build_runs:
            remove(output)
            remove(site)
            build = run(python("-m", "mkdocs", "build"), root, logs / f"build-{n}.log")
            result.add("build_time", build.seconds)
            result.add("build_cpu", build.cpu)
            result.add("build_rss", build.peak_rss)
            remove(base / "site")
            bare = run(python("-m", "mkdocs", "build"), base, logs / f"baseline-{n}.log")
            result.add("base_time", bare.seconds)
            result.add("base_cpu", bare.cpu)
            result.add("base_rss", bare.peak_rss)
            result.add("base_rate", n / bare.seconds)
            done.append(
                f"mkdocs build {build.seconds:.1f} s, {build.peak_rss / 2**20:.0f} MiB; "
                f"bare {bare.seconds:.1f} s, {bare.peak_rss / 2**20:.0f} MiB"
            )
        say(f"  run {number + 1}: " + "; ".join(done))

    for key, value in site_stats(site, entity_pages_in_docs).items():
        result.add(key, value)
    # A first visit lands on an entity page (of the same size in the baseline).
    first_entity = entity_pages_in_docs[0].removesuffix(".md") + "/"
    visits = (("", site, first_entity), ("base_", base / "site", "pages/p0/"))
    for prefix, folder, landing in visits:
        reader = payload.measure(folder, landing)
        result.add(prefix + "first_view_gzip", float(str(reader["first_view_gzip"])))
        result.add(prefix + "first_search_gzip", float(str(reader["first_search_gzip"])))
    say(
        f"  reader: first view {result.median('first_view_gzip') or 0:,.0f} B,"
        f" first search {result.median('first_search_gzip') or 0:,.0f} B (gzip)"
    )
    for key, value in site_stats(base / "site", base_entity_pages).items():
        result.add("base_" + key, value)
    result.add("pages", len(entity_pages) + len(other_pages))
    result.add("base_pages", len(sizes))

    for _ in range(runs):
        noop = run(
            python("-m", "semikb", "--root", str(root), "build"), root, logs / f"noop-{n}.log"
        )
        result.add("noop_time", noop.seconds)
    say(f"  nothing changed: {result.median('noop_time'):.2f} s")

    entity_file = root / edit_file
    text = entity_file.read_text("utf-8")
    current = edit_date
    edits: list[EditRecord] = []
    for _ in range(runs):
        new_date = f"1987-02-{(int(current[-2:]) % 27) + 1:02d}"
        assert text.count(f"\n{edit_line[: -len(edit_date)]}{current}\n") == 1, (
            "the statement to edit is not in the file"
        )
        text = text.replace(
            f"\n{edit_line[: -len(edit_date)]}{current}\n",
            f"\n{edit_line[: -len(edit_date)]}{new_date}\n",
        )
        before = snapshot(output)
        entity_file.write_text(text, encoding="utf-8")
        edit = run(
            python("-m", "semikb", "--root", str(root), "build"), root, logs / f"edit-{n}.log"
        )
        after = snapshot(output)
        rewritten = sorted(p for p in after if p not in before or after[p][:2] != before[p][:2])
        changed = sorted(p for p in after if p not in before or after[p][2] != before[p][2])
        removed = sorted(set(before) - set(after))
        counts = WRITTEN.search(edit.output)
        edits.append(
            {
                "statement": f"founded {current} → {new_date} in {edit_file}",
                "seconds": edit.seconds,
                "rewritten": rewritten,
                "content_changed": changed,
                "removed": removed,
                "cli": counts.group(0) if counts else edit.output.strip(),
            }
        )
        result.add("edit_time", edit.seconds)
        result.add("edit_written", len(rewritten))
        current = new_date
    result.info["edits"] = edits
    result.info["edit_only_changed"] = all(
        e["rewritten"] == e["content_changed"] and not e["removed"] for e in edits
    )
    say(
        f"  one entity edited: {result.median('edit_time'):.2f} s, rewrote {edits[-1]['rewritten']}"
    )

    old = f"\n{edit_line[: -len(edit_date)]}{current}\n"
    new = f"\n{edit_line[: -len(edit_date)]}1986-12-31\n"
    for _ in range(runs):
        kept = run(
            python("-c", MEMORY_SCRIPT, str(root), str(entity_file), old, new),
            root,
            logs / f"memory-{n}.log",
        )
        times = json.loads(kept.output.strip().splitlines()[-1])
        result.add("memory_noop", times["noop"])
        result.add("memory_edit", times["edit"])
    say(
        f"  generator with memory: nothing changed {result.median('memory_noop'):.2f} s,"
        f" one edit {result.median('memory_edit'):.2f} s"
    )

    remove(site)
    preview_log = logs / f"preview-{n}.log"
    seen = preview.measure(root, runs, preview_log, env=child_env())
    medians = seen["median"]
    assert isinstance(medians, dict)
    result.add("preview_valid", medians["valid"])
    result.add("preview_invalid", medians["invalid"])
    # The server's side of each valid save: the quick rebuild and its generator run.
    for rebuilt in QUICK_REBUILD.finditer(preview_log.read_text("utf-8", errors="replace")):
        if int(rebuilt["files"]):
            result.add("preview_rebuild", float(rebuilt["seconds"]))
            result.add("preview_generator", float(rebuilt["generator"]))
    say(f"  preview: {medians}")
    return result


def profile(n: int, work: Path, top: int = 40) -> Path:
    """cProfile a full generator build of kb-N; write the top entries to WORK/profile-N.txt.

    (To profile the whole site build, run `python -m cProfile -o FILE -m mkdocs build` in
    WORK/kb-N after a run with --keep: at 5,000 entities it takes over ten minutes.)
    """
    import pstats

    root = work / f"kb-{n}"
    report_path = work / f"profile-{n}.txt"
    data = work / f"profile-{n}.prof"
    remove(root / "docs" / "kb")
    measured = run(
        python("-m", "cProfile", "-o", str(data), "-m", "semikb", "--root", str(root), "build"),
        root,
        work / "logs" / f"profile-{n}.log",
    )
    with open(report_path, "w", encoding="utf-8") as out:
        for sort in ("cumulative", "tottime"):
            out.write(
                f"=== python -m semikb build, {n} entities, empty docs/kb: "
                f"{measured.seconds:.2f} s under cProfile; top {top} by {sort} ===\n"
            )
            pstats.Stats(str(data), stream=out).strip_dirs().sort_stats(sort).print_stats(top)
    say(f"profile written to {report_path}")
    return report_path


# --- the report -----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    except OSError:
        total = None
    if total:
        memory = f"{int(total.group(1)) / 2**20:.1f} GiB"

    def version(package: str) -> str:
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        [
            "git",
            "-C",
            str(REPO),
            "status",
            "--porcelain",
            "--",
            "semikb",
            "scripts",
            "mkdocs.yml",
            "schema",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    return {
        "cpu": cpu,
        "cores": f"{usable} usable of {cores}",
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "material": version("mkdocs-material"),
        "markdown": version("Markdown"),
        "pyyaml": version("PyYAML"),
        "jinja2": version("Jinja2"),
        "commit": (commit or "unknown")
        + (
            " with uncommitted changes to semikb/, scripts/, schema/ or mkdocs.yml" if dirty else ""
        ),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def fmt(value: float | None, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "time":
        return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"
    if kind == "rate":
        return f"{value:,.0f} /s"
    if kind == "memory":
        return f"{value / 2**20:,.0f} MiB"
    if kind == "bytes":
        for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
            if value >= scale:
                return f"{value / scale:,.1f} {unit}"
        return f"{value:,.0f} B"
    return f"{value:,.0f}"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or not b:
        return "—"
    return f"{a / b:.2f}×" if a / b < 10 else f"{a / b:.1f}×"


def nearest(results: list[SizeResult], n: int) -> SizeResult:
    return min(results, key=lambda r: (abs(r.n - n), -r.n))


def holds(ok: bool | None) -> str:
    return "n/a" if ok is None else "yes" if ok else "**no**"


def targets(results: list[SizeResult]) -> list[tuple[str, str, str, str]]:
    """The targets of issue #15, each at 5,000 entities (or the nearest size measured)."""
    rows = []
    largest, smallest = results[-1], results[0]
    at = nearest(results, 5000)

    full = at.measured("build_time") / at.measured("base_time")
    rows.append(
        (
            "Full build vs bare MkDocs",
            "`mkdocs build` (generator + site) ≤ 0.5× the bare build at 5,000 entities",
            (
                f"{full:.2f}× at {at.n:,} ({fmt(at.median('build_time'), 'time')}"
                f" vs {fmt(at.median('base_time'), 'time')};"
                f" CPU time {ratio(at.median('build_cpu'), at.median('base_cpu'))})"
            ),
            holds(full <= 0.5),
        )
    )
    shown = at.measured("preview_valid")
    rows.append(
        (
            "Live preview",
            "from saving an entity file to the browser showing it, under `semikb serve`:"
            " ≤ 2 s at 5,000 entities",
            (
                f"{fmt(shown, 'time')} at {at.n:,} (an invalid save's banner:"
                f" {fmt(at.median('preview_invalid'), 'time')}; the server's rebuild"
                f" {fmt(at.median('preview_rebuild'), 'time')}, its generator"
                f" {fmt(at.median('preview_generator'), 'time')})"
            ),
            holds(shown <= 2),
        )
    )
    noop, edit = at.measured("memory_noop"), at.measured("memory_edit")
    rows.append(
        (
            "Generator, nothing changed",
            "≤ 0.3 s at 5,000 entities (in the preview's process, with its memory)",
            f"{fmt(noop, 'time')} at {at.n:,}"
            f" (a new process: {fmt(at.median('noop_time'), 'time')})",
            holds(noop <= 0.3),
        )
    )
    rows.append(
        (
            "Generator, one entity edited",
            "≤ 0.5 s at 5,000 entities (in the preview's process, with its memory)",
            f"{fmt(edit, 'time')} at {at.n:,}"
            f" (a new process: {fmt(at.median('edit_time'), 'time')})",
            holds(edit <= 0.5),
        )
    )
    rate = at.measured("gen_rate")
    rows.append(
        (
            "Generator throughput",
            "full run ≥ 2,000 entities/s",
            f"{rate:,.0f} entities/s at {at.n:,}"
            f" ({fmt(at.median('gen_time'), 'time')}, process start included)",
            holds(rate >= 2000),
        )
    )
    view, search = at.measured("first_view_gzip"), at.measured("first_search_gzip")
    rows.append(
        (
            "Reader: first page view",
            "≤ 300 kB transferred (gzip) at 5,000 entities",
            f"{fmt(view, 'bytes')} at {at.n:,}"
            f" (bare baseline {fmt(at.median('base_first_view_gzip'), 'bytes')})",
            holds(view <= 300_000),
        )
    )
    rows.append(
        (
            "Reader: first search",
            "≤ 1 MB transferred (gzip, first view included) at 5,000 entities",
            f"{fmt(search, 'bytes')} at {at.n:,}"
            f" (bare baseline {fmt(at.median('base_first_search_gzip'), 'bytes')})",
            holds(search <= 1_000_000),
        )
    )

    growth = largest.n / smallest.n
    if len(results) > 1:
        time_growth = largest.measured("build_time") / smallest.measured("build_time")
        cpu_growth = ratio(largest.median("build_cpu"), smallest.median("build_cpu"))
        bare_growth = ratio(largest.median("base_time"), smallest.median("base_time"))
        rows.append(
            (
                "Build time scales linearly",
                "time × ≤ 1.1 × entities × (≤ 4.4× at 4× entities)",
                (
                    f"{time_growth:.2f}× time for {growth:.1f}× entities"
                    f" ({smallest.n:,} → {largest.n:,}; limit {1.1 * growth:.2f}×);"
                    f" CPU time {cpu_growth}, bare build {bare_growth}"
                ),
                holds(time_growth <= 1.1 * growth),
            )
        )
        page_growth = largest.measured("page_mean") / smallest.measured("page_mean")
        rows.append(
            (
                "Page HTML size flat",
                "mean entity page ≤ 1.1× from smallest to largest size",
                (
                    f"{page_growth:.2f}× ({fmt(smallest.median('page_mean'), 'bytes')}"
                    f" → {fmt(largest.median('page_mean'), 'bytes')}); "
                    f"largest page {fmt(smallest.median('page_max'), 'bytes')}"
                    f" → {fmt(largest.median('page_max'), 'bytes')}"
                ),
                holds(page_growth <= 1.1),
            )
        )
        smallest_per_entity = smallest.measured("search_bytes") / smallest.n
        largest_per_entity = largest.measured("search_bytes") / largest.n
        per_entity = largest_per_entity / smallest_per_entity
        rows.append(
            (
                "Search index linear",
                "bytes per entity ≤ 1.1× from smallest to largest size",
                (
                    f"{per_entity:.2f}× ({smallest_per_entity:,.0f}"
                    f" → {largest_per_entity:,.0f} B per entity)"
                ),
                holds(per_entity <= 1.1),
            )
        )
    else:
        for name, goal in (
            ("Build time scales linearly", "time × ≤ 1.1 × entities × (≤ 4.4× at 4× entities)"),
            ("Page HTML size flat", "mean entity page ≤ 1.1× from smallest to largest size"),
            ("Search index linear", "bytes per entity ≤ 1.1× from smallest to largest size"),
        ):
            rows.append((name, goal, "needs two sizes", holds(None)))

    at = nearest(results, 5000)
    rss = at.measured("gen_rss")
    rows.append(
        (
            "Generator peak memory",
            "≤ 200 MiB at 5,000 entities",
            f"{fmt(rss, 'memory')} at {at.n:,}",
            holds(rss <= 200 * 2**20),
        )
    )
    return rows


def report(
    results: list[SizeResult],
    runs: int,
    build_runs: int,
    command: str,
    info: dict[str, str],
    smoke: bool,
) -> str:
    generator_runs_note = f"the median of {runs} runs" if runs != 1 else "from one run"
    build_runs_note = f"the median of {build_runs} runs" if build_runs != 1 else "is from one run"
    lines = [
        "# Benchmarks",
        "",
        "<!-- Written by benchmarks/run.py: run it again rather than editing this page. -->",
        "",
        "How the generator and the site build scale with the number of entities, measured on",
        "synthetic knowledge bases and compared with a bare MkDocs build of the same number of",
        "plain Markdown pages of the same sizes (same theme, plugins and Markdown extensions;",
        "no hook, pages not in the nav).",
        "",
        "Produced by:",
        "",
        "```sh",
        command,
        "```",
        "",
        (
            f"- **Machine:** {info['cpu']}, {info['cores']} cores, {info['memory']} RAM,"
            f" {info['os']} (shared; load average at the start: {info['load']})"
        ),
        (
            f"- **Software:** Python {info['python']}, MkDocs {info['mkdocs']},"
            f" Material for MkDocs {info['material']},"
            f" Python-Markdown {info['markdown']}, PyYAML {info['pyyaml']}, Jinja2 {info['jinja2']}"
        ),
        f"- **Code:** commit {info['commit']}",
        f"- **Date:** {info['date']}",
        (
            f"- **Runs:** each generator figure is {generator_runs_note};"
            f" each `mkdocs build` figure (semikb and bare) {build_runs_note}."
            " The machine is shared with other work, so repeated runs of one command differ:"
            " the range of the runs follows each median of several."
        ),
    ]
    if smoke:
        lines += ["- **Smoke run:** tiny sizes and one run; these numbers mean nothing."]
    lines += ["", "## Targets", "", TARGETS_HEADER, "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in targets(results)]
    lines += [
        "",
        "## Results",
        "",
        "Every command runs in a process of its own; times are wall-clock, process start",
        "included, except the CPU times (user + system, which other work on a shared machine",
        "disturbs less); memory is the peak resident set size of that process. The generator rows",
        "are compared with the bare build's time and memory (the generator adds its cost to a",
        'build that already takes that long); "Files rewritten after one edit" with the',
        "number of pages the bare build writes. Sizes are in decimal units (1 kB = 1,000 B).",
        "",
        TABLE_HEADER,
        "|---:|---|---:|---:|---:|",
    ]
    for result in results:
        for key, label, kind in MEASURES:
            ours, theirs = result.median(key), result.median(BASELINE_OF[key])
            theirs_kind = "count" if key == "edit_written" else kind
            shown = fmt(ours, kind)
            values = result.runs.get(key) or []
            if kind == "time" and len(values) > 1:
                shown += f" ({fmt(min(values), kind).removesuffix(' s')}–{fmt(max(values), kind)})"
            lines.append(
                f"| {result.n:,} | {label} | {shown} | {fmt(theirs, theirs_kind)}"
                f" | {ratio(ours, theirs)} |"
            )
    largest = results[-1]
    edit = largest.info["edits"][-1]
    shares = ", ".join(f"{t} {s:.0%}" for t, s in synth.TYPE_SHARES)
    rewritten_files = ", ".join(f"`{p}`" for p in edit["rewritten"]) or "nothing"
    lines += [
        "",
        "## What was measured",
        "",
        f"- **Knowledge bases** (benchmarks/synth.py): {shares} of the",
        "  entities; every non-source entity has 5–10 statements, each citing 1–3 sources, with",
        "  the properties and target types that schema/vocabulary.yaml allows; names in",
        '  English, Korean and Japanese; a third of the relations go to a few "hub" entities',
        "  per type, so hub pages grow with the knowledge base while the mean page stays flat.",
        (
            f"  At {largest.n:,} entities: {largest.info['statements']:,} statements,"
            f" {largest.info['bytes'] / 1e6:.1f} MB of YAML,"
            f" {largest.info['markdown_bytes'] / 1e6:.1f} MB of generated Markdown;"
            " `semikb check` says"
        ),
        f'  "{largest.info["check_output"]}".',
        "- **Generator, full build:** `python -m semikb --root DIR build` with an empty `docs/kb`.",
        "- **Nothing changed:** the same again with every page already up to date.",
        (
            "- **One entity edited:** one statement changed in one file"
            f" ({edit['statement']}); at {largest.n:,} entities"
        ),
        f'  the generator printed "{edit["cli"]}" and rewrote {rewritten_files}.',
        (
            "- **`mkdocs build`:** from a clean state (no `site/`, no `docs/kb`),"
            " so the hook generates every page."
        ),
        "- **Entity page HTML:** the built `index.html` of every entity page; the search index is",
        "  `site/search/search_index.json`.",
        "",
        "## Targets, explained",
        "",
        "- **Full build ≤ 0.5× bare MkDocs at 5,000 entities:** generated pages should cost",
        "  less than hand-written Markdown, since the generator knows their structure: the",
        "  plugin converts them itself (`semikb/pagehtml.py`, the same bytes as",
        "  Python-Markdown) and shows Material's search only their searchable sections; the",
        "  bare baseline's pages go through Python-Markdown and the whole search parser.",
        "- **Live preview ≤ 2 s at 5,000 entities:** from saving an entity file under",
        "  `semikb serve` to the open page showing it, measured in Chromium",
        "  (`benchmarks/preview.py`); also the time an invalid save takes to show its banner.",
        "- **Generator in a preview ≤ 0.3 s with nothing changed, ≤ 0.5 s after one edit:**",
        "  in the preview's own process, with its memory of the earlier runs",
        "  (`semikb/memory.py`); the same runs from a new process are shown beside them.",
        "- **Generator throughput ≥ 2,000 entities/s** for a full run from a new process.",
        "- **Reader payload ≤ 300 kB for a first page view, ≤ 1 MB with a first search:**",
        "  every response Chromium receives, each gzip-compressed as a static host would",
        "  serve it (`benchmarks/payload.py`); the bare baseline loads Material's full",
        "  search index on every first view.",
        "- **Build time at 4× entities ≤ 4.4×:** no quadratic step (such as every page linking",
        "  every other through the nav); checked from the smallest to the largest size.",
        "- **Page HTML size flat:** a page does not grow with the knowledge base (no site-wide",
        "  nav or lists inside every page).",
        "- **Search index linear:** the index grows with the content, not faster.",
        "- **Generator peak memory ≤ 200 MiB at 5,000 entities.**",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:8]),
    )
    parser.add_argument(
        "--sizes",
        default=None,
        help="comma-separated numbers of entities (default: 1000,2000,5000; smoke: 50)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="runs per measurement; the median is reported (default: 3; smoke: 1)",
    )
    parser.add_argument(
        "--build-runs",
        type=int,
        default=None,
        help="runs of the (slow) mkdocs builds, semikb and bare (default: --runs)",
    )
    parser.add_argument(
        "--no-snapshot",
        action="store_true",
        help="run the checkout's code as it is instead of a copy taken at the start",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a quick check that the benchmark works: 50 entities, one run, docs/ untouched",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=HERE / "work",
        help="where the synthetic projects go (default: benchmarks/work)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="the Markdown report (default: docs/benchmarks.md; smoke: WORK/benchmarks-smoke.md)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also cProfile the generator (full build) at the largest size: WORK/profile-N.txt",
    )
    parser.add_argument(
        "--from-results",
        action="store_true",
        help="measure nothing: rewrite the report from WORK/results.json",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the synthetic projects in WORK afterwards"
    )
    args = parser.parse_args(argv)

    sizes = sorted(
        {
            int(s)
            for s in (
                args.sizes or ("50" if args.smoke else ",".join(map(str, DEFAULT_SIZES)))
            ).split(",")
            if s.strip()
        }
    )
    runs = args.runs or (1 if args.smoke else 3)
    build_runs = args.build_runs or runs
    if not sizes or sizes[0] < 20 or runs < 1 or build_runs < 1:
        parser.error("sizes must be at least 20 entities and runs at least 1")
    work = args.work.resolve()
    output = (
        args.output
        or (work / "benchmarks-smoke.md" if args.smoke else REPO / "docs" / "benchmarks.md")
    ).resolve()
    work.mkdir(parents=True, exist_ok=True)

    shown = ["python", "benchmarks/run.py"]
    if args.sizes or args.smoke:
        shown += ["--sizes", ",".join(map(str, sizes))]
    if args.runs or args.smoke:
        shown += ["--runs", str(runs)]
    if args.build_runs:
        shown += ["--build-runs", str(build_runs)]
    command = " ".join(shown)

    if args.from_results:
        data = json.loads((work / "results.json").read_text("utf-8"))
        results = [SizeResult(size["n"], size["runs"], size["info"]) for size in data["sizes"]]
        text = report(
            results,
            data["runs"],
            data.get("build_runs", data["runs"]),
            data["command"],
            data["machine"],
            data.get("smoke", False),
        )
        output.write_text(text, encoding="utf-8")
        say(f"report rewritten from {work / 'results.json'} to {output}")
        return 0

    global CODE
    info = machine()
    if not args.no_snapshot:
        CODE = snapshot_code(work / "code")
    say(
        f"benchmark: sizes {sizes}, {runs} run(s), {build_runs} build run(s),"
        f" code from {CODE}, work in {work}"
    )
    started = time.perf_counter()
    results = []
    try:
        for n in sizes:
            results.append(bench_size(n, runs, build_runs, work))
        if args.profile:
            profile(sizes[-1], work)
    except BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    text = report(results, runs, build_runs, command, info, args.smoke)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    (work / "results.json").write_text(
        json.dumps(
            {
                "command": command,
                "machine": info,
                "runs": runs,
                "build_runs": build_runs,
                "smoke": args.smoke,
                "sizes": [
                    {
                        "n": r.n,
                        "runs": r.runs,
                        "median": {k: r.median(k) for k in r.runs},
                        "info": r.info,
                    }
                    for r in results
                ],
                "targets": [
                    dict(zip(("target", "goal", "measured", "holds"), row, strict=True))
                    for row in targets(results)
                ],
            },
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    if not args.keep:
        for n in sizes:
            remove(work / f"kb-{n}")
            remove(work / f"baseline-{n}")
    say(f"done in {time.perf_counter() - started:.0f} s; report written to {output}")
    print(text.split("## Results")[0].split("## Targets")[1].strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
