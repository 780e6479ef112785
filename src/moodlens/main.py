"""App factory: settings, database, routers, middleware, static client, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from redis.asyncio import Redis

from moodlens import jobs
from moodlens.audio_analysis.router import router as audio_analysis_router
from moodlens.auth.router import router as auth_router
from moodlens.config import Settings, get_settings
from moodlens.core.db import make_engine, make_sessionmaker
from moodlens.core.errors import ErrorBody
from moodlens.core.handlers import install_error_handlers
from moodlens.core.input_guard import NulTextGuardMiddleware
from moodlens.core.observability import (
    BodySizeLimitMiddleware,
    RequestContextMiddleware,
    configure_logging,
)
from moodlens.core.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from moodlens.core.security_headers import SecurityHeadersMiddleware
from moodlens.core.storage import LocalStorage
from moodlens.health.router import router as health_router
from moodlens.interview_sessions.lifecycle import sessions_lifespan
from moodlens.interview_sessions.router import router as interview_sessions_router
from moodlens.interview_templates.router import router as interview_templates_router
from moodlens.live.audio import AudioServices
from moodlens.live.hub import LiveHub
from moodlens.live.router import router as live_router
from moodlens.orgs.router import router as orgs_router
from moodlens.practice.router import router as practice_router
from moodlens.privacy.lifecycle import privacy_lifespan
from moodlens.privacy.router import router as privacy_router
from moodlens.progress.router import router as progress_router
from moodlens.recognition_fleet import RemoteAsrPool
from moodlens.reports import offload as report_offload
from moodlens.reports.router import router as reports_router
from moodlens.signals.audio.asr_pool import AsrPool, PoolConfig
from moodlens.users.router import router as users_router
from moodlens.web_client import mount_web_client

ROUTERS = [
    health_router,
    auth_router,
    users_router,
    interview_templates_router,
    interview_sessions_router,
    live_router,
    audio_analysis_router,
    privacy_router,
    reports_router,
    progress_router,
    orgs_router,
    practice_router,
]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    # Resolve the signing key once: in development it is read from (or written to) var/.
    settings = settings.model_copy(update={"secret_key": settings.signing_key()})
    configure_logging(settings.log_level)
    engine = make_engine(settings.resolved_database_url)
    redis = Redis.from_url(settings.redis_url) if settings.redis_url else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        jobs.use_job_engine(engine)
        jobs.import_task_modules()
        if not jobs.broker.is_worker_process:
            await jobs.broker.startup()
        # Job storage, the live hub for jobs, and the embedded periodic sweeps.
        async with privacy_lifespan(app), sessions_lifespan(app):
            yield
        await app.state.live_hub.close()
        if isinstance(asr_pool, RemoteAsrPool):
            await asr_pool.aclose()
        else:
            asr_pool.close()
        report_offload.shutdown()
        if not jobs.broker.is_worker_process:
            await jobs.broker.shutdown()
        if redis is not None:
            await redis.aclose()
        await engine.dispose()

    app = FastAPI(
        title="MoodLens Interview Coach API",
        version="0.1.0",
        description="Privacy-first mock-interview coaching. Coaching support only: never a "
        "hiring decision, never an emotion or diagnosis claim.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.redis = redis
    limiter: RateLimiter = RedisRateLimiter(redis) if redis is not None else MemoryRateLimiter()
    app.state.rate_limiter = limiter
    app.state.storage = LocalStorage(settings.resolved_storage_dir)
    asr_pool: AsrPool | RemoteAsrPool
    if settings.asr_redis_url:
        # A recogniser fleet (`moodlens asr-worker`, ADR 0015): no models in this process.
        asr_pool = RemoteAsrPool(settings.asr_redis_url)
    else:
        # Worker processes start (and load the models) on the first utterance, not at start-up.
        asr_pool = AsrPool(
            PoolConfig(
                workers=settings.asr_workers,
                throttle_s_per_audio_s=settings.asr_throttle_s_per_audio_s,
            )
        )
    app.state.asr_pool = asr_pool
    app.state.live_hub = LiveHub(app.state.sessionmaker, AudioServices(asr_pool))

    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    # Starlette runs the last added outermost: request context, headers, size, then NUL check.
    app.add_middleware(NulTextGuardMiddleware)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        upload_max_bytes=settings.max_upload_bytes,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestContextMiddleware)
    mount_web_client(app, settings.web_dist)
    app.openapi = lambda: _openapi_with_error_bodies(app)  # type: ignore[method-assign]
    return app


def _openapi_with_error_bodies(app: FastAPI) -> dict[str, Any]:
    """Document 422s as the body our handler really sends ({error, detail, fields})."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorBody"] = ErrorBody.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    for name, sub in components["ErrorBody"].pop("$defs", {}).items():
        components[name] = sub
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    for path in schema.get("paths", {}).values():
        for op in path.values():
            resp = op.get("responses", {}).get("422") if isinstance(op, dict) else None
            if resp is not None:
                resp["content"] = {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}
                }
                resp["description"] = "Payload validation failed; `fields` lists each problem."
    app.openapi_schema = schema
    return schema
