# Upright: set-up, run and test. `make run` and `make test` are the two commands a new
# developer needs; both create the virtual environment and fetch the pose model first.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the test suite needs (browser, database server, speech, video tools,
# certutil to make the browser trust the LAN test's certificate authority).
DEB_PACKAGES := chromium postgresql espeak-ng ffmpeg sox libnss3-tools
DEB_COMMANDS := /usr/bin/chromium /usr/lib/postgresql/15/bin/initdb /usr/bin/espeak-ng /usr/bin/ffmpeg /usr/bin/sox /usr/bin/certutil

.PHONY: install run test lint types unit bench system-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)
	$(BIN)/upright models fetch

# Install the Debian packages only when one of their commands is missing, so a developer
# and CI take the same path.
system-deps:
	@missing=0; for c in $(DEB_COMMANDS); do [ -x $$c ] || missing=1; done; \
	if [ $$missing = 1 ]; then \
	  echo "installing Debian packages: $(DEB_PACKAGES)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PACKAGES) >/dev/null; \
	fi

run: install
	$(BIN)/upright serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy

# Python may keep its bytecode during the suite even where the environment says
# PYTHONDONTWRITEBYTECODE: every pytest process otherwise compiles again the ~280 plugin
# modules pytest rewrites (about 1 CPU-s each time), and every server, worker and CLI
# run the tests start compiles the package again. The caches go to __pycache__ folders,
# which git ignores.
unit: install system-deps
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n auto --dist loadfile

test: install system-deps lint types unit

bench: install
	@for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
