# Two commands for a fresh machine: `make serve` (or `make build`) and `make test`.
# Each creates .venv on first use from pyproject.toml's pinned dependencies.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve serve-members build build-members check test test-fast bench clean

$(BIN)/mkdocs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet '.[test]'
	touch $@

setup: $(BIN)/mkdocs

serve: setup
	$(BIN)/mkdocs serve

serve-members: setup
	$(BIN)/mkdocs serve -f mkdocs.members.yml

build: setup
	$(BIN)/mkdocs build

build-members: setup
	$(BIN)/mkdocs build -f mkdocs.members.yml

test: setup
	$(BIN)/python -m pytest -n 2

# `make bench BENCH_ARGS="--sizes 1000 --repeats 1"` for a quicker run; see README.
BENCH_ARGS ?= --sizes 1000,10000 --repeats 3
bench: setup
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf site site-members .pytest_cache
