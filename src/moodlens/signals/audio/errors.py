"""Typed errors of the audio pipeline, with messages meant for end users."""

from __future__ import annotations


class AudioError(Exception):
    """Base class of every audio pipeline error."""


class ModelNotFoundError(AudioError):
    """A model file that ships in a Python wheel is not installed."""


class AudioDecodeError(AudioError):
    """The file could not be read as audio."""


class EmptyAudioError(AudioError):
    """The file holds no samples."""


class SilentAudioError(AudioError):
    """The file holds audio but no speech was detected."""


class AudioTooLongError(AudioError):
    """The audio is longer than the configured limit."""


class AsrBusyError(AudioError):
    """The recognition queue is full; the caller should retry later or drop the utterance."""
