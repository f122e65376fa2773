# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The built-in Jinja2 templates of the owner notices, as Python strings (module_utils ships .py only).

An establishment overrides any of them with a file of the same name in its templates directory
(compose.py). Each built-in is also reachable as `builtin/<name>`: an override can
`{% extends "builtin/body.txt.j2" %}` and replace one of the blocks both bodies have (greeting,
intro, todo, contact, signature). `phrases.j2` holds the French sentence of each thing to do,
shared by both bodies: overriding it alone changes the wording of the text and the HTML at once.
"""

from __future__ import annotations

SUBJECT = """\
{% if all_reminders %}Rappel : {% endif %}{{ establishment.name }} – \
{% if bals | length == 1 %}votre BAL MSSanté {{ bals[0].address }}{% else %}vos {{ bals | length }} BAL MSSanté{% endif %} : \
{% if first_due %}à faire avant le {{ first_due | fr_date }}\
{% else %}{{ items | length | fr_count("point à voir", "points à voir") }}{% endif %}
"""

# Each macro yields plain text on several lines; callers join it with the `oneline` filter.
PHRASES = """\
{% macro bal_kind(bal) %}
{{ {"PER": "BAL personnelle", "ORG": "BAL organisationnelle", "APP": "BAL applicative",
    "CAB": "BAL de cabinet"}.get(bal.bal_type, "BAL") }}{% if bal.service %}, service {{ bal.service }}{% endif %}
{% endmacro %}

{% macro by(item) %}{% if item.due %} avant le {{ item.due | fr_date }}{% endif %}{% endmacro %}

{% macro situation(item) %}
{% set facts = item.facts %}
{% if item.code in ("inactive_soon", "inactive") %}
  Aucune connexion {% if facts.get("last_activity") %}depuis le {{ facts.last_activity | fr_date }}
  {%- elif facts.get("inactive_days") %}depuis {{ facts.inactive_days | fr_count("jour") }}
  {%- else %}récente{% endif %}.
{% elif item.code == "no_preferred" %}
  Aucune de vos BAL n'est indiquée comme BAL préférée dans l'Annuaire Santé.
{% elif item.code == "documents_not_integrated" %}
  {% if facts.get("documents_pending") %}
    {{ facts.documents_pending | fr_count("document patient reçu", "documents patients reçus") }}
    {{ facts.documents_pending | fr_agree("attend", "attendent") }} encore d'être
    {{ facts.documents_pending | fr_agree("intégré", "intégrés") }} au dossier patient.
  {% else %}
    Des documents patients reçus attendent encore d'être intégrés au dossier patient.
  {% endif %}
{% elif item.code == "trash_overdue" %}
  La corbeille contient {% if facts.get("trash_messages") %}{{ facts.trash_messages | fr_count("message") }}
  {%- else %}des messages{% endif %} gardés plus longtemps que nécessaire.
{% elif item.code == "quota_near_full" %}
  {% if facts.get("quota_percent") %}La boîte est remplie à {{ facts.quota_percent }} % de son quota :
  {% else %}La boîte est presque pleine :{% endif %} une fois pleine, elle refusera les messages de vos correspondants.
{% elif item.code == "departed_owner" %}
  Son titulaire a quitté l'établissement ou n'y exerce plus.
{% elif item.code == "unpublished_inactive" %}
  Elle n'est plus utilisée et n'est plus publiée dans l'Annuaire Santé.
{% elif item.code == "orphan_published" %}
  Cette adresse est publiée dans l'Annuaire Santé mais aucune boîte ne la relève :
  les messages qui lui sont envoyés sont perdus.
{% endif %}
{% endmacro %}

{% macro action(item) %}
{% if item.todo == "reconnect" %}
  Reconnectez-vous{% if item.due %} avant le {{ item.due | fr_date }}{% else %} dès que possible{% endif %}
  {%- if item.code == "inactive_soon" %}, sinon elle sera dépubliée de l'Annuaire Santé{% endif %}
  (une connexion à votre messagerie suffit).
{% elif item.todo == "choose_preferred" %}
  Choisissez votre BAL préférée dans l'Annuaire Santé{{ by(item) }} : c'est l'adresse que vos
  correspondants trouveront en premier.
{% elif item.todo == "transfer" %}
  {% set count = item.facts.get("documents_pending", 0) %}
  {% if count %}Transférez-{{ "le" if count == 1 else "les" }}{% else %}Transférez-les{% endif %}
  dans le dossier patient{{ by(item) }}.
{% elif item.todo == "empty_trash" %}
  Videz la corbeille{{ by(item) }}.
{% elif item.todo == "free_space" %}
  Libérez de l'espace{{ by(item) }} : videz la corbeille et supprimez ou archivez les messages
  dont vous n'avez plus besoin.
{% endif %}
{% endmacro %}

{% macro announcement(item) %}
{% set from_date %}{% if item.announce_date %}à partir du {{ item.announce_date | fr_date }}{% else %}prochainement{% endif %}{% endset %}
{% if item.announces == "liste_rouge" %}
  Sans connexion de votre part, nous demanderons {{ from_date }} sa mise en liste rouge :
  elle sera retirée de l'Annuaire Santé et vos correspondants ne la trouveront plus.
{% elif item.announces == "suppression" %}
  Nous demanderons sa suppression à l'opérateur {{ from_date }} ; si elle doit être conservée,
  écrivez-nous {% if item.announce_date %}avant cette date{% else %}sans attendre{% endif %}.
{% endif %}
{% endmacro %}
"""

BODY_TEXT = """\
{% import "phrases.j2" as phrases %}
{% block greeting %}
Bonjour{% if audience == "owner" and owner_name %} {{ owner_name }}{% endif %},
{% endblock %}

{% block intro %}
{% if audience == "contact" %}
{{ "Vous recevez ce message comme responsable ou contact désigné des boîtes aux lettres MSSanté
ci-dessous ; merci de le faire suivre aux personnes qui les relèvent." | fr_wrap(72) }}

{% endif %}
{{ (establishment.name ~ " vérifie régulièrement les boîtes aux lettres MSSanté (BAL)
publiées à son nom dans l'Annuaire Santé : l'Agence du numérique en santé (ANS) demande à chaque
établissement d'appliquer ses trois « règles d'or » (maîtriser ses BAL, les alléger, les valoriser),
pour que chaque message de santé arrive dans une boîte relevée.") | fr_wrap(72) }}
{% endblock %}

{% block todo %}
{% if bals | length == 1 %}Voici ce qu'il reste à faire :{% else %}Voici ce qu'il reste à faire pour chacune de ces {{ bals | length }} BAL :{% endif %}


{% for bal in bals %}
{{ bal.address }} ({{ phrases.bal_kind(bal) | oneline }})
{% for item in bal.findings %}
{% set sentence %}
{% if item.reminder %}[Rappel] {% endif %}{{ phrases.situation(item) }} {{ phrases.action(item) }} {{ phrases.announcement(item) }}
{% endset %}
  - {{ sentence | fr_wrap(70, "    ") }}
{% if item.todo == "choose_preferred" %}
    Annuaire Santé : {{ annuaire_url }}
{% endif %}
{% endfor %}

{% endfor %}
{% endblock %}
{% block contact %}
{{ ("Une question, ou une BAL qui doit être conservée ? Écrivez à " ~ establishment.contact ~ ".
C'est aussi à cette adresse qu'il faut demander à ne plus recevoir ces messages.")
   | fr_wrap(72) }}
{% endblock %}

{% block signature %}
Cordialement,
{{ establishment.name }} – {{ establishment.contact }}
{% endblock %}

--\x20
{{ ("Message automatique envoyé le " ~ (today | fr_date) ~ " par " ~ establishment.name
    ~ " (hygiène des BAL MSSanté).") | fr_wrap(72) }}
"""

# Inline styles only, no image, no external sheet: mail clients block what a page would fetch.
BODY_HTML = """\
{% import "phrases.j2" as phrases %}
<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>{{ establishment.name }} – vos BAL MSSanté</title></head>
<body style="margin:0;padding:0;background:#f4f6f8;">
<div style="max-width:640px;margin:0 auto;padding:24px;background:#ffffff;color:#1f2933;
 font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;">
{% block greeting %}
<p style="margin:0 0 16px;">Bonjour{% if audience == "owner" and owner_name %} {{ owner_name }}{% endif %},</p>
{% endblock %}
{% block intro %}
{% if audience == "contact" %}
<p style="margin:0 0 16px;">Vous recevez ce message comme responsable ou contact désigné des boîtes aux lettres
MSSanté ci-dessous ; merci de le faire suivre aux personnes qui les relèvent.</p>
{% endif %}
<p style="margin:0 0 16px;">{{ establishment.name }} vérifie régulièrement les boîtes aux lettres MSSanté (BAL)
publiées à son nom dans l'Annuaire Santé : l'Agence du numérique en santé (ANS) demande à chaque établissement
d'appliquer ses trois « règles d'or » (maîtriser ses BAL, les alléger, les valoriser), pour que chaque message
de santé arrive dans une boîte relevée.</p>
{% endblock %}
{% block todo %}
<p style="margin:0 0 16px;">Voici ce qu'il reste à faire
{%- if bals | length > 1 %} pour chacune de ces {{ bals | length }} BAL{% endif %} :</p>
{% for bal in bals %}
<div style="margin:0 0 16px;padding:12px 16px;border:1px solid #d9e2ec;border-left:4px solid #1d4ed8;
 border-radius:4px;">
<p style="margin:0 0 8px;"><strong>{{ bal.address }}</strong>
<span style="color:#52606d;">({{ phrases.bal_kind(bal) | oneline }})</span></p>
<ul style="margin:0;padding-left:20px;">
{% for item in bal.findings %}
<li style="margin:0 0 8px;">
{% if item.reminder %}<span style="display:inline-block;padding:0 6px;border-radius:3px;background:#fde68a;
 color:#713f12;font-size:13px;">Rappel</span> {% endif %}
{{ phrases.situation(item) | oneline }}
{% set todo = phrases.action(item) | oneline %}
{% if todo %}<strong>{{ todo }}</strong>{% endif %}
{% if item.todo == "choose_preferred" %}
<a href="{{ annuaire_url }}" style="color:#1d4ed8;">Ouvrir l'Annuaire Santé</a>
{% endif %}
{% if item.announces %}
<br><span style="color:#b91c1c;">{{ phrases.announcement(item) | oneline }}</span>
{% endif %}
</li>
{% endfor %}
</ul>
</div>
{% endfor %}
{% endblock %}
{% block contact %}
<p style="margin:0 0 16px;">Une question, ou une BAL qui doit être conservée ? Écrivez à
<a href="mailto:{{ establishment.contact }}" style="color:#1d4ed8;">{{ establishment.contact }}</a>.
C'est aussi à cette adresse qu'il faut demander à ne plus recevoir ces messages.</p>
{% endblock %}
{% block signature %}
<p style="margin:0 0 16px;">Cordialement,<br>{{ establishment.name }}</p>
{% endblock %}
<p style="margin:24px 0 0;font-size:12px;color:#7b8794;">Message automatique envoyé le {{ today | fr_date }}
par {{ establishment.name }} (hygiène des BAL MSSanté).</p>
</div>
</body>
</html>
"""

# file name -> built-in source (the names an establishment's templates directory may hold)
BUILTIN = {
    "subject.j2": SUBJECT,
    "body.txt.j2": BODY_TEXT,
    "body.html.j2": BODY_HTML,
    "phrases.j2": PHRASES,
}
