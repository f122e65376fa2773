# SPDX-License-Identifier: GPL-3.0-or-later
"""Patient documents on a real Dovecot, both backends: detected, proven, kept by default, never named."""
import datetime as dt
import json

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_info, run_purge
from tests.functional.ansible_run import run_playbook
from tests.functional.patient_mail import KEYWORD, XDM_SUBJECT, document, forwarded, mdn, plain, plant

ACKS = "Accusés de réception"
RULE = {"name": "retention-1-an", "folders": ["INBOX"], "older_than_days": 365, "date": "received"}
OLD = {"doc.pending": 500, "doc.mdn": 420, "doc.error": 450, "doc.keyword": 430, "doc.listed": 440,
       "doc.subject": 400, "plain.1": 410, "plain.2": 600}
PROVEN = {"doc.mdn", "doc.keyword", "doc.listed"}
DELETED = {"keep": {"plain.1", "plain.2"}, "integrated": {"plain.1", "plain.2"} | PROVEN, "ignore": set(OLD)}


def mid(name):
    return "<%s@ch-partenaire.mssante.fr>" % name


def messages():
    old = {"doc.pending": document(mid("doc.pending"), XDM_SUBJECT),
           "doc.mdn": document(mid("doc.mdn"), "Comptes rendus", rfc2231=True),
           "doc.error": document(mid("doc.error"), filename="ihe_xdm.zip"),
           "doc.keyword": forwarded(mid("doc.keyword"), document(mid("doc.inner"))),
           "doc.listed": document(mid("doc.listed")),
           "doc.subject": plain(mid("doc.subject"), XDM_SUBJECT),
           "plain.1": plain(mid("plain.1")), "plain.2": plain(mid("plain.2"))}
    planted = [("INBOX", message, OLD[name], [KEYWORD] if name == "doc.keyword" else [])
               for name, message in old.items()]
    planted.append((ACKS, mdn(mid("mdn.ok"), mid("doc.mdn")), 2, []))
    planted.append(("INBOX", mdn(mid("mdn.ko"), mid("doc.error"), "processed/Error: 902^Patient inconnu"), 2, []))
    return planted


BACKENDS = ["imap", "doveadm", "doveadm-http"]
POLICIES = ["keep", "integrated", "ignore"]


def login_for(test, backend, policy=""):
    return "%s.%s%s@ch-exemple.mssante.fr" % (test, backend, "." + policy if policy else "")


@pytest.fixture(scope="module")
def server(empty_dovecot):
    """One mailbox per test case, all planted at once."""
    logins = [login_for(test, backend) for test in ("info", "check") for backend in BACKENDS]
    logins += [login_for("purge", backend, policy) for backend in BACKENDS for policy in POLICIES]
    logins.append(login_for("ansible", "imap"))
    plant(empty_dovecot, dict((login, messages()) for login in logins))
    return empty_dovecot


@pytest.fixture(scope="module")
def id_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("dpi") / "integres.txt"
    path.write_text("# export du DPI\n%s\n\nautre@ch-partenaire.mssante.fr\n" % mid("doc.listed"), encoding="utf-8")
    return str(path)


def params(server, login, backend, id_file, **extra):
    base = {"backend": "imap", "host": server.host, "port": server.imaps_port, "security": "tls",
            "admin_user": server.admin_user, "admin_password": server.admin_password,
            "ca_path": server.ca_cert, "validate_certs": True, "timeout": 10, "mailboxes": [login],
            "patient_documents": {"proof": {"keywords": [KEYWORD], "message_ids_file": id_file}}}
    if backend == "doveadm":
        base.update(backend="doveadm", doveadm_config=server.config_path)
    elif backend == "doveadm-http":
        base.update(backend="doveadm", port=server.doveadm_http_port, security="none",
                    doveadm_api_key=server.doveadm_api_key)
    base.update(extra)
    return base


def message_ids(server, login):
    rows = json.loads(server.doveadm("-f", "json", "fetch", "-u", login, "hdr.message-id", "all"))
    return {row["hdr.message-id"].strip("<>").split("@")[0] for row in rows}


def assert_no_patient_name(*texts):
    for text in texts:
        assert "ZOLA" not in text and "Hortense" not in text


@pytest.mark.parametrize("backend", BACKENDS)
def test_info_counts_documents_and_proofs(server, id_file, backend):
    login = login_for("info", backend)
    result = run_info(params(server, login, backend, id_file))
    assert result["failures"] == []
    oldest = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=500)).date().isoformat()
    assert result["mailboxes"][0]["patient_documents"] == {"total": 6, "integrated": 3, "pending": 3,
                                                           "oldest_pending": oldest}
    assert_no_patient_name(json.dumps(result, ensure_ascii=False))
    without = run_info(params(server, login, backend, id_file, patient_documents=None))
    assert "patient_documents" not in without["mailboxes"][0]  # existing outputs do not change


@pytest.mark.parametrize("backend", BACKENDS)
def test_check_mode_keeps_documents_before_the_cap(server, id_file, backend):
    login = login_for("check", backend)
    kept = run_purge(params(server, login, backend, id_file, rules=[RULE], max_delete_ratio=0.5),
                     check_mode=True, diff=True)
    [entry] = kept["selected"]
    assert (entry["messages"], entry["status"], entry["kept_patient_documents"]) == (2, "would_delete", 6)
    assert kept["summary"]["kept_patient_documents"] == 6
    assert "Documents patients conservés par la règle « retention-1-an » : 6" in kept["diff"]["prepared"]
    assert_no_patient_name(json.dumps(kept, ensure_ascii=False))
    ignored = run_purge(params(server, login, backend, id_file, max_delete_ratio=0.5,
                               rules=[dict(RULE, patient_documents="ignore")]), check_mode=True, diff=False)
    assert [(e["messages"], e["status"]) for e in ignored["selected"]] == [(8, "refused")]  # 8 of 10 > 50 %
    assert len(message_ids(server, login)) == 10


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("backend", BACKENDS)
def test_real_run_deletes_what_the_policy_allows(server, id_file, tmp_path, backend, policy):
    login = login_for("purge", backend, policy)
    before = message_ids(server, login)
    journal = tmp_path / "journal.jsonl"
    result = run_purge(params(server, login, backend, id_file, journal_path=str(journal),
                              rules=[dict(RULE, patient_documents=policy)]), check_mode=False, diff=True)
    assert result["failures"] == []
    assert before - message_ids(server, login) == DELETED[policy]
    assert result["summary"]["deleted_messages"] == len(DELETED[policy])
    assert result["summary"]["kept_patient_documents"] == len(OLD) - len(DELETED[policy])
    assert_no_patient_name(json.dumps(result, ensure_ascii=False), journal.read_text(encoding="utf-8"))


def test_modules_through_ansible_check_and_diff(server, id_file, tmp_path):
    """The argspec fills the defaults (proof.mdn included); the console shows counts, never the patient."""
    options = params(server, login_for("ansible", "imap"), "imap", id_file)
    tasks = [
        {"name": "info", "mssante.hygiene.mailstore_info": options, "register": "info"},
        {"name": "purge", "mssante.hygiene.mailstore_purge": dict(options, rules=[RULE]), "register": "purge"},
        {"name": "check", "ansible.builtin.assert": {"that": [
            "info.mailboxes[0].patient_documents.pending == 3",
            "info.mailboxes[0].patient_documents.integrated == 3",
            "purge.summary.kept_patient_documents == 6",
            "purge.selected[0].kept_patient_documents == 6",
            "purge.selected[0].messages == 2"]}},
    ]
    code, output = run_playbook(tmp_path, tasks, extra_args=["--check", "--diff", "-v"], json_output=False)
    assert code == 0, output[-3000:]
    assert "Documents patients conservés par la règle « retention-1-an » : 6" in output
    assert_no_patient_name(output)
