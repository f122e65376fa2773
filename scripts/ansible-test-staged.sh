#!/usr/bin/env bash
# Runs ansible-test on a copy of the checkout laid out as .../ansible_collections/mssante/hygiene
# (ansible-test resolves the real path of the cwd, so a symlinked tree is not enough).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dest="$work/ansible_collections/mssante/hygiene"
mkdir -p "$dest"
(cd "$src" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) \
  | tar -C "$dest" -xf -
cd "$dest"
ansible-test "$@"
