"""Reader for Moonshine's ``tokenizer.bin``.

Format: a sequence of entries, each a length (one byte; if >= 128 its low 7 bits plus the
next byte shifted left by 7) followed by that many bytes. Some entries are single raw bytes
(byte fallback), so tokens are joined as bytes and decoded as UTF-8 once at the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

WORD_START = "\u2581".encode()


class Tokenizer:
    """Maps token ids to text."""

    def __init__(self, vocab: list[bytes]) -> None:
        self.vocab = vocab

    @classmethod
    def from_bytes(cls, data: bytes) -> Tokenizer:
        """Parse the binary vocabulary; raises ValueError on a truncated file."""
        vocab: list[bytes] = []
        i, n = 0, len(data)
        while i < n:
            length = data[i]
            i += 1
            if length >= 128:
                if i >= n:
                    raise ValueError("tokenizer.bin truncated inside a length prefix")
                length = (length & 0x7F) | (data[i] << 7)
                i += 1
            if i + length > n:
                raise ValueError("tokenizer.bin truncated inside an entry")
            vocab.append(data[i : i + length])
            i += length
        return cls(vocab)

    @classmethod
    def from_file(cls, path: Path) -> Tokenizer:
        """Load ``tokenizer.bin`` from disk."""
        return cls.from_bytes(path.read_bytes())

    def __len__(self) -> int:
        return len(self.vocab)

    def decode(self, ids: Iterable[int], skip_special: bool = True) -> str:
        """Turn ids into text; special tokens (``<s>``, ``</s>``, ``<unk>``...) are dropped."""
        parts: list[bytes] = []
        for t in ids:
            if t < 0 or t >= len(self.vocab):
                continue
            piece = self.vocab[t]
            if skip_special and piece.startswith(b"<") and piece.endswith(b">") and len(piece) > 2:
                continue
            parts.append(piece)
        text = b"".join(parts).replace(WORD_START, b" ").decode("utf-8", errors="replace")
        return " ".join(text.split())
