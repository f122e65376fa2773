# SPDX-License-Identifier: GPL-3.0-or-later
"""The lab establishment as the source modules return it: directory_info's accounts,
annuaire_info's bals and situations, mailstore_info's mailboxes (lab_sources).

Shared by the audit tests (the planted anomalies, the module run) and bench/bench_audit_memory.py
(10,000 BALs without a lab): linear in the number of BALs, the mailboxes are indexed by owner.
"""

import datetime as dt

MESSAGE_BYTES = 48 * 1024
QUOTA_BYTES = 64 * 1024 * 1024


def _iso(now, days):
    return "" if days is None else (now - dt.timedelta(days=days)).isoformat()


def _boxes_by_owner(est):
    owned = {}
    for box in est.mailboxes:
        owned.setdefault(box.owner_uid, []).append(box)
    return owned


def _accounts(est):
    accounts = []
    owned = _boxes_by_owner(est)
    for person in est.people:
        boxes = owned.get(person.uid, [])
        mails = sorted(m.address for m in boxes)
        if not person.in_ldap or not mails:
            continue
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
