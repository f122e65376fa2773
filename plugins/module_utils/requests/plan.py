# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The request plan: which BALs to add to a request, and which pending requests to close.

Pure: takes the ledger, the BALs asked for now and what the sources observe, returns a new
ledger and the lists of changes, without writing anything (check mode reports the same plan).

A pending request is *confirmed* when the sources show the operator did it (liste rouge: the
Annuaire no longer publishes the address, whatever the reason, which it does not tell;
suppression: the mailbox is gone from the platform and from the Annuaire), and *withdrawn*
when the BAL is in use again (or its owner came back). Confirmation wins over withdrawal: a
red-listed BAL still works, so its owner may use it without undoing the request.

Absence proves something only when the read was complete: an Annuaire answer that said
"nothing" by mistake would confirm every pending liste rouge and make every local BAL look
unpublished. So the ledger changes (added, confirmed, withdrawn) only on an Annuaire read the
caller proved complete (annuaire_complete, from annuaire_info); otherwise everything pending
stays pending, no BAL is added, and a French warning says why.

A BAL whose owner has not been told long enough ago (notice_delay.py) is held, not added.
"""

from __future__ import annotations

import copy

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import action_label, code_label
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_count
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import joined, quoted
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.ledger import KINDS, key
from ansible_collections.mssante.hygiene.plugins.module_utils.records import Request


KIND_LABELS = {"liste_rouge": "Liste rouge", "suppression": "Suppression"}


class PlanInputError(MssanteError, ValueError):
    """A BAL or an observation given to the plan is unusable; the message names it."""


def _address(value):
    return str(value or "").strip().lower()


def _addresses(items, *names):
    """Set of lower-cased addresses from strings or dicts (first key of `names` present)."""
    if items is None:
        return None
    found = set()
    for item in items:
        if isinstance(item, dict):
            value = next((item[n] for n in names if item.get(n)), "")
        else:
            value = item
        if _address(value):
            found.add(_address(value))
    return found


class Observations:
    """What the sources say now. None means the source was not read: nothing is concluded."""

    def __init__(self, published=None, mailboxes=None, active=None, annuaire_complete=False,
                 absent=None, listed_all=False):
        # A BAL flagged liste rouge is not published, even if a source lists it.
        if published is not None:
            published = [p for p in published if not (isinstance(p, dict) and p.get("liste_rouge"))]
        self.published = _addresses(published, "address")
        self.mailboxes = _addresses(mailboxes, "mailbox", "address")
        self.active = _addresses(active, "address", "mailbox") or set()
        self.annuaire_complete = annuaire_complete is True
        # evidence that a mailbox is gone: the platform refused or did not know that login, or
        # listed all its mailboxes without it; a mailbox it was not asked about proves nothing
        self.absent = _addresses(absent, "mailbox", "address")
        self.listed_all = listed_all is True

    def untrusted(self):
        """Why nothing may be concluded from these observations (French), or None."""
        if self.published is None:
            return "l'Annuaire Santé n'a pas été lu (observations.published absent)"
        if not self.annuaire_complete:
            return ("la lecture de l'Annuaire Santé n'est pas prouvée complète "
                    "(observations.annuaire_complete n'est pas vrai)")
        return None

    def done(self, kind, address):
        """True when the sources show the request was carried out."""
        if self.untrusted() or address in self.published:
            return False
        if kind == "liste_rouge":
            return True
        if self.absent is None:  # a caller that gives no absence evidence: not in mailboxes = gone
            return self.mailboxes is not None and address not in self.mailboxes
        if address in self.absent:
            return True
        return self.listed_all and self.mailboxes is not None and address not in self.mailboxes

    def confirmation_note(self, kind):
        if kind == "liste_rouge":
            return "adresse absente de l'Annuaire Santé"
        return "BAL absente de la plateforme et de l'Annuaire Santé"


def _listed(value):
    if value in (None, ""):
        return []
    return [str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if str(v)]


def bal_from_input(item, kind):
    """A BAL dict (address, type, rpps, name, structures, ...) from a bal_audit finding or a plain dict.

    Returns (bal, None) or (None, reason it is not for this kind).
    """
    if not isinstance(item, dict) or not _address(item.get("address")):
        raise PlanInputError("bals : entrée sans adresse (%s)" % (
            "clés : %s" % joined(sorted(item)) if isinstance(item, dict) else "valeur %s" % quoted(item)))
    address = _address(item["address"])
    action = item.get("action")
    if action and action != kind:
        return None, "action recommandée %s, pas %s" % (quoted(action_label(action)), quoted(action_label(kind)))
    evidence = item.get("evidence") if isinstance(item.get("evidence"), dict) else {}
    annuaire = evidence.get("annuaire") if isinstance(evidence.get("annuaire"), dict) else {}
    directory = evidence.get("directory") if isinstance(evidence.get("directory"), dict) else {}
    bal = {
        "address": address,
        "type": str(item.get("type") or annuaire.get("type") or "").upper(),
        "rpps": str(item.get("rpps") or annuaire.get("rpps") or directory.get("rpps") or ""),
        "name": str(item.get("name") or ""),
        "service": str(item.get("service") or ""),
        "structures": _listed(item.get("structures") or item.get("structure") or annuaire.get("structures")),
        "situations": _listed(item.get("situations") or item.get("situation") or annuaire.get("situations")),
        "carriers": _listed(item.get("carriers") or item.get("carrier") or annuaire.get("carriers")),
        "reason": str(item.get("reason") or item.get("code") or ""),
        "detail": str(item.get("detail") or ""),
        "evidence": evidence,
        "operator": str(item.get("operator") or ""),
        "operator_contact": str(item.get("operator_contact") or ""),
    }
    return bal, None


def enrich_from_accounts(bal, accounts):
    """Fill the holder's name, RPPS and service from directory_info accounts (by mail)."""
    for account in accounts or ():
        if isinstance(account, dict) and bal["address"] in [_address(m) for m in account.get("mails") or ()]:
            bal["name"] = bal["name"] or str(account.get("name") or "")
            bal["rpps"] = bal["rpps"] or str(account.get("rpps") or "")
            bal["service"] = bal["service"] or str(account.get("service") or "")
            return bal
    return bal


def _step(record, state, now, run_id, note):
    record.state = state
    record.history.append({"state": state, "at": now, "run_id": run_id, "note": note})


def _new_request(bal, kind):
    details = {k: bal[k] for k in ("type", "rpps", "name", "service", "structures", "situations",
                                   "carriers", "evidence")}
    return Request(address=bal["address"], kind=kind, reason=bal["reason"], operator=bal["operator"],
                   operator_contact=bal["operator_contact"], detail=bal["detail"], bal=details)


def plan(ledger, kind, bals, observations, now, run_id, hold=None):
    """Compute the new ledger and the changes; never writes. `bals` are dicts from bal_from_input.

    `hold(address)` (notice_delay.notice_hold) returns the entry of a BAL whose owner's notice is
    not old enough yet, or None; such a BAL is listed in `held` instead of being added. Pending
    requests and their confirmation or withdrawal never wait.
    """
    if kind not in KINDS:
        raise PlanInputError("kind doit valoir %s, reçu %s" % (joined(KINDS), quoted(kind)))
    new = copy.deepcopy(ledger)
    requests = new["requests"]
    result = {"added": [], "confirmed": [], "withdrawn": [], "skipped": [], "held": [], "changes": [],
              "warnings": []}

    def change(record, what):
        result[what].append(record.address)
        result["changes"].append({"address": record.address, "kind": kind, "operator": record.operator,
                                  "change": what})

    untrusted = observations.untrusted()
    if untrusted:
        return _held_back(new, kind, bals, untrusted, result)

    for name in sorted(requests):
        record = requests[name]
        if record.kind != kind or record.state != "pending":
            continue
        if observations.done(kind, record.address):
            _step(record, "confirmed", now, run_id, observations.confirmation_note(kind))
            change(record, "confirmed")
        elif record.address in observations.active:
            _step(record, "withdrawn", now, run_id, "BAL de nouveau utilisée (ou titulaire revenu)")
            change(record, "withdrawn")

    wanted = {}
    for bal in bals:
        wanted.setdefault(bal["address"], bal)
    for address in sorted(wanted):
        bal = wanted[address]
        record = requests.get(key(kind, address))
        if record is not None and record.state == "pending":
            continue  # never requested twice
        if observations.done(kind, address):
            result["skipped"].append({"address": address, "reason": "déjà fait : "
                                      + observations.confirmation_note(kind)})
            continue
        if address in observations.active:
            result["skipped"].append({"address": address, "reason": "BAL utilisée selon les observations"})
            continue
        held = hold(address) if hold else None
        if held:
            result["held"].append(held)
            continue
        if not bal["operator"]:
            raise PlanInputError("bals : aucun opérateur pour %s (renseignez operator.name, ou donnez une "
                                 "liste_blanche qui liste son domaine)" % address)
        fresh = _new_request(bal, kind)
        if record is not None:  # a new cycle after a confirmation or a withdrawal keeps the story
            fresh.history = list(record.history)
        _step(fresh, "pending", now, run_id, "demande ajoutée (%s)"
              % (code_label(bal["reason"]) if bal["reason"] else action_label(kind)))
        requests[key(kind, address)] = fresh
        change(fresh, "added")

    return _finish(new, kind, result)


def _finish(new, kind, result):
    result["pending"] = sorted(r.address for r in new["requests"].values() if r.kind == kind and r.state == "pending")
    result["ledger"] = new
    return result


def _held_back(new, kind, bals, why, result):
    """The ledger as it is: nothing added, confirmed or withdrawn, and a warning that says why."""
    addresses = sorted({bal["address"] for bal in bals})
    result["skipped"] = [{"address": a, "reason": "non demandée : %s" % why} for a in addresses]
    result = _finish(new, kind, result)
    if result["pending"] or addresses:
        result["warnings"].append(
            "%s : aucune demande ajoutée, confirmée ni retirée, car %s ; %s, %s. Relancez quand l'Annuaire "
            "Santé a été lu en entier." % (
                KIND_LABELS[kind], why,
                fr_count(len(result["pending"]), "demande en attente la reste", "demandes en attente le restent"),
                fr_count(len(addresses), "BAL non demandée", "BAL non demandées")))
    return result
