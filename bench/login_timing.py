"""Sign-in response times for a wrong password vs an unknown email, through the whole app
(in process, a throwaway migrated SQLite database, the per-client limit raised so the bench is
not throttled). They should match: a gap tells a prober which emails have accounts. Prints
JSON: median and p90 per case and their ratio.

    .venv/bin/python -m bench.login_timing [--rounds 40]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from moodlens.config import Settings
from moodlens.main import create_app
from moodlens.migrate import migrate

PASSWORD = "correct horse battery staple 9"


async def _timed(client: httpx.AsyncClient, email: str) -> float:
    start = time.perf_counter()
    r = await client.post("/v1/auth/login", json={"email": email, "password": "wrong-password-1"})
    elapsed = time.perf_counter() - start
    assert r.status_code == 401, r.text
    return elapsed * 1000


async def _measure(rounds: int, var_dir: Path) -> tuple[list[float], list[float]]:
    settings = Settings(
        var_dir=var_dir,
        secret_key=secrets.token_urlsafe(32),
        web_dist=var_dir / "none",
        login_attempts_per_client=10 * rounds,
        log_level="WARNING",
    )
    await asyncio.to_thread(migrate, settings.resolved_database_url)
    app = create_app(settings)
    wrong: list[float] = []
    unknown: list[float] = []
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for i in range(rounds):
                # A fresh account per round: the per-account limit allows 5 failures.
                email = f"known-{i}-{secrets.token_hex(3)}@example.com"
                signup = {"email": email, "password": PASSWORD, "full_name": "Bench"}
                assert (await client.post("/v1/auth/signup", json=signup)).status_code == 201
                # Interleaved, so load on the machine affects both cases alike.
                wrong.append(await _timed(client, email))
                unknown.append(await _timed(client, f"nobody-{i}-{secrets.token_hex(3)}@x.org"))
    return wrong, unknown


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wrong, unknown = asyncio.run(_measure(args.rounds, Path(tmp)))

    def summary(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {
            "median_ms": round(statistics.median(ordered), 1),
            "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))], 1),
        }

    print(
        json.dumps(
            {
                "rounds": args.rounds,
                "wrong_password": summary(wrong),
                "unknown_email": summary(unknown),
                "unknown_over_wrong_median": round(
                    statistics.median(unknown) / statistics.median(wrong), 2
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
