"""`moodlens serve` on the embedded default, configured as `make run` configures it: no
database URL (so the SQLite file `<var>/moodlens.db`), no Redis (jobs in-process), no secret
(a development secret generated under `<var>/`), files under `<var>/storage`. Only the var
dir, the port and the built web client's path are set, so the test does not depend on the
working directory. The schema comes from `moodlens migrate`, as in `make run`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
# The console script of the environment running the tests (.venv/bin/moodlens under make).
MOODLENS = str(Path(sys.executable).with_name("moodlens"))
# A hang guard: importing the app (onnxruntime, scoring) took 73 s on a 2-core machine at a
# load of 15.
START_TIMEOUT_S = 240.0


class ServerUrl(str):
    """The base URL; also says which database the server uses, for tests that read it."""

    database_url: str

    def __new__(cls, url: str, database_url: str) -> ServerUrl:
        obj = super().__new__(cls, url)
        obj.database_url = database_url
        return obj


@dataclass(frozen=True)
class EmbeddedServer:
    url: ServerUrl
    var_dir: Path
    env: dict[str, str]
    log_path: Path

    @property
    def sqlite_path(self) -> Path:
        return self.var_dir / "moodlens.db"

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def embedded_env(var_dir: Path, port: int, web_dist: Path, **extra: str) -> dict[str, str]:
    # MOODLENS_* of the caller (make exports MOODLENS_PORT, the unit tests use
    # MOODLENS_TEST_DATABASE_URL, a developer may have a REDIS_URL) must not leak in.
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOODLENS_")}
    env.update(
        {
            "MOODLENS_VAR_DIR": str(var_dir),
            "MOODLENS_PORT": str(port),
            "MOODLENS_WEB_DIST": str(web_dist),
            **extra,
        }
    )
    return env


def run_cli(
    env: dict[str, str], *args: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [MOODLENS, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@contextmanager
def embedded_server(
    var_dir: Path, *, web_dist: Path | None = None, **extra_env: str
) -> Iterator[EmbeddedServer]:
    """Migrate, then serve; yields once /healthz answers, terminates the server afterwards.
    Raises RuntimeError with the log's tail when the server does not come up."""
    var_dir.mkdir(parents=True, exist_ok=True)
    env = embedded_env(var_dir, free_port(), web_dist or var_dir / "no-web-dist", **extra_env)
    migrated = run_cli(env, "migrate")
    if migrated.returncode != 0:
        raise RuntimeError(f"`moodlens migrate` failed:\n{migrated.stderr[-4000:]}")
    log_path = var_dir / "server.log"
    url = ServerUrl(
        f"http://127.0.0.1:{env['MOODLENS_PORT']}",
        f"sqlite+aiosqlite:///{(var_dir / 'moodlens.db').resolve()}",
    )
    server = EmbeddedServer(url, var_dir, env, log_path)
    with serving(env, url, log_path):
        yield server


@contextmanager
def serving(
    env: dict[str, str], base_url: str, log_path: Path, timeout_s: float = START_TIMEOUT_S
) -> Iterator[subprocess.Popen[bytes]]:
    """`moodlens serve` with `env`, logging to `log_path`, from healthy until the block ends.

    Waits on /healthz for up to `timeout_s` (start-up imports alone took over a minute on a
    loaded 2-core machine); raises RuntimeError with the log's tail when it does not come up."""
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [MOODLENS, "serve"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"`moodlens serve` exited ({proc.returncode}):\n{_tail(log_path)}"
                )
            try:
                if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"`moodlens serve` not healthy after {timeout_s:.0f} s:\n{_tail(log_path)}"
                )
            time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _tail(path: Path, chars: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return "(no log)"
