# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit finds every anomaly planted in the demo establishment, and nothing else.

`lab_sources` (lab/module_outputs.py) turns lab.establishment into the three sources exactly as
the source modules return them (accounts, bals, practitioners' situations, mailbox stats); the
functional HTML report test and the module test import it from here.
"""

import datetime as dt

import pytest

from lab import establishment as lab
from lab.module_outputs import lab_sources
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.analysis import audit

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)


def lab_audit(staff=40, now=NOW):
    est = lab.build(staff=staff, now=now)
    accounts, bals, situations, mailboxes, identity = lab_sources(est)
    return est, audit(accounts, bals, situations, mailboxes, identity, now=now)


@pytest.mark.parametrize("staff", [12, 40])
def test_every_planted_anomaly_and_nothing_else(staff):
    est, result = lab_audit(staff)
    found = {}
    for finding in result["findings"]:
        found.setdefault(finding.address, set()).add(finding.code)
    expected = {m.address: m.expected_codes | m.document_codes() for m in est.mailboxes
                if m.expected_codes | m.document_codes()}
    assert found == expected


def test_inventory_lists_every_bal_of_the_domain_once():
    est, result = lab_audit()
    addresses = [m["address"] for m in result["mailboxes"]]
    assert addresses == sorted(m.address for m in est.mailboxes)
    assert result["summary"]["mailboxes"] == len(est.mailboxes)
    assert sum(result["summary"]["by_code"].values()) == len(result["findings"])


def test_every_bal_has_the_site_the_lab_planted():
    est, result = lab_audit()
    sites = {m["address"]: (m["site"], m["site_source"]) for m in result["mailboxes"]}
    assert sites == {box.address: est.expected_site(box) for box in est.mailboxes}
    assert {source for _site, source in sites.values()} == {"annuaire", "directory", ""}
    by_site = result["summary"]["by_site"]
    assert [(s["site"], s["name"]) for s in by_site] == [
        ("990000010", "Site principal"), ("990000028", "Site des Tilleuls"), ("", "")]
    assert sum(s["mailboxes"] for s in by_site) == len(est.mailboxes)
    assert sum(s["findings"] for s in by_site) == len(result["findings"])
