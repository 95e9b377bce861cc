#!/usr/bin/env bash
# The rate limiter's two-process test needs a real redis-server (Debian's package). `npm test` and CI run
# this first: it installs the package with apt-get when it is missing and this user may (root); otherwise it
# says how, and the test itself fails with the same advice.
set -euo pipefail
command -v redis-server >/dev/null 2>&1 && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "installing redis-server (Debian's package) for the rate limiter's Redis test" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
else
  echo "redis-server is missing: install it (apt-get install -y redis-server) for test/ratelimit/redis.test.ts" >&2
fi
