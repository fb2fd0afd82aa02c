"""semikb: typed, sourced, multilingual knowledge bases as static sites.

The generator is a pipeline with one module per stage:
load → validate → resolve → render → write (see ``pipeline.generate``).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("semikb")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"
