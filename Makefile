# Voice API contracts: every target bootstraps its own pinned environment.
.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
DEPS_STAMP := $(VENV)/.deps-installed
INSTALL_STAMP := $(VENV)/.project-installed
NODE_STAMP := node_modules/.installed
# Debian's wrk is installed as root, or through sudo when it does not need a password.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo -n)
export PATH := $(BIN):$(CURDIR)/node_modules/.bin:$(PATH)

GEN_ARGS := --path openapi.yaml --config generator-config.yml \
	--custom-template-path client_templates --meta setup --overwrite
HAND_WRITTEN := src benchmarks tests
# The project is installed as a regular wheel (no editable .pth); it is rebuilt when a source changes.
PROJECT_SOURCES := pyproject.toml openapi.yaml README.md \
	$(shell find src generated/voice_api_client -type f -not -path '*/__pycache__/*' 2>/dev/null)

MOCK_PORT ?= 8080
export MOCK_PORT

.PHONY: help
help: ## Show the targets and what they do
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(DEPS_STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

$(INSTALL_STAMP): $(DEPS_STAMP) $(PROJECT_SOURCES)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: venv
venv: $(INSTALL_STAMP) $(NODE_STAMP) ## Install the pinned Python and Node tools and this project into .venv

.PHONY: lock
lock: $(DEPS_STAMP) ## Regenerate requirements.lock from pyproject.toml (every extra)
	uv pip compile pyproject.toml --extra dev --extra bench --python-version 3.11 \
		--no-header --no-annotate --quiet -o requirements.lock

.PHONY: readme
readme: venv ## Rewrite the README's generated tables (settings, faults, exit codes) from the code
	python -m tests.readme_tables

.PHONY: generate
generate: $(DEPS_STAMP) ## Regenerate the typed client in generated/ from openapi.yaml
	openapi-python-client generate $(GEN_ARGS) --output-path generated >/dev/null
	rm -rf generated/.ruff_cache

.PHONY: check-generated
check-generated: $(DEPS_STAMP) ## Regenerate into a scratch folder and fail on any difference from generated/
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	openapi-python-client generate $(GEN_ARGS) --output-path "$$tmp/generated" >/dev/null && \
	rm -rf "$$tmp/generated/.ruff_cache" && \
	diff -r -x __pycache__ -x .ruff_cache -x .mypy_cache generated "$$tmp/generated" && \
	echo "generated/ matches openapi.yaml"

.PHONY: lint
lint: venv ## Validate and lint the spec (examples included) and lint the Python code
	redocly lint openapi.yaml --format=stylish 2>&1 | grep -v '[║╔╚]'
	voice-contracts lint
	ruff check $(HAND_WRITTEN)
	ruff format --check $(HAND_WRITTEN)

.PHONY: typecheck
typecheck: venv ## Run mypy --strict on the hand-written code and on generated/
	mypy --strict $(HAND_WRITTEN)
	cd generated && mypy --strict voice_api_client

.PHONY: pytest
pytest: venv ## Run the pytest suite (no root, no benchmark peers needed)
	python -m pytest -m "not bench"

.PHONY: bench-smoke
bench-smoke: venv bench-tools ## Run the benchmark's smoke tests (needs wrk: see bench-tools)
	python -m pytest -m bench

.PHONY: test
test: check-generated lint typecheck pytest ## Run every check and test that needs no root

.PHONY: ci
ci: browser test bench-smoke ## What CI runs: the browser, make test, then the benchmark smoke run

.PHONY: mock
mock: venv ## Serve the mock on 127.0.0.1, port MOCK_PORT (default 8080), until Ctrl-C
	voice-contracts mock --host 127.0.0.1 --port $(MOCK_PORT)

.PHONY: contract
contract: venv ## Check servers against openapi.yaml (the embedded mock unless PALABRA_URL/RESEMBLE_URL are set)
	voice-contracts check

.PHONY: browser
browser: ## Install Debian's chromium for the HTML report's browser test (needs root or passwordless sudo)
	@command -v chromium >/dev/null || { \
		echo "Installing chromium from Debian's packages…"; \
		$(SUDO) apt-get install -y -qq chromium >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -qq >/dev/null && $(SUDO) apt-get install -y -qq chromium >/dev/null; }; }
	@command -v chromium >/dev/null || { echo "chromium could not be installed: run 'apt-get install chromium' as root" >&2; exit 1; }

.PHONY: bench-tools
bench-tools: ## Install wrk, the benchmark's load generator (Debian package; needs root or passwordless sudo)
	@command -v wrk >/dev/null || { \
		echo "Installing wrk from Debian's packages…"; \
		$(SUDO) apt-get install -y -qq wrk >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -qq >/dev/null && $(SUDO) apt-get install -y -qq wrk >/dev/null; }; }
	@command -v wrk >/dev/null || { echo "wrk could not be installed: run 'apt-get install wrk' as root" >&2; exit 1; }

.PHONY: bench
bench: venv bench-tools ## Measure mock vs Prism, suite vs plain schemathesis, client vs httpx, generation
	python -m benchmarks --out benchmarks/results

.PHONY: clean
clean: ## Remove the environments and caches
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache reports
