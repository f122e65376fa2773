# SPDX-License-Identifier: GPL-3.0-or-later
"""The French messages of the Annuaire side: identifiers, api_url, extraction_path, liste_blanche."""
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import lookups
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.extraction import (
    ExtractionError, read_extraction)
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.fhir import FhirClient, FhirError, status_text
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.listeblanche import read_liste_blanche
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.source import SourceError, open_binary
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french
from lab import annuaire_seed


def test_invalid_rpps_and_finess_name_value_and_position():
    with pytest.raises(ValueError) as error:
        lookups.person_tokens(["10999990012", "2099999O012"])
    assert_plain_french(str(error.value), "practitioners[1]", "« 2099999O012 »", "caractère « O » en position 8")
    with pytest.raises(ValueError) as error:
        lookups.finess_tokens(["99000001"])
    assert_plain_french(str(error.value), "organizations[0]", "« 99000001 »", "8 caractères au lieu de 9")


def test_http_statuses_say_what_to_do():
    assert "baissez rate_limit" in status_text(429, "Too Many Requests")
    assert "réessayez plus tard" in status_text(503, "Service Unavailable", "error: maintenance")
    assert status_text(503, "Service Unavailable", "error: maintenance").endswith(" - error: maintenance")
    assert "vérifiez api_url" in status_text(404, "Not Found")


def test_unreachable_api_url_names_host_port():
    client = FhirClient("http://127.0.0.1:1/fhir/v2", "clé", max_retries=0, timeout=2)
    with pytest.raises(FhirError) as error:
        client.get_json("http://127.0.0.1:1/fhir/v2/Organization")
    assert_plain_french(str(error.value), "Annuaire Santé injoignable à 127.0.0.1:1", "api_url", "connexion refusée")


def test_missing_extraction_file_is_named(tmp_path):
    with pytest.raises(SourceError) as error:
        with open_binary(str(tmp_path / "absent.txt")):
            pass
    assert_plain_french(str(error.value), "extraction_path : lecture de", "absent.txt", "introuvable")


def test_unreachable_extraction_url_names_host_port():
    with pytest.raises(SourceError) as error:
        with open_binary("http://127.0.0.1:1/extraction.zip", timeout=2):
            pass
    assert_plain_french(str(error.value), "extraction_path", "127.0.0.1:1", "connexion refusée")


def test_liste_blanche_errors_name_their_own_option(tmp_path):
    with pytest.raises(SourceError) as error:
        read_liste_blanche(str(tmp_path / "absent.xml"))
    assert str(error.value).startswith("liste_blanche : ")
    (tmp_path / "cassee.xml").write_text("<Domaines><Domaine></Domaines>")
    with pytest.raises(ValueError) as error:
        read_liste_blanche(str(tmp_path / "cassee.xml"))
    assert_plain_french(str(error.value), "liste_blanche", "n'est pas un XML valide (ligne 1, colonne")


def test_malformed_extraction_counts_and_numbers_lines(tmp_path):
    path = tmp_path / "extraction.txt"
    path.write_text(annuaire_seed.HEADER + "\n" + "x@ch.mssante.fr|trop|court\n" * 12, encoding="utf-8")
    with pytest.raises(ExtractionError) as error:
        read_extraction(str(path), domains=["ch.mssante.fr"])
    assert_plain_french(str(error.value), "extraction_path %s : 12 lignes mal formées" % path,
                        "par exemple les lignes 2, 3, 4", "malformed_ratio")
