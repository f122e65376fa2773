#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs ansible-test on a copy of the checkout laid out as .../ansible_collections/mssante/hygiene
# (ansible-test resolves the real path of the cwd, so a symlinked tree is not enough).
# Uses the first ansible-test on PATH, so a per-version venv (tox.ini) runs its own ansible-core.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)

command -v ansible-test >/dev/null || {
  echo "ansible-test-staged : ansible-test introuvable dans le PATH (lancez via make, tox ou avec .venv/bin en tête du PATH)" >&2
  exit 1
}

# ansible-test bootstraps pip in its venvs from get-pip, downloaded from a host that is not
# reachable here; each ansible-core pins its own pip (23.1.2 up to 2.17, 24.2 since 2.18) and
# looks for the cached script under that version's name, so the offline stand-in goes there.
read -r shebang <"$(command -v ansible-test)"
pip_version=$(${shebang#\#!} -c '
import types
from ansible_test._internal.python_requirements import get_venv_packages
print(get_venv_packages(types.SimpleNamespace(version="3.11"))["pip"])') || {
  echo "ansible-test-staged : version de pip d'ansible-test introuvable ; le script get-pip hors ligne n'est pas installé" >&2
  pip_version=""
}
if [ -n "$pip_version" ]; then
  mkdir -p "$HOME/.ansible/test/cache"
  cp "$src/scripts/get_pip_standin.py" "$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dest="$work/ansible_collections/mssante/hygiene"
mkdir -p "$dest"
# Tracked files deleted in the work tree (not yet committed) are left out instead of failing tar.
(cd "$src" && git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf -) \
  | tar -C "$dest" -xf -
cd "$dest"
ansible-test "$@"
