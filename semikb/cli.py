"""The command line: parse arguments, call one function, turn SemikbError into an exit code.

Exit codes: 0 clean, 1 problems in the knowledge base, 2 usage or configuration errors.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from . import __version__, pipeline
from .problems import SemikbError
from .settings import load_settings


def _settings(args: argparse.Namespace):
    return load_settings(Path(args.root))


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    result = pipeline.check(_settings(args))
    elapsed = time.perf_counter() - started
    print(f"{result.files} files, {len(result.graph.entities)} entities: no problems ({elapsed:.2f} s)")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    settings = _settings(args)
    report = pipeline.generate(settings)
    print(f"generated {settings.output_path}: {len(report.written)} written, {len(report.removed)} removed, {report.unchanged} unchanged")
    if args.site:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
        return subprocess.call(command, cwd=settings.root)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings(args)
    pipeline.generate(settings)  # fail fast, before the server starts
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", args.dev_addr]
    return subprocess.call(command, cwd=settings.root)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="semikb", description=__doc__.splitlines()[0] if __doc__ else None,
                                  epilog="Exit codes: 0 clean, 1 problems in the knowledge base, 2 usage or configuration error.")
    top.add_argument("--version", action="version", version=f"semikb {__version__}")
    top.add_argument("--root", default=".", help="project folder holding pyproject.toml, entities/ and docs/ (default: .)")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate every entity file and print every problem")
    check.set_defaults(run=cmd_check)

    build = commands.add_parser("build", help="generate the Markdown pages into the generated subtree of docs/")
    build.add_argument("--site", action="store_true", help="then run `mkdocs build --strict`")
    build.set_defaults(run=cmd_build)

    serve = commands.add_parser("serve", help="generate, then preview the site with live reload")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    serve.set_defaults(run=cmd_serve)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except SemikbError as error:
        print(error.report(), file=sys.stderr)
        return error.exit_code
