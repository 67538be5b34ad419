# Two commands for a fresh machine: `make serve` (or `make build`) and `make test`.
# Each creates .venv on first use from pyproject.toml's pinned dependencies.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve serve-members build build-members check test test-fast bench bench clean browser-tools neu termin vendor-decap
.PHONY: guard deploy rollback zugang deploy-tools bench-photos

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

build-members: setup guard
	$(BIN)/mkdocs build -f mkdocs.members.yml

# Editors: validate all content in well under a second, without building the site.
check: setup
	$(BIN)/python hooks/newsroom_check.py $(CHECK_ARGS)

# Editors: a new bulletin or event notice for today from bulletins/_vorlage*.md; prints
# its path. TITEL and START reach the script through the environment (no shell quoting).
neu: setup
	@$(BIN)/python hooks/newsroom_new.py neu

termin: setup
	@$(BIN)/python hooks/newsroom_new.py termin


# Browser tests (tests/browser/) need Debian's Chromium (`playwright install` cannot
# download a browser here) and axe-core from npm, pinned in package-lock.json.
browser-tools: node_modules/axe-core/axe.min.js
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Decap CMS (issue 17) is committed in overrides/admin/, so `make build` needs no npm:
# after changing its version in package.json, `make vendor-decap` copies the new build
# (tests/test_cms_config.py fails while overrides/admin/ and node_modules/ differ).
DECAP_DIST := node_modules/decap-cms/dist
vendor-decap: node_modules/axe-core/axe.min.js
	rm -rf overrides/admin && mkdir -p overrides/admin
	cp $(DECAP_DIST)/decap-cms.js $(DECAP_DIST)/*.decap-cms.js $(DECAP_DIST)/*.wasm $(DECAP_DIST)/decap-cms.js.LICENSE.txt overrides/admin/
	node -p 'require("./node_modules/decap-cms/package.json").version' > overrides/admin/VERSION

test: setup browser-tools deploy-tools
	$(BIN)/python -m pytest -n 2 -m "not serial"
	$(BIN)/python -m pytest -p no:xdist -m serial

# Speed against bare MkDocs + Material (issue 7). Default: 1,000 and 10,000 bulletins,
# 3 alternating runs each (long: the 10,000 run takes many minutes). Quicker:
# `make bench BENCH_ARGS="--sizes 1000 --repeats 1"`. Then the search (issue 15) in Chromium:
# Pagefind against Material's search (`SEARCH_BENCH_ARGS="--sizes 1000"` for a quick look).
bench: setup browser-tools
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/search.py $(SEARCH_BENCH_ARGS)

# Photos (issue 14): a photo in every fifth of 1,000 bulletins, our build with a cold and a
# warm re-encoding cache against the baseline, which publishes the same photos as they are.
bench-photos: setup
	$(BIN)/python benchmarks/run.py --photos --sizes 1000 --repeats 1 --out benchmarks/out/photos $(BENCH_ARGS)

# Publishing (README "Going live", bulletins/README.md "So geht die Seite online").
# DEPLOY_PUBLIC, DEPLOY_MEMBERS: `user@host:/path` or a local folder. `guard` refuses
# the member build in CI when the repository is public (outside CI it passes).
guard: setup
	$(BIN)/python hooks/newsroom_deploy.py guard

deploy: build build-members
	$(BIN)/python hooks/newsroom_deploy.py deploy

rollback: setup
	$(BIN)/python hooks/newsroom_deploy.py rollback

zugang: setup
	$(BIN)/python hooks/newsroom_deploy.py zugang "$(NAME)"

# The deploy tests (tests/test_deploy_*.py) run a real OpenSSH server (with rsync), nginx and Apache.
deploy-tools:
	test -x /usr/sbin/sshd -a -x /usr/sbin/apache2 -a -x /usr/sbin/nginx -a -x /usr/bin/rsync || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openssh-server openssh-client rsync apache2 nginx)

clean:
	rm -rf site site-members .pytest_cache test-artifacts
