"""The Dockerfile, compose.yaml and deploy/haproxy.cfg against the code they deploy.

There is no container engine on these machines, so the images are never built here; instead
every command the files run must parse as a real `moodlens` subcommand with real options
(read from the CLI itself), every MOODLENS_* variable must be one the app reads, the health
checks must hit /healthz or /readyz on the port the server listens on, the live WebSocket route
must be the one HAProxy pins by session, and the image must not fetch anything at run time."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
import typer

from moodlens.cli import app as cli_app
from moodlens.config import Settings
from moodlens.health.router import router as health_router
from tests.deploy.files import (
    ROOT,
    compose,
    dockerfile_instructions,
    env_pairs,
    exec_form,
    haproxy_config,
    haproxy_servers,
    interpolate,
    urls_in,
)

HEALTH_PATHS = {getattr(r, "path", None) for r in health_router.routes}


def cli_commands() -> dict[str, Any]:
    """The CLI's subcommands as Typer builds them (its own click: `typer._click`)."""
    commands = getattr(typer.main.get_command(cli_app), "commands", None)
    assert isinstance(commands, dict) and commands, "the CLI has no subcommands"
    return commands


def parse_cli(args: list[str]) -> Any:
    """Parse `moodlens <args>` the way the CLI would, without running it: an unknown
    subcommand, an unknown option or a value of the wrong type raises."""
    commands = cli_commands()
    assert args, "empty command"
    name, *rest = args
    assert name in commands, f"`moodlens {name}` is not a CLI command: {sorted(commands)}"
    return commands[name].make_context(name, list(rest))


def app_services() -> dict[str, dict[str, Any]]:
    """compose services that run this project's image."""
    services = compose()["services"]
    return {
        n: s for n, s in services.items() if s.get("build") or s.get("image") == "moodlens:latest"
    }


def moodlens_env_names() -> set[str]:
    """Every MOODLENS_* variable the app reads: the Settings fields, plus the few read with
    os.environ directly (the model cache is read by the pure signals package)."""
    names = {f"MOODLENS_{field.upper()}" for field in Settings.model_fields}
    for path in (ROOT / "src" / "moodlens").rglob("*.py"):
        names |= set(
            re.findall(r"os\.environ(?:\.get)?[\[(]\"(MOODLENS_[A-Z0-9_]+)\"", path.read_text())
        )
    return names


def dockerfile_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for ins in dockerfile_instructions():
        if ins.keyword == "ENV":
            env.update(env_pairs(ins.args))
    return env


def last(keyword: str) -> str:
    found = [i.args for i in dockerfile_instructions() if i.keyword == keyword]
    assert found, f"Dockerfile has no {keyword}"
    return found[-1]


# --- Dockerfile ------------------------------------------------------------------------------


def test_image_runs_the_moodlens_cli_and_its_default_command_parses() -> None:
    assert exec_form(last("ENTRYPOINT")) == ["moodlens"]
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'moodlens = "moodlens.cli:app"' in pyproject, "the image's entry point is not the CLI"
    ctx = parse_cli(exec_form(last("CMD")))
    assert ctx.command.name == "serve"


def test_image_builds_on_python_311_debian_12() -> None:
    bases = [i.args.split()[0] for i in dockerfile_instructions() if i.keyword == "FROM"]
    assert bases[-1].startswith("python:3.11-") and "bookworm" in bases[-1], bases
    assert all("bookworm" in b for b in bases), "every stage on Debian 12, like the machines"


def test_image_installs_what_the_project_files_install() -> None:
    runs = " ".join(i.args for i in dockerfile_instructions() if i.keyword == "RUN")
    makefile = (ROOT / "Makefile").read_text()
    assert "scripts/install-system-deps.sh app" in runs
    assert "-r requirements.lock" in runs
    assert "npm ci" in runs and "npm run build" in runs
    # Every pinned package the Dockerfile names directly is pinned the same in the Makefile
    # (uv itself, silero-vad without its torch dependency); nothing else is installed.
    pins = set(re.findall(r"\"([A-Za-z0-9_.-]+==[A-Za-z0-9_.+-]+)\"", runs))
    assert pins, "expected the uv and silero-vad pins"
    for pin in pins:
        assert f'"{pin}"' in makefile, f"{pin} is not what `make venv` installs"
    for ins in dockerfile_instructions():
        if ins.keyword != "RUN":
            continue
        for step in ins.args.split("&&"):
            if "pip install" not in step:
                continue
            words = step.split("pip install", 1)[1].split()
            named = [
                w.strip('"')
                for k, w in enumerate(words)
                if not w.startswith("-") and w != "." and words[k - 1] not in {"-r", "--python"}
            ]
            assert all(w in pins for w in named), f"unpinned install: {step}"


def test_image_downloads_no_weights_and_fetches_nothing_at_run_time() -> None:
    for ins in dockerfile_instructions():
        text = ins.args.lower()
        for word in (
            "curl",
            "wget",
            "huggingface",
            "hf_hub",
            "from_pretrained",
            "snapshot_download",
        ):
            assert word not in text, f"{ins.keyword} {ins.args}"
        if ins.keyword in {"RUN", "ADD"}:
            assert not urls_in(ins.args), f"{ins.keyword} fetches a URL: {ins.args}"
    # The weights come inside pinned wheels of the lock (or the pinned silero-vad).
    lock = (ROOT / "requirements.lock").read_text().lower()
    for wheel in ("moonshine_cpp==", "wordllama=="):
        assert wheel in lock.replace("-", "_"), wheel
    # The only URLs at run time are the local health check.
    assert all(u.startswith("http://127.0.0.1:") for u in urls_in(last("HEALTHCHECK")))


def test_image_health_check_and_port_match_the_server() -> None:
    env = dockerfile_env()
    assert env["MOODLENS_HOST"] == "0.0.0.0", "a container must listen beyond its loopback"
    port = env["MOODLENS_PORT"]
    assert last("EXPOSE").split() == [port]
    urls = urls_in(last("HEALTHCHECK"))
    assert len(urls) == 1
    assert urls[0].startswith(f"http://127.0.0.1:{port}/")
    assert "/" + urls[0].split("/", 3)[3] in HEALTH_PATHS


def test_image_env_names_are_settings_the_app_reads() -> None:
    known = moodlens_env_names()
    unknown = {k for k in dockerfile_env() if k.startswith("MOODLENS_")} - known
    assert not unknown, f"the app reads no such setting: {unknown}"


def test_copied_paths_exist_and_are_not_dockerignored() -> None:
    ignored = [
        line.strip().rstrip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for ins in dockerfile_instructions():
        if ins.keyword != "COPY" or ins.args.startswith("--from="):
            continue
        *sources, _dest = ins.args.split()
        for src in sources:
            rel = src.rstrip("/")
            assert (ROOT / rel).exists(), f"COPY {src}: no such path"
            assert not any(rel == i or rel.startswith(i + "/") for i in ignored), (
                f"COPY {src} but .dockerignore drops it"
            )


# --- compose.yaml ----------------------------------------------------------------------------


def test_compose_has_the_scale_out_topology() -> None:
    services = compose()["services"]
    images = {n: str(s.get("image", "")) for n, s in services.items()}
    assert any(i.startswith("postgres:") for i in images.values())
    assert any(i.startswith("redis:") for i in images.values())
    assert any(i.startswith("haproxy:") for i in images.values())
    commands = {n: s["command"][0] for n, s in app_services().items()}
    assert sorted(commands.values()).count("serve") >= 2, commands
    assert {"worker", "migrate", "demo"} <= set(commands.values()), commands


def test_compose_runs_a_recogniser_fleet_on_a_redis_that_keeps_nothing() -> None:
    """ADR 0015: asr-worker services, and every app service pointed at a Redis of the
    fleet's own that writes nothing to disk (no volume, no snapshots, no append-only file)."""
    services = compose()["services"]
    fleet = [n for n, s in app_services().items() if s["command"][0] == "asr-worker"]
    assert len(fleet) >= 2, fleet
    for name, service in app_services().items():
        env = service["environment"]
        jobs_host = str(env["MOODLENS_REDIS_URL"]).split("//")[1].split(":")[0]
        asr_host = str(env["MOODLENS_ASR_REDIS_URL"]).split("//")[1].split(":")[0]
        assert asr_host != jobs_host, f"{name}: audio must not go to the persistent job Redis"
        asr_redis = services[asr_host]
        command = [str(c) for c in asr_redis["command"]]
        assert command[0] == "redis-server" and "volumes" not in asr_redis
        flags = dict(zip(command[1::2], command[2::2], strict=True))
        assert flags["--save"] == "" and flags["--appendonly"] == "no", command
        assert flags["--maxmemory-policy"] == "noeviction", command


def test_every_compose_command_is_a_real_cli_command_with_real_options() -> None:
    for name, service in app_services().items():
        command = service["command"]
        assert isinstance(command, list), f"{name}: use the list form, not a shell string"
        parse_cli([str(c) for c in command])


def test_compose_environment_is_read_by_settings_and_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    known = moodlens_env_names()
    shell = {"MOODLENS_SECRET_KEY": "x" * 48}  # what the operator exports before `up`
    for name, service in app_services().items():
        env = {k: interpolate(str(v), shell) for k, v in service["environment"].items()}
        unknown = {k for k in env if k.startswith("MOODLENS_")} - known
        assert not unknown, f"{name}: the app reads no such setting: {unknown}"
        for key in known:
            monkeypatch.delenv(key, raising=False)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        settings = Settings()  # raises ConfigError/ValidationError on a bad value
        assert settings.env == "production" and settings.redis_url and settings.database_url
    with pytest.raises(KeyError, match="MOODLENS_SECRET_KEY"):
        interpolate(str(app_services()["api1"]["environment"]["MOODLENS_SECRET_KEY"]), {})


def test_api_health_checks_hit_readyz_on_the_served_port() -> None:
    for name, service in app_services().items():
        ctx = parse_cli([str(c) for c in service["command"]])
        if ctx.command.name != "serve":
            continue
        port = ctx.params["port"] or int(dockerfile_env()["MOODLENS_PORT"])
        urls = urls_in(service["healthcheck"]["test"])
        assert urls == [f"http://127.0.0.1:{port}/readyz"], (name, urls)
        assert "/readyz" in HEALTH_PATHS


def test_services_without_a_server_switch_off_the_image_health_check() -> None:
    """The image's HEALTHCHECK asks /healthz; a worker or one-shot command serves no HTTP, so
    keeping it would mark a healthy worker unhealthy."""
    for name, service in app_services().items():
        if service["command"][0] != "serve":
            assert service.get("healthcheck") == {"disable": True}, name


# --- HAProxy ---------------------------------------------------------------------------------


def serve_ports() -> dict[str, int]:
    ports = {}
    for name, service in app_services().items():
        ctx = parse_cli([str(c) for c in service["command"]])
        if ctx.command.name == "serve":
            ports[name] = ctx.params["port"] or int(dockerfile_env()["MOODLENS_PORT"])
    return ports


def test_haproxy_balances_every_api_instance_and_checks_readyz() -> None:
    sections = haproxy_config()
    servers = haproxy_servers(sections)
    backends = {s.backend for s in servers}
    assert backends == {"api_live", "api_rest"}
    for backend in backends:
        assert {(s.host, s.port) for s in servers if s.backend == backend} == set(
            serve_ports().items()
        )
        lines = sections[f"backend {backend}"]
        assert "option httpchk GET /readyz" in lines
    assert "balance uri" in sections["backend api_live"]
    assert "hash-type consistent" in sections["backend api_live"]
    bind = next(line for line in sections["frontend public"] if line.startswith("bind "))
    port = bind.split(":")[-1]
    published = compose()["services"]["haproxy"]["ports"]
    assert any(str(p).endswith(f":{port}") for p in published), (bind, published)


def test_haproxy_pins_exactly_the_live_websocket_route() -> None:
    """The sticky ACL must match the path the app serves its WebSocket on (asked of the app's
    own router) and none of its REST paths."""
    from starlette.routing import Match

    from moodlens.main import create_app

    app = create_app()

    def served(path: str, kind: str) -> bool:
        scope = {"type": kind, "path": path, "root_path": "", "method": "GET", "headers": []}
        return any(route.matches(scope)[0] == Match.FULL for route in app.routes)

    acl = next(
        line for line in haproxy_config()["frontend public"] if line.startswith("acl live_stream")
    )
    pattern = re.compile(acl.split("path_reg ", 1)[1])
    sid = str(uuid.uuid4())
    stream = f"/v1/sessions/{sid}/stream"
    assert served(stream, "websocket") and pattern.match(stream)
    assert not served(stream + "s", "websocket")
    rest = [p for p in app.openapi()["paths"] if p.startswith("/v1/sessions/{session_id}/")]
    assert rest, "expected REST routes under a session"
    for p in rest:
        assert not pattern.match(p.replace("{session_id}", sid)), p


@pytest.mark.skipif(
    shutil.which("haproxy") is None,
    reason="haproxy not installed (scripts/install-system-deps.sh test)",
)
def test_haproxy_accepts_the_config() -> None:
    cfg = Path(ROOT / "deploy" / "haproxy.cfg")
    done = subprocess.run(
        ["haproxy", "-c", "-f", str(cfg)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Configuration file is valid" in done.stdout + done.stderr
