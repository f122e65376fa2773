# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one place that knows the mail backends by name (the module option `backend`).

Every backend offers the same operations, which the service calls without knowing which one
it holds: `stats(entries)` -> (MailboxStats dicts, failures), `purge(entries, rules, run)`
(plans approved by a purge.PurgeRun), `list_users()` (or CannotListError); plus
`from_params(params, context)`, `networked(params)` and `can_list(params)` to build it.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm import DoveadmBackend
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap_backend import ImapBackend
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import client_context

BACKENDS = {"imap": ImapBackend, "doveadm": DoveadmBackend}


def _backend_class(params):
    return BACKENDS[params.get("backend") or "imap"]


def backend_for(params, context):
    """The backend the parameters name, ready to use (`context`: the run's SSLContext or None)."""
    return _backend_class(params).from_params(params, context)


def keeps_selection(params):
    """Can a preview's selection serve the real run on this backend (selection_plan)? doveadm only."""
    return bool(getattr(_backend_class(params), "keeps_selection", False))


def can_list(params):
    """Can the platform these options reach list every mailbox it knows (`discover`)? False for an unknown backend."""
    backend = BACKENDS.get((params or {}).get("backend") or "imap")
    return bool(backend and backend.can_list(params))


def tls_target(params):
    """(server named in the TLS warning, whether the run connects over the network, whether it uses TLS).

    doveadm on this host opens no connection; security=none without an https doveadm_url sends in clear.
    """
    connects = _backend_class(params).networked(params)
    encrypted = connects and (params["security"] != "none" or (params["doveadm_url"] or "").startswith("https"))
    where = params["doveadm_url"] or ":".join(str(part) for part in (params["host"], params["port"]) if part)
    return ("de messagerie %s" % where if where else "de messagerie"), connects, encrypted


def run_context(params, ssl_context=None):
    """The run's one SSLContext (loading the CA store costs ~25 ms): the module's when it built one
    with the TLS options, else a new one; None when nothing goes over TLS (see tls_target)."""
    if not tls_target(params)[2]:
        return None
    return ssl_context or client_context(params["validate_certs"], params["ca_path"])
