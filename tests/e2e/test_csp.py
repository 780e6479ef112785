"""The built client works under the server's Content-Security-Policy in real Chromium: the
device check loads the face models and compiles tfjs's WebAssembly backend, starts the
microphone's AudioWorklet and shows its level, with not one CSP violation reported."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from moodlens.core.security_headers import APP_POLICY
from tests.e2e.accounts import new_account
from tests.scripts import load_script

pytestmark = pytest.mark.e2e

VIDEO = load_script("make_video_fixtures")
REFRESH_KEY = "moodlens.refresh_token"

# Collect violations from the first script on: the browser fires one event per blocked load,
# inline script/style, eval or WebAssembly compile.
VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI,
                                source: e.sourceFile, line: e.lineNumber });
});
window.__moodlensProbe = { faceWindow(w, stats) { window.__faceBackend = stats.backend; } };
"""


def _tone_wav(path: Path) -> Path:
    rate = 16_000
    samples = [
        int(0.25 * 32767 * math.sin(2 * math.pi * 300 * i / rate)) if (i / rate) % 1.5 < 1 else 0
        for i in range(rate * 10)
    ]
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return path


@pytest.fixture(scope="module")
def chromium_extra_args(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    wav = _tone_wav(tmp_path_factory.mktemp("csp") / "tone.wav")
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={VIDEO.ensure_face_video()}",
        f"--use-file-for-fake-audio-capture={wav}",
    ]


def test_device_check_runs_face_wasm_and_audio_worklet_without_csp_violations(
    page: Page, live_server: str
) -> None:
    refresh = new_account(live_server, prefix="csp", full_name="Sally Ride").refresh_token
    page.add_init_script(VIOLATIONS)
    page.add_init_script(f"window.localStorage.setItem({REFRESH_KEY!r}, {refresh!r});")

    response = page.goto("/practice/device-check")
    assert response is not None
    assert response.headers["content-security-policy"] == APP_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    page.get_by_role("button", name="Turn on camera and microphone").click()
    # Face models fetched, the wasm backend compiled, a face found.
    expect(page.get_by_text("Face in frame.")).to_be_visible(timeout=60_000)
    # The AudioWorklet module runs: the level meter follows the tone bursts.
    page.wait_for_function(
        "() => Number(document.querySelector('[role=meter]')?.getAttribute('aria-valuenow')) > -30",
        timeout=30_000,
    )
    page.wait_for_function("() => window.__faceBackend !== undefined", timeout=30_000)
    backend = page.evaluate("() => window.__faceBackend")
    violations: list[dict[str, Any]] = page.evaluate("() => window.__cspViolations")
    print(f"\ncsp: tf backend={backend}; violations={violations}")
    assert violations == []
    assert backend == "wasm"  # not a silent fallback to a slower backend the policy allows

    # The listener hears violations and the policy is enforced: an inline script is refused.
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__inlineRan = true"; document.head.appendChild(s); }"""
    )
    page.wait_for_function("() => window.__cspViolations.length > 0", timeout=30_000)
    assert page.evaluate("() => window.__inlineRan ?? null") is None
