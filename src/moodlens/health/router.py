from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from sqlalchemy import text

from moodlens.core.errors import ServiceUnavailable
from moodlens.recognition_fleet import FleetUnavailable, RemoteAsrPool

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    checks: dict[str, str] = {}


@router.get("/healthz", response_model=Health, operation_id="health_live")
async def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Health,
    operation_id="health_ready",
    responses=ServiceUnavailable.openapi(),
)
async def readyz(request: Request) -> Health:
    """The database (and the job broker, when Redis is configured) answer."""
    checks: dict[str, str] = {}
    try:
        async with request.app.state.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:
        raise ServiceUnavailable(f"Database unreachable: {type(exc).__name__}") from exc
    redis = request.app.state.redis
    if redis is not None:
        try:
            await redis.ping()
            checks["redis"] = "ok"
        except Exception as exc:
            raise ServiceUnavailable(f"Redis unreachable: {type(exc).__name__}") from exc
    pool = getattr(request.app.state, "asr_pool", None)
    if isinstance(pool, RemoteAsrPool):
        checks["asr_fleet"] = await _fleet_state(pool)
    return Health(status="ok", checks=checks)


async def _fleet_state(pool: RemoteAsrPool) -> str:
    """The recogniser fleet as this instance sees it. Said, never failed on: without a
    worker the REST API still serves and live transcripts wait (ADR 0015), so taking every
    instance out of HAProxy's rotation would only make things worse."""
    try:
        await pool.worker_info()  # looks at the heartbeats; sets workers_alive
        alive = f"{pool.workers_alive} workers alive"
    except FleetUnavailable:
        alive = "no worker alive"
    except Exception as exc:
        return f"unreachable: {type(exc).__name__}"
    return (
        f"{alive}; {pool.pending} utterances in the stream, {pool.waiting} waiting here, "
        f"{pool.backlog_s:.1f} s of speech not yet recognised"
    )


@router.get("/metrics", include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
