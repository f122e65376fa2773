# SPDX-License-Identifier: GPL-3.0-or-later
"""The notice ledger: round trip, interval, announcements, unreachable owners, corruption."""
import datetime as dt

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.notice import ledger

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.timezone.utc)


def test_round_trip_and_unchanged_save(tmp_path):
    data = ledger.empty()
    ledger.record_told(data, "A.B@ch.fr", "inactive", NOW, announces="liste_rouge", due="2026-12-15",
                       recipients=["a.b@ch.fr"], message_id="<1@x>")
    assert ledger.save(str(tmp_path), data) is True
    assert ledger.save(str(tmp_path), ledger.load(str(tmp_path))) is False
    entry = ledger.load(str(tmp_path))["items"]["a.b@ch.fr|inactive"]
    assert entry["first_told"] == entry["last_told"] == NOW.isoformat()
    assert (tmp_path / "notices.json").stat().st_mode & 0o777 == 0o600


def test_interval_and_first_told_kept():
    data = ledger.empty()
    ledger.record_told(data, "a@ch.fr", "no_preferred", NOW)
    assert not ledger.is_due(data, "a@ch.fr", "no_preferred", NOW + dt.timedelta(days=29), 30)
    later = NOW + dt.timedelta(days=30)
    assert ledger.is_due(data, "a@ch.fr", "no_preferred", later, 30)
    ledger.record_told(data, "a@ch.fr", "no_preferred", later)
    assert data["items"]["a@ch.fr|no_preferred"]["first_told"] == NOW.isoformat()
    assert ledger.is_due(data, "b@ch.fr", "no_preferred", NOW, 30)


def test_announced_at_counts_unreachable_owners():
    data = ledger.empty()
    assert ledger.announced_at(data, "a@ch.fr", "liste_rouge") is None
    ledger.record_unreachable(data, "a@ch.fr", "inactive", NOW, "optout", announces="liste_rouge")
    ledger.record_unreachable(data, "a@ch.fr", "inactive", NOW + dt.timedelta(days=3), "optout",
                              announces="liste_rouge")
    assert ledger.announced_at(data, "A@CH.FR", "liste_rouge") == NOW
    assert ledger.is_due(data, "a@ch.fr", "inactive", NOW, 30)  # never told: tried again at each run
    assert ledger.wait_ends(NOW, 30) == dt.date(2026, 12, 31)
    assert ledger.announced_at(data, "a@ch.fr", "suppression") is None
    with pytest.raises(ValueError):
        ledger.record_unreachable(data, "a@ch.fr", "inactive", NOW, "busy")


def test_forget_resolved():
    data = ledger.empty()
    ledger.record_told(data, "a@ch.fr", "inactive", NOW, announces="liste_rouge")
    ledger.record_told(data, "b@ch.fr", "no_preferred", NOW)
    assert ledger.forget_resolved(data, {ledger.item_key("b@ch.fr", "no_preferred")}) == ["a@ch.fr|inactive"]
    assert list(data["items"]) == ["b@ch.fr|no_preferred"]


@pytest.mark.parametrize("content, why", [
    (b"{", "JSON illisible"),
    (b'{"schema_version": 1, "items": {}}', "items"),
    (b'{"schema_version": 1, "items": [{"address": "a@ch.fr"}]}', "entrée 0"),
])
def test_corrupt_ledger_names_the_file(tmp_path, content, why):
    (tmp_path / "notices.json").write_bytes(content)
    with pytest.raises(ledger.NoticeLedgerError) as caught:
        ledger.load(str(tmp_path))
    assert str(tmp_path / "notices.json") in str(caught.value) and why in str(caught.value)


def test_other_schema_version_refused(tmp_path):
    (tmp_path / "notices.json").write_bytes(b'{"schema_version": 9, "items": []}')
    with pytest.raises(ledger.NoticeLedgerError, match="schema_version"):
        ledger.load(str(tmp_path))
