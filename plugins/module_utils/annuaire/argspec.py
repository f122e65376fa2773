# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Argument spec of annuaire_info, also read by the filter that checks the inventory's mssante_annuaire."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.lookups import DEFAULT_BATCH
from ansible_collections.mssante.hygiene.plugins.module_utils.tls_options import tls_argument_spec


def argument_spec():
    return dict(
        tls_argument_spec(),
        source=dict(type="str", choices=["api", "extraction"], default="api"),
        api_url=dict(type="str", default="https://gateway.api.esante.gouv.fr/fhir/v2"),
        api_key=dict(type="str", no_log=True),
        rate_limit=dict(type="float", default=10.0),
        max_pages=dict(type="int", default=2000),
        batch_size=dict(type="int", default=DEFAULT_BATCH),
        extraction_path=dict(type="str"),
        malformed_ratio=dict(type="float", default=0.01),
        min_lines=dict(type="int", default=100000),
        max_drop_ratio=dict(type="float", default=0.2),
        state_dir=dict(type="path"),
        total_timeout=dict(type="int", default=1800),
        practitioners=dict(type="list", elements="str", default=[]),
        organizations=dict(type="list", elements="str", default=[]),
        mailboxes=dict(type="list", elements="str", default=[]),
        domains=dict(type="list", elements="str", default=[]),
    )
