#!/usr/bin/env bash
# Runs the cargo-fuzz (libFuzzer) target of the wasm-views core for a bounded time:
#   bash tests/reliability/fuzz.sh [SECONDS]      (default 60; npm run test:fuzz)
# Installs cargo-fuzz from crates.io if it is missing, and needs the nightly toolchain
# (rustup toolchain install nightly). Writes its figures to build/reliability/fuzz.json.
# The corpus persists in crate/fuzz/corpus/ (not committed) between runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_BUDGET=${1:-60}
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2}

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz: installing the nightly toolchain (rustup)"
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null; then
  echo "fuzz: installing cargo-fuzz (cargo install, a few minutes, once)"
  cargo install cargo-fuzz --locked
fi

mkdir -p build/reliability crate/fuzz/corpus/table_ops
log=build/reliability/fuzz.log
start=$(date +%s)
status=0
(cd crate/fuzz && cargo +nightly fuzz run table_ops -- -max_total_time="$SECONDS_BUDGET" -print_final_stats=1) >"$log" 2>&1 || status=$?
end=$(date +%s)
tail -n 25 "$log"
runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -1)
corpus=$(find crate/fuzz/corpus/table_ops -type f | wc -l)
ok=$([ "$status" = 0 ] && echo true || echo false)
printf '{"ok": %s, "runs": %s, "corpus": %s, "seconds": %s, "fuzzSeconds": %s, "date": "%s"}\n' \
  "$ok" "${runs:-0}" "$corpus" "$((end - start))" "$SECONDS_BUDGET" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >build/reliability/fuzz.json
cat build/reliability/fuzz.json
if [ "$status" != 0 ]; then
  echo "fuzz: FAILED (exit $status); the crashing input is in crate/fuzz/artifacts/table_ops/" >&2
  exit "$status"
fi
echo "fuzz: ${runs:-?} runs, no crash"
