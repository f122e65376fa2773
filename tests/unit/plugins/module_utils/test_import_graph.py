# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The folder tree is the architecture: imports only go from a stage to the ones it builds on.

Sources (directory, annuaire, mailstore, activity: the operator's connection file) know nothing of the analysis, the outputs or each
other; the analysis (audit) knows only the root; the outputs (notice, report, requests) read the
audit's vocabulary, and the report and requests the notice ledger; the history (of the audits) the
audit's vocabulary and the request ledger; root files know only the root, but settings.py, which checks inventory
settings against the three sources' argspecs. The lab never imports the tests.
"""

import ast
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
ENGINE = os.path.join(ROOT, "plugins", "module_utils")
PREFIX = "ansible_collections.mssante.hygiene.plugins.module_utils"
SOURCES = ("directory", "annuaire", "mailstore", "activity")
STAGES = SOURCES + ("audit", "notice", "report", "requests", "history")
# stage -> stages it may import besides its own and the root ("" is the root)
ALLOWED = {
    "directory": (), "annuaire": (), "mailstore": (), "activity": (),
    "audit": (),
    # the owner notices speak the audit's vocabulary
    "notice": ("audit",),
    # the report shows who was told what (the notice ledger)
    "report": ("audit", "notice"),
    # the operator requests act on what a source read (FHIR PATCH bodies, liste blanche), and
    # wait for the owners' notice (the notice ledger)
    "requests": ("audit", "notice") + SOURCES,
    # the audit history counts the findings per code (the audit's vocabulary) and shows the
    # operator requests' states (the request ledger); the report gets its pieces from bal_audit
    "history": ("audit", "requests"),
    "": (),
}
ROOT_EXCEPTIONS = {"settings.py": {PREFIX + "." + source + ".argspec" for source in SOURCES}}


def _imported(path):
    """(line, dotted name) of every import in the file; `from pkg import mod` yields pkg.mod."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                yield node.lineno, node.module + "." + alias.name


def _stage_of_module(dotted):
    """Stage of an engine module name ("" for the root), None outside the engine."""
    if not dotted.startswith(PREFIX + "."):
        return None
    first = dotted[len(PREFIX) + 1:].split(".")[0]
    return first if first in STAGES else ""


def _python_files(top):
    for directory, _dirs, names in os.walk(top):
        for name in sorted(names):
            if name.endswith(".py"):
                yield os.path.join(directory, name)


def _engine_offences(engine=ENGINE):
    offences = []
    for path in _python_files(engine):
        rel = os.path.relpath(path, engine)
        stage = rel.split(os.sep)[0] if os.sep in rel else ""
        for line, dotted in _imported(path):
            target = _stage_of_module(dotted)
            if target is None or target in ("", stage) or target in ALLOWED[stage]:
                continue
            if stage == "" and any(dotted.startswith(allowed) for allowed in ROOT_EXCEPTIONS.get(rel, ())):
                continue
            offences.append("plugins/module_utils/%s:%d importe %s (%s -> %s)"
                            % (rel, line, dotted, stage or "racine", target or "racine"))
    return offences


def test_every_engine_file_belongs_to_a_stage():
    packages = sorted(name for name in os.listdir(ENGINE) if os.path.isdir(os.path.join(ENGINE, name))
                      and not name.startswith(("_", ".")))
    assert packages == sorted(STAGES), "sous-dossiers du moteur hors des étapes prévues : %s" % packages


def test_imports_follow_the_stages():
    offences = _engine_offences()
    assert offences == [], "importations contraires à l'arborescence par étape :\n" + "\n".join(offences)


def test_the_rules_catch_an_offence(tmp_path):
    source = tmp_path / "mailstore" / "bad.py"
    source.parent.mkdir()
    source.write_text("from %s.audit.codes import CODES\nfrom %s import fr_text\n" % (PREFIX, PREFIX), "utf-8")
    expected = "plugins/module_utils/mailstore/bad.py:1 importe %s.audit.codes.CODES (mailstore -> audit)" % PREFIX
    assert _engine_offences(str(tmp_path)) == [expected]


def test_the_lab_does_not_import_the_tests():
    offences = ["%s:%d importe %s" % (os.path.relpath(path, ROOT), line, dotted)
                for path in _python_files(os.path.join(ROOT, "lab"))
                for line, dotted in _imported(path)
                if dotted.split(".")[0] == "tests" or dotted.startswith("ansible_collections.mssante.hygiene.tests")]
    assert offences == [], "le labo importe les tests (ce sont les tests qui importent le labo) :\n" + "\n".join(offences)
