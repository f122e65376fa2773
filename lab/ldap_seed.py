# SPDX-License-Identifier: GPL-3.0-or-later
"""LDIF for the establishment's directory, from lab.establishment.

People live under ou=people (inetOrgPerson + shadowAccount: RPPS in employeeNumber, service
in departmentNumber, BAL type hint in employeeType, site FINESS EG in physicalDeliveryOfficeName
when set); functional BALs (ORG/APP) under ou=bal-fonctionnelles. Departed staff are disabled the two ways hospitals commonly do it:
shadowExpire in the past, or a password-policy lock (pwdAccountLockedTime).
"""

import base64

from lab.establishment import LDAP_SITE_ATTRIBUTE

LOCKED_SINCE = "20260101000000Z"


def _line(attribute, value):
    """One LDIF line, base64 when the value is not plain ASCII (accents in names)."""
    value = str(value)
    if value.isascii() and not value.startswith((" ", ":", "<")):
        return "%s: %s" % (attribute, value)
    return "%s:: %s" % (attribute, base64.b64encode(value.encode("utf-8")).decode("ascii"))


def _entry(dn, attributes):
    lines = [_line("dn", dn)]
    for attribute, values in attributes:
        for value in values if isinstance(values, (list, tuple)) else [values]:
            lines.append(_line(attribute, value))
    return "\n".join(lines) + "\n\n"


def skeleton(base, name="CH Exemple"):
    """Base entry and the organisational units every lab directory has."""
    dc = base.split(",")[0].split("=")[1]
    text = _entry(base, [("objectClass", ["dcObject", "organization"]), ("dc", dc), ("o", name)])
    for ou in ("people", "bal-fonctionnelles", "services"):
        text += _entry("ou=%s,%s" % (ou, base), [("objectClass", "organizationalUnit"), ("ou", ou)])
    return text


def person_dn(base, uid):
    return "uid=%s,ou=people,%s" % (uid, base)


def person_entry(base, person, mails, status="active", rpps_value=None):
    """One professional; `rpps_value` overrides what is stored (tests of bad identifiers)."""
    if rpps_value is None:
        rpps_value = person.rpps if person.rpps_in_ldap else ""
    attributes = [
        ("objectClass", ["inetOrgPerson", "shadowAccount"]),
        ("uid", person.uid), ("cn", person.display_name), ("sn", person.last_name),
        ("givenName", person.first_name), ("displayName", person.display_name),
        ("employeeNumber", [rpps_value] if rpps_value else []),
        ("departmentNumber", person.service), ("employeeType", "PER"),
        ("title", person.profession_label), ("mail", list(mails)),
        (LDAP_SITE_ATTRIBUTE, [person.ldap_site] if person.ldap_site else []),
    ]
    if status == "disabled":
        attributes.append(("shadowExpire", "1"))
    elif status == "locked":
        attributes.append(("pwdAccountLockedTime", LOCKED_SINCE))
    return _entry(person_dn(base, person.uid), attributes)


def functional_entry(base, box):
    """An organisational or applicative BAL owned by a service, not a person."""
    return _entry("uid=%s,ou=bal-fonctionnelles,%s" % (box.owner_uid, base), [
        ("objectClass", "inetOrgPerson"), ("uid", box.owner_uid), ("cn", box.description),
        ("sn", box.service), ("displayName", box.description), ("departmentNumber", box.service),
        ("employeeType", box.kind), ("description", box.description), ("mail", box.address),
        (LDAP_SITE_ATTRIBUTE, [box.ldap_site] if box.ldap_site else []),
    ])


def establishment_ldif(est):
    """The whole directory of `est`: every person in LDAP with all their BAL addresses."""
    parts = [skeleton(est.ldap_base, est.name)]
    mails_by_owner = {}
    status_by_owner = {}
    for box in est.mailboxes:
        if box.owner_uid:
            mails_by_owner.setdefault(box.owner_uid, []).append(box.address)
            status_by_owner.setdefault(box.owner_uid, box.ldap_status)
    for person in est.people:
        if person.in_ldap:
            parts.append(person_entry(est.ldap_base, person, mails_by_owner.get(person.uid, []),
                                      status_by_owner.get(person.uid, "active")))
    for box in est.mailboxes:
        if box.kind in ("ORG", "APP") and box.owner_uid:
            parts.append(functional_entry(est.ldap_base, box))
    return "".join(parts)
