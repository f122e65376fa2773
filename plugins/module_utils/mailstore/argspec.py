# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Argument spec shared by mailstore_info and mailstore_purge (doc fragment mailstore + tls)."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.tls import insecure_warning, tls_conflict


def connection_spec():
    return dict(
        backend=dict(type="str", choices=["imap", "doveadm"], default="imap"),
        host=dict(type="str"),
        port=dict(type="int"),
        security=dict(type="str", choices=["tls", "starttls", "none"], default="tls"),
        admin_user=dict(type="str"),
        admin_password=dict(type="str", no_log=True),
        admin_login_form=dict(type="str", choices=["authzid", "separator"], default="authzid"),
        master_separator=dict(type="str", default="*"),
        mailbox_passwords=dict(type="dict", no_log=True),
        mailboxes=dict(type="list", elements="raw", required=True),
        concurrency=dict(type="int", default=8),
        doveadm_bin=dict(type="str", default="doveadm"),
        doveadm_config=dict(type="path"),
        doveadm_api_key=dict(type="str", no_log=True),
        doveadm_url=dict(type="str"),
        folder_roles=dict(type="dict"),
        last_login_dict=dict(type="str"),
        validate_certs=dict(type="bool", default=True),
        ca_path=dict(type="path"),
        timeout=dict(type="int", default=30),
    )


def tls_notes(params):
    """(error, warnings) about the TLS options of mailstore_info / mailstore_purge, in French."""
    error = tls_conflict(params.get("validate_certs", True), params.get("ca_path"))
    networked = params.get("backend") != "doveadm" or params.get("doveadm_api_key")
    warnings = []
    if networked and not params.get("validate_certs", True):
        where = params.get("doveadm_url") or ":".join(str(part) for part in (params.get("host"), params.get("port"))
                                                      if part)
        warnings.append(insecure_warning("de messagerie %s" % where if where else "de messagerie"))
    return error, warnings
