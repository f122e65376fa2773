# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Read the establishment's LDAP accounts that own BALs (ldap3, pure Python).

Secure by default where ldap3 is not: certificates verified (ldap3's Tls() defaults to no
verification), connect and receive timeouts always set (ldap3 defaults to blocking forever),
paged search always on (a server size limit must never truncate the inventory silently).
"""

from __future__ import annotations

import re
import ssl
from dataclasses import dataclass, field

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.addresses import address_problem
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import endpoint, joined, quoted, shown, text_reason
from ansible_collections.mssante.hygiene.plugins.module_utils.identifiers import normalize_id_nat_ps
from ansible_collections.mssante.hygiene.plugins.module_utils.phase_timer import PhaseTimer
from ansible_collections.mssante.hygiene.plugins.module_utils.directory.filter import build_filter, check_attribute
from ansible_collections.mssante.hygiene.plugins.module_utils.directory.account_status import (
    STATUS_ATTRIBUTES, disabled_reason)
from ansible_collections.mssante.hygiene.plugins.module_utils.records import Account
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import cleartext_warning, describe_tls_error

try:
    import ldap3
    from ldap3.core import exceptions as ldap_exc
    HAS_LDAP3 = True
except ImportError:  # reported by the module with missing_required_lib
    ldap3 = None
    HAS_LDAP3 = False

DEFAULT_ATTRIBUTE_MAP = {
    "mail": "mail",
    "rpps": "employeeNumber",
    "name": "displayName",
    "service": "departmentNumber",
    "bal_type": "employeeType",
    "status": "",
    "site": "",  # not read unless mapped: few directories hold the FINESS EG of a site
}
BAL_TYPES = ("PER", "ORG", "APP", "CAB")
RESULT_SIZE_LIMIT = 4
RESULT_NO_SUCH_OBJECT = 32
RESULT_INVALID_CREDENTIALS = 49
_VERIFY_FAILED = re.compile(r"certificate verify failed: [^(']*")


class DirectoryError(MssanteError):
    """A problem a DSI engineer can act on; `parameter` names the option at fault."""

    def __init__(self, message, parameter=""):
        super().__init__(message)
        self.parameter = parameter


@dataclass
class DirectoryConfig:
    server_uris: list
    base: str
    bind_dn: str = ""
    bind_pw: str = ""
    start_tls: bool = False
    validate_certs: bool = True
    ca_path: str = ""
    timeout: int = 30
    scope: str = "subtree"
    user_filter: str = ""
    domains: list = field(default_factory=list)
    addresses: list = field(default_factory=list)
    page_size: int = 500
    max_entries: int = 200000
    attribute_map: dict = field(default_factory=dict)
    disabled_values: list = field(default_factory=list)

    def attributes(self):
        merged = dict(DEFAULT_ATTRIBUTE_MAP)
        merged.update({k: v for k, v in (self.attribute_map or {}).items() if v is not None})
        return merged


def cleartext_bind(server_uris, start_tls, bind_pw):
    """The warning when bind_pw would go unencrypted (ldap:// without start_tls), else ""."""
    plain = [u for u in server_uris if not u.lower().startswith(("ldaps://", "ldapi://"))]
    if start_tls or not bind_pw or not plain:
        return ""
    return cleartext_warning("server_uri", "%s (sans start_tls)" % joined(plain), "le mot de passe bind_pw",
                             "activez start_tls, ou utilisez ldaps://")


def _tls(config):
    if not config.validate_certs:
        return ldap3.Tls(validate=ssl.CERT_NONE)
    return ldap3.Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=config.ca_path or None)


def _server(uri, config):
    return ldap3.Server(uri, get_info=ldap3.NONE, tls=_tls(config),
                        connect_timeout=config.timeout)


def _bind(uri, config):
    """An open, bound connection to one server, or raise with a precise reason."""
    connection = ldap3.Connection(
        _server(uri, config), user=config.bind_dn or None, password=config.bind_pw or None,
        authentication=ldap3.SIMPLE if config.bind_dn else ldap3.ANONYMOUS,
        receive_timeout=config.timeout, raise_exceptions=False, auto_bind=ldap3.AUTO_BIND_NONE,
        read_only=True)
    connection.open()
    if config.start_tls and not uri.lower().startswith("ldaps://"):
        connection.start_tls()
    if not connection.bind():
        result = connection.result or {}
        if result.get("result") == RESULT_INVALID_CREDENTIALS:
            raise DirectoryError("connexion LDAP refusée par %s pour bind_dn %s : identifiants invalides "
                                 "(invalidCredentials) ; vérifiez bind_dn et bind_pw"
                                 % (uri, quoted(config.bind_dn)), "bind_pw")
        raise DirectoryError("authentification LDAP impossible sur %s avec bind_dn %s : %s %s" % (
            uri, quoted(config.bind_dn), result.get("description"), result.get("message") or ""), "bind_dn")
    return connection


def _connection_failure(uri, exc):
    """ldap3 wraps the ssl error in nested tuples: keep only the sentence that matters."""
    text = str(exc)
    verify = _VERIFY_FAILED.search(text)
    if verify:
        return describe_tls_error(ssl.SSLCertVerificationError(verify.group(0)), uri)
    if "ssl" in text.lower() or "tls" in text.lower():
        return describe_tls_error(ssl.SSLError(text), uri)
    return "serveur LDAP %s injoignable (%s) : %s" % (uri, endpoint(uri), text_reason(text))


def connect(config):
    """Bind to the first server of `server_uris` that answers (failover in list order)."""
    if not HAS_LDAP3:
        raise DirectoryError("la bibliothèque Python ldap3 est nécessaire (pip install ldap3)", "")
    reasons = []
    for uri in config.server_uris:
        try:
            return _bind(uri, config), reasons
        except DirectoryError:
            raise
        except ldap_exc.LDAPStartTLSError as exc:
            reasons.append(_connection_failure(uri, exc))
        except (ldap_exc.LDAPSocketOpenError, ldap_exc.LDAPSocketReceiveError,
                ldap_exc.LDAPSessionTerminatedByServerError,
                ldap_exc.LDAPSocketSendError) as exc:
            reasons.append(_connection_failure(uri, exc))
        except ldap_exc.LDAPException as exc:
            reasons.append("%s : %s" % (uri, text_reason(str(exc))))
        except (KeyError, IndexError, ValueError, TypeError):  # ldap3 could not decode the answer
            reasons.append("%s (%s) a répondu dans un protocole qui n'est pas LDAP : vérifiez le port"
                           % (uri, endpoint(uri)))
    raise DirectoryError("aucun serveur LDAP de server_uri n'a pu être utilisé : " + " ; ".join(reasons),
                         "server_uri")


def _values(entry, name):
    if not name:
        return []
    values = entry.get(name)
    if values is None:
        lowered = {k.lower(): v for k, v in entry.items()}
        values = lowered.get(name.lower(), [])
    if not isinstance(values, (list, tuple)):
        values = [values]
    return [v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in values]


def to_account(dn, entry, config, today=None):
    """Map one raw entry (attribute -> values) to an Account, problems kept on the record."""
    entry = {name: _values(entry, name) for name in entry}
    amap = config.attributes()
    domains = tuple("@" + d.lower() for d in config.domains)
    mails, problems = _mails(_values(entry, amap["mail"]), amap["mail"])
    if domains:
        mails = [m for m in mails if m.endswith(domains)]
    raw_id = (_values(entry, amap["rpps"]) or [""])[0].strip()
    id_nat_ps, rpps = "", ""
    if raw_id:
        id_nat_ps, rpps, problem = normalize_id_nat_ps(raw_id)
        if problem:
            problems.append("%s : %s" % (amap["rpps"], problem))
    bal_type = (_values(entry, amap["bal_type"]) or [""])[0].strip().upper()
    reason = disabled_reason(entry, today, amap.get("status", ""), config.disabled_values)
    return Account(
        dn=dn, mails=mails, rpps=rpps, id_nat_ps=id_nat_ps,
        name=(_values(entry, amap["name"]) or _values(entry, "cn") or [""])[0],
        service=(_values(entry, amap["service"]) or [""])[0],
        site=(_values(entry, amap["site"]) or [""])[0].strip(),
        status="disabled" if reason else "active", status_reason=reason,
        bal_type=bal_type if bal_type in BAL_TYPES else "", problems=problems)


REJECTED_MAIL = "valeur ignorée, ce n'est pas une adresse de BAL utilisable"


def _mails(values, attribute):
    """(sorted addresses, problems): a value that is no plain address (a line feed would add a
    user to doveadm's list, a '*' widen it) is left out and named on the record."""
    mails, problems = set(), []
    for value in values:
        if not value.strip():
            continue
        problem = address_problem(value)
        if problem:
            problems.append("%s %s : %s (%s)" % (attribute, shown(value), REJECTED_MAIL, problem))
        else:
            mails.add(value.strip().lower())
    return sorted(mails), problems


def rejected_mail_notes(accounts):
    """One warning per LDAP mail value left out, naming the entry (DN) and the attribute."""
    return ["entrée LDAP %s : attribut %s ; corrigez-la dans l'annuaire" % (account.dn, problem)
            for account in accounts for problem in account.problems if REJECTED_MAIL in problem]


def _requested_attributes(config):
    names = {v for v in config.attributes().values() if v}
    names.update(STATUS_ATTRIBUTES)
    names.add("cn")
    return sorted(names)


def _check_result(connection, config, fetched):
    result = connection.result or {}
    if "result" not in result:  # no answer at all: never mistake it for the last page
        raise DirectoryError("le serveur LDAP n'a pas répondu à la recherche après %d entrées "
                             "(connexion perdue ?) : rien n'est renvoyé, relancez quand le serveur "
                             "sera revenu" % fetched, "server_uri")
    code = result["result"]
    if code == RESULT_NO_SUCH_OBJECT:
        raise DirectoryError("la base de recherche dn %s n'existe pas sur le serveur LDAP"
                             % quoted(config.base), "dn")
    if code == RESULT_SIZE_LIMIT:
        raise DirectoryError(
            "le serveur LDAP a arrêté la recherche à sa limite de taille après %d entrées malgré la "
            "pagination (page_size=%d) : baissez page_size ou relevez la limite du serveur ; "
            "l'inventaire serait incomplet, rien n'est renvoyé" % (fetched, config.page_size), "page_size")
    if code not in (0,):
        raise DirectoryError("la recherche LDAP a échoué : %s %s (vérifiez filter et attribute_map)" % (
            result.get("description"), result.get("message") or ""), "filter")


def paged_entries(connection, config, search_filter):
    """Yield (dn, attributes) page by page with the simple paged results control."""
    scope = {"base": ldap3.BASE, "onelevel": ldap3.LEVEL, "subtree": ldap3.SUBTREE}[config.scope]
    cookie, fetched, pages = None, 0, 0
    attributes = _requested_attributes(config)
    while True:
        connection.search(config.base, search_filter, search_scope=scope, attributes=attributes,
                          paged_size=config.page_size, paged_cookie=cookie)
        _check_result(connection, config, fetched)
        pages += 1
        for item in connection.response or []:
            if item.get("type") == "searchResEntry":
                fetched += 1
                yield item["dn"], item.get("raw_attributes") or {}
        if fetched > config.max_entries:
            raise DirectoryError("plus de max_entries=%d comptes correspondent : affinez filter ou "
                                 "relevez max_entries" % config.max_entries, "max_entries")
        controls = (connection.result or {}).get("controls", {})
        new_cookie = controls.get("1.2.840.113556.1.4.319", {}).get("value", {}).get("cookie")
        # a server that keeps answering with the same cookie would loop forever (ldap3#698)
        if not new_cookie or new_cookie == cookie:
            break
        cookie = new_cookie


@dataclass
class DirectoryResult:
    accounts: list
    counts: dict
    failover: list  # servers skipped before one answered, with the reason
    search_filter: str
    notes: list = field(default_factory=list)  # French warnings about a likely wrong setting
    timings: dict = field(default_factory=dict)  # {phase: seconds}: connect, read, summarize


def check_attribute_map(config):
    """FilterError naming attribute_map.<key> for a value that is not an attribute name."""
    for key, name in sorted(config.attributes().items()):
        if name or key == "mail":
            check_attribute(name, "attribute_map.%s" % key)


def setting_notes(accounts, config):
    """Warnings for results that usually mean a wrong dn, filter or attribute_map."""
    amap = config.attributes()
    if not accounts:
        return ["aucun compte avec une adresse trouvé sous dn %s : vérifiez dn, filter, domains et "
                "attribute_map.mail (attribut %s)" % (quoted(config.base), quoted(amap["mail"]))]
    if amap["rpps"] and not any(a.id_nat_ps or a.problems for a in accounts):
        return ["aucun des %d comptes n'a d'attribut %s (attribute_map.rpps) : sans RPPS, l'audit ne "
                "peut pas rapprocher les comptes des professionnels de l'Annuaire Santé"
                % (len(accounts), quoted(amap["rpps"]))]
    return []


def read_accounts(config, today=None):
    """A DirectoryResult for every entry matching the configured filter."""
    check_attribute_map(config)
    timer = PhaseTimer()
    search_filter = build_filter(config.user_filter, config.attributes()["mail"],
                                 config.domains, config.addresses)
    with timer.phase("connect"):  # failover included: a dead first server shows here
        connection, failover_notes = connect(config)
    accounts = []
    try:
        # the pages and their decoding interleave (one page in memory at a time): one phase
        with timer.phase("read"):
            for dn, entry in paged_entries(connection, config, search_filter):
                accounts.append(to_account(dn, entry, config, today))
    except (ldap_exc.LDAPSocketReceiveError, ldap_exc.LDAPSessionTerminatedByServerError,
            ldap_exc.LDAPSocketSendError) as exc:
        raise DirectoryError("connexion LDAP perdue pendant la recherche après %d entrées (%s) : "
                             "rien n'est renvoyé, relancez quand le serveur sera revenu"
                             % (len(accounts), text_reason(str(exc))), "server_uri")
    finally:
        connection.unbind()
    with timer.phase("summarize"):
        result = _result(accounts, failover_notes, search_filter, config)
    result.timings = timer.timings()
    return result


def _result(accounts, failover_notes, search_filter, config):
    accounts.sort(key=lambda a: a.dn.lower())
    counts = {
        "entries": len(accounts),
        "mails": sum(len(a.mails) for a in accounts),
        "active": sum(1 for a in accounts if a.status == "active"),
        "disabled": sum(1 for a in accounts if a.status == "disabled"),
        "with_problems": sum(1 for a in accounts if a.problems),
        "without_mail": sum(1 for a in accounts if not a.mails),
    }
    return DirectoryResult(accounts, counts, failover_notes, search_filter,
                           rejected_mail_notes(accounts) + setting_notes(accounts, config))
