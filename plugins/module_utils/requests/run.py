# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One operator_request run: lock, plan, ledger, request files, optional sending.

Order matters for crashes: the ledger is saved first, then the files (rendered from the ledger
alone, so a rerun after a crash rewrites whatever is missing), then the mails; a mail's CSV
digest is recorded in the ledger only once the server accepted it, so a failed send is retried
by the next run and a successful one is never repeated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.listeblanche import (
    operator_of, read_liste_blanche)
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.source import SourceError
from ansible_collections.mssante.hygiene.plugins.module_utils.files import make_private_dirs
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_error
from ansible_collections.mssante.hygiene.plugins.module_utils.requests import ledger as ledger_mod
from ansible_collections.mssante.hygiene.plugins.module_utils.options import options_from
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.plan import (
    Observations, bal_from_input, enrich_from_accounts, plan)
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.argspec import argument_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.files import build, sync
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.notice_delay import held_summary, notice_hold
from ansible_collections.mssante.hygiene.plugins.module_utils.smtp import build_message, send
from ansible_collections.mssante.hygiene.plugins.module_utils.state_lock import StateLock
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import client_context


class RequestRunError(MssanteError):
    """A parameter or a record makes the run impossible; the message names it."""


def resolve_operators(bals, operator, liste_blanche, ssl_context, timeout):
    """Set each BAL's operator from the liste blanche (per domain), else from `operator`."""
    domains = {}
    if liste_blanche:
        try:
            domains = read_liste_blanche(liste_blanche, ssl_context=ssl_context, timeout=timeout)
        except (SourceError, ValueError) as exc:  # their messages start with "liste_blanche :"
            raise RequestRunError(str(exc))
        except OSError as exc:
            raise RequestRunError("liste_blanche : lecture impossible : %s" % os_error(exc, liste_blanche))
    for bal in bals:
        entry = operator_of(domains, bal["address"]) if domains else None
        if entry and (entry.get("operator") or entry.get("description")):
            bal["operator"] = entry.get("operator") or entry.get("description")
            bal["operator_contact"] = entry.get("support_contact") or entry.get("responsible_contact") or ""
        elif operator.get("name"):
            bal["operator"] = operator["name"]
            bal["operator_contact"] = operator.get("contact") or ""
        else:
            raise RequestRunError("operator : aucun opérateur connu pour %s : renseignez operator.name "
                                  "(mssante_operator.name), ou donnez une liste_blanche qui liste son domaine"
                                  % bal["address"])
    return bals


def _diff_lines(ledger, kind, held=()):
    lines = ["[%s] %s: %s\n" % (kind, r.operator, r.address)
             for _k, r in sorted(ledger["requests"].items()) if r.kind == kind and r.state == "pending"]
    return "".join(lines + ["[%s] en attente du préavis : %s (%s)\n" % (kind, h["address"], h["reason"])
                            for h in held])


def _mails(summary, files, smtp, ledger):
    """The (operator, kind) requests whose CSV was never sent as it is now."""
    wanted = []
    for item in summary:
        csv_bytes = files[item["dir"] + "/demande.csv"]
        digest = hashlib.sha256(csv_bytes).hexdigest()
        sent_key = "%s/%s" % (item["dir"], "demande.csv")
        if ledger.get("sent", {}).get(sent_key) == digest:
            continue
        recipients = list(smtp.get("to") or []) or ([item["contact"]] if item["contact"] else [])
        if not recipients:
            raise RequestRunError("smtp.to : aucun destinataire pour la demande à %s (l'opérateur n'a pas "
                                  "de contact) : renseignez smtp.to ou operator.contact" % item["operator"])
        wanted.append(dict(item, recipients=recipients, digest=digest, sent_key=sent_key, csv=csv_bytes))
    return wanted


def _send_all(mails, smtp, params, ledger, context):
    sent = []
    for mail in mails:
        message = build_message(smtp["sender"], mail["recipients"], mail["subject"], mail["body"],
                                [("demande.csv", mail["csv"], "text/csv")], cc=smtp.get("cc") or ())
        send(smtp, message, context, params["timeout"])
        ledger.setdefault("sent", {})[mail["sent_key"]] = mail["digest"]
        sent.append({"operator": mail["operator"], "kind": mail["kind"], "to": mail["recipients"],
                     "bals": mail["pending"] + mail["cancelled"]})
    return sent


def _context(params, ssl_context):
    """The module's client context (module_tls), or one built here for direct callers; None without TLS use."""
    if ssl_context is None and (params["liste_blanche"] or params["smtp"]):
        return client_context(params["validate_certs"], params["ca_path"])
    return ssl_context


def run(params, check_mode=False, want_diff=False, now=None, ssl_context=None):
    """operator_request's result from its options (see request_argspec)."""
    params = options_from(argument_spec(), params)
    kind, state_dir = params["kind"], params["state_dir"]
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    run_id = params["run_id"] or "%s-%s" % (now.strftime("%Y%m%dT%H%M%SZ"), uuid.uuid4().hex[:8])
    observations = params["observations"] or {}
    bals, skipped = [], []
    for item in params["bals"] or []:
        bal, why = bal_from_input(item, kind)
        if bal is None:
            skipped.append({"address": str(item.get("address", "")).lower(), "reason": why})
        else:
            bals.append(enrich_from_accounts(bal, observations.get("accounts")))
    context = _context(params, ssl_context)
    resolve_operators(bals, params["operator"] or {}, params["liste_blanche"], context, params["timeout"])
    # read before anything is written: a corrupt notice ledger stops the run with nothing changed
    hold = notice_hold(state_dir, kind, params["notice_delay_days"], now)

    path = os.path.join(state_dir, ledger_mod.LEDGER_NAME)
    lock = None
    if not check_mode:
        make_private_dirs(state_dir)
        lock = StateLock(state_dir, wait=params["lock_timeout"]).acquire()
    try:
        if lock is not None:
            ledger_mod.remove_stale_temps(state_dir)
        before = ledger_mod.load(path)
        result = plan(before, kind, bals, Observations(observations.get("published"), observations.get("mailboxes"),
                                                       observations.get("active"),
                                                       observations.get("annuaire_complete") is True,
                                                       observations.get("absent"),
                                                       observations.get("listed_all") is True),
                      now.isoformat(), run_id, hold=hold)
        after = result.pop("ledger")
        ledger_changed = ledger_mod.dump(after) != ledger_mod.dump(before)
        if ledger_changed and not check_mode:
            ledger_mod.save(path, after)
        files, summary = build(after, kind, params["establishment"] or {})
        written = sync(params["output_dir"] or state_dir, files, kind, check_mode=check_mode)
        smtp = params["smtp"]
        mails = _mails(summary, files, smtp, after) if smtp else []
        sent = []
        if mails and not check_mode:
            try:
                sent = _send_all(mails, smtp, params, after, context)
            finally:  # record what was sent even if a later mail failed
                ledger_mod.save(path, after)
    finally:
        if lock is not None:
            lock.release()

    output = {key: result[key] for key in ("added", "confirmed", "withdrawn", "pending", "held")}
    output["held_summary"] = held_summary(result["held"])
    output.update(not_requested=skipped + result["skipped"], changes=result["changes"], run_id=run_id,
                  warnings=result["warnings"],
                  ledger=path, files=written,
                  requests=[{k: v for k, v in item.items() if k != "body"} for item in summary],
                  sent=sent,
                  would_send=[{"operator": m["operator"], "kind": m["kind"], "to": m["recipients"]}
                              for m in mails] if check_mode else [])
    output["changed"] = bool(ledger_changed or any(f["changed"] for f in written) or sent
                             or (check_mode and mails))
    if want_diff:
        output["diff"] = {"before_header": "%s (%s)" % (path, kind), "after_header": "%s (%s)" % (path, kind),
                          "before": _diff_lines(before, kind), "after": _diff_lines(after, kind, result["held"])}
    return output
