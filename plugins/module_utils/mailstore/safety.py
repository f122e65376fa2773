# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The two safety caps of a purge and the French sentences that explain a refusal.

The per-folder cap (max_delete_ratio) protects folders that hold a user's working mail: a rule
that would empty most of an Archives folder is more likely a wrong rule than a wish. A Trash
or Junk folder is exempt: emptying an old Trash is what the trash rule is for, and a folder
that holds only old mail is exactly the one it must empty. The run-level cap
(max_run_delete_ratio) applies to everything, Trash included.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_decimal, fr_int

EXEMPT_ROLES = ("\\Trash", "\\Junk")


def percent(share):
    """0.5 -> "50 %", 0.005 -> "0,5 %" (never rounded to a misleading 0 or 100)."""
    value = share * 100.0
    if abs(value - round(value)) < 0.05:
        return "%d %%" % round(value)
    return "%s %%" % fr_decimal(value, 1)


def folder_refusal(plan, default_limit):
    """Why max_delete_ratio refuses this plan (FolderPlan), or '' when it may go ahead."""
    rule = plan.rule
    if plan.special_use in EXEMPT_ROLES or rule.allow_over_ratio or not plan.folder_messages:
        return ""
    limit = rule.max_delete_ratio if rule.max_delete_ratio is not None else default_limit
    share = float(len(plan.meta)) / plan.folder_messages
    if share <= limit:
        return ""
    whose = "max_delete_ratio de la règle" if rule.max_delete_ratio is not None else "max_delete_ratio"
    return ("BAL %s, dossier « %s » : la règle « %s » supprimerait %s des %s messages (%s), "
            "au-delà de %s (%s) ; refusé (allow_over_ratio: true sur la règle pour l'autoriser)" % (
                plan.mailbox, plan.folder, rule.name, fr_int(len(plan.meta)), fr_int(plan.folder_messages),
                percent(share), whose, percent(limit)))


def run_refusal(going, total, limit):
    """Why max_run_delete_ratio refuses the whole run, or ''."""
    if not total or going <= limit * total:
        return ""
    return ("cette exécution supprimerait %s des %s messages de ses dossiers cibles (%s), au-delà de "
            "max_run_delete_ratio (%s) : rien n'a été supprimé (vérifiez les règles, ou relevez "
            "max_run_delete_ratio)" % (fr_int(going), fr_int(total), percent(float(going) / total),
                                       percent(limit)))
