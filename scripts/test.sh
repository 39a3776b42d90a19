#!/usr/bin/env bash
# The one test command (README quick start, CI): installs what the tests need, then lint, type-check, tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian tools the tests talk to for real: a registry, skopeo as an independent client, reference
# implementations for differential tests (dpkg is always there; rpm, python3-packaging, maven, go).
need=()
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v skopeo >/dev/null || need+=(skopeo)
command -v zstd >/dev/null || need+=(zstd)
command -v htpasswd >/dev/null || need+=(apache2-utils)
command -v openssl >/dev/null || need+=(openssl)  # token-auth and TLS registry tests sign with throwaway keys
command -v rpm >/dev/null || need+=(rpm)
# Maven's ComparableVersion is the oracle for Maven version ordering (test/matching/oracles.ts).
ls /usr/share/maven/lib/maven-artifact-3*.jar >/dev/null 2>&1 || need+=(maven)
command -v db5.3_load >/dev/null || need+=(db5.3-util)
command -v go >/dev/null || need+=(golang-go)
# Language-package tests: jars built with the JDK's jar, read back with unzip; objcopy/readelf for ELF.
command -v jar >/dev/null || need+=(openjdk-17-jdk-headless)
command -v unzip >/dev/null || need+=(unzip)
command -v objcopy >/dev/null || need+=(binutils)
# The HTML report is checked in a real headless browser (test/reports/html-browser.test.ts).
[ -x /usr/bin/chromium ] || need+=(chromium)
# The oracles run Debian's /usr/bin/python3 (test/matching/oracles.ts), not whichever python3 is first on
# PATH (pyenv here), so check that interpreter.
/usr/bin/python3 -c 'import packaging' 2>/dev/null || need+=(python3-packaging)
# The server and its job queue are tested against a real PostgreSQL (started below on 127.0.0.1).
[ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql)
# Runtime detection reads real kernel events through bpftrace (tests skip with the reason where the
# kernel refuses eBPF, and test the /proc source instead).
command -v bpftrace >/dev/null || need+=(bpftrace)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing with apt-get (a few minutes on a fresh machine): ${need[*]}"
    echo "test.sh: apt-get update"
    apt-get update -qq
    # One package per line as apt unpacks it, so a long install is visibly moving.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" \
      | grep --line-buffered -E '^(Unpacking|Setting up) ' | sed -u 's/^/test.sh: apt: /' || true
    for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || { echo "test.sh: apt-get could not install $p" >&2; exit 1; }; done
  else
    echo "test.sh: missing ${need[*]}; install them with apt-get (needs root)" >&2
    exit 1
  fi
fi

# kubectl renders kustomize overlays in the k8s tests. It is not in Debian's own archive, so installing
# it is best effort; without it those tests report a skip.
if ! command -v kubectl >/dev/null && [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubectl >/dev/null 2>&1 || echo "test.sh: kubectl not installable here; kustomize tests will be skipped"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# A throwaway PostgreSQL for the server tests (stopped at exit); under CI=true they fail without it.
if [ -z "${BULWARK_TEST_PG_URL:-}" ]; then
  PG_DIR=$(mktemp -d /tmp/bulwark-pg.XXXXXX)
  trap 'scripts/pg-test-cluster.sh stop "$PG_DIR"' EXIT
  BULWARK_TEST_PG_URL=$(scripts/pg-test-cluster.sh start "$PG_DIR")
  export BULWARK_TEST_PG_URL
  echo "test.sh: PostgreSQL for the server tests at $BULWARK_TEST_PG_URL"
fi
npm run build
npm run lint
npm run typecheck
npm test
