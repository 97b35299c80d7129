# Voice API contracts: every target bootstraps its own pinned environment.
.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
BENCH_NODE := benchmarks/node
PRISM_STAMP := $(BENCH_NODE)/node_modules/.installed
# Debian's wrk is installed as root, or through sudo when it does not need a password.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo -n)
export PATH := $(BIN):$(PATH)

GEN_ARGS := --path openapi.yaml --config generator-config.yml \
	--custom-template-path client_templates --meta setup --overwrite
HAND_WRITTEN := client_auth openapi_spec mock_server contract_suite benchmarks tests

MOCK_PORT ?= 8080
export MOCK_PORT

.PHONY: help
help: ## Show the targets and what they do
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(PY_STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	# The hand-written packages and the generated client are used from the work tree.
	printf '%s\n%s\n' "$(CURDIR)" "$(CURDIR)/generated" \
		> "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/voice_contracts.pth"
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(PRISM_STAMP): $(BENCH_NODE)/package.json $(BENCH_NODE)/package-lock.json
	npm ci --prefix $(BENCH_NODE) --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: bench-tools
bench-tools: $(PY_STAMP) $(PRISM_STAMP) ## Install the benchmark's peers: wrk (Debian package) and Prism (pinned npm package)
	@command -v wrk >/dev/null || { \
		echo "Installing wrk from Debian's packages…"; \
		$(SUDO) apt-get install -y -qq wrk >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -qq >/dev/null && $(SUDO) apt-get install -y -qq wrk >/dev/null; }; }
	@command -v wrk >/dev/null || { echo "wrk could not be installed: run 'apt-get install wrk' as root" >&2; exit 1; }

.PHONY: venv
venv: $(PY_STAMP) $(NODE_STAMP) ## Install the pinned Python and Node tools

.PHONY: generate
generate: $(PY_STAMP) ## Regenerate the typed client in generated/ from openapi.yaml
	openapi-python-client generate $(GEN_ARGS) --output-path generated >/dev/null
	rm -rf generated/.ruff_cache

.PHONY: check-generated
check-generated: $(PY_STAMP) ## Regenerate into a scratch folder and fail on any difference from generated/
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	openapi-python-client generate $(GEN_ARGS) --output-path "$$tmp/generated" >/dev/null && \
	rm -rf "$$tmp/generated/.ruff_cache" && \
	diff -r -x __pycache__ -x .ruff_cache -x .mypy_cache generated "$$tmp/generated" && \
	echo "generated/ matches openapi.yaml"

.PHONY: lint
lint: $(PY_STAMP) $(NODE_STAMP) ## Validate and lint the spec (examples included) and lint the Python code
	npx --no-install redocly lint openapi.yaml --format=stylish 2>&1 | grep -v '[║╔╚]'
	python -m openapi_spec.lint openapi.yaml
	ruff check $(HAND_WRITTEN)
	ruff format --check $(HAND_WRITTEN)

.PHONY: typecheck
typecheck: $(PY_STAMP) ## Run mypy --strict on the hand-written code and on generated/
	mypy --strict $(HAND_WRITTEN)
	cd generated && mypy --strict voice_api_client

.PHONY: pytest
pytest: $(PY_STAMP) $(NODE_STAMP) bench-tools ## Run the pytest suite only (it includes a smoke run of the bench)
	python -m pytest

.PHONY: test
test: check-generated lint typecheck pytest ## Run everything CI runs

.PHONY: mock
mock: $(PY_STAMP) ## Serve the mock on 127.0.0.1, port MOCK_PORT (default 8080), until Ctrl-C
	python -m mock_server --host 127.0.0.1 --port $(MOCK_PORT)

.PHONY: contract
contract: $(PY_STAMP) ## Check servers against openapi.yaml (the embedded mock unless PALABRA_URL/RESEMBLE_URL are set)
	python -m contract_suite $(if $(PALABRA_URL),--palabra-url "$(PALABRA_URL)") $(if $(RESEMBLE_URL),--resemble-url "$(RESEMBLE_URL)")

.PHONY: bench
bench: bench-tools ## Measure mock vs Prism, suite vs plain schemathesis, client vs httpx, generation
	python -m benchmarks --out benchmarks/results

.PHONY: clean
clean: ## Remove the environments and caches
	rm -rf $(VENV) node_modules $(BENCH_NODE)/node_modules .pytest_cache .mypy_cache .ruff_cache reports
