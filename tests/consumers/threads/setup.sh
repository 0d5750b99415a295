#!/usr/bin/env bash
# What the threads build (tests/consumers/threads) needs beyond scripts/setup.sh: a nightly
# toolchain with the standard library's sources, to rebuild std with atomics
# (-Z build-std). Installs only what is missing.
set -euo pipefail
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! rustup toolchain list | grep -q '^nightly'; then
  echo "setup: installing the nightly toolchain (minimal profile)"
  rustup toolchain install nightly --profile minimal
fi
if ! rustup component list --toolchain nightly --installed | grep -qx 'rust-src'; then
  echo "setup: adding rust-src to nightly"
  rustup component add rust-src --toolchain nightly
fi
