"""Reading the interview content's YAML files from the `moodlens.content` package, and the
error every content problem is reported as. What the files mean (models, checks, the
`Content` index) is `content.py`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml

_PACKAGE = "moodlens.content"
# libyaml's safe loader parses the banks ~20x faster than the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(ValueError):
    """The content files are missing, malformed or inconsistent."""


def _read_yaml(name: str) -> Any:
    text = resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise ContentError(f"{name}: {exc}") from exc


def _question_files() -> list[str]:
    folder = resources.files(_PACKAGE).joinpath("questions")
    return sorted(f"questions/{p.name}" for p in folder.iterdir() if p.name.endswith(".yaml"))


def digest(raw: Mapping[str, Any]) -> str:
    """A short hash of the parsed files: part of the content version."""
    # Hash the parsed data, not the bytes, so line endings or YAML style do not change it.
    blob = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:8]


def read_raw_files() -> dict[str, Any]:
    """Parse every content YAML file shipped in the package, keyed by relative path."""
    files = {"templates.yaml": _read_yaml("templates.yaml")}
    for name in _question_files():
        files[name] = _read_yaml(name)
    return files
