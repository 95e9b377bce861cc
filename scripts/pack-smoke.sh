#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, the tarball installed into a scratch app in a temp dir with the
# peers the README names (from the npm registry), then, there:
#   1. with effect, @effect/platform and @effect/experimental only (no @effect/platform-node): the README's
#      quick start against the in-memory embedded exchange, and an in-memory exchange test (node:test);
#   2. with @effect/platform-node added: the Node entries (undici client, loopback server), the quick start
#      over real HTTP with each transport, and a library compiled with declarations under NodeNext and
#      node10 (no TS2742, types found by both);
#   3. on Bun and Deno (the repository's dev dependencies `bun` and `deno`): the quick start in memory and
#      over the loopback server with the transports the README recommends there (FetchHttpClient,
#      node:http). Undici (NodeHttpClient.layerUndici) is run on Deno too; on Bun it does not work
#      (`dispatcher.request is not a function`), which the README says. On every runtime, also
#      `KalshiClient.layerConfig()` reading its key from a file with @effect/platform-node's file system.
# Usage: scripts/pack-smoke.sh   (RUNTIMES="bun" to choose, RUNTIMES="" for Node only; KEEP=1 keeps the
# scratch app and prints its path)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
here="$repo/scripts/pack-smoke"
work="$(mktemp -d)"
if [ "${KEEP:-}" = 1 ]; then echo "scratch app: $work/app"; else trap 'rm -rf "$work"' EXIT; fi

echo "-- npm pack"
tarball="$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -1)"
tar -tzf "$work/$tarball" > "$work/files"
grep -qx "package/dist/testing/node.js" "$work/files"
grep -qx "package/LICENSE" "$work/files"
grep -qx "package/CHANGELOG.md" "$work/files"
if grep -q "\.test\.\|^package/test/" "$work/files"; then echo "tests leaked into the tarball" >&2; exit 1; fi

mkdir "$work/app"
cd "$work/app"
echo '{ "name": "scratch-app", "private": true, "type": "module" }' > package.json
cp "$here"/*.mjs "$here/lib.ts" .

install() { npm install --no-audit --no-fund --loglevel=error "$@"; }

echo "-- install: the tarball, effect, @effect/platform, @effect/experimental (no @effect/platform-node)"
install "$work/$tarball" effect@^3.22 @effect/platform@^0.97 @effect/experimental@^0.61
if [ -d node_modules/@effect/platform-node ]; then echo "@effect/platform-node was installed" >&2; exit 1; fi

echo "-- quick start, in memory"
node quickstart.mjs | tee "$work/out"
grep -q "^placed " "$work/out"

echo "-- in-memory exchange test (node:test)"
node --test exchange.test.mjs

runtimes="${RUNTIMES-bun deno}"
# How each runtime runs a script of the scratch app (Deno: read node_modules, write in the app only (the
# key file), reach 127.0.0.1 only).
run() {
  case "$1" in
    node) shift; node "$@" ;;
    bun) shift; "$repo/node_modules/.bin/bun" "$@" ;;
    deno) shift; "$repo/node_modules/.bin/deno" run --allow-env --allow-read --allow-write="$work/app" \
      --allow-net=127.0.0.1 "$@" ;;
  esac
}
for runtime in $runtimes; do
  echo "-- quick start in memory on $runtime ($(run "$runtime" --version 2>/dev/null | head -1 || true))"
  run "$runtime" quickstart.mjs | tee "$work/out"
  grep -q "^placed " "$work/out"
done

echo "-- install @effect/platform-node: the Node entries"
install @effect/platform-node@^0.108
node node-entries.mjs

for runtime in node $runtimes; do
  case "$runtime" in
    bun) transports="fetch node-http key-file" ;;
    *) transports="fetch node-http undici key-file" ;;
  esac
  echo "-- quick start over loopback HTTP on $runtime: $transports"
  run "$runtime" runtime-http.mjs $transports | tee "$work/out"
  test "$(grep -c "^placed over " "$work/out")" = "$(echo $transports | wc -w)"
done

echo "-- declaration emit of a library using the SDK (NodeNext, node10)"
tsc="$repo/node_modules/.bin/tsc"
for resolution in NodeNext node10; do
  module=NodeNext; [ "$resolution" = node10 ] && module=CommonJS
  cat > "tsconfig.$resolution.json" <<JSON
{ "compilerOptions": { "declaration": true, "emitDeclarationOnly": true, "strict": true, "skipLibCheck": true,
  "target": "ES2022", "types": [], "module": "$module", "moduleResolution": "$resolution",
  "outDir": "out-$resolution" }, "files": ["lib.ts"] }
JSON
  "$tsc" -p "tsconfig.$resolution.json"
done
grep -q 'effect-kalshi' out-NodeNext/lib.d.ts
echo "pack smoke: ok"
