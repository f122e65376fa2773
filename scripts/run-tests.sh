#!/usr/bin/env bash
# Every quality gate, in order of cost; the last step is pytest so its summary line closes the run.
# A failing gate does not stop the others (one run shows every problem); the exit status is
# non-zero if any gate failed, and the failed gates are listed before pytest's summary.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
export PATH="$root/.venv/bin:$PATH"
export ANSIBLE_CONFIG="$root/ansible.cfg"

failed=()
current=""
step() { current="$*"; printf '\n=== %s\n' "$*"; }
# Run one gate; pip inside ansible-test venvs repeats a harmless "WARNING: Location" line per
# package, so the output is filtered (without hiding the gate's exit status).
gate() {
  local log rc=0
  log=$(mktemp)
  "$@" >"$log" 2>&1 || rc=$?
  grep -v "^WARNING: Location" "$log"
  rm -f "$log"
  [ "$rc" -eq 0 ] || failed+=("$current")
}

step "changelog fragments"
gate antsibull-changelog lint

step "role defaults vs argument specs"
gate python scripts/check_role_specs.py

step "ansible-test sanity (no ignore file)"
if ls tests/sanity/ignore-*.txt >/dev/null 2>&1; then
  echo "tests/sanity/ignore-*.txt must not exist: fix the code instead" >&2
  failed+=("sanity ignore file")
fi
gate scripts/ansible-test-staged.sh sanity --python 3.11 --local

step "ansible-test units"
gate scripts/ansible-test-staged.sh units --python 3.11 --local

step "ansible-lint (production profile)"
gate ansible-lint

step "molecule scenarios"
gate scripts/run-molecule.sh

step "pytest: engine units and functional tests against real servers"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'Failed gates before pytest: %s\n' "${failed[*]}"
fi
python -m pytest tests/unit tests/functional
status=$?
[ ${#failed[@]} -gt 0 ] && status=1
exit $status
