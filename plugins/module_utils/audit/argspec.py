# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Argument spec of bal_audit, and the one function that runs the audit from the module's options."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.analysis import audit, situations_from_practitioners
from ansible_collections.mssante.hygiene.plugins.module_utils.establishment_options import establishment_suboptions
from ansible_collections.mssante.hygiene.plugins.module_utils.options import options_from

# what the inventory role gathered: given as arguments, or read from the snapshot at inventory_path
INVENTORY_KEYS = ("accounts", "bals", "practitioners", "mailboxes", "mailbox_failures", "mailbox_absent_evidence",
                  "connections")
THRESHOLDS = ("inactivity_days", "inactivity_warning_days", "deletion_after_days", "trash_max_age_days", "quota_warning_ratio",
              "preferred_check", "documents_pending_days")


def argument_spec():
    return dict(
        accounts=dict(type="list", elements="dict", default=[]),
        bals=dict(type="list", elements="dict", default=[]),
        practitioners=dict(type="list", elements="dict", default=[]),
        mailboxes=dict(type="list", elements="dict", default=[]),
        mailbox_failures=dict(type="list", elements="dict", default=[]),
        mailbox_absent_evidence=dict(type="dict", default={}),
        connections=dict(type="list", elements="dict", default=[]),
        inventory_path=dict(type="path"),
        inventory_sha256=dict(type="str"),
        establishment=dict(type="dict", required=True, options=establishment_suboptions()),
        domains=dict(type="list", elements="str", default=[]),
        inactivity_days=dict(type="int", default=60),
        inactivity_warning_days=dict(type="int", default=45),
        deletion_after_days=dict(type="int", default=180),
        trash_max_age_days=dict(type="int", default=30),
        quota_warning_ratio=dict(type="float", default=0.9),
        preferred_check=dict(type="str", choices=["auto", "always", "never"], default="auto"),
        documents_pending_days=dict(type="int", default=30),
        report_dir=dict(type="path"),
        # notice_state_dir: its 0.7.0 name, when it was only read for the notice ledger
        state_dir=dict(type="path", aliases=["notice_state_dir"]),
        history_keep=dict(type="int", default=24),
        platform=dict(type="str", default=""),
    )


def mutually_exclusive():
    """inventory_path replaces the seven inventory arguments: giving both is refused."""
    return [["inventory_path", key] for key in INVENTORY_KEYS]


def audit_from(params, now, inventory=None):
    """The audit result of bal_audit's options (argspec defaults for those not given) at `now`.

    `inventory`: the seven inventory inputs (inventory_input.take_inventory), handed over so that
    the raw lists are freed once the audit has turned them into records; else read from `params`.
    """
    params = options_from(argument_spec(), params)
    if inventory is None:
        inventory = {key: params[key] for key in INVENTORY_KEYS}
    unreachable = [f.get("mailbox", "") for f in inventory.pop("mailbox_failures") or [] if isinstance(f, dict)]
    return audit(inventory.pop("accounts"), inventory.pop("bals"),
                 situations_from_practitioners(inventory.pop("practitioners")),
                 inventory.pop("mailboxes"), params["establishment"], {name: params[name] for name in THRESHOLDS}, now,
                 domains=params["domains"], unreachable=unreachable, absent=inventory.pop("mailbox_absent_evidence"),
                 connections=inventory.pop("connections"))
