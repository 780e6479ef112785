"""Sliding-window counters for login throttling: in-process by default, Redis when configured
so that every API instance shares the same counts."""

from __future__ import annotations

import ipaddress
import logging
import time
from collections import defaultdict, deque
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.requests import HTTPConnection

from moodlens.core.errors import ServiceUnavailable

log = logging.getLogger(__name__)


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window_s: int, *, record: bool = True) -> int:
        """Record one attempt (unless `record` is false, to only look); return 0 if allowed,
        else the seconds until the next attempt is allowed."""

    async def reset(self, key: str) -> None: ...


class MemoryRateLimiter:
    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = defaultdict(deque)

    async def hit(self, key: str, limit: int, window_s: int, *, record: bool = True) -> int:
        now = time.monotonic()
        hits = self._hits[key]
        while hits and hits[0] <= now - window_s:
            hits.popleft()
        if len(hits) >= limit:
            return int(hits[0] + window_s - now) + 1
        if record:
            hits.append(now)
        return 0

    async def reset(self, key: str) -> None:
        self._hits.pop(key, None)


class RateLimitStoreUnavailable(ServiceUnavailable):
    """The shared rate-limit store (Redis) cannot be reached; rate-limited actions wait."""

    def __init__(self, since: datetime) -> None:
        super().__init__(
            "This action is rate-limited and the shared rate-limit store (Redis) cannot be "
            f"reached since {since:%H:%M:%S} UTC; try again in a minute.",
            headers={"Retry-After": "30"},
        )


class RedisRateLimiter:
    """Fails closed: without Redis, a limit cannot be checked, so the action is refused with a
    503 (sign-in, joining an organization, uploads) rather than left unlimited."""

    def __init__(self, redis: Redis, prefix: str = "moodlens:rl:") -> None:
        self._redis = redis
        self._prefix = prefix
        self._down_since: datetime | None = None

    async def hit(self, key: str, limit: int, window_s: int, *, record: bool = True) -> int:
        try:
            wait = await self._hit(key, limit, window_s, record=record)
        except (RedisError, OSError) as exc:
            raise self._unavailable() from exc
        self._down_since = None
        return wait

    def _unavailable(self) -> RateLimitStoreUnavailable:
        if self._down_since is None:
            self._down_since = datetime.now(UTC)
            log.warning("rate-limit store (Redis) unreachable; rate-limited actions answer 503")
        return RateLimitStoreUnavailable(self._down_since)

    async def _hit(self, key: str, limit: int, window_s: int, *, record: bool) -> int:
        k = self._prefix + key
        now = time.time()
        pipe = self._redis.pipeline()
        pipe.zremrangebyscore(k, 0, now - window_s)
        pipe.zcard(k)
        pipe.zrange(k, 0, 0, withscores=True)
        _, count, oldest = await pipe.execute()
        if int(count) >= limit:
            first = float(oldest[0][1]) if oldest else now
            return int(first + window_s - now) + 1
        if not record:
            return 0
        await self._redis.zadd(k, {f"{now}:{time.perf_counter_ns()}": now})
        await self._redis.expire(k, window_s)
        return 0

    async def reset(self, key: str) -> None:
        try:
            await self._redis.delete(self._prefix + key)
        except (RedisError, OSError) as exc:
            raise self._unavailable() from exc


IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Sequence[str]) -> list[IpNetwork]:
    """`MOODLENS_TRUSTED_PROXIES` entries (addresses or CIDR networks) as networks."""
    return [ipaddress.ip_network(v.strip(), strict=False) for v in values]


def _is_trusted(address: str, trusted: Sequence[IpNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in trusted)


def client_address(conn: HTTPConnection, trusted: Sequence[IpNetwork]) -> str:
    """The address per-client limits count. X-Forwarded-For is anyone's to write, so it is
    read only when the connecting peer is a configured proxy, and then from the right: the
    nearest hop that is not one of our proxies is the client (entries further left are what
    the client itself claimed)."""
    peer = conn.client.host if conn.client else "unknown"
    if not trusted or not _is_trusted(peer, trusted):
        return peer
    hops = [h.strip() for h in ",".join(conn.headers.getlist("x-forwarded-for")).split(",")]
    hops = [h for h in hops if h]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer
