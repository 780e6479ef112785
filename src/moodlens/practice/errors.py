"""The practice loop's expected failures (each a clear 4xx with what to do)."""

from __future__ import annotations

from moodlens.core.errors import Conflict, Forbidden, MoodLensError, NotFound


class QuestionNotInSession(NotFound):
    """The question is not part of this session."""


class NotAnsweredYet(Conflict):
    """The question has no first answer yet."""


class RetryNotAllowed(Conflict):
    """The session's state or the retry limit does not allow another attempt."""


class InvalidRetryTiming(MoodLensError):
    """The retry's times are not plausible."""

    status_code = 422


class MicrophoneConsentRequired(Forbidden):
    """A spoken retry was sent, but the user has not allowed the microphone."""


class NothingRecognised(MoodLensError):
    """The recording held voice, but no words could be recognised in it."""

    status_code = 422
