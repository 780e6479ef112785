"""Health, readiness, metrics, request ids, error shapes and the Redis rate limiter."""

from __future__ import annotations

import secrets

import httpx
import pytest
from redis.asyncio import Redis

from moodlens.core.ratelimit import RedisRateLimiter


@pytest.mark.sqlite
async def test_healthz_and_readyz(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json()["status"] == "ok"
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"] == "ok"


@pytest.mark.sqlite
async def test_request_id_is_generated_or_echoed(client: httpx.AsyncClient) -> None:
    generated = await client.get("/healthz")
    assert len(generated.headers["x-request-id"]) == 32
    echoed = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"


@pytest.mark.sqlite
async def test_metrics_are_prometheus_text(client: httpx.AsyncClient) -> None:
    await client.get("/healthz")
    r = await client.get("/metrics")
    assert r.status_code == 200
    assert "moodlens_http_requests_total" in r.text


@pytest.mark.sqlite
async def test_unknown_api_route_is_json_404(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/does-not-exist")
    assert r.status_code == 404
    assert r.json() == {"error": "NotFound", "detail": "No such endpoint: GET /v1/does-not-exist"}


@pytest.mark.sqlite
async def test_wrong_method_is_a_json_error(client: httpx.AsyncClient) -> None:
    r = await client.delete("/v1/auth/login")
    assert r.status_code == 405
    assert r.json()["error"] == "MethodNotAllowed"


@pytest.mark.sqlite
async def test_unbuilt_web_client_says_how_to_build(client: httpx.AsyncClient) -> None:
    r = await client.get("/")
    assert r.status_code == 503
    assert "make run" in r.text


async def test_redis_rate_limiter_counts_across_instances() -> None:
    redis = Redis.from_url("redis://127.0.0.1:6379/0")
    prefix = f"moodlens:test:{secrets.token_hex(4)}:"
    a, b = RedisRateLimiter(redis, prefix), RedisRateLimiter(redis, prefix)
    try:
        assert await a.hit("k", 2, 60) == 0
        assert await b.hit("k", 2, 60) == 0
        assert await a.hit("k", 2, 60) > 0
        assert await b.hit("k", 2, 60, record=False) > 0
        await a.reset("k")
        assert await b.hit("k", 2, 60) == 0
    finally:
        await redis.delete(prefix + "k")
        await redis.aclose()
