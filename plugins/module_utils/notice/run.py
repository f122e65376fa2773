# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One owner_notice run: lock, read the ledger, plan, then preview (check mode) or deliver, save.

Every message is rendered before the first one leaves, so a broken template sends nothing. The
ledger is saved before sending (unreachable BALs noted, resolved findings forgotten), during the
sending (see delivery.py for the bound on what a crash re-sends) and at the end. Check mode
writes the previews and preavis.csv only: no ledger, no lock, no connection.
"""

from __future__ import annotations

import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.files import make_private_dirs
from ansible_collections.mssante.hygiene.plugins.module_utils.notice import ledger as ledger_mod
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.argspec import argument_spec, check_options
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.compose import render
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.delivery import Deliverer, failure_key
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.email import build_email
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.items import items_from
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.owners import Owners
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.plan import forget, plan
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.preview import notice_row, write_csv, write_previews
from ansible_collections.mssante.hygiene.plugins.module_utils.options import options_from
from ansible_collections.mssante.hygiene.plugins.module_utils.state_lock import StateLock
from ansible_collections.mssante.hygiene.plugins.module_utils.smtp import SmtpSession
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import client_context


class NoticeRunError(MssanteError):
    """The run cannot start or could not finish; the message names the option or the server."""


def _context(params, today):
    """What every template may use besides the message (message-model.md)."""
    establishment = params["establishment"] or {}
    smtp = params["smtp"] or {}
    return {"establishment": {"name": establishment.get("name") or "", "contact": establishment.get("contact") or ""},
            "annuaire_url": params["annuaire_url"], "today": today.isoformat(),
            "sender": smtp.get("sender") or establishment.get("contact") or "",
            "inactivity_days": params["inactivity_days"]}


def _compose(messages, context, templates_dir):
    """[(message, email)], every message rendered before any is sent."""
    return [(message, build_email(context["sender"], message["recipients"],
                                  render(message, context, templates_dir)))
            for message in messages]


def _note_unreachable(ledger, unreachable, now):
    for item in unreachable:
        ledger_mod.record_unreachable(ledger, item["address"], item["code"], now, item["reason"],
                                      announces=item["announces"])


def _diff(messages):
    """One French line per (recipient, BAL, finding): the words of preavis.csv."""
    lines = []
    for message in messages:
        for item in message["items"]:
            row = notice_row(", ".join(message["recipients"]), item, "")
            lines.append("%s : %s — %s : %s, %s%s\n" % (
                row["recipient"], row["address"], row["finding"], row["todo"], row["due"],
                " ; %s" % row["announce"] if row["announce"] else ""))
    return "".join(lines)


def _deliver(params, outgoing, ledger, now, ssl_context, session):
    """One status per message ('sent' or the error), and the fatal error that stopped the run ('')."""
    state_dir = params["state_dir"]
    if session is None:
        if ssl_context is None and params["smtp"]["security"] != "none":
            ssl_context = client_context(params["validate_certs"], params["ca_path"])
        session = SmtpSession(params["smtp"], ssl_context, params["timeout"])
    deliverer = Deliverer(session, ledger, lambda: ledger_mod.save(state_dir, ledger), now, params["rate"])
    statuses = deliverer.deliver(outgoing)
    return statuses, deliverer.fatal


def _notices(outgoing, statuses):
    """The messages with their status (sent | preview | failed) and, when failed, the error."""
    notices = []
    for (message, _email), status in zip(outgoing, statuses):
        notice = dict(message, status=status if status in ("sent", "preview") else "failed")
        if notice["status"] == "failed":
            notice["error"] = status
        notices.append(notice)
    return notices


def _result(params, notices, planned, previews, csv_path, check_mode):
    failures = [{"recipient": failure_key(n), "addresses": sorted({i["address"] for i in n["items"]}),
                 "error": n["error"]} for n in notices if n["status"] == "failed"]
    sent = sorted({r for n in notices if n["status"] == "sent" for r in n["recipients"]})
    return {"notices": notices, "sent": sent, "previews": previews, "failures": failures,
            # not "unreachable": Ansible reads that key as the host being unreachable
            "untold": [{"address": i["address"], "code": i["code"], "reason": i["reason"]}
                       for i in planned["unreachable"]],
            "already_told": planned["already_told"], "csv": csv_path,
            "ledger": ledger_mod.path_in(params["state_dir"]),
            "changed": bool(sent) or bool(check_mode and notices)}


def run(params, check_mode=False, want_diff=False, now=None, ssl_context=None, session=None):
    """owner_notice's result from its options (see notice/argspec.py); `session` is for the tests."""
    params = options_from(argument_spec(), params)
    contacts, optout = check_options(params)
    if not check_mode and not params["smtp"]:
        raise NoticeRunError("smtp : serveur d'envoi non renseigné ; renseignez smtp (variable d'inventaire "
                             "mssante_smtp : host, sender...), ou lancez en mode check pour un aperçu",
                             parameter="smtp")
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    state_dir, output_dir = params["state_dir"], params["output_dir"] or params["state_dir"]
    lock = None
    if not check_mode:
        make_private_dirs(state_dir)
        lock = StateLock(state_dir, wait=params["lock_timeout"]).acquire()
    try:
        ledger = ledger_mod.load(state_dir)
        owners = Owners(params["accounts"], params["bals"])
        items = items_from(params["findings"], owners, ledger, now.date(), params)
        planned = plan(items, owners, contacts, optout, ledger, now, params["interval_days"])
        outgoing = _compose(planned["messages"], _context(params, now.date()), params["templates_dir"])
        previews, fatal = [], ""
        if check_mode:
            previews = write_previews(output_dir, outgoing)
            statuses = ["preview"] * len(outgoing)
        else:
            write_previews(output_dir, [])  # an earlier check run's previews are stale once this one sends
            _note_unreachable(ledger, planned["unreachable"], now)
            forget(ledger, items, params["codes"])
            ledger_mod.save(state_dir, ledger)
            try:
                statuses, fatal = _deliver(params, outgoing, ledger, now, ssl_context, session)
            finally:  # whatever was sent before a crash stays recorded
                ledger_mod.save(state_dir, ledger)
        notices = _notices(outgoing, statuses)
        csv_path = write_csv(output_dir, notices, planned["unreachable"])
    finally:
        if lock is not None:
            lock.release()
    result = _result(params, notices, planned, previews, csv_path, check_mode)
    if want_diff:
        result["diff"] = {"before_header": "préavis", "after_header": "préavis", "before": "",
                          "after": _diff(planned["messages"])}
    if fatal:
        raise NoticeRunError(fatal, parameter="smtp", result=result)
    return result
