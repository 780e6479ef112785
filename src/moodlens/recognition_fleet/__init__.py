"""Speech recognition in worker processes any API instance can use (issue 14, ADR 0015).

``pool.RemoteAsrPool`` is the API side (the ``Recogniser`` interface of the embedded
``AsrPool``), ``worker`` is ``moodlens asr-worker``, ``wire`` what crosses the Redis between.
"""

from moodlens.recognition_fleet.pool import FleetConfig, FleetUnavailable, RemoteAsrPool

__all__ = ["FleetConfig", "FleetUnavailable", "RemoteAsrPool"]
