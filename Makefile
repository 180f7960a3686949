# Épure: `make run` and `make test` set up what they need on a fresh Debian 12
# machine (as root) and skip what is already there.
SHELL := /bin/bash
.DEFAULT_GOAL := test
export PATH := $(HOME)/.cargo/bin:$(PATH)

WASM_TARGET := wasm32-unknown-unknown

.PHONY: run test fmt clippy cargo-test wasm-check setup-rust

setup-rust:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)

fmt:
	cargo fmt --all -- --check

clippy:
	cargo clippy --all-targets -- -D warnings

cargo-test:
	cargo test

# The core must stay wasm-clean: build the library (no CLI) for wasm32.
wasm-check: setup-rust
	cargo build --lib --no-default-features --target $(WASM_TARGET)

test: fmt clippy cargo-test wasm-check

run:
	cargo run --quiet --release -- analyze tests/fixtures/seed/article.html --pretty
