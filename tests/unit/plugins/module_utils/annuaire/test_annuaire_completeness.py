# SPDX-License-Identifier: GPL-3.0-or-later
"""An Annuaire source is used only when it proves itself complete (issue #13, items 1 and 9, and the
upper-case address of the audit on another establishment).

Extraction file: empty, HTML, UTF-16, header missing or alone, too few lines, cut in the middle of
a record, zip cut short -> a French error naming extraction_path; an upper-case address is found;
an address that is not one is skipped with its line. Last good read: a drop beyond max_drop_ratio
stops, both numbers and the option named; nothing is recorded by an incomplete read."""
import json
import zipfile

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import completeness
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.collector import Collector
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.extraction import (
    ExtractionError, read_extraction)
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.source import SourceError
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french
from lab import annuaire_seed, establishment

DOMAIN = establishment.DOMAIN


@pytest.fixture(scope="module")
def est():
    return establishment.build()


@pytest.fixture
def seeded(tmp_path, est):
    """A national-like file (our lines among 300 others) and its bytes."""
    path = tmp_path / "Extraction_Correspondance_MSSante.txt"
    annuaire_seed.write_extraction(est, str(path), national_lines=300)
    return path, path.read_bytes()


def _refused(path, *words, **kwargs):
    with pytest.raises(ExtractionError) as error:
        read_extraction(str(path), domains=[DOMAIN], **kwargs)
    assert_plain_french(str(error.value), "extraction_path %s : " % path, *words)
    return str(error.value)


@pytest.mark.parametrize("content, words", [
    (b"", "fichier vide"),
    (b"<!DOCTYPE html>\n<html><body>Service indisponible</body></html>\n", "page HTML"),
    (("\ufeff" + annuaire_seed.HEADER + "\n").encode("utf-16-le"), "UTF-16"),
    (b"PER|x@ch-exemple.mssante.fr" + b"|" * 29 + b"\n", "en-tête absent"),
    ((annuaire_seed.HEADER + "\n").encode("utf-8"), "en-tête seul"),
    (b"Type de BAL|Adresse BAL\nPER|x@ch-exemple.mssante.fr\n", "en-tête non reconnu"),
])
def test_a_file_that_is_not_a_whole_extraction_is_refused(tmp_path, content, words):
    path = tmp_path / "extraction.txt"
    path.write_bytes(content)
    message = _refused(path, words, "rien n'en est conclu")
    assert "Traceback" not in message


def test_a_file_cut_at_40_percent_is_refused(seeded):
    path, data = seeded
    cut = data[:len(data) * 2 // 5]
    assert not cut.endswith(b"\n")
    path.write_bytes(cut)
    _refused(path, "fichier coupé : la dernière ligne a ", "colonnes au lieu de 31")
    # the same cut, unfiltered
    with pytest.raises(ExtractionError, match="fichier coupé"):
        read_extraction(str(path))


def test_a_cut_that_ends_on_a_whole_line_is_caught_by_min_lines(seeded):
    path, data = seeded
    path.write_bytes(data[:data.index(b"\n", len(data) * 2 // 5) + 1])
    _refused(path, "ligne(s) de données seulement, moins que min_lines (300)", min_lines=300)


def test_a_zip_cut_short_is_refused(tmp_path, seeded):
    _path, data = seeded
    archive = tmp_path / "extraction.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("Extraction_Correspondance_MSSante.txt", data)
    whole = archive.read_bytes()
    archive.write_bytes(whole[:len(whole) * 2 // 5])
    with pytest.raises(SourceError) as error:  # no central directory: not even opened
        read_extraction(str(archive), domains=[DOMAIN])
    assert_plain_french(str(error.value), "extraction_path : %s n'est pas un zip valide" % archive)


def test_a_whole_file_reports_its_lines(seeded, est):
    path, _data = seeded
    reader = read_extraction(str(path), domains=[DOMAIN], min_lines=300)
    published = {m.address for m in est.mailboxes if m.publications}
    assert set(reader.bals) == published
    assert reader.report()["lines"] == 300 + len(annuaire_seed.extraction_lines(est))


def test_upper_case_address_is_found(tmp_path, est):
    """The audit on another establishment: an address written in capitals in the file."""
    lines = annuaire_seed.extraction_lines(est)
    shouted = lines[0].split("|")
    shouted[1] = shouted[1].upper()
    path = tmp_path / "extraction.txt"
    path.write_text("\n".join([annuaire_seed.HEADER, "|".join(shouted)] + lines[1:]) + "\n", encoding="utf-8")
    for domains in ([DOMAIN], [DOMAIN.upper()]):
        reader = read_extraction(str(path), domains=domains)
        assert shouted[1].lower() in reader.bals, domains


def test_upper_case_address_straddling_blocks(tmp_path, est, monkeypatch):
    from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import extraction
    monkeypatch.setattr(extraction, "BLOCK", 97)
    lines = [line.replace(DOMAIN, DOMAIN.upper()) for line in annuaire_seed.extraction_lines(est)]
    path = tmp_path / "extraction.txt"
    path.write_text("\n".join([annuaire_seed.HEADER] + lines) + "\n", encoding="utf-8")
    reader = read_extraction(str(path), domains=[DOMAIN])
    assert set(reader.bals) == {m.address for m in est.mailboxes if m.publications}


def test_an_invalid_address_is_skipped_with_its_line(tmp_path, est):
    lines = annuaire_seed.extraction_lines(est)
    bad = lines[0].split("|")
    bad[1] = "faux*joker@" + DOMAIN
    path = tmp_path / "extraction.txt"
    path.write_text("\n".join([annuaire_seed.HEADER] + lines + ["|".join(bad)]) + "\n", encoding="utf-8")
    reader = read_extraction(str(path), domains=[DOMAIN])
    assert "faux*joker@" + DOMAIN not in reader.bals
    warnings = reader.invalid_warnings(str(path))
    assert warnings == ["extraction_path %s ligne %d : adresse 'faux*joker@%s' ignorée (caractère interdit "
                        "avant le @ (« * »))" % (path, len(lines) + 2, DOMAIN)]


def test_an_invalid_address_in_a_fhir_resource_is_skipped_with_the_resource():
    collector = Collector(extra_domains=[DOMAIN])
    collector.add({"resourceType": "Organization", "id": "org-1", "telecom": [
        {"system": "email", "value": "ok@" + DOMAIN},
        {"system": "email", "value": "deux\nlignes@" + DOMAIN}]})
    assert list(collector.bals()) == ["ok@" + DOMAIN]
    assert len(collector.invalid) == 1 and "Organization/org-1" in collector.invalid[0]
    assert "caractère de contrôle" in collector.invalid[0]


def test_drop_against_the_last_good_read_stops(tmp_path):
    state = str(tmp_path / "etat")
    assert completeness.load_last(state, "extraction") is None
    current, _proof = completeness.evidence("extraction", "/data/x.txt", bals=40, lines=545000)
    completeness.save_last(state, current)
    previous = completeness.load_last(state, "extraction")
    assert previous["lines"] == 545000 and completeness.load_last(state, "api") is None
    completeness.check_drop(previous, {"lines": 540000, "bals": 39}, 0.2, "extraction_path /data/x.txt")
    with pytest.raises(completeness.DropError) as error:
        completeness.check_drop(previous, {"lines": 218000, "bals": 40}, 0.2, "extraction_path /data/x.txt")
    assert_plain_french(str(error.value), "extraction_path /data/x.txt : 218000 lignes examinées contre 545000",
                        "baisse de 60 %", "max_drop_ratio = 0.2")
    with pytest.raises(completeness.DropError, match="10 BAL trouvées contre 40"):
        completeness.check_drop(previous, {"lines": 545000, "bals": 10}, 0.2, "api_url x")
    with open(tmp_path / "etat" / completeness.LAST_READ, encoding="utf-8") as handle:
        assert set(json.load(handle)["extraction"]) == {"date", "source", "location", "lines", "bals"}


class _Client:
    """Answers every search with one page: `resources` as entries (what a server could send)."""
    base_url = "https://annuaire.exemple.test/fhir/v2"

    def __init__(self, resources):
        self.resources = resources

    def search(self, _resource, _params):
        yield {"resourceType": "Bundle", "entry": [{"resource": r} for r in self.resources]}


def test_a_resource_of_unexpected_shape_is_an_error_not_a_crash():
    from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import api
    from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.fhir import FhirError
    odd = {"resourceType": "Practitioner", "id": "p1", "identifier": ["10999990012"]}
    with pytest.raises(FhirError) as error:
        api.collect(_Client([odd]), practitioners=["10999990012"])
    assert_plain_french(str(error.value), "réponse de forme inattendue de l'Annuaire Santé (api_url "
                        "https://annuaire.exemple.test/fhir/v2)", "aucun résultat n'est retenu")
