# L&D Pathways: `make run` sets everything up and serves the site; `make test` sets up and runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PYTHON_WANTED := $(shell cat .python-version)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test setup data lint format check audit pytest e2e lock clean

help:
	@echo "make run    set up (first time) and serve the site on http://$(HOST):$(PORT)"
	@echo "make test   set up (first time) and run every check and test"
	@echo "make format apply ruff format and fixes, and indent the templates (djhtml)"
	@echo "make lock   refresh requirements.lock after changing pyproject.toml"
	@echo "make bench  run the load harness against production settings (benchmarks/load/README.md)"

# Find Python $(PYTHON_WANTED) or newer: pyenv first (it reads .python-version), then the PATH.
$(VENV)/.created: .python-version
	@set -e; \
	for candidate in "$$(command -v pyenv >/dev/null && pyenv which python 2>/dev/null)" \
	                 python$(PYTHON_WANTED) python3.14 python3.13 python3.12 python3; do \
	  [ -n "$$candidate" ] || continue; \
	  bin=$$(command -v "$$candidate" 2>/dev/null) || continue; \
	  if "$$bin" -c 'import sys; sys.exit(0 if sys.version_info >= tuple(map(int, "$(PYTHON_WANTED)".split(".")[:2])) else 1)' 2>/dev/null; then \
	    echo "Using $$bin ($$("$$bin" --version))"; \
	    rm -rf $(VENV); "$$bin" -m venv $(VENV); touch $@; exit 0; \
	  fi; \
	done; \
	echo "Python $(PYTHON_WANTED) or newer is needed and none was found. Install Python $(PYTHON_WANTED) (for example 'pyenv install $(PYTHON_WANTED)') and try again." >&2; \
	exit 1

$(VENV)/.installed: $(VENV)/.created requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

setup: $(VENV)/.installed

# Migrations, the shipped framework and the demo data: each step is idempotent, so a second run is quick.
data: setup
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_framework
	$(MANAGE) load_demo_data --site-url http://$(HOST):$(PORT)

# The background worker (db_worker: large spreadsheets people ask for) runs beside the site and is stopped
# when runserver stops, by Ctrl+C or otherwise.
run: data
	$(MANAGE) db_worker --backend background --interval 1 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver $(HOST):$(PORT)

# Style is mechanical: make test fails on code or templates that make format would change.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/djhtml templates

# What production refuses to start without, with values that are only good for checking. `check` also
# builds the production static files (hashed names, compressed copies) into a folder it throws away.
PRODUCTION_CHECK_ENV = DJANGO_SETTINGS_MODULE=cms.settings.production \
  SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-secret-key-0123456789 ALLOWED_HOSTS=ld-pathways.example \
  EMAIL_HOST=smtp.ld-pathways.example DATABASE_URL=$${DATABASE_URL:-sqlite:///:memory:}

check: setup
	$(MANAGE) check --fail-level WARNING
	$(PRODUCTION_CHECK_ENV) $(MANAGE) check --deploy --fail-level WARNING
	static_root=$$(mktemp -d) && trap 'rm -rf "$$static_root"' EXIT && \
	  $(PRODUCTION_CHECK_ENV) STATIC_ROOT=$$static_root $(MANAGE) collectstatic --no-input -v 0
	$(MANAGE) makemigrations --check --dry-run

# Supply chain. bandit fails on medium or high findings in our code; a line it has reviewed carries a
# `# nosec` saying why (bandit 1.9 then warns "nosec encountered (B703), but no failed test": its bug 942).
# .ci/audit runs pip-audit on the lock and says so when it could not be reached.
# The SBOM lists the lock as CycloneDX; requirements carry no dependency graph, so its warning is hidden.
audit: setup
	$(VENV)/bin/bandit --quiet --recursive cms workforce competencies peernet --exclude '*/migrations/*' -ll
	VENV=$(VENV) .ci/audit
	PYTHONWARNINGS="ignore:The Component this BOM is describing:UserWarning" $(VENV)/bin/cyclonedx-py requirements \
	  requirements.lock --pyproject pyproject.toml --output-reproducible -o sbom.cdx.json
	@$(PY) -c 'import json; print("sbom.cdx.json:", len(json.load(open("sbom.cdx.json"))["components"]), "components")'

pytest: setup
	$(VENV)/bin/pytest -n auto

test: lint check audit pytest

lock: setup
	$(VENV)/bin/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
	  -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# The load harness (benchmarks/load/README.md): production settings, gunicorn and PostgreSQL filled by
# generate_synthetic at BENCH_SCALE (demo, national or 10x), every key page driven with wrk at 1 and 8
# connections. Writes benchmarks/load/results/<scale>.md and .json. BENCH_ARGS passes more options.
BENCH_SCALE ?= national
BENCH_DURATION ?= 10
.PHONY: bench
bench: setup
	$(PY) benchmarks/load/run.py --scale $(BENCH_SCALE) --duration $(BENCH_DURATION) $(BENCH_ARGS)
