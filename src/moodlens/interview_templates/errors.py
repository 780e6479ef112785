"""The templates domain's errors, apart from its service so other domains' routers can
document them without importing the service (an import contract in pyproject.toml)."""

from __future__ import annotations

from moodlens.core.errors import NotFound


class TemplateNotFound(NotFound):
    """No current interview template has this id."""
