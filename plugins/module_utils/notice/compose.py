# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Render an owner notice (issue 17's message model) into a subject, a plain text and an HTML body.

Templates are Jinja2, sandboxed (an establishment's templates directory is configuration, not
code: a template can read the variables it is given and nothing else), StrictUndefined (a
misspelt variable is an error, never a silently empty sentence), HTML autoescaped. Files of the
templates directory replace the built-ins of the same name (templates.BUILTIN), one by one.
"""

from __future__ import annotations

import collections
import collections.abc
import datetime as dt
import functools
import os
import re
import textwrap

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_long_date
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_agree, fr_count
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import joined, os_reason, quoted, shown
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.templates import BUILTIN

try:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    HAS_JINJA2 = True
except ImportError:  # the module reports it with missing_required_lib; render() says it in French
    jinja2 = None
    HAS_JINJA2 = False

Rendered = collections.namedtuple("Rendered", "subject text html")

TODOS = ("reconnect", "choose_preferred", "transfer", "empty_trash", "free_space", "none")
ANNOUNCES = ("", "liste_rouge", "suppression")
BUILTIN_PREFIX = "builtin/"
# the file name Jinja2 gives a built-in template's frames: how an error tells it from an override
BUILTIN_FILE = "<modèle intégré>/"
PARAMETER = "templates_dir"
_BLANKS = re.compile(r"[ \t\r\n]+")  # not \s: it would eat the narrow no-break space of "1 234"
# French typography: no line break before ; : ? ! » % nor after «
_GLUED = re.compile(r" (?=[;:?!»%])|(?<=«) ")
NBSP = "\u00a0"


class NoticeTemplateError(MssanteError):
    """A notice cannot be rendered: a template or its data is at fault; the message says where."""


def render(message, context, templates_dir=None):
    """Rendered(subject, text, html) of one message; templates_dir overrides the built-ins."""
    if not HAS_JINJA2:
        raise NoticeTemplateError("la bibliothèque Python jinja2 est absente : installez-la (paquet python3-jinja2 "
                                  "ou pip install jinja2) sur la machine qui prépare les messages")
    environment = _environment(os.path.abspath(templates_dir) if templates_dir else "")
    variables = template_variables(message, context)
    subject = oneline(_render(environment, "subject.j2", variables))
    if not subject:
        raise NoticeTemplateError("le modèle subject.j2 donne un objet vide : il doit produire une ligne de texte",
                                  parameter=PARAMETER)
    text = re.sub(r"\n{3,}", "\n\n", _render(environment, "body.txt.j2", variables)).strip() + "\n"
    return Rendered(subject, text, _render(environment, "body.html.j2", variables))


def oneline(value):
    """All runs of spaces and line breaks as one space (a subject, a sentence built on several lines)."""
    return _BLANKS.sub(" ", str(value)).strip()


def fr_wrap(value, width=72, indent=""):
    """Plain text wrapped at `width`, never inside an address, a hyphenated word or a « guillemet »."""
    lines = textwrap.wrap(_GLUED.sub(NBSP, oneline(value)), int(width), break_long_words=False,
                          break_on_hyphens=False)
    return ("\n" + indent).join(lines)


def template_variables(message, context):
    """What the templates see (docs/notices.md lists it): the message, its items grouped by BAL, the context."""
    for name, value in (("message", message), ("context", context)):
        if not isinstance(value, collections.abc.Mapping):
            raise NoticeTemplateError("%s doit être un dictionnaire" % name, parameter=name)
    items = [_item(item, index) for index, item in enumerate(_list(message, "items"))]
    if not items:
        raise NoticeTemplateError("message.items est vide : un avis sans rien à faire ne s'envoie pas",
                                  parameter="message.items")
    bals = collections.OrderedDict()
    for item in items:
        bal = bals.setdefault(item["address"], {"address": item["address"], "bal_type": item["bal_type"],
                                                "service": item["service"], "findings": []})
        bal["findings"].append(item)
    establishment = dict(_mapping(context, "establishment", "context"))
    for key in ("name", "contact"):
        if not str(establishment.get(key) or "").strip():
            raise NoticeTemplateError("establishment.%s est vide : l'avis doit nommer l'établissement et son contact"
                                      % key, parameter="establishment.%s" % key)
    url = str(context.get("annuaire_url") or "")
    if not url.startswith(("https://", "http://")):
        raise NoticeTemplateError("annuaire_url doit être une adresse https://, reçu %s" % shown(url),
                                  parameter="annuaire_url")
    today = _iso_date(context.get("today"), "today")
    if not today:
        raise NoticeTemplateError("today est vide : la date du jour (AAAA-MM-JJ) date chaque avis", parameter="today")
    variables = dict(context, establishment=establishment, today=today)
    variables.update(
        message=message, items=items, bals=list(bals.values()),
        recipients=list(message.get("recipients") or []),
        audience=message.get("audience") or "owner", owner_name=str(message.get("owner_name") or ""),
        reminder=any(item["reminder"] for item in items), all_reminders=all(item["reminder"] for item in items),
        first_due=min([item["due"] for item in items if item["due"]] or [""]))
    return variables


def _item(item, index):
    where = "message.items[%d]" % index
    if not isinstance(item, collections.abc.Mapping):
        raise NoticeTemplateError("%s doit être un dictionnaire" % where, parameter=where)
    for key in ("address", "code"):
        if not str(item.get(key) or "").strip():
            raise NoticeTemplateError("%s.%s est vide" % (where, key), parameter="%s.%s" % (where, key))
    for key, allowed in (("todo", TODOS), ("announces", ANNOUNCES)):
        if (item.get(key) or "") not in allowed:
            choices = joined(value or '""' for value in allowed)
            raise NoticeTemplateError("%s.%s doit valoir %s, reçu %s" % (where, key, choices, shown(item.get(key))),
                                      parameter="%s.%s" % (where, key))
    return dict(item, todo=item.get("todo") or "none", announces=item.get("announces") or "",
                bal_type=str(item.get("bal_type") or ""), service=str(item.get("service") or ""),
                due=_iso_date(item.get("due"), where + ".due"),
                announce_date=_iso_date(item.get("announce_date"), where + ".announce_date"),
                reminder=bool(item.get("reminder")), facts=dict(_mapping(item, "facts", where, required=False)))


def _list(holder, key):
    value = holder.get(key)
    if not isinstance(value, (list, tuple)):
        raise NoticeTemplateError("message.%s doit être une liste" % key, parameter="message.%s" % key)
    return value


def _mapping(holder, key, where, required=True):
    value = holder.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, collections.abc.Mapping):
        raise NoticeTemplateError("%s.%s doit être un dictionnaire" % (where, key), parameter="%s.%s" % (where, key))
    return value


def _iso_date(value, name):
    """The ISO date (YYYY-MM-DD) a template formats, "" when none; anything else is refused here, not shown empty."""
    text = str(value or "")
    try:
        return dt.date.fromisoformat(text[:10]).isoformat() if text else ""
    except ValueError:
        raise NoticeTemplateError("%s doit être une date AAAA-MM-JJ, reçu %s" % (name, shown(text)), parameter=name)


@functools.lru_cache(maxsize=8)
def _environment(directory):
    """One sandboxed environment per templates directory ("" = built-ins only), compiled templates cached."""
    if directory:
        _check_directory(directory)
    environment = ImmutableSandboxedEnvironment(
        loader=jinja2.FunctionLoader(functools.partial(_load, directory)),
        undefined=jinja2.StrictUndefined, autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        trim_blocks=True, lstrip_blocks=True, auto_reload=True)
    environment.filters.update(fr_date=fr_long_date, fr_count=fr_count, fr_agree=fr_agree, oneline=oneline,
                               fr_wrap=fr_wrap)
    return environment


def _check_directory(directory):
    try:
        names = set(os.listdir(directory))
    except OSError as exc:
        raise NoticeTemplateError("templates_dir : répertoire de modèles %s illisible : %s"
                                  % (quoted(directory), os_reason(exc)), parameter=PARAMETER)
    if not names & set(BUILTIN):
        raise NoticeTemplateError("templates_dir : le répertoire %s ne contient aucun des modèles attendus (%s) ; "
                                  "videz l'option pour garder les modèles intégrés"
                                  % (quoted(directory), joined(sorted(BUILTIN))), parameter=PARAMETER)


def _load(directory, name):
    """(source, file name, up to date?) of a template: the directory's file, else the built-in; None if neither."""
    if name.startswith(BUILTIN_PREFIX):
        return _builtin(name[len(BUILTIN_PREFIX):])
    path = os.path.join(directory, name)
    # plain file names only: a template cannot reach a file outside its directory
    if directory and "/" not in name and os.sep not in name and not name.startswith(".") and os.path.isfile(path):
        try:
            with open(path, encoding="utf-8") as handle:
                source = handle.read()
            mtime = os.path.getmtime(path)
        except UnicodeDecodeError:
            raise NoticeTemplateError("templates_dir : le modèle %s n'est pas en UTF-8" % quoted(path),
                                      parameter=PARAMETER)
        except OSError as exc:
            raise NoticeTemplateError("templates_dir : modèle %s illisible : %s" % (quoted(path), os_reason(exc)),
                                      parameter=PARAMETER)
        return source, path, lambda: os.path.isfile(path) and os.path.getmtime(path) == mtime
    return _builtin(name)


def _builtin(name):
    if name not in BUILTIN:
        return None
    return BUILTIN[name], BUILTIN_FILE + name, lambda: True


def _render(environment, name, variables):
    try:
        return environment.get_template(name).render(variables)
    except NoticeTemplateError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(exc, exc.filename or exc.name, exc.lineno)
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        filename, line = _template_frame(exc.__traceback__)
        raise _template_error(exc, filename or name, line)


def _template_frame(trace):
    """(file, line) of the deepest template frame: Jinja2 rewrites its tracebacks with the template's lines."""
    found = (None, None)
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.startswith(BUILTIN_FILE) or not filename.endswith((".py", ">")):
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return found


def _template_error(exc, filename, line):
    builtin = str(filename).startswith(BUILTIN_FILE)
    where = "modèle intégré %s" % filename[len(BUILTIN_FILE):] if builtin else "modèle %s" % quoted(filename)
    if line:
        where += ", ligne %d" % line
    advice = ("vérifiez le message fourni" if builtin
              else "corrigez le modèle (variables disponibles : docs/notices.md)")
    return NoticeTemplateError("%s%s : %s ; %s" % ("" if builtin else "templates_dir : ", where, _reason(exc), advice),
                               parameter="" if builtin else PARAMETER)


# Jinja2's English explanations -> French; anything else is shown as Jinja2 wrote it, quoted
_REASONS = (
    (re.compile(r"^'([^']*)' is undefined$"), "variable %s non définie"),
    (re.compile(r"has no attribute '([^']*)'$"), "clé ou attribut %s absent"),
    (re.compile(r"has no element (.*)$"), "élément %s absent"),
    (re.compile(r"^No filter named '([^']*)'"), "filtre %s inconnu"),
    (re.compile(r"^No test named '([^']*)'"), "test %s inconnu"),
    (re.compile(r"^Encountered unknown tag '([^']*)'"), "balise %s inconnue ou mal placée"),
    (re.compile(r"^Unexpected end of template"), "fin du modèle inattendue : un bloc n'est pas fermé%s"),
    (re.compile(r"^unexpected '([^']*)'"), "%s inattendu"),
    (re.compile(r"^unexpected end of template"), "fin du modèle inattendue%s"),
)


def _reason(exc):
    if jinja2 is not None and isinstance(exc, jinja2.TemplateNotFound):
        return "modèle %s introuvable" % quoted(exc.name)
    if jinja2 is not None and isinstance(exc, jinja2.exceptions.SecurityError):
        return "opération interdite dans un modèle d'avis (bac à sable Jinja2)"
    text = str(getattr(exc, "message", None) or exc)
    for pattern, french in _REASONS:
        found = pattern.search(text)
        if found:
            return french % (quoted(found.group(1)) if found.groups() else "")
    kind = "erreur de syntaxe" if isinstance(exc, jinja2.TemplateSyntaxError) else "erreur pendant le rendu"
    return "%s (Jinja2 : %s)" % (kind, shown(text, limit=160))
