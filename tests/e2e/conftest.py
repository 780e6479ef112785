"""Browser end-to-end fixtures: the real server on a fresh PostgreSQL database, driven by
Debian's Chromium through Playwright for Python (DESIGN §6).

- `live_server` (session): a new database `moodlens_e2e_<random>` on 127.0.0.1:5432, migrated
  with `moodlens migrate`, served by `moodlens serve` on a free port; yields the base URL and
  drops the database afterwards.
- `browser` (module): Chromium from /usr/bin/chromium, headless, with the DESIGN §6 flags.
  Playwright gives every launch a fresh temporary user-data dir and deletes it on close.
  Modules add flags (fake camera/microphone files, ...) by overriding `chromium_extra_args`:

      @pytest.fixture(scope="module")
      def chromium_extra_args(fixtures_dir: Path) -> list[str]:
          return ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", ...]

- `sqlite_live_server` (module): the embedded default as `make run` starts it (SQLite file
  under a fresh var dir, jobs in-process, local files, no database URL or secret set), from
  `tests/embedded_server.py`; yields a `ServerUrl` whose `database_url` names the file.
- `app_url` (function): the server `page` talks to; `live_server` unless a module overrides
  it (test_interview_room.py parametrizes it over PostgreSQL and the embedded default).
- `page` (function): a page in a new browser context (own cookies and localStorage) whose
  relative URLs resolve against `app_url`.

Firefox is not driven through these fixtures: Playwright's Firefox does not work with Debian's
firefox-esr, so `test_firefox_flow.py` and `test_firefox_face.py` run `web/e2e/firefox-flow.mjs`
(puppeteer-core over WebDriver BiDi) against `live_server` in a subprocess (`firefox_driver.py`).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from psycopg import sql

from tests.embedded_server import ServerUrl, embedded_server, serving

REPO = Path(__file__).resolve().parents[2]
WEB_DIST = REPO / "web" / "dist"
# The console script of the environment running the tests (.venv/bin/moodlens under make).
MOODLENS = str(Path(sys.executable).with_name("moodlens"))
CHROMIUM = "/usr/bin/chromium"
PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"

# DESIGN §6. Playwright adds --headless itself for headless=True, and --no-sandbox because
# chromium_sandbox defaults to False (the tests run as root).
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

# Start-up imports the models' libraries: on a loaded 2-core machine that alone took 45 s.
SERVER_START_TIMEOUT_S = 300.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _server_env(database_url: str, port: int, var_dir: Path) -> dict[str, str]:
    # Start from a clean slate: MOODLENS_* from the caller (make exports MOODLENS_PORT, the
    # unit tests use MOODLENS_TEST_DATABASE_URL, a developer may have a REDIS_URL) must not leak.
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOODLENS_")}
    env.update(
        {
            "MOODLENS_DATABASE_URL": database_url,
            "MOODLENS_HOST": "127.0.0.1",
            "MOODLENS_PORT": str(port),
            "MOODLENS_SECRET_KEY": secrets.token_urlsafe(48),
            "MOODLENS_VAR_DIR": str(var_dir),
            "MOODLENS_WEB_DIST": str(WEB_DIST),
        }
    )
    return env


@pytest.fixture(scope="session")
def e2e_database() -> Iterator[str]:
    """A database that exists for this test session only; yields its SQLAlchemy URL."""
    name = f"moodlens_e2e_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        pytest.fail(f"e2e needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth): {exc}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=10) as conn:
            # FORCE: the server may still hold pooled connections while it shuts down.
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(scope="session")
def live_server(e2e_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`moodlens serve` on a fresh, migrated database; yields its base URL."""
    if not (WEB_DIST / "index.html").is_file():
        pytest.fail(
            f"{WEB_DIST}/index.html is missing: build the web client first "
            "(make web-build, or: cd web && npm ci && npm run build)"
        )
    var_dir = tmp_path_factory.mktemp("moodlens-e2e-var")
    port = _free_port()
    env = _server_env(e2e_database, port, var_dir)

    migrate = subprocess.run(
        [MOODLENS, "migrate"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if migrate.returncode != 0:
        pytest.fail(f"`moodlens migrate` failed ({migrate.returncode}):\n{migrate.stderr[-4000:]}")

    base_url = f"http://127.0.0.1:{port}"
    try:
        with serving(env, base_url, var_dir / "server.log", SERVER_START_TIMEOUT_S):
            yield base_url
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def sqlite_live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerUrl]:
    """`moodlens serve` on the embedded default (what `make run` serves), built web client."""
    if not (WEB_DIST / "index.html").is_file():
        pytest.fail(f"{WEB_DIST}/index.html is missing: build the web client (make web-build)")
    var_dir = tmp_path_factory.mktemp("moodlens-e2e-sqlite-var")
    try:
        with embedded_server(var_dir, web_dist=WEB_DIST) as server:
            yield server.url
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture
def app_url(live_server: str) -> str:
    """The server `page` talks to; override in a module to use another one."""
    return live_server


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    # Module scope: the sync API runs its own event loop; stopping it after each e2e module
    # keeps it out of the way of the async tests' loop when everything runs in one session.
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def chromium_extra_args() -> list[str]:
    """Extra Chromium flags for this module's browser; override in a test module."""
    return []


@pytest.fixture(scope="module")
def browser(playwright: Playwright, chromium_extra_args: list[str]) -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
        )
    b = playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, *chromium_extra_args],
    )
    yield b
    b.close()


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=app_url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    p = context.new_page()
    yield p
    context.close()
