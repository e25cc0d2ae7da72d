#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test program in locale $1 (tr_TR, es_ES, ru_RU): the locale is
# compiled with localedef into a temporary folder of its own (the system's
# list of generated locales is left alone), and the program runs with it.
set -eu
locale=$1
shift
command -v localedef >/dev/null ||
  { echo "localedef is missing: install the locales package" >&2; exit 1; }
dir=$(mktemp -d -t meso-locale.XXXXXX)
trap 'rm -rf "$dir"' EXIT INT TERM
# localedef warns about the locale sources, and exits 1 on warnings alone.
localedef -i "$locale" -f UTF-8 "$dir/$locale.UTF-8" >/dev/null 2>&1 ||
  [ -f "$dir/$locale.UTF-8/LC_CTYPE" ] ||
  { echo "localedef could not make $locale.UTF-8" >&2; exit 1; }
export LOCPATH="$dir" LC_ALL="$locale.UTF-8" LANG="$locale.UTF-8"
unset LANGUAGE
"$@"
