# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit rules: one small function per finding code, applied in the order of `RULES`.

Each rule reads a joined `Row` and the `Context` and returns a Finding or None. A rule can
suppress later ones for the same BAL: a departed owner's mailbox is to be deleted, so telling
that it is also inactive or lacks a preferred BAL would only add noise.
"""

from __future__ import annotations

import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.inputs import age_days, parse_time
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_date
from ansible_collections.mssante.hygiene.plugins.module_utils.records import Finding

CRITICAL_QUOTA_RATIO = 0.98
# What the owner of a BAL heading for liste rouge or deletion no longer needs to fix.
_MOOT_WHEN_GOING = frozenset({"no_situation", "multi_situation", "duplicate_personal", "no_preferred",
                              "not_published"})


def source_evidence(row, ctx):
    """Which source said what about the BAL (dates as ISO 8601, as the sources gave them)."""
    account, bal, stats = row.account, row.bal, row.stats
    directory = {"account": None}
    if account is not None:
        directory = {"account": account.dn, "status": account.status, "status_reason": account.status_reason,
                     "matched_by": row.owner_via, "rpps": account.rpps}
        if account.problems:
            directory["problems"] = list(account.problems)
    annuaire = {"published": False}
    if bal is not None:
        annuaire = {"published": row.published, "liste_rouge": bal.liste_rouge, "type": bal.type,
                    "carriers": list(bal.carrier), "situations": list(bal.situations),
                    "structures": list(bal.structures), "preferred": bal.preferred, "rpps": bal.rpps}
    platform = {"present": False}
    if row.address in ctx.absent:
        platform["absence"] = ctx.absent[row.address]
    if stats is not None:
        platform = {"present": True, "last_activity": row.last_activity,
                    "last_activity_source": row.activity_source, "inactive_days": row.activity_days}
    elif not ctx.platform_known:
        platform = {"present": None, "reason": "no mailbox statistics given"}
        if row.listed:
            platform.update(last_activity=row.last_activity, last_activity_source=row.activity_source,
                            inactive_days=row.activity_days)
    if row.listed:
        platform["connection_file"] = ctx.connections.get(row.address) or ""
    return {"directory": directory, "annuaire": annuaire, "platform": platform}


def _finding(row, ctx, code, detail, severity=None, action=None, **extra):
    _label, _meaning, default_severity, default_action = CODES[code]
    evidence = source_evidence(row, ctx)
    evidence.update(extra)
    return Finding(address=row.address, code=code, severity=severity or default_severity,
                   action=action or default_action, detail=detail, evidence=evidence)


# the platform's own login date is the usual case: only the other sources are named in the detail
SOURCE_WORDS = {"connection_file": "selon le fichier des connexions de l'opérateur",
                "sent_folder": "estimée d'après le dernier message envoyé"}


def _last_seen(row):
    when = fr_date(row.last_activity)
    if not when:
        return ""
    source = SOURCE_WORDS.get(row.activity_source)
    return " (dernière activité le %s%s)" % (when, ", %s" % source if source else "")


def departed_reason(row, ctx):
    """Why the owner of a personal BAL is gone, or None."""
    if not row.personal or not ctx.exists(row):
        return None
    account = row.account
    if account is None:
        if row.rpps:
            return "aucun compte de l'annuaire local ne correspond au RPPS %s" % row.rpps
        return None  # nobody to have left: unknown_owner
    if account.status != "active":
        reason = " (%s)" % account.status_reason if account.status_reason else ""
        return "le compte %s de l'annuaire local est désactivé%s" % (account.dn, reason)
    situations = ctx.situations_by_rpps.get(row.rpps) or []
    ours = ctx.identity.structures
    if not ours or any(s.active and s.structure in ours for s in situations):
        return None
    if situations:
        return ("le RPPS %s n'a plus de situation d'exercice active dans nos structures (%s)"
                % (row.rpps, ", ".join(sorted(ours))))
    elsewhere = _published_elsewhere(row, ours)
    if elsewhere:
        # source: api lists situations at our structures only: a closed one is simply absent
        return ("la BAL n'est publiée que sur des situations d'exercice hors de nos structures (%s) et le "
                "RPPS %s n'a aucune situation d'exercice active dans nos structures (%s)"
                % (", ".join(elsewhere), row.rpps, ", ".join(sorted(ours))))
    return None


def _published_elsewhere(row, ours):
    """Structures of the BAL's situations when every one of them is outside ours, else []."""
    bal = row.bal
    if bal is None or "PractitionerRole" not in (bal.carrier or []) or not bal.structures:
        return []
    return [] if any(s in ours for s in bal.structures) else sorted(bal.structures)


def rule_orphan_published(row, ctx):
    if not row.published or row.on_platform or not ctx.platform_known or row.address in ctx.unreachable:
        return None
    why = " (%s)" % ctx.absent[row.address] if row.address in ctx.absent else ""
    return _finding(row, ctx, "orphan_published",
                    "Adresse publiée dans l'Annuaire Santé mais aucune BAL de ce nom sur la plateforme%s : "
                    "les messages envoyés à cette adresse sont perdus. Demander la suppression de la "
                    "publication." % why)


def rule_departed_owner(row, ctx):
    reason = departed_reason(row, ctx)
    if reason is None:
        return None
    th = ctx.thresholds
    recent = row.activity_days is not None and row.activity_days < th.inactivity_days
    if recent:
        return _finding(row, ctx, "departed_owner",
                        "Titulaire parti : %s, mais la BAL a été utilisée il y a %d jours : vérifier qui "
                        "l'utilise avant de demander la liste rouge puis la suppression." % (reason, row.activity_days),
                        action="review", reason=reason)
    if row.published:
        return _finding(row, ctx, "departed_owner",
                        "Titulaire parti : %s, et la BAL est toujours publiée%s : demander la liste rouge, "
                        "puis la suppression." % (reason, _last_seen(row)), action="liste_rouge", reason=reason)
    return _finding(row, ctx, "departed_owner",
                    "Titulaire parti : %s ; la BAL n'est plus publiée%s : demander la suppression."
                    % (reason, _last_seen(row)), severity="warning", reason=reason)


def rule_unknown_owner(row, ctx):
    if not ctx.seen(row):
        return None
    if row.account is None and not (row.personal and row.rpps):
        functional = row.type in ("ORG", "APP")
        return _finding(row, ctx, "unknown_owner",
                        "Aucun compte de l'annuaire local ne porte cette adresse%s : rattacher la BAL à son "
                        "titulaire ou à son responsable dans l'annuaire local."
                        % ("" if functional else " et aucun RPPS ne la rattache à un professionnel"),
                        severity="info" if functional else None)
    if row.account is not None and not row.rpps and row.type in ("PER", "CAB", ""):
        what = "BAL personnelle" if row.type else "BAL de type inconnu"
        return _finding(row, ctx, "unknown_owner",
                        "%s portée par le compte %s, qui n'a pas de RPPS : impossible de la rattacher à un "
                        "professionnel ; compléter le RPPS (ou le type de BAL) dans l'annuaire local."
                        % (what, row.account.dn))
    return None


def rule_inactive(row, ctx):
    if not row.published or not ctx.inactive(row):
        return None
    th = ctx.thresholds
    evidence = {"inactivity_days": th.inactivity_days}
    if row.type == "APP":
        return _finding(row, ctx, "inactive",
                        "BAL applicative publiée sans activité depuis %d jours%s : vérifier auprès du logiciel "
                        "qui l'utilise (il peut écrire sans se connecter) avant de demander la liste rouge."
                        % (row.activity_days, _last_seen(row)), severity="info", action="review", **evidence)
    return _finding(row, ctx, "inactive",
                    "Aucune activité depuis %d jours%s, au-delà du seuil de %d jours, et toujours publiée dans "
                    "l'Annuaire Santé : demander la liste rouge." % (row.activity_days, _last_seen(row),
                                                                     th.inactivity_days),
                    **evidence)


def rule_inactive_soon(row, ctx):
    """Warn the owner while reconnecting still avoids dépublication, liste rouge and deletion."""
    th = ctx.thresholds
    days = row.activity_days
    if not ctx.exists(row) or days is None or not th.inactivity_warning_days <= days < th.inactivity_days:
        return None
    reached = (parse_time(row.last_activity) + dt.timedelta(days=th.inactivity_days)).date().isoformat()
    threshold = "seuil de dépublication" if row.published else "seuil d'inactivité (%d jours)" % th.inactivity_days
    return _finding(row, ctx, "inactive_soon",
                    "Sans activité depuis %d jours : atteindra le %s le %s%s ; le titulaire doit se "
                    "reconnecter avant cette date." % (days, threshold, fr_date(reached), _last_seen(row)),
                    threshold_date=reached, inactivity_days=th.inactivity_days,
                    inactivity_warning_days=th.inactivity_warning_days)


def rule_unpublished_inactive(row, ctx):
    if row.published or not ctx.seen(row) or not ctx.inactive(row):
        return None
    th = ctx.thresholds
    why = "en liste rouge" if row.bal is not None and row.bal.liste_rouge else "absente de l'Annuaire Santé"
    evidence = {"inactivity_days": th.inactivity_days, "deletion_after_days": th.deletion_after_days}
    if row.activity_days < th.deletion_after_days:
        remaining = th.deletion_after_days - row.activity_days
        return _finding(row, ctx, "unpublished_inactive",
                        "BAL %s et sans activité depuis %d jours%s : la suppression sera proposée à %d jours "
                        "d'inactivité (dans %d jours)."
                        % (why, row.activity_days, _last_seen(row), th.deletion_after_days, remaining),
                        severity="info", action="review", **evidence)
    if row.type == "APP":
        return _finding(row, ctx, "unpublished_inactive",
                        "BAL applicative %s et sans activité depuis %d jours%s : confirmer avec l'équipe du "
                        "logiciel, puis demander la suppression." % (why, row.activity_days, _last_seen(row)),
                        action="review", **evidence)
    return _finding(row, ctx, "unpublished_inactive",
                    "BAL %s et sans activité depuis %d jours%s : délai de suppression de %d jours atteint, "
                    "demander la suppression." % (why, row.activity_days, _last_seen(row), th.deletion_after_days),
                    **evidence)


def rule_not_published(row, ctx):
    if row.published or not ctx.seen(row) or ctx.inactive(row):
        return None
    if row.bal is not None and row.bal.liste_rouge:
        return None  # deliberately red-listed
    if row.account is None or row.account.status != "active":
        return None
    if row.activity_days is None:
        return _finding(row, ctx, "not_published",
                        "BAL absente de l'Annuaire Santé, activité inconnue : vérifier qu'elle est utilisée, "
                        "puis la publier (ou la supprimer).", severity="info", action="review")
    return _finding(row, ctx, "not_published",
                    "BAL utilisée il y a %d jours mais absente de l'Annuaire Santé : les correspondants ne "
                    "peuvent pas la trouver ; la publier." % row.activity_days)


def rule_no_situation(row, ctx):
    if not row.published or row.type != "PER" or row.situation_keys():
        return None
    return _finding(row, ctx, "no_situation",
                    "BAL personnelle publiée uniquement sur le professionnel (%s), sans situation "
                    "d'exercice : la rattacher à la situation d'exercice dans l'établissement."
                    % ", ".join(row.bal.carrier or ["porteur inconnu"]))


def rule_multi_situation(row, ctx):
    keys = row.situation_keys() if row.published and row.type == "PER" else []
    if len(keys) < 2:
        return None
    return _finding(row, ctx, "multi_situation",
                    "BAL personnelle rattachée à %d situations d'exercice (%s) : une BAL ne doit "
                    "correspondre qu'à une seule situation d'exercice." % (len(keys), ", ".join(keys)))


def _counts_for_person(row, ctx):
    """A BAL that still stands for its professional: real, owner present, in use."""
    return ctx.exists(row) and not ctx.inactive(row) and departed_reason(row, ctx) is None


def rule_duplicate_personal(row, ctx):
    if not row.personal or not row.rpps or not _counts_for_person(row, ctx):
        return None
    peers = [r.address for r in ctx.rows_by_rpps.get(row.rpps, [])
             if r is not row and _counts_for_person(r, ctx)]
    if not peers:
        return None
    return _finding(row, ctx, "duplicate_personal",
                    "Le professionnel (RPPS %s) a %d BAL personnelles sur nos domaines (autres : %s) : "
                    "n'en garder qu'une par situation d'exercice, ou justifier chacune."
                    % (row.rpps, len(peers) + 1, ", ".join(peers)), other_addresses=peers)


def _preferred_target(rpps, ctx):
    """The BAL to suggest as preferred for a professional without one, or None."""
    rows = ctx.rows_by_rpps.get(rpps, [])
    if any(r.bal is not None and r.bal.preferred for r in rows):
        return None
    if any(b.preferred for b in ctx.external_bals_by_rpps.get(rpps, [])):
        return None
    candidates = [r for r in rows if _counts_for_person(r, ctx)]
    if not candidates:
        return None
    unknown = 10 ** 6
    return min(candidates, key=lambda r: (not r.published,
                                          unknown if r.activity_days is None else r.activity_days,
                                          r.address))


def rule_no_preferred(row, ctx):
    if not ctx.preferred_known or not row.personal or not row.rpps:
        return None
    target = _preferred_target(row.rpps, ctx)
    if target is not row:
        return None
    others = [r.address for r in ctx.rows_by_rpps.get(row.rpps, []) if r is not row]
    others += [b.address for b in ctx.external_bals_by_rpps.get(row.rpps, [])]
    return _finding(row, ctx, "no_preferred",
                    "Aucune BAL du professionnel (RPPS %s) n'est préférentielle dans l'Annuaire Santé : "
                    "choisir une BAL préférentielle (suggestion : %s)." % (row.rpps, row.address),
                    suggested=row.address, other_addresses=sorted(others))


def rule_trash_overdue(row, ctx):
    stats = row.stats
    if stats is None or stats.trash_messages <= 0:
        return None
    age = age_days(stats.trash_oldest, ctx.now)
    limit = ctx.thresholds.trash_max_age_days
    if age is None or age <= limit:
        return None
    return _finding(row, ctx, "trash_overdue",
                    "La corbeille contient %d messages, le plus ancien du %s (%d jours, maximum %d) : "
                    "vider la corbeille." % (stats.trash_messages, fr_date(stats.trash_oldest), age, limit),
                    trash_messages=stats.trash_messages, trash_bytes=stats.trash_bytes,
                    trash_oldest=stats.trash_oldest, trash_age_days=age, trash_max_age_days=limit)


def rule_documents_not_integrated(row, ctx):
    """Counts and the oldest date only: a patient document's Subject names the patient."""
    measured = row.stats.patient_documents if row.stats is not None else None
    if not measured or measured["pending"] <= 0:
        return None  # not measured is never a guess: no finding
    age = age_days(measured["oldest_pending"], ctx.now)
    limit = ctx.thresholds.documents_pending_days
    if age is None or age <= limit:
        return None
    counts = (measured["pending"], measured["total"], fr_date(measured["oldest_pending"]), age, limit)
    return _finding(row, ctx, "documents_not_integrated",
                    "Documents patients sans preuve d'intégration dans le dossier patient : %d sur %d, le plus "
                    "ancien du %s (%d jours, délai %d jours) ; les transférer dans le dossier patient (la "
                    "rétention les conserve en attendant)." % counts,
                    patient_documents=dict(measured), pending_age_days=age, documents_pending_days=limit)


def rule_quota_near_full(row, ctx):
    stats = row.stats
    if stats is None or stats.quota_limit_bytes <= 0 or stats.quota_used_bytes < 0:
        return None
    ratio = stats.quota_used_bytes / float(stats.quota_limit_bytes)
    if ratio < ctx.thresholds.quota_warning_ratio:
        return None
    return _finding(row, ctx, "quota_near_full",
                    "Quota occupé à %d %% (seuil d'alerte %d %%) : vider la corbeille et supprimer les "
                    "messages anciens après archivage dans le dossier patient."
                    % (int(ratio * 100), int(ctx.thresholds.quota_warning_ratio * 100)),
                    severity="critical" if ratio >= CRITICAL_QUOTA_RATIO else None,
                    quota_used_bytes=stats.quota_used_bytes, quota_limit_bytes=stats.quota_limit_bytes,
                    quota_ratio=round(ratio, 4))


# (code, rule, codes it makes moot for the same BAL); "*" stops every later rule.
RULES = (
    ("orphan_published", rule_orphan_published, frozenset({"*"})),
    ("departed_owner", rule_departed_owner,
     _MOOT_WHEN_GOING | {"inactive_soon", "inactive", "unpublished_inactive"}),
    # not_published stays: fixing the directory and publishing are two different actions
    ("unknown_owner", rule_unknown_owner, frozenset({"duplicate_personal", "no_preferred"})),
    ("inactive_soon", rule_inactive_soon, frozenset()),
    ("inactive", rule_inactive, _MOOT_WHEN_GOING),
    ("unpublished_inactive", rule_unpublished_inactive, _MOOT_WHEN_GOING),
    ("not_published", rule_not_published, frozenset()),
    ("no_situation", rule_no_situation, frozenset()),
    ("multi_situation", rule_multi_situation, frozenset()),
    ("duplicate_personal", rule_duplicate_personal, frozenset()),
    ("no_preferred", rule_no_preferred, frozenset()),
    ("trash_overdue", rule_trash_overdue, frozenset()),
    # kept for a departing owner too: the documents must reach the patient record before deletion
    ("documents_not_integrated", rule_documents_not_integrated, frozenset()),
    ("quota_near_full", rule_quota_near_full, frozenset()),
)


def evaluate(row, ctx):
    """The findings of one BAL, in rule order."""
    findings, moot = [], set()
    for code, rule, suppresses in RULES:
        if code in moot or "*" in moot:
            continue
        finding = rule(row, ctx)
        if finding is not None:
            findings.append(finding)
            moot |= suppresses
    return findings
