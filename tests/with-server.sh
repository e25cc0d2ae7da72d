#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test program against a throw-away PostgreSQL 15 server of its own:
# a new cluster in a temporary folder, on a free port of 127.0.0.1 (and a
# socket in that folder), with password authentication, dropped on exit.
# The program finds it through the PG* variables libpq reads. Test programs
# run side by side, so no shared cluster (pg_virtualenv's, as root, is one).
# The server's own messages go to stderr: stdout is the test's TAP alone.
# Tests run it with fsync=off (nothing is kept once they end);
# MESO_SERVER_FSYNC=on gives the server's default, for honest commit times
# in the benchmark (see README, "Benchmark").
set -eu
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || { echo "PostgreSQL 15 is missing: install postgresql-15" >&2; exit 1; }

fsync=${MESO_SERVER_FSYNC:-off}
case $fsync in on|off) ;; *) echo "MESO_SERVER_FSYNC is on or off" >&2; exit 2 ;; esac

dir=$(mktemp -d -t meso-server.XXXXXX)
# MESO_TEST_SERVER_WITHOUT=btree_gist: a server lacking that extension, as
# one without PostgreSQL's contrib package is. The server finds its files
# relative to its own binary: a copy of it beside a share folder of links,
# that extension's files left out.
if [ -n "${MESO_TEST_SERVER_WITHOUT:-}" ]; then
  root="$dir/install"
  mkdir -p "$root/usr/lib/postgresql/15/bin" "$root/usr/share/postgresql"
  cp "$bin/postgres" "$bin/initdb" "$bin/pg_ctl" "$root/usr/lib/postgresql/15/bin/"
  ln -s /usr/lib/postgresql/15/lib "$root/usr/lib/postgresql/15/lib"
  cp -rs /usr/share/postgresql/15 "$root/usr/share/postgresql/15"
  rm -f "$root/usr/share/postgresql/15/extension/$MESO_TEST_SERVER_WITHOUT"[-.]*
  bin="$root/usr/lib/postgresql/15/bin"
fi
as_server () { "$@"; }
if [ "$(id -u)" = 0 ]; then
  # initdb refuses root: the server runs as the postgres account.
  chown postgres: "$dir"
  as_server () { runuser -u postgres -- "$@"; }
fi
stop () {
  as_server "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT INT TERM

password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$password" > "$dir/password"
chmod 600 "$dir/password"
[ "$(id -u)" = 0 ] && chown postgres: "$dir/password"
as_server "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/password" \
  --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >&2

# A free port: the kernel's choice for a socket bound to port 0.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=$fsync" start >&2 ||
  { cat "$dir/server.log" >&2; exit 1; }

# A test stops and starts its server mid-session with "$MESO_TEST_SERVER_CTL
# stop" (an administrator's fast shutdown: every session is ended) and
# "$MESO_TEST_SERVER_CTL start".
runner=
[ "$(id -u)" = 0 ] && runner="runuser -u postgres --"
cat > "$dir/ctl" <<CTL
#!/bin/sh
case "\$1" in
  stop) exec $runner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ;;
  start) exec $runner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \\
           -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=$fsync" start >/dev/null ;;
esac
exit 2
CTL
chmod 755 "$dir/ctl"
export MESO_TEST_SERVER_CTL="$dir/ctl"

export PGHOST=127.0.0.1 PGPORT="$port" PGUSER=postgres PGPASSWORD="$password" PGDATABASE=postgres
unset PGSERVICE PGHOSTADDR PGSSLMODE
"$@"
