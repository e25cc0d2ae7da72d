#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test program with a user keyring of its own: a private session
# bus, a throw-away home, and gnome-keyring's Secret Service there, its
# login keyring made and unlocked. The user's own keyring is never touched.
set -eu
command -v gnome-keyring-daemon >/dev/null ||
  { echo "gnome-keyring is missing: install gnome-keyring" >&2; exit 1; }
dir=$(mktemp -d -t meso-keyring.XXXXXX)
trap 'rm -rf "$dir"' EXIT INT TERM
export HOME="$dir" XDG_RUNTIME_DIR="$dir" XDG_DATA_HOME="$dir/data" XDG_CONFIG_HOME="$dir/config"
# The daemon is not under test: the suite's fatal warnings and malloc
# checks are not for it. It claims its bus name a moment after it returns: wait for it, or
# the bus would start a second one, without the unlocked keyring.
# The bus and what it starts (the accessibility registry says hello on
# stdout) write to stderr: stdout is the test's TAP alone (fd 3 here).
dbus-run-session -- sh -c '
  printf meso | env -u G_DEBUG -u MALLOC_CHECK_ -u MALLOC_PERTURB_ \
    gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  for i in $(seq 50); do
    gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
      --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets | grep -q true && break
    sleep 0.1
  done
  exec "$@" >&3 3>&-' sh "$@" 3>&1 >&2
