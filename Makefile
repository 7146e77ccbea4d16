# Samverka. A newcomer needs two commands: `make demo` and `make test`.
# Works on a machine with only Python 3.11+ and make: everything else goes into .venv.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
CATALOGS := platform/translations
APP := samverka.platform.app:create_app()

WEB_PORT ?= 5000
EID_PORT ?= 5001
MAIL_PORT ?= 1025

# In CI (or when asked), a missing PostgreSQL or Redis fails the run instead of skipping tests.
ifneq ($(filter true 1,$(CI))$(filter 1,$(SAMVERKA_REQUIRE_SERVICES)),)
export SAMVERKA_REQUIRE_SERVICES := 1
endif

.PHONY: help venv install translations lint test demo screenshots migrate worker cron vendor clean distclean

help:
	@echo "make demo         run the demo: SQLite, demo data, development e-ID, mail catcher, web app"
	@echo "make test         install the development dependencies, lint, and run the whole test suite with coverage"
	@echo "make screenshots  photograph the demo (each role's landing page, the action plan, a chart) into docs/screenshots"
	@echo "make lint         ruff (lint and format check) and import-linter's layering contracts"
	@echo "make install      create .venv and install Samverka with its development dependencies"
	@echo "make translations compile the nb/sv/en message catalogues"
	@echo "make migrate      migrate the database named by DATABASE_URL (default: SQLite in instance/)"
	@echo "make worker       start an RQ worker (needs REDIS_URL)"
	@echo "make cron         start THE cron process for periodic jobs (needs REDIS_URL; run exactly one)"
	@echo "make vendor       refresh the vendored Designsystemet CSS with npm (DS_VERSION=$(DS_VERSION)); needs the network"
	@echo "make clean        remove caches and compiled catalogues; 'make distclean' also .venv and instance/"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Samverka needs Python 3.11 or newer; '$(PYTHON)' is older (try: make PYTHON=python3.12 ...)"; exit 1; }
	@$(PYTHON) -m venv $(VENV) \
		|| { echo "could not create $(VENV): on Debian or Ubuntu, install the python3-venv package"; exit 1; }

venv: $(BIN)/python

$(INSTALLED): $(BIN)/python pyproject.toml setup.py
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(INSTALLED)

# Compiled catalogues (.mo) are build output, not committed.
translations: install
	@if compgen -G "$(CATALOGS)/*/LC_MESSAGES/*.po" > /dev/null; then \
		$(BIN)/pybabel compile --statistics -d $(CATALOGS); \
	else \
		echo "no message catalogues in $(CATALOGS) yet: texts appear untranslated"; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Coverage of platform, tenants and jobs must stay at or above the floor in pyproject.toml.
test: translations lint
	$(BIN)/python -m pytest --cov --cov-report=term:skip-covered $(PYTEST_ARGS)

# Runs the demo on free ports in a throw-away instance and drives Debian's chromium through it.
screenshots: translations
	$(BIN)/samverka-dev screenshots --out docs/screenshots

migrate: install
	$(BIN)/samverka db upgrade

worker: install
	$(BIN)/samverka worker

cron: install
	$(BIN)/samverka cron

# The demo is self-contained: SQLite in instance/, jobs in-process, mail to the local catcher.
demo: export DATABASE_URL :=
demo: export DATABASE_OWNER_URL :=
demo: export REDIS_URL :=
demo: export MAIL_SERVER := 127.0.0.1
demo: export MAIL_PORT := $(MAIL_PORT)
demo: export PUBLIC_URL := http://127.0.0.1:$(WEB_PORT)
demo: export OIDC_DISCOVERY_URL := http://127.0.0.1:$(EID_PORT)/.well-known/openid-configuration
demo: translations
	@$(BIN)/samverka-dev mail-catcher --port $(MAIL_PORT) & mail_pid=$$!; \
	trap 'kill $$mail_pid $$eid_pid 2>/dev/null; wait' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/samverka db upgrade || exit 1; \
	$(BIN)/samverka-dev demo-data > instance/demo-personas.txt || exit 1; \
	$(BIN)/samverka-dev eid --port $(EID_PORT) & eid_pid=$$!; \
	echo; \
	echo "Samverka demo: open $$PUBLIC_URL and sign in with the development e-ID."; \
	cat instance/demo-personas.txt; \
	echo "Mail sent by the demo is printed here and kept in instance/mail.log. Stop with Ctrl-C."; \
	echo; \
	$(BIN)/flask --app "$(APP)" run --host 127.0.0.1 --port $(WEB_PORT)

# Designsystemet's CSS is committed under $(DS_DIR): the app and its tests never need npm or the network.
# Only this target does, to fetch another version into a temporary directory and copy the built files.
DS_PACKAGE := @digdir/designsystemet-css
DS_VERSION ?= 1.22.0
DS_DIR := platform/ui/static/vendor/designsystemet

vendor:
	@command -v npm > /dev/null || { echo "make vendor needs npm (apt-get install npm)"; exit 1; }
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	(cd "$$tmp" && npm pack --silent "$(DS_PACKAGE)@$(DS_VERSION)" > /dev/null && tar -xzf *.tgz) && \
	cp "$$tmp/package/dist/src/index.css" $(DS_DIR)/index.css && \
	cp "$$tmp/package/dist/theme/designsystemet.css" $(DS_DIR)/theme.css && \
	cp "$$tmp/package/LICENSE" $(DS_DIR)/LICENSE && \
	echo "$(DS_PACKAGE) $(DS_VERSION)" > $(DS_DIR)/VERSION && \
	echo "vendored $(DS_PACKAGE) $(DS_VERSION) into $(DS_DIR); update the version in $(DS_DIR)/README.md"

clean:
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find $(CATALOGS) -name '*.mo' -delete 2>/dev/null || true
	rm -rf build dist samverka.egg-info

distclean: clean
	rm -rf $(VENV) instance
