"""semikb: a static knowledge base of the semiconductor industry.

The generator is a pipeline with one module per stage:
load → validate → resolve → render → write (see ``pipeline.generate``).
"""

__version__ = "0.1.0"
