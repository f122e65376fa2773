# SPDX-License-Identifier: GPL-3.0-or-later
"""The report directory cannot be created: the audit stops naming it, no server and no other
file is touched, and the same audit with a writable directory completes.

The suite runs as root in CI, where file modes stop nothing: the directory is asked for under a
regular file, which fails for root too (ENOTDIR)."""
import os

from tests.functional.faults.helpers import assert_clear_failure, assert_completes, run_lab
from tests.functional.test_audit_playbook import ldap_dump, mail_dump


def test_unwritable_report_dir_then_rerun(fault_lab, run_dirs, tmp_path):
    blocker = tmp_path / "fichier.txt"
    blocker.write_text("un fichier, pas un répertoire\n", encoding="utf-8")
    servers = ldap_dump(fault_lab), mail_dump(fault_lab)

    failed = run_lab(fault_lab, "audit.yml", **dict(run_dirs, mssante_report_dir=str(blocker / "rapports")))
    assert_clear_failure(failed, "report_dir", str(blocker / "rapports"), "n'est pas un répertoire")
    assert "Rapport :" not in failed.output
    assert blocker.read_text(encoding="utf-8") == "un fichier, pas un répertoire\n"
    assert (ldap_dump(fault_lab), mail_dump(fault_lab)) == servers

    rerun = run_lab(fault_lab, "audit.yml", **run_dirs)
    assert_completes(rerun)
    assert {"audit.json", "audit.csv", "audit.html"} <= set(os.listdir(run_dirs["mssante_report_dir"]))
    assert (ldap_dump(fault_lab), mail_dump(fault_lab)) == servers
