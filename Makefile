# Two commands: `make run` (serve the demo on http://127.0.0.1:5000) and `make test`.
# Works on a fresh Debian 12 machine as root (installs what is missing with apt)
# and as a normal user where the system packages are present.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

TRANSLATIONS := tracker/translations
POT := $(TRANSLATIONS)/messages.pot
LANGUAGES := vi en
PO := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)

.PHONY: help install run test audit fuzz lint translations clean

help:
	@echo "make run           install, migrate, load the demo, serve http://127.0.0.1:5000"
	@echo "make test          ruff, import contracts, pytest on SQLite and on PostgreSQL"
	@echo "make audit         bandit on our code, pip-audit on the installed packages"
	@echo "make fuzz          schemathesis against a running server (demo data, gunicorn)"
	@echo "make install       virtual environment in $(VENV), project, compiled translations"
	@echo "make lint          ruff check"
	@echo "make translations  extract strings and update the vi/en catalogs"
	@echo "make clean         remove the environment, caches and test databases"

install: $(STAMP) $(MO)

# Reinstalled only when pyproject.toml changes.
$(STAMP): pyproject.toml
	@scripts/ensure-venv.sh "$(VENV)" "$(PYTHON)"
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -e '.[dev]'
	@touch $@

# An empty or fuzzy catalog still compiles (-f); untranslated strings show in English.
%.mo: %.po $(STAMP)
	$(BIN)/pybabel --quiet compile -f -i $< -o $@

run: install
	@scripts/run-dev.sh

test: install
	@scripts/test.sh

# Fails when pip-audit's vulnerability service cannot be reached (see scripts/audit.sh).
audit: install
	@scripts/audit.sh

# Not part of `make test` (which fuzzes in-process): serves a throwaway demo database with
# gunicorn and runs the schemathesis CLI over HTTP. FUZZ_EXAMPLES, FUZZ_SEED: scripts/fuzz-api.sh.
fuzz: install
	@scripts/fuzz-api.sh

lint: $(STAMP)
	$(BIN)/ruff check .

# Keywords and file patterns: babel.cfg.
translations: $(STAMP)
	@mkdir -p $(TRANSLATIONS)
	$(BIN)/pybabel --quiet extract -F babel.cfg --project=bcd-tracker -o $(POT) .
	@for lang in $(LANGUAGES); do \
		if [ -f $(TRANSLATIONS)/$$lang/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel update --ignore-obsolete --no-fuzzy-matching -i $(POT) -d $(TRANSLATIONS) -l $$lang; \
		else \
			$(BIN)/pybabel init -i $(POT) -d $(TRANSLATIONS) -l $$lang; \
		fi; \
	done
	$(BIN)/pybabel --quiet compile -f -d $(TRANSLATIONS)

clean:
	-@scripts/pg-private.sh stop
	-@scripts/redis-private.sh stop
	rm -rf $(VENV) .cache .pytest_cache .ruff_cache *.egg-info test-artifacts
	rm -f instance/test*.db instance/test*.db-wal instance/test*.db-shm $(TRANSLATIONS)/*/LC_MESSAGES/*.mo
	find . -name __pycache__ -type d -not -path './.git/*' -prune -exec rm -rf {} +
