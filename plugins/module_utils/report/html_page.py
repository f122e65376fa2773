# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""audit.html: one self-contained French page a DSI can mail to a colleague.

Summary figures, four inline SVG charts, the findings and the inventory as filterable tables,
and the meaning of every code. Everything is escaped; the same document gives the same bytes.
"""

from __future__ import annotations

from html import escape

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import (
    ACTIONS, CODES, SEVERITIES, action_label, code_label, severity_label)
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_int, fr_size
from ansible_collections.mssante.hygiene.plugins.module_utils.report.charts import CHARTS
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import (
    finding_cells, findings_by_address, mailbox_cells)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.formatting import fr_datetime
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_documents import documents_section
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_assets import PAGE, SCRIPT, STYLE
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_notices import notices_section


def _e(value):
    return escape("" if value is None else str(value))


def _identity(document):
    summary = document["summary"]
    est = summary["establishment"]
    finess = "FINESS EJ %s" % est["finess_ej"] if est["finess_ej"] else ""
    if est["finess_eg"]:
        finess += " · EG %s" % ", ".join(est["finess_eg"])
    lines = ["Plateforme %s · généré le %s" % (document["platform"] or "—", fr_datetime(document["generated_at"])),
             " · ".join(x for x in (finess, "Domaines : %s" % ", ".join(est["domains"]) if est["domains"] else "") if x)]
    return "".join("<p>%s</p>" % _e(line) for line in lines if line)


def _card(number, label, css=""):
    return '<div class="card %s"><div class="num">%s</div><div class="lbl">%s</div></div>' % (
        css, _e(number), _e(label))


def _documents_card(totals):
    if not totals["measured"]:
        return _card("non mesuré", "documents patients en attente d'intégration")
    return _card(fr_int(totals["pending"]), "documents patients en attente d'intégration (%s BAL)"
                 % fr_int(totals["mailboxes_pending"]), "warning" if totals["pending"] else "")


def _cards(summary):
    th = summary["thresholds"]
    sev = summary["by_severity"]
    cards = [
        _card(fr_int(summary["mailboxes"]), "BAL analysées"),
        _card(fr_int(summary["findings"]), "constats sur %s BAL" % fr_int(summary["mailboxes_with_findings"])),
        _card(fr_int(sev.get("critical", 0)), "constats critiques", "critical"),
        _card(fr_int(sev.get("warning", 0)), "avertissements", "warning"),
        _card(fr_int(sev.get("info", 0)), "informations", "info"),
        _card(fr_int(summary["published"]), "BAL publiées dans l'Annuaire Santé"),
        _card(fr_int(summary["inactive"]), "BAL inactives (≥ %d jours)" % th["inactivity_days"]),
        _card(fr_int(summary["activity_unknown"]), "BAL à l'activité inconnue"),
        _card(fr_size(summary["bytes"]), "volume total des BAL"),
        _card(fr_size(summary["trash_bytes"]), "dans les corbeilles (%s messages)" % fr_int(summary["trash_messages"])),
        _documents_card(summary["patient_documents"]),
    ]
    return '<section aria-labelledby="s-sum"><h2 id="s-sum">Synthèse</h2><div class="cards">%s</div></section>' % (
        "".join(cards))


def _notes(summary):
    return "".join('<p class="notice" role="note">%s</p>' % _e(note) for note in summary["notes"])


def _figure(title, note, svg):
    return '<figure><figcaption>%s</figcaption><p class="note">%s</p>%s</figure>' % (_e(title), _e(note), svg)


def _charts(document):
    figures = "".join(_figure(*chart(document)) for chart in CHARTS)
    return '<section aria-labelledby="s-charts"><h2 id="s-charts">Graphiques</h2><div class="charts">%s</div></section>' % (
        figures)


def _actions(summary):
    rows = "".join('<tr><td>%s</td><td class="n">%s</td></tr>' % (_e(label), fr_int(summary["by_action"].get(name, 0)))
                   for name, label in ACTIONS.items())
    return ('<section aria-labelledby="s-act"><h2 id="s-act">Actions recommandées</h2><table class="narrow">'
            '<caption>Nombre de constats par action recommandée</caption><thead><tr><th scope="col">Action</th>'
            '<th scope="col">Constats</th></tr></thead><tbody>%s</tbody></table></section>' % rows)


def _select(key, label, options):
    opts = '<option value="">Tous</option>' + "".join(
        '<option value="%s">%s</option>' % (_e(value), _e(text)) for value, text in options)
    return '<label>%s<select data-key="%s">%s</select></label>' % (_e(label), key, opts)


def _filters(table_id, selects, count):
    return ('<form class="filters" data-table="%s" role="search"><label>Rechercher<input type="search" '
            'data-key="text" placeholder="adresse, service, détail…"></label>%s<button type="reset">Effacer</button>'
            '<output aria-live="polite">%s ligne(s)</output></form>' % (table_id, "".join(selects), fr_int(count)))


def _services(document):
    return sorted({mailbox_cells(m)["service"] for m in document["mailboxes"]})


def _findings(document):
    services = {m["address"]: mailbox_cells(m)["service"] for m in document["mailboxes"]}
    rows = []
    for finding in document["findings"]:
        cells = finding_cells(finding)
        service = services.get(finding["address"], "")
        rows.append('<tr data-severity="%s" data-code="%s" data-action="%s" data-service="%s"><td><span class="sev %s">'
                    '%s</span></td><td>%s<br><code>%s</code></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>'
                    % (_e(finding["severity"]), _e(finding["code"]), _e(finding["action"]), _e(service),
                       _e(finding["severity"]), _e(cells["severity"]), _e(cells["label"]), _e(finding["code"]),
                       _e(finding["address"]), _e(service), _e(cells["action"]), _e(cells["detail"])))
    selects = [_select("severity", "Gravité", SEVERITIES.items()),
               _select("code", "Constat", [(c, code_label(c)) for c in CODES]),
               _select("action", "Action", ACTIONS.items()),
               _select("service", "Service", [(s, s) for s in _services(document)])]
    return ('<section aria-labelledby="s-find"><h2 id="s-find">Constats</h2>%s<div class="wrap"><table id="t-findings">'
            '<caption>Un constat par ligne, les plus graves d\'abord</caption><thead><tr><th scope="col">Gravité</th>'
            '<th scope="col">Constat</th><th scope="col">Adresse</th><th scope="col">Service</th>'
            '<th scope="col">Action recommandée</th><th scope="col">Détail</th></tr></thead><tbody>%s</tbody></table>'
            '</div></section>' % (_filters("t-findings", selects, len(rows)), "".join(rows)))


def _inventory_row(mailbox, codes):
    cells = mailbox_cells(mailbox)
    numbers = [fr_int(mailbox["messages"]) if mailbox["messages"] is not None else "—",
               fr_size(mailbox["bytes"]), fr_size(mailbox["trash_bytes"]), cells["quota"] or "—"]
    return ('<tr data-has="%s" data-codes="%s" data-service="%s"><td>%s</td><td>%s</td><td>%s</td><td>%s</td>'
            '<td>%s</td><td>%s</td><td>%s</td><td class="n">%s</td>%s<td>%s%s</td></tr>'
            % ("oui" if codes else "non", _e(" ".join(codes)), _e(cells["service"]), _e(cells["address"]),
               _e(cells["type"]), _e(cells["service"]), _e(cells["owner"]), _e(cells["directory"]),
               _e(cells["published"]), _e(cells["last_activity"] or "—"), _e(cells["inactive_days"] or "—"),
               "".join('<td class="n">%s</td>' % _e(n) for n in numbers),
               _e(", ".join(code_label(c) for c in codes) or "—"),
               "".join('<br><small class="note">%s</small>' % _e(note) for note in mailbox["notes"])))


def _inventory(document):
    grouped = findings_by_address(document)
    rows = [_inventory_row(m, [f["code"] for f in grouped.get(m["address"], [])]) for m in document["mailboxes"]]
    heads = ("Adresse", "Type", "Service", "Titulaire", "Annuaire local", "Publiée", "Dernière activité",
             "Jours sans activité", "Messages", "Volume", "Corbeille", "Quota", "Constats")
    selects = [_select("has", "Avec constat", [("oui", "oui"), ("non", "non")]),
               _select("codes", "Constat", [(c, code_label(c)) for c in CODES]),
               _select("service", "Service", [(s, s) for s in _services(document)])]
    return ('<section aria-labelledby="s-inv"><h2 id="s-inv">Inventaire des BAL</h2>%s<div class="wrap">'
            '<table id="t-mailboxes"><caption>Une ligne par BAL de nos domaines, ce qu\'en disent l\'annuaire local, '
            'l\'Annuaire Santé et la plateforme</caption><thead><tr>%s</tr></thead><tbody>%s</tbody></table></div>'
            '</section>' % (_filters("t-mailboxes", selects, len(rows)),
                            "".join('<th scope="col">%s</th>' % _e(h) for h in heads), "".join(rows)))


def _legend():
    rows = "".join('<tr><td><code>%s</code><br>%s</td><td>%s</td><td>%s</td><td><span class="sev %s">%s</span></td></tr>'
                   % (_e(code), _e(label), _e(meaning), _e(action_label(action)), _e(severity),
                      _e(severity_label(severity)))
                   for code, (label, meaning, severity, action) in CODES.items())
    return ('<section aria-labelledby="s-codes"><h2 id="s-codes">Signification des constats</h2><table><thead><tr>'
            '<th scope="col">Code</th><th scope="col">Signification</th><th scope="col">Action recommandée</th>'
            '<th scope="col">Gravité habituelle</th></tr></thead><tbody>%s</tbody></table></section>' % rows)


def _footer(summary):
    th = summary["thresholds"]
    values = (th["inactivity_days"], th["deletion_after_days"], th["trash_max_age_days"],
              int(th["quota_warning_ratio"] * 100))
    return _e("Document contenant des données personnelles : diffusion restreinte aux personnes habilitées. "
              "Seuils : inactivité %d jours (dépublication nationale automatique), suppression proposée après %d "
              "jours sans activité, corbeille %d jours, alerte quota %d %%. Analyse en lecture seule : aucune BAL "
              "n'a été modifiée." % values)


def render_html(document):
    summary = document["summary"]
    name = summary["establishment"]["name"]
    title = "Audit des BAL MSSanté" + (" — %s" % name if name else "")
    body = "".join([_notes(summary), _cards(summary), _charts(document), _actions(summary), _findings(document),
                    notices_section(document), documents_section(document), _inventory(document), _legend()])
    page = PAGE.substitute(generated_at=_e(document["generated_at"]), title=_e(title), style=STYLE,
                           identity=_identity(document), body=body, footer=_footer(summary), script=SCRIPT)
    return page.encode("utf-8")
