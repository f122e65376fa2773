# SPDX-License-Identifier: GPL-3.0-or-later
"""A liste rouge or deletion waits for the owner's notice (notice_delay_days, issue 17)."""
import datetime as dt

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.notice import ledger as notices
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.ledger import NoticeLedgerError
from ansible_collections.mssante.hygiene.plugins.module_utils.requests import ledger
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.notice_delay import (
    held_summary, notice_hold)
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.plan import (
    Observations, bal_from_input, plan)
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.run import run as request_run
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.timezone.utc)
TOLD_RECENTLY = "alice.fictif@ch-exemple.mssante.fr"  # told 10 days ago
TOLD_LONG_AGO = "bruno.fictif@ch-exemple.mssante.fr"  # told 30 days ago: the delay is over today
UNREACHABLE = "claire.fictif@ch-exemple.mssante.fr"  # opted out 40 days ago
NEVER_TOLD = "denis.fictif@ch-exemple.mssante.fr"
EVERYONE = [TOLD_RECENTLY, TOLD_LONG_AGO, UNREACHABLE, NEVER_TOLD]


def days_ago(days):
    return NOW - dt.timedelta(days=days)


def notice_ledger(announces="liste_rouge"):
    data = notices.empty()
    notices.record_told(data, TOLD_RECENTLY, "inactive", days_ago(10), announces=announces,
                        due="2026-12-21", recipients=[TOLD_RECENTLY])
    notices.record_told(data, TOLD_LONG_AGO, "inactive", days_ago(30), announces=announces,
                        recipients=[TOLD_LONG_AGO])
    notices.record_unreachable(data, UNREACHABLE, "inactive", days_ago(40), "optout", announces=announces)
    # told something else (no announcement): does not count
    notices.record_told(data, NEVER_TOLD, "no_preferred", days_ago(60), recipients=[NEVER_TOLD])
    return data


def bals(kind, *addresses):
    out = []
    for address in addresses:
        bal, _why = bal_from_input({"address": address, "code": "inactive", "action": kind}, kind)
        bal["operator"] = "Opérateur"
        out.append(bal)
    return out


def complete(*published):
    return Observations(annuaire_complete=True, published=list(published))


def plan_with(state_dir, kind, addresses, delay=30, before=None, observations=None):
    hold = notice_hold(str(state_dir), kind, delay, NOW)
    return plan(before or ledger.empty(), kind, bals(kind, *addresses), observations or complete(*addresses),
                NOW.isoformat(), "r1", hold=hold)


def test_only_owners_told_long_enough_ago_are_requested(tmp_path):
    notices.save(str(tmp_path), notice_ledger())
    result = plan_with(tmp_path, "liste_rouge", EVERYONE)
    assert result["added"] == [TOLD_LONG_AGO, UNREACHABLE]
    assert result["held"] == [
        {"address": TOLD_RECENTLY, "kind": "liste_rouge", "until": "2026-12-21",
         "reason": "préavis envoyé le 21/11/2026, délai jusqu'au 21/12/2026"},
        {"address": NEVER_TOLD, "kind": "liste_rouge", "until": "", "reason": "préavis non envoyé"}]
    assert result["skipped"] == []
    assert held_summary(result["held"]) == (
        "2 BAL en attente du préavis aux titulaires (jusqu'au 21/12/2026 ; 1 préavis non envoyé)")


def test_a_notice_counts_for_the_kind_it_announced(tmp_path):
    notices.save(str(tmp_path), notice_ledger(announces="liste_rouge"))
    result = plan_with(tmp_path, "suppression", EVERYONE)
    assert result["added"] == [] and [h["reason"] for h in result["held"]] == ["préavis non envoyé"] * 4
    notices.save(str(tmp_path), notice_ledger(announces="suppression"))
    result = plan_with(tmp_path, "suppression", EVERYONE, observations=complete())
    assert result["added"] == [TOLD_LONG_AGO, UNREACHABLE]


def test_pending_requests_and_their_withdrawal_never_wait(tmp_path):
    """Requested before the delay was set (no notice at all): it stays pending, then is withdrawn."""
    before = plan(ledger.empty(), "liste_rouge", bals("liste_rouge", NEVER_TOLD), complete(NEVER_TOLD),
                  days_ago(5).isoformat(), "r0")["ledger"]
    again = plan_with(tmp_path, "liste_rouge", [NEVER_TOLD], before=before)
    assert (again["held"], again["pending"], again["changes"]) == ([], [NEVER_TOLD], [])
    back = plan_with(tmp_path, "liste_rouge", [], before=before,
                     observations=Observations(annuaire_complete=True, published=[NEVER_TOLD], active=[NEVER_TOLD]))
    assert back["withdrawn"] == [NEVER_TOLD] and back["held"] == []


def test_delay_zero_reads_nothing(tmp_path):
    (tmp_path / "notices.json").write_bytes(b"{ corrupt")
    assert notice_hold(str(tmp_path), "liste_rouge", 0, NOW) is None
    result = plan_with(tmp_path, "liste_rouge", EVERYONE, delay=0)
    assert result["added"] == sorted(EVERYONE) and result["held"] == []
    assert held_summary([]) == ""


def test_no_notice_ledger_yet_holds_everyone(tmp_path):
    result = plan_with(tmp_path, "liste_rouge", [NEVER_TOLD])
    assert result["added"] == [] and held_summary(result["held"]) == (
        "1 BAL en attente du préavis aux titulaires (1 préavis non envoyé)")
    assert not list(tmp_path.iterdir())  # read only


def test_negative_delay_is_refused(tmp_path):
    with pytest.raises(OptionError) as caught:
        notice_hold(str(tmp_path), "liste_rouge", -3, NOW)
    assert caught.value.parameter == "notice_delay_days"
    assert_plain_french(str(caught.value), "notice_delay_days", "mssante_notice_delay_days")


def params(state_dir, addresses, delay):
    return {"kind": "liste_rouge", "state_dir": str(state_dir), "timeout": 5, "operator": {"name": "Opérateur"},
            "notice_delay_days": delay,
            "bals": [{"address": a, "code": "inactive", "action": "liste_rouge"} for a in addresses],
            "observations": {"published": list(addresses), "annuaire_complete": True}}


def test_corrupt_notice_ledger_fails_and_writes_nothing(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    (state / "notices.json").write_bytes(b'{"schema_version": 1, "items": [{"address": "a@ch.fr"}]}')
    with pytest.raises(NoticeLedgerError) as caught:
        request_run(params(state, EVERYONE, 30), now=NOW)
    assert_plain_french(str(caught.value), "registre des préavis", str(state / "notices.json"), "corrompu")
    assert sorted(p.name for p in state.iterdir()) == ["notices.json"]  # no ledger, lock or request file


def test_module_run_returns_held_diff_and_check_mode_reads_only(tmp_path):
    notices.save(str(tmp_path), notice_ledger())
    files = {p: p.read_bytes() for p in tmp_path.rglob("*")}
    checked = request_run(params(tmp_path, EVERYONE, 30), check_mode=True, want_diff=True, now=NOW)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*")} == files
    assert checked["added"] == [TOLD_LONG_AGO, UNREACHABLE] and len(checked["held"]) == 2
    assert checked["held_summary"].startswith("2 BAL en attente du préavis aux titulaires")
    assert ("[liste_rouge] en attente du préavis : %s (préavis envoyé le 21/11/2026, délai jusqu'au 21/12/2026)\n"
            % TOLD_RECENTLY) in checked["diff"]["after"]
    real = request_run(params(tmp_path, EVERYONE, 30), now=NOW)
    assert real["pending"] == [TOLD_LONG_AGO, UNREACHABLE] and real["held"] == checked["held"]
    assert notices.load(str(tmp_path)) == notice_ledger()  # read, never written
    # the delay ends: the held BAL told 10 days ago is requested 20 days later
    later = request_run(params(tmp_path, EVERYONE, 30), now=NOW + dt.timedelta(days=20))
    assert later["added"] == [TOLD_RECENTLY] and [h["address"] for h in later["held"]] == [NEVER_TOLD]
