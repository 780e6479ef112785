"""The privacy domain's consent errors, apart from its service so other domains' routers can
document them without importing the service (an import contract in pyproject.toml)."""

from __future__ import annotations

from moodlens.core.errors import Forbidden


class ConsentRequired(Forbidden):
    """The user has not accepted the current consent version."""


class CameraConsentRequired(Forbidden):
    """Face numbers were sent, but the user has not allowed the camera."""
