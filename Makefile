# Terbuka: `make run` serves the Kota Serang demo; `make test` runs every check CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3.10 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
	&& { command -v $$p; break; }; done)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test lint types migrations-check messages-check pytest test-browser qa bench bench-scaleout load faults messages clean security

help:
	@echo "make run           install, migrate, load the demo and serve http://$(HOST):$(PORT) with a task worker"
	@echo "make test          lint, types, migrations check and the test suite"
	@echo "make test-browser  end-to-end tests in Chromium with axe-core"
	@echo "make qa            the long security suite: route x role matrix, leak crawl, fuzzing"
	@echo "make bench         benchmarks B0-B13, each figure a ratio to an in-run baseline (BENCH_ARGS=--quick, --scale N, --json)"
	@echo "make bench-scaleout  B13 alone: PostgreSQL + Redis, 1 and 2 workers (SCALEOUT_ARGS=--quick)"
	@echo "make faults        reliability fault suite (F1-F12; FAULTS_ARGS=--quick for < 5 min)"
	@echo "make load          locust journey mix on two app servers behind a balancer (LOAD_ARGS=--stack pg)"
	@echo "make security      bandit over terbuka/ and config/; fails on any high-severity finding"
	@echo "make messages      refresh the English catalogue from the Indonesian source strings"

$(BIN)/terbuka: pyproject.toml uv.lock
	@test -n "$(PYTHON)" || { echo "Python >= 3.10 is required"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import uv' 2>/dev/null || $(BIN)/python -m pip install -q "uv==$(UV_VERSION)"
	$(BIN)/uv sync --frozen --python $(BIN)/python
	@touch $(BIN)/terbuka

install: $(BIN)/terbuka

# The demo runs in debug mode with staff MFA off, so the demo accounts can sign in at once.
run: export TERBUKA_DEBUG ?= true
run: export TERBUKA_STAFF_MFA_REQUIRED ?= false
run: install
	$(BIN)/terbuka setup
	@echo "Serving http://$(HOST):$(PORT) (Ctrl-C stops the server and the task worker)"
	@$(BIN)/terbuka db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/terbuka runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy .

migrations-check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/terbuka makemigrations --check --dry-run

messages-check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m terbuka.core.i18ncheck

pytest: install
	$(BIN)/pytest -m "not browser and not qa" -n auto $(PYTEST_ARGS)

test: lint types migrations-check messages-check pytest

# The long security suite (quality.md X1, X4, X7): every route and API operation for every role,
# the personal-data crawl and input fuzzing. `make test` keeps its cheap part: every route listed.
qa: install
	$(BIN)/pytest -m qa -p no:randomly -n 2 $(PYTEST_ARGS)

test-browser: install
	$(BIN)/pytest -m browser -p no:randomly $(PYTEST_ARGS)

# Static security check (quality.md X11): high severity fails; medium and low are reviewed
# from the full report (`bandit -c .bandit.yml -r terbuka config`), see docs/security.md.
security: install
	$(BIN)/bandit -q -c .bandit.yml -r terbuka config --severity-level high

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

# B13 alone: the PostgreSQL + Redis stack with 1 and 2 workers against SQLite.
bench-scaleout: install
	$(BIN)/python -m bench.scaleout $(SCALEOUT_ARGS)

faults: install
	$(BIN)/python -m faults $(FAULTS_ARGS)

load: install
	$(BIN)/python -m loadtest $(LOAD_ARGS)

messages: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/terbuka makemessages -l en --no-obsolete \
		-i '.venv/*' -i 'var/*' -i 'bench/*' -i '*/tests/*' -i 'node_modules/*' -i 'static/*'
	msgfmt -o locale/en/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
