# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Join the three sources on the lower-cased address: one `Row` per BAL of our domains.

A row says what each source knows about one address (directory account, Annuaire record,
platform statistics); the rules only read rows and the shared `Context`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.activity import best_activity, row_evidence
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.inputs import age_days
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.site import site_of

PERSONAL_TYPES = ("PER", "CAB")


@dataclass
class Row:
    address: str
    account: object = None  # Account owning the address (None: no directory entry)
    owner_via: str = ""  # mail (the account lists the address) | rpps (same RPPS as the BAL)
    claimed_by: list = field(default_factory=list)  # DNs of every account listing the address
    bal: object = None  # Bal as published (None: absent from the Annuaire input)
    stats: object = None  # MeasuredMailbox (None: no such mailbox on the platform)
    type: str = ""
    rpps: str = ""
    service: str = ""
    site: str = ""  # FINESS EG, "" when unknown
    site_source: str = ""  # annuaire | directory | establishment | ""
    listed: bool = False  # in the operator's connection file
    last_activity: str = ""  # ISO 8601 of the evidence trusted (activity.py), "" when unknown
    activity_source: str = ""  # last_login | connection_file | sent_folder | unknown; "" nothing measured
    activity_days: int = None  # None: last activity unknown
    notes: list = field(default_factory=list)  # French remarks for the inventory

    @property
    def on_platform(self):
        return self.stats is not None

    @property
    def in_annuaire(self):
        return self.bal is not None

    @property
    def published(self):
        return self.bal is not None and not self.bal.liste_rouge

    @property
    def personal(self):
        return self.type in PERSONAL_TYPES

    def situation_keys(self):
        """Distinct situations d'exercice of a published BAL.

        Situation ids when the source gives them; otherwise (extraction file) the structures of a
        PractitionerRole publication stand for them. Practitioner + PractitionerRole for the same
        situation count once: publishing on both carriers is not a second situation.
        """
        if self.bal is None:
            return []
        if self.bal.situations:
            return sorted(set(self.bal.situations))
        if "PractitionerRole" in (self.bal.carrier or []):
            return sorted(set(self.bal.structures))
        return []


@dataclass
class Context:
    now: object
    thresholds: object
    identity: object
    platform_known: bool = True  # False: no mailbox statistics at all, platform checks skipped
    connections: dict = field(default_factory=dict)  # address -> last connection of the operator's file
    unreachable: set = field(default_factory=set)  # mailboxes the platform could not read
    absent: dict = field(default_factory=dict)  # address -> why the platform says it has no such BAL
    preferred_known: bool = True
    situations_by_rpps: dict = field(default_factory=dict)
    accounts_by_rpps: dict = field(default_factory=dict)
    rows_by_rpps: dict = field(default_factory=dict)  # our personal rows per professional
    external_bals_by_rpps: dict = field(default_factory=dict)  # their BALs on other domains

    def seen(self, row):
        """The platform has the mailbox: measured there, or listed by the operator's connection file
        when the platform was not read (a platform read wins: the file may list a deleted BAL)."""
        return row.on_platform or (row.listed and not self.platform_known)

    def exists(self, row):
        """The mailbox is real: seen, or published when the platform was not read."""
        if self.seen(row):
            return True
        return row.published and (not self.platform_known or row.address in self.unreachable)

    def inactive(self, row):
        return row.activity_days is not None and row.activity_days >= self.thresholds.inactivity_days


def _group(items, key):
    groups = {}
    for item in items:
        value = key(item)
        if value:
            groups.setdefault(value, []).append(item)
    return groups


def _active_first(accounts):
    return sorted(accounts, key=lambda a: (a.status != "active", a.dn))


def _qualify(login, identity):
    """A login without domain is an address on our only domain (platforms often log in by uid)."""
    if "@" not in login and len(identity.domains) == 1:
        return "%s@%s" % (login, identity.domains[0])
    return login


def _resolve_owner(row, claiming, ctx):
    if claiming:
        row.account, row.owner_via = claiming[0], "mail"
        if len(claiming) > 1:
            row.notes.append("Plusieurs comptes de l'annuaire local portent cette adresse : %s."
                             % ", ".join(row.claimed_by))
    elif row.bal is not None and row.bal.rpps in ctx.accounts_by_rpps:
        row.account, row.owner_via = _active_first(ctx.accounts_by_rpps[row.bal.rpps])[0], "rpps"
        row.notes.append("Adresse absente de l'attribut mail du compte %s (rattaché par le RPPS)."
                         % row.account.dn)


def _describe(row, ctx):
    account, bal, stats = row.account, row.bal, row.stats
    row.rpps = (bal.rpps if bal is not None else "") or (account.rpps if account is not None else "")
    if bal is not None and account is not None and bal.rpps and account.rpps and bal.rpps != account.rpps:
        row.notes.append("RPPS différent entre l'annuaire local (%s) et l'Annuaire Santé (%s)."
                         % (account.rpps, bal.rpps))
    row.type = ((bal.type if bal is not None else "") or (account.bal_type if account is not None else "")
                or ("PER" if row.rpps else "")).upper()
    row.service = (account.service if account is not None else "") or (bal.service if bal is not None else "")
    row.site, row.site_source, notes = site_of(row, ctx.identity)
    row.notes.extend(notes)
    if stats is not None or row.listed:
        row.last_activity, row.activity_source = best_activity(
            row_evidence(stats, ctx.connections.get(row.address)), ctx.now)
        row.activity_days = age_days(row.last_activity, ctx.now)
    if ctx.seen(row):
        if row.activity_days is None and row.type in ("APP", "ORG"):
            row.notes.append("BAL %s sans connexion interactive connue (usage par un logiciel ou une "
                             "équipe possible) : activité inconnue, non considérée inactive." % row.type)
        elif row.activity_days is None:
            row.notes.append("Aucune connexion connue : activité inconnue, non considérée inactive "
                             "(vérifier si la BAL sert).")
    elif ctx.connections and not ctx.platform_known and ctx.exists(row):
        row.notes.append("Absente du fichier des connexions de l'opérateur : activité non mesurée, "
                         "non considérée inactive.")
    elif account is not None and account.status == "active" and bal is None:
        if ctx.platform_known:
            row.notes.append("Adresse présente dans l'annuaire local mais absente de la plateforme "
                             "et de l'Annuaire Santé.")
        else:  # never a guess: the platform was not read
            row.notes.append("Adresse présente dans l'annuaire local mais absente de l'Annuaire Santé%s "
                             "(plateforme non lue)." % (" et du fichier des connexions" if ctx.connections else ""))


def build_rows(accounts, bals, mailboxes, ctx):
    """Rows for every address of our domains seen by at least one source, sorted by address."""
    ctx.accounts_by_rpps = _group(accounts, lambda a: a.rpps)
    claims = {}
    for account in accounts:
        for mail in account.mails:
            claims.setdefault(mail, []).append(account)
    by_bal = {bal.address: bal for bal in bals}
    by_stats = {}
    for stats in mailboxes:
        stats.mailbox = _qualify(stats.mailbox, ctx.identity)
        by_stats[stats.mailbox] = stats
    everything = set(claims) | set(by_bal) | set(by_stats) | set(ctx.connections)
    rows, out_of_scope = [], 0
    for address in sorted(everything):
        if not ctx.identity.owns(address):
            out_of_scope += 1
            continue
        claiming = _active_first(claims.get(address, []))
        row = Row(address=address, bal=by_bal.get(address), stats=by_stats.get(address),
                  claimed_by=[a.dn for a in claiming], listed=address in ctx.connections)
        if row.bal is None and not ctx.seen(row) and not any(a.status == "active" for a in claiming):
            continue  # leftover mail attribute of a disabled account: nothing left to clean
        _resolve_owner(row, claiming, ctx)
        _describe(row, ctx)
        rows.append(row)
    ctx.rows_by_rpps = _group([r for r in rows if r.personal], lambda r: r.rpps)
    ctx.external_bals_by_rpps = _group([b for b in bals if not ctx.identity.owns(b.address)],
                                       lambda b: b.rpps)
    return rows, out_of_scope
