#!/usr/bin/env bash
# vramfit's developer commands. Each one installs what is missing first (idempotently: a tool
# already present at the right version is skipped), then does its job.
#
#   ./dev.sh serve   build the page and serve it at http://127.0.0.1:8080
#   ./dev.sh test    run every test layer: native, browser (wasm-bindgen-test), e2e, size budget,
#                    and each fuzz target for FUZZ_SECONDS (default 20)
#   ./dev.sh fuzz [TARGET] [SECONDS]   fuzz one target (or all) for longer (default 600 s each)
#   ./dev.sh bench   print asset sizes and page timings (measures, asserts nothing)
#   ./dev.sh build   build the release site into dist/
#   ./dev.sh files   rewrite tests/files/made/ with the Python reference writers (after editing
#                    tests/files/make_model_files.py; the tests themselves need no Python)
#
# Everything comes from the package registries (crates.io, npm, Debian); nothing else is fetched.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"      # 0.22 needs rustc >= 1.96
CARGO_FUZZ_VERSION="0.13.2"
FUZZ_TARGETS="config_json safetensors_header gguf_header share_state numbers hub_answers"
BINARYEN_VERSION="132"       # npm binaryen@132; Debian's 108 breaks the app at start-up
WASM_TARGET="wasm32-unknown-unknown"
SERVE_ADDRESS="127.0.0.1"
SERVE_PORT="8080"

export PATH="$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'dev.sh: %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen version Cargo.lock pins; the CLI, Trunk.toml and the test runner must equal it.
locked_wasm_bindgen() {
  awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

check_pins() {
  local locked pinned
  locked="$(locked_wasm_bindgen)"
  [ -n "$locked" ] || die "Cargo.lock has no wasm-bindgen entry"
  pinned="$(sed -n 's/^wasm_bindgen = "\(.*\)".*/\1/p' Trunk.toml)"
  [ "$locked" = "$pinned" ] || die "Trunk.toml pins wasm_bindgen $pinned but Cargo.lock has $locked: make them equal"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  step "Installing Debian packages: $*"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

ensure_rust() {
  command -v cargo >/dev/null || die "cargo not found: install Rust stable with rustup first"
  if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
    step "Adding the $WASM_TARGET target"
    rustup target add "$WASM_TARGET"
  fi
}

ensure_node() {
  command -v npm >/dev/null || apt_install nodejs npm
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    step "Installing Trunk $TRUNK_VERSION (about 15 minutes on 2 cores, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

ensure_wasm_bindgen() {
  local version
  version="$(locked_wasm_bindgen)"
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $version" ] ||
     ! command -v wasm-bindgen-test-runner >/dev/null; then
    step "Installing wasm-bindgen-cli $version (matches Cargo.lock)"
    # No --locked: its lock file pins a webpki-roots release the registry does not serve.
    cargo install wasm-bindgen-cli --version "$version" --force
  fi
}

ensure_wasm_opt() {
  if ! wasm-opt --version 2>/dev/null | grep -q "version_$BINARYEN_VERSION" || [ ! -d "$ROOT/tools/node_modules/terser" ]; then
    step "Installing wasm-opt from npm binaryen@$BINARYEN_VERSION, and terser"
    npm ci --prefix tools --no-audit --no-fund
  fi
}

ensure_chromium() {
  if [ ! -x "$CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ]; then
    apt_install chromium chromium-driver
  fi
}

ensure_playwright() {
  local wanted have
  wanted="$(node -p "require('./tests/e2e/package.json').devDependencies['playwright-core']")"
  have="$(node -p "require('./tests/e2e/node_modules/playwright-core/package.json').version" 2>/dev/null || true)"
  if [ "$wanted" != "$have" ]; then
    step "Installing playwright-core $wanted (it drives $CHROMIUM; no browser is downloaded)"
    npm ci --prefix tests/e2e --no-audit --no-fund
  fi
}

ensure_build_tools() {
  check_pins
  ensure_rust
  ensure_node
  ensure_trunk
  ensure_wasm_bindgen
  ensure_wasm_opt
  cargo fetch --locked
}

# Python writers of real safetensors and GGUF files (./dev.sh files), in .venv.
ensure_python_writers() {
  if [ ! -x .venv/bin/python ]; then
    step "Creating .venv for the model-file writers"
    python3 -m venv .venv || { apt_install python3-venv && python3 -m venv .venv; }
  fi
  if ! .venv/bin/python -c "import gguf, safetensors, numpy" 2>/dev/null; then
    step "Installing the model-file writers (tests/files/requirements.txt)"
    .venv/bin/pip install --quiet --disable-pip-version-check -r tests/files/requirements.txt
  fi
}

# The fuzz seeds are gathered by a standard-library Python script.
ensure_python3() {
  command -v python3 >/dev/null || apt_install python3
}

ensure_cargo_fuzz() {
  if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
    step "Installing cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
  fi
}

ensure_test_tools() {
  ensure_build_tools
  ensure_chromium
  ensure_playwright
  ensure_python3
  ensure_cargo_fuzz
}

# Runs each fuzz target ($1: targets) for $2 seconds on the stable toolchain (libFuzzer without a
# sanitizer; overflow checks and debug assertions on). Seeds come from real small files; a crash
# leaves its input in tests/fuzz/artifacts/TARGET/ and fails the run.
fuzz() {
  local targets="$1" seconds="$2" seeds="target/fuzz-seeds"
  rm -rf "$seeds" && python3 tests/fuzz/make_seeds.py "$seeds"
  cargo fuzz build --fuzz-dir tests/fuzz --sanitizer none --debug-assertions
  for target in $targets; do
    local log="target/fuzz-$target.log"
    mkdir -p "tests/fuzz/corpus/$target"
    if ! cargo fuzz run --fuzz-dir tests/fuzz --sanitizer none --debug-assertions "$target" \
      "tests/fuzz/corpus/$target" "$seeds/$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 >"$log" 2>&1; then
      tail -40 "$log" >&2
      die "fuzz target $target failed: the input is in tests/fuzz/artifacts/$target/"
    fi
    printf '%-20s %s executions, %s new inputs\n' "$target" \
      "$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")" "$(sed -n 's/^stat::new_units_added: *//p' "$log")"
  done
}

build() {
  step "Building the release site into dist/"
  trunk build --release --offline
}

cmd_build() {
  ensure_build_tools
  build
}

cmd_serve() {
  ensure_build_tools
  step "Serving vramfit at http://$SERVE_ADDRESS:$SERVE_PORT/ (Ctrl-C stops)"
  exec trunk serve --release --offline --no-autoreload true --address "$SERVE_ADDRESS" --port "$SERVE_PORT" --disable-address-lookup
}

cmd_test() {
  ensure_test_tools
  step "1/5 Native tests of the core and the CLI (cargo test)"
  cargo test --locked
  # Built as users build it: without the tests' `internals` feature, the CLI sees only the
  # core's public surface.
  cargo build --locked --bin vramfit
  step "2/5 Browser tests in headless Chromium (wasm-bindgen-test)"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --locked --target "$WASM_TARGET" --test web
  build
  step "3/5 End-to-end tests against dist/ (Playwright) and 4/5 the size budget"
  (cd tests/e2e && node --test app.test.mjs import.test.mjs hub.test.mjs fit.test.mjs share.test.mjs parity.test.mjs presentation.test.mjs privacy.test.mjs size_budget.test.mjs)
  step "5/5 Fuzzing each parser for ${FUZZ_SECONDS:-20} s (cargo-fuzz)"
  fuzz "$FUZZ_TARGETS" "${FUZZ_SECONDS:-20}"
}

cmd_fuzz() {
  ensure_build_tools
  ensure_python3
  ensure_cargo_fuzz
  fuzz "${1:-$FUZZ_TARGETS}" "${2:-600}"
}

cmd_files() {
  ensure_python_writers
  step "Rewriting tests/files/made/ with the reference writers (tests/files/requirements.txt)"
  rm -rf tests/files/made && .venv/bin/python tests/files/make_model_files.py tests/files/made
}

cmd_bench() {
  ensure_test_tools
  step "One complete estimate, natively (cargo bench)"
  cargo bench --locked --bench estimate
  build
  step "The yardstick: a bare Leptos page built with the same toolchain (tests/bench/minimal/)"
  (cd tests/bench/minimal && cargo fetch --locked && trunk build --release --offline --dist "$ROOT/target/bench-minimal")
  step "The page against it (headless Chromium, alternating loads)"
  BENCH_MINIMAL="$ROOT/target/bench-minimal" node tests/e2e/bench.mjs
}

case "${1:-}" in
  serve) cmd_serve ;;
  test) cmd_test ;;
  fuzz) shift; cmd_fuzz "$@" ;;
  bench) cmd_bench ;;
  build) cmd_build ;;
  files) cmd_files ;;
  *)
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
