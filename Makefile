# `make edition` builds the edition from seeds/ into build/; `make test` runs the tests.
# Both set up the virtual environment they need first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: edition test setup system-deps schemas bench bench-scale bench-hostile fuzz clean

$(BIN)/edition: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/edition

edition: setup
	$(BIN)/edition build seeds --out build

test: setup system-deps
	$(BIN)/pytest

# Debian packages the tests need: chromium for the browser tests, Java for the
# Nu HTML Checker. Installed when missing and running as root (as CI does).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium default-jre-headless >/dev/null; \
	  else echo "install chromium and a Java runtime for the browser and HTML-checker tests" >&2; fi; \
	fi

# Throughput, memory and rebuild times on generated corpora (not a test).
bench: setup
	$(BIN)/python -m tools.bench --sizes 1000,10000 --repeat 3

# The bench at the series' scale (550 volumes of 500 documents), with the
# search measured in the browser, and at 40,000 documents in the same run to
# compare the throughput; not part of `make test`. It takes hours and tens of
# GB: set TMPDIR to a roomy disk (e.g. TMPDIR=/var/tmp make bench-scale).
bench-scale: setup
	$(BIN)/python -m tools.bench --sizes 40000,100000,300000 --search

# Time and peak memory of encoding texts made to be expensive, per size (not a test).
bench-hostile: setup
	$(BIN)/python tools/bench_hostile.py

# A longer fuzz run of the reader and the footnote resolver than the tests do.
FUZZ_SECONDS ?= 300
fuzz: setup
	$(BIN)/python tests/fuzz/fuzz_encoder.py --seconds $(FUZZ_SECONDS)

# The XML form of the RelaxNG schema is generated from the compact source.
schemas: setup
	$(BIN)/python -m rnc2rng schemas/edition.rnc schemas/edition.rng

clean:
	rm -rf build
