"""Upload file names are the client's to invent: only ever use them as a format hint.

A name is never used as a path. What survives is the extension of its last path component
when that is 1-8 letters or digits (".wav", ".webm"); anything else (slashes, NUL, control
characters, dots only, 300-character extensions, names that are all extension) gives no hint,
and the decoder then tells the format from the bytes. An odd name once became a temporary
file's suffix and failed with a 500.
"""

from __future__ import annotations

import re

_EXTENSION = re.compile(r"[A-Za-z0-9]{1,8}")


def safe_suffix(filename: str | None) -> str:
    """The suffix to hint the decoder with: '.ext' in lower case, or '' for none."""
    if not filename:
        return ""
    base = re.split(r"[/\\]", filename)[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem.strip(". ") or not _EXTENSION.fullmatch(ext):
        return ""
    return "." + ext.lower()
