# Communs Arcade — build, test and tooling.
#
#   make run     build the CLI and play the demo level headless (the browser game comes later)
#   make test    install what tests need if missing, then vet, gofmt, go test (native and wasm)
#   make help    list every target
#
# Everything runs as-is on a clean clone: as root (CI) or as a user with sudo.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

GO ?= go
export CGO_ENABLED := 0

# Project-local tools, installed by `make deps` (git-ignored with bin/).
TOOLS_BIN := $(CURDIR)/bin/tools
# staticcheck 2026.2.2 is module version v0.8.2; it needs Go >= 1.26.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(TOOLS_BIN)/staticcheck

# Debian packages the tests need, installed by apt-get only when missing
# (`apt-get update` runs only when something is to be installed).
# None yet. A test that needs one adds a line `APT_PKGS += NAME`; browser and rendering
# tests will need: xvfb xauth chromium fonts-dejavu-core brotli
APT_PKGS :=
# Node.js runs the js/wasm tests (go_js_wasm_exec); Debian's nodejs if it is missing.
APT_PKGS += $(if $(shell command -v node),,nodejs)

# Engine packages that import (or will import) Ebiten are tested natively only: Ebiten's
# wasm build fails under Node (no navigator.keyboard). Any other engine package that comes
# to depend on Ebiten is left out of the wasm tests too.
WASM_EXCLUDE := engine/render engine/input engine/audio
WASM_EXEC := $(shell $(GO) env GOROOT 2>/dev/null)/lib/wasm/go_js_wasm_exec
empty :=
space := $(empty) $(empty)

# Packages `make bench` measures: `make bench BENCH_PKGS=./engine/replay` narrows it.
BENCH_PKGS ?= ./engine/...

# $(call wasm_pkgs,PATTERNS) prints the packages of PATTERNS to run under js/wasm: minus
# WASM_EXCLUDE and minus anything that depends on Ebiten. Prints nothing when none exist
# (with -e, go list echoes a pattern that matches no directory: the awk drops it).
define wasm_pkgs
GOOS=js GOARCH=wasm $(GO) list -e \
  -f '{{.ImportPath}}{{range .Deps}} {{.}}{{end}}{{range .TestImports}} {{.}}{{end}}{{range .XTestImports}} {{.}}{{end}}' \
  $(1) 2>/dev/null \
  | grep -v 'github.com/hajimehoshi/ebiten' \
  | awk '$$1 !~ /^\.|\.\.\./ {print $$1}' \
  | grep -vE '/($(subst $(space),|,$(strip $(WASM_EXCLUDE))))(/|$$)' || true
endef

# Go files to check with gofmt (not generated output, vendored or test data).
define go_files
find . \( -path ./.git -o -path ./bin -o -path ./vendor -o -name node_modules -o -name testdata \) -prune \
  -o -type f -name '*.go' -print0
endef

# $(call apt_install,PKGS): install the Debian packages in PKGS that are not installed yet.
define apt_install
missing=""; \
for p in $(1); do \
  [ "$$(dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null || true)" = "install ok installed" ] || missing="$$missing $$p"; \
done; \
if [ -n "$$missing" ]; then \
  sudo=""; if [ "$$(id -u)" != 0 ]; then sudo="sudo"; fi; \
  echo "deps: apt-get install$$missing"; \
  export DEBIAN_FRONTEND=noninteractive; \
  $$sudo apt-get update -qq; \
  $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
fi
endef

.PHONY: help deps deps-apt deps-check deps-tools build test test-native test-wasm test-cli \
        vet fmt-check lint bench run clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

## ---- dependencies -------------------------------------------------------

deps: deps-apt deps-check deps-tools ## install what tests and lint need, only when missing

deps-apt:
	@$(call apt_install,$(strip $(APT_PKGS)))

deps-check: deps-apt
	@command -v $(GO) >/dev/null || { echo "deps: Go is missing: install Go 1.26 at /usr/local/go" >&2; exit 1; }
	@command -v node >/dev/null || { echo "deps: node is missing (needed by go_js_wasm_exec)" >&2; exit 1; }
	@test -x "$(WASM_EXEC)" || { echo "deps: $(WASM_EXEC) is missing from the Go installation" >&2; exit 1; }

deps-tools: deps-check
	@have="$$("$(STATICCHECK)" -debug.version 2>/dev/null || true)"; \
	want="($(STATICCHECK_VERSION:v%=%))"; gov="Go version: $$($(GO) env GOVERSION)"; \
	if [[ "$$have" != *"$$want"* || "$$have" != *"$$gov"* ]]; then \
	  echo "deps: go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) -> bin/tools"; \
	  GOBIN="$(TOOLS_BIN)" $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION); \
	  "$(STATICCHECK)" -version; \
	fi

## ---- build and test -----------------------------------------------------

build: ## build the arcade CLI into bin/arcade
	$(GO) build -trimpath -o bin/arcade ./cmd/arcade

# Every step runs even if an earlier one failed, so one run shows all problems; on success
# the output ends with go test's own summary.
test: deps ## vet, gofmt check, go test natively, then engine packages and level replays under js/wasm
	@failed=""; \
	for step in vet fmt-check test-native test-wasm; do \
	  $(MAKE) --no-print-directory "$$step" || failed="$$failed $$step"; \
	done; \
	if [ -n "$$failed" ]; then echo "make test: failed:$$failed" >&2; exit 1; fi

vet:
	$(GO) vet ./...

fmt-check:
	@files="$$($(go_files) | xargs -0 -r gofmt -l)"; \
	if [ -n "$$files" ]; then echo "gofmt: these files need 'gofmt -w':"; echo "$$files"; exit 1; fi; \
	echo "gofmt: ok"

test-native:
	$(GO) test ./...

test-wasm:
	@pkgs="$$($(call wasm_pkgs,./engine/... ./levels))"; \
	if [ -z "$$pkgs" ]; then echo "test-wasm: no engine packages to test under js/wasm"; exit 0; fi; \
	echo "GOOS=js GOARCH=wasm $(GO) test -exec=$(WASM_EXEC)" $$pkgs; \
	GOOS=js GOARCH=wasm $(GO) test -exec="$(WASM_EXEC)" $$pkgs

# Hook for tests of the CLI binary itself (also run by `go test ./...`).
test-cli: build ## build, then test cmd/...
	$(GO) test ./cmd/...

lint: deps ## gofmt check, go vet, staticcheck (all run; fails if any did)
	@failed=""; \
	$(MAKE) --no-print-directory fmt-check || failed="$$failed fmt-check"; \
	$(MAKE) --no-print-directory vet || failed="$$failed vet"; \
	echo "staticcheck ./..."; "$(STATICCHECK)" ./... || failed="$$failed staticcheck"; \
	if [ -n "$$failed" ]; then echo "make lint: failed:$$failed" >&2; exit 1; fi

bench: ## benchmarks natively and under js/wasm, also written to bench.txt
	@{ rc=0; \
	   echo "# native $$($(GO) env GOOS)/$$($(GO) env GOARCH), $$($(GO) env GOVERSION), $$(date -u +%FT%TZ)"; \
	   $(GO) test -run='^$$' -bench=. -benchmem $(BENCH_PKGS) || rc=1; \
	   pkgs="$$($(call wasm_pkgs,$(BENCH_PKGS)))"; \
	   if [ -n "$$pkgs" ]; then \
	     echo "# js/wasm, node $$(node --version)"; \
	     GOOS=js GOARCH=wasm $(GO) test -exec="$(WASM_EXEC)" -run='^$$' -bench=. -benchmem $$pkgs || rc=1; \
	   fi; \
	   exit $$rc; } 2>&1 | tee bench.txt

## ---- play -----------------------------------------------------------------

run: build ## build, then check and simulate the demo level in the terminal
	@if [ ! -d levels/demo ]; then echo "run: levels/demo does not exist yet"; exit 1; fi
	bin/arcade check levels/demo
	bin/arcade sim levels/demo --inputs levels/demo/testdata/win.txt
	@echo
	@echo "The browser game is not there yet: once the game issue lands, 'make run' will serve it at http://localhost:8080."

clean: ## remove build output, tools and bench.txt
	rm -rf bin bench.txt out.png wasm/dist
