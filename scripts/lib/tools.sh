# Installs what building and testing Vizitka need, skipping whatever is
# already there. Sourced by scripts/serve, scripts/test and scripts/bench.
# Versions are pinned: trunk 0.22 needs a newer rustc, and Debian's binaryen
# 108 produces a bundle that dies at load, so wasm-opt comes from npm.

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
WASM_SPLIT_VERSION=0.2.4-vizitka.1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_rust_tools() {
  command -v cargo >/dev/null || { echo "cargo is missing: install Rust (rustup) first" >&2; exit 1; }
  for component in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$component"; then
      step "installing $component"
      rustup component add "$component"
    fi
  done
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "installing the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
    step "installing trunk $TRUNK_VERSION"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
    step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Not --locked: its lock file names a crate the registry no longer has.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  # Cuts the release wasm into chunks (scripts/build.mjs): the tool
  # cargo-leptos uses for `--split`, with one rule of ours for what stays
  # in the shell (vendor/README.md), built from vendor/ with the registry's
  # crates. (It has no --version: cargo's list of installed tools says which.)
  if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION "; then
    step "installing wasm-split-cli $WASM_SPLIT_VERSION"
    cargo install --path "$ROOT/vendor/wasm_split_cli_support" --target-dir "$ROOT/target/tools" --features build-binary --locked
  fi
}

ensure_node_packages() {
  if ! command -v npm >/dev/null; then
    step "installing Node.js and npm"
    apt_install nodejs npm
  fi
  local stamp="$ROOT/node_modules/.vizitka-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$ROOT/package-lock.json" "$stamp"; then
    step "installing npm packages (binaryen, Playwright, ical.js, Ajv, pouchdb-server)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$ROOT/package-lock.json" "$stamp"
  fi
  wasm-opt --version | grep -q "version 132" || { echo "wasm-opt 132 from npm binaryen is not first on PATH" >&2; exit 1; }
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    step "installing chromium and chromium-driver"
    apt_install chromium chromium-driver
  fi
}

# The browser tests' CouchDB: pouchdb-server from npm, in memory on a free
# loopback port, with CORS as docs/sync.md asks of a real CouchDB. A test
# server only (it forgets everything when stopped). Sets
# VIZITKA_TEST_COUCH; stop_test_couch stops it by its pid.
COUCH_PID=
COUCH_DIR=
start_test_couch() {
  COUCH_DIR=$(mktemp -d)
  cat >"$COUCH_DIR/config.json" <<'JSON'
{"httpd": {"enable_cors": true},
 "cors": {"origins": "*", "credentials": true, "methods": "GET, PUT, POST, HEAD, DELETE", "headers": "accept, authorization, content-type, origin, referer"},
 "log": {"level": "warning"}}
JSON
  local port
  port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
  # It writes its log next to its config: the temporary directory.
  (cd "$COUCH_DIR" && exec "$ROOT/node_modules/.bin/pouchdb-server" --in-memory --host 127.0.0.1 --port "$port" --config "$COUCH_DIR/config.json" >"$COUCH_DIR/out.log" 2>&1) &
  COUCH_PID=$!
  # Node's fetch, not curl: a fresh machine may have no curl.
  local up='fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))'
  local i
  for i in $(seq 1 150); do
    node -e "$up" "http://127.0.0.1:$port/" && break
    sleep 0.2
  done
  if ! node -e "$up" "http://127.0.0.1:$port/"; then
    echo "pouchdb-server did not start:" >&2
    cat "$COUCH_DIR/out.log" >&2
    exit 1
  fi
  export VIZITKA_TEST_COUCH="http://127.0.0.1:$port"
}

stop_test_couch() {
  if [ -n "$COUCH_PID" ]; then
    kill "$COUCH_PID" 2>/dev/null || true
    wait "$COUCH_PID" 2>/dev/null || true
    COUCH_PID=
  fi
  [ -n "$COUCH_DIR" ] && rm -rf "$COUCH_DIR"
  COUCH_DIR=
}
