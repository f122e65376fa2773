# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The request files sent to each operator, rendered from the ledger alone.

Layout under `<state_dir>/requests/<operator>/<kind>/`: `demande.csv` (French Excel: UTF-8 BOM,
`;`, CRLF), `demande.json`, `courriel.txt` (the cover message for the operator's support) and
`patch/<address>.json` (FHIR PATCH bodies for the future operator API). Content depends only on
the ledger (dates of the requests, never "now"), in a fixed order, so a rerun rewrites nothing.
The files list the pending requests, plus the cancellations made by the latest run that changed
this request, so the operator hears about them once.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.fhir_patch import patch_bundle
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import code_label
from ansible_collections.mssante.hygiene.plugins.module_utils.files import fsync_dir, make_private_dirs, write_atomic
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_csv import csv_bytes
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_date

REQUESTS_DIR = "requests"
KIND_LABELS = {"liste_rouge": "mise en liste rouge", "suppression": "suppression"}
ACTIONS = {"liste_rouge": "Mettre en liste rouge", "suppression": "Supprimer la BAL", "cancel": "Annuler la demande"}
COLUMNS = (("Action demandée", "action"), ("Adresse BAL", "address"), ("Type", "type"), ("RPPS", "rpps"),
           ("Titulaire", "name"), ("Service", "service"), ("Structures (FINESS)", "structures"),
           ("Situations d'exercice", "situations"), ("Motif", "reason"), ("Détail", "detail"),
           ("Demandée le", "requested"), ("Annulée le", "cancelled"))


def slug(name):
    """ASCII file-name form of an operator name ("Opérateur X" -> "operateur-x")."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "operateur"


def _last(record, state):
    dates = [h for h in record.history if h.get("state") == state]
    return dates[-1] if dates else {}


def select(ledger, kind):
    """{operator: {"pending": [records], "cancelled": [records]}} for one kind, sorted by address."""
    groups = {}
    records = sorted((r for r in ledger["requests"].values() if r.kind == kind), key=lambda r: r.address)
    for record in records:
        groups.setdefault(record.operator, [])
        groups[record.operator].append(record)
    selected = {}
    for operator, items in groups.items():
        # the run that last changed this operator's request: its cancellations are news
        latest = max(((h.get("at", ""), h.get("run_id", "")) for r in items for h in r.history), default=("", ""))
        pending = [r for r in items if r.state == "pending"]
        cancelled = [r for r in items if r.state == "withdrawn"
                     and (_last(r, "withdrawn").get("at"), _last(r, "withdrawn").get("run_id")) == latest]
        if pending or cancelled:
            selected[operator] = {"pending": pending, "cancelled": cancelled}
    return selected


def row(record, kind, cancelled=False):
    bal = record.bal
    return {
        "action": ACTIONS["cancel" if cancelled else kind], "address": record.address,
        "type": bal.get("type", ""), "rpps": bal.get("rpps", ""), "name": bal.get("name", ""),
        "service": bal.get("service", ""), "structures": ", ".join(bal.get("structures") or []),
        "situations": ", ".join(bal.get("situations") or []),
        "reason": code_label(record.reason) if record.reason else "", "detail": record.detail,
        "requested": fr_date(_last(record, "pending").get("at", "")),
        "cancelled": fr_date(_last(record, "withdrawn").get("at", "")) if cancelled else "",
    }


def _json_entry(record):
    return {"address": record.address, "reason": record.reason, "detail": record.detail, "bal": record.bal,
            "history": record.history}


def render_json(establishment, operator, contact, kind, group):
    document = {"kind": kind, "operator": {"name": operator, "contact": contact},
                "establishment": establishment,
                "pending": [_json_entry(r) for r in group["pending"]],
                "cancelled": [_json_entry(r) for r in group["cancelled"]]}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _who(establishment):
    name = establishment.get("name") or "L'établissement"
    ids = ["FINESS EJ %s" % establishment["finess_ej"]] if establishment.get("finess_ej") else []
    if establishment.get("siret"):
        ids.append("SIRET %s" % establishment["siret"])
    return "%s (%s)" % (name, ", ".join(ids)) if ids else name


def _bal_line(record):
    bal = record.bal
    facts = [bal.get("type") or "type inconnu"]
    if bal.get("name"):
        facts.append(bal["name"])
    if bal.get("rpps"):
        facts.append("RPPS %s" % bal["rpps"])
    if bal.get("structures"):
        facts.append("FINESS %s" % ", ".join(bal["structures"]))
    reason = " : %s" % code_label(record.reason) if record.reason else ""
    return "- %s (%s)%s" % (record.address, ", ".join(facts), reason)


WHY = {
    "liste_rouge": ("Ces BAL ne sont plus utilisées (aucune connexion depuis au moins deux mois) mais restent "
                    "publiées dans l'Annuaire Santé. La liste rouge les retire de la publication ; elles "
                    "continuent de fonctionner et leurs messages sont conservés."),
    "suppression": ("Ces BAL ne sont plus utilisées et ne sont plus publiées dans l'Annuaire Santé, ou leur "
                    "titulaire a quitté l'établissement. Merci de les supprimer de la plateforme et de "
                    "l'annuaire national MSSanté."),
}


def cover_message(establishment, operator, kind, group):
    """(subject, body) of the French cover message for the operator's support."""
    who = _who(establishment)
    pending, cancelled = group["pending"], group["cancelled"]
    subject = "[MSSanté] %s — demande de %s de %d BAL" % (
        establishment.get("name") or "établissement", KIND_LABELS[kind], len(pending))
    lines = ["Bonjour,", ""]
    if pending:
        what = ("de la boîte aux lettres MSSanté suivante" if len(pending) == 1
                else "des %d boîtes aux lettres MSSanté suivantes" % len(pending))
        lines += ["%s demande à %s la %s %s :" % (who, operator, KIND_LABELS[kind], what), ""]
        lines += [_bal_line(r) for r in pending]
        lines += ["", WHY[kind]]
    if cancelled:
        lines += ["", "Merci d'annuler la demande de %s pour les BAL suivantes, de nouveau utilisées "
                  "(ou dont le titulaire est revenu) :" % KIND_LABELS[kind], ""]
        lines += [_bal_line(r) for r in cancelled]
    dates = sorted(_last(r, "pending").get("at", "") for r in pending + cancelled)
    lines += ["", "Le détail figure dans le fichier CSV joint (demande.csv, séparateur « ; »).",
              "Demande établie le %s. Merci de nous confirmer sa prise en compte." % fr_date(dates[-1]), "",
              "Cordialement,", "La DSI — %s" % who]
    if establishment.get("contact"):
        lines.append("Contact : %s" % establishment["contact"])
    return subject, "\n".join(lines) + "\n"


def render_courriel(contact, subject, body):
    return ("À : %s\nObjet : %s\n\n%s" % (contact or "(contact de l'opérateur à renseigner)", subject, body)).encode("utf-8")


def build(ledger, kind, establishment):
    """{relative path: bytes} of every request file of this kind, and the per-operator summary."""
    files, summary = {}, []
    for operator, group in sorted(select(ledger, kind).items()):
        records = group["pending"] + group["cancelled"]
        contact = next((r.operator_contact for r in records if r.operator_contact), "")
        base = "%s/%s/%s" % (REQUESTS_DIR, slug(operator), kind)
        rows = [row(r, kind) for r in group["pending"]] + [row(r, kind, True) for r in group["cancelled"]]
        subject, body = cover_message(establishment, operator, kind, group)
        files[base + "/demande.csv"] = csv_bytes(COLUMNS, rows)
        files[base + "/demande.json"] = render_json(establishment, operator, contact, kind, group)
        files[base + "/courriel.txt"] = render_courriel(contact, subject, body)
        for record in group["pending"]:
            bundle = patch_bundle(kind, record.address, record.bal, establishment.get("finess_ej", ""))
            if bundle is not None:
                files["%s/patch/%s.json" % (base, slug_address(record.address))] = (
                    json.dumps(bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        summary.append({"operator": operator, "contact": contact, "kind": kind, "dir": base,
                        "pending": [r.address for r in group["pending"]],
                        "cancelled": [r.address for r in group["cancelled"]],
                        "subject": subject, "body": body})
    return files, summary


def slug_address(address):
    return re.sub(r"[^a-z0-9@._-]+", "_", address.lower())


def _existing(root, kind):
    """Relative paths of the files of this kind already under root/requests."""
    found = set()
    top = os.path.join(root, REQUESTS_DIR)
    if not os.path.isdir(top):
        return found
    for operator in sorted(os.listdir(top)):
        kind_dir = os.path.join(top, operator, kind)
        for directory, _dirs, names in os.walk(kind_dir):
            for name in names:
                found.add(os.path.relpath(os.path.join(directory, name), root).replace(os.sep, "/"))
    return found


def _prune(directory, top):
    """fsync `directory`, and remove it and its parents up to `top` once empty."""
    fsync_dir(directory)
    while os.path.abspath(directory) != os.path.abspath(top) and not os.listdir(directory):
        os.rmdir(directory)
        directory = os.path.dirname(directory)
        fsync_dir(directory)


def sync(root, files, kind, check_mode=False):
    """Make root/requests match `files` for this kind; list of {path, state} (written|removed|unchanged)."""
    report = []
    for rel in sorted(set(files) | _existing(root, kind)):
        path = os.path.join(root, rel)
        data = files.get(rel)
        try:
            with open(path, "rb") as handle:
                current = handle.read()
        except FileNotFoundError:
            current = None
        if data is None:
            state = "removed"
            if not check_mode:
                os.unlink(path)
                _prune(os.path.dirname(path), os.path.join(root, REQUESTS_DIR))
        elif current == data:
            state = "unchanged"
        else:
            state = "written"
            if not check_mode:
                make_private_dirs(os.path.dirname(path))
                write_atomic(path, data)
        report.append({"path": path, "state": state, "changed": state != "unchanged"})
    return report
