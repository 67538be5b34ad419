# Two commands for a fresh machine: `make serve` (or `make build`) and `make test`.
# Each creates .venv on first use from pyproject.toml's pinned dependencies.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve serve-members build build-members check test test-fast bench bench clean browser-tools

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

# Editors: validate all content in well under a second, without building the site.
check: setup
	$(BIN)/python hooks/newsroom_check.py


# Browser tests (tests/browser/) need Debian's Chromium (`playwright install` cannot
# download a browser here) and axe-core from npm, pinned in package-lock.json.
browser-tools: node_modules/axe-core/axe.min.js
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

test: setup browser-tools
	$(BIN)/python -m pytest -n 2

# Speed against bare MkDocs + Material (issue 7). Default: 1,000 and 10,000 bulletins,
# 3 alternating runs each (long: the 10,000 run takes many minutes). Quicker:
# `make bench BENCH_ARGS="--sizes 1000 --repeats 1"`. Then the search (issue 15) in Chromium:
# Pagefind against Material's search (`SEARCH_BENCH_ARGS="--sizes 1000"` for a quick look).
bench: setup browser-tools
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/search.py $(SEARCH_BENCH_ARGS)

clean:
	rm -rf site site-members .pytest_cache test-artifacts
