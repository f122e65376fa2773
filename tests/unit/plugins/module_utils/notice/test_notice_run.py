# SPDX-License-Identifier: GPL-3.0-or-later
"""A whole owner_notice run: check mode previews only, sending records, rerun sends nothing."""
import datetime as dt
import json

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.notice.run import NoticeRunError, run
from tests.unit.fr_messages import assert_plain_french
from tests.unit.plugins.module_utils.notice.fake_smtp import FakeSession
from tests.unit.plugins.module_utils.notice.notice_data import (
    ACCOUNTS, BALS, CARDIO, CONTACTS, JEAN, NOW, PARTI, finding)

SMTP = {"host": "smtp.test", "sender": "dsi-hygiene@ch-exemple.fr", "password": "s3cret!"}
FINDINGS = [finding(JEAN, "inactive", "liste_rouge"), finding(CARDIO, "trash_overdue", "purge", trash_messages=4),
            finding(PARTI, "departed_owner", "suppression")]


def params(tmp_path, **overrides):
    base = {"findings": FINDINGS, "accounts": ACCOUNTS, "bals": BALS, "contacts": CONTACTS,
            "state_dir": str(tmp_path / "state"), "output_dir": str(tmp_path / "out"), "smtp": SMTP,
            "establishment": {"name": "CH Exemple", "contact": "dsi@ch-exemple.fr"}, "optout": ["dsi@ch-exemple.fr"]}
    base.update(overrides)
    return base


def test_check_mode_writes_previews_and_csv_never_the_ledger(tmp_path):
    session = FakeSession()
    old = tmp_path / "out/notices/apercu"
    old.mkdir(parents=True)
    (old / "009-ancien@ch.fr.eml").write_text("ancien")
    result = run(params(tmp_path), check_mode=True, want_diff=True, now=NOW, session=session)
    assert session.sent == [] and not (tmp_path / "state").exists()
    assert sorted(p.name for p in old.iterdir()) == ["001-chef.cardio@ch-exemple.fr.eml",
                                                     "002-" + JEAN + ".eml"]
    assert result["changed"] is True and [n["status"] for n in result["notices"]] == ["preview", "preview"]
    assert result["untold"] == [{"address": PARTI, "code": "departed_owner", "reason": "optout"}]
    assert JEAN in result["diff"]["after"] and result["sent"] == []
    assert "BAL inactive publiée : se reconnecter" in result["diff"]["after"]  # French, as the CSV
    csv = (tmp_path / "out/notices/preavis.csv").read_bytes().decode("utf-8-sig")
    assert csv.splitlines()[0] == "Destinataire;BAL;Constat;À faire;Échéance;Annonce;Statut"
    assert "aperçu (mode check)" in csv and "non prévenu : opposition (optout)" in csv
    assert "liste rouge à partir du 01/12/2026" in csv


def test_sent_once_then_a_rerun_sends_nothing(tmp_path):
    session = FakeSession()
    run(params(tmp_path), check_mode=True, now=NOW, session=session)
    first = run(params(tmp_path), now=NOW, session=session)
    assert list((tmp_path / "out/notices/apercu").iterdir()) == []  # the check run's previews are stale
    assert first["changed"] is True and first["sent"] == ["chef.cardio@ch-exemple.fr", JEAN]
    assert len(session.sent) == 2 and first["failures"] == [] and first["previews"] == []
    saved = json.loads((tmp_path / "state/notices.json").read_text("utf-8"))
    assert {(e["address"], e["code"], e["unreachable"]) for e in saved["items"]} == {
        (JEAN, "inactive", ""), (CARDIO, "trash_overdue", ""), (PARTI, "departed_owner", "optout")}
    again = run(params(tmp_path), now=NOW + dt.timedelta(days=1), session=session)
    assert again["changed"] is False and again["already_told"] == 2 and len(session.sent) == 2
    assert "s3cret!" not in json.dumps([first, again])


def test_a_refused_recipient_is_retried_by_the_next_run(tmp_path):
    refusing = FakeSession(refuse=[JEAN])
    first = run(params(tmp_path), now=NOW, session=refusing)
    assert first["failures"] == [{"recipient": JEAN, "addresses": [JEAN], "error": first["failures"][0]["error"]}]
    assert first["changed"] is True and first["sent"] == ["chef.cardio@ch-exemple.fr"]
    second = run(params(tmp_path), now=NOW + dt.timedelta(hours=1), session=FakeSession())
    assert second["sent"] == [JEAN] and second["failures"] == []
    saved = json.loads((tmp_path / "state/notices.json").read_text("utf-8"))
    assert saved["failures"] == {}


def test_a_resolved_finding_is_forgotten(tmp_path):
    run(params(tmp_path), now=NOW, session=FakeSession())
    run(params(tmp_path, findings=FINDINGS[1:]), now=NOW, session=FakeSession())
    saved = json.loads((tmp_path / "state/notices.json").read_text("utf-8"))
    assert JEAN not in {e["address"] for e in saved["items"]}


def test_a_server_gone_fails_the_run_with_the_result_and_keeps_what_was_sent(tmp_path):
    with pytest.raises(NoticeRunError) as error:
        run(params(tmp_path), now=NOW, session=FakeSession(dead_after=1))
    assert_plain_french(str(error.value), "injoignable", "prochaine exécution")
    assert error.value.parameter == "smtp" and error.value.result["sent"] == ["chef.cardio@ch-exemple.fr"]
    saved = json.loads((tmp_path / "state/notices.json").read_text("utf-8"))
    assert list(saved["failures"]) == [JEAN]


def test_smtp_is_required_outside_check_mode(tmp_path):
    with pytest.raises(NoticeRunError) as error:
        run(params(tmp_path, smtp=None), now=NOW)
    assert_plain_french(str(error.value), "smtp", "mssante_smtp")
    assert not (tmp_path / "state").exists()
