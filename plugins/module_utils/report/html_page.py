# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""audit.html: one self-contained French page a DSI can mail to a colleague.

Summary figures, golden-rule scores, what changed since the last audit and the trend, four inline
SVG charts, breakdowns by site and service, operator requests, the findings and the inventory as
filterable, sortable tables, and the meaning of every code. Everything is escaped; the same
document gives the same bytes; a section whose key an older audit.json lacks is left out.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import (
    ACTIONS, CODES, action_label, severity_label)
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_int, fr_size
from ansible_collections.mssante.hygiene.plugins.module_utils.report.charts import CHARTS
from ansible_collections.mssante.hygiene.plugins.module_utils.report.formatting import fr_datetime
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_assets import PAGE, SCRIPT, STYLE
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_breakdown import (
    platforms_section, scores_section, services_section, sites_section)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_cells import (
    cell, count_cell, esc, figure, section, sortable_table)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_changes import changes_section
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_documents import documents_section
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_notices import notices_section
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_requests import requests_section
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_tables import (
    findings_section, inventory_section)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_trend import trend_section


def _identity(document):
    summary = document["summary"]
    est = summary["establishment"]
    finess = "FINESS EJ %s" % est["finess_ej"] if est["finess_ej"] else ""
    if est["finess_eg"]:
        finess += " · EG %s" % ", ".join(est["finess_eg"])
    lines = ["Plateforme %s · généré le %s" % (document["platform"] or "—", fr_datetime(document["generated_at"])),
             " · ".join(x for x in (finess, "Domaines : %s" % ", ".join(est["domains"]) if est["domains"] else "") if x)]
    return "".join("<p>%s</p>" % esc(line) for line in lines if line)


def _card(number, label, css=""):
    return '<div class="card %s"><div class="num">%s</div><div class="lbl">%s</div></div>' % (
        css, esc(number), esc(label))


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
    ]
    if summary.get("platform_measured", True):
        cards += [_card(fr_size(summary["bytes"]), "volume total des BAL"),
                  _card(fr_size(summary["trash_bytes"]),
                        "dans les corbeilles (%s messages)" % fr_int(summary["trash_messages"]))]
    else:  # hosted elsewhere: the volumes were not measured, never shown as zero
        cards += [_card("non mesuré", "volume des BAL et des corbeilles (plateforme non lue)")]
    cards.append(_documents_card(summary["patient_documents"]))
    if "requests" in summary:  # absent from an audit.json older than the requests ledger in the report
        cards.append(_card(fr_int(summary["requests"].get("pending", 0)), "demandes à l'opérateur en attente"))
    return '<section aria-labelledby="s-sum"><h2 id="s-sum">Synthèse</h2><div class="cards">%s</div></section>' % (
        "".join(cards))


def _notes(summary):
    return "".join('<p class="notice" role="note">%s</p>' % esc(note) for note in summary["notes"])


def _charts(document):
    figures = "".join(figure(*chart(document)) for chart in CHARTS)
    return section("s-charts", "Graphiques", '<div class="charts">%s</div>' % figures)


def _actions(summary):
    rows = ["<tr>%s%s</tr>" % (cell(label), count_cell(summary["by_action"].get(name, 0)))
            for name, label in ACTIONS.items()]
    return section("s-act", "Actions recommandées", sortable_table(
        "t-actions", "Nombre de constats par action recommandée", ("Action", "Constats"), rows, "narrow"))


def _legend():
    rows = "".join('<tr><td><code>%s</code><br>%s</td><td>%s</td><td>%s</td><td><span class="sev %s">%s</span></td></tr>'
                   % (esc(code), esc(label), esc(meaning), esc(action_label(action)), esc(severity),
                      esc(severity_label(severity)))
                   for code, (label, meaning, severity, action) in CODES.items())
    return ('<section aria-labelledby="s-codes"><h2 id="s-codes">Signification des constats</h2><table><thead><tr>'
            '<th scope="col">Code</th><th scope="col">Signification</th><th scope="col">Action recommandée</th>'
            '<th scope="col">Gravité habituelle</th></tr></thead><tbody>%s</tbody></table></section>' % rows)


def _footer(summary):
    th = summary["thresholds"]
    values = (th["inactivity_days"], th["deletion_after_days"], th["trash_max_age_days"],
              int(th["quota_warning_ratio"] * 100))
    return esc("Document contenant des données personnelles : diffusion restreinte aux personnes habilitées. "
               "Seuils : inactivité %d jours (dépublication nationale automatique), suppression proposée après %d "
               "jours sans activité, corbeille %d jours, alerte quota %d %%. Analyse en lecture seule : aucune BAL "
               "n'a été modifiée." % values)


_ROWS_PER_CHUNK = 250  # rows of a big table encoded together (about 150 kB)
# where the body goes in the page: the sections are encoded one by one around it
_BODY = "\x00body\x00"


def _sections(document):
    summary = document["summary"]
    return (lambda: _notes(summary), lambda: _cards(summary), lambda: platforms_section(document),
            lambda: scores_section(document), lambda: changes_section(document), lambda: trend_section(document),
            lambda: _charts(document), lambda: sites_section(document), lambda: services_section(document),
            lambda: _actions(summary), lambda: requests_section(document), lambda: findings_section(document),
            lambda: notices_section(document), lambda: documents_section(document),
            lambda: inventory_section(document), _legend)


def _encoded(part):
    """A section's UTF-8 chunks: a string at once, a Streamed (two big tables) some rows at a time."""
    if isinstance(part, str):
        yield part.encode("utf-8")
        return
    batch = []
    for piece in part:
        batch.append(piece)
        if len(batch) >= _ROWS_PER_CHUNK:
            yield "".join(batch).encode("utf-8")
            batch = []
    yield "".join(batch).encode("utf-8")


def html_chunks(document):
    """audit.html as UTF-8 chunks, one per section: the page's text (two or four bytes per
    character once one is outside Latin-1) never exists whole."""
    summary = document["summary"]
    name = summary["establishment"]["name"]
    title = "Audit des BAL MSSanté" + (" — %s" % name if name else "")
    page = PAGE.substitute(generated_at=esc(document["generated_at"]), title=esc(title), style=STYLE,
                           identity=_identity(document), body=_BODY, footer=_footer(summary), script=SCRIPT)
    head, tail = page.split(_BODY)
    yield head.encode("utf-8")
    for section in _sections(document):
        yield from _encoded(section())
    yield tail.encode("utf-8")


def render_html(document):
    """audit.html bytes (html_chunks joined)."""
    return b"".join(html_chunks(document))
