"""Bring the message catalogs up to date with the phrases in the code and templates.

    python scripts/update_catalog.py

Extracts every phrase passed to ``t()`` or ``plain()`` (babel.cfg says where), then
merges it into each catalog under semikb/locale/: new phrases appear untranslated, gone
ones are dropped. Translate the new entries (msgstr) and commit. A new language:
create semikb/locale/<code>/LC_MESSAGES/semikb.po with `pybabel init` and add the code
to `editions` in pyproject.toml.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "semikb.pot"
        extract = ["extract", "-F", "babel.cfg", "-k", "t", "-k", "plain", "--no-location",
                   "--omit-header", "--no-wrap", "-o", str(template), "."]  # fmt: skip
        babel = [sys.executable, "-m", "babel.messages.frontend"]
        subprocess.run([*babel, *extract], cwd=ROOT, check=True)
        update = ["update", "-i", str(template), "-d", "semikb/locale", "-D", "semikb",
                  "--no-wrap", "--omit-header", "--no-fuzzy-matching"]  # fmt: skip
        subprocess.run([*babel, *update], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
