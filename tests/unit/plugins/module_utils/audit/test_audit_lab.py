# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit finds every anomaly planted in the demo establishment, and nothing else.

`lab_sources` turns lab.establishment into the three sources exactly as the source modules
return them (accounts, bals, practitioners' situations, mailbox stats); the functional HTML
report test reuses it.
"""

import datetime as dt

import pytest

from lab import establishment as lab
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.analysis import audit

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)
MESSAGE_BYTES = 48 * 1024
QUOTA_BYTES = 64 * 1024 * 1024


def _iso(now, days):
    return "" if days is None else (now - dt.timedelta(days=days)).isoformat()


def _accounts(est):
    accounts = []
    for person in est.people:
        mails = sorted(m.address for m in est.mailboxes if m.owner_uid == person.uid)
        if not person.in_ldap or not mails:
            continue
        boxes = [m for m in est.mailboxes if m.owner_uid == person.uid]
        status = boxes[0].ldap_status
        accounts.append({
            "dn": "uid=%s,ou=people,%s" % (person.uid, est.ldap_base), "mails": mails,
            "rpps": person.rpps if person.rpps_in_ldap else "",
            "name": person.display_name, "service": person.service, "site": person.ldap_site,
            "status": "active" if status == "active" else "disabled",
            "status_reason": {"disabled": "shadowExpire", "locked": "pwdAccountLockedTime"}.get(status, ""),
            "bal_type": "PER"})
    for box in est.mailboxes:
        if box.kind in ("ORG", "APP") and box.owner_uid:
            accounts.append({"dn": "uid=%s,ou=functional,%s" % (box.owner_uid, est.ldap_base),
                             "mails": [box.address], "name": box.description, "service": box.service,
                             "site": box.ldap_site, "bal_type": box.kind})
    return accounts


def _bals(est):
    bals = []
    for box in est.mailboxes:
        if not box.publications:
            continue
        person = est.person(box.owner_uid) if box.owner_uid else None
        bals.append({
            "address": box.address, "type": box.kind,
            "carrier": sorted({p.carrier for p in box.publications}),
            "rpps": person.rpps if person is not None and box.kind == "PER" else "",
            "situations": sorted({p.situation_id for p in box.publications if p.situation_id}),
            "structures": sorted({p.finess for p in box.publications if p.finess}),
            "service": box.service, "description": box.description,
            "preferred": any(p.rank == 1 for p in box.publications)})
    return bals


def _situations(est):
    """As annuaire_info source: api gives them: active situations at our structures only."""
    situations = {}

    def add(person, finess):
        key = est.situation_id(person, finess)
        situations[key] = {"id": key, "structure": finess, "active": True, "rpps": person.rpps}

    for person in est.people:
        if person.in_ldap and person.situation_here:
            add(person, est.finess_eg[0])
    for box in est.mailboxes:
        for pub in box.publications:
            if pub.situation_id and pub.finess in est.structures:
                add(est.person(box.owner_uid), pub.finess)
    return [situations[key] for key in sorted(situations)]


def _mailboxes(est):
    stats = []
    for box in est.mailboxes:
        if not box.on_platform:
            continue
        size = box.messages * MESSAGE_BYTES
        stats.append({
            "mailbox": box.address, "last_activity": _iso(est.now, box.last_login_days),
            "last_activity_source": "unknown" if box.last_login_days is None else "last_login",
            "messages": box.messages, "bytes": size,
            "quota_used_bytes": int(QUOTA_BYTES * 0.95) if box.quota_near_full else size,
            "quota_limit_bytes": QUOTA_BYTES,
            "trash_messages": box.trash_messages, "trash_bytes": box.trash_messages * MESSAGE_BYTES,
            "trash_oldest": _iso(est.now, box.trash_oldest_days) if box.trash_messages else "",
            "patient_documents": box.document_facts(est.now)})
    return stats


def lab_sources(est):
    """(accounts, bals, situations, mailboxes, establishment dict) as the source modules give them."""
    identity = {"name": est.name, "finess_ej": est.finess_ej, "finess_eg": list(est.finess_eg),
                "siret": est.siret, "domains": [est.domain], "site_names": dict(est.site_names)}
    return _accounts(est), _bals(est), _situations(est), _mailboxes(est), identity


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
