"""Does report work stall the live loop? Event-loop lag while a report is built or rendered.

The live WebSocket of every session in an API process is served by one asyncio loop; any
delay of that loop is added to every cue round trip. A ticker asks to wake every 10 ms and
records how late it woke, first idle, then while the PDF of a 30-minute session renders in
a thread (`asyncio.to_thread`, the old way) and in the render process (`reports.offload`),
and while the report is scored (`build_report`) in a thread (the old way) and in the same
worker process (`reports.offload.build_report`, what `reports.build` does now). Prints JSON:
lag p50/p95/max in ms for each case, `--runs` renders or builds each.

    .venv/bin/python bench/loop_lag.py [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.fixtures import STARTED, bench_database, demo_session
from moodlens.core.db import make_engine, make_sessionmaker
from moodlens.models import InterviewSession, SessionScore
from moodlens.reports import build, offload, render
from moodlens.reports.builder import build_report
from moodlens.reports.inputs import load_session_input

TICK_S = 0.010


async def _lag_during(work: Callable[[], Awaitable[Any]]) -> list[float]:
    loop = asyncio.get_running_loop()
    lags: list[float] = []
    done = False

    async def ticker() -> None:
        while not done:
            due = loop.time() + TICK_S
            await asyncio.sleep(TICK_S)
            lags.append((loop.time() - due) * 1000)

    task = asyncio.create_task(ticker())
    await work()
    done = True
    await task
    return lags


def _figures(lags: list[float]) -> dict[str, float]:
    return {
        "lag_p50_ms": round(float(np.percentile(lags, 50)), 1),
        "lag_p95_ms": round(float(np.percentile(lags, 95)), 1),
        "lag_max_ms": round(float(np.max(lags)), 1),
    }


async def _bench(url: str, runs: int) -> dict[str, Any]:
    engine = make_engine(url)
    maker = make_sessionmaker(engine)
    sid = await demo_session(maker)
    async with maker() as db:
        await build.run_build(db, sid)
        await db.commit()
    async with maker() as db:
        score = (
            await db.execute(select(SessionScore).where(SessionScore.session_id == sid))
        ).scalar_one()
        report = dict(score.report_json)
        report["comparison"] = {"available": False, "previous_session_id": None}
        session_row = await db.get(InterviewSession, sid)
        assert session_row is not None
        data = await load_session_input(db, session_row)
    await engine.dispose()

    render.report_pdf(report)  # warm this process's WeasyPrint (fonts, caches) too
    await offload.report_pdf(report)  # start the render process

    async def idle() -> None:
        await asyncio.sleep(2.0)

    async def in_thread() -> None:
        for _ in range(runs):
            await asyncio.to_thread(render.report_pdf, report)

    async def in_process() -> None:
        for _ in range(runs):
            await offload.report_pdf(report)

    async def scoring_in_thread() -> None:
        for _ in range(runs):
            await asyncio.to_thread(build_report, data, built_at=STARTED)

    async def scoring_in_process() -> None:
        for _ in range(runs):
            await offload.build_report(data, built_at=STARTED)

    result = {
        "idle": _figures(await _lag_during(idle)),
        "pdf_in_thread": _figures(await _lag_during(in_thread)),
        "pdf_in_render_process": _figures(await _lag_during(in_process)),
        "report_build_in_thread": _figures(await _lag_during(scoring_in_thread)),
        "report_build_in_worker_process": _figures(await _lag_during(scoring_in_process)),
        "runs": runs,
        "load_1m": round(os.getloadavg()[0], 2),
    }
    offload.shutdown()
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with bench_database("moodlens-bench-lag-") as url:
        print(json.dumps(asyncio.run(_bench(url, max(1, args.runs))), indent=2))


if __name__ == "__main__":
    main()
