#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs gtk4-builder-tool validate on a .ui file. The 4.8 tool has been seen
# to die of SIGSEGV while starting, under the full suite's parallel load,
# before reading the file (never reproduced alone); a crash is not a
# verdict, so it is retried once. A file it finds invalid fails at once.
"$@"
status=$?
if [ "$status" -gt 128 ]; then
  echo "gtk4-builder-tool crashed (status $status); retrying once" >&2
  "$@"
  status=$?
fi
exit "$status"
