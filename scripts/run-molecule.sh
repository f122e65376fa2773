#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every molecule scenario (extensions/molecule/*) against a dedicated lab, so the demo
# lab is never modified by converge runs (trash/retention delete mail).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export MSSANTE_LAB_DIR="$root/.lab/molecule"
python -m lab up --name molecule
trap 'python -m lab down --name molecule' EXIT
status=0
for scenario in extensions/molecule/*/; do
  name=$(basename "$scenario")
  echo "=== molecule: $name"
  # molecule keeps per-scenario state under ~/.ansible/tmp: a previous run's "prepared" flag
  # would skip prepare (which starts the scenario's own servers), so start from a clean state
  (cd extensions && molecule reset -s "$name" >/dev/null 2>&1; molecule test -s "$name") || status=1
done
exit $status
