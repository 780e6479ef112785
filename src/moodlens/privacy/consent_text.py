"""The current consent text, loaded once from `content/consent.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class ConsentScope:
    id: str
    label: str
    description: str
    required: bool


@dataclass(frozen=True)
class ConsentText:
    version: str
    text: str
    scopes: tuple[ConsentScope, ...]

    @property
    def scope_ids(self) -> frozenset[str]:
        return frozenset(s.id for s in self.scopes)

    @property
    def required_scope_ids(self) -> frozenset[str]:
        return frozenset(s.id for s in self.scopes if s.required)


def parse_consent(raw: dict[str, object]) -> ConsentText:
    scopes_raw = raw.get("scopes")
    if not isinstance(scopes_raw, list):
        raise ValueError("consent.yaml: 'scopes' must be a list")
    scopes = tuple(
        ConsentScope(
            id=str(s["id"]),
            label=str(s["label"]),
            description=str(s["description"]).strip(),
            required=bool(s.get("required", False)),
        )
        for s in scopes_raw
    )
    return ConsentText(version=str(raw["version"]), text=str(raw["text"]).strip(), scopes=scopes)


@lru_cache
def current_consent() -> ConsentText:
    """Cached: the text is part of the release; tests patch this to simulate a version bump."""
    data = resources.files("moodlens.content").joinpath("consent.yaml").read_text("utf-8")
    raw = yaml.safe_load(data)
    if not isinstance(raw, dict):
        raise ValueError("consent.yaml must be a mapping")
    return parse_consent(raw)
