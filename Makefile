# Épure: `make run` and `make test` set up what they need on a fresh Debian 12
# machine (as root) and skip what is already there.
SHELL := /bin/bash
.DEFAULT_GOAL := test
export PATH := $(HOME)/.cargo/bin:$(PATH)

WASM_TARGET := wasm32-unknown-unknown

.PHONY: run test fmt clippy cargo-test wasm-check setup-rust setup-wasm-bindgen setup-browsers setup-node \
	wasm wasm-reader precheck dist lint-extension e2e

setup-rust:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)

fmt:
	cargo fmt --all -- --check

# Both targets: the wasm32 build compiles code (src/wasm.rs) that native clippy never sees.
clippy: setup-rust
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --no-default-features --target $(WASM_TARGET) -- -D warnings

cargo-test:
	cargo test

# The core must stay wasm-clean: build the library (no CLI) for wasm32.
wasm-check: setup-rust
	cargo build --lib --no-default-features --target $(WASM_TARGET)

test: fmt clippy cargo-test wasm-check lint-js dist lint-extension e2e

# Serves www/ (the playground) on 127.0.0.1 and opens Chromium with dist/chrome
# on the seed demo; with no display, headless, leaving dist/screenshot.png.
run: dist wasm-reader setup-browsers
	node tools/run.mjs

# ---- The browser extension -------------------------------------------------

# The wasm-bindgen CLI must be the exact version of the crate in Cargo.lock.
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3 }' Cargo.lock)
WASM_PKG := target/wasm-pkg
WEB_EXT := node_modules/.bin/web-ext

# Without --locked: a locked dependency of the CLI is missing from the registry
# mirror here, and the CLI builds fine with current ones.
setup-wasm-bindgen:
	@wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)" \
		|| cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

setup-browsers:
	@[ -x /usr/bin/chromium ] && [ -x /usr/bin/firefox-esr ] \
		|| { apt-get update && apt-get install -y chromium firefox-esr; }

setup-node:
	@command -v npm >/dev/null || { apt-get update && apt-get install -y nodejs npm; }

# npm ci when node_modules is missing or older than the lock file.
node_modules/.package-lock.json: package.json package-lock.json | setup-node
	npm ci --no-audit --no-fund
	@touch $@

# The engine for the extension: a cdylib with full LTO (see [profile.wasm]),
# then the `--target web` glue. wasm-opt (binaryen) is not used: measured on
# this engine it saves about 1% gzipped for 35-40 s per build.
wasm: setup-rust setup-wasm-bindgen
	cargo rustc --lib --crate-type cdylib --profile wasm --target $(WASM_TARGET) --no-default-features
	wasm-bindgen --target web --remove-name-section --remove-producers-section \
		--out-dir $(WASM_PKG) --out-name epure target/$(WASM_TARGET)/wasm/epure.wasm
	@printf 'epure_bg.wasm: %s bytes, %s gzipped\n' \
		$$(stat -c %s $(WASM_PKG)/epure_bg.wasm) $$(gzip -9 -c $(WASM_PKG)/epure_bg.wasm | wc -c)

# The reader's engine: `extract` and the reader view's DOM
# (src/reader_dom.rs, `--features reader`), loaded by reader.html (and in
# Firefox by the background page after a first reader view, for the later
# ones: extension/reader-open.js), never part of the background's module,
# which stays small. Its own profile keeps both outputs.
WASM_READER_PKG := target/wasm-reader-pkg
wasm-reader: setup-rust setup-wasm-bindgen
	cargo rustc --lib --crate-type cdylib --profile wasm-reader --target $(WASM_TARGET) --no-default-features --features reader-page
	wasm-bindgen --target web --remove-name-section --remove-producers-section \
		--out-dir $(WASM_READER_PKG) --out-name epure_reader target/$(WASM_TARGET)/wasm-reader/epure.wasm
	@printf 'epure_reader_bg.wasm: %s bytes, %s gzipped\n' \
		$$(stat -c %s $(WASM_READER_PKG)/epure_reader_bg.wasm) $$(gzip -9 -c $(WASM_READER_PKG)/epure_reader_bg.wasm | wc -c)

# The content script's pre-check data, generated from the engine's own data.
precheck:
	@mkdir -p target
	cargo run --quiet -- precheck > target/precheck.json

# dist/chrome and dist/firefox (unpacked) and their zips.
dist: wasm wasm-reader precheck node_modules/.package-lock.json
	node tools/build-dist.mjs --pkg $(WASM_PKG) --reader-pkg $(WASM_READER_PKG) --precheck target/precheck.json --out dist
	$(WEB_EXT) build --source-dir dist/chrome --artifacts-dir dist --filename epure-chrome.zip --overwrite-dest
	$(WEB_EXT) build --source-dir dist/firefox --artifacts-dir dist --filename epure-firefox.zip --overwrite-dest

lint-extension: dist
	$(WEB_EXT) lint --source-dir dist/firefox --warnings-as-errors

# ESLint over extension/, www/, tools/, tests/e2e/ and bench/*.mjs (eslint.config.js).
.PHONY: lint-js
lint-js: node_modules/.package-lock.json
	node_modules/.bin/eslint --max-warnings 0 .

# Real headless Chromium and Firefox ESR, pages served on 127.0.0.1. Two
# files at a time: a browser test mostly waits on its browser (measured at
# load ~10: 15 min one at a time, 9 two at a time, every test passing).
e2e: dist wasm-reader setup-browsers
	node --test --test-concurrency=2 tests/e2e/

# Every picture of the README (docs/screenshots/), taken from the extension
# and the playground in headless Chromium.
.PHONY: screenshots
screenshots: dist wasm-reader setup-browsers
	node tools/screenshots.mjs
	node tools/reader-screenshots.mjs
	node tools/ui-screenshots.mjs

# The extension's costs in Chromium (prints numbers; not part of `make test`).
.PHONY: bench-extension
bench-extension: dist setup-browsers
	node bench/extension-perf.mjs

# The reader view: request -> article painted, cold and warm, per step: Chromium
# and Firefox driven as the tests drive them, and Chromium unobserved.
.PHONY: bench-reader
bench-reader: dist setup-browsers
	node bench/reader-view.mjs

# ---- Benchmark (not part of `make test`) ------------------------------------
# epure native and wasm (with `reader`) against Readability.js on linkedom and
# jsdom, on tests/fixtures/extract{,-annotated}/; see bench/README.md.
.PHONY: bench
bench: setup-rust setup-wasm-bindgen
	cargo build --release --bin epure
	cargo rustc --lib --crate-type cdylib --profile wasm --target $(WASM_TARGET) --no-default-features --features reader
	wasm-bindgen --target nodejs --out-dir bench/.work/wasm --out-name epure target/$(WASM_TARGET)/wasm/epure.wasm
	echo '{"type": "commonjs"}' > bench/.work/wasm/package.json
	cd bench && npm ci --no-audit --no-fund --silent && node run.mjs

# The real-world held-out set (tests/fixtures/extract-realworld/, report
# only): epure native and its peers scored by the snippets each page's text
# must and must not contain; see bench/README.md.
.PHONY: bench-realworld
bench-realworld:
	cargo build --release --bin epure
	cd bench && npm ci --no-audit --no-fund --silent && node realworld.mjs
