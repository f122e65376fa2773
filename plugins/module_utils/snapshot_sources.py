# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The identity of the inventory's sources, as the snapshot's `sources` fingerprint.

Every setting of mssante_ldap, mssante_annuaire, mssante_imap, mssante_connection_file and the
domains counts (another server, base, filter or domain is another inventory), except the secrets:
a rotated password must not throw away a snapshot, and a secret must never reach a file; and
except the settings that say how fast the sources are read, not what is read (batch sizes,
concurrency, timeouts, the Annuaire's rate): tuning them does not make another inventory.
"""

from __future__ import annotations

import re

from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_snapshot import sources_fingerprint

# bind_pw, admin_password, mailbox_passwords, api_key, doveadm_api_key, token, client_secret,
# password... but not token_url (an address)
_SECRET = re.compile(r"(pass(word)?s?$|passwords?_|secret|(^|_)pw$|api_key|(^|_)token$)", re.IGNORECASE)


# top-level keys of a source's settings that change the pace of a read, never its content
PACE = frozenset(("batch_size", "concurrency", "timeout", "total_timeout", "rate_limit"))


def is_secret(key):
    """True for a settings key that holds a credential."""
    return bool(_SECRET.search(str(key)))


def without_secrets(value):
    """`value` with every secret key left out, at any depth."""
    if isinstance(value, dict):
        return {str(key): without_secrets(item) for key, item in value.items() if not is_secret(key)}
    if isinstance(value, (list, tuple)):
        return [without_secrets(item) for item in value]
    return value


def what_is_read(settings):
    """A source's settings without its secrets and its pace (PACE)."""
    return {key: value for key, value in without_secrets(settings or {}).items() if key not in PACE}


def snapshot_sources(ldap, annuaire=None, imap=None, connection_file=None, domains=None):
    """Fingerprint (SHA-256 hex) of the sources' settings without any secret or pace setting."""
    identity = {
        "ldap": what_is_read(ldap),
        "annuaire": what_is_read(annuaire),
        "imap": what_is_read(imap),
        "connection_file": what_is_read(connection_file),
        # the same domains in another order or case are the same establishment
        "domains": sorted({str(domain).strip().lower() for domain in (domains or ())}),
    }
    return sources_fingerprint(identity)
