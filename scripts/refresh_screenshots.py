#!/usr/bin/env python3
"""Refresh docs/screenshots/*.png: runs the interview-room and accessibility browser e2e with
MOODLENS_SCREENSHOTS=1, which save each step of the candidate flow (login, home, consent,
setup, device check, interview room with cues, report) at 1280x800, and consent, room and
report at 200 % zoom (a11y-200pct-*.png).

Needs the built web client (cd web && npm run build) and PostgreSQL, like every e2e test.
Usage: .venv/bin/python scripts/refresh_screenshots.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    env = {**os.environ, "MOODLENS_SCREENSHOTS": "1"}
    tests = ["tests/e2e/test_interview_room.py", "tests/e2e/test_accessibility.py"]
    cmd = [sys.executable, "-m", "pytest", "-m", "e2e", *tests, "-s"]
    code = subprocess.call(cmd, cwd=REPO, env=env)
    if code == 0:
        for png in sorted((REPO / "docs" / "screenshots").glob("*.png")):
            print(f"{png.relative_to(REPO)}  {png.stat().st_size // 1024} KiB")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
