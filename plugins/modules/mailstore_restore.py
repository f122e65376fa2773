#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: mailstore_restore
short_description: Undo a purge run, putting its messages back from the journal and the .eml export
version_added: 0.6.0
description:
  - Reads the journal of M(mssante.hygiene.mailstore_purge) (O(journal_path)), keeps the lines of
    run O(run_id) (and of O(mailboxes) when given), and puts each message back from its C(.eml)
    export (O(export_dir)) into its original folder, with its original flags (system flags and
    keywords) and its original INTERNALDATE (received date).
  - Messages the server refused to delete during the purge (journal lines with C(event=kept))
    are left out. A cut journal line (crash or full disk during the purge) names no deleted
    message and is skipped (C(torn_lines) of RV(summary)); any other unreadable line fails the task,
    naming the file and the line.
  - Always restores over IMAP, whatever O(backend) says, C(APPEND) storing the message, its flags
    and its date in one command (non-synchronizing literals when the server offers C(LITERAL+)).
    C(doveadm save) sets neither the flags nor the received date, so with O(backend=doveadm) the
    IMAP options O(host), O(admin_user) and O(admin_password) (a Dovecot master user) are needed too.
  - A rerun restores nothing twice. A restore ledger (C(restores/<run_id>.jsonl) in the journal's
    directory, mode 0600) lists what came back, and a message the folder already holds (same
    Message-ID, for example because the purge stopped before deleting it) is skipped.
    A message without Message-ID is protected by the ledger only.
  - A message whose C(.eml) is missing is listed in RV(missing) and never invented. A folder that
    no longer exists is created again (RV(created_folders)).
  - Results name messages by mailbox, folder, UID, Message-ID, date and size, never by subject
    or sender.
  - Messages printed for the person at the console (errors, warnings, the diff table) are in French.
author:
  - mssante.hygiene team (@mssante)
extends_documentation_fragment:
  - mssante.hygiene.attributes
  - mssante.hygiene.mailstore
  - mssante.hygiene.tls
attributes:
  check_mode:
    support: full
    details:
      - Reads the journal, the ledger and the export, opens folders with C(EXAMINE) only and
        writes nothing; RV(restored) lists what would come back.
  diff_mode:
    support: full
    details: Returns RV(diff) with a French table per mailbox and folder (counts only).
options:
  mailboxes:
    description:
      - Restore only these mailboxes (login names, or dicts with C(login)); empty restores every
        mailbox of the run.
    type: list
    elements: raw
    required: false
    default: []
  run_id:
    description:
      - The run to undo, as M(mssante.hygiene.mailstore_purge) returned it (RV(mssante.hygiene.mailstore_purge#module:run_id))
        and wrote it in each journal line.
    type: str
    required: true
  journal_path:
    description:
      - The purge's journal file, or a directory whose C(*.jsonl) files are all read (the roles
        write C(<mssante_report_dir>/journal/retention.jsonl) and C(trash.jsonl)).
      - The restore ledger is written in its C(restores/) subdirectory (0700).
    type: path
    required: true
  export_dir:
    description:
      - The purge's O(mssante.hygiene.mailstore_purge#module:export_dir); the messages are read
        from C(<export_dir>/<run_id>/).
    type: path
    required: true
notes:
  - The connection options are those of M(mssante.hygiene.mailstore_purge) (the action group
    C(group/mssante.hygiene.mailstore) gives them once); the doveadm options are accepted and not used.
"""

EXAMPLES = r"""
- name: See what would come back from a purge run (no change)
  mssante.hygiene.mailstore_restore:
    host: imap.ch-exemple.fr
    admin_user: mssante-admin
    admin_password: "{{ vault_imap_admin_password }}"
    run_id: 20261126T080000Z-1a2b3c4d
    journal_path: /var/lib/mssante-hygiene/messagerie/rapports/journal
    export_dir: /var/lib/mssante-hygiene/messagerie/rapports/export
  check_mode: true
  diff: true

- name: Put back what that run deleted in one mailbox
  mssante.hygiene.mailstore_restore:
    run_id: 20261126T080000Z-1a2b3c4d
    mailboxes: [secretariat.cardio@ch-exemple.mssante.fr]
    journal_path: /var/lib/mssante-hygiene/messagerie/rapports/journal
    export_dir: /var/lib/mssante-hygiene/messagerie/rapports/export
  module_defaults:
    group/mssante.hygiene.mailstore: "{{ mssante_imap | mssante.hygiene.mailstore_options }}"
  register: restore

- name: Say how many came back
  ansible.builtin.debug:
    msg: "{{ restore.summary.restored }} messages restaurés, {{ restore.summary.missing }} sans export"
"""

RETURN = r"""
restored:
  description:
    - One entry per message put back (in check mode, per message that would come back).
  returned: always
  type: list
  elements: dict
  contains:
    mailbox:
      description: Login name of the mailbox.
      type: str
    folder:
      description: Folder the message was deleted from, and restored into.
      type: str
    uidvalidity:
      description: UIDVALIDITY of the folder at the purge.
      type: int
    uid:
      description: UID of the message at the purge (the journal's).
      type: int
    message_id:
      description: Message-ID of the message, empty when it had none.
      type: str
    date:
      description: Received date (INTERNALDATE), ISO 8601 UTC, given back to the message.
      type: str
    size:
      description: Size in bytes the journal gives.
      type: int
    flags:
      description: Flags given back (system flags and keywords).
      type: list
      elements: str
    new_uid:
      description: UID of the restored message in the folder (C(APPENDUID) answer of UIDPLUS servers).
      type: int
      returned: outside check mode, when the server gives it
already_back:
  description:
    - Messages not restored because they are already back (not named C(skipped), which Ansible
      reads as the task being skipped), with the same fields as RV(restored)
      and C(reason), V(already_restored) (the ledger lists it) or V(already_present) (the folder
      holds its Message-ID).
  returned: always
  type: list
  elements: dict
missing:
  description:
    - Messages whose C(.eml) export is not there, with the same fields as RV(restored) and
      C(export), the file looked for. Never restored.
  returned: always
  type: list
  elements: dict
failures:
  description:
    - Mailboxes (or messages, then with C(folder), C(uid) and C(message_id)) that could not be
      restored, each with C(mailbox) and a French C(error). Rerun to finish (nothing comes back twice).
  returned: always
  type: list
  elements: dict
created_folders:
  description:
    - Folders that no longer existed and were created again, each with C(mailbox) and C(folder).
    - In check mode, the folders that would be created.
  returned: always
  type: list
  elements: dict
folders:
  description: Per mailbox and folder, the counts of C(restored), C(skipped) and C(missing) messages.
  returned: always
  type: list
  elements: dict
unknown_mailboxes:
  description: Mailboxes of O(mailboxes) that lost nothing in this run.
  returned: always
  type: list
  elements: str
summary:
  description:
    - Totals C(run_id), C(messages), C(mailboxes), C(restored), C(skipped), C(missing),
      C(failures), C(created_folders), C(without_flags) and C(torn_lines).
    - C(messages) is the number of messages the run deleted (in the selected mailboxes);
      C(failures) counts mailboxes; C(without_flags) the journal lines written before version 0.6.0,
      restored without their flags; C(torn_lines) the cut journal lines skipped.
  returned: always
  type: dict
lines:
  description: The restore in a few French lines for the console (totals, what was left alone, what is missing).
  returned: always
  type: list
  elements: str
diff:
  description: In diff mode, C(prepared) holds a French table per mailbox and folder and a total line.
  returned: in diff mode
  type: dict
run_id:
  description: The run restored.
  returned: always
  type: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_count
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import restore_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.backends import tls_target
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.restore import run_restore
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import engine_errors, module_tls


def warnings(result):
    """French warnings for what the person must know even when the task succeeds."""
    summary, found = result["summary"], []
    if summary["missing"]:
        found.append("%s sans export .eml : non restaurés (voir missing)" % fr_count(summary["missing"], "message"))
    if summary["without_flags"]:
        found.append("%s journalisés avant la version 0.6.0 : restaurés sans leurs drapeaux (le journal ne les "
                     "avait pas)" % fr_count(summary["without_flags"], "message"))
    if summary["torn_lines"]:
        found.append("%s du journal coupées (arrêt brutal ou disque plein pendant la purge) : ignorées, aucun "
                     "message n'avait été supprimé pour elles" % fr_count(summary["torn_lines"], "ligne"))
    for login in result["unknown_mailboxes"]:
        found.append("mailboxes : %s n'a rien perdu dans l'exécution %s" % (login, result["run_id"]))
    return found


def main():
    module = AnsibleModule(argument_spec=restore_spec(), supports_check_mode=True)
    # the restore always speaks IMAP: the TLS target is the IMAP server whatever `backend` says
    server, connects, encrypted = tls_target(dict(module.params, backend="imap"))
    context = module_tls(module, server, connects=connects, build=encrypted)
    with engine_errors(module):
        result = run_restore(module.params, module.check_mode, module._diff, ssl_context=context)
    for warning in warnings(result):
        module.warn(warning)
    changed = bool(result["summary"]["restored"] or result["created_folders"])
    if result["failures"]:
        first = result["failures"][0]
        module.fail_json(msg="restauration incomplète : %s en échec ; première : %s : %s ; relancez (rien n'est "
                             "restauré deux fois)" % (fr_count(result["summary"]["failures"], "BAL"),
                                                      first["mailbox"], first["error"]),
                         changed=changed, **result)
    module.exit_json(changed=changed, **result)


if __name__ == "__main__":
    main()
