#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the server tests: `start DIR` initdb's DIR as the postgres user, starts it
# on a free 127.0.0.1 port (trust auth, no other listener) and prints its URL; `stop DIR` stops it and removes DIR.
# scripts/test.sh uses it and exports BULWARK_TEST_PG_URL; run it by hand the same way:
#   export BULWARK_TEST_PG_URL=$(scripts/pg-test-cluster.sh start /tmp/bw-pg); …; scripts/pg-test-cluster.sh stop /tmp/bw-pg
set -euo pipefail
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/postgres" ] || { echo "pg-test-cluster: no PostgreSQL server binaries under /usr/lib/postgresql" >&2; exit 1; }
cmd=${1:-}; dir=${2:-}
[ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 >/dev/null
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    # Sockets in the cluster directory, TCP on loopback only; fsync off: this data is thrown away.
    as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -d "$dir/data" ] && as_pg "$BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
