#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
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
# Each step prints the time it starts, so a slow gate shows in the log (keep the whole run well
# under 30 minutes on the 2-core CI box).
step() { current="$*"; printf '\n=== [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
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

step "fragments de changelog"
gate antsibull-changelog lint

step "variables des rôles : defaults/main.yml et meta/argument_specs.yml"
gate python scripts/check_role_specs.py

step "documentation des modules et des rôles (antsibull-docs), docs/reference/ à jour"
gate antsibull-docs lint-collection-docs --plugin-docs .
gate scripts/build-docs.sh --check

step "ansible-test sanity sur ansible-core 2.19 (sans fichier ignore)"
if ls tests/sanity/ignore-*.txt >/dev/null 2>&1; then
  echo "tests/sanity/ignore-*.txt ne doit pas exister : corrigez le code signalé au lieu de l'ignorer" >&2
  failed+=("fichier ignore de sanity")
fi
gate scripts/ansible-test-staged.sh sanity --python 3.11 --local

step "ansible-test units sur ansible-core 2.19"
gate scripts/ansible-test-staged.sh units --python 3.11 --local

step "ansible-lint (profil production)"
gate ansible-lint

step "scénarios molecule"
gate scripts/run-molecule.sh

# requires_ansible >=2.16.0: the steps above prove 2.19 (the venv's ansible-core); the older
# versions get units and every sanity test but the style linters (pylint, pep8, yamllint,
# changelog: same code, already checked on 2.19; each needs its own venv, ~1 min cold per
# version), in tox venvs. `make test-versions` runs the full matrix.
step "ansible-test sur ansible-core 2.16, 2.17, 2.18 : units + sanity sans les linters de style (tox.ini)"
gate scripts/test-versions.sh 2.16 2.17 2.18 -- --skip-test pylint --skip-test pep8 --skip-test yamllint --skip-test changelog

step "pytest : tests unitaires du moteur et tests fonctionnels sur de vrais serveurs"
if [ ${#failed[@]} -gt 0 ]; then
  joined=$(printf '%s, ' "${failed[@]}")
  printf 'Étapes en échec avant pytest : %s\n' "${joined%, }"
fi
# Two workers (the CI box has 2 cores): the functional tests mostly wait on servers and
# ansible-playbook; --dist loadfile keeps each test file (and its lab) on one worker.
python -m pytest -n 2 --dist loadfile tests/unit tests/functional
status=$?
printf '=== [%s] fin\n' "$(date +%H:%M:%S)"
[ ${#failed[@]} -gt 0 ] && status=1
exit $status
