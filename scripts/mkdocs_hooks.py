"""MkDocs hooks: the semikb generator runs at the start of every build and serve rebuild.

The integration itself lives in ``semikb.mkdocs_site``; this file only names the hooks.
"""

from semikb.mkdocs_site import (
    on_config,
    on_files,
    on_post_page,
    on_pre_build,
    on_serve,
    on_startup,
)

__all__ = ["on_config", "on_files", "on_post_page", "on_pre_build", "on_serve", "on_startup"]
