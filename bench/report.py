"""Report build and PDF time for a synthetic 30-minute session (1 Hz signals, 15 answers).

The session is `bench/fixtures.py`'s (a temporary migrated SQLite database), and then:
- build: `reports.build.run_build` in its own transaction (read rows, score, store), the
  job's whole work, `--runs` times (rebuilding is idempotent);
- pdf: `reports.render.report_pdf` on the stored report, `--runs` times.
Prints one JSON object. Targets on these machines: build median < 2 s, PDF median < 3 s.

    .venv/bin/python bench/report.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

# Run as a script (`python bench/report.py`): the repository root makes `bench` importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.fixtures import ANSWERS, STARTED, bench_database, demo_session
from moodlens.core.db import make_engine, make_sessionmaker
from moodlens.models import InterviewSession, SessionScore, SignalEvent
from moodlens.reports import build as report_build
from moodlens.reports import exports, render


async def _bench(url: str, runs: int) -> dict[str, Any]:
    engine = make_engine(url)
    maker = make_sessionmaker(engine)
    sid = await demo_session(maker)
    async with maker() as db:
        session = await db.get(InterviewSession, sid)
        assert session is not None and session.ended_at is not None
        minutes = (session.ended_at - STARTED).total_seconds() / 60
        signals = await db.scalar(select(func.count()).where(SignalEvent.session_id == sid))

    build: list[float] = []
    build_cpu: list[float] = []
    for _ in range(runs + 1):
        t0, c0 = time.perf_counter(), time.process_time()
        async with maker() as db:
            await report_build.run_build(db, sid)
            await db.commit()
        build.append(time.perf_counter() - t0)
        build_cpu.append(time.process_time() - c0)

    async with maker() as db:
        score = (
            await db.execute(select(SessionScore).where(SessionScore.session_id == sid))
        ).scalar_one()
        report = dict(score.report_json)
        report["comparison"] = {"available": False, "previous_session_id": None}
        events = len(report["events"])
        report_bytes = len(json.dumps(report))
        csv_t0 = time.perf_counter()
        csv_text = render.report_csv(report, await exports.session_signals(db, sid))
        csv_s = time.perf_counter() - csv_t0
    await engine.dispose()

    pdf: list[float] = []
    pdf_cpu: list[float] = []
    data = b""
    for _ in range(runs + 1):
        t0, c0 = time.perf_counter(), time.process_time()
        data = render.report_pdf(report)
        pdf.append(time.perf_counter() - t0)
        pdf_cpu.append(time.process_time() - c0)
    pages = None
    try:
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(data)).pages)
    except ImportError:  # pypdf is a dev dependency
        pass

    # The first run of each pays one-off imports and caches (content, config, fonts): kept
    # apart so the medians describe a warm worker.
    return {
        "build_median_s": round(statistics.median(build[1:]), 3),
        "pdf_median_s": round(statistics.median(pdf[1:]), 3),
        # CPU seconds of this process: what the work costs without the other tenants of
        # these shared 2-core machines (wall time above includes waiting for a core).
        "build_cpu_median_s": round(statistics.median(build_cpu[1:]), 3),
        "pdf_cpu_median_s": round(statistics.median(pdf_cpu[1:]), 3),
        "build_first_s": round(build[0], 3),
        "pdf_first_s": round(pdf[0], 3),
        "build_runs_s": [round(x, 3) for x in build[1:]],
        "pdf_runs_s": [round(x, 3) for x in pdf[1:]],
        "csv_s": round(csv_s, 3),
        "runs": runs,
        "session_minutes": round(minutes, 1),
        "answers": ANSWERS,
        "signal_rows": signals,
        "events": events,
        "report_json_bytes": report_bytes,
        "pdf_bytes": len(data),
        "pdf_pages": pages,
        "csv_rows": csv_text.count("\n") - 1,
        "cpus": os.cpu_count(),
        "load_1m": round(os.getloadavg()[0], 2),
        "targets": {"build_median_s": 2.0, "pdf_median_s": 3.0},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with bench_database("moodlens-bench-report-") as url:
        result = asyncio.run(_bench(url, max(1, args.runs)))
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
