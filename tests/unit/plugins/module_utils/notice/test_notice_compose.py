# SPDX-License-Identifier: GPL-3.0-or-later
"""Owner notices rendered from the message model: every kind of item, overrides, errors, escaping."""
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_long_date
from ansible_collections.mssante.hygiene.plugins.module_utils.notice import compose
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.compose import NoticeTemplateError, render
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french

CONTEXT = {"establishment": {"name": "CH Exemple", "contact": "dsi@ch-exemple.fr"},
           "annuaire_url": "https://annuaire.esante.gouv.fr", "today": "2026-12-01",
           "sender": "dsi-hygiene@ch-exemple.fr", "inactivity_days": 60}
BAL = "jean.martin@ch-exemple.mssante.fr"


def item(code, todo, address=BAL, **extra):
    entry = {"address": address, "bal_type": "PER", "service": "Cardiologie", "code": code, "todo": todo,
             "due": "", "announces": "", "announce_date": "", "reminder": False, "facts": {}}
    entry.update(extra)
    return entry


def message(*items, audience="owner", owner_name="Jean Martin"):
    return {"recipients": ["jean.martin@ch-exemple.fr"], "audience": audience, "owner_name": owner_name,
            "items": list(items)}


def flat(text):
    """The text as one line (bodies wrap lines; no-break spaces become spaces) for phrase checks."""
    return compose.oneline(text.replace("\u00a0", " ").replace("\n    ", " "))


# item -> phrases the owner must read, in both bodies
KINDS = [
    (item("inactive_soon", "reconnect", due="2027-01-15", facts={"last_activity": "2026-10-17"}),
     ["Aucune connexion depuis le 17 octobre 2026.",
      "Reconnectez-vous avant le 15 janvier 2027, sinon elle sera dépubliée de l'Annuaire Santé"]),
    (item("inactive", "reconnect", due="2026-12-15", announces="liste_rouge", announce_date="2026-12-15",
          facts={"inactive_days": 122}),
     ["Aucune connexion depuis 122 jours.", "Reconnectez-vous avant le 15 décembre 2026",
      "nous demanderons à partir du 15 décembre 2026 sa mise en liste rouge"]),
    (item("departed_owner", "none", announces="suppression", announce_date="2027-01-01"),
     ["Son titulaire a quitté l'établissement",
      "Nous demanderons sa suppression à l'opérateur à partir du 1er janvier 2027"]),
    (item("unpublished_inactive", "none", announces="suppression", announce_date="2026-12-31"),
     ["n'est plus publiée dans l'Annuaire Santé", "sa suppression à l'opérateur à partir du 31 décembre 2026"]),
    (item("orphan_published", "none", announces="suppression", announce_date="2026-12-31"),
     ["les messages qui lui sont envoyés sont perdus", "à partir du 31 décembre 2026"]),
    (item("no_preferred", "choose_preferred"),
     ["Choisissez votre BAL préférée dans l'Annuaire Santé", "https://annuaire.esante.gouv.fr"]),
    (item("documents_not_integrated", "transfer", facts={"documents_pending": 1}),
     ["1 document patient reçu attend encore d'être intégré au dossier patient.",
      "Transférez-le dans le dossier patient."]),
    (item("documents_not_integrated", "transfer", facts={"documents_pending": 3}),
     ["3 documents patients reçus attendent", "Transférez-les dans le dossier patient."]),
    (item("trash_overdue", "empty_trash", facts={"trash_messages": 1240}),
     ["La corbeille contient 1\u202f240 messages", "Videz la corbeille."]),
    (item("quota_near_full", "free_space", facts={"quota_percent": 96}),
     ["remplie à 96 % de son quota", "Libérez de l'espace"]),
]


@pytest.mark.parametrize("entry, phrases", KINDS, ids=[kind[0]["code"] + "-" + kind[0]["todo"] for kind in KINDS])
def test_every_kind_says_what_to_do_and_by_when(entry, phrases):
    rendered = render(message(entry), CONTEXT)
    text, html = flat(rendered.text), flat(rendered.html).replace("&#39;", "'")
    for phrase in phrases:
        assert phrase in text, (phrase, rendered.text)
        assert phrase in html, (phrase, rendered.html)
    assert "Bonjour Jean Martin," in text
    assert "CH Exemple vérifie régulièrement" in text and "« règles d'or »" in text
    assert "Écrivez à dsi@ch-exemple.fr" in text and "ne plus recevoir ces messages" in text
    assert "Message automatique envoyé le 1er décembre 2026 par CH Exemple" in text
    assert max(len(line) for line in rendered.text.splitlines()) <= 80


def test_subject_is_one_line_with_the_first_date():
    rendered = render(message(item("no_preferred", "choose_preferred"),
                              item("inactive_soon", "reconnect", due="2027-01-15"),
                              item("inactive", "reconnect", address="cardio@ch-exemple.mssante.fr", due="2026-12-20")),
                      CONTEXT)
    assert rendered.subject == "CH Exemple – vos 2 BAL MSSanté : à faire avant le 20 décembre 2026"
    alone = render(message(item("no_preferred", "choose_preferred")), dict(CONTEXT, establishment={
        "name": "CH\nExemple", "contact": "dsi@ch-exemple.fr"}))
    assert alone.subject == "CH Exemple – votre BAL MSSanté %s : 1 point à voir" % BAL


def test_items_are_grouped_by_bal_in_their_order():
    rendered = render(message(item("no_preferred", "choose_preferred"),
                              item("trash_overdue", "empty_trash", address="cardio@ch-exemple.mssante.fr",
                                   bal_type="ORG"),
                              item("quota_near_full", "free_space", address="cardio@ch-exemple.mssante.fr",
                                   bal_type="ORG")), CONTEXT)
    text = rendered.text
    assert text.count("cardio@ch-exemple.mssante.fr (BAL organisationnelle, service Cardiologie)") == 1
    assert text.index(BAL) < text.index("cardio@") < text.index("Videz") < text.index("Libérez")
    assert "chacune de ces 2 BAL" in text


def test_reminders_are_marked():
    both = render(message(item("inactive_soon", "reconnect", due="2027-01-15", reminder=True)), CONTEXT)
    assert both.subject.startswith("Rappel : CH Exemple")
    assert "- [Rappel] Aucune connexion" in both.text and ">Rappel</span>" in both.html
    mixed = render(message(item("inactive_soon", "reconnect", due="2027-01-15", reminder=True),
                           item("no_preferred", "choose_preferred")), CONTEXT)
    assert not mixed.subject.startswith("Rappel") and mixed.text.count("[Rappel]") == 1


def test_contact_audience_is_told_why_they_receive_it():
    rendered = render(message(item("inactive", "reconnect", bal_type="ORG"), audience="contact", owner_name="X"),
                      CONTEXT)
    assert "Bonjour,\n" in rendered.text and "X" not in rendered.text.split("\n")[0]
    assert "contact désigné" in rendered.text and "contact désigné" in rendered.html


def test_html_is_self_contained_and_escapes_what_it_is_given():
    hostile = '<script>alert("x")</script>'
    rendered = render(message(item("no_preferred", "choose_preferred", service=hostile), owner_name="<b>Jean</b>"),
                      dict(CONTEXT, establishment={"name": "CH <i>Exemple</i>", "contact": "dsi@ch-exemple.fr"}))
    html = rendered.html
    assert "<script" not in html and "<b>Jean" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html and "&lt;b&gt;Jean&lt;/b&gt;" in html
    for fetch in ("<img", "<link", "<style", "<script", "src=", "url(", "@import"):
        assert fetch not in html.lower(), fetch
    assert html.lstrip().startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    # the plain text is not HTML: shown as written
    assert hostile in rendered.text


def test_no_patient_data_field_reaches_a_message():
    """Only counts are read from facts: an unexpected key (a subject) is never shown."""
    rendered = render(message(item("documents_not_integrated", "transfer",
                                   facts={"documents_pending": 2, "subject": "XDM/1.0/DDM Dupont Marie"})), CONTEXT)
    assert "Dupont" not in rendered.text + rendered.html + rendered.subject


def test_partial_override_keeps_the_other_builtins(tmp_path):
    (tmp_path / "subject.j2").write_text("Avis {{ establishment.name }} du {{ today | fr_date }}\n\n", "utf-8")
    (tmp_path / "body.html.j2").write_text(
        '{% extends "builtin/body.html.j2" %}', "utf-8")
    rendered = render(message(item("no_preferred", "choose_preferred")), CONTEXT, templates_dir=str(tmp_path))
    assert rendered.subject == "Avis CH Exemple du 1er décembre 2026"
    assert "Choisissez votre BAL préférée" in rendered.text
    assert rendered.html == render(message(item("no_preferred", "choose_preferred")), CONTEXT).html


def test_an_override_replaces_one_block_of_a_builtin(tmp_path):
    (tmp_path / "body.txt.j2").write_text(
        '{% extends "builtin/body.txt.j2" %}\n{% block signature %}\nLa DSI du {{ establishment.name }}, '
        'hotline 01 23 45 67 89\n{% include "signature.txt" %}\n{% endblock %}\n', "utf-8")
    (tmp_path / "signature.txt").write_text("Bureau {{ bals | length }}\n", "utf-8")
    rendered = render(message(item("trash_overdue", "empty_trash")), CONTEXT, templates_dir=str(tmp_path))
    assert "La DSI du CH Exemple, hotline 01 23 45 67 89\nBureau 1\n" in rendered.text
    assert "Cordialement" not in rendered.text and "Videz la corbeille." in rendered.text
    assert "Cordialement" in rendered.html


def test_override_of_the_phrases_changes_both_bodies(tmp_path):
    (tmp_path / "phrases.j2").write_text(
        '{% import "builtin/phrases.j2" as base %}'
        '{% macro bal_kind(bal) %}{{ base.bal_kind(bal) }}{% endmacro %}'
        '{% macro situation(item) %}{{ base.situation(item) }}{% endmacro %}'
        '{% macro announcement(item) %}{{ base.announcement(item) }}{% endmacro %}'
        '{% macro action(item) %}Merci de faire le point avec {{ item.service }} (tél. 1234).{% endmacro %}',
        "utf-8")
    rendered = render(message(item("trash_overdue", "empty_trash")), CONTEXT, templates_dir=str(tmp_path))
    assert "Merci de faire le point avec Cardiologie" in flat(rendered.text)
    assert "Merci de faire le point avec Cardiologie" in rendered.html
    assert "Videz" not in rendered.text


@pytest.mark.parametrize("name, source, line, reason", [
    ("body.txt.j2", "Bonjour\n\n{{ owner_nom }}\n", 3, "variable « owner_nom » non définie"),
    ("body.txt.j2", "Bonjour\n{% for x in items %}\n{{ x }}\n", 3, "fin du modèle inattendue"),
    ("subject.j2", "{{ items | inconnu }}", 1, "filtre « inconnu » inconnu"),
    ("body.html.j2", "<p>\n{{ establishment.telephone }}</p>", 2, "clé ou attribut « telephone » absent"),
    ("body.txt.j2", "{{ items.__class__.__mro__ }}", 1, "opération interdite"),
])
def test_a_broken_override_names_its_file_and_line(tmp_path, name, source, line, reason):
    (tmp_path / name).write_text(source, "utf-8")
    with pytest.raises(NoticeTemplateError) as caught:
        render(message(item("no_preferred", "choose_preferred")), CONTEXT, templates_dir=str(tmp_path))
    text = str(caught.value)
    assert_plain_french(text, "templates_dir", str(tmp_path / name), "ligne %d" % line, reason)
    assert caught.value.parameter == "templates_dir"


def test_undefined_in_an_included_file_names_that_file(tmp_path):
    (tmp_path / "body.txt.j2").write_text("Bonjour\n{% include 'signature.txt' %}\n", "utf-8")
    (tmp_path / "signature.txt").write_text("--\n{{ establishment.name }}\n{{ signataire }}\n", "utf-8")
    with pytest.raises(NoticeTemplateError) as caught:
        render(message(item("no_preferred", "choose_preferred")), CONTEXT, templates_dir=str(tmp_path))
    assert_plain_french(str(caught.value), str(tmp_path / "signature.txt"), "ligne 3", "« signataire »")


def test_templates_cannot_reach_outside_their_directory(tmp_path):
    secret = tmp_path / "secret.j2"
    secret.write_text("SECRET", "utf-8")
    inner = tmp_path / "modeles"
    inner.mkdir()
    (inner / "body.txt.j2").write_text("{% include '../secret.j2' %}", "utf-8")
    with pytest.raises(NoticeTemplateError) as caught:
        render(message(item("no_preferred", "choose_preferred")), CONTEXT, templates_dir=str(inner))
    assert_plain_french(str(caught.value), "introuvable")


def test_a_missing_or_empty_directory_is_refused(tmp_path):
    with pytest.raises(NoticeTemplateError) as caught:
        render(message(item("no_preferred", "choose_preferred")), CONTEXT, templates_dir=str(tmp_path / "absent"))
    assert_plain_french(str(caught.value), "templates_dir", "illisible")
    (tmp_path / "body.html").write_text("<p>oubli du .j2</p>", "utf-8")
    with pytest.raises(NoticeTemplateError) as caught:
        render(message(item("no_preferred", "choose_preferred")), CONTEXT, templates_dir=str(tmp_path))
    assert_plain_french(str(caught.value), "templates_dir", "body.html.j2")


def test_a_template_not_in_utf8_is_refused(tmp_path):
    (tmp_path / "subject.j2").write_bytes("Avis été".encode("latin-1"))
    with pytest.raises(NoticeTemplateError) as caught:
        render(message(item("no_preferred", "choose_preferred")), CONTEXT, templates_dir=str(tmp_path))
    assert_plain_french(str(caught.value), "UTF-8", "subject.j2")


def test_an_empty_subject_is_refused(tmp_path):
    (tmp_path / "subject.j2").write_text("{# rien #}\n", "utf-8")
    with pytest.raises(NoticeTemplateError) as caught:
        render(message(item("no_preferred", "choose_preferred")), CONTEXT, templates_dir=str(tmp_path))
    assert_plain_french(str(caught.value), "subject.j2", "vide")


@pytest.mark.parametrize("change, parameter", [
    (lambda m, c: m["items"][0].update(todo="reconnecter"), "message.items[0].todo"),
    (lambda m, c: m["items"][0].update(announces="liste rouge"), "message.items[0].announces"),
    (lambda m, c: m["items"][0].update(due="15/01/2027"), "message.items[0].due"),
    (lambda m, c: m["items"][0].update(address=""), "message.items[0].address"),
    (lambda m, c: m["items"][0].update(facts=[1]), "message.items[0].facts"),
    (lambda m, c: m.update(items=[]), "message.items"),
    (lambda m, c: c["establishment"].update(contact=""), "establishment.contact"),
    (lambda m, c: c.update(annuaire_url="javascript:alert(1)"), "annuaire_url"),
    (lambda m, c: c.update(today="demain"), "today"),
    (lambda m, c: c.pop("today"), "today"),
])
def test_bad_data_is_refused_by_name_never_rendered_empty(change, parameter):
    bad_message = message(item("inactive_soon", "reconnect", due="2027-01-15"))
    bad_context = dict(CONTEXT, establishment=dict(CONTEXT["establishment"]))
    change(bad_message, bad_context)
    with pytest.raises(NoticeTemplateError) as caught:
        render(bad_message, bad_context)
    assert_plain_french(str(caught.value), parameter)
    assert caught.value.parameter == parameter


def test_missing_jinja2_is_said_in_french(monkeypatch):
    monkeypatch.setattr(compose, "HAS_JINJA2", False)
    with pytest.raises(NoticeTemplateError) as caught:
        render(message(item("no_preferred", "choose_preferred")), CONTEXT)
    assert_plain_french(str(caught.value), "jinja2")


def test_long_french_dates():
    assert fr_long_date("2027-01-15") == "15 janvier 2027"
    assert fr_long_date("2026-12-01T08:00:00+00:00") == "1er décembre 2026"
    assert fr_long_date("") == fr_long_date("2026-13-01") == fr_long_date(None) == ""


def test_wrapping_keeps_addresses_and_guillemets_whole():
    text = compose.fr_wrap("Écrivez à dsi-hygiene@ch-exemple-tres-long.fr ; les « règles d'or » " * 3, 30, "  ")
    assert "dsi-hygiene@ch-exemple-tres-long.fr" in text and "«\n" not in text and "\n  ;" not in text
