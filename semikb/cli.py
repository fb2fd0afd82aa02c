"""The command line: parse arguments, call one function, turn SemikbError into an exit code.

Exit codes: 0 clean, 1 problems in the knowledge base, 2 usage or configuration errors,
3 the filesystem refused to let the generated pages be written.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import __version__, pipeline
from .problems import SemikbError
from .scaffold import scaffold, write_new
from .schema import modeline, schema_text
from .settings import Settings, load_settings
from .starter import StarterOptions, write_starter
from .vocabulary import load_vocabulary

DESCRIPTION = (
    "Validate typed, sourced entity files and generate the pages of a knowledge base site."
)


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(Path(args.root))


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        result = pipeline.check(_settings(args))
    except SemikbError as error:
        if args.format != "github" or error.exit_code != 1:
            raise
        print(github_annotations(error))
        return error.exit_code
    elapsed = time.perf_counter() - started
    print(
        f"{result.files} files, {len(result.graph.entities)} entities: no problems "
        f"({elapsed:.2f} s)"
    )
    return 0


def github_annotations(error: SemikbError) -> str:
    """Problems as GitHub Actions workflow commands, shown on the pull request's lines."""

    def escape(text: str, property_value: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if property_value else text

    lines = []
    for problem in error.problems:
        location = problem.location
        parts = [f"file={escape(location.path, True)}"]
        if location.line:
            parts.append(f"line={location.line}")
        if location.column:
            parts.append(f"col={location.column}")
        lines.append(f"::error {','.join(parts)}::{escape(problem.message)}")
    lines.append(f"{len(error.problems)} problem{'s' if len(error.problems) != 1 else ''} found")
    return "\n".join(lines)


def cmd_new(args: argparse.Namespace) -> int:
    settings = _settings(args)
    vocabulary = load_vocabulary(settings.vocabulary_path, settings.root)
    entity_id, text = scaffold(vocabulary, args.type, args.name, modeline(settings), args.id)
    path = write_new(settings.entities_path, args.type, entity_id, text)
    shown = path.relative_to(settings.root) if path.is_relative_to(settings.root) else path
    print(f"created {shown}: fill in the TODO lines, then run `semikb check`")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    root = Path(args.folder)
    options = StarterOptions(
        title=args.title,
        languages=tuple(lang.strip() for lang in args.languages.split(",") if lang.strip()),
        license=args.license,
        author=args.author,
        site_url=args.site_url,
        repository=args.repository,
    )
    written = write_starter(root, options)
    print(f"created a knowledge base in {root}: {len(written)} files")
    print(f"next: cd {root} && semikb check && semikb serve")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    settings = _settings(args)
    text = schema_text(load_vocabulary(settings.vocabulary_path, settings.root), settings)
    target, shown = settings.entity_schema_path, settings.entity_schema
    current = target.read_text("utf-8") if target.is_file() else None
    if args.check:
        if current != text:
            print(f"{shown} is stale: run `semikb schema`", file=sys.stderr)
            return 1
        print(f"{shown} is up to date")
        return 0
    if current != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    print(f"wrote {shown}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    settings = _settings(args)
    report = pipeline.generate(settings)
    print(
        f"generated {settings.output_path}: {len(report.written)} written, "
        f"{len(report.removed)} removed, {report.unchanged} unchanged"
    )
    if args.site:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
        return subprocess.call(command, cwd=settings.root)
    return 0


# The preview rebuilds only the pages whose source changed (--dirty), and shows warnings
# and problems in the browser rather than stopping on them; CI and deploys build strict.
PREVIEW = ["serve", "--dirty", "--no-strict"]


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings(args)
    command = [sys.executable, "-m", "mkdocs", *PREVIEW, "--dev-addr", args.dev_addr]
    # MkDocs takes this process's place, so that stopping `semikb serve` (a signal from a
    # terminal, an editor or a test) stops the server too, and no child is left behind.
    os.chdir(settings.root)
    os.execv(sys.executable, command)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="semikb",
        description=DESCRIPTION,
        epilog="Exit codes: 0 clean, 1 problems in the knowledge base, "
        "2 usage or configuration error, 3 the generated pages could not be written.",
    )
    top.add_argument("--version", action="version", version=f"semikb {__version__}")
    top.add_argument(
        "--root",
        default=".",
        help="project folder holding pyproject.toml, entities/ and docs/ (default: .)",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_parser = commands.add_parser
    # Each command's --help repeats the one-line help shown in `semikb --help`.
    commands.add_parser = lambda name, **kw: _add_parser(name, description=kw.get("help"), **kw)  # type: ignore[method-assign]

    check = commands.add_parser(
        "check", help="validate every entity file and print every problem as path:line:col: message"
    )
    check.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: print GitHub Actions annotations",
    )
    check.set_defaults(run=cmd_check)

    init = commands.add_parser(
        "init", help="start a new knowledge base in a folder (never overwrites)"
    )
    init.add_argument("folder", nargs="?", default=".", help="where to create it (default: .)")
    init.add_argument("--title", default="Knowledge base", help="the site's name")
    init.add_argument(
        "--languages", default="en", help="content languages, e.g. en,ko,ja (en first)"
    )
    init.add_argument("--license", default="CC BY 4.0", help="the content's licence")
    init.add_argument("--author", default="Contributors", help="who publishes it")
    init.add_argument(
        "--site-url", default="https://example.org/", help="where it will be published"
    )
    init.add_argument("--repository", default="", help="its GitHub repository, OWNER/NAME")
    init.set_defaults(run=cmd_init)

    new = commands.add_parser(
        "new", help="create an entity file, laid out from the vocabulary (never overwrites)"
    )
    new.add_argument("type", help="entity type, e.g. company, person, source")
    new.add_argument("name", help='the English name, e.g. "Tokyo Electron"')
    new.add_argument("--id", help="the id and file name (default: made from the name)")
    new.set_defaults(run=cmd_new)

    schema = commands.add_parser(
        "schema",
        help="write the editor schema (schema/entity.schema.json by default), "
        "generated from the vocabulary",
    )
    schema.add_argument(
        "--check",
        action="store_true",
        help="only check that the file is up to date (exit 1 if stale)",
    )
    schema.set_defaults(run=cmd_schema)

    build = commands.add_parser(
        "build", help="generate the Markdown pages into the generated subtree of docs/"
    )
    build.add_argument("--site", action="store_true", help="then run `mkdocs build --strict`")
    build.set_defaults(run=cmd_build)

    serve = commands.add_parser(
        "serve",
        help="preview the site with live reload: each save rebuilds only what changed, "
        "and its problems show in the browser",
    )
    serve.add_argument(
        "--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)"
    )
    serve.set_defaults(run=cmd_serve)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except SemikbError as error:
        print(error.report(), file=sys.stderr)
        return error.exit_code
