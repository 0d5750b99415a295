#!/usr/bin/env bash
# Runs the wasm-views core's native tests under Miri (the unsafe code: allocation, realloc,
# borrow guards, leaked chunks, int-to-pointer round trips), npm run test:miri:
#   bash tests/reliability/miri.sh
# Needs the nightly toolchain with Miri; installs the components if they are missing:
#   rustup component add miri rust-src --toolchain nightly
# Proptest-heavy tests run fewer, shorter cases under cfg(miri). Isolation is disabled so
# that the abi_gen test can read ts/src/abi.gen.ts. Writes build/reliability/miri.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2}
if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! rustup +nightly component list --installed | grep -q '^miri'; then
  rustup component add miri rust-src --toolchain nightly
fi
mkdir -p build/reliability
log=build/reliability/miri.log
export MIRIFLAGS=${MIRIFLAGS:--Zmiri-disable-isolation}
start=$(date +%s)
status=0
cargo +nightly miri test -p wasm-views --no-fail-fast >"$log" 2>&1 || status=$?
end=$(date +%s)
grep -E '^(test |running|test result)|warning: integer-to-pointer|error' "$log" | tail -n 60
tests=$(awk '/^test result:/ { s += $4 } END { print s + 0 }' "$log")
ok=$([ "$status" = 0 ] && echo true || echo false)
printf '{"ok": %s, "tests": %s, "seconds": %s, "miriflags": "%s", "date": "%s"}\n' \
  "$ok" "${tests:-0}" "$((end - start))" "$MIRIFLAGS" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >build/reliability/miri.json
cat build/reliability/miri.json
# The closing line the test runner reads.
echo "miri: ${tests:-0} passed, $([ "$status" = 0 ] && echo 0 || echo 1) failed"
exit "$status"
