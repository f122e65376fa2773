#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: mailstore_info
short_description: Report how each mailbox of a mail platform is used
version_added: 0.1.0
description:
  - For many mailboxes in one call, returns folders with their SPECIAL-USE role, messages,
    bytes, unseen messages, oldest and newest dates, quota usage and last activity.
  - Never changes anything. Over IMAP every folder is opened with EXAMINE (read-only).
  - Last activity comes from Dovecot's last_login data with O(backend=doveadm); over IMAP it
    falls back to the newest message of the C(\Sent) folder, and is V(unknown) otherwise.
  - Admin sweeps must not look like owner activity; configure the master passdb of Dovecot to
    return C(userdb_last_login_key=admin-login/...) (see the collection README).
  - Mailboxes that cannot be read are listed in RV(failures); the others still report.
    Logins the server does not know are listed in RV(absent) (facts, not failures).
  - Errors and warnings are written in French for the person at the console, naming the
    parameter to fix (O(admin_user)/O(admin_password), O(host)/O(port)/O(security), O(ca_path)).
  - A successful result over 256 KB of JSON (thousands of BAL) reaches the callbacks as its outcome,
    warnings and deprecations only; the registered variable keeps all of it. A failure, a diff and
    C(-vvv) show it whole.
options:
  discover:
    description:
      - Also report every mailbox the server knows, not only those in O(mailboxes), so that
        mailboxes no directory account owns are audited too.
      - Needs O(backend=doveadm) on the mail host (an iterable userdb); IMAP cannot list them.
    type: bool
    default: false
  state_dir:
    version_added: 0.10.0
    description:
      - Directory where the patient documents found in each folder are remembered, in
        C(documents-patients-par-dossier.jsonl) (UID, received date, Message-ID and flags of each
        document, the Message-IDs its folder's MDNs prove; no Subject, no body). Created (mode
        0700) if missing; the file is 0600.
      - The next call does not read the folders the server shows unchanged (same UIDVALIDITY,
        UIDNEXT and number of messages; same HIGHESTMODSEQ too when O(patient_documents.proof.keywords)
        is set). Of a changed folder with the same UIDVALIDITY it reads only the messages arrived
        since, and asks the flags of the documents it knows by UID (an expunged one is gone, a
        keyword set since counts). Another UIDVALIDITY, another server or other
        O(patient_documents) options read the folders whole again; an unreadable line reads that
        mailbox whole again. Never trusted beyond that proof.
      - With O(backend=doveadm) the changed folders of a whole batch of users are settled by two
        queries, the UIDs and flags still there (indexes only) and the documents saved since the
        last call (an hour's margin for the mail host's clock); a folder where a UID at or above
        the remembered UIDNEXT is not described by the second (saved with an older date, as after
        a migration) is read whole in one more query.
      - Only with O(patient_documents). Not written in check mode. A file that cannot be written is
        a warning, not a failure (the next call reads every folder).
    type: path
author:
  - mssante.hygiene team (@mssante)
extends_documentation_fragment:
  - mssante.hygiene.attributes
  - mssante.hygiene.attributes.INFO_MODULE
  - mssante.hygiene.attributes.ACTION_PLUGIN
  - mssante.hygiene.mailstore
  - mssante.hygiene.patient_documents
  - mssante.hygiene.progress
  - mssante.hygiene.tls
"""

EXAMPLES = r"""
- name: Usage of every mailbox of the platform
  mssante.hygiene.mailstore_info:
    host: imap.ch-exemple.fr
    admin_user: mssante-admin
    admin_password: "{{ vault_imap_admin_password }}"
    ca_path: /etc/pki/igc-sante-ca.pem
    mailboxes: "{{ directory.accounts | map(attribute='mails') | flatten }}"
  register: usage

- name: Native path on the Dovecot host, with real last-login data
  mssante.hygiene.mailstore_info:
    backend: doveadm
    mailboxes: [secretariat.cardiologie@ch-exemple.mssante.fr]

- name: Patient documents not yet in the patient record (keyword set by the DPI connector, or MDN)
  mssante.hygiene.mailstore_info:
    host: imap.ch-exemple.fr
    admin_user: mssante-admin
    admin_password: "{{ vault_imap_admin_password }}"
    mailboxes: [secretariat.cardiologie@ch-exemple.mssante.fr]
    patient_documents:
      proof:
        keywords: [$DPI_Integre]
  register: documents
"""

RETURN = r"""
mailboxes:
  description: One entry per mailbox that could be read, in the order of O(mailboxes).
  returned: always
  type: list
  elements: dict
  contains:
    mailbox:
      description: Login name.
      type: str
    last_activity:
      description: ISO 8601 date of the last activity, empty when unknown.
      type: str
    last_activity_source:
      description: V(last_login), V(sent_folder) or V(unknown).
      type: str
    messages:
      description: Messages in all folders.
      type: int
    bytes:
      description: Size of all folders.
      type: int
    unseen:
      description: Unseen messages.
      type: int
    quota_used_bytes:
      description: Quota used, V(-1) without quota.
      type: int
    quota_limit_bytes:
      description: Quota limit, V(-1) without quota.
      type: int
    trash_messages:
      description: Messages in the C(\Trash) folder.
      type: int
    trash_bytes:
      description: Size of the C(\Trash) folder.
      type: int
    trash_oldest:
      description: Oldest saved (or received) date in the C(\Trash) folder.
      type: str
    folders:
      description: Per folder C(name), C(special_use), C(messages), C(bytes), C(unseen), C(oldest), C(newest).
      type: list
      elements: dict
    patient_documents:
      description:
        - Messages of every folder that carry a patient document (see O(patient_documents)), and how
          many are proven integrated into the patient record.
      returned: when O(patient_documents) is given
      type: dict
      version_added: 0.6.0
      contains:
        total:
          description: Messages carrying a patient document.
          type: int
        integrated:
          description: Those with a proof of integration (keyword, listed Message-ID, MDN C(processed)).
          type: int
        pending:
          description: Those without any proof.
          type: int
        oldest_pending:
          description: Received date (V(YYYY-MM-DD), UTC) of the oldest pending one; V(null) when none is pending.
          type: str
failures:
  description: Mailboxes that could not be read, each with C(mailbox) and C(error).
  returned: always
  type: list
  elements: dict
absent:
  description:
    - Requested logins the server does not know (no such mailbox on the platform).
    - With O(backend=doveadm), the logins missing from the platform's user list. Over IMAP, the
      logins whose admin login the server refuses while the admin opens other mailboxes; when
      the admin opens none, the task fails instead (wrong O(admin_user) / O(admin_password)).
  returned: always
  type: list
  elements: str
listed_all:
  version_added: 0.4.0
  description:
    - V(true) when O(discover) listed every mailbox of the platform, so that a login missing from
      RV(mailboxes), RV(failures) and RV(absent) does not exist on the platform.
  returned: always
  type: bool
timings:
  version_added: 0.10.0
  description:
    - Wall-clock seconds per phase of the call, to see where the time of a slow run went -
      C(setup) (backend, TLS, OAuth token), C(discover) (listing the platform's mailboxes, only
      with O(discover)), C(sweep) (reading every mailbox, connections included, through the
      concurrent pool) and C(documents_cache) (writing O(state_dir)'s file).
  returned: always
  type: dict
  sample: {setup: 0.004, discover: 0.21, sweep: 3.482}
documents_cache:
  version_added: 0.10.0
  description:
    - What O(state_dir) saved - C(path), C(start) (V(absent) no file yet, V(reprise) used,
      V(autre) written for another server or other options, V(illisible)), C(folders_reused) (not
      read again), C(folders_read_new) (only the messages arrived since, and the flags of the known
      documents), C(folders_read) (whole) and C(unreadable_lines) (mailboxes read whole again
      because their line did not read back).
  returned: when O(state_dir) and O(patient_documents) are given
  type: dict
  sample: {path: /var/lib/mssante/documents-patients-par-dossier.jsonl, start: reprise, folders_reused: 27150,
           folders_read_new: 2830, folders_read: 20, unreadable_lines: 0}
absent_evidence:
  version_added: 0.4.0
  description: For each login of RV(absent), the French sentence telling how the server showed it.
  returned: always
  type: dict
  sample:
    ancien.interne@ch-exemple.mssante.fr: >-
      connexion refusée par le serveur imap.ch-exemple.fr:993 alors que le compte admin mssante-admin
      ouvre les autres BAL (45 lues) : la BAL n'existe pas sur la plateforme
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import info_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.backends import tls_target
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_info
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import engine_errors, module_tls


def main():
    module = AnsibleModule(argument_spec=info_spec(), supports_check_mode=True)
    server, connects, encrypted = tls_target(module.params)
    context = module_tls(module, server, connects=connects, build=encrypted)
    warnings = []
    with engine_errors(module):
        result = run_info(module.params, ssl_context=context, check_mode=module.check_mode, warnings=warnings)
    for warning in warnings:
        module.warn(warning)
    if result["failures"] and not result["mailboxes"] and not result["absent"]:
        first = result["failures"][0]
        module.fail_json(msg="aucune BAL n'a pu être lue (%d en échec) ; première : %s : %s" % (
            len(result["failures"]), first["mailbox"], first["error"]), **result)
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
