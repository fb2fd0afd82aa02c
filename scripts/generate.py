"""Run the generator standalone (no MkDocs), e.g. before another engine builds docs/.

python scripts/generate.py
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from semikb.cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(["--root", str(ROOT), "build", *sys.argv[1:]]))
