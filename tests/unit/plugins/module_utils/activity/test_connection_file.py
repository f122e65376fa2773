# SPDX-License-Identifier: GPL-3.0-or-later
"""The connection file parser: encodings, delimiters, date formats, malformed lines, and refusals."""
import json

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.activity.connection_file import (
    ConnectionFileError, parse_connections)
from tests.unit.fr_messages import assert_plain_french

HEAD = "adresse;derniere_connexion\r\n"


def parse(text, encoding="utf-8", **params):
    data = text.encode(encoding) if isinstance(text, str) else text
    return parse_connections(data, params, "connexions.csv")


def refused(text, *words, **params):
    with pytest.raises(ConnectionFileError) as info:
        parse(text, **params)
    message = str(info.value)
    assert_plain_french(message)
    for word in words:
        assert word in message, message
    return info.value


def test_french_excel_export_cp1252_semicolon_paris_time():
    text = "Adresse BAL;Nom;Dernière connexion\r\nA@ch.fr;Bérénice;15/07/2026 10:30\r\nb@ch.fr;Zoé;15/01/2026 10:30:15\r\n"
    result = parse(text, "cp1252", address_column="Adresse BAL", date_column="Dernière connexion",
                   other_columns=["Nom"])
    assert result["connections"] == [
        {"address": "a@ch.fr", "last_activity": "2026-07-15T08:30:00+00:00", "line": 2},  # summer: UTC+2
        {"address": "b@ch.fr", "last_activity": "2026-01-15T09:30:15+00:00", "line": 3}]  # winter: UTC+1
    assert result["file"]["encoding"] == "cp1252" and result["file"]["delimiter"] == ";"


@pytest.mark.parametrize("prefix,encoding", [(b"\xef\xbb\xbf", "utf-8-sig"), (b"", "utf-8")])
def test_utf8_with_or_without_bom_comma_iso_and_epoch(prefix, encoding):
    text = "adresse,derniere_connexion\na@ch.fr,2026-03-01T08:00:00Z\nb@ch.fr,1772352000\nc@ch.fr,1772352000000\n"
    result = parse(prefix + text.encode("utf-8"))
    assert [c["last_activity"] for c in result["connections"]] == [
        "2026-03-01T08:00:00+00:00", "2026-03-01T08:00:00+00:00", "2026-03-01T08:00:00+00:00"]
    assert result["file"]["encoding"] == encoding and result["file"]["delimiter"] == ","


def test_malformed_lines_are_counted_by_number_never_shown():
    rows = "".join("u%d@ch.fr;01/10/2026 08:00\r\n" % n for n in range(60))
    result = parse(HEAD + rows + "secret mot de passe;01/10/2026\r\nz@ch.fr;hier\r\ny@ch.fr;1;2\r\n")
    assert result["counts"]["malformed"] == 3 and result["counts"]["connections"] == 60
    assert [m["line"] for m in result["malformed"]] == [62, 63, 64]
    assert "secret" not in json.dumps(result["malformed"])
    assert "date illisible" in result["malformed"][1]["reason"] and "3 champs" in result["malformed"][2]["reason"]


def test_never_connected_and_duplicates_keep_the_newest():
    result = parse(HEAD + "a@ch.fr;01/10/2026 08:00\r\na@ch.fr;05/10/2026 08:00\r\na@ch.fr;02/10/2026 08:00\r\nb@ch.fr;\r\n")
    assert result["connections"][0]["last_activity"].startswith("2026-10-05")
    assert result["connections"][1] == {"address": "b@ch.fr", "last_activity": "", "line": 5}
    assert result["counts"]["duplicates"] == 2 and result["counts"]["never"] == 1


def test_json_list_or_object_holding_one():
    items = [{"adresse": "a@ch.fr", "derniere_connexion": "2026-10-01T08:00:00+02:00"}, "x"]
    for document in (items, {"connexions": items}):
        result = parse(json.dumps(document), max_malformed_ratio=0.5)
        assert result["connections"][0]["last_activity"] == "2026-10-01T06:00:00+00:00"
        assert result["malformed"] == [{"line": 2, "reason": "objet attendu"}]


@pytest.mark.parametrize("text,words", [
    ("", ("fichier vide",)),
    ("<!DOCTYPE html><html><body>Erreur 502</body></html>", ("page HTML",)),
    ("a@ch.fr;01/10/2026 08:00\r\n", ("en-tête absent",)),
    (HEAD, ("aucune ligne de données",)),
    ("adresse;derniere_connexion;mot_de_passe\r\na@ch.fr;01/10/2026 08:00;x\r\n", ("colonne(s) inconnue(s) mot_de_passe",)),
    ("mail;date\r\na@ch.fr;01/10/2026 08:00\r\n", ("adresse, derniere_connexion absente(s)",)),
    (HEAD + "a@ch.fr;01/10/2026 08:00\r\nb@ch.fr;01/10/20", ("fichier coupé",)),
    ('[{"adresse": "a@ch.fr", "derniere_connexion": "2026-10', ("JSON illisible",)),
    (HEAD + "a@ch.fr;01/10/2026 08:00\r\nb@ch.fr;hier\r\n", ("1 ligne(s) mal formée(s) sur 2 (lignes 3)",)),
])
def test_a_file_that_does_not_prove_complete_is_refused(text, words):
    error = refused(text, "rien n'en est conclu", *words)
    assert error.parameter


def test_utf16_export_is_refused_naming_the_encoding():
    assert refused(HEAD.encode("utf-16"), "UTF-16").parameter == "encoding"


def test_date_formats_are_configurable_and_checked():
    result = parse(HEAD + "a@ch.fr;2026/10/01\r\n", date_formats=["%Y/%m/%d"], timezone="UTC")
    assert result["connections"][0]["last_activity"] == "2026-10-01T00:00:00+00:00"
    assert refused(HEAD + "a@ch.fr;x\r\n", "date_formats", date_formats=["JJ/MM"]).parameter == "date_formats"
