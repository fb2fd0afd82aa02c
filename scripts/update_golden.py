"""Regenerate the golden Markdown of the fixture knowledge base.

Run after an intended change to the templates or renderer, then review the diff:

    python scripts/update_golden.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from semikb.pipeline import render  # noqa: E402
from semikb.settings import load_settings  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "kb"
GOLDEN = ROOT / "tests" / "fixtures" / "golden"


def main() -> int:
    pages = render(load_settings(FIXTURE))
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for relative, data in pages.items():
        target = GOLDEN / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {len(pages)} golden files to {GOLDEN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
