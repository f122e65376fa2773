# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Normalised inputs of the audit: thresholds, establishment identity, keys and dates.

Everything the sources hand over is lenient (dicts or records, mixed case, idNat forms); the
audit compares only normalised keys: lower-cased addresses, 11-digit RPPS, 9-digit FINESS.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.establishment_options import checked_site_names
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import joined, quoted
from ansible_collections.mssante.hygiene.plugins.module_utils.records import (
    Account, Bal, MailboxStats, Situation)

PREFERRED_CHECKS = ("auto", "always", "never")


class AuditInputError(MssanteError, ValueError):
    """An input the audit cannot use; the message names the parameter or the record."""


@dataclass
class Thresholds:
    inactivity_days: int = 60  # national auto-dépublication delay
    inactivity_warning_days: int = 45  # from here the owner is warned (inactive_soon)
    deletion_after_days: int = 180  # counted from the last activity, like inactivity_days
    trash_max_age_days: int = 30
    quota_warning_ratio: float = 0.9
    preferred_check: str = "auto"  # auto: only when the Annuaire source carries rank at all
    documents_pending_days: int = 30  # a patient document waiting longer is reported

    @classmethod
    def from_dict(cls, data):
        values = {k: v for k, v in (data or {}).items() if v is not None}
        unknown = sorted(set(values) - set(cls.__dataclass_fields__))
        if unknown:
            raise AuditInputError("thresholds : clé(s) inconnue(s) %s ; clés possibles : %s"
                                  % (joined(unknown), joined(cls.__dataclass_fields__)))
        thresholds = cls(**values)
        thresholds.validate()
        return thresholds

    def validate(self):
        for name in ("inactivity_days", "inactivity_warning_days", "deletion_after_days", "trash_max_age_days",
                     "documents_pending_days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise AuditInputError("%s doit être un nombre de jours positif, reçu %s" % (name, quoted(value)))
        if self.inactivity_warning_days >= self.inactivity_days:
            raise AuditInputError(
                "inactivity_warning_days (%d) doit être plus court que inactivity_days (%d) : le titulaire est "
                "prévenu avant que sa BAL n'atteigne le seuil d'inactivité"
                % (self.inactivity_warning_days, self.inactivity_days))
        if self.deletion_after_days < self.inactivity_days:
            raise AuditInputError(
                "deletion_after_days (%d) ne doit pas être plus court que inactivity_days (%d) : une BAL "
                "n'est proposée à la suppression qu'après avoir été dépubliée pour inactivité"
                % (self.deletion_after_days, self.inactivity_days))
        if not 0 < float(self.quota_warning_ratio) <= 1:
            raise AuditInputError("quota_warning_ratio doit être compris dans ]0, 1] (part du quota), reçu %s"
                                  % quoted(self.quota_warning_ratio))
        if self.preferred_check not in PREFERRED_CHECKS:
            raise AuditInputError("preferred_check doit valoir %s, reçu %s"
                                  % (joined(PREFERRED_CHECKS), quoted(self.preferred_check)))


@dataclass
class MeasuredMailbox(MailboxStats):
    """A mailbox's statistics as the audit reads them: mailstore_info adds the patient documents
    when its patient_documents option is given."""

    patient_documents: dict = None  # {total, integrated, pending, oldest_pending}; None: not measured


@dataclass
class Identity:
    """Who "we" are: only BALs on our domains are ours; our structures are the EJ and its EGs."""

    name: str = ""
    finess_ej: str = ""
    finess_eg: list = field(default_factory=list)
    siret: str = ""
    domains: list = field(default_factory=list)
    site_names: dict = field(default_factory=dict)  # FINESS EG -> name of the site

    @classmethod
    def from_dict(cls, data, domains=None):
        data = dict(data or {})
        eg = data.get("finess_eg") or []
        if isinstance(eg, str):
            eg = [eg]
        doms = domains if domains is not None else data.get("domains") or []
        if isinstance(doms, str):
            doms = [doms]
        finess_eg = sorted({finess_key(x) for x in eg if x})
        return cls(name=str(data.get("name") or ""), finess_ej=finess_key(data.get("finess_ej")),
                   finess_eg=finess_eg, siret=str(data.get("siret") or ""),
                   domains=sorted({d.strip().lower().lstrip("@") for d in doms if d and d.strip()}),
                   site_names=checked_site_names(data.get("site_names"), finess_eg))

    @property
    def structures(self):
        return {x for x in [self.finess_ej] + list(self.finess_eg) if x}

    def owns(self, address):
        """True when the address is on one of our domains (every address when none is declared)."""
        if not self.domains:
            return True
        return address.rpartition("@")[2] in self.domains

    def as_dict(self):
        return {"name": self.name, "finess_ej": self.finess_ej, "finess_eg": list(self.finess_eg),
                "siret": self.siret, "domains": list(self.domains), "site_names": dict(self.site_names)}


def address_key(value):
    return (value or "").strip().lower()


def rpps_key(value):
    """11-digit RPPS; an idNat_PS "8" + RPPS is reduced to the RPPS."""
    value = (value or "").strip()
    if len(value) == 12 and value.startswith("8") and value.isdigit():
        return value[1:]
    return value


def finess_key(value):
    """9-character FINESS; an idNat_Struct "1" + FINESS is reduced to the FINESS."""
    value = str(value or "").strip()
    if len(value) == 10 and value.startswith("1"):
        return value[1:]
    return value


def parse_time(value):
    """An aware UTC datetime from an ISO 8601 string (or a datetime); None when empty or unreadable."""
    if isinstance(value, dt.datetime):
        moment = value
    elif not value:
        return None
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def age_days(value, now):
    """Whole days between `value` and `now` (never negative: clocks drift); None when unknown."""
    moment = parse_time(value)
    if moment is None:
        return None
    return max(0, int((now - moment).total_seconds() // 86400))


def as_records(items, record, parameter):
    """Records from a list of records or dicts; the error names the parameter and the position."""
    records = []
    for index, item in enumerate(items or []):
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            item = dataclasses.asdict(item)  # a copy: normalising must not change the caller's records
        if not isinstance(item, dict):
            raise AuditInputError("%s[%d] : dictionnaire attendu, reçu %s" % (parameter, index, _kind(item)))
        missing = [name for name in _required(record) if name not in item]
        if missing:
            raise AuditInputError("%s[%d] : champ(s) obligatoire(s) absent(s) : %s" % (parameter, index, joined(missing)))
        records.append(record.from_dict(item))
    return records


def _kind(value):
    """A value as the person wrote it when it is short and plain, else its type."""
    if isinstance(value, (str, int, float)):
        return quoted(value)
    return "une valeur de type %s" % type(value).__name__


def _required(record):
    """Fields of a record class that have no default."""
    return [f.name for f in dataclasses.fields(record)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]


def situations_from_practitioners(practitioners):
    """Flatten annuaire_info `practitioners` into Situation dicts.

    Accepts practitioner dicts carrying `situations` (dicts, or bare idSituationExercice strings
    that say nothing about activity and are skipped) as well as Situation-shaped dicts.
    """
    flat = []
    for item in practitioners or []:
        if not isinstance(item, dict):
            continue
        if "situations" not in item and "id" in item:
            flat.append(item)
            continue
        for situation in item.get("situations") or []:
            if isinstance(situation, dict):
                entry = dict(situation)
                entry.setdefault("rpps", item.get("rpps", ""))
                flat.append(entry)
    return flat


def _as_list(value):
    """A list from a list, a single string or nothing (Jinja2 may hand over a lone string)."""
    if value is None or value == "":
        return []
    return [value] if isinstance(value, str) else list(value)


_COUNTERS = ("messages", "bytes", "unseen", "quota_used_bytes", "quota_limit_bytes", "trash_messages",
             "trash_bytes")


def _counters(stats, index):
    for name in _COUNTERS:
        value = getattr(stats, name)
        try:
            setattr(stats, name, int(-1 if value is None and name.startswith("quota") else value or 0))
        except (TypeError, ValueError):
            raise AuditInputError("mailboxes[%d] (%s) : %s n'est pas un nombre : %s"
                                  % (index, stats.mailbox, name, quoted(value)))


_DOCUMENT_COUNTS = ("total", "integrated", "pending")


def _patient_documents(stats, index):
    """{total, integrated, pending, oldest_pending} checked, or None when the platform did not measure."""
    measured = stats.patient_documents
    if measured is None:
        return
    where = "mailboxes[%d] (%s) : patient_documents" % (index, stats.mailbox)
    if not isinstance(measured, dict):
        raise AuditInputError("%s : dictionnaire attendu (total, integrated, pending, oldest_pending), reçu %s"
                              % (where, _kind(measured)))
    counts = {}
    for name in _DOCUMENT_COUNTS:
        value = measured.get(name, 0)
        try:
            counts[name] = int(value or 0)
        except (TypeError, ValueError):
            counts[name] = -1
        if isinstance(value, bool) or counts[name] < 0:
            raise AuditInputError("%s.%s : nombre positif ou nul attendu, reçu %s" % (where, name, _kind(value)))
    oldest = measured.get("oldest_pending") or None
    if oldest is not None and parse_time(oldest) is None:
        raise AuditInputError("%s.oldest_pending : date AAAA-MM-JJ attendue, reçu %s" % (where, _kind(oldest)))
    stats.patient_documents = dict(counts, oldest_pending=oldest)


def normalise_sources(accounts, bals, situations, mailboxes):
    """The four sources as records with normalised keys."""
    accounts = as_records(accounts, Account, "accounts")
    for account in accounts:
        account.mails = sorted({address_key(m) for m in _as_list(account.mails) if m})
        account.rpps = rpps_key(account.rpps or account.id_nat_ps)
    bals = as_records(bals, Bal, "bals")
    for bal in bals:
        bal.address = address_key(bal.address)
        bal.rpps = rpps_key(bal.rpps)
        bal.type = (bal.type or "").upper()
        bal.structures = sorted({finess_key(s) for s in _as_list(bal.structures) if s})
        bal.carrier = sorted(set(_as_list(bal.carrier)))  # sources may list carriers in any order
        bal.situations = sorted({s for s in _as_list(bal.situations) if s})
    situations = as_records(situations, Situation, "situations")
    for situation in situations:
        situation.rpps = rpps_key(situation.rpps)
        situation.structure = finess_key(situation.structure)
    mailboxes = as_records(mailboxes, MeasuredMailbox, "mailboxes")
    for index, stats in enumerate(mailboxes):
        stats.mailbox = address_key(stats.mailbox)
        _counters(stats, index)
        _patient_documents(stats, index)
    return accounts, bals, situations, mailboxes


def normalise_connections(connections, identity):
    """{address key: last connection ("" never connected)} of connection_file_info's `connections`.

    An address listed twice keeps its newest date; an unreadable date is refused (the module
    only returns ISO 8601), naming the entry.
    """
    found = {}
    for index, item in enumerate(connections or []):
        if not isinstance(item, dict) or not address_key(item.get("address")):
            raise AuditInputError("connections[%d] : dictionnaire avec une adresse (address) attendu, reçu %s"
                                  % (index, _kind(item)))
        when = str(item.get("last_activity") or "")
        if when and parse_time(when) is None:
            raise AuditInputError("connections[%d] (%s) : last_activity n'est pas une date ISO 8601 : %s"
                                  % (index, address_key(item["address"]), quoted(when)))
        address = address_key(item["address"])
        if "@" not in address and len(identity.domains) == 1:
            address = "%s@%s" % (address, identity.domains[0])
        previous = found.get(address, "")
        found[address] = when if not previous or (when and parse_time(when) > parse_time(previous)) else previous
    return found
