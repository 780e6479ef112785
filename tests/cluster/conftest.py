"""The one-machine cluster (scripts/cluster.py) as a module fixture, and a small REST client
for driving one interview through HAProxy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from bench.cluster_topology import Cluster

__all__ = ["Cluster", "Interview"]

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if shutil.which("haproxy") is None or shutil.which("redis-server") is None:
        pytest.skip("haproxy and redis-server are needed (scripts/install-system-deps.sh test)")
    c = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        c.up()
        yield c
    finally:
        c.down()


class Interview:
    """One user and one started session, through HAProxy (REST goes round robin)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = httpx.Client(base_url=base, timeout=60)
        email = f"cluster-{id(self):x}-{Path(base).name}@example.com".replace(":", "-")
        r = self.http.post(
            "/v1/auth/signup", json={"email": email, "password": PASSWORD, "full_name": "C"}
        )
        r.raise_for_status()
        self.token: str = r.json()["access_token"]
        self.http.headers["Authorization"] = f"Bearer {self.token}"
        consent = self.http.get("/v1/consents/current").json()
        scopes = [s["id"] for s in consent["scopes"]]
        self.http.post(
            "/v1/users/me/consents", json={"consent_version": consent["version"], "scopes": scopes}
        ).raise_for_status()
        templates = self.http.get("/v1/templates", params={"role_track": "sde"}).json()
        template = templates[0] if isinstance(templates, list) else templates["items"][0]
        s = self.http.post(
            "/v1/sessions", json={"template_id": template["id"], "duration_minutes": 10}
        )
        s.raise_for_status()
        self.sid: str = s.json()["id"]
        self.http.post(f"/v1/sessions/{self.sid}/start").raise_for_status()

    def next_question(self) -> str:
        q = self.http.post(f"/v1/sessions/{self.sid}/questions/next")
        q.raise_for_status()
        return str(q.json()["id"])

    def end(self) -> None:
        self.http.post(f"/v1/sessions/{self.sid}/end").raise_for_status()

    def report(self) -> dict[str, Any] | None:
        r = self.http.get(f"/v1/sessions/{self.sid}/report")
        if r.status_code == 202:
            return None
        r.raise_for_status()
        data: dict[str, Any] = r.json()
        return data
