"""Face-analysis rate in real Chromium on this machine (issue 5: >= 8 frames/s on two cores).

Serves the built web client from `moodlens serve` (throwaway SQLite), opens the device-check
page in headless Chromium with the astronaut test video as the fake camera (DESIGN §6), and
reads the page's own measurements through the test probe for `--seconds` of analysis.

`--load N` also streams N live interview sessions of real speech into the same server while
the page runs, so the speech recogniser competes for the same two cores. That is harsher
than real use (the server does not run on the candidate's laptop) and is the interview-room
e2e's situation. Prints one JSON object with a result per load level.

    .venv/bin/python bench/face.py --load 0 1 --seconds 30
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
from playwright.sync_api import sync_playwright

# Run as a file (`python bench/face.py`), the repository root is not on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.live import PASSWORD, prepare_session, speech_audio, stream_answer
from bench.server import REPO, running_server
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.scripts import load_script

VIDEO = load_script("make_video_fixtures")
REFRESH_KEY = "moodlens.refresh_token"
PROBE = """
window.__moodlensProbe = {
  windows: [],
  faceWindow(w, stats) { this.windows.push({ present: w.features.face_present_ratio, ...stats }); },
};
"""


def _refresh_token(base: str) -> str:
    """A new user who accepted the current consent."""
    email = f"bench-face-{time.time_ns()}@example.com"
    r = httpx.post(
        f"{base}/v1/auth/signup", json={"email": email, "password": PASSWORD, "full_name": "B"}
    )
    r.raise_for_status()
    tokens = r.json()
    consent = httpx.get(f"{base}/v1/consents/current").json()
    httpx.post(
        f"{base}/v1/users/me/consents",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        json={
            "consent_version": consent["version"],
            "scopes": [s["id"] for s in consent["scopes"]],
        },
    ).raise_for_status()
    return str(tokens["refresh_token"])


def _speech_load(base: str, sessions: int, seconds: float) -> list[threading.Thread]:
    audio = speech_audio(seconds)
    threads = []
    for _ in range(sessions):
        h, sid, qid = prepare_session(base)
        token = h["Authorization"].split()[1]
        threads.append(
            threading.Thread(target=stream_answer, args=(base, token, sid, qid, audio, []))
        )
    for t in threads:
        t.start()
    return threads


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def run_level(base: str, load: int, seconds: float, video: Path) -> dict[str, Any]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                *CHROMIUM_ARGS,
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        page = browser.new_context(base_url=base).new_page()
        page.add_init_script(f"localStorage.setItem({REFRESH_KEY!r}, {_refresh_token(base)!r});")
        page.add_init_script(PROBE)
        page.goto("/practice/device-check")
        page.get_by_role("button", name="Turn on camera and microphone").click()
        # Models loaded and the first windows out: measure from here.
        page.wait_for_function("window.__moodlensProbe.windows.length >= 4", timeout=120_000)
        page.evaluate("window.__moodlensProbe.windows = []")
        threads = _speech_load(base, load, seconds) if load else []
        cpu = psutil.cpu_percent(None)
        page.wait_for_timeout(seconds * 1000)
        cpu = psutil.cpu_percent(None)
        windows: list[dict[str, Any]] = page.evaluate("window.__moodlensProbe.windows")
        browser.close()
    for t in threads:
        t.join()
    # The page's rate is measured over the last 3 s: one reading per window after the first 3 s.
    fps = [w["fps"] for w in windows[6:] if w["fps"] > 0]
    last = windows[-1]
    return {
        "load_sessions": load,
        "seconds": seconds,
        "backend": last["backend"],
        "fps_median": round(statistics.median(fps), 1),
        "fps_p10": _pct(fps, 0.1),
        "fps_min": round(min(fps), 1),
        "frame_ms_median": round(last["medianMs"], 1),
        "frame_ms_p90": round(last["p90Ms"], 1),
        "detector_ms_median": round(last["detectMedianMs"], 1),
        "landmarks_smile_ms_median": round(last["describeMedianMs"], 1),
        "detector_share": round(last["framesDetected"] / max(1, last["framesAnalysed"]), 2),
        "face_present_mean": round(statistics.fmean(w["present"] for w in windows), 2),
        "machine_cpu_percent": cpu,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--load", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--web-dist", type=Path, default=REPO / "web" / "dist")
    args = ap.parse_args()
    dist: Path = args.web_dist
    if not (dist / "index.html").is_file():
        sys.exit(f"{dist}/index.html is missing: run `make web-build` first")
    video = VIDEO.ensure_face_video()
    with running_server(asr_workers=1, web_dist=dist) as (base, _server):
        levels = [run_level(base, n, args.seconds, video) for n in args.load]
    print(
        json.dumps(
            {
                "fps_median": levels[0]["fps_median"],
                "fps_p10": levels[0]["fps_p10"],
                "meets_8fps_median": all(lv["fps_median"] >= 8 for lv in levels),
                "cores": psutil.cpu_count(),
                "video_face_visible_share": round(
                    1 - sum(e - s for s, e in VIDEO.COVERED) / VIDEO.DURATION_S, 2
                ),
                "levels": levels,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
