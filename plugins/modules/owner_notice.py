#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: owner_notice
short_description: Tell BAL owners, in French, what to do about their BALs before anything happens
version_added: 0.7.0
description:
  - Turns the M(mssante.hygiene.bal_audit) findings an owner can act on (O(codes)) into one French message
    per recipient, listing their BALs and, for each, what to do and by when - reconnect before a date,
    choose a preferred BAL in the Annuaire Santé, transfer patient documents, empty the trash, free space -
    and the liste rouge or deletion announced, with the date from which it may be requested.
  - "Recipients, in this order: a contact configured for the BAL (O(contacts.mailboxes)); for a personal
    (PER) BAL whose owner has an active account in O(accounts), the account's mail addresses; otherwise
    (owner departed, ORG/APP/CAB BAL, no account) the service's contact (O(contacts.services), by the
    service of O(bals) or of the account), else O(contacts.default). Addresses in O(optout) are never
    written to; a BAL nobody can be told about is listed in RV(untold)."
  - A notice ledger (C(notices.json) under O(state_dir)) records who was told what and when, so that the
    same thing is not told twice within O(interval_days) (a rerun sends nothing new), and so that
    M(mssante.hygiene.operator_request) waits O(delay_days) after the notice before asking the operator.
    An entry whose finding is gone is forgotten (told again, and the delay starts again, if it comes back).
  - Messages are sent through O(smtp) in one session, at most O(rate) per second. A refused recipient
    fails only its message, listed in RV(failures) and retried by the next run. A dropped connection is
    reopened once; when the server cannot be used, the task fails and every message not sent is retried
    by the next run. The ledger is saved at least every 20 messages or 5 seconds, so a run killed while
    sending sends again at most that many messages next time.
  - Writes C(notices/preavis.csv) under O(output_dir) (French Excel - who was told about which BAL, what to
    do, by when, with the status of each message).
  - Messages carry dates and counts only, never the subject of a message (a patient's name).
author:
  - mssante.hygiene contributors (@mssante)
extends_documentation_fragment:
  - mssante.hygiene.attributes
  - mssante.hygiene.tls
attributes:
  check_mode:
    support: full
    details:
      - Sends nothing and never writes the ledger; writes each message as it would leave in
        C(notices/apercu/<n>-<recipient>.eml) under O(output_dir) (previews of an earlier run removed first)
        and C(notices/preavis.csv).
  diff_mode:
    support: full
    details:
      - Shows, per recipient, the BALs and what to do.
options:
  findings:
    description:
      - The findings of M(mssante.hygiene.bal_audit) (RV(mssante.hygiene.bal_audit#module:findings)), as they are.
      - Findings whose code is not in O(codes) are skipped; V(unpublished_inactive), V(departed_owner) and
        V(orphan_published) are told only when their C(action) is V(suppression).
    type: list
    elements: dict
    required: true
  accounts:
    description: Directory accounts (RV(mssante.hygiene.directory_info#module:accounts)), to find each BAL's owner.
    type: list
    elements: dict
    default: []
  bals:
    description: BALs published by the Annuaire Santé (RV(mssante.hygiene.annuaire_info#module:bals)), for their type and service.
    type: list
    elements: dict
    default: []
  establishment:
    description: Identity of the establishment (the inventory variable C(mssante_establishment)), shown in the messages.
    type: dict
    default: {}
    suboptions:
      name:
        description: Name, signed at the end of the messages.
        type: str
        default: ""
      finess_ej:
        description: FINESS of the legal entity (not used by this module).
        type: str
        default: ""
      finess_eg:
        description: FINESS of the sites (not used by this module).
        type: list
        elements: str
        default: []
      siret:
        description: SIRET (not used by this module).
        type: str
        default: ""
      contact:
        description: Address owners may write to (questions, asking not to receive these notices).
        type: str
        default: ""
      site_names:
        description: Names of the sites (not used by this module).
        type: dict
        default: {}
  contacts:
    description:
      - Who is told about the BALs that have no present owner (the inventory variable C(mssante_notice_contacts)).
        Each value is an address or a list of addresses.
    type: dict
    default: {}
    suboptions:
      services:
        description: Service name (as in the Annuaire Santé or the directory, compared case-insensitively) to its head's address.
        type: dict
        default: {}
      mailboxes:
        description: BAL address to the address told about it, instead of its owner.
        type: dict
        default: {}
      default:
        description: Told when no other recipient is found.
        type: raw
  optout:
    description: Addresses never written to (the inventory variable C(mssante_notice_optout)).
    type: list
    elements: str
    default: []
  codes:
    description: Finding codes the owners are told about.
    type: list
    elements: str
    default: [inactive_soon, inactive, unpublished_inactive, departed_owner, orphan_published, no_preferred,
              documents_not_integrated, trash_overdue, quota_near_full]
    choices: [inactive_soon, inactive, unpublished_inactive, departed_owner, orphan_published, no_preferred,
              documents_not_integrated, trash_overdue, quota_near_full]
  interval_days:
    description: Days before the same thing is told again to the same owner (a reminder).
    type: int
    default: 30
  delay_days:
    description:
      - Days between the first notice and the date from which a liste rouge or a deletion may be requested
        (the date the message announces); V(0) announces it as from today.
      - Give the same value to M(mssante.hygiene.operator_request) (the inventory variable C(mssante_notice_delay_days)).
    type: int
    default: 0
  inactivity_days:
    description: National inactivity threshold, to date V(inactive_soon) findings that carry no threshold date.
    type: int
    default: 60
  annuaire_url:
    description: Link given to choose a preferred BAL.
    type: str
    default: https://annuaire.esante.gouv.fr
  templates_dir:
    description:
      - Directory of the establishment's own Jinja2 templates (C(subject.j2), C(body.txt.j2), C(body.html.j2),
        each optional); the built-in French templates otherwise.
    type: path
  smtp:
    description:
      - SMTP server (the inventory variable C(mssante_smtp)); required outside check mode. Uses O(validate_certs),
        O(ca_path) and O(timeout).
    type: dict
    suboptions:
      host:
        description: SMTP server.
        type: str
        required: true
      port:
        description: Port; 587 for V(starttls), 465 for V(tls), 25 for V(none) when omitted.
        type: int
      security:
        description: V(starttls), V(tls) (implicit TLS) or V(none) (only for a local relay).
        type: str
        choices: [starttls, tls, none]
        default: starttls
      username:
        description: Login; no authentication when omitted.
        type: str
      password:
        description: Password of O(smtp.username).
        type: str
      sender:
        description: C(From) address of the notices.
        type: str
        required: true
  rate:
    description: Most messages sent per second.
    type: float
    default: 5.0
  state_dir:
    description: Directory of the notice ledger (C(notices.json)), shared with M(mssante.hygiene.operator_request) and its lock.
    type: path
    required: true
  output_dir:
    description: Directory under which C(notices/) (previews, C(preavis.csv)) is written; defaults to O(state_dir).
    type: path
  lock_timeout:
    description: Seconds to wait for another run holding the state directory's lock before failing.
    type: int
    default: 0
notes:
  - The ledger and C(preavis.csv) hold personal data (addresses, names); keep O(state_dir) on a protected disk.
seealso:
  - module: mssante.hygiene.bal_audit
  - module: mssante.hygiene.operator_request
"""

EXAMPLES = r"""
- name: Tell the owners what to do about their BALs
  mssante.hygiene.owner_notice:
    findings: "{{ audit.findings }}"
    accounts: "{{ directory.accounts }}"
    bals: "{{ annuaire.bals }}"
    establishment:
      name: CH Exemple
      contact: dsi@ch-exemple.example
    contacts:
      services:
        Cardiologie: chef.cardiologie@ch-exemple.example
      default: dsi@ch-exemple.example
    optout: [directeur@ch-exemple.example]
    delay_days: 15
    state_dir: /var/lib/mssante-hygiene/mail1
    output_dir: /var/lib/mssante-hygiene/reports
    smtp:
      host: smtp.ch-exemple.example
      username: dsi-hygiene
      password: "{{ vault_smtp_password }}"
      sender: dsi-hygiene@ch-exemple.example
  register: notices
"""

RETURN = r"""
notices:
  description:
    - One entry per message of this run, with C(recipients), C(audience) (V(owner) or V(contact)), C(owner_name)
      and C(items) (each with C(address), C(bal_type), C(service), C(code), C(todo), C(due), C(announces),
      C(announce_date), C(reminder), C(facts)), plus C(status) (V(sent), V(preview) or V(failed)) and, when failed,
      C(error).
  returned: always
  type: list
  elements: dict
sent:
  description: Addresses a message was delivered to in this run.
  returned: always
  type: list
  elements: str
previews:
  description: In check mode, the paths of the C(.eml) previews.
  returned: always
  type: list
  elements: str
failures:
  description: Messages not delivered, each with C(recipient), C(addresses) (the BALs) and C(error); retried next run.
  returned: always
  type: list
  elements: dict
untold:
  description: BAL findings nobody can be told about, each with C(address), C(code) and C(reason) (V(optout) or V(no_recipient)).
  returned: always
  type: list
  elements: dict
already_told:
  description: Items not told again because their owner was told within O(interval_days).
  returned: always
  type: int
csv:
  description: Path of C(notices/preavis.csv).
  returned: always
  type: str
ledger:
  description: Path of the notice ledger.
  returned: always
  type: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_error
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import engine_errors, module_tls
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.argspec import argument_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.run import run


def main():
    module = AnsibleModule(argument_spec=argument_spec(), supports_check_mode=True)
    params = module.params
    smtp = params["smtp"]
    context = module_tls(module, "SMTP (smtp.host)",
                         connects=bool(smtp and not module.check_mode and smtp["security"] != "none"))
    if smtp and smtp.get("username") and not smtp.get("password"):
        module.fail_json(msg="smtp.password est obligatoire avec smtp.username (mssante_smtp.password)")
    try:
        with engine_errors(module):
            result = run(params, check_mode=module.check_mode, want_diff=module._diff, ssl_context=context)
    except OSError as exc:
        module.fail_json(msg="state_dir ou output_dir : écriture impossible (%s)" % os_error(exc))
    for failure in result["failures"]:
        module.warn("préavis non envoyé à %s : %s (nouvel essai à la prochaine exécution)"
                    % (failure["recipient"], failure["error"]))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
