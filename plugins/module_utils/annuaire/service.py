# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What annuaire_info does, from its options to its result: read the API or the extraction file,
prove the read complete against the last good one, and say what the person at the console must know.

The module only talks to Ansible: it hands the options here (through options_from, like every
module) and turns `warnings` into module warnings and an AnnuaireReadError into a failed task
that still says how far the read went (`complete: false` and the counts).
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import api as annuaire_api
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import completeness, lookups
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.argspec import argument_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.extraction import read_extraction
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.fhir import (
    MAX_RATE, FhirClient, FhirError, cleartext_api_url)
from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError, OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_reason
from ansible_collections.mssante.hygiene.plugins.module_utils.options import options_from
from ansible_collections.mssante.hygiene.plugins.module_utils.phase_timer import PhaseTimer


class AnnuaireReadError(MssanteError):
    """The read failed or could not be proven complete; `result` tells how far it went."""


def check_options(params):
    """Refuse the values no read can use, naming the option (before any connection); returns the
    warnings due before the read (an API reached in clear text)."""
    if not 0 < params["rate_limit"] <= MAX_RATE:
        raise OptionError("rate_limit doit être > 0 et <= %g requêtes/s (limite de la passerelle), reçu %s"
                          % (MAX_RATE, params["rate_limit"]), parameter="rate_limit")
    if params["batch_size"] < 1:
        raise OptionError("batch_size doit valoir au moins 1, reçu %d" % params["batch_size"], parameter="batch_size")
    if not 0 <= params["max_drop_ratio"] <= 1:
        raise OptionError("max_drop_ratio doit être entre 0 et 1, reçu %s" % params["max_drop_ratio"],
                          parameter="max_drop_ratio")
    if params["min_lines"] < 1 or params["total_timeout"] < 0:
        raise OptionError("min_lines doit valoir au moins 1 et total_timeout au moins 0, reçu %d et %d"
                          % (params["min_lines"], params["total_timeout"]), parameter="min_lines")
    lookups.person_tokens(params["practitioners"])
    lookups.finess_tokens(params["organizations"])
    cleartext = params["source"] == "api" and cleartext_api_url(params["api_url"])
    return [cleartext] if cleartext else []


def run_read(params, check_mode, ssl_context=None):
    """(result, warnings of the read) of annuaire_info for these options; AnnuaireReadError when
    the read fails or is not proven complete (check_options' warnings are the caller's to show first)."""
    params = options_from(argument_spec(), params)
    check_options(params)
    warnings = []
    timer = PhaseTimer()
    if params["source"] == "api":
        found, counts = _from_api(params, ssl_context, warnings, timer)
    else:
        found, counts = _from_extraction(params, ssl_context, warnings, timer)
    with timer.phase("completeness"):
        result = _complete(params, check_mode, found, *counts)
    result["timings"] = timer.timings()
    return result, warnings


def _from_api(params, context, warnings, timer):
    if not params["api_key"]:
        raise OptionError("api_key est obligatoire avec source=api (clé ESANTE-API-KEY de votre application)",
                          parameter="api_key")
    if not (params["practitioners"] or params["organizations"] or params["mailboxes"]):
        raise OptionError("source=api : donnez au moins un de practitioners, organizations, mailboxes",
                          parameter="source")
    client = FhirClient(params["api_url"], params["api_key"], rate_limit=params["rate_limit"],
                        timeout=params["timeout"], ssl_context=context,
                        max_pages=params["max_pages"], total_timeout=params["total_timeout"])
    try:
        found = annuaire_api.collect(client, params["practitioners"], params["organizations"],
                                     params["mailboxes"], params["domains"], batch=params["batch_size"],
                                     timer=timer)
    except FhirError as exc:  # the counts so far say how far the read went
        raise AnnuaireReadError(str(exc), parameter=exc.parameter,
                                result={"complete": False, "requests": client.stats.as_dict()}) from None
    warnings.extend(client.stats.warnings + found["warnings"])
    stats = client.stats.as_dict()
    with timer.phase("shape"):
        result = {"bals": [b.as_dict() for b in found["bals"]],
                  "practitioners": [s.as_dict() for s in found["situations"]],
                  "not_found": found["not_found"], "structures": found["structures"], "requests": stats}
    return result, ("api", "api_url %s" % params["api_url"], params["api_url"],
                    dict(bals=len(found["bals"]), pages=stats["pages"], requests=stats["count"],
                         structures=len(found["structures"])))


def _from_extraction(params, context, warnings, timer):
    path = params["extraction_path"]
    if not path:
        raise OptionError("extraction_path est obligatoire avec source=extraction", parameter="extraction_path")
    if not (params["domains"] or params["organizations"]):
        warnings.append("ni domains ni organizations : toutes les BAL du fichier national sont renvoyées")
    with timer.phase("read"):  # download (https) or file, parsed line by line as it comes
        reader = read_extraction(path, domains=params["domains"], structures=params["organizations"],
                                 ssl_context=context, timeout=params["timeout"],
                                 malformed_ratio=params["malformed_ratio"], min_lines=params["min_lines"])
    report = reader.report()
    if report["malformed"]:
        lines = ", ".join(str(m["line"]) for m in report["malformed_lines"][:10])
        warnings.append("%d ligne(s) mal formée(s) ignorée(s) dans extraction_path %s (lignes %s%s ; détail "
                        "dans extraction.malformed_lines)" % (report["malformed"], path, lines,
                                                              ", ..." if report["malformed"] > 10 else ""))
    warnings.extend(reader.invalid_warnings(path))
    with timer.phase("shape"):
        result = {"bals": [reader.bals[a].as_dict() for a in sorted(reader.bals)],
                  "practitioners": [s.as_dict() for s in reader.situations()], "extraction": report}
    return result, ("extraction", "extraction_path %s" % path, path,
                    dict(bals=len(reader.bals), lines=report["lines"], examined=report["examined"],
                         bytes=report["bytes"]))


def _complete(params, check_mode, result, source, option, location, counts):
    """Drop check against the last good read, then record this one (never in check mode)."""
    proof = {}
    counts = dict(counts)
    bals, lines = counts.pop("bals"), counts.pop("lines", None)
    try:
        previous = completeness.load_last(params["state_dir"], source)
        current, proof = completeness.evidence(source, location, bals, lines, previous, **counts)
        completeness.check_drop(previous, current, params["max_drop_ratio"], option)
    except completeness.DropError as exc:
        raise AnnuaireReadError(str(exc), parameter=exc.parameter,
                                result={"complete": False, "completeness": proof}) from None
    if params["state_dir"] and not check_mode:
        try:
            completeness.save_last(params["state_dir"], current)
        except OSError as exc:
            raise AnnuaireReadError("state_dir %s : écriture de la dernière lecture de l'Annuaire Santé impossible "
                                    "(%s)" % (params["state_dir"], os_reason(exc)), parameter="state_dir",
                                    result={"complete": False}) from None
    result.update(complete=True, completeness=proof)
    return result
