# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Records exchanged between the sources, the audit and the actions.

Private to this collection. Modules pass these records to each other through Ansible
variables, so each one converts to and from plain dicts (`as_dict` / `from_dict`); the dict
keys are the documented return values of the modules and must stay stable.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

BAL_TYPES = ("PER", "ORG", "APP", "CAB")


class _Record:
    """dict round-trip shared by every record."""

    def as_dict(self):
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data):
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in names})


@dataclass
class Account(_Record):
    """An establishment directory (LDAP) entry that owns one or more BALs."""

    dn: str
    mails: list = field(default_factory=list)  # lower-cased addresses
    rpps: str = ""  # 11-digit RPPS when known (derived from an idNat_PS "8..." too)
    id_nat_ps: str = ""  # as read, when the directory holds an idNat_PS
    name: str = ""
    service: str = ""
    site: str = ""  # FINESS EG of the account's site, as the directory says ("" when not mapped)
    status: str = "active"  # active | disabled
    status_reason: str = ""  # which marker disabled it (e.g. "shadowExpire")
    bal_type: str = ""  # PER | ORG | APP | CAB hint from the directory, "" when unknown
    problems: list = field(default_factory=list)  # e.g. invalid RPPS, kept on the record


@dataclass
class Situation(_Record):
    """A situation d'exercice (PractitionerRole) of a professional at a structure."""

    id: str  # idSituationExercice
    rpps: str = ""
    structure: str = ""  # FINESS (EG or EJ) of the organization
    active: bool = True


@dataclass
class Bal(_Record):
    """A BAL as the Annuaire Santé publishes it (one record per lower-cased address)."""

    address: str
    type: str = ""  # PER | ORG | APP | CAB
    carrier: list = field(default_factory=list)  # carriers seen: Practitioner, PractitionerRole, Organization
    rpps: str = ""  # holder RPPS for PER/CAB
    situations: list = field(default_factory=list)  # idSituationExercice values
    structures: list = field(default_factory=list)  # FINESS of the attached structures
    service: str = ""
    description: str = ""
    preferred: bool = False  # rank == 1 somewhere
    liste_rouge: bool = False


@dataclass
class MailboxStats(_Record):
    """How a mailbox is really used, as the mail platform reports it."""

    mailbox: str  # login name (usually the address)
    last_activity: str = ""  # ISO 8601 UTC, "" when unknown
    last_activity_source: str = "unknown"  # last_login | sent_folder | unknown
    messages: int = 0
    bytes: int = 0
    unseen: int = 0
    quota_used_bytes: int = -1  # -1 when the server has no quota
    quota_limit_bytes: int = -1
    trash_messages: int = 0
    trash_bytes: int = 0
    trash_oldest: str = ""  # ISO 8601 saved (or received) date of the oldest Trash message
    folders: list = field(default_factory=list)  # [{name, special_use, messages, bytes, unseen, oldest, newest}]


@dataclass
class Finding(_Record):
    """One thing the audit says about one BAL."""

    address: str
    code: str
    severity: str  # info | warning | critical
    action: str  # liste_rouge | suppression | purge | transfer | publish | choose_preferred | fix_directory | review
    detail: str  # French sentence for the report
    evidence: dict = field(default_factory=dict)  # which source said what (dates, ids)


@dataclass
class Request(_Record):
    """A BAL's liste rouge or deletion request, as tracked by the ledger."""

    address: str
    kind: str  # liste_rouge | suppression
    state: str = "pending"  # pending | confirmed | withdrawn
    reason: str = ""  # the finding code that caused it
    operator: str = ""
    history: list = field(default_factory=list)  # [{state, at, run_id}]
    operator_contact: str = ""  # support address of the operator, when known
    detail: str = ""  # French sentence of the finding, shown to the operator
    bal: dict = field(default_factory=dict)  # type, rpps, name, structures, situations, carriers
