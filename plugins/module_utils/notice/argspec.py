# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Argument spec of owner_notice, the one source of its defaults, and the check of the addresses
its options carry (contacts, optout, smtp.sender)."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.addresses import address_problem
from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.establishment_options import establishment_suboptions
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import quoted
from ansible_collections.mssante.hygiene.plugins.module_utils.smtp import smtp_suboptions
from ansible_collections.mssante.hygiene.plugins.module_utils.tls_options import tls_argument_spec

# the findings an owner can act on (or must hear about), in the order of the audit's codes
OWNER_CODES = ("inactive_soon", "inactive", "unpublished_inactive", "departed_owner", "orphan_published",
               "no_preferred", "documents_not_integrated", "trash_overdue", "quota_near_full")
ANNUAIRE_URL = "https://annuaire.esante.gouv.fr"


def argument_spec():
    spec = dict(
        findings=dict(type="list", elements="dict", required=True),
        accounts=dict(type="list", elements="dict", default=[]),
        bals=dict(type="list", elements="dict", default=[]),
        establishment=dict(type="dict", default={}, options=establishment_suboptions()),
        contacts=dict(type="dict", default={}, options=dict(
            services=dict(type="dict", default={}), mailboxes=dict(type="dict", default={}),
            default=dict(type="raw"))),
        optout=dict(type="list", elements="str", default=[]),
        codes=dict(type="list", elements="str", default=list(OWNER_CODES), choices=list(OWNER_CODES)),
        interval_days=dict(type="int", default=30),
        delay_days=dict(type="int", default=0),
        inactivity_days=dict(type="int", default=60),
        annuaire_url=dict(type="str", default=ANNUAIRE_URL),
        templates_dir=dict(type="path"),
        smtp=dict(type="dict", options=smtp_suboptions()),
        rate=dict(type="float", default=5.0),
        state_dir=dict(type="path", required=True),
        output_dir=dict(type="path"),
        lock_timeout=dict(type="int", default=0),
    )
    spec.update(tls_argument_spec())
    return spec


def _addresses(value, where):
    """Lower-cased addresses of an option value (one address or a list); OptionError naming `where`."""
    values = value if isinstance(value, (list, tuple)) else [value]
    found = []
    for index, item in enumerate(values):
        here = "%s[%d]" % (where, index) if isinstance(value, (list, tuple)) else where
        problem = address_problem(item) if isinstance(item, str) else "une adresse est attendue"
        if problem:
            raise OptionError("%s : %s n'est pas une adresse utilisable (%s)" % (here, quoted(item), problem),
                              parameter=where.split(".")[0].split("[")[0])
        found.append(item.strip().lower())
    return found


def checked_contacts(contacts):
    """{services: {name: [addr]}, mailboxes: {bal: [addr]}, default: [addr]} from the option;
    service names compared case-insensitively, BAL addresses lower-cased."""
    contacts = contacts or {}
    services = {str(name).strip().casefold(): _addresses(value, "contacts.services.%s" % name)
                for name, value in (contacts.get("services") or {}).items()}
    mailboxes = {}
    for bal, value in (contacts.get("mailboxes") or {}).items():
        _addresses(bal, "contacts.mailboxes (clé %s)" % bal)
        mailboxes[bal.strip().lower()] = _addresses(value, "contacts.mailboxes.%s" % bal)
    default = contacts.get("default")
    return {"services": services, "mailboxes": mailboxes,
            "default": _addresses(default, "contacts.default") if default not in (None, "", []) else []}


def check_options(params):
    """The checked contacts and opt-out set; the errors name the option and its key."""
    for name, least in (("interval_days", 0), ("delay_days", 0), ("inactivity_days", 1)):
        if params[name] < least:
            raise OptionError("%s : un nombre de jours %s est attendu, reçu %d"
                              % (name, "positif" if least else "positif ou nul", params[name]), parameter=name)
    if params["rate"] <= 0:
        raise OptionError("rate : le débit d'envoi doit être positif (messages par seconde), reçu %s"
                          % params["rate"], parameter="rate")
    if params["smtp"]:
        _addresses(params["smtp"]["sender"], "smtp.sender")
    return checked_contacts(params["contacts"]), set(_addresses(list(params["optout"] or []), "optout"))
