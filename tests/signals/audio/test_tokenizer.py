"""tokenizer.bin reader."""

from __future__ import annotations

import pytest

from moodlens.signals.audio.models import moonshine_files
from moodlens.signals.audio.tokenizer import Tokenizer

W = "\u2581".encode()


def _entry(b: bytes) -> bytes:
    n = len(b)
    if n < 128:
        return bytes([n]) + b
    return bytes([(n & 0x7F) | 0x80, n >> 7]) + b


def test_parses_one_and_two_byte_lengths() -> None:
    long_piece = b"x" * 300
    data = b"".join(_entry(e) for e in [b"<unk>", b"<s>", b"</s>", W + b"Hello", b"", long_piece])
    tok = Tokenizer.from_bytes(data)
    assert len(tok) == 6
    assert tok.vocab[3] == W + b"Hello"
    assert tok.vocab[4] == b""
    assert tok.vocab[5] == long_piece


def test_decode_joins_pieces_skips_specials_and_keeps_utf8_split_across_tokens() -> None:
    e = "é".encode()  # two bytes, given as two byte-fallback tokens
    vocab = [b"<unk>", b"<s>", b"</s>", W + b"caf", e[:1], e[1:], W + b"ok", b","]
    tok = Tokenizer(vocab)
    assert tok.decode([1, 3, 4, 5, 7, 6, 2]) == "café, ok"
    assert tok.decode([99, -1]) == ""  # out-of-range ids are ignored


def test_truncated_files_are_rejected() -> None:
    with pytest.raises(ValueError):
        Tokenizer.from_bytes(bytes([5]) + b"ab")
    with pytest.raises(ValueError):
        Tokenizer.from_bytes(bytes([0x81]))


def test_real_vocabulary() -> None:
    tok = Tokenizer.from_file(moonshine_files().tokenizer)
    assert len(tok) == 32000
    assert tok.vocab[:3] == [b"<unk>", b"<s>", b"</s>"]
    # Byte-fallback entries for all 256 bytes follow the specials.
    assert tok.vocab[3] == b"\x00" and tok.vocab[258] == b"\xff"
    assert tok.decode([1, 304, 2]) == "to"
