#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

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
  - A mailbox that fails (connection dropped, timeout, credentials refused) is listed in
    RV(failures) and the run goes on; the task fails only past O(failure_threshold).
    Rerunning finishes the work; a second run on the same data changes nothing.
  - A mailbox that lacks a folder a rule names (for example a C(Résultats labo) folder only the
    laboratory has) has nothing to purge there. It is skipped for that rule, counted in
    RV(folder_presence) and RV(summary.absent_folders), and is not a failure. A folder name
    found in no mailbox of the call is reported in a warning (probable typo).
  - Messages that carry a patient document (see O(patient_documents)) are never selected by a rule
    unless its C(patient_documents) field says otherwise. They leave the selection before the
    safety caps (O(max_delete_ratio), O(max_run_delete_ratio)) are computed, and are counted in
    RV(selected[].kept_patient_documents) and RV(summary.kept_patient_documents).
  - Messages printed for the person at the console (errors, warnings, refusal reasons, the
    diff table) are in French.
  - A successful result over 256 KB of JSON (a batch of some 600 BAL or more) reaches the callbacks
    as its outcome, warnings and deprecations only; the registered variable keeps all of it. A
    failure, a diff and C(-vvv) show it whole.
author:
  - mssante.hygiene team (@mssante)
extends_documentation_fragment:
  - mssante.hygiene.attributes
  - mssante.hygiene.attributes.ACTION_PLUGIN
  - mssante.hygiene.mailstore
  - mssante.hygiene.patient_documents
  - mssante.hygiene.progress
  - mssante.hygiene.tls
attributes:
  check_mode:
    support: full
    details: Read-only in check mode; RV(selected) lists what would be deleted.
  diff_mode:
    support: full
    details:
      - Returns RV(diff) with a French table per mailbox and folder (messages, size, date range,
        never subjects or senders) and adds the UIDs of every selected message to RV(selected).
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
        description:
          - Overrides O(max_delete_ratio) for this rule. Like it, it never applies to C(\\Trash)
            and C(\\Junk) folders.
        type: float
      allow_over_ratio:
        description: Allow this rule past the per-folder safety cap (O(max_delete_ratio)).
        type: bool
        default: false
      patient_documents:
        description:
          - V(keep) never selects a message that carries a patient document (O(patient_documents)).
          - V(integrated) selects it only when a proof of its integration into the patient record
            is found (O(patient_documents.proof)). With O(patient_documents.proof.mdn), each mailbox's
            disposition notifications are searched in every folder first.
          - V(ignore) treats it as any other message, and reads nothing more than before.
          - Flagged messages stay out whatever this says, as long as O(rules[].keep_flagged) is true.
        type: str
        choices: [keep, integrated, ignore]
        default: keep
        version_added: 0.6.0
  journal_path:
    description:
      - JSON Lines file receiving one line per deleted message (mailbox, folder, UIDVALIDITY,
        UID, Message-ID, dates as ISO 8601 UTC, size, flags, rule, run id). Created with mode 0600;
        the directories created for it are 0700.
      - C(flags) lists the message's system flags and keywords (without C(\\Recent) and
        C(\\Deleted)), so that M(mssante.hygiene.mailstore_restore) can put it back as it was;
        lines written before version 0.6.0 have none.
      - Required outside check mode.
      - A line is on disk before its message is deleted. When a line cannot be written (disk
        full, read-only file system) nothing more is deleted in this call; the mailboxes left are
        listed in RV(failures) with a French message naming O(journal_path).
      - A last line cut by an earlier full disk or crash is kept as it is and the journal goes on
        at the next line (RV(journal_repaired) and a warning).
    type: path
  export_dir:
    description:
      - When set, every message is saved there as C(.eml) (fsynced) before it is deleted, under
        C(<run_id>/<mailbox>-<hash>/<folder>-<hash>/<UIDVALIDITY>-<UID>.eml). The mailbox and folder
        names are shortened to readable characters and followed by a hash of the exact name, so two
        mailboxes never share a directory.
      - An export never replaces an existing file. If one is there with another content, or the
        export cannot be written (disk full), the messages of that folder are kept and the mailbox
        is listed in RV(failures). Files are 0600, the directories created 0700.
    type: path
  max_delete_ratio:
    description:
      - Per-folder safety cap, protecting folders that hold a user's working mail. A rule that
        would delete more than this share of a folder is refused for that mailbox and folder
        (status V(refused), with a French C(reason) naming the mailbox, folder and rule) unless the
        rule sets C(allow_over_ratio) or its own C(max_delete_ratio).
      - Folders whose SPECIAL-USE is C(\\Trash) or C(\\Junk) are never refused by this cap,
        whatever the rule calls them, since emptying an old Trash is the purpose of a trash rule.
        O(max_run_delete_ratio) still applies to them.
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
      - Share of the mailboxes allowed to fail before the task fails, from V(0) (the first failed
        mailbox fails the task) to V(1). A mailbox is counted once however many of its folders failed.
      - A call where every mailbox failed always fails, whatever this value.
    type: float
    default: 0.1
  run_id:
    description:
      - Identifier written in the journal and name of the run's directory in O(export_dir);
        generated when omitted (C(20261126T080000Z-1a2b3c4d)).
      - 1 to 64 characters among ASCII letters, digits, C(.), C(_) and C(-), starting with a letter
        or a digit.
    type: str
  warn_absent_folders:
    description:
      - Warn when a folder name of a rule is found in no mailbox of this call (probable typo).
      - Roles that call the module in batches turn it off and judge RV(folder_presence) over all
        batches instead, since one batch may simply hold no mailbox with that folder.
    type: bool
    default: true
    version_added: 0.3.0
  plan_path:
    description:
      - Directory where a read-only preview keeps its selection for the real run, one file (0600)
        per batch of O(mailboxes), named after its mailboxes. C(backend=doveadm) only; ignored by
        the IMAP backend.
      - In check mode, each doveadm fetch is kept with the state the folder had just before it
        (UIDVALIDITY, UIDNEXT, message count, HIGHESTMODSEQ). Dovecot raises HIGHESTMODSEQ on every
        flag change, expunge and delivery.
      - A real run given the same directory, for the same mailboxes, on the same day and within
        O(plan_max_age), reads the state of each folder (the status pass it makes anyway) and
        fetches again only the folders whose state changed; the others' selection is the
        preview's, so the real run deletes what the preview showed. An unreadable, foreign or old
        file is ignored (everything is fetched live) and RV(selection_plan) says why. The real run
        removes the file it was given.
      - A message is kept there with what the patient documents guard concluded of it, never its
        Subject or its MIME structure; other O(patient_documents) settings make the plan doubtful.
      - The only file check mode writes. The trash and retention roles give it to the audit's
        preview only when the play itself is not in check mode.
    type: path
    version_added: 0.10.0
  plan_max_age:
    description:
      - Oldest selection plan a real run accepts, in seconds or as a text such as V(4h), V(30min),
        V(1j). V(0) never reuses one.
    type: raw
    default: 4h
    version_added: 0.10.0
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

# Run with --check --diff to see, per BAL and folder, what would go (counts, size, dates)
- name: One service's folder, across the establishment (BALs without it are skipped)
  mssante.hygiene.mailstore_purge:
    host: imap.ch-exemple.fr
    admin_user: mssante-admin
    admin_password: "{{ vault_imap_admin_password }}"
    mailboxes: "{{ mssante_mailboxes }}"
    rules:
      - name: labo-1-an
        folders: [Résultats labo]
        older_than_days: 365
        date: received
    journal_path: /var/lib/mssante/journal/retention.jsonl
    max_delete_ratio: 0.5
  register: labo_purge

- name: Say how many BALs have the folder
  ansible.builtin.debug:
    msg: "{{ labo_purge.folder_presence['Résultats labo'].present }} BAL ont le dossier « Résultats labo »"
"""

RETURN = r"""
selected:
  description:
    - Per mailbox, folder and rule, the messages the rules select (what check mode would delete).
  returned: always
  type: list
  elements: dict
  contains:
    mailbox:
      description: Login name of the mailbox.
      type: str
    folder:
      description: Folder name on the server.
      type: str
    special_use:
      description: SPECIAL-USE role of the folder (C(\\Trash)...), empty when it has none.
      type: str
    rule:
      description: Name of the rule that selected the messages.
      type: str
    messages:
      description: Number of messages selected.
      type: int
    bytes:
      description: Size of the messages selected.
      type: int
    folder_messages:
      description: Messages in the folder when it was opened.
      type: int
    uidvalidity:
      description: UIDVALIDITY of the folder.
      type: int
    oldest:
      description:
        - Oldest date (V(YYYY-MM-DD)) among the selected messages, of the date the rule compares
          (saved date with C(date=saved) on servers that have it, else received date); empty
          when the server gave none.
      type: str
      version_added: 0.3.0
    newest:
      description: Newest date (V(YYYY-MM-DD)) among the selected messages, as for RV(selected[].oldest).
      type: str
      version_added: 0.3.0
    status:
      description:
        - V(would_delete) (check mode), V(deleted), V(refused) (safety cap, see C(reason)) or
          V(not_confirmed) (the mailbox failed during the deletion; see RV(failures)).
      type: str
    reason:
      description: Why the safety cap refused the deletion, in French, naming the mailbox, folder and rule.
      type: str
      returned: when status is V(refused)
    kept:
      description:
        - Messages the server left alone because the user changed them between the search and the
          deletion (IMAP CONDSTORE); the journal has a line with C(event=kept) for each.
      type: int
      returned: when the server kept some
    uids:
      description: UIDs of the selected messages.
      type: list
      elements: int
      returned: in diff mode
    kept_patient_documents:
      description:
        - Messages of this mailbox and folder the rule would have selected but kept because they carry
          a patient document its C(patient_documents) policy keeps. They are not in RV(selected[].messages).
      type: int
      version_added: 0.6.0
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
      deleted_bytes, failures, target_messages, absent_folders).
    - C(target_messages) is the number of messages in the target folders the rules looked at.
    - C(failures) counts mailboxes in RV(failures), once each however many of its folders failed.
  returned: always
  type: dict
  contains:
    absent_folders:
      description:
        - Number of (mailbox, rule folder) pairs skipped because the mailbox has no such folder.
      type: int
      version_added: 0.3.0
    kept_patient_documents:
      description:
        - Patient documents the rules kept across the call (including folders where nothing else was
          selected). The diff gives the count per rule, never a subject.
      type: int
      version_added: 0.6.0
folder_presence:
  description:
    - For each folder as written in the rules (a name such as C(Résultats labo) or a role such as
      C(\\Trash)), how many mailboxes have it (C(present)) and how many lack it (C(absent)).
    - Counted over the mailboxes each rule applies to (C(bal_types), C(services)) that did not fail.
  returned: always
  type: dict
  version_added: 0.3.0
  sample: {"Résultats labo": {"present": 1, "absent": 17}, "\\Trash": {"present": 18, "absent": 0}}
diff:
  description:
    - In diff mode, C(prepared) holds a French table of the purge per mailbox and folder (messages,
      size, oldest and newest date), the mailboxes losing the most messages first (at most 50,
      then a line for the others), a total line, and per rule the number of patient documents it
      kept. Never a subject or a sender.
  returned: in diff mode
  type: dict
  version_added: 0.3.0
run_refused:
  description: Why the whole run was refused by O(max_run_delete_ratio); nothing was deleted.
  returned: when the run-level cap refused the run
  type: str
timings:
  version_added: 0.10.0
  description:
    - Seconds per phase of the call, to see where the time of a slow run went.
    - Wall-clock phases - C(preview) (the dry run O(max_run_delete_ratio) needs, only then) and
      C(run) (the purge pass, or the read-only pass in check mode).
    - Phases summed over the concurrent workers (per mailbox over IMAP, per chunk of mailboxes with
      doveadm), which overlap and can add up to more than the wall time - C(select_summed)
      (finding what the rules select), C(journal_summed) (export and journal written before any
      deletion) and C(delete_summed) (the deletions).
  returned: always
  type: dict
  sample: {run: 4.812, select_summed: 21.3, journal_summed: 0.41, delete_summed: 6.02}
selection_plan:
  version_added: 0.10.0
  description:
    - With O(plan_path) on the doveadm backend, what became of the selection plan - C(state) is
      V(written) (check mode kept it), V(reused) (a real run read it), V(absent) (no plan for
      these mailboxes), V(ignored) (C(reason) says why) or V(not_kept) (the file could not be
      written or removed, C(reason) says why; the purge itself is not affected).
    - C(folders_reused) and C(folders_fetched) count the (mailbox, folder, rule) selections taken
      from the plan and fetched live; both are 0 when no plan was written or read (the status and
      fetch passes then run at once, as without O(plan_path)).
  returned: when O(plan_path) is given and the backend is doveadm
  type: dict
  sample: {path: /var/lib/mssante-hygiene/plateforme/plans/corbeilles/3f2a.json, state: reused,
           folders_reused: 1998, folders_fetched: 2}
run_id:
  description: Identifier of this run in the journal.
  returned: always
  type: str
journal_repaired:
  description:
    - The journal ended in a cut line (an earlier run met a full disk or was killed while writing);
      that line was kept and this run's lines start on the next one.
  returned: when the journal's last line was cut
  type: bool
  version_added: 0.4.0
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import purge_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.backends import tls_target
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.presence import typo_warnings
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.safety import percent
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import (
    failed_mailbox_count, run_purge, too_many_failures)
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import engine_errors, module_tls


def main():
    module = AnsibleModule(argument_spec=purge_spec(), supports_check_mode=True)
    params = module.params
    server, connects, encrypted = tls_target(params)
    context = module_tls(module, server, connects=connects, build=encrypted)
    if not module.check_mode and params["rules"] and not params["journal_path"]:
        module.fail_json(msg="journal_path est obligatoire pour supprimer des messages (chaque suppression "
                             "est journalisée) ; il n'est pas utilisé en --check")
    for name in ("max_delete_ratio", "max_run_delete_ratio"):
        if not 0 < params[name] <= 1:
            module.fail_json(msg="%s doit être dans ]0, 1] (une part des messages, 0.5 pour la moitié), "
                                 "reçu %s" % (name, params[name]))
    if not 0 <= params["failure_threshold"] <= 1:
        module.fail_json(msg="failure_threshold doit être dans [0, 1] (une part des BAL), reçu %s"
                         % params["failure_threshold"])
    warnings = []
    with engine_errors(module):
        result = run_purge(params, module.check_mode, module._diff, ssl_context=context, warnings=warnings)
    for warning in warnings:
        module.warn(warning)
    summary = result["summary"]
    changed = bool(summary["deleted_messages"] if not module.check_mode else
                   summary["selected_messages"] - sum(e["messages"] for e in result["selected"]
                                                      if e["status"] == "refused"))
    if not params["rules"]:
        module.warn("aucune règle dans rules : rien n'est supprimé")
    if result.get("journal_repaired"):
        module.warn("journal_path : la dernière ligne de %s était coupée (disque plein ou arrêt brutal lors "
                    "d'une exécution précédente) ; elle est conservée telle quelle et le journal reprend à "
                    "la ligne suivante" % params["journal_path"])
    if params["warn_absent_folders"]:
        for warning in typo_warnings(result["rules"], result["folder_presence"]):
            module.warn(warning)
    if result.get("run_refused"):
        module.fail_json(msg="exécution refusée : %s" % result["run_refused"], changed=False, **result)
    if too_many_failures(result["failures"], summary["mailboxes"], params["failure_threshold"]):
        first = result["failures"][0]
        module.fail_json(msg="%d BAL sur %d en échec, au-delà de failure_threshold (%s) ; première : %s : %s" % (
            failed_mailbox_count(result["failures"]), summary["mailboxes"], percent(params["failure_threshold"]),
            first["mailbox"], first["error"]), changed=changed, **result)
    module.exit_json(changed=changed, **result)


if __name__ == "__main__":
    main()
