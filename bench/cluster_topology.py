"""The scale-out topology on one machine (issue 14): for fault tests and for people to try.

A PostgreSQL database of its own in the 127.0.0.1:5432 server, two redis-servers of its own
(jobs: append-only file in the cluster folder; recogniser fleet: nothing on disk, ADR 0015),
2 API instances (`moodlens serve`), 2 recogniser workers (`moodlens asr-worker`), 1 job worker
(`moodlens worker`) and HAProxy on loopback with deploy/haproxy.cfg rewritten for loopback
ports. Every process runs in a session of its own, so a fault test can SIGKILL one (and its
children) by process group; `state.json` in the cluster folder lets `down` find them.

    scripts/cluster.sh up [--dir var/cluster]     # prints the HAProxy URL
    scripts/cluster.sh down [--dir var/cluster]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parents[1]
MOODLENS = str(Path(sys.executable).with_name("moodlens"))
PG_ADMIN = os.environ.get("MOODLENS_CLUSTER_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
# Model loading on a busy 2-core machine takes a while; each wait is on a condition.
UP_TIMEOUT_S = 300.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check: object, what: str, within: float = UP_TIMEOUT_S) -> None:
    deadline = time.monotonic() + within
    while True:
        try:
            if check():  # type: ignore[operator]
                return
        except Exception:  # not up yet
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"cluster: {what} did not come up within {within:.0f} s")
        time.sleep(0.2)


def haproxy_cfg(port: int, api_ports: list[int]) -> str:
    """deploy/haproxy.cfg on loopback: bind, servers, no Docker resolver, faster checks."""
    text = (ROOT / "deploy" / "haproxy.cfg").read_text()
    text = re.sub(r"(?m)^resolvers docker\n(?:[ \t]+.*\n)+", "", text)
    # Loopback needs no 20,000 connections (and an unprivileged FD limit refuses them).
    text = re.sub(r"(?m)^(\s+)maxconn \d+", r"\1maxconn 2000", text)
    text = text.replace(" resolvers docker init-addr last,libc,none", "")
    text = text.replace("check inter 5s", "check inter 1s")
    text = re.sub(r"(?m)^(\s+)bind :\d+", rf"\1bind 127.0.0.1:{port}", text)
    for i, api_port in enumerate(api_ports, start=1):
        text = re.sub(rf"(?m)^(\s+server api{i}) \S+", rf"\1 127.0.0.1:{api_port}", text)
    return text


@dataclass
class Cluster:
    root: Path
    ports: dict[str, int] = field(default_factory=dict)
    pids: dict[str, int] = field(default_factory=dict)
    database: str = ""
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(48))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports['haproxy']}"

    @property
    def asr_redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.ports['asr-redis']}/0"

    @property
    def jobs_redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.ports['jobs-redis']}/0"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "MOODLENS_ENV": "development",
            "MOODLENS_VAR_DIR": str(self.root / "var"),
            "MOODLENS_STORAGE_DIR": str(self.root / "storage"),
            "MOODLENS_SECRET_KEY": self.secret,  # one key: a token works on either instance
            "MOODLENS_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.database}",
            "MOODLENS_REDIS_URL": self.jobs_redis_url,
            "MOODLENS_ASR_REDIS_URL": self.asr_redis_url,
            "MOODLENS_TRUSTED_PROXIES": '["127.0.0.1/32"]',
            "MOODLENS_LOGIN_ATTEMPTS_PER_CLIENT": "10000",
            "MOODLENS_JOB_RECLAIM_SECONDS": "5",
        }

    # --- processes ---------------------------------------------------------------------------

    def spawn(self, name: str, cmd: list[str], extra_env: dict[str, str] | None = None) -> int:
        log = (self.root / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            cmd,
            env={**self.env(), **(extra_env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.pids[name] = proc.pid
        self.save()
        return proc.pid

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        self._signal(name, sig)
        self._forget(name)

    def _signal(self, name: str, sig: int) -> None:
        pid = self.pids.get(name)
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, sig)

    def _forget(self, name: str) -> None:
        # Wait for the (signalled) process to end, then drop it from the saved state.
        pid = self.pids.pop(name, None)
        if pid is not None:
            _reap(pid)
        self.save()

    def save(self) -> None:
        state = {"ports": self.ports, "pids": self.pids, "database": self.database}
        (self.root / "state.json").write_text(json.dumps(state, indent=1))

    def start_redis(self, name: str) -> None:
        persist = ["--appendonly", "yes", "--save", ""] if name == "jobs-redis" else []
        memory_only = ["--save", "", "--appendonly", "no"]
        args = ["--port", str(self.ports[name]), "--bind", "127.0.0.1"]
        args += ["--dir", str(self.root / name), *(persist or memory_only)]
        (self.root / name).mkdir(exist_ok=True)
        self.spawn(name, ["redis-server", *args])
        client = redis.Redis(port=self.ports[name])
        wait_until(client.ping, name, 30)

    def start_api(self, name: str, wait: bool = True) -> None:
        self.spawn(name, [MOODLENS, "serve", "--port", str(self.ports[name])])
        if wait:
            self.wait_api(name)

    def wait_api(self, name: str) -> None:
        ready = f"http://127.0.0.1:{self.ports[name]}/readyz"
        wait_until(lambda: urllib.request.urlopen(ready, timeout=5).status == 200, name)

    def start_asr(self, name: str, wait: bool = True, throttle: float = 0.0) -> None:
        # throttle: a deliberately slow worker (fault tests hold an utterance in it).
        slow = {"MOODLENS_ASR_THROTTLE_S_PER_AUDIO_S": str(throttle)}
        self.spawn(name, [MOODLENS, "asr-worker", "--claim-idle-ms", "2000"], slow)
        if wait:
            self.wait_asr(name)

    def wait_asr(self, name: str) -> None:
        fleet = redis.Redis.from_url(self.asr_redis_url)
        match = f"asr:worker:*-{self.pids[name]}"
        wait_until(lambda: bool(list(fleet.scan_iter(match=match))), name)

    def start_job_worker(self) -> None:
        self.spawn("worker", [MOODLENS, "worker", "--processes", "1"])

    def up(self) -> None:
        for d in ("var", "storage"):
            (self.root / d).mkdir(parents=True, exist_ok=True)
        for name in ("jobs-redis", "asr-redis", "api1", "api2", "haproxy"):
            self.ports[name] = free_port()
        self.database = f"moodlens_cluster_{secrets.token_hex(4)}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.database}"')
        self.save()
        subprocess.run([MOODLENS, "migrate"], env=self.env(), check=True, capture_output=True)
        self.start_redis("jobs-redis")
        self.start_redis("asr-redis")
        self.start_job_worker()
        # Spawned together, waited for together: the workers load the models meanwhile.
        for name in ("asr1", "asr2"):
            self.start_asr(name, wait=False)
        for name in ("api1", "api2"):
            self.start_api(name, wait=False)
        for name in ("asr1", "asr2"):
            self.wait_asr(name)
        for name in ("api1", "api2"):
            self.wait_api(name)
        cfg = self.root / "haproxy.cfg"
        cfg.write_text(haproxy_cfg(self.ports["haproxy"], [self.ports["api1"], self.ports["api2"]]))
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        self.spawn("haproxy", [haproxy, "-db", "-f", str(cfg)])
        wait_until(lambda: urllib.request.urlopen(f"{self.url}/readyz", timeout=5), "haproxy")

    def down(self) -> None:
        """Stop everything. A second Ctrl-C used to interrupt this while an API instance was
        still shutting down, and HAProxy (spawned last, stopped last) kept running in its own
        session: now every process is signalled first, HAProxy first, and Ctrl-C is held off
        until all are reaped."""
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        try:
            names = sorted(self.pids, key=lambda n: n != "haproxy")
            for name in names:
                self._signal(name, signal.SIGTERM)
            for name in names:
                self._forget(name)
        finally:
            if main:
                signal.signal(signal.SIGINT, previous)
        if self.database:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            self.database = ""
        self.save()

    @classmethod
    def load(cls, root: Path) -> Cluster:
        state = json.loads((root / "state.json").read_text())
        return cls(root, state["ports"], state["pids"], state["database"])


def _reap(pid: int, within_s: float = 30.0) -> None:
    """Wait for the process to end (SIGKILL to its group after `within_s`); collect it if it
    is our child (tests), else (a process of an earlier `up`) wait for it to disappear."""
    deadline = time.monotonic() + within_s
    while True:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return
        except ChildProcessError:
            if not _alive(pid):
                return
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            deadline = time.monotonic() + within_s
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["up", "down"])
    parser.add_argument("--dir", type=Path, default=ROOT / "var" / "cluster")
    args = parser.parse_args()
    if args.action == "up":
        args.dir.mkdir(parents=True, exist_ok=True)
        cluster = Cluster(args.dir.resolve())
        try:
            cluster.up()
        except BaseException:
            cluster.down()
            raise
        print(f"cluster up: {cluster.url} (logs and state in {args.dir})")
    else:
        Cluster.load(args.dir.resolve()).down()
        print("cluster down")


if __name__ == "__main__":
    main()
