#!/usr/bin/env bash
# Installs what building and testing wasm-views needs, and only what is missing:
# a second run installs nothing. Everything comes from the package registries
# (crates.io, npm, Debian); nothing is downloaded from anywhere else.
set -euo pipefail
cd "$(dirname "$0")/.."

# Versions that must match: wasm-pack refuses a wasm-bindgen CLI that differs from the
# wasm-bindgen the build links, which is the one Cargo.lock resolved (the crate asks for a
# range; the lock pins the repository's own builds).
WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
TWIGGY_VERSION=0.8.0
WASM_BINDGEN_VERSION=$(awk '
  /^\[\[package\]\]/ { name = "" }
  /^name = / { name = $3 }
  /^version = / && name == "\"wasm-bindgen\"" { gsub(/"/, "", $3); print $3 }
' Cargo.lock)
case "$WASM_BINDGEN_VERSION" in
  "") echo "setup: Cargo.lock has no wasm-bindgen package" >&2; exit 1 ;;
  *[[:space:]]*) echo "setup: Cargo.lock has several wasm-bindgen versions ($(echo $WASM_BINDGEN_VERSION)); the CLI must match one" >&2; exit 1 ;;
esac

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
say() { echo "setup: $*"; }

# The toolchain itself is pinned by rust-toolchain.toml; make sure the wasm
# target and the lint components are there for it.
installed_targets=$(rustup target list --installed)
if ! grep -qx wasm32-unknown-unknown <<<"$installed_targets"; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component"
  fi
done

# cargo install TOOL VERSION CRATE: only when the binary is absent or another version.
install_crate() {
  local bin=$1 version=$2 crate=$3
  # The version text is read whole before it is searched: `... | grep -q` closes the pipe at
  # the first match, and geckodriver, still printing its other lines, then dies of the broken
  # pipe, which pipefail turns into "not installed" (a needless rebuild of a few minutes).
  local found
  if command -v "$bin" >/dev/null && found=$("$bin" --version 2>/dev/null) &&
    [[ $found == *"$version"* ]]; then
    return
  fi
  say "installing $crate $version (cargo install, a few minutes)"
  # No --locked: wasm-bindgen-cli's lock file names a crate version the
  # registry no longer has.
  cargo install "$crate" --version "$version" --force
}
install_crate wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli
install_crate wasm-pack "$WASM_PACK_VERSION" wasm-pack
install_crate geckodriver "$GECKODRIVER_VERSION" geckodriver
# The size report's breakdown by crate (bench/size.mjs, the size limits suite).
install_crate twiggy "$TWIGGY_VERSION" twiggy

# Browsers for the browser tests, from Debian's packages. Without them the
# browser suites cannot run, and skipping them would hide failures: stop.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v firefox-esr >/dev/null || missing+=(firefox-esr)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: the browser tests need ${missing[*]}. Install them with:" >&2
    echo "  sudo apt-get install chromium chromium-driver firefox-esr" >&2
    exit 1
  fi
fi

# The shared-memory (threads) consumer builds with nightly Rust and -Z build-std.
bash tests/consumers/threads/setup.sh

# Node 22/24/26, Deno and Bun (npm registry) and the oldest supported wasm-bindgen CLI for
# the consumer tests, into ~/.cache/wasm-views: only what is missing.
node tests/consumers/runtimes.mjs --install

# npm dependencies, at the locked versions, only when the lock file changed
# since the last install. Not `npm ci`: the registry reachable here has no
# other platforms' optional binaries (@rollup/rollup-darwin-arm64, ...), so a
# lock made here lacks their entries and `npm ci` rejects it as out of sync.
# `npm install --no-save` installs what the lock names and never rewrites it.
stamp=node_modules/.wasm-views-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing npm dependencies (npm install --no-save, at the locked versions)"
  npm install --no-save --no-audit --no-fund
  echo "$want" >"$stamp"
fi

# wasm-opt comes from the npm package binaryen; wasm-pack finds it on PATH and
# would otherwise try to download it.
[ -x node_modules/.bin/wasm-opt ] || { echo "setup: node_modules/.bin/wasm-opt is missing (binaryen)" >&2; exit 1; }
say "ready (wasm-bindgen $WASM_BINDGEN_VERSION, wasm-pack $WASM_PACK_VERSION, $(node_modules/.bin/wasm-opt --version | cut -d' ' -f1-3))"
