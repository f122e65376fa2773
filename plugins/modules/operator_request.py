#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: operator_request
short_description: Add BALs to liste rouge or deletion requests for the MSSanté operator and track them
version_added: 0.1.0
description:
  - Keeps, in a ledger under O(state_dir), the lifecycle of every BAL's request of kind O(kind)
    (V(liste_rouge) or V(suppression)) - C(pending), then C(confirmed) or C(withdrawn), with the
    date and the run id of each step.
  - A BAL of O(bals) that has no pending request is added; a BAL already pending is never requested twice.
  - "A pending request is confirmed when O(observations) show the operator did it: for V(liste_rouge),
    the address is no longer published by the Annuaire Santé (which does not say why); for V(suppression),
    the address is neither published nor a mailbox of the platform. It is withdrawn when the address is
    listed in O(observations.active) (BAL in use again, owner back)."
  - "Absence proves something only when the read was complete: BALs are added, and pending requests
    confirmed or withdrawn, only when O(observations.published) is given B(and) O(observations.annuaire_complete)
    is V(true). Otherwise the ledger is left as it is (every pending request stays pending, no BAL is added)
    and a French warning says why; the request files are still rewritten from the ledger."
  - Writes, per operator and kind, under O(state_dir)C(/requests/<operator>/<kind>/), the French request
    C(demande.csv) (UTF-8 with BOM, C(;) separated, for French Excel), C(demande.json), the cover message
    C(courriel.txt) for the operator's support, and C(patch/<address>.json), the FHIR PATCH C(Parameters)
    bodies of the draft ANS operator API (a C(batch) Bundle, conditional on RPPS or FINESS), ready for when
    that API opens. Files only depend on the ledger, so a rerun rewrites nothing.
  - Ledger writes are atomic (temp file, fsync, rename, fsync of the directory) under an exclusive lock;
    a corrupt ledger is an error naming the file and is never reset.
  - With O(notice_delay_days), a BAL is added only once its owner was told of the liste rouge or deletion
    (or found unreachable) at least that many days before, according to the notice ledger C(notices.json)
    that M(mssante.hygiene.owner_notice) keeps in O(state_dir); until then it is returned in RV(held)
    and not requested.
  - With O(smtp), sends the cover message with the CSV attached to the operator, once per new content of
    the request.
author:
  - mssante.hygiene contributors (@mssante)
extends_documentation_fragment:
  - mssante.hygiene.attributes
  - mssante.hygiene.tls
attributes:
  check_mode:
    support: full
    details:
      - Writes nothing (no ledger, lock, request file or mail) and returns the plan, the files that would
        change and the mails that would be sent.
  diff_mode:
    support: full
    details:
      - Shows the pending BALs of each operator's request before and after the run.
options:
  kind:
    description: Kind of request.
    type: str
    choices: [liste_rouge, suppression]
    required: true
  bals:
    description:
      - BALs to request now. M(mssante.hygiene.bal_audit) findings are accepted as they are; findings whose
        C(action) is not O(kind) are skipped.
      - Each has C(address) and optionally C(type), C(rpps), C(name), C(service), C(structures) (FINESS),
        C(situations), C(carriers), C(reason) (or the finding C(code)), C(detail) and C(evidence); the missing
        ones are read from the finding's C(evidence).
    type: list
    elements: dict
    default: []
  observations:
    description:
      - What the sources say now. A list left out means that source was not read, and nothing that depends
        on it is concluded (no confirmation).
    type: dict
    default: {}
    suboptions:
      annuaire_complete:
        version_added: 0.4.0
        description:
          - V(true) only when the Annuaire Santé read behind O(observations.published) proved itself complete
            (the C(complete) value returned by M(mssante.hygiene.annuaire_info); the inventory role exposes it
            as C(mssante_inventory.annuaire_complete)).
          - When V(false), nothing is added, confirmed or withdrawn (an answer that says "nothing" by mistake
            would otherwise confirm every pending liste rouge), and a warning says so.
        type: bool
        default: false
      published:
        description:
          - Addresses the Annuaire Santé publishes, as strings or as the RV(mssante.hygiene.annuaire_info#module:bals)
            dicts (those flagged C(liste_rouge) count as not published).
        type: list
        elements: raw
      mailboxes:
        description:
          - Mailboxes that exist on the platform, as login names or as
            RV(mssante.hygiene.mailstore_info#module:mailboxes) dicts.
        type: list
        elements: raw
      absent:
        version_added: 0.4.0
        description:
          - Mailboxes the platform showed do not exist (RV(mssante.hygiene.mailstore_info#module:absent)), that is
            a login it does not know, or refused while the admin credential opens the others.
          - When given, a V(suppression) is confirmed only on that evidence (or O(observations.listed_all));
            a mailbox the platform was not asked about, or could not read, is never taken as deleted.
            When left out, a mailbox missing from O(observations.mailboxes) counts as deleted.
        type: list
        elements: raw
      listed_all:
        version_added: 0.4.0
        description:
          - V(true) when O(observations.mailboxes) lists every mailbox of the platform
            (RV(mssante.hygiene.mailstore_info#module:listed_all)), so that a mailbox missing from it is deleted.
        type: bool
        default: false
      active:
        description: Addresses in use again (recent activity, owner back); their pending requests are withdrawn.
        type: list
        elements: raw
        default: []
      accounts:
        description:
          - Directory accounts (RV(mssante.hygiene.directory_info#module:accounts)), used to fill the holder's
            name, RPPS and service in the request.
        type: list
        elements: dict
        default: []
  operator:
    description:
      - The MSSanté operator that receives the requests (the inventory variable C(mssante_operator)).
      - Used for the BALs whose domain O(liste_blanche) does not resolve.
    type: dict
    default: {}
    suboptions:
      name:
        description: Operator name.
        type: str
      contact:
        description: Support e-mail address of the operator.
        type: str
  liste_blanche:
    description:
      - Path or HTTPS URL of the MSSanté liste blanche XML; each BAL's operator and support contact are then
        taken from the entry of its domain.
    type: str
  establishment:
    description: Identity of the establishment, written in the requests (the inventory variable C(mssante_establishment)).
    type: dict
    default: {}
    suboptions:
      name:
        description: Name.
        type: str
        default: ""
      finess_ej:
        description: FINESS of the legal entity; targets the PATCH of ORG/APP BALs without a known structure.
        type: str
        default: ""
      finess_eg:
        description: FINESS of the sites.
        type: list
        elements: str
        default: []
      siret:
        description: SIRET.
        type: str
        default: ""
      contact:
        description: Address the operator answers to, written at the end of the cover message.
        type: str
        default: ""
      site_names:
        description: Names of the sites (read by the audit report, not by this module).
        type: dict
        default: {}
        version_added: 0.7.0
  state_dir:
    description:
      - Directory of the ledger (C(ledger.json), C(ledger.lock)), and of the C(requests/) files unless
        O(output_dir) is set. Created with mode C(0700); files are C(0600).
    type: path
    required: true
  output_dir:
    description:
      - Directory under which the C(requests/) files are written (the report directory, in the roles).
      - Defaults to O(state_dir).
    type: path
  run_id:
    description: Identifier of this run, written in the ledger at each step; generated when omitted.
    type: str
  lock_timeout:
    description: Seconds to wait for another run holding the ledger lock before failing.
    type: int
    default: 0
  notice_delay_days:
    version_added: 0.7.0
    description:
      - Days to wait, after the owner was told that the BAL goes to liste rouge or is deleted, before
        adding it to a request (the inventory variable C(mssante_notice_delay_days)).
      - When above V(0), the notice ledger C(notices.json) of O(state_dir) is read (never written); a BAL
        whose owner was told of O(kind) (or found unreachable - opt-out, no recipient) fewer than this many
        days ago, or never, is held and listed in RV(held). Days are UTC calendar days.
      - Requests already pending, and their confirmation or withdrawal, never wait.
      - A corrupt or unreadable notice ledger fails the task before anything is written.
      - V(0) reads nothing and adds at once (the behaviour without notices).
    type: int
    default: 0
  smtp:
    description:
      - When given (and not in check mode), sends each operator's cover message with C(demande.csv) attached,
        once per new content of the request. Uses O(validate_certs), O(ca_path) and O(timeout).
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
        description: C(From) address.
        type: str
        required: true
      to:
        description: Recipients; the operator's contact when omitted.
        type: list
        elements: str
        default: []
      cc:
        description: Copy recipients (for example the DSI's own mailbox).
        type: list
        elements: str
        default: []
notes:
  - The operator's feed to the national directory is not public; these files are what a DSI sends to its
    operator's support today. The FHIR PATCH API is a draft, not open yet.
  - The files hold personal data (addresses, names, RPPS); keep O(state_dir) on a protected disk.
  - There is no cap on the number of confirmations in one run, on purpose - an operator usually carries
    out a whole request at once, so confirming every pending request is the normal case. A mass
    disappearance from the Annuaire Santé is stopped earlier, by M(mssante.hygiene.annuaire_info) itself
    (completeness checks, drop versus the last good read), before any observation reaches this module.
seealso:
  - module: mssante.hygiene.bal_audit
  - module: mssante.hygiene.annuaire_info
  - module: mssante.hygiene.mailstore_info
"""

EXAMPLES = r"""
- name: Ask the operator to put the unused BALs on liste rouge, and close what the Annuaire confirms
  mssante.hygiene.operator_request:
    kind: liste_rouge
    bals: "{{ audit.findings | selectattr('action', 'equalto', 'liste_rouge') }}"
    observations:
      annuaire_complete: "{{ annuaire.complete }}"
      published: "{{ annuaire.bals }}"
      mailboxes: "{{ mailstore.mailboxes }}"
      active: "{{ recently_used_addresses }}"
      accounts: "{{ directory.accounts }}"
    operator:
      name: Opérateur MSSanté du CH Exemple
      contact: support-mssante@operateur.example
    establishment:
      name: CH Exemple
      finess_ej: "990000002"
    state_dir: /var/lib/mssante-hygiene/mail1
  register: redlist

- name: Same for deletions, mailing the request to the operator's support
  mssante.hygiene.operator_request:
    kind: suppression
    bals: "{{ audit.findings | selectattr('action', 'equalto', 'suppression') }}"
    observations:
      annuaire_complete: "{{ annuaire.complete }}"
      published: "{{ annuaire.bals }}"
      mailboxes: "{{ mailstore.mailboxes }}"
    liste_blanche: /var/lib/mssante-hygiene/listeblanchemssante.xml
    establishment:
      name: CH Exemple
    state_dir: /var/lib/mssante-hygiene/mail1
    smtp:
      host: smtp.ch-exemple.example
      username: dsi-mssante
      password: "{{ vault_smtp_password }}"
      sender: dsi-mssante@ch-exemple.example
      cc: [dsi-mssante@ch-exemple.example]
"""

RETURN = r"""
added:
  description: Addresses added to a request by this run (check mode - that would be added).
  returned: always
  type: list
  elements: str
  sample: [alice.fictif@ch-exemple.mssante.fr]
confirmed:
  description: Addresses whose pending request the sources now show as done.
  returned: always
  type: list
  elements: str
withdrawn:
  description: Addresses whose pending request was withdrawn (BAL in use again).
  returned: always
  type: list
  elements: str
pending:
  description: Addresses of every pending request of O(kind) after the run.
  returned: always
  type: list
  elements: str
held:
  description:
    - BALs not requested yet because their owner's notice is missing or too recent (O(notice_delay_days)),
      each with C(address), C(kind), C(reason) (C(préavis non envoyé), or C(préavis envoyé le <date>,
      délai jusqu'au <date>)) and C(until) (ISO date the wait ends, empty when no notice was sent).
    - Empty when O(notice_delay_days) is V(0).
  returned: always
  type: list
  elements: dict
  version_added: 0.7.0
  sample:
    - address: alice.fictif@ch-exemple.mssante.fr
      kind: liste_rouge
      reason: préavis envoyé le 01/12/2026, délai jusqu'au 31/12/2026
      until: "2026-12-31"
held_summary:
  description: French sentence counting RV(held) and the last day of the wait, empty when none is held.
  returned: always
  type: str
  version_added: 0.7.0
  sample: 2 BAL en attente du préavis aux titulaires (jusqu'au 31/12/2026)
not_requested:
  description: BALs given but not requested, each with C(address) and C(reason) (already done, in use, other action).
  returned: always
  type: list
  elements: dict
changes:
  description: One entry per change, with C(address), C(kind), C(operator) and C(change) (added, confirmed, withdrawn).
  returned: always
  type: list
  elements: dict
files:
  description: Request files, each with C(path), C(state) (V(written), V(removed) or V(unchanged)) and C(changed).
  returned: always
  type: list
  elements: dict
requests:
  description: One entry per operator request of O(kind), with C(operator), C(contact), C(dir), C(pending), C(cancelled), C(subject).
  returned: always
  type: list
  elements: dict
sent:
  description: Mails sent, each with C(operator), C(kind), C(to) and C(bals).
  returned: always
  type: list
  elements: dict
would_send:
  description: In check mode, the mails a real run would send.
  returned: always
  type: list
  elements: dict
ledger:
  description: Path of the ledger.
  returned: always
  type: str
run_id:
  description: Identifier of this run in the ledger.
  returned: always
  type: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_error
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import engine_errors, module_tls
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.argspec import argument_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.run import run


def _directory_option(params, exc):
    """The option whose directory the failed path is in (output_dir or state_dir)."""
    path, output_dir = str(getattr(exc, "filename", "") or ""), params["output_dir"]
    if output_dir and path.startswith(output_dir.rstrip("/") + "/"):
        return "output_dir"
    return "state_dir"


def main():
    module = AnsibleModule(argument_spec=argument_spec(), supports_check_mode=True)
    params = module.params
    smtp = params["smtp"]
    context = module_tls(module, "SMTP (smtp.host) ou de la liste blanche (liste_blanche)",
                         connects=bool(smtp or params["liste_blanche"]))
    if smtp and smtp.get("username") and not smtp.get("password"):
        module.fail_json(msg="smtp.password est obligatoire avec smtp.username (mssante_smtp.password)")
    try:
        with engine_errors(module):
            result = run(params, check_mode=module.check_mode, want_diff=module._diff, ssl_context=context)
    except OSError as exc:
        module.fail_json(msg="%s : écriture impossible (%s)" % (_directory_option(params, exc), os_error(exc)))
    for warning in result.pop("warnings"):
        module.warn(warning)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
