# One image, several commands (the `moodlens` CLI is the entry point):
#   serve (default), worker, asr-worker (the recogniser fleet, issue 14, ADR 0015), migrate,
#   demo.
# Not built or run on the development machines (they have no container engine):
# tests/deploy/test_deploy_files.py checks this file and compose.yaml against the CLI.
#
# It installs exactly what the project's own files install, as `make run` does: the Debian
# packages of scripts/install-system-deps.sh (profile app), the pinned requirements.lock via
# uv, silero-vad without its torch dependency, and the built web client. Model weights ship
# inside the wheels (moonshine-cpp, silero-vad, wordllama); nothing is downloaded at run time.

# The web client needs Node >= 20.19 (web/package.json); Debian 12's nodejs is 18, so it is
# built in Node's own Debian 12 image and only web/dist is copied over.
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web/ ./
RUN npm run build --silent

# Python 3.11 on Debian 12 (bookworm), the interpreter and distribution the project targets
# (pyproject: requires-python >=3.11,<3.12).
FROM python:3.11-slim-bookworm AS app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    MOODLENS_HOST=0.0.0.0 \
    MOODLENS_PORT=8000 \
    MOODLENS_VAR_DIR=/var/lib/moodlens \
    MOODLENS_WEB_DIST=/app/web/dist \
    MOODLENS_MODEL_CACHE=/var/lib/moodlens/model-cache
WORKDIR /app

COPY scripts/install-system-deps.sh scripts/install-system-deps.sh
RUN bash scripts/install-system-deps.sh app && rm -rf /var/lib/apt/lists/*

COPY requirements.lock pyproject.toml ./
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install -q --disable-pip-version-check --no-cache-dir "uv==0.13.9" \
 && /opt/venv/bin/uv pip install -q --no-cache --python /opt/venv/bin/python -r requirements.lock

# Editable like `make venv`: `moodlens migrate` finds alembic.ini and migrations/ next to src/.
COPY alembic.ini ./
COPY migrations/ migrations/
COPY src/ src/
RUN /opt/venv/bin/uv pip install -q --no-cache --python /opt/venv/bin/python --no-deps -e . "silero-vad==6.2.3"

COPY --from=web /src/web/dist web/dist

# The prepared (dequantised) speech models are converted locally on first use (ADR 0014) and
# cached under MOODLENS_MODEL_CACHE; mount a volume there so a restart does not convert again.
RUN useradd --system --uid 10001 --home-dir /var/lib/moodlens --create-home moodlens \
 && mkdir -p /var/lib/moodlens/model-cache /var/lib/moodlens/storage \
 && chown -R moodlens:moodlens /var/lib/moodlens
USER moodlens

EXPOSE 8000
# /healthz: the process answers. compose.yaml checks /readyz (database and Redis) instead.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
ENTRYPOINT ["moodlens"]
CMD ["serve"]
