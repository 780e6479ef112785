"""The prepared (dequantised-once) Moonshine models: same tokens, a cache, readable errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from moodlens.signals.audio.asr import MoonshineAsr
from moodlens.signals.audio.decode import SAMPLE_RATE, load_audio
from moodlens.signals.audio.errors import ModelNotFoundError
from moodlens.signals.audio.models import moonshine_files
from moodlens.signals.audio.onnx_wire import parse, serialise
from moodlens.signals.audio.prepared import prepared_model

from .conftest import NAMES, wav

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def shipped() -> MoonshineAsr:
    return MoonshineAsr(prepare=False)


def test_prepared_models_give_the_shipped_models_tokens(
    asr: MoonshineAsr, shipped: MoonshineAsr
) -> None:
    # Folding the dequantisation ahead of time is the same float32 arithmetic: the greedy
    # decoder must pick exactly the same token at every step, on real and synthetic speech.
    clips = [load_audio(wav("beckett"))]
    for name in NAMES[:3]:
        x = load_audio(wav(name))
        clips += [x[: 4 * SAMPLE_RATE], x[2 * SAMPLE_RATE : 10 * SAMPLE_RATE]]
    for clip in clips:
        assert asr.transcribe(clip).tokens == shipped.transcribe(clip).tokens
    assert asr.transcribe(clips[0]).text  # and it is not two empty results


def test_the_prepared_copy_is_cached_and_reused() -> None:
    source = moonshine_files().encoder
    first = prepared_model(source)
    mtime = first.stat().st_mtime_ns
    assert prepared_model(source) == first
    assert first.stat().st_mtime_ns == mtime  # not converted again
    assert first.suffix == ".ort" and first.stat().st_size > source.stat().st_size


def test_an_unwritable_cache_is_a_readable_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    with pytest.raises(ModelNotFoundError, match="MOODLENS_MODEL_CACHE"):
        prepared_model(moonshine_files().encoder, blocked / "cache")


def test_wire_format_round_trips_every_field_kind() -> None:
    # varint 150, fixed64, length-delimited "abc", fixed32: parse + serialise is lossless.
    message = bytes([0x08, 0x96, 0x01, 0x11, *range(8), 0x1A, 3, *b"abc", 0x25, 1, 2, 3, 4])
    fields = parse(message)
    assert [(n, w) for n, w, _ in fields] == [(1, 0), (2, 1), (3, 2), (4, 5)]
    assert fields[2][2] == b"abc"
    assert serialise(fields) == message
    assert np.frombuffer(fields[1][2], dtype=np.uint8).tolist() == list(range(8))
