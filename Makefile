# pygen developer loop. `make help` lists the targets; CI runs `make test` (through .ci/run).
#
# A fresh machine needs only Python 3.10+ and Node 20+: `make install` bootstraps uv (with pip, into
# .tools/) and pnpm (with npm, into .tools/) when they are not on PATH.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
PNPM_VERSION := 10.34.8
TOOLS := $(CURDIR)/.tools

UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/venv/bin/uv)
PNPM := $(shell command -v pnpm >/dev/null 2>&1 && pnpm --version >/dev/null 2>&1 && command -v pnpm || echo $(TOOLS)/npm/node_modules/.bin/pnpm)

# Use the machine's Python; never download one.
export UV_PYTHON_DOWNLOADS := never
# Python packages are the folders under packages/ with a pyproject.toml; TypeScript ones are found by pnpm.
PY_PACKAGES := $(patsubst %/pyproject.toml,%,$(wildcard packages/*/pyproject.toml))
PY_TEST_DIRS := $(wildcard $(addsuffix /tests,$(PY_PACKAGES))) $(wildcard examples/python/tests) $(wildcard tests-e2e/python) $(wildcard tests-e2e/corpus)
HAS_JS := $(wildcard packages/*/package.json)

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(TOOLS)/venv/bin/uv:
	$(PYTHON) -m venv $(TOOLS)/venv
	$(TOOLS)/venv/bin/pip install --quiet "uv==$(UV_VERSION)"

$(TOOLS)/npm/node_modules/.bin/pnpm:
	npm install --silent --no-audit --no-fund --prefix $(TOOLS)/npm "pnpm@$(PNPM_VERSION)"

.PHONY: install-python
install-python: $(UV) ## Install uv when missing, then every Python package of the workspace (no Node needed)
	$(UV) sync --all-packages --all-extras --frozen

.PHONY: install
install: install-python ## Install uv/pnpm when missing, then every Python and TypeScript package of the workspace
ifneq ($(HAS_JS),)
	$(MAKE) --no-print-directory $(PNPM)
	$(PNPM) install --frozen-lockfile
	$(PNPM) -r --if-present build
endif

.PHONY: lint
lint: install ## ruff check, ruff format --check, mypy --strict, the strict docs build (and the TypeScript checks)
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy $(MYPY_TARGETS)
	NO_MKDOCS_2_WARNING=1 $(UV) run mkdocs build --strict --quiet
ifneq ($(HAS_JS),)
	$(PNPM) -r --if-present lint
	$(PNPM) -r --if-present typecheck
endif

# mypy runs per source root so that module names do not collide.
MYPY_TARGETS = $(addsuffix /src,$(PY_PACKAGES)) $(wildcard examples/python/example_sdk examples/python/demo.py)

.PHONY: test
test: lint ## Install, lint, then run every test suite of every package (Python and TypeScript)
	$(UV) run pytest $(PY_TEST_DIRS)
ifneq ($(HAS_JS),)
	$(PNPM) -r --if-present test
endif

.PHONY: demo
demo: install-python ## pygen demo: generate the example SDK, use it against the embedded emulator (Python only, no Node)
	$(UV) run pygen demo

# The golden example SDKs are generated from examples/models/example.json; the golden tests
# (examples/python/tests/test_golden.py, packages/pygen-generator/tests/typescript/test_golden.py) fail
# when a checked-in SDK differs from what these write. Only the generated folders are rewritten
# (--no-project): the TypeScript example's package.json, tsconfig, tests and README belong to the workspace.
REGEN_TARGETS = regen-python regen-typescript

.PHONY: regen regen-python regen-typescript
regen: $(REGEN_TARGETS) ## Rewrite the golden example SDKs (Python example_sdk/, TypeScript example-sdk/src/)

regen-python: install
	$(UV) run pygen generate --input examples/models/example.json --package example_sdk \
		--client-name ExampleClient --no-project --overwrite --output examples/python/example_sdk

regen-typescript: install
	$(UV) run pygen generate --language typescript --input examples/models/example.json --package example_sdk \
		--client-name ExampleClient --npm-package @pygen/example-sdk --no-project --overwrite \
		--output examples/typescript/example-sdk/src

.PHONY: docs
docs: install ## Build the documentation site (mkdocs.yml, docs/) strictly into dist/site
	NO_MKDOCS_2_WARNING=1 $(UV) run mkdocs build --strict
	@echo "open dist/site/index.html (or: $(UV) run mkdocs serve)"

# What a release publishes: the wheel and sdist of every Python package (dist/python) and the npm tarball
# of @pygen/runtime (dist/npm), checked. The release workflow (.github/workflows/release.yml) runs exactly this.
TS_RUNTIME := packages/pygen-ts-runtime

.PHONY: dist
dist: install ## Build and check the release artifacts: wheels + sdists (dist/python), @pygen/runtime's tarball (dist/npm)
	rm -rf dist/python dist/npm
	for p in $(PY_PACKAGES); do $(UV) build --quiet --out-dir dist/python $$p; done
	$(UV) run twine check --strict dist/python/*
	cd $(TS_RUNTIME) && $(PNPM) pack --pack-destination $(CURDIR)/dist/npm
	cd $(TS_RUNTIME) && $(PNPM) exec publint run --strict $(CURDIR)/dist/npm/*.tgz
	cd $(TS_RUNTIME) && $(PNPM) exec attw --profile esm-only $(CURDIR)/dist/npm/*.tgz
	@ls -1 dist/python dist/npm

.PHONY: bench bench-quick
bench: install ## Benchmarks beside cognite-pygen 1.4.2: writes benchmarks/RESULTS.md and its plot (~12 min; not in `make test`)
	$(UV) run python benchmarks/run_all.py

bench-quick: install ## The same benchmarks at small sizes, one run each (~1 min): a developer's smoke check
	$(UV) run python benchmarks/run_all.py --quick

.PHONY: format
format: install ## Apply ruff format and the autofixable ruff rules
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

.PHONY: clean
clean: ## Remove the bootstrapped tools and the virtual environment
	rm -rf $(TOOLS) .venv node_modules packages/*/node_modules packages/*/dist dist
