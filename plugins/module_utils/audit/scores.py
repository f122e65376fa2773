# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One score per golden rule of the ANS, as numerator / denominator.

Renderers compute the ratio: a denominator of 0 means "non mesurable" (nothing to measure, or
the source that would tell was not read), never 0 % nor 100 %.
"""

from __future__ import annotations


def _score(rule, key, label, measured, good):
    """Score over `measured` (rows or professionals: the denominator), `good(item)` telling the numerator."""
    measured = list(measured)
    return {"rule": rule, "key": key, "label": label, "numerator": sum(1 for item in measured if good(item)),
            "denominator": len(measured)}


def _codes(per_row):
    return {id(row): {f.code for f in found} for row, found in per_row}


def _has_preferred(rpps, ctx):
    """Like the no_preferred rule: a preferred BAL on another domain counts too."""
    return (any(r.bal is not None and r.bal.preferred for r in ctx.rows_by_rpps[rpps])
            or any(b.preferred for b in ctx.external_bals_by_rpps.get(rpps, [])))


def scores(per_row, ctx, documents):
    """The scores list of the summary, in rule order (keys fixed by the contract)."""
    rows = [row for row, _found in per_row]
    codes = _codes(per_row)
    th = ctx.thresholds
    on_platform = [row for row in rows if row.on_platform]
    # activity is measured by the platform, or by the connection file when the platform is not read
    seen = [row for row in rows if ctx.seen(row)]
    active = [row for row in seen if not ctx.inactive(row)]
    professionals = sorted(ctx.rows_by_rpps) if ctx.preferred_known else []
    return [
        _score(1, "one_situation", "BAL personnelles publiées avec une seule situation d'exercice",
               (row for row in rows if row.published and row.personal), lambda row: len(row.situation_keys()) == 1),
        _score(1, "active", "BAL actives (activité < %d jours)" % th.inactivity_days,
               (row for row in seen if row.activity_days is not None), lambda row: not ctx.inactive(row)),
        _score(1, "owner_known", "BAL au titulaire connu", rows,
               lambda row: not codes[id(row)] & {"unknown_owner", "departed_owner"}),
        _score(2, "trash_ok", "Corbeilles sous la limite de %d jours" % th.trash_max_age_days, on_platform,
               lambda row: "trash_overdue" not in codes[id(row)]),
        {"rule": 2, "key": "documents_integrated", "label": "Documents patients intégrés",
         "numerator": documents["integrated"], "denominator": documents["total"]},
        _score(3, "preferred", "Professionnels avec une BAL préférentielle", professionals,
               lambda rpps: _has_preferred(rpps, ctx)),
        _score(3, "published_active", "BAL actives publiées dans l'Annuaire Santé", active,
               lambda row: row.published),
    ]
