#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ansible-test sanity + units on each ansible-core that meta/runtime.yml accepts, one tox venv per
# version (tox.ini), one after the other: parallel runs would race on ansible-test's shared
# venv cache (~/.ansible/test/venv). Prints one French line per version with its wall time.
#   scripts/test-versions.sh                          full sanity + units on 2.16 ... 2.19
#   scripts/test-versions.sh 2.16 2.17 -- --skip-test pylint
#       the listed versions; what follows -- goes to `ansible-test sanity`
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1

versions=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do versions+=("$1"); shift; done
[ $# -gt 0 ] && shift
[ ${#versions[@]} -gt 0 ] || versions=(2.16 2.17 2.18 2.19)

summary=()
status=0
for v in "${versions[@]}"; do
  start=$SECONDS
  if tox -e "ac$v" -- "$@"; then verdict="réussi"; else verdict="ÉCHEC"; status=1; fi
  took=$((SECONDS - start))
  summary+=("$(printf 'ansible-core %s : sanity + units %s en %d min %02d s' \
    "$v" "$verdict" $((took / 60)) $((took % 60)))")
done
printf '\n'
printf '%s\n' "${summary[@]}"
exit $status
