"""File storage behind one small interface: local folder by default."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Protocol


class Storage(Protocol):
    def write(self, key: str, data: bytes) -> None: ...
    def append(self, key: str, data: bytes) -> int: ...
    def read(self, key: str) -> bytes: ...
    def exists(self, key: str) -> bool: ...
    def size(self, key: str) -> int: ...
    def delete_prefix(self, prefix: str) -> None: ...
    def path(self, key: str) -> Path: ...


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def path(self, key: str) -> Path:
        p = (self.root / key).resolve()
        # Keys come from our own ids, but never let one escape the storage root.
        if self.root not in p.parents and p != self.root:
            raise ValueError(f"storage key escapes the root: {key!r}")
        return p

    def write(self, key: str, data: bytes) -> None:
        p = self.path(key)
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(p.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(p)

    def append(self, key: str, data: bytes) -> int:
        p = self.path(key)
        p.parent.mkdir(parents=True, exist_ok=True)
        with p.open("ab") as f:
            f.write(data)
        return p.stat().st_size

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self.path(key).exists()

    def size(self, key: str) -> int:
        p = self.path(key)
        return p.stat().st_size if p.exists() else 0

    def delete_prefix(self, prefix: str) -> None:
        p = self.path(prefix)
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
