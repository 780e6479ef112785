"""Face analysis in real Firefox on a real face, on the device-check page: the counterpart of
test_face_capture.py (Chromium) for issue 5's "works in Chromium and Firefox".

Firefox is Debian's firefox-esr driven by `web/e2e/firefox-flow.mjs` (scenario "face-check",
puppeteer-core over WebDriver BiDi; see test_firefox_flow.py).

Test input: Firefox's fake camera (`media.navigator.streams.fake`) shows a synthetic video
with no face, and Firefox has no file-backed fake camera. So the driver replaces the video
track that getUserMedia returns with a `canvas.captureStream(15)` track of a canvas on which it
draws `scripts/make_video_fixtures.py`'s video from `write_canvas_video` (the astronaut photo,
the cover board and each frame's tilt and sway from `motion`): the same 20 s loop as
Chromium's y4m fake camera, with the same head movement and the same covered stretches
(COVERED), at 15 frames/s, frame i shown from the canvas camera's start + i/15 s on the
page's performance.now() clock, the clock of the face windows. The app's face analysis
(<video>, one drawImage per frame, the wasm nets, detect-then-track) runs unchanged on that
track. The microphone is Firefox's fake tone, with Firefox's mock audio backend
(`media.cubeb.force_mock_context`) since the machine has no sound card.

Checked:
- the canvas shows the Chromium video: some frames drawn in Firefox match the generator's
  frames pixel for pixel within interpolation noise, and differ from their neighbours' by more;
- the face windows (read through the test probe, web/src/features/interview/testProbe.ts)
  follow the covered stretches as in Chromium: visible stretches present >= 0.9, covered
  <= 0.1, overall within 10 points of the video's own share; no pose without a face; a pose
  on >= 90 % of the windows with the face in view, yaw and roll within the video's motion;
- detect-then-track (docs/adr/0005): where the face is in view the landmark net follows it
  and the detector runs on about one frame in three; while covered it runs on every frame;
- the wasm backend, analysis running (fps > 0; the rate and timings are printed, not asserted).

Run alone to see the measured figures:
    .venv/bin/pytest -m e2e tests/e2e/test_firefox_face.py -q -p no:cacheprovider -s
"""

from __future__ import annotations

import base64
import io
import itertools
import math
import statistics
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from tests.e2e.accounts import new_account
from tests.e2e.firefox_driver import run_driver
from tests.scripts import load_script

pytestmark = pytest.mark.e2e

VIDEO = load_script("make_video_fixtures")
# As in test_face_capture.py: a full loop after the first face, and windows this close to a
# cover/uncover moment left out of the per-stretch checks (the 5-frame presence debounce, and
# here the canvas -> track -> <video> delay of a frame or two).
OBSERVE_S = 27.0
EDGE_MARGIN_S = 1.0
# Firefox start, login and model loading take ~5 s before the observed loop (the driver ~32 s
# in all); room for a busy machine.
TIMEOUT_S = 120
# Frames the driver draws alone to compare with the generator's: the face at different tilts
# and sways, and the cover board.
CHECKED_FRAMES = (0, 37, 100, 170, 260)
# Mean absolute difference per channel (0-255) between the canvas and PIL drawing of a frame:
# both interpolate bilinearly, in one step (canvas) or two (PIL's rotate, then the resize).
SAME_FRAME_MAX = 6.0


def _account_with_consent(base_url: str) -> tuple[str, str]:
    """A new user who accepted the current consent; returns email and password."""
    account = new_account(base_url, prefix="firefox-face", full_name="Eileen Collins")
    return account.email, account.password


def _png(data_url: str) -> np.ndarray[Any, np.dtype[np.int16]]:
    raw = base64.b64decode(data_url.split(",", 1)[1])
    with Image.open(io.BytesIO(raw)) as img:
        return np.asarray(img.convert("RGB"), dtype=np.int16)


def _mean_abs(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


def _visible(t: float) -> bool:
    return bool(VIDEO.face_visible(t))


def _near_edge(t: float) -> bool:
    return bool(VIDEO.near_cover_edge(t, EDGE_MARGIN_S))


def _detected_share(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> float:
    """Share of the frames analysed between consecutive windows on which the detector ran."""
    analysed = sum(b["framesAnalysed"] - a["framesAnalysed"] for a, b in pairs)
    detected = sum(b["framesDetected"] - a["framesDetected"] for a, b in pairs)
    assert analysed > 0, pairs
    return float(detected / analysed)


def test_face_windows_in_firefox_follow_the_covered_stretches(
    live_server: str, tmp_path: Path
) -> None:
    spec = VIDEO.write_canvas_video(tmp_path / "canvas-video")
    email, password = _account_with_consent(live_server)
    result = run_driver(
        live_server,
        email,
        password,
        "face-check",
        TIMEOUT_S,
        f"--fake-camera={spec.parent}",
        f"--observe-s={OBSERVE_S}",
        *(f"--render-frame={i}" for i in CHECKED_FRAMES),
    )

    # The canvas camera shows the Chromium video's frames.
    photo = VIDEO.astronaut()
    drawn = {i: _png(result["frames"][str(i)]) for i in CHECKED_FRAMES}
    same = {i: _mean_abs(drawn[i], VIDEO.frame(i, photo)) for i in CHECKED_FRAMES}
    # ... and the check can tell frames apart: a frame against the one 0.4 s later.
    other = {
        i: _mean_abs(drawn[i], VIDEO.frame(i + 6, photo))
        for i in CHECKED_FRAMES
        if not VIDEO.is_covered(i / VIDEO.FPS)
    }
    print(
        f"\nfirefox ({result['browser']}) canvas camera vs the video's frames: mean abs "
        f"difference {', '.join(f'{i}: {d:.1f}' for i, d in same.items())}; "
        f"vs 6 frames later {', '.join(f'{i}: {d:.1f}' for i, d in other.items())}"
    )
    assert all(d <= SAME_FRAME_MAX for d in same.values()), same
    assert all(d > 2 * same[i] for i, d in other.items()), (same, other)

    camera = result["face"]["camera"]
    windows: list[dict[str, Any]] = result["face"]["windows"]
    assert camera is not None and windows, result["face"]
    started_ms = camera["startedAtMs"]
    late = sorted(camera["lateMs"])
    # Skip the first window: the models may still have been warming up.
    rows = [((w["startMs"] + w["endMs"]) / 2000 - started_ms / 1000, w) for w in windows[1:]]
    visible = [
        w["features"]["face_present_ratio"] for t, w in rows if _visible(t) and not _near_edge(t)
    ]
    covered = [
        w["features"]["face_present_ratio"]
        for t, w in rows
        if not _visible(t) and not _near_edge(t)
    ]
    assert len(visible) >= 20 and len(covered) >= 4, (len(visible), len(covered))
    visible_ratio = statistics.fmean(visible)
    covered_ratio = statistics.fmean(covered)
    all_ratio = statistics.fmean(w["features"]["face_present_ratio"] for _, w in rows)
    truth_ratio = statistics.fmean(1.0 if _visible(t) else 0.0 for t, _ in rows)

    # Detect-then-track, from the counters' growth between consecutive windows inside one
    # stretch.
    pairs = list(itertools.pairwise(rows))
    inside = [(a, b) for a, b in pairs if not _near_edge(a[0]) and not _near_edge(b[0])]
    tracked_share = _detected_share(
        [(a[1]["stats"], b[1]["stats"]) for a, b in inside if _visible(a[0]) and _visible(b[0])]
    )
    covered_share = _detected_share(
        [
            (a[1]["stats"], b[1]["stats"])
            for a, b in inside
            if not _visible(a[0]) and not _visible(b[0])
        ]
    )

    stats = [w["stats"] for w in windows[2:]]
    fps = [s["fps"] for s in stats if s["fps"] > 0]
    last = windows[-1]["stats"]
    frames_per_window = statistics.fmean(w["frames"] for w in windows[1:])
    print(
        f"firefox face analysis: backend={last['backend']} fps median="
        f"{statistics.median(fps):.1f} min={min(fps):.1f}; per frame median="
        f"{last['medianMs']:.0f} ms p90={last['p90Ms']:.0f} ms (detector "
        f"{last['detectMedianMs']:.0f} ms on {last['framesDetected']} of "
        f"{last['framesAnalysed']} frames: {tracked_share:.2f} of the frames with the face in "
        f"view, {covered_share:.2f} while covered; landmarks+smile "
        f"{last['describeMedianMs']:.0f} ms); frames/window={frames_per_window:.1f}; face "
        f"present: visible stretches {visible_ratio:.3f} (n={len(visible)}), covered "
        f"stretches {covered_ratio:.3f} (n={len(covered)}), overall {all_ratio:.3f} vs truth "
        f"{truth_ratio:.3f}; canvas camera: {camera['drawn']} frames drawn, {camera['skipped']} "
        f"skipped, drawn late by median {late[len(late) // 2]:.0f} ms p90 "
        f"{late[int(0.9 * len(late))]:.0f} ms; <video> loadeddata "
        f"{(windows[-1]['cameraStartedAt'] or math.nan) - started_ms:.0f} ms after the camera "
        f"started; driver {result['elapsedS']:.0f} s"
    )

    assert last["backend"] == "wasm"
    assert visible_ratio >= 0.9
    assert covered_ratio <= 0.1
    assert abs(all_ratio - truth_ratio) <= 0.1
    # One detector pass in three (DETECT_EVERY) while tracking holds, a little more with the
    # re-anchors after a jump; nothing to track behind the board.
    assert tracked_share <= 0.5, tracked_share
    assert covered_share >= 0.9, covered_share

    # Pose, gaze and smile only with a face; movement is always a number.
    for _, w in rows:
        f = w["features"]
        assert math.isfinite(f["movement_energy"]) and f["movement_energy"] >= 0
        if f["face_present_ratio"] == 0:
            assert f["yaw"] is None and f["smile"] is None and f["gaze_on_camera"] is None
    with_face = [(t, w["features"]) for t, w in rows if _visible(t) and not _near_edge(t)]
    posed_at = [(t, f) for t, f in with_face if f["yaw"] is not None]
    posed = [f for _, f in posed_at]
    assert len(posed) >= 0.9 * len(with_face), (len(posed), len(with_face))
    # Roll follows the video's tilt: PIL turns the photo counter-clockwise for a positive
    # angle, and roll > 0 is a clockwise tilt in the image (pose.ts).
    tilt = [-VIDEO.motion(t % VIDEO.DURATION_S)[0] for t, _ in posed_at]
    roll_r = statistics.correlation(tilt, [f["roll"] for f in posed])
    roll_error = statistics.median(abs(f["roll"] - a) for a, f in zip(tilt, posed, strict=True))
    print(
        "firefox face pose (frontal face): median yaw "
        f"{statistics.median(f['yaw'] for f in posed):.1f} pitch "
        f"{statistics.median(f['pitch'] for f in posed):.1f} roll "
        f"{statistics.median(f['roll'] for f in posed):.1f}, |roll| max "
        f"{max(abs(f['roll']) for f in posed):.1f}, against the video's tilt r={roll_r:.2f} "
        f"median error {roll_error:.1f} deg; gaze_on_camera median "
        f"{statistics.median(f['gaze_on_camera'] for f in posed):.2f}; smile median "
        f"{statistics.median(f['smile'] for f in posed if f['smile'] is not None):.2f}"
    )
    # The video tilts the head by at most 6 degrees about the camera axis and does not turn
    # it: yaw stays small, roll follows the tilt.
    assert all(abs(f["yaw"]) < 15 for f in posed)
    assert all(abs(f["roll"]) < 20 for f in posed)
    assert roll_r >= 0.7, (roll_r, list(zip(tilt, [f["roll"] for f in posed], strict=True)))
    # The rate is printed above, not asserted (DESIGN §9): analysis ran continuously.
    assert statistics.median(fps) > 0
