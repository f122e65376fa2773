# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit cases an establishment other than the demo's exposed (issue #13)."""

import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.analysis import audit

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)
DOMAIN = "ch-autre.mssante.fr"
US = {"name": "CH Autre", "finess_ej": "990000002", "finess_eg": ["990000010"], "domains": [DOMAIN]}
ELSEWHERE = "990000044"


def _stats(address, days=5):
    return {"mailbox": address, "last_activity": (NOW - dt.timedelta(days=days)).isoformat(),
            "last_activity_source": "last_login", "messages": 10, "bytes": 1000}


def _codes(result, address):
    return {f.code for f in result["findings"] if f.address == address}


def test_account_without_rpps_and_unpublished_gets_both_findings():
    address = "interne.sansrpps@" + DOMAIN
    accounts = [{"dn": "uid=interne.sansrpps,ou=people", "mails": [address], "status": "active",
                 "bal_type": "PER"}]
    result = audit(accounts, [], [], [_stats(address)], US, now=NOW)
    # fix the directory (unknown_owner) AND publish (not_published): two actions for the DSI
    assert _codes(result, address) == {"unknown_owner", "not_published"}


def test_api_source_only_situation_elsewhere_is_departed():
    """source: api gives situations at our structures only: none for a professional gone elsewhere."""
    address = "parti.ailleurs@" + DOMAIN
    rpps = "10999971039"
    accounts = [{"dn": "uid=parti.ailleurs,ou=people", "mails": [address], "status": "active",
                 "rpps": rpps, "bal_type": "PER"}]
    bals = [{"address": address, "type": "PER", "carrier": ["PractitionerRole"], "rpps": rpps,
             "situations": ["SE971039044"], "structures": [ELSEWHERE], "preferred": True}]
    someone_else = [{"id": "SE000001010", "rpps": "10999001000", "structure": "990000010", "active": True}]
    result = audit(accounts, bals, someone_else, [_stats(address, days=90)], US, now=NOW)
    found = [f for f in result["findings"] if f.address == address]
    assert [f.code for f in found] == ["departed_owner"]
    assert ELSEWHERE in found[0].detail and found[0].action == "liste_rouge"


def test_published_elsewhere_but_active_situation_here_is_not_departed():
    address = "double@" + DOMAIN
    rpps = "10999971047"
    accounts = [{"dn": "uid=double,ou=people", "mails": [address], "status": "active", "rpps": rpps}]
    bals = [{"address": address, "type": "PER", "carrier": ["PractitionerRole"], "rpps": rpps,
             "situations": ["SE971047044"], "structures": [ELSEWHERE], "preferred": True}]
    here = [{"id": "SE971047010", "rpps": rpps, "structure": "990000010", "active": True}]
    result = audit(accounts, bals, here, [_stats(address)], US, now=NOW)
    assert "departed_owner" not in _codes(result, address)


def test_orphan_published_carries_the_platform_evidence():
    address = "ancien@" + DOMAIN
    other = "present@" + DOMAIN
    bals = [{"address": address, "type": "ORG", "carrier": ["Organization"], "structures": ["990000010"]}]
    why = "connexion refusée alors que le compte admin ouvre les autres BAL"
    result = audit([], bals, [], [_stats(other)], US, now=NOW, absent={address: why})
    found = [f for f in result["findings"] if f.address == address]
    assert [f.code for f in found] == ["orphan_published"]
    assert found[0].evidence["platform"] == {"present": False, "absence": why}
    assert why in found[0].detail
