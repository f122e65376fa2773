# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Argument specs of mailstore_info, mailstore_purge and mailstore_restore (doc fragments mailstore + tls),
the one source of their defaults."""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.tls_options import tls_argument_spec

# a rule's patient_documents: keep (never selected), integrated (only once proven in the patient
# record), ignore (any other mail)
DOCUMENT_POLICIES = ("keep", "integrated", "ignore")


def connection_spec():
    spec = dict(
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
        oauth=dict(type="dict", options=dict(
            mechanism=dict(type="str", choices=["xoauth2", "oauthbearer"], default="xoauth2"),
            token=dict(type="str", no_log=True),
            token_url=dict(type="str", no_log=False),  # an address, not a secret
            client_id=dict(type="str"),
            client_secret=dict(type="str", no_log=True),
            scope=dict(type="str"),
            user=dict(type="str"),
        )),
    )
    spec.update(tls_argument_spec())
    return spec


def patient_documents_spec():
    """The `patient_documents` option of both modules (doc fragment patient_documents). No default:
    mailstore_info measures documents only when it is given; a purge guards them always, with
    these suboption defaults."""
    return dict(type="dict", options=dict(
        filenames=dict(type="list", elements="str", default=["IHE_XDM.ZIP"]),
        subject_prefixes=dict(type="list", elements="str", default=["XDM/1.0/DDM"]),
        content_types=dict(type="list", elements="str", default=[]),
        proof=dict(type="dict", apply_defaults=True, options=dict(
            keywords=dict(type="list", elements="str", default=[], no_log=False),  # IMAP keywords, no secret
            message_ids_file=dict(type="path"),
            mdn=dict(type="bool", default=True),
        )),
    ))


def info_spec():
    """Argument spec of mailstore_info."""
    return dict(connection_spec(), discover=dict(type="bool", default=False),
                patient_documents=patient_documents_spec(), progress_path=dict(type="path"),
                progress_label=dict(type="str", default=""), state_dir=dict(type="path"))


def purge_spec():
    """Argument spec of mailstore_purge."""
    return dict(
        connection_spec(),
        rules=dict(type="list", elements="dict", required=True, options=dict(
            name=dict(type="str", required=True),
            folders=dict(type="list", elements="str", required=True),
            older_than_days=dict(type="int", required=True),
            date=dict(type="str", choices=["saved", "received"], default="saved"),
            keep_flagged=dict(type="bool", default=True),
            bal_types=dict(type="list", elements="str"),
            services=dict(type="list", elements="str"),
            max_delete_ratio=dict(type="float"),
            allow_over_ratio=dict(type="bool", default=False),
            patient_documents=dict(type="str", choices=list(DOCUMENT_POLICIES), default="keep"),
        )),
        patient_documents=patient_documents_spec(),
        journal_path=dict(type="path"),
        export_dir=dict(type="path"),
        max_delete_ratio=dict(type="float", default=1.0),
        max_run_delete_ratio=dict(type="float", default=1.0),
        failure_threshold=dict(type="float", default=0.1),
        run_id=dict(type="str"),
        warn_absent_folders=dict(type="bool", default=True),
        progress_path=dict(type="path"),
        progress_label=dict(type="str", default=""),
        plan_path=dict(type="path"),
        plan_max_age=dict(type="raw", default="4h"),
    )


def restore_spec():
    """Argument spec of mailstore_restore: the connection of the purge, and which run to undo."""
    return dict(
        connection_spec(),
        mailboxes=dict(type="list", elements="raw", default=[]),
        run_id=dict(type="str", required=True),
        journal_path=dict(type="path", required=True),
        export_dir=dict(type="path", required=True),
    )
