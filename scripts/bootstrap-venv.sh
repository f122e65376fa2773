#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Creates the project virtualenv, links the checkout as mssante.hygiene for Ansible,
# (ansible-test's offline get-pip stand-in is installed by scripts/ansible-test-staged.sh, per version).
set -euo pipefail
venv=${1:-.venv}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
python3.11 -m venv "$venv"
"$venv/bin/pip" install -q -U pip wheel 2>&1 | grep -v "^WARNING: Location" || true
"$venv/bin/pip" install -q -r requirements-dev.txt 2>&1 | grep -v "^WARNING: Location" || true
"$venv/bin/python" -c "import ansible, ldap3, molecule, xlsxwriter, openpyxl" # fail loudly if the install did not work
mkdir -p .colls/ansible_collections/mssante
ln -sfn ../../.. .colls/ansible_collections/mssante/hygiene
