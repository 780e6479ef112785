"""`moodlens serve | worker | asr-worker | migrate | demo | openapi | analyze-audio`."""

from __future__ import annotations

import asyncio
import json
import secrets
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import typer

from moodlens.cli_analyze import analyze_audio
from moodlens.config import get_settings

if TYPE_CHECKING:
    import uvicorn

app = typer.Typer(help="MoodLens Interview Coach", no_args_is_help=True, add_completion=False)
app.command("analyze-audio")(analyze_audio)


def server_config(asgi_app: Any, host: str, port: int) -> uvicorn.Config:
    """How `serve` runs uvicorn (tests start a real server from the same options)."""
    import uvicorn

    return uvicorn.Config(
        asgi_app,
        host=host,
        port=port,
        log_config=None,
        # The app reads X-Forwarded-For itself, only from MOODLENS_TRUSTED_PROXIES; uvicorn's
        # default would believe it from any local peer and let a client pick its address.
        proxy_headers=False,
        ws="websockets-sansio",
    )


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Bind address (default MOODLENS_HOST)"),
    port: int | None = typer.Option(None, help="Port (default MOODLENS_PORT)"),
) -> None:
    """Run the API and web client."""
    import uvicorn

    from moodlens.main import create_app

    settings = get_settings()
    config = server_config(create_app(settings), host or settings.host, port or settings.port)
    uvicorn.Server(config).run()


@app.command()
def worker(processes: int = typer.Option(1, help="Worker processes")) -> None:
    """Run job workers (needs MOODLENS_REDIS_URL)."""
    from moodlens.jobs import TASK_MODULES

    if not get_settings().redis_url:
        typer.echo(
            "Workers need MOODLENS_REDIS_URL; without it jobs run inside `moodlens serve`.",
            err=True,
        )
        raise typer.Exit(2)
    cmd = [
        sys.executable,
        "-m",
        "taskiq",
        "worker",
        "moodlens.jobs:broker",
        *TASK_MODULES,
        "--workers",
        str(processes),
    ]
    raise typer.Exit(subprocess.call(cmd))


@app.command("asr-worker")
def asr_worker(
    threads: int = typer.Option(1, min=1, help="Recognitions at once (one copy of the model)"),
    claim_idle_ms: int = typer.Option(
        3000, min=100, help="Redo an utterance whose worker fell silent this long (it died)"
    ),
) -> None:
    """Run a speech recogniser of the fleet (needs MOODLENS_ASR_REDIS_URL)."""
    import logging
    import signal

    from moodlens.recognition_fleet.worker import FleetWorker, WorkerConfig, load_recogniser

    settings = get_settings()
    if not settings.asr_redis_url:
        typer.echo(
            "asr-worker needs MOODLENS_ASR_REDIS_URL (the fleet's own Redis, persistence off); "
            "without it `moodlens serve` recognises speech itself.",
            err=True,
        )
        raise typer.Exit(2)
    logging.basicConfig(level=settings.log_level)
    config = WorkerConfig(
        redis_url=settings.asr_redis_url,
        threads=threads,
        claim_idle_ms=claim_idle_ms,
        throttle_s_per_audio_s=settings.asr_throttle_s_per_audio_s,
    )
    fleet_worker = FleetWorker(config, load_recogniser())
    # SIGTERM (docker stop, cluster.sh down): finish the utterances in hand, then leave.
    signal.signal(signal.SIGTERM, lambda *_: fleet_worker.stop())
    try:
        fleet_worker.run()
    except KeyboardInterrupt:
        fleet_worker.stop()


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema and load the interview templates."""
    from moodlens.migrate import migrate as run_migrate

    settings = get_settings()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    written = run_migrate(settings.resolved_database_url)
    typer.echo(f"database is up to date ({written} interview templates written)")


@app.command()
def demo() -> None:
    """Seed a demo account (and its practice history) and print how to sign in."""
    from moodlens.demo import seed_demo

    settings = get_settings()
    password = settings.demo_password or secrets.token_urlsafe(9)
    email, created = asyncio.run(seed_demo(settings, password))
    state = "ready" if created else "already seeded; password reset"
    typer.echo(f"Demo account {state}: {email} / password: {password}")


@app.command()
def openapi() -> None:
    """Print the OpenAPI schema (no server needed)."""
    from moodlens.main import create_app

    typer.echo(json.dumps(create_app().openapi(), indent=2, sort_keys=True))


if __name__ == "__main__":
    app()
