# `make edition` builds the edition from seeds/ into build/; `make test` runs the tests.
# Both set up the virtual environment they need first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: edition test setup system-deps clean

$(BIN)/edition: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/edition

edition: setup
	$(BIN)/edition build seeds --out build

test: setup system-deps
	$(BIN)/pytest

# Debian packages the browser tests need; installed when running as root (CI).
system-deps:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || true

clean:
	rm -rf build
