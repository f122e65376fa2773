# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit's view of the notice ledger: evidence.notice on current findings, summary.notified."""
import datetime as dt

import pytest

from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.analysis import audit
from ansible_collections.mssante.hygiene.plugins.module_utils.notice import ledger
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.audit_view import attach_notices

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.timezone.utc)
DOMAIN = "ch-test.mssante.fr"
SOON, GONE, QUIET = ("%s@%s" % (uid, DOMAIN) for uid in ("alice", "bruno", "chloe"))


def audit_result():
    """alice: inactive_soon (50 days); bruno: inactive (90 days); chloe: inactive_soon, never told."""
    accounts = [{"dn": "uid=%s" % a.split("@")[0], "mails": [a], "rpps": "1099900100%d" % i, "bal_type": "PER"}
                for i, a in enumerate((SOON, GONE, QUIET))]
    bals = [{"address": a, "type": "PER", "carrier": ["PractitionerRole"], "rpps": "1099900100%d" % i,
             "situations": ["SE%d" % i], "structures": ["990000010"], "preferred": True}
            for i, a in enumerate((SOON, GONE, QUIET))]
    days = {SOON: 50, GONE: 90, QUIET: 50}
    mailboxes = [{"mailbox": a, "last_activity": (NOW - dt.timedelta(days=d)).isoformat()} for a, d in days.items()]
    establishment = {"name": "CH Test", "finess_eg": ["990000010"], "domains": [DOMAIN]}
    return audit(accounts, bals, [], mailboxes, establishment, None, NOW)


def write_ledger(state_dir):
    data = ledger.empty()
    ledger.record_told(data, SOON.upper(), "inactive_soon", NOW - dt.timedelta(days=3), due="2026-12-12",
                       recipients=["alice.perso@" + DOMAIN, SOON], message_id="<1@ch-test>")
    ledger.record_unreachable(data, GONE, "inactive", NOW - dt.timedelta(days=2), "optout", announces="liste_rouge")
    ledger.record_told(data, "parti@" + DOMAIN, "inactive", NOW, recipients=["parti@" + DOMAIN])  # resolved
    ledger.save(str(state_dir), data)


def by_address(result):
    return {f.address: f for f in result["findings"]}


def test_notices_go_into_the_evidence_of_current_findings(tmp_path):
    write_ledger(tmp_path)
    result = attach_notices(audit_result(), str(tmp_path))
    findings = by_address(result)
    assert findings[SOON].evidence["notice"] == {
        "first_told": (NOW - dt.timedelta(days=3)).isoformat(), "last_told": (NOW - dt.timedelta(days=3)).isoformat(),
        "due": "2026-12-12", "recipients": ["alice.perso@" + DOMAIN, SOON], "unreachable": "", "noted": ""}
    assert findings[GONE].evidence["notice"]["unreachable"] == "optout"
    assert findings[GONE].evidence["notice"]["noted"] == (NOW - dt.timedelta(days=2)).isoformat()
    assert "notice" not in findings[QUIET].evidence
    assert result["summary"]["notified"] == 1  # the opted-out owner was not told


def test_no_ledger_means_nobody_was_told(tmp_path):
    result = attach_notices(audit_result(), str(tmp_path / "jamais"))
    assert result["summary"]["notified"] == 0
    assert all("notice" not in f.evidence for f in result["findings"])


def test_the_audit_alone_counts_nobody():
    assert audit_result()["summary"]["notified"] == 0


def test_corrupt_ledger_is_named_never_reset(tmp_path):
    (tmp_path / "notices.json").write_text("{pas du json", "utf-8")
    with pytest.raises(ledger.NoticeLedgerError) as raised:
        attach_notices(audit_result(), str(tmp_path))
    assert raised.value.parameter == "state_dir"
    assert_plain_french(str(raised.value), str(tmp_path / "notices.json"), "corrompu")
    assert (tmp_path / "notices.json").read_text("utf-8") == "{pas du json"
