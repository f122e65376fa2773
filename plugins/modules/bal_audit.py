#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: bal_audit
short_description: Correlate directory accounts, Annuaire Santé records and mailbox statistics into findings
version_added: 0.1.0
description:
  - Joins the three sources of the collection on the lower-cased BAL address, with the establishment's
    identity (FINESS EJ/EG, MSSanté domains) and thresholds, and returns one finding per anomaly with a stable
    code, a severity, a recommended action, a French sentence and its evidence (which source said what).
  - "Finding codes: V(inactive_soon), V(inactive), V(unpublished_inactive), V(departed_owner), V(no_situation),
    V(multi_situation), V(orphan_published), V(not_published), V(duplicate_personal), V(no_preferred),
    V(trash_overdue), V(documents_not_integrated), V(quota_near_full), V(unknown_owner)."
  - Pure analysis, never changes anything on any server. When O(report_dir) is set, writes the French report
    C(audit.json), C(audit.csv) (UTF-8 with BOM, C(;) separated, for French Excel), C(audit.html) (one
    self-contained page, no external fetch) and C(audit.xlsx) with mode C(0600), atomically.
  - C(audit.xlsx) is a workbook for filtering and sorting in a spreadsheet, one sheet per view (C(Synthèse),
    C(Sites), C(Services), C(BAL), C(Constats), C(Évolutions), C(Demandes)), with typed cells (dates at Paris time,
    numbers as numbers, FINESS, RPPS and addresses as text), a frozen header and a filter on every list sheet.
    It is written row by row, the rows waiting in a private temporary directory removed afterwards, so its memory
    does not grow with the number of BALs. It needs the XlsxWriter library; without it the other files are
    written and a warning says how to install it.
  - Every report file is streamed to its temporary file and compared with the one on disk by its SHA-256, so
    that no report file is ever held whole in memory.
  - A report file whose content only differs by its generation time is not rewritten, so a rerun on unchanged
    inputs reports RV(ignore:changed=false).
  - "With O(state_dir), C(audit.json) also holds, after C(mailboxes): C(requests) (the operator requests of the
    request ledger: C(kind), C(address), C(state) V(pending), V(confirmed) or V(withdrawn), C(reason), C(operator),
    C(requested_at), C(closed_at), C(age_days); pending first, the oldest first, then the most recently closed),
    C(changes) (RV(changes)) and C(trend) (RV(trend)); each finding gains C(first_seen) (the date of the first kept
    audit that had it continuously since) and C(summary.requests) counts the requests per state. Without
    O(state_dir) these keys are there too: no request, no previous audit, a trend of one point."
author:
  - mssante.hygiene contributors (@mssante)
requirements:
  - XlsxWriter >= 3.1 (Python library, on the host that writes the report; only for C(audit.xlsx))
options:
  accounts:
    description:
      - Directory accounts, as returned by M(mssante.hygiene.directory_info) in RV(mssante.hygiene.directory_info#module:accounts).
      - Each has C(dn), C(mails), C(rpps), C(name), C(service), C(status) (V(active) or V(disabled)).
    type: list
    elements: dict
    default: []
  bals:
    description:
      - BALs published by the Annuaire Santé, as returned by M(mssante.hygiene.annuaire_info).
      - Each has C(address), C(type), C(carrier), C(rpps), C(situations), C(structures), C(preferred), C(liste_rouge).
    type: list
    elements: dict
    default: []
  practitioners:
    description:
      - Professionals and their situations d'exercice, as returned by M(mssante.hygiene.annuaire_info).
      - Each is either a professional with C(rpps) and C(situations) (dicts with C(id), C(structure), C(active)),
        or one situation dict with C(id), C(rpps), C(structure), C(active).
      - A professional whose situations are all inactive or outside the establishment's FINESS gives
        V(departed_owner). Leave empty when unknown; nothing is then concluded from situations.
    type: list
    elements: dict
    default: []
  mailboxes:
    description:
      - Mailbox statistics, as returned by M(mssante.hygiene.mailstore_info) in RV(mssante.hygiene.mailstore_info#module:mailboxes).
      - When empty, the platform checks (activity, trash, quota, published address without mailbox) are skipped
        and the summary says so.
      - A mailbox's C(patient_documents) (C(total), C(integrated), C(pending), C(oldest_pending)), returned by
        M(mssante.hygiene.mailstore_info) when its C(patient_documents) option is given, feeds
        V(documents_not_integrated). A mailbox without it is reported as not measured, never as having none.
    type: list
    elements: dict
    default: []
  mailbox_failures:
    description:
      - The C(failures) returned by M(mssante.hygiene.mailstore_info) (each with C(mailbox)).
      - These mailboxes could not be read; they are never reported as V(orphan_published).
    type: list
    elements: dict
    default: []
  mailbox_absent_evidence:
    version_added: 0.4.0
    description:
      - The C(absent_evidence) returned by M(mssante.hygiene.mailstore_info). For each mailbox the
        platform says does not exist, the French sentence telling how it knows (login refused while
        the admin opens the other mailboxes, or missing from the platform's user list).
      - Shown as the evidence (C(platform.absence)) and in the detail of the V(orphan_published)
        finding of a published address. Mailboxes absent from O(mailboxes) and O(mailbox_failures)
        are reported without it.
    type: dict
    default: {}
  connections:
    version_added: 0.9.0
    description:
      - The operator's connection file, as returned by M(mssante.hygiene.connection_file_info) in
        RV(mssante.hygiene.connection_file_info#module:connections) (C(address), C(last_activity)).
      - Merged with the platform's dates. Each mailbox's C(last_activity) is the newest evidence of activity
        among the platform's last login (V(last_login)), this file (V(connection_file)) and the newest Sent
        message (V(sent_folder), an estimate set by the mail client); on the same day the more reliable source
        is named, in that order. A Sent date in the future is ignored. C(last_activity_source) says which one;
        V(inactive) and V(inactive_soon) use it.
      - With O(mailboxes) empty (a platform hosted elsewhere, no admin access), a BAL listed in the file is
        taken as present on the platform; the findings that need mail statistics (V(orphan_published),
        V(trash_overdue), V(documents_not_integrated), V(quota_near_full)) are listed in C(summary.not_measured)
        and never reported.
    type: list
    elements: dict
    default: []
  inventory_path:
    version_added: 0.10.0
    description:
      - Path of the inventory snapshot (C(inventaire.json) under the state directory) the inventory role
        wrote in this run, read instead of the seven inventory options (O(accounts), O(bals), O(practitioners),
        O(mailboxes), O(mailbox_failures), O(mailbox_absent_evidence), O(connections)); mutually exclusive with them.
      - The inventory then never travels through the module's arguments, which Ansible holds in several copies;
        the module needs less memory and starts faster at thousands of BALs.
      - A snapshot that is absent, cut, corrupt, of another format or not the one O(inventory_sha256) names fails
        the task with the reason, naming the file; nothing is audited from it.
    type: path
  inventory_sha256:
    version_added: 0.10.0
    description:
      - SHA-256 of the content of the snapshot at O(inventory_path), as the inventory role published it; another
        snapshot (rewritten since by another run) fails the task. Requires O(inventory_path).
    type: str
  establishment:
    description:
      - Identity of the establishment (the inventory variable C(mssante_establishment)).
    type: dict
    required: true
    suboptions:
      name:
        description: Name shown in the report.
        type: str
        default: ""
      finess_ej:
        description: FINESS of the legal entity (EJ).
        type: str
        default: ""
      finess_eg:
        description:
          - FINESS of the establishment's sites (EG); situations elsewhere are not ours.
          - The site of each BAL is the EG the Annuaire Santé publishes it on, else the C(site) of its owner's
            directory account (M(mssante.hygiene.directory_info) option C(attribute_map.site)), else the only EG
            when there is one.
        type: list
        elements: str
        default: []
      siret:
        description: SIRET, shown for reference.
        type: str
        default: ""
      contact:
        description: Contact address of the establishment (read by the notices and the operator requests, not by the audit).
        type: str
        default: ""
      site_names:
        description:
          - Name of each site, FINESS EG (quoted, 9 characters) to a French name, shown next to the site in
            RV(summary.by_site) and the report.
          - Every key must be one of O(establishment.finess_eg); the task fails otherwise, naming
            C(mssante_establishment.site_names).
        type: dict
        default: {}
        version_added: 0.7.0
  domains:
    description:
      - The establishment's MSSanté domains. Only BALs on these domains are audited; the others are counted as
        out of scope.
      - When empty, every address given is considered the establishment's (a warning is printed).
    type: list
    elements: str
    default: []
  inactivity_days:
    description:
      - Days without activity after which a BAL is inactive. Default is the national automatic dépublication delay
        (2 months).
      - A BAL whose last activity is unknown (for example a software BAL that never logs in) is never inactive.
    type: int
    default: 60
  inactivity_warning_days:
    version_added: 0.7.0
    description:
      - Days without activity from which the owner is warned (V(inactive_soon), action V(reconnect)), until the
        BAL reaches O(inactivity_days). Its evidence gives C(threshold_date), the day the BAL reaches
        O(inactivity_days) (last activity + O(inactivity_days)); published or not, red-listed or not.
      - Must be shorter than O(inactivity_days). A BAL whose last activity is unknown never gets this finding.
    type: int
    default: 45
  deletion_after_days:
    description:
      - Days without activity after which an unpublished BAL is proposed for deletion (V(unpublished_inactive)
        with action V(suppression)); before that, the finding only asks for a review.
      - Counted from the last activity, like O(inactivity_days), and must not be shorter.
    type: int
    default: 180
  trash_max_age_days:
    description: Age of the oldest message in the trash above which V(trash_overdue) is reported.
    type: int
    default: 30
  quota_warning_ratio:
    description: Used share of the quota (0 to 1) from which V(quota_near_full) is reported.
    type: float
    default: 0.9
  preferred_check:
    description:
      - When to report V(no_preferred).
      - V(auto) checks only if at least one BAL given carries a preferred rank (the daily extraction file carries
        none, which would flag every professional); V(always) and V(never) force it.
    type: str
    choices: [auto, always, never]
    default: auto
  documents_pending_days:
    version_added: 0.6.0
    description:
      - Days a patient document may wait in a mailbox without proof of integration into the patient record
        (C(oldest_pending) of the mailbox's C(patient_documents)); beyond, V(documents_not_integrated) is
        reported with the action V(transfer).
      - Mailboxes whose patient documents were not measured never get this finding.
    type: int
    default: 30
  report_dir:
    description:
      - Directory that receives C(audit.json), C(audit.csv), C(audit.html) and C(audit.xlsx), on the host running the module
        (usually the controller with C(delegate_to=localhost)). Created with mode C(0700) when missing.
      - When unset, the module only returns the findings.
    type: path
  state_dir:
    version_added: 0.7.0
    aliases: [notice_state_dir]
    description:
      - State directory of the platform (the inventory variable C(mssante_state_dir)). Reads the notice ledger
        C(notices.json) written by M(mssante.hygiene.owner_notice) and the request ledger C(ledger.json), never
        writes them; keeps the history of the audits under C(history/) (see O(history_keep)).
      - Each finding whose BAL and code have a notice ledger entry gains C(evidence.notice) (who was told and when,
        the date announced), RV(summary.notified) counts the findings whose owner was told, and the report
        shows them (section C(Préavis aux titulaires) of C(audit.html), columns of C(audit.csv)).
      - A missing ledger means nobody was told (no request); a corrupt one fails the task, naming the file.
      - Its former name C(notice_state_dir) (0.7.0, when only the notice ledger was read) is kept as an alias.
    type: path
  history_keep:
    version_added: 0.7.0
    description:
      - Number of audits kept in the history of O(state_dir) (C(history/audit-YYYYMMDDTHHMMSSZ.json.gz), gzip,
        mode C(0600)), each with its findings, a few facts per BAL, the summary counts and the request states.
        After a new snapshot is written, the oldest files beyond this number are deleted.
      - A snapshot is written only when the audit says something the newest one does not (a rerun on the same
        data writes nothing and reports RV(ignore:changed=false)). An unreadable snapshot is skipped with a note
        in RV(summary.notes) naming it, and is not deleted for that.
      - V(0) keeps no history (and deletes the snapshots already kept); without O(state_dir), there is none.
    type: int
    default: 24
  platform:
    description: Name of the mail platform audited, written in the report (for example the inventory hostname).
    type: str
    default: ""
extends_documentation_fragment:
  - mssante.hygiene.attributes
attributes:
  check_mode:
    support: full
    details:
      - The analysis runs the same; the report files and the history snapshot are not written, nothing is pruned,
        and RV(ignore:changed), RV(report.files) and RV(history) say what would change.
  diff_mode:
    support: partial
    details:
      - With O(report_dir), shows the finding counts per code of the previous and the new C(audit.json).
      - With O(state_dir), names the history snapshot written and the old ones pruned.
notes:
  - The report holds personal data (addresses, names, RPPS); keep O(report_dir) on a protected disk.
seealso:
  - module: mssante.hygiene.directory_info
  - module: mssante.hygiene.annuaire_info
  - module: mssante.hygiene.mailstore_info
"""

EXAMPLES = r"""
- name: Audit the platform's BALs and write the French report
  mssante.hygiene.bal_audit:
    accounts: "{{ directory.accounts }}"
    bals: "{{ annuaire.bals }}"
    practitioners: "{{ annuaire.practitioners }}"
    mailboxes: "{{ mailstore.mailboxes }}"
    mailbox_failures: "{{ mailstore.failures }}"
    mailbox_absent_evidence: "{{ mailstore.absent_evidence }}"
    establishment:
      name: CH Exemple
      finess_ej: "990000002"
      finess_eg: ["990000010", "990000028"]
    domains: [ch-exemple.mssante.fr]
    inactivity_days: 60
    inactivity_warning_days: 45
    deletion_after_days: 180
    report_dir: "/var/lib/mssante/reports/{{ inventory_hostname }}"
    state_dir: "/var/lib/mssante/state/{{ inventory_hostname }}"
    history_keep: 24
    platform: "{{ inventory_hostname }}"
  delegate_to: localhost
  register: audit

- name: Show the counts per finding code
  ansible.builtin.debug:
    var: audit.summary.by_code
"""

RETURN = r"""
findings:
  description: One entry per anomaly, most serious first, then by code and address.
  returned: always
  type: list
  elements: dict
  contains:
    address:
      description: Lower-cased BAL address.
      type: str
      sample: alice.fictif@ch-exemple.mssante.fr
    code:
      description: Stable finding code.
      type: str
      sample: inactive
    severity:
      description: V(critical), V(warning) or V(info).
      type: str
      sample: warning
    action:
      description: >-
        Recommended action: V(reconnect), V(liste_rouge), V(suppression), V(purge), V(transfer), V(publish),
        V(choose_preferred), V(fix_directory) or V(review).
      type: str
      sample: liste_rouge
    detail:
      description: French sentence for the report.
      type: str
      sample: "Aucune activité depuis 120 jours (dernière activité le 29/07/2026), au-delà du seuil de 60 jours, ..."
    evidence:
      description: >-
        What each source said: C(directory) (account DN, status), C(annuaire) (published, carriers, situations,
        preferred), C(platform) (last activity and its source), plus the dates and thresholds of the rule
        (for V(inactive_soon), C(threshold_date), ISO date the BAL reaches O(inactivity_days)).
        With O(state_dir), C(notice) when the owner was told or found unreachable: C(first_told),
        C(last_told) (ISO 8601 UTC, empty when never), C(due) (ISO date the notice gave), C(recipients),
        C(unreachable) (V(optout), V(no_recipient) or empty) and C(noted) (when nobody could be told).
      type: dict
    first_seen:
      description:
        - ISO 8601 UTC date of the first kept audit that had this finding (same address and code) in every
          audit since; this audit's date when the finding is new (or without history).
      type: str
      version_added: 0.7.0
      sample: "2026-11-01T02:00:00+00:00"
  sample: []
summary:
  description: Counts and totals of the audit.
  returned: always
  type: dict
  contains:
    by_code:
      description: Number of findings for each of the fourteen codes (zeros included).
      type: dict
      sample: {"inactive": 2, "unpublished_inactive": 1, "departed_owner": 0}
    by_severity:
      description: Number of findings per severity.
      type: dict
    by_action:
      description: Number of findings per recommended action.
      type: dict
    mailboxes:
      description: Number of BALs of the establishment's domains seen by at least one source.
      type: int
    findings:
      description: Total number of findings.
      type: int
    patient_documents:
      description:
        - Patient documents over the mailboxes the platform measured (C(measured)); C(not_measured) counts
          the mailboxes of the platform without a measure.
        - C(total), C(integrated), C(pending), C(mailboxes_pending) (mailboxes with pending documents) and
          C(oldest_pending) (V(null) when none is pending). Counts and dates only, never a message's subject.
      type: dict
      version_added: 0.6.0
      sample: {"measured": 120, "not_measured": 0, "total": 48, "integrated": 41, "pending": 7,
               "mailboxes_pending": 3, "oldest_pending": "2026-09-01"}
    by_site:
      description:
        - Findings per site (FINESS EG), one entry per EG of O(establishment.finess_eg) (even without BAL) and
          per other site a directory account names, sorted by FINESS, then V("") for the BALs whose site is
          unknown.
        - Each has C(site), C(name) (from O(establishment.site_names), empty when not given), C(mailboxes),
          C(mailboxes_with_findings), C(findings), C(by_code) (every code) and C(by_severity).
      type: list
      elements: dict
      version_added: 0.7.0
      sample: [{"site": "990000010", "name": "Site principal", "mailboxes": 31, "mailboxes_with_findings": 9,
                "findings": 12, "by_code": {"inactive": 2}, "by_severity": {"critical": 1, "warning": 6, "info": 5}}]
    by_service:
      description:
        - Findings per service, same entries as RV(summary.by_site) with C(service) instead of C(site) and
          C(name); sorted by service, V("") (no service) last.
      type: list
      elements: dict
      version_added: 0.7.0
    scores:
      description:
        - One score per golden rule of the ANS, C(rule) (1, 2 or 3), C(key), C(label) (French),
          C(numerator) and C(denominator); a denominator of V(0) means not measurable.
        - "Rule 1: V(one_situation) (published personal BALs with exactly one situation d'exercice), V(active)
          (platform BALs not inactive, among those whose activity is known), V(owner_known) (BALs without
          V(unknown_owner) nor V(departed_owner)). Rule 2: V(trash_ok) (platform BALs without V(trash_overdue)),
          V(documents_integrated) (patient documents integrated, among those measured). Rule 3: V(preferred)
          (professionals of our personal BALs with a preferred BAL; V(0) / V(0) when the preferred check is not
          made), V(published_active) (active platform BALs that are published)."
      type: list
      elements: dict
      version_added: 0.7.0
      sample: [{"rule": 2, "key": "trash_ok", "label": "Corbeilles sous la limite de 30 jours", "numerator": 40,
                "denominator": 43}]
    not_measured:
      description:
        - The finding codes no source of this audit could measure, in contract order; the report shows them
          as C(non mesuré), never as zero. Without O(mailboxes), V(orphan_published), V(trash_overdue),
          V(documents_not_integrated) and V(quota_near_full); without O(connections) either, also the codes
          that need activity or presence on the platform.
      type: list
      elements: str
      version_added: 0.9.0
    platform_measured:
      description: V(true) when O(mailboxes) gave the platform's statistics.
      type: bool
      version_added: 0.9.0
    activity_sources:
      description: Number of BALs whose known last activity comes from each source (V(last_login),
        V(connection_file), V(sent_folder)).
      type: dict
      version_added: 0.9.0
    connection_file:
      description: Number of BALs of our domains listed in O(connections).
      type: int
      version_added: 0.9.0
    notified:
      description:
        - Number of findings whose owner was told, according to the notice ledger of O(state_dir)
          (V(0) without it).
      type: int
      version_added: 0.7.0
    requests:
      description: Operator requests of the request ledger of O(state_dir) per state (zeros without it).
      type: dict
      version_added: 0.7.0
      sample: {"pending": 2, "confirmed": 5, "withdrawn": 1}
    notes:
      description:
        - French sentences naming the checks that could not be made (missing source data), and the history
          snapshots that could not be read.
      type: list
      elements: str
    labels:
      description:
        - French label of each finding code, to print next to the counts of RV(summary.by_code).
        - Not written in C(audit.json), whose report already shows the labels.
      type: dict
      sample: {"inactive": "BAL inactive publiée", "trash_overdue": "Corbeille à vider"}
    action_labels:
      description: French label of each recommended action, to print next to the counts of RV(summary.by_action).
      type: dict
      sample: {"liste_rouge": "Demander la liste rouge", "choose_preferred": "Choisir la BAL préférentielle"}
  sample: {}
changes:
  description:
    - What changed since the previous kept audit (the newest snapshot of O(state_dir) before this audit).
    - C(since) (its ISO 8601 UTC date, V(null) without a previous audit, and then every list is empty), C(new)
      (C(address), C(code), C(severity), C(action)), C(resolved) and C(persisting) (C(address), C(code),
      C(severity), C(first_seen)), C(by_code) (for every code, the counts C(new), C(resolved), C(persisting)) and
      C(requests) (operator requests whose state changed, with C(kind), C(address), C(from) and C(to), V("") for
      a request that was not there or is no longer in the ledger). Lists sorted by address then code (or kind).
  returned: always
  type: dict
  version_added: 0.7.0
  sample: {"since": "2026-11-25T02:00:00+00:00", "new": [], "resolved": [], "persisting": [], "by_code": {},
           "requests": []}
trend:
  description:
    - One point per kept audit, oldest first, this audit last (at most O(history_keep) points; one without history).
    - Each point has C(generated_at), C(mailboxes), C(findings), C(by_code), C(trash_bytes), C(trash_messages),
      C(documents_pending) (V(null) when not measured) and C(requests) (counts per state).
  returned: always
  type: list
  elements: dict
  version_added: 0.7.0
  sample: [{"generated_at": "2026-11-26T02:00:00+00:00", "mailboxes": 120, "findings": 14, "by_code": {},
            "trash_bytes": 1048576, "trash_messages": 12, "documents_pending": null,
            "requests": {"pending": 1, "confirmed": 0, "withdrawn": 0}}]
history:
  description:
    - The history of O(state_dir), when set. C(dir) its directory, C(written) the snapshot written (V("") when the
      newest one already held this audit, or with O(history_keep=0)), C(pruned) the old snapshots deleted.
    - In check mode, what would be written and pruned (nothing is).
  returned: when O(state_dir) is set
  type: dict
  version_added: 0.7.0
  sample: {"dir": "/var/lib/mssante/state/mail1/history",
           "written": "/var/lib/mssante/state/mail1/history/audit-20261126T020000Z.json.gz", "pruned": []}
timings:
  description:
    - Wall time in seconds of each phase of the run, in the order they ran, for a slow run to say where its time
      went. V(load) (reading O(inventory_path); absent without it), V(join) (the sources joined and the rules
      applied, notices attached), V(history) (the kept audits read and compared), V(render) (the report document
      and each report file rendered), V(write) (the report files and the history snapshot written).
  returned: always
  type: dict
  version_added: 0.10.0
  sample: {"load": 0.41, "join": 1.2, "history": 0.08, "render": 2.9, "write": 0.05}
report:
  description: The report files, when O(report_dir) is set.
  returned: when O(report_dir) is set
  type: dict
  contains:
    dir:
      description: The report directory.
      type: str
      sample: /var/lib/mssante/reports/mail1
    files:
      description: One entry per file with C(name), C(path), C(size) in bytes and C(changed).
      type: list
      elements: dict
      sample: [{"name": "audit.json", "path": "/var/lib/mssante/reports/mail1/audit.json", "size": 60550, "changed": true}]
"""

import datetime as dt
import json

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.argspec import argument_spec, audit_from, mutually_exclusive
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.inventory_input import read_inventory, take_inventory
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import label_maps
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_error
from ansible_collections.mssante.hygiene.plugins.module_utils.history.stage import attach_history, plan_history
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import engine_errors
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.audit_view import attach_notices
from ansible_collections.mssante.hygiene.plugins.module_utils.phase_timer import PhaseTimer
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import report_document
from ansible_collections.mssante.hygiene.plugins.module_utils.report.writer import missing_report_warnings, write_reports


def _previous_counts(path):
    try:
        with open(path, "rb") as handle:
            return json.loads(handle.read().decode("utf-8"))["summary"]["by_code"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _report(module, result, document, now, timer):
    params = module.params
    report_dir = params["report_dir"]
    json_path = "%s/audit.json" % report_dir.rstrip("/")
    before = _previous_counts(json_path) if module._diff else None
    for warning in missing_report_warnings():
        module.warn(warning)
    try:
        # one file rendered and streamed to disk at a time
        files = write_reports(report_dir, result, params["platform"], now, check_mode=module.check_mode,
                              document=document, timer=timer)
    except OSError as exc:
        module.fail_json(msg="report_dir : impossible d'écrire le rapport dans %s (%s)"
                         % (report_dir, os_error(exc, report_dir)))
    output = {"report": {"dir": report_dir, "files": [f.as_dict() for f in files]},
              "changed": any(f.changed for f in files)}
    if module._diff:
        output["diff"] = {"before_header": json_path, "after_header": json_path,
                          "before": {"by_code": before}, "after": {"by_code": result["summary"]["by_code"]}}
    return output


def _history_diff(output, plan):
    diff = output.setdefault("diff", {"before": {}, "after": {}})
    if plan.path:
        diff["after"]["history"] = "nouvel instantané d'historique %s" % plan.path
    if plan.prune:
        diff["before"]["history"] = "anciens instantanés supprimés (history_keep) : %s" % ", ".join(plan.prune)


def _inventory(module, timer):
    params = module.params
    if not params["inventory_path"]:
        # the arguments are taken out of the module's parameters: freed once the audit made records of them
        return take_inventory(module.params, module.validation_result.validated_parameters)
    with timer.phase("load"), engine_errors(module):
        return read_inventory(params["inventory_path"], params["inventory_sha256"])


def main():
    module = AnsibleModule(argument_spec=argument_spec(), mutually_exclusive=mutually_exclusive(),
                           required_by={"inventory_sha256": "inventory_path"}, supports_check_mode=True)
    params = module.params
    if not params["domains"]:
        module.warn("domains est vide : toute adresse reçue est traitée comme une BAL de l'établissement")
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    timer = PhaseTimer()
    inventory = _inventory(module, timer)
    with engine_errors(module):
        with timer.phase("join"):
            result = audit_from(params, now, inventory)
            if params["state_dir"]:
                attach_notices(result, params["state_dir"])
        with timer.phase("history"):
            plan = plan_history(params["state_dir"], params["history_keep"], result, params["platform"], now)
            attach_history(result, plan)
    # labels go to the returned summary only: the report files keep their shape
    # the findings with their first_seen, and the trend, dated as audit.json dates them
    with timer.phase("render"):
        document = report_document(result, params["platform"], now.isoformat())
    output = {"changed": False, "findings": document["findings"],
              "summary": dict(result["summary"], **label_maps()),
              "changes": result["changes"], "trend": document["trend"]}
    if params["report_dir"]:
        output.update(_report(module, result, document, now.isoformat(), timer))
    del result, document
    if params["state_dir"]:
        # after the report files: a failed report leaves the history as it was
        with timer.phase("write"), engine_errors(module):
            output["history"] = plan.apply(check_mode=module.check_mode)
        output["changed"] = output["changed"] or plan.changed
        if module._diff and plan.changed:
            _history_diff(output, plan)
    del plan
    output["timings"] = timer.timings()
    module.exit_json(**output)


if __name__ == "__main__":
    main()
