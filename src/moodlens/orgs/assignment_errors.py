"""What can go wrong with an institute's assignment, each with its HTTP status."""

from __future__ import annotations

from moodlens.core.errors import BadRequest, Conflict, Forbidden, MoodLensError, NotFound


class AssignmentNotFound(NotFound):
    """No such assignment for you."""


class AssignmentExpired(MoodLensError):
    """The assignment's due date has passed."""

    status_code = 410


class AttemptsUsedUp(Conflict):
    """Every attempt the assignment allows has been started."""


class DueDateInPast(BadRequest):
    """The due date must be in the future."""


class CameraRequired(Forbidden):
    """The assignment needs the camera, which your consent does not allow."""
