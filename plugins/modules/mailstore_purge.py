#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: mailstore_purge
short_description: Delete mail by rules (Trash purge, retention) across many mailboxes
version_added: 0.1.0
description:
  - Applies O(rules) to every mailbox of O(mailboxes) in one call, with internal concurrency.
  - Check mode is read-only (IMAP C(EXAMINE) and C(SEARCH)) and reports what would be deleted.
  - A real run marks exactly the selected UIDs C(\Deleted) and removes exactly them with
    C(UID EXPUNGE) (UIDPLUS). Never a bare C(EXPUNGE) or C(CLOSE), which would also remove mail
    that someone else marked C(\Deleted). Servers without UIDPLUS are skipped with a message.
  - Every deleted message is first written (and fsynced) to the JSON Lines O(journal_path),
    and optionally exported as C(.eml) into O(export_dir).
  - A mailbox that fails (connection dropped, timeout, unknown folder) is listed in
    RV(failures) and the run goes on; the task fails only past O(failure_threshold).
    Rerunning finishes the work; a second run on the same data changes nothing.
author:
  - mssante.hygiene team (@mssante)
extends_documentation_fragment:
  - mssante.hygiene.attributes
  - mssante.hygiene.mailstore
  - mssante.hygiene.tls
attributes:
  check_mode:
    support: full
    details: Read-only in check mode; RV(selected) lists what would be deleted.
  diff_mode:
    support: full
    details: Adds the UIDs of every selected message to RV(selected).
options:
  rules:
    description:
      - Rules applied in order; a message selected by one rule is not selected again.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Rule name, written in the journal.
        type: str
        required: true
      folders:
        description:
          - Folder names (any hierarchy delimiter written as C(/)), or SPECIAL-USE roles such as C(\\Trash).
          - A role matches whatever the folder is called (C(Éléments supprimés), C(Trash)...).
        type: list
        elements: str
        required: true
      older_than_days:
        description: Minimum age in days.
        type: int
        required: true
      date:
        description:
          - V(saved) measures the age from when the message reached the folder (SAVEDATE,
            RFC 8514; received date on servers without it), V(received) from its arrival.
        type: str
        choices: [saved, received]
        default: saved
      keep_flagged:
        description: Never delete flagged messages.
        type: bool
        default: true
      bal_types:
        description: Apply only to mailboxes of these BAL types (given in O(mailboxes)).
        type: list
        elements: str
      services:
        description: Apply only to mailboxes of these services (given in O(mailboxes)).
        type: list
        elements: str
      max_delete_ratio:
        description: Overrides O(max_delete_ratio) for this rule.
        type: float
      allow_over_ratio:
        description: Allow this rule past the safety cap.
        type: bool
        default: false
  journal_path:
    description:
      - JSON Lines file receiving one line per deleted message (mailbox, folder, UIDVALIDITY,
        UID, Message-ID, dates, size, rule, run id). Created with mode 0600.
      - Required outside check mode.
    type: path
  export_dir:
    description:
      - When set, every message is saved there as C(.eml) (fsynced) before it is deleted.
    type: path
  max_delete_ratio:
    description:
      - Safety cap. A rule that would delete more than this share of a folder is refused for that
        mailbox (reported with status V(refused)) unless the rule sets C(allow_over_ratio).
    type: float
    default: 1.0
  max_run_delete_ratio:
    description:
      - Run-level safety cap. When below V(1.0), the run is first planned read-only; if it would
        delete more than this share of all the messages in its target folders (every mailbox of
        this call), nothing is deleted and the task fails, naming the share (RV(run_refused)).
      - Costs one extra read-only pass. Roles pass C(mssante_safety.max_run_delete_ratio) for each
        batch of mailboxes.
    type: float
    default: 1.0
    version_added: 0.2.0
  failure_threshold:
    description:
      - Share of the mailboxes allowed to fail before the task fails.
    type: float
    default: 0.1
  run_id:
    description: Identifier written in the journal; generated when omitted.
    type: str
"""

EXAMPLES = r"""
- name: Empty what has been in the Trash for more than 30 days
  mssante.hygiene.mailstore_purge:
    host: imap.ch-exemple.fr
    admin_user: mssante-admin
    admin_password: "{{ vault_imap_admin_password }}"
    mailboxes: "{{ mssante_mailboxes }}"
    rules:
      - name: corbeille
        folders: ['\Trash']
        older_than_days: 30
    journal_path: /var/lib/mssante/journal/trash.jsonl

- name: Retention of the Sent folder, 3 years, with an export
  mssante.hygiene.mailstore_purge:
    backend: doveadm
    mailboxes: "{{ mssante_mailboxes }}"
    rules:
      - name: envoyes-3-ans
        folders: ['\Sent']
        older_than_days: 1095
        date: received
    journal_path: /var/lib/mssante/journal/retention.jsonl
    export_dir: /var/lib/mssante/export
    max_delete_ratio: 0.5
"""

RETURN = r"""
selected:
  description:
    - Per mailbox, folder and rule, the messages the rules select (what check mode would delete),
      with C(messages), C(bytes), C(folder_messages), C(uidvalidity) and C(status) (V(would_delete),
      V(deleted), V(refused) with a C(reason), or V(not_confirmed)); C(uids) in diff mode.
    - C(kept) counts messages the server left alone because the user changed them between the
      search and the deletion (IMAP CONDSTORE); the journal has a line with C(event=kept) for each.
  returned: always
  type: list
  elements: dict
deleted:
  description: Per mailbox, folder and rule, the messages actually deleted (C(messages), C(bytes)).
  returned: always
  type: list
  elements: dict
failures:
  description: Mailboxes that failed, each with C(mailbox) and C(error); rerun to finish them.
  returned: always
  type: list
  elements: dict
summary:
  description:
    - Totals (mailboxes, selected_messages, selected_bytes, refused, deleted_messages,
      deleted_bytes, failures, target_messages).
    - C(target_messages) is the number of messages in the target folders the rules looked at.
  returned: always
  type: dict
run_refused:
  description: Why the whole run was refused by O(max_run_delete_ratio); nothing was deleted.
  returned: when the run-level cap refused the run
  type: str
run_id:
  description: Identifier of this run in the journal.
  returned: always
  type: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import connection_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import (
    run_purge, too_many_failures)
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import TlsConfigError


def main():
    spec = connection_spec()
    spec.update(
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
        )),
        journal_path=dict(type="path"),
        export_dir=dict(type="path"),
        max_delete_ratio=dict(type="float", default=1.0),
        max_run_delete_ratio=dict(type="float", default=1.0),
        failure_threshold=dict(type="float", default=0.1),
        run_id=dict(type="str"),
    )
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    params = module.params
    if not params["validate_certs"]:
        module.warn("validate_certs is false: the mail server certificate is not verified")
    if not module.check_mode and params["rules"] and not params["journal_path"]:
        module.fail_json(msg="journal_path is required to delete mail (every deletion is journaled)")
    for name in ("max_delete_ratio", "max_run_delete_ratio"):
        if not 0 < params[name] <= 1:
            module.fail_json(msg="%s must be in ]0, 1], got %s" % (name, params[name]))
    try:
        result = run_purge(params, module.check_mode, module._diff)
    except (ConfigError, TlsConfigError) as exc:
        module.fail_json(msg=str(exc))
    summary = result["summary"]
    changed = bool(summary["deleted_messages"] if not module.check_mode else
                   summary["selected_messages"] - sum(e["messages"] for e in result["selected"]
                                                      if e["status"] == "refused"))
    if not params["rules"]:
        module.warn("no rule given: nothing is deleted")
    if result.get("run_refused"):
        module.fail_json(msg="run refused: %s" % result["run_refused"], changed=False, **result)
    if too_many_failures(result["failures"], summary["mailboxes"], params["failure_threshold"]):
        module.fail_json(msg="%d of %d mailboxes failed (threshold %.0f%%); first: %s: %s" % (
            len(result["failures"]), summary["mailboxes"], params["failure_threshold"] * 100,
            result["failures"][0]["mailbox"], result["failures"][0]["error"]), changed=changed, **result)
    module.exit_json(changed=changed, **result)


if __name__ == "__main__":
    main()
