"""`moodlens serve` on a throwaway SQLite database, for the benchmarks."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parents[1]
MOODLENS = str(Path(sys.executable).with_name("moodlens"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_server(
    *, asr_workers: int, web_dist: Path | None = None
) -> Iterator[tuple[str, psutil.Process]]:
    """Migrates a fresh database in a temporary directory and serves it; yields the base URL
    and the server process (for CPU and memory readings). Without `web_dist` no web client is
    served, which the API-only benchmarks do not need."""
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("MOODLENS_")}
        env.update(
            {
                "MOODLENS_VAR_DIR": tmp,
                "MOODLENS_PORT": str(port),
                "MOODLENS_LOG_LEVEL": "WARNING",
                "MOODLENS_SECRET_KEY": secrets.token_urlsafe(32),
                "MOODLENS_ASR_WORKERS": str(asr_workers),
                "MOODLENS_WEB_DIST": str(web_dist or Path(tmp) / "none"),
            }
        )
        subprocess.run([MOODLENS, "migrate"], env=env, cwd=REPO, check=True, capture_output=True)
        proc = subprocess.Popen(
            [MOODLENS, "serve"],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            # Up to 2 minutes: start-up imports take that long on a heavily shared machine.
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("moodlens serve did not become healthy in 120 s")
                time.sleep(0.25)
            yield base, psutil.Process(proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                # A loaded machine can take longer to stop the workers: the figures stand.
                proc.kill()
                proc.wait(timeout=30)
