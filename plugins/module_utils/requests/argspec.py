# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Argument spec of operator_request (doc fragment tls for the TLS options), the one source of its defaults;
its SMTP server suboptions are shared with owner_notice."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.establishment_options import establishment_suboptions
from ansible_collections.mssante.hygiene.plugins.module_utils.smtp import smtp_suboptions
from ansible_collections.mssante.hygiene.plugins.module_utils.tls_options import tls_argument_spec


def argument_spec():
    listed = dict(type="list", elements="raw")
    spec = dict(
        kind=dict(type="str", required=True, choices=["liste_rouge", "suppression"]),
        bals=dict(type="list", elements="dict", default=[]),
        observations=dict(type="dict", default={}, options=dict(
            annuaire_complete=dict(type="bool", default=False),
            published=listed, mailboxes=listed, active=dict(listed, default=[]), absent=listed,
            listed_all=dict(type="bool", default=False),
            accounts=dict(type="list", elements="dict", default=[]))),
        operator=dict(type="dict", default={}, options=dict(name=dict(type="str"), contact=dict(type="str"))),
        liste_blanche=dict(type="str"),
        establishment=dict(type="dict", default={}, options=establishment_suboptions()),
        state_dir=dict(type="path", required=True),
        output_dir=dict(type="path"),
        run_id=dict(type="str"),
        lock_timeout=dict(type="int", default=0),
        notice_delay_days=dict(type="int", default=0),
        smtp=dict(type="dict", options=dict(
            smtp_suboptions(), to=dict(type="list", elements="str", default=[]),
            cc=dict(type="list", elements="str", default=[]))),
    )
    spec.update(tls_argument_spec())
    return spec
