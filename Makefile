# Communs Arcade — build, test and tooling.
#
#   make run     build the CLI and the browser game, then serve it at http://localhost:8080
#   make test    install what tests need if missing, then vet, gofmt, go test (native and wasm)
#                and the browser tests in headless Chromium
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

# Debian packages the build and the tests need, installed by apt-get only when missing
# (`apt-get update` runs only when something is to be installed). A test that needs one
# adds a line `APT_PKGS += NAME`.
APT_PKGS :=
# Node.js runs the js/wasm tests (go_js_wasm_exec) and the browser tests; Debian's nodejs
# and npm if they are missing.
APT_PKGS += $(if $(shell command -v node),,nodejs)
APT_PKGS += $(if $(shell command -v npm),,npm)
# `make wasm` precompresses the game (it installs brotli itself when it is missing).
APT_PKGS += brotli
# Browser tests (make test-e2e): Chromium, headless, draws WebGL in software (SwiftShader);
# DejaVu gives its text a font.
APT_PKGS += chromium fonts-dejavu-core
# The Lua 5.1 reference interpreter: engine/script's conformance tests compare the sandbox
# with it (they fail without it when CI or ARCADE_REQUIRE_TOOLS is set).
APT_PKGS += lua5.1
# The HTTP API's documented curl examples run in server/community's tests.
APT_PKGS += $(if $(shell command -v curl),,curl)
# Tests that draw with Ebiten on the desktop (render goldens, input, the play screenshot)
# run in a virtual X display.
APT_PKGS += xvfb xauth

# The browser game: `make wasm` writes it to WASM_DIST with wasm/build.sh, whose cache
# (the .wasm and its compressed copies) is bin/wasm. It is rebuilt when a Go source of the
# game, a level, the page, the loader or Go's wasm_exec.js changes; manifest.json is the
# file build.sh writes last.
GOROOT_DIR := $(shell $(GO) env GOROOT 2>/dev/null)
WASM_DIST := wasm/dist
WASM_INPUTS := $(shell find engine game levels scripts wasm -type f \
                 -not -path 'wasm/dist/*' -not -path 'wasm/e2e/*' -not -path '*/node_modules/*' \
                 -not -name '*_test.go' 2>/dev/null) \
               go.mod go.sum $(wildcard $(GOROOT_DIR)/lib/wasm/wasm_exec.js)

# Browser tests and the startup benchmark: node --test with playwright-core, pinned in
# wasm/e2e/package-lock.json; `npm ci` runs when node_modules is missing or the lock changed.
E2E := wasm/e2e
E2E_STAMP := $(E2E)/node_modules/.installed
# The level studio's page script is bundled by esbuild with CodeMirror, both pinned in
# wasm/studio/package-lock.json: `make wasm` needs them installed.
STUDIO := wasm/studio
STUDIO_STAMP := $(STUDIO)/node_modules/.installed

# Engine packages that import (or will import) Ebiten are tested natively only: Ebiten's
# wasm build fails under Node (no navigator.keyboard). Any other engine package that comes
# to depend on Ebiten is left out of the wasm tests too.
WASM_EXCLUDE := engine/render engine/input engine/audio
WASM_EXEC := $(GOROOT_DIR)/lib/wasm/go_js_wasm_exec
empty :=
space := $(empty) $(empty)

# Packages `make bench` measures: `make bench BENCH_PKGS=./engine/replay` narrows it.
BENCH_PKGS ?= ./engine/... ./levels

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

.PHONY: help deps deps-apt deps-check deps-tools deps-node build wasm test test-native test-wasm \
        test-cli test-e2e vet fmt-check lint bench bench-web bench-server run clean art screenshots goldens \
        goldens-examples font

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

## ---- dependencies -------------------------------------------------------

deps: deps-apt deps-check deps-tools deps-node ## install what tests and lint need, only when missing

deps-apt:
	@$(call apt_install,$(strip $(APT_PKGS)))

deps-check: deps-apt
	@command -v $(GO) >/dev/null || { echo "deps: Go is missing: install Go 1.26 at /usr/local/go" >&2; exit 1; }
	@command -v node >/dev/null || { echo "deps: node is missing (needed by go_js_wasm_exec)" >&2; exit 1; }
	@command -v npm >/dev/null || { echo "deps: npm is missing (needed by the browser tests)" >&2; exit 1; }
	@test -x "$(WASM_EXEC)" || { echo "deps: $(WASM_EXEC) is missing from the Go installation" >&2; exit 1; }

deps-tools: deps-check
	@have="$$("$(STATICCHECK)" -debug.version 2>/dev/null || true)"; \
	want="($(STATICCHECK_VERSION:v%=%))"; gov="Go version: $$($(GO) env GOVERSION)"; \
	if [[ "$$have" != *"$$want"* || "$$have" != *"$$gov"* ]]; then \
	  echo "deps: go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) -> bin/tools"; \
	  GOBIN="$(TOOLS_BIN)" $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION); \
	  "$(STATICCHECK)" -version; \
	fi

deps-node: $(E2E_STAMP) $(STUDIO_STAMP)

$(E2E_STAMP): $(E2E)/package.json $(E2E)/package-lock.json | deps-check
	cd $(E2E) && npm ci --no-audit --no-fund
	@touch $@

$(STUDIO_STAMP): $(STUDIO)/package.json $(STUDIO)/package-lock.json | deps-check
	cd $(STUDIO) && npm ci --no-audit --no-fund
	@touch $@

## ---- build and test -----------------------------------------------------

build: wasm ## build the arcade CLI into bin/arcade and the browser game into wasm/dist
	$(GO) build -trimpath -o bin/arcade ./cmd/arcade

wasm: $(WASM_DIST)/manifest.json ## build the browser game into wasm/dist: hashed names, .br and .gz

$(WASM_DIST)/manifest.json: $(WASM_INPUTS) wasm/build.sh $(STUDIO_STAMP)
	@$(call apt_install,brotli)
	GO="$(GO)" wasm/build.sh

# Every step runs even if an earlier one failed, so one run shows all problems; on success
# the output ends with the browser tests' summary (node --test).
test: deps ## vet, gofmt, go test natively and (engine, levels) under js/wasm, then the browser tests
	@failed=""; \
	for step in vet fmt-check test-native test-wasm test-display test-e2e; do \
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
	@pkgs="$$($(call wasm_pkgs,./engine/... ./levels ./levels/examples))"; \
	if [ -z "$$pkgs" ]; then echo "test-wasm: no engine packages to test under js/wasm"; exit 0; fi; \
	echo "GOOS=js GOARCH=wasm $(GO) test -exec=$(WASM_EXEC)" $$pkgs; \
	GOOS=js GOARCH=wasm $(GO) test -exec="$(WASM_EXEC)" $$pkgs

# Hook for tests of the CLI binary itself (also run by `go test ./...`).
# Packages that draw or read devices through Ebiten, with a real (virtual) display: without
# one their game-loop tests skip (here they fail instead: ARCADE_REQUIRE_DISPLAY). xvfb has
# no sound card: engine/audio then tests the silent path, and its one skip is for machines
# that do have one (ARCADE_REQUIRE_AUDIO=1 makes a missing device fail, for those).
# Then the desktop game itself: 120 ticks of the demo must draw a frame that is not blank.
test-display: build ## Ebiten tests under xvfb, and `arcade play --frames --screenshot`
	ARCADE_REQUIRE_DISPLAY=1 xvfb-run -a $(GO) test ./engine/render ./engine/input ./engine/audio ./game
	@rm -f bin/play-check.png
	xvfb-run -a bin/arcade play levels/demo --frames 120 --screenshot bin/play-check.png
	@colors=$$($(GO) run ./cmd/arcade/internal/pngcolors bin/play-check.png); \
	if [ "$$colors" -lt 8 ]; then echo "arcade play drew a blank frame ($$colors colours)"; exit 1; fi; \
	echo "arcade play: a frame with $$colors colours"

test-cli: build ## build, then test cmd/...
	$(GO) test ./cmd/...

# The page in headless Chromium against `bin/arcade serve`: loader, first frame, keyboard,
# replay verified by bin/arcade, error messages; the service worker: a reload with the network
# gone still plays, a new build reaches the next online visit (offline.test.js); two players' pages seeing each other's verified
# scores live (online.test.js); community levels (community.test.js); the teacher's class page:
# create, dashboard, controls, CSV, cards (class.test.js); a class end to end, teacher and three pupils (classroom.test.js). Waits on conditions, never on time.
test-e2e: build deps-node ## browser tests: build, then the page in headless Chromium (node --test)
	cd $(E2E) && node --test --test-reporter=spec page.test.js phone.test.js offline.test.js online.test.js community.test.js studio.test.js class.test.js classroom.test.js

lint: deps ## gofmt check, go vet, staticcheck, also of wasm/ as js/wasm, with and without -tags studio (all run; fails if any did)
	@failed=""; \
	$(MAKE) --no-print-directory fmt-check || failed="$$failed fmt-check"; \
	$(MAKE) --no-print-directory vet || failed="$$failed vet"; \
	echo "staticcheck ./..."; "$(STATICCHECK)" ./... || failed="$$failed staticcheck"; \
	echo "GOOS=js GOARCH=wasm: go vet and staticcheck ./wasm/..., also with -tags studio (the studio's engine)"; \
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/... || failed="$$failed vet-wasm"; \
	GOOS=js GOARCH=wasm "$(STATICCHECK)" ./wasm/... || failed="$$failed staticcheck-wasm"; \
	GOOS=js GOARCH=wasm $(GO) vet -tags studio ./wasm/... || failed="$$failed vet-wasm-studio"; \
	GOOS=js GOARCH=wasm "$(STATICCHECK)" -tags studio ./wasm/... || failed="$$failed staticcheck-wasm-studio"; \
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

# Figures, not checks: what a first visit downloads (raw, gzip, brotli) and how long the
# page takes to download, start, draw its first frame and hide its loader (median of RUNS,
# 5 unless set), against the bare stack (wasm/bench/bare: Ebiten, gopher-lua, resolv and the
# game's text drawing, one line drawn), which bench.js builds with wasm/build.sh into
# bin/bench-bare (with wasm/slim, as the game) and bin/bench-bare-released (WASM_SLIM=0: the
# modules as released) and serves through the same page and loader; it prints game / bare
# for both.
bench-web: build deps-node ## download sizes and startup times of the web game in headless Chromium
	cd $(E2E) && node bench.js

# Figures of the score server on this machine (server/loadgen): idle WebSocket connections held
# and server memory per connection, verified submissions per second and verification speed,
# leaderboard read latency under mixed load. `arcade loadgen --serve` starts its own
# `arcade serve` on 127.0.0.1 with a fresh data folder and stops it; it loads loopback only.
# The figures are appended to bench.txt. LOADGEN_FLAGS adds flags (docs/server.md lists them).
LOADGEN_FLAGS ?=
bench-server: ## load the score server on 127.0.0.1: connections, memory, submissions/s, read latency (appended to bench.txt)
	$(GO) build -trimpath -o bin/arcade ./cmd/arcade
	bin/arcade loadgen --serve $(LOADGEN_FLAGS) | tee -a bench.txt

# The golden replays of the built-in levels (levels/*/testdata): ranked runs on each level's
# board seed, which follows its content, so a changed level needs them written again. Levels
# with a bot (levels/bots) get a new winning win.txt from it first.
goldens: goldens-examples ## rewrite the levels' golden replays on their board seeds (bots write win.txt)
	$(GO) run ./levels/bots/golden $(LEVELS)

goldens-examples: ## rewrite the example levels' golden replays on their board seeds
	@# The examples (levels/examples) have no bots: their win.txt and lose.txt are written by
	@# hand and replayed on each example's board seed; go test ./levels/examples checks them.
	@$(GO) build -o bin/arcade-goldens ./cmd/arcade
	@for dir in levels/examples/*/; do \
	  [ -f "$$dir/level.toml" ] || continue; \
	  for run in win lose; do \
	    printf '%s %s: ' "$${dir%/}" "$$run"; \
	    bin/arcade-goldens sim "$$dir" --inputs "$$dir/testdata/$$run.txt" --record "$$dir/testdata/$$run.replay" || exit 1; \
	  done; \
	done

## ---- art --------------------------------------------------------------

# The PNGs made from text grids (assets/sprites/<level>/<name>.txt, see assets/README.md).
# Only PNGs whose pixels changed are rewritten; `go test ./assets/...` fails when one is stale.
art: ## render the sprite grids of assets/sprites into the levels' PNGs
	$(GO) run ./assets/gen

# The pixel font engine/render draws (engine/render/font: atlas.png, metrics.bin): Adobe
# Helvetica's hand-tuned bitmap sizes from Debian's xfonts-75dpi and xfonts-100dpi, converted
# from PCF by pcf2bdf, packed by assets/fontgen. The outputs are committed: run this by hand
# when the sizes or the charset change. FONT_X11 and PCF2BDF point at unpacked packages.
FONT_X11 ?= /usr/share/fonts/X11
PCF2BDF ?= pcf2bdf
FONT_SOURCES := 75dpi/helvR08 75dpi/helvR10 100dpi/helvR08 75dpi/helvR12 75dpi/helvR14 \
  100dpi/helvR12 100dpi/helvR14 75dpi/helvR24
font: ## rebuild the pixel font's atlas and metrics from Debian's X11 bitmap fonts
ifeq ($(FONT_X11),/usr/share/fonts/X11)
	@$(call apt_install,xfonts-75dpi xfonts-100dpi pcf2bdf)
endif
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	for s in $(FONT_SOURCES); do \
	  gzip -dc $(FONT_X11)/$$s.pcf.gz > "$$tmp/f.pcf" && \
	  $(PCF2BDF) -o "$$tmp/$$(echo $$s | tr / -).bdf" "$$tmp/f.pcf" || exit 1; \
	done && rm "$$tmp/f.pcf" && \
	$(GO) run ./assets/fontgen -out engine/render/font "$$tmp"/*.bdf

# One screenshot per built-in level for the docs, taken under xvfb while its win inputs
# play: LEVEL:FRAMES[:INPUTS], INPUTS win (default) or lose, with the frame chosen to show
# the game rather than the intro text (the demo's lasts 240 ticks, its win run 223).
SCREENSHOTS := demo:245:lose tax-pot:1500 tax-budget:3000 net-neutrality:900 rgpd:900 free-software:1100 \
  drm-library:7860 decentralise:7380 open-map:4000 digital-divide:3500 platform-work:4000
screenshots: ## one screenshot per level into docs/img/levels/<id>.png (xvfb)
	@$(call apt_install,xvfb xauth)
	$(GO) build -trimpath -o bin/arcade ./cmd/arcade
	@mkdir -p docs/img/levels
	@for s in $(SCREENSHOTS); do \
	  IFS=: read -r l n in <<< "$$s"; in=$${in:-win}; \
	  echo "screenshot levels/$$l at tick $$n ($$in inputs)"; \
	  xvfb-run -a bin/arcade play levels/$$l --inputs levels/$$l/testdata/$$in.txt \
	    --frames $$n --screenshot docs/img/levels/$$l.png; \
	done

## ---- play -----------------------------------------------------------------

run: build ## build, then serve the browser game (Ctrl-C stops it)
	bin/arcade serve

clean: ## remove build output, tools, node_modules and bench.txt
	rm -rf bin bench.txt out.png $(WASM_DIST) $(E2E)/node_modules
