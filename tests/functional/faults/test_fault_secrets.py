# SPDX-License-Identifier: GPL-3.0-or-later
"""No secret value anywhere: whole playbooks run at -vvvv on the lab with every secret in use
(LDAP bind password, Annuaire API key, doveadm API key, IMAP admin password, SMTP password);
their output and every file they write under the report and state directories (journal and
operator requests included) are scanned for each value."""
import json
import re
import urllib.parse

from lab.dovecot import TRASH
from tests.functional.ansible_run import run_playbook
from tests.functional.faults.helpers import assert_completes, run_lab, snapshot
from tests.functional.test_directory_module import module_args
from tests.functional.test_operator_request import smtp_server  # noqa: F401  pylint: disable=unused-import


def test_secret_never_printed_even_verbose(tmp_path, demo_slapd):
    code, output = run_playbook(tmp_path, [{"mssante.hygiene.directory_info": module_args(demo_slapd)}],
                                extra_args=["-vvvv"], json_output=False)
    assert code == 0, output[-2000:]
    assert demo_slapd.reader_password not in output


def _secrets(lab, smtp):
    found = {"LDAP bind_pw": lab["ldap"]["bind_pw"], "Annuaire api_key": lab["annuaire"]["api_key"],
             "doveadm_api_key": lab["imap"]["doveadm_api_key"],
             "IMAP admin_password": lab["imap"]["admin_password"], "SMTP password": smtp["password"]}
    assert len(set(found.values())) == len(found) and all(len(v) >= 12 for v in found.values())
    return found


def _leaks(secrets, texts):
    """(secret name, where) for every form of a secret value found in `texts` ({where: text})."""
    return [(name, where) for name, value in secrets.items()
            for form in (value, urllib.parse.quote(value, safe=""))
            for where, text in texts.items() if form in text]


def _vars_file(tmp_path, name, run_dirs, **overrides):
    """Extra vars in a file (as a vault would give them), outside the scanned directories."""
    path = tmp_path / name
    path.write_text(json.dumps(dict(run_dirs, **overrides)), encoding="utf-8")
    return "@%s" % path


def test_no_secret_in_verbose_site_and_audit_runs(fault_lab, run_dirs, tmp_path, smtp_server):
    imap = fault_lab["imap"]
    smtp = {"host": "127.0.0.1", "port": smtp_server["port"], "security": "starttls", "username": "dsi",
            "password": smtp_server["password"], "sender": "dsi@ch-exemple.example",
            "ca_path": smtp_server["ca"]}
    over_http = {"backend": "doveadm", "host": imap["host"], "port": imap["doveadm_http_port"],
                 "security": "none", "doveadm_api_key": imap["doveadm_api_key"],
                 "folder_roles": {"\\Trash": TRASH}, "last_login_dict": imap["last_login_dict"]}
    over_imap = {"backend": "imap", "host": imap["host"], "port": imap["imaps_port"], "security": "tls",
                 "admin_user": imap["admin_user"], "admin_password": imap["admin_password"],
                 "ca_path": imap["ca_cert"]}
    site = run_lab(fault_lab, "site.yml", "-vvvv",
                   "-e", _vars_file(tmp_path, "site.json", run_dirs, mssante_imap=over_http, mssante_smtp=smtp))
    audit = run_lab(fault_lab, "audit.yml", "-vvvv",
                    "-e", _vars_file(tmp_path, "audit.json", run_dirs, mssante_imap=over_imap))
    for run in (site, audit):  # every secret was really used: the scan below means something
        assert_completes(run)
        assert int(re.search(r"Plateforme de messagerie : (\d+) BAL mesurées", run.output).group(1)) > 0
    assert smtp_server["recorder"].messages

    texts = {"site.yml output": site.output, "audit.yml output": audit.output}
    for key in ("mssante_report_dir", "mssante_state_dir"):
        for name, data in snapshot(run_dirs[key]).items():
            texts["%s/%s" % (run_dirs[key], name)] = data.decode("utf-8", "replace")
    assert len(texts) > 6  # reports, journal, requests, ledger, inventory snapshot
    assert _leaks(_secrets(fault_lab, smtp_server), texts) == []
