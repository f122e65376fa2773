#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates docs/reference/ (modules, filter, roles) with antsibull-docs from the collection's
# own DOCUMENTATION/RETURN and meta/argument_specs.yml. `--check` regenerates into a temporary
# directory and fails if the committed reference differs (module docs changed, `make docs` not run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$root/.venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$root/.colls"
reference="$root/docs/reference"
dest="$reference"
if [ "${1:-}" = "--check" ]; then
  dest=$(mktemp -d)
  trap 'rm -rf "$dest"' EXIT
fi
mkdir -p "$dest"
# simplified-rst: plain docutils RST (no Sphinx), readable in the repository and in the artifact
antsibull-docs --config-file "$root/docs/antsibull-docs.cfg" collection --use-current \
  --squash-hierarchy --output-format simplified-rst --no-add-antsibull-docs-version \
  --fail-on-error --cleanup everything --dest-dir "$dest" mssante.hygiene
if [ "$dest" != "$reference" ] && ! diff -r -q "$reference" "$dest"; then
  echo "docs/reference/ n'est plus à jour : lancez « make docs » et ajoutez le résultat au commit." >&2
  exit 1
fi
