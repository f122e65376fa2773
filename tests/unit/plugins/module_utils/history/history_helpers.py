# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""An audit result of the lab, and variants of it, for the history tests."""

import copy
import datetime as dt

from ansible_collections.mssante.hygiene.tests.unit.plugins.module_utils.audit.test_audit_lab import NOW, lab_audit

from ansible_collections.mssante.hygiene.plugins.module_utils.history.stage import attach_history, plan_history
from ansible_collections.mssante.hygiene.plugins.module_utils.records import Request
from ansible_collections.mssante.hygiene.plugins.module_utils.requests import ledger

_BASE = {}


def lab_result():
    """A fresh copy of the audit of a 12-person lab (the analysis runs once per process)."""
    if not _BASE:
        _BASE["result"] = lab_audit(staff=12)[1]
    return copy.deepcopy(_BASE["result"])


def without(result, finding):
    """The result once `finding` is resolved (summary counts follow)."""
    result["findings"] = [f for f in result["findings"] if (f.address, f.code) != (finding.address, finding.code)]
    result["summary"]["findings"] -= 1
    result["summary"]["by_code"][finding.code] -= 1
    return result


def at(days=0, hours=0):
    return NOW + dt.timedelta(days=days, hours=hours)


def run(state_dir, result, now, keep=24, check_mode=False):
    """plan, attach and apply as bal_audit does; (plan, result, applied)."""
    plan = plan_history(str(state_dir) if state_dir else None, keep, result, "demo", now)
    attach_history(result, plan)
    return plan, result, plan.apply(check_mode=check_mode)


def write_ledger(state_dir, *requests):
    """The request ledger of `state_dir` holds exactly `requests`."""
    data = ledger.empty()
    for request in requests:
        data["requests"][ledger.key(request.kind, request.address)] = request
    ledger.save(str(state_dir / ledger.LEDGER_NAME), data)


def ledger_request(address, kind, *steps):
    """A request whose history is `steps`: (state, days after NOW)."""
    history = [{"state": state, "at": at(days=day).isoformat(), "run_id": "r%d" % day} for state, day in steps]
    return Request(address=address, kind=kind, state=steps[-1][0], reason="inactive", operator="op", history=history)
