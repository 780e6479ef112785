# Two commands on a fresh machine: `make run` and `make test` (see README).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
VENV_STAMP := .venv/.installed
WEB_STAMP := web/node_modules/.installed
export MOODLENS_PORT ?= 8000

help:
	@echo "make run   - install, migrate, seed demo data, serve http://127.0.0.1:$(MOODLENS_PORT)"
	@echo "make test  - install test tools, run lint, types, Python, web and browser tests"

system-app:
	@bash scripts/install-system-deps.sh app

system-test:
	@bash scripts/install-system-deps.sh test

# Python: one pinned lock; silero-vad goes in without dependencies because it would pull
# in torch, which we never import (we run its ONNX file through onnxruntime). moonshine-voice
# likewise, only for the real human recordings it ships (tests/fixtures/speech_corpus.py).
$(VENV_STAMP): requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	.venv/bin/pip install -q --disable-pip-version-check "uv==0.13.9"
	.venv/bin/uv pip install -q --python $(PY) -r requirements.lock
	.venv/bin/uv pip install -q --python $(PY) --no-deps -e . "silero-vad==6.2.3" "moonshine-voice==0.1.5"
	touch $@

venv: $(VENV_STAMP)

$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

web-deps: $(WEB_STAMP)

web-build: $(WEB_STAMP)
	cd web && npm run build --silent

run: system-app venv web-build
	$(PY) -m moodlens.cli migrate
	$(PY) -m moodlens.cli demo
	$(PY) -m moodlens.cli serve

services:
	@bash scripts/ensure-services.sh

lint: venv web-deps
	.venv/bin/ruff check src tests bench migrations
	.venv/bin/ruff format --check src tests bench migrations
	.venv/bin/mypy src tests bench
	cd web && npm run lint --silent && npm run format:check --silent
	.venv/bin/lint-imports
	$(PY) scripts/check_file_size.py

web-test: web-build
	cd web && npm run typecheck --silent && npm test --silent && npm run check:client --silent

py-test: venv services
	.venv/bin/pytest -m "not e2e" -q -p no:cacheprovider
	MOODLENS_TEST_DATABASE_URL=sqlite+aiosqlite:///unused .venv/bin/pytest -m "sqlite and not e2e" -q -p no:cacheprovider

e2e: venv web-build services
	.venv/bin/pytest -m e2e -q -p no:cacheprovider

test: system-test venv web-deps lint web-test py-test e2e

.PHONY: help system-app system-test venv web-deps web-build run services lint web-test py-test e2e test
