#!/usr/bin/env bash
# Every quality gate, in order of cost; the last step is pytest so its summary line closes the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/.venv/bin:$PATH"
export ANSIBLE_CONFIG="$root/ansible.cfg"

step() { printf '\n=== %s\n' "$*"; }

# pip inside ansible-test venvs repeats a harmless warning per package: keep the log readable
# without hiding the command's exit status.
quiet_pip() {
  local log rc=0
  log=$(mktemp)
  "$@" >"$log" 2>&1 || rc=$?
  grep -v "^WARNING: Location" "$log" || true
  rm -f "$log"
  return $rc
}

step "changelog fragments"
antsibull-changelog lint

step "role defaults vs argument specs"
python scripts/check_role_specs.py

step "ansible-test sanity (no ignore file)"
if ls tests/sanity/ignore-*.txt >/dev/null 2>&1; then
  echo "tests/sanity/ignore-*.txt must not exist: fix the code instead" >&2
  exit 1
fi
quiet_pip scripts/ansible-test-staged.sh sanity --python 3.11 --local

step "ansible-test units"
quiet_pip scripts/ansible-test-staged.sh units --python 3.11 --local

step "ansible-lint (production profile)"
ansible-lint

step "molecule scenarios"
scripts/run-molecule.sh

step "pytest: engine units and functional tests against real servers"
python -m pytest tests/unit tests/functional
