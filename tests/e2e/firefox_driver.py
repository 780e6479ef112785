"""Runs `web/e2e/firefox-flow.mjs` (Firefox through puppeteer-core over WebDriver BiDi) for the
Firefox e2e tests and returns its JSON result; see that file for the scenarios.

No Firefox may stay behind on a machine shared with other browser tests. The driver closes
Firefox itself, also on SIGTERM; should it have to be killed, Firefox (which puppeteer starts in
a process group of its own) is ended by the id the driver printed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
DRIVER = REPO / "web" / "e2e" / "firefox-flow.mjs"
FIREFOX = "/usr/bin/firefox-esr"


def node() -> str:
    """Node.js, after checking that Firefox and puppeteer-core are installed."""
    found = shutil.which("node")
    if found is None:
        pytest.fail("node is missing: install Node.js 20 (see README)")
    if not Path(FIREFOX).is_file():
        pytest.fail(f"{FIREFOX} is missing: run scripts/install-system-deps.sh test")
    if not (REPO / "web" / "node_modules" / "puppeteer-core").is_dir():
        pytest.fail("web/node_modules/puppeteer-core is missing: cd web && npm ci")
    return found


def _is_firefox(pid: int) -> bool:
    try:
        return b"firefox" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _end_firefox(stderr: str) -> bool:
    """Ends the Firefox the driver started if it is still running; True if it had to."""
    found = re.search(r"\[firefox-flow\] firefox pid (\d+)", stderr)
    if not found:
        return False
    pid = int(found.group(1))
    # A Firefox the driver closed may take a moment to be gone.
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline and _is_firefox(pid):
        time.sleep(0.2)
    if not _is_firefox(pid):
        return False
    for sig, wait_s in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, sig)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and _is_firefox(pid):
            time.sleep(0.2)
        if not _is_firefox(pid):
            break
    return True


def run_driver(
    base_url: str, email: str, password: str, scenario: str, timeout_s: float, *extra: str
) -> dict[str, Any]:
    """Runs one scenario for the user; returns the driver's JSON result, failing with what the
    page showed when the driver did not finish."""
    cmd = [
        node(),
        str(DRIVER),
        f"--base-url={base_url}",
        f"--email={email}",
        f"--password={password}",
        f"--scenario={scenario}",
        f"--firefox={FIREFOX}",
        *extra,
    ]
    # On a timeout, SIGTERM lets puppeteer close Firefox before the driver exits; SIGKILL to the
    # driver's group is the last resort, and Firefox is then ended by its id.
    proc = subprocess.Popen(
        cmd,
        cwd=REPO / "web",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    stdout = stderr = ""
    timed_out = False
    try:
        stdout, stderr = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        timed_out = True
    finally:
        # Also on an interrupted test run: the driver and its Firefox go.
        if proc.poll() is None:
            proc.terminate()
            try:
                _out, stderr = proc.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                _out, stderr = proc.communicate()
        left_behind = _end_firefox(stderr)
    if timed_out:
        pytest.fail(f"the Firefox driver took over {timeout_s:.0f} s:\n{stderr[-3000:]}")
    assert not left_behind, f"the driver exited and left Firefox running:\n{stderr[-3000:]}"
    lines = stdout.strip().splitlines()
    try:
        result: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        result = {}
    if proc.returncode != 0 or not result.get("ok"):
        shown = {k: result.get(k) for k in ("error", "steps", "pageUrl", "pageText", "log")}
        pytest.fail(
            f"the Firefox driver failed ({proc.returncode}): {json.dumps(shown, indent=1)}\n"
            f"stderr:\n{stderr[-3000:]}"
        )
    # No uncaught exception in the page on the way.
    assert not [c for c in result["console"] if c.startswith("pageerror")], result["console"]
    return result
