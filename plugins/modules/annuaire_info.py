#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: annuaire_info
short_description: Read what the Annuaire Santé publishes about MSSanté mailboxes (BALs)
version_added: 0.1.0
description:
  - Reads the MSSanté mailboxes (BALs) that the national directory (Annuaire Santé) publishes
    for given professionals, structures, addresses or domains, and the professionals'
    situations d'exercice.
  - O(source=api) queries the FHIR v2 API with the C(ESANTE-API-KEY) header, throttled
    client-side, batching identifiers as comma OR-lists, following C(link[next]) pages and
    retrying on 429 (honouring C(Retry-After)), 5xx and timeouts.
  - O(source=extraction) streams the daily C(Extraction_Correspondance_MSSante) file (zip or
    txt, local path or https URL), keeping only lines of O(domains) and/or O(organizations).
  - This module never changes anything.
author:
  - mssante.hygiene contributors (@mssante-hygiene)
extends_documentation_fragment:
  - mssante.hygiene.tls
  - mssante.hygiene.attributes
  - mssante.hygiene.attributes.INFO_MODULE
options:
  source:
    description: Where to read the publications from.
    type: str
    choices: [api, extraction]
    default: api
  api_url:
    description: Base URL of the FHIR v2 API.
    type: str
    default: https://gateway.api.esante.gouv.fr/fhir/v2
  api_key:
    description:
      - Key of your application on the ANS API portal, sent as the C(ESANTE-API-KEY) header.
      - Required when O(source=api).
    type: str
  rate_limit:
    description:
      - Maximum requests per second sent to the API. The gateway allows 17 per application;
        values above 17 are refused.
    type: float
    default: 10
  max_pages:
    description:
      - Page cap per search. A search that still has pages after it fails the task (the result
        would be incomplete).
      - Pages hold 100 entries; the default reads up to 200,000 situations d'exercice per search,
        enough for a regional operator's 50,000 BAL (the former default, 200, failed there).
    type: int
    default: 2000
  total_timeout:
    version_added: 0.4.0
    description:
      - With O(source=api), overall budget in seconds of the whole read (requests, retries and
        waits). Once spent, the task fails rather than return a partial result. Each request is
        also bounded by O(timeout), the time to receive the whole answer, even from a server
        sending it byte by byte. V(0) means no overall budget.
    type: int
    default: 1800
  batch_size:
    description: Identifiers per request (comma OR-list). 50 means 1,000 professionals in 20 requests.
    type: int
    default: 50
  extraction_path:
    description:
      - Path or https URL of the extraction file (zip or txt). Required when O(source=extraction).
      - The official server chains to IGC-Santé; give that chain with O(ca_path).
    type: str
  malformed_ratio:
    description:
      - With O(source=extraction), fail when more than this fraction of the examined lines is
        malformed (and more than 10 lines); below it, malformed lines are only reported.
    type: float
    default: 0.01
  min_lines:
    version_added: 0.4.0
    description:
      - With O(source=extraction), the least number of data lines (after the header) the file must
        hold, whatever the filter; fewer fails the task. The national file holds about 545,000
        lines, so the default refuses a truncated or foreign file. Lower it for a test file.
    type: int
    default: 100000
  max_drop_ratio:
    version_added: 0.4.0
    description:
      - Fail when the number of data lines of the extraction file, or the number of BALs found
        (both sources), fell by more than this fraction since the last complete read recorded in
        O(state_dir). A cut file or a partial API answer would otherwise read as BALs no longer
        published.
    type: float
    default: 0.2
  state_dir:
    version_added: 0.4.0
    description:
      - Directory where the last complete read is recorded in C(annuaire-derniere-lecture.json)
        (date, source, location, lines examined, BALs found), per source, to compare the next read
        with (O(max_drop_ratio)). Created (mode 0700) if missing. Not written in check mode nor
        after an incomplete read.
      - Without it, no drop check is made.
    type: path
  practitioners:
    description: RPPS (11 digits) or idNat_PS (e.g. C(8) + RPPS) of the professionals to look up.
    type: list
    elements: str
    default: []
  organizations:
    description:
      - FINESS (EJ or EG, 9 characters) of our structures. With O(source=api) the EGs of an EJ
        are found through C(partof), and their situations d'exercice are read.
    type: list
    elements: str
    default: []
  mailboxes:
    description: Exact BAL addresses to look up (O(source=api) only).
    type: list
    elements: str
    default: []
  domains:
    description:
      - Our MSSanté domains. With O(source=extraction), lines of these domains are kept.
      - With O(source=api), e-mails of these domains count as BALs even without the MSSanté
        e-mail type extension.
    type: list
    elements: str
    default: []
notes:
  - The Annuaire Santé cannot tell why a BAL is absent (liste rouge, inactivity, deletion).
  - A read is returned only when it proves itself complete (RV(complete), RV(completeness)); else
    the task fails. With O(source=api) - every answer must be a C(Bundle) (an C(OperationOutcome)
    sent with HTTP 200, or any other resource, fails), the entries read must add up to the Bundle
    C(total) when given, a C(next) link loop or more pages than O(max_pages) fails, and each of
    O(organizations) must be found (an empty answer for our own structure is not the truth).
    With O(source=extraction) - the file must not be empty, HTML or UTF-16, must start with the
    31-column header, hold at least O(min_lines) data lines and end on a whole 31-column record
    (a cut download leaves a shorter last line), and a download must be as long as its
    C(Content-Length). Both sources - see O(max_drop_ratio).
  - Addresses that are not plain C(local@domain) addresses (line feed, space, wildcard...) are
    skipped with a warning naming the line or the resource.
  - The extraction file has no idSituationExercice and no preferred flag; with
    O(source=extraction) RV(bals[].situations) is empty and RV(practitioners[].id) is empty.
  - The API key is only ever sent to the origin (scheme, host, port) of O(api_url). A redirect to
    another origin, or from https to http, fails the task without being followed; redirects within
    that origin are followed (at most 5). With O(source=extraction), a redirect from https to http
    fails the task.
  - Warns on every run when O(api_url) is C(http://) (the key would travel unencrypted, loopback
    addresses included).
"""

EXAMPLES = r"""
- name: BALs published for our structures and a few professionals (API)
  mssante.hygiene.annuaire_info:
    source: api
    api_key: "{{ vault_esante_api_key }}"
    organizations: ["990000002"]
    practitioners: ["10999001000", "810999001026"]
    domains: [ch-exemple.mssante.fr]
  register: annuaire

- name: Our BALs from the daily national extraction
  mssante.hygiene.annuaire_info:
    source: extraction
    extraction_path: https://service.annuaire.sante.fr/annuaire-sante-webservices/V300/services/extraction/Extraction_Correspondance_MSSante
    ca_path: /etc/pki/igc-sante/chain.pem
    domains: [ch-exemple.mssante.fr]
    organizations: ["990000010", "990000028"]
  register: annuaire
"""

RETURN = r"""
bals:
  description: BALs published, one per lower-cased address, sorted by address.
  returned: always
  type: list
  elements: dict
  contains:
    address: {description: Lower-cased address., type: str}
    type: {description: "C(PER), C(ORG), C(APP), C(CAB), or empty when not published.", type: str}
    carrier: {description: "Resources carrying it: Practitioner, PractitionerRole, Organization.", type: list, elements: str}
    rpps: {description: RPPS of the holder (personal BALs)., type: str}
    situations: {description: idSituationExercice of the situations it is attached to., type: list, elements: str}
    structures: {description: FINESS of the attached structures., type: list, elements: str}
    service: {description: Service de rattachement., type: str}
    description: {description: Description of an organisational or applicative BAL., type: str}
    preferred: {description: "C(rank=1) somewhere: the professional's BAL préférentielle.", type: bool}
    liste_rouge: {description: Published with C(listeRouge=true)., type: bool}
practitioners:
  description:
    - Situations d'exercice of the professionals, at our structures when O(organizations) is given.
  returned: always
  type: list
  elements: dict
  contains:
    id: {description: idSituationExercice (empty with O(source=extraction))., type: str}
    rpps: {description: RPPS of the professional., type: str}
    structure: {description: FINESS of the structure., type: str}
    active: {description: False for a closed situation., type: bool}
not_found:
  description: Addresses of O(mailboxes) that no resource publishes.
  returned: when O(source=api)
  type: list
  elements: str
structures:
  description: FINESS of our structures (given ones and the EGs found under them).
  returned: when O(source=api)
  type: list
  elements: str
complete:
  version_added: 0.4.0
  description: Always V(true) when the task succeeds (an incomplete read fails the task).
  returned: success
  type: bool
completeness:
  version_added: 0.4.0
  description:
    - What proves the read complete - source, location, BALs found, lines examined (extraction),
      pages and requests (api), and C(previous), the last good read compared with (V(null) the first time).
  returned: success
  type: dict
  sample: {source: extraction, location: /data/extraction.txt, lines: 545012, bals: 412,
           previous: {date: "2026-11-30T03:00:00+00:00", lines: 544870, bals: 410}}
requests:
  description: Request counts and timings.
  returned: when O(source=api)
  type: dict
  sample: {count: 21, retries: 0, pages: 21, by_status: {"200": 21}, seconds: 0.4, waited_seconds: 2.0}
timings:
  version_added: 0.10.0
  description:
    - Wall-clock seconds per phase, to see where the time of a slow run went.
    - With O(source=api) - C(lookups) (every request to the API, throttled by O(rate_limit)),
      C(join) (BALs and situations assembled from the resources) and C(shape) (the returned lists).
    - With O(source=extraction) - C(read) (download or file, parsed line by line) and C(shape).
    - Both - C(completeness) (the check against the last good read, and recording this one).
  returned: success
  type: dict
  sample: {lookups: 12.4, join: 0.08, shape: 0.05, completeness: 0.002}
extraction:
  description: Report of the extraction read, with the malformed lines (number and reason).
  returned: when O(source=extraction)
  type: dict
  sample: {examined: 44, kept: 43, bals: 42, duplicates: 1, malformed: 1, malformed_lines: [{line: 9, reason: "3 colonnes au lieu de 31"}]}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.argspec import argument_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.service import check_options, run_read
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import engine_errors, module_tls


def main():
    module = AnsibleModule(
        argument_spec=argument_spec(),
        supports_check_mode=True,
    )
    with engine_errors(module):
        early = check_options(module.params)  # bad values fail before any TLS or network work
    context = module_tls(module, "de l'Annuaire Santé (api_url, extraction_path)")
    for warning in early:
        module.warn(warning)
    with engine_errors(module, complete=False):
        result, warnings = run_read(module.params, module.check_mode, ssl_context=context)
    for warning in warnings:
        module.warn(warning)
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
