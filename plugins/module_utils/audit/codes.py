# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The stable vocabulary of the audit: finding codes, actions, severities, and their French labels.

The codes and action names are part of the public contract (architecture.md §3); the labels are
what the French report and the user documentation show. Order matters: it is the display order
of every table and chart, so reports stay diff-stable.
"""

from __future__ import annotations

# code -> (French label, what it means, default severity, default action)
CODES = {
    "inactive_soon": (
        "BAL bientôt inactive",
        "Sans activité depuis le seuil d'avertissement, pas encore au seuil d'inactivité : le titulaire peut "
        "se reconnecter avant la date où la BAL l'atteindra (dépublication, liste rouge, suppression).",
        "info", "reconnect"),
    "inactive": (
        "BAL inactive publiée",
        "Aucune connexion depuis au moins le seuil d'inactivité, mais toujours publiée dans l'Annuaire Santé.",
        "warning", "liste_rouge"),
    "unpublished_inactive": (
        "BAL inactive dépubliée",
        "Inactive et absente de l'Annuaire Santé (dépublication automatique ou liste rouge) : "
        "candidate à la suppression une fois le délai de suppression atteint.",
        "warning", "suppression"),
    "departed_owner": (
        "Titulaire parti",
        "BAL personnelle dont le compte de l'annuaire local est désactivé ou absent, ou dont le "
        "titulaire n'a plus de situation d'exercice active dans nos structures.",
        "critical", "suppression"),
    "no_situation": (
        "Sans situation d'exercice",
        "BAL personnelle publiée sans être rattachée à une situation d'exercice (seulement sur le professionnel).",
        "warning", "review"),
    "multi_situation": (
        "Plusieurs situations d'exercice",
        "BAL personnelle rattachée à au moins deux situations d'exercice distinctes.",
        "warning", "review"),
    "orphan_published": (
        "Adresse publiée sans BAL",
        "Adresse de nos domaines publiée par l'Annuaire Santé mais absente de la plateforme : "
        "les messages qui lui sont envoyés sont perdus.",
        "critical", "suppression"),
    "not_published": (
        "BAL active non publiée",
        "BAL active de l'établissement absente de l'Annuaire Santé : les correspondants ne la trouvent pas.",
        "warning", "publish"),
    "duplicate_personal": (
        "BAL personnelles en double",
        "Le même professionnel (RPPS) possède plusieurs BAL personnelles sur nos domaines.",
        "info", "review"),
    "no_preferred": (
        "Pas de BAL préférentielle",
        "Aucune BAL du professionnel n'est marquée préférentielle (rang 1) dans l'Annuaire Santé.",
        "info", "choose_preferred"),
    "trash_overdue": (
        "Corbeille à vider",
        "La corbeille contient des messages plus anciens que la durée maximale de conservation.",
        "info", "purge"),
    "documents_not_integrated": (
        "Documents patients non intégrés",
        "La BAL contient des documents patients (paquets IHE_XDM.ZIP, objets XDM/1.0/DDM) sans preuve "
        "d'intégration dans le dossier patient depuis plus que le délai fixé : ils doivent y être transférés "
        "(la rétention les conserve en attendant).",
        "warning", "transfer"),
    "quota_near_full": (
        "Quota presque plein",
        "L'espace occupé dépasse le seuil d'alerte du quota : la BAL risque de refuser des messages.",
        "warning", "purge"),
    "unknown_owner": (
        "Titulaire inconnu",
        "BAL de la plateforme qu'aucun compte de l'annuaire local ni aucun RPPS ne rattache à un titulaire.",
        "warning", "fix_directory"),
}

ACTIONS = {
    "reconnect": "Se reconnecter à la BAL",
    "liste_rouge": "Demander la liste rouge",
    "suppression": "Demander la suppression",
    "purge": "Purger (corbeille, rétention)",
    "transfer": "Transférer dans le dossier patient",
    "publish": "Publier dans l'Annuaire Santé",
    "choose_preferred": "Choisir la BAL préférentielle",
    "fix_directory": "Corriger l'annuaire local",
    "review": "Examiner",
}

# Most serious first: the display and sort order.
SEVERITIES = {
    "critical": "Critique",
    "warning": "Avertissement",
    "info": "Information",
}

# Codes that only the mail platform's statistics can give (presence, trash, patient documents,
# quota): without them they are "non mesuré", never "none found".
PLATFORM_CODES = ("orphan_published", "trash_overdue", "documents_not_integrated", "quota_near_full")
# Codes that need a BAL's activity or its presence on the platform: measured by the platform or,
# when it is not read (hosted elsewhere), by the operator's connection file.
ACTIVITY_CODES = ("inactive_soon", "inactive", "unpublished_inactive", "not_published", "unknown_owner")


def not_measured_codes(platform_read, connection_file_read):
    """The codes no source of this audit could measure, in contract order."""
    missing = set() if platform_read else set(PLATFORM_CODES)
    if not platform_read and not connection_file_read:
        missing |= set(ACTIVITY_CODES)
    return [code for code in CODES if code in missing]


# Where a BAL's last activity comes from (audit/activity.py), as the report names it.
ACTIVITY_SOURCES = {
    "last_login": "dernière connexion (plateforme)",
    "connection_file": "fichier des connexions de l'opérateur",
    "sent_folder": "dernier message envoyé (estimation)",
}

CODE_ORDER = {code: index for index, code in enumerate(CODES)}
SEVERITY_ORDER = {name: index for index, name in enumerate(SEVERITIES)}


def code_label(code):
    return CODES.get(code, (code,))[0]


def action_label(action):
    return ACTIONS.get(action, action)


def activity_source_label(source):
    """French name of an activity source; "" when none is known."""
    return ACTIVITY_SOURCES.get(source, "")


def severity_label(severity):
    return SEVERITIES.get(severity, severity)


def label_maps():
    """The French labels of every code and action, for summaries printed outside the report."""
    return {"labels": {code: entry[0] for code, entry in CODES.items()},
            "action_labels": dict(ACTIONS)}


def finding_sort_key(finding):
    """Most serious first, then contract code order, then address: stable across reruns."""
    return (SEVERITY_ORDER.get(finding.severity, 99), CODE_ORDER.get(finding.code, 99),
            finding.address)
