#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: directory_info
short_description: Read the establishment's LDAP accounts that own MSSanté mailboxes
version_added: 0.1.0
description:
  - Searches the establishment directory (OpenLDAP, Active Directory, 389-DS...) for the accounts
    that own MSSanté mailboxes (BAL) and returns them as normalised records.
  - Uses the simple paged results control on every search, so a server size limit never truncates
    the inventory silently; a search that is still cut by the server fails instead.
  - Every value the module inserts in the search filter (O(domains), O(mails)) is escaped
    (RFC 4515); O(filter) is checked to be one well-formed filter before it is combined.
  - Invalid RPPS / idNat_PS values are reported on the record (RV(accounts[].problems)), never
    fatal to the run.
  - A successful result over 256 KB of JSON (thousands of BAL) reaches the callbacks as its outcome,
    warnings and deprecations only; the registered variable keeps all of it. A failure, a diff and
    C(-vvv) show it whole.
author:
  - mssante.hygiene team (@mssante)
requirements:
  - ldap3 >= 2.9 (Python library, on the host that runs the module)
extends_documentation_fragment:
  - mssante.hygiene.attributes.INFO_MODULE
  - mssante.hygiene.attributes.ACTION_PLUGIN
  - mssante.hygiene.tls
options:
  server_uri:
    description:
      - LDAP server URIs, tried in order until one answers (failover).
      - Use C(ldaps://) for implicit TLS or set O(start_tls).
    type: list
    elements: str
    required: true
  bind_dn:
    description:
      - DN to bind with. Leave empty for an anonymous bind.
    type: str
    default: ""
  bind_pw:
    description:
      - Password of O(bind_dn).
    type: str
    default: ""
  start_tls:
    description:
      - Upgrade C(ldap://) connections with StartTLS before binding.
    type: bool
    default: false
  dn:
    description:
      - Search base DN.
    type: str
    required: true
  scope:
    description:
      - Search scope below O(dn).
    type: str
    choices: [base, onelevel, subtree]
    default: subtree
  filter:
    description:
      - Extra LDAP filter ANDed with the module's own, for example V((objectClass=inetOrgPerson)).
      - Must be one filter enclosed in parentheses.
    type: str
    default: ""
  domains:
    description:
      - Keep only accounts with a mail on these MSSanté domains, and only those addresses.
    type: list
    elements: str
    default: []
  mails:
    description:
      - Look up only the accounts owning these exact addresses.
    type: list
    elements: str
    default: []
  page_size:
    description:
      - Entries per page of the paged search. Keep it at or below the server size limit.
    type: int
    default: 500
  max_entries:
    description:
      - Safety cap on the number of entries read; the module fails beyond it.
    type: int
    default: 200000
  attribute_map:
    description:
      - LDAP attribute holding each field. Unset keys keep their default.
    type: dict
    default: {}
    suboptions:
      mail:
        description: Mail addresses (multi-valued, one account may own several BAL).
        type: str
        default: mail
      rpps:
        description: RPPS (11 digits) or idNat_PS (V(8) + RPPS) of the professional.
        type: str
        default: employeeNumber
      name:
        description: Display name.
        type: str
        default: displayName
      service:
        description: Service (department) of the account.
        type: str
        default: departmentNumber
      bal_type:
        description: BAL type hint (V(PER), V(ORG), V(APP), V(CAB)).
        type: str
        default: employeeType
      status:
        description:
          - Extra attribute whose values listed in O(disabled_values) mark a departed account.
          - Common markers are always checked too (C(nsAccountLock), C(pwdAccountLockedTime),
            C(shadowExpire), AD C(userAccountControl) and C(accountExpires), C(loginDisabled)).
        type: str
        default: ""
      site:
        description:
          - Attribute holding the FINESS EG (9 characters) of the account's site, for example
            C(physicalDeliveryOfficeName) when the directory stores it there.
          - Empty (the default) means not read, and RV(accounts[].site) stays empty.
          - M(mssante.hygiene.bal_audit) uses it for the site of a BAL the Annuaire Santé does not attach
            to one of the establishment's sites.
        type: str
        default: ""
        version_added: 0.7.0
  disabled_values:
    description:
      - Values of O(attribute_map.status) meaning the account is disabled (case-insensitive).
    type: list
    elements: str
    default: []
notes:
  - Certificates are verified by default; with O(validate_certs=false) the module warns on every run, and
    fails when O(ca_path) is also set (contradictory options).
  - Warns on every run when O(bind_pw) would travel unencrypted, that is a C(ldap://) O(server_uri)
    without O(start_tls) (loopback addresses included).
  - Warns when no account matches, or when no account carries the O(attribute_map.rpps) attribute
    (usually a wrong O(dn), O(filter) or O(attribute_map)); every O(attribute_map) value must be an LDAP
    attribute name.
  - Errors and warnings are in French and name the option to fix.
"""

EXAMPLES = r"""
- name: Read the accounts owning a BAL on our MSSanté domain
  mssante.hygiene.directory_info:
    server_uri:
      - ldaps://ldap1.ch-exemple.fr
      - ldaps://ldap2.ch-exemple.fr
    bind_dn: cn=mssante-audit,ou=services,dc=ch-exemple,dc=fr
    bind_pw: "{{ vault_ldap_password }}"
    ca_path: /etc/pki/ch-exemple-ca.pem
    dn: dc=ch-exemple,dc=fr
    filter: (objectClass=inetOrgPerson)
    domains:
      - ch-exemple.mssante.fr
  register: directory

- name: Active Directory, RPPS in employeeID, StartTLS
  mssante.hygiene.directory_info:
    server_uri: ldap://ad.ch-exemple.local
    start_tls: true
    bind_dn: CN=svc-mssante,OU=Services,DC=ch-exemple,DC=local
    bind_pw: "{{ vault_ad_password }}"
    dn: OU=Personnel,DC=ch-exemple,DC=local
    attribute_map:
      rpps: employeeID
      service: department
      name: displayName
    domains:
      - ch-exemple.mssante.fr
"""

RETURN = r"""
accounts:
  description: One record per directory entry owning at least one mail, sorted by DN.
  returned: success
  type: list
  elements: dict
  contains:
    dn:
      description: Entry DN.
      type: str
    mails:
      description: Lower-cased addresses (only those on O(domains) when given).
      type: list
      elements: str
    rpps:
      description: 11-digit RPPS, derived from an idNat_PS when needed; empty when unknown or invalid.
      type: str
    id_nat_ps:
      description: idNat_PS (V(8) + RPPS for RPPS holders).
      type: str
    name:
      description: Display name.
      type: str
    service:
      description: Service.
      type: str
    site:
      description:
        - FINESS EG of the account's site, as read from O(attribute_map.site); empty when not mapped
          or not set.
      type: str
      version_added: 0.7.0
    status:
      description: V(active) or V(disabled).
      type: str
    status_reason:
      description: Marker that disabled the account (for example C(shadowExpire)).
      type: str
    bal_type:
      description: BAL type hint from the directory, empty when unknown.
      type: str
    problems:
      description: Problems found on the record, such as an invalid RPPS.
      type: list
      elements: str
  sample:
    - dn: uid=alice.fictif,ou=people,dc=ch-exemple,dc=test
      mails: [alice.fictif@ch-exemple.mssante.fr]
      rpps: "10999001000"
      id_nat_ps: "810999001000"
      name: Alice FICTIF
      service: Cardiologie
      site: ""
      status: active
      status_reason: ""
      bal_type: PER
      problems: []
counts:
  description: Totals of the search.
  returned: success
  type: dict
  sample: {entries: 43, mails: 44, active: 41, disabled: 2, with_problems: 0, without_mail: 0}
search_filter:
  description: The LDAP filter actually sent, with every inserted value escaped.
  returned: success
  type: str
  sample: (&(objectClass=inetOrgPerson)(mail=*)(mail=*@ch-exemple.mssante.fr))
failover:
  description: Servers skipped before one answered, with the reason.
  returned: success
  type: list
  elements: str
timings:
  version_added: 0.10.0
  description:
    - Wall-clock seconds per phase, to see where the time of a slow run went - C(connect)
      (bind, with the failover to the next server of O(server_uri)), C(read) (the paged search
      and the decoding of its entries, interleaved page by page) and C(summarize) (sort, counts
      and setting checks).
  returned: success
  type: dict
  sample: {connect: 0.012, read: 1.204, summarize: 0.031}
"""

import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.mssante.hygiene.plugins.module_utils.directory.reader import HAS_LDAP3, cleartext_bind, read_accounts
from ansible_collections.mssante.hygiene.plugins.module_utils.directory.argspec import argument_spec, config_from
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import engine_errors, module_tls


def check_params(module):
    params = module.params
    if params["page_size"] < 1:
        module.fail_json(msg="page_size doit valoir au moins 1, reçu %d" % params["page_size"])
    if params["timeout"] < 1:
        module.fail_json(msg="timeout doit valoir au moins 1 seconde, reçu %d" % params["timeout"])
    if params["bind_pw"] and not params["bind_dn"]:
        module.fail_json(msg="bind_pw est renseigné mais bind_dn est vide : donnez le DN du compte de connexion")
    if params["start_tls"] and all(u.lower().startswith("ldaps://") for u in params["server_uri"]):
        module.fail_json(msg="options TLS contradictoires : start_tls=true mais server_uri n'a que des adresses "
                         "ldaps:// (déjà chiffrées) ; retirez start_tls, ou utilisez ldap:// avec start_tls",
                         parameter="start_tls")
    # ldap3 builds its own TLS settings from validate_certs and ca_path: no context here
    module_tls(module, "LDAP (server_uri)", build=False)
    cleartext = cleartext_bind(params["server_uri"], params["start_tls"], params["bind_pw"])
    if cleartext:
        module.warn(cleartext)


def main():
    module = AnsibleModule(argument_spec=argument_spec(), supports_check_mode=True)
    if not HAS_LDAP3:
        module.fail_json(msg="bibliothèque Python ldap3 absente : %s" % missing_required_lib("ldap3"))
    check_params(module)
    try:
        with engine_errors(module):
            result = read_accounts(config_from(module.params))
    except Exception as exc:  # pylint: disable=broad-exception-caught
        module.fail_json(msg="erreur inattendue pendant la lecture de l'annuaire LDAP : %s" % exc,
                         exception=traceback.format_exc())
    for note in result.failover:
        module.warn("bascule LDAP : %s ; serveur suivant de server_uri utilisé" % note)
    for note in result.notes:
        module.warn(note)
    module.exit_json(changed=False, accounts=[a.as_dict() for a in result.accounts],
                     counts=result.counts, search_filter=result.search_filter,
                     failover=result.failover, timings=result.timings)


if __name__ == "__main__":
    main()
