# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The clone is all a user has: no code, test or lab file reads a path outside the repository."""
import os
import re
import subprocess

import pytest

from lab.fixtures import annuaire_fixture

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# the workplace's reference folder and the team's own checkout path (spelt in pieces so that
# this file does not match itself)
_FORBIDDEN = ("../" + "shared", "/work/" + "shared", "/work/" + "main")
OUTSIDE = re.compile("|".join(re.escape(path) + r"\b" for path in _FORBIDDEN))


def _tracked_files():
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [name for name in out.decode().split("\0") if name]


def test_no_path_outside_the_clone():
    offenders = []
    for name in _tracked_files():
        # prose may name the team's folders; only what runs is checked
        if name.endswith((".md", ".rst")) or not os.path.isfile(os.path.join(ROOT, name)):
            continue
        with open(os.path.join(ROOT, name), "rb") as handle:
            text = handle.read().decode("utf-8", "replace")
        offenders += ["%s:%d" % (name, text.count("\n", 0, m.start()) + 1) for m in OUTSIDE.finditer(text)]
    assert offenders == [], "chemins hors du dépôt : " + ", ".join(offenders)


def test_fixture_paths_stay_in_the_repository():
    assert annuaire_fixture("synthetic").startswith(os.path.join(ROOT, "lab", "fixtures"))
    with pytest.raises(FileNotFoundError, match="SOURCES.md"):
        annuaire_fixture("no-such-folder")
