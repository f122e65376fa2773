# SPDX-License-Identifier: GPL-3.0-or-later
import zipfile

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.extraction import (
    ExtractionError, read_extraction)
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.listeblanche import (
    operator_of, read_liste_blanche)
from lab import annuaire_seed, establishment
from lab.fixtures import annuaire_fixture

SAMPLE = annuaire_fixture("extractions", "Extraction_Correspondance_MSSante_SYNTHETIC_sample.txt")
DOMAIN = establishment.DOMAIN


@pytest.fixture(scope="module")
def est():
    return establishment.build()


def _published(est):
    return {m.address for m in est.mailboxes if m.publications}


def test_shared_sample_parses():
    reader = read_extraction(SAMPLE)
    assert len(reader.bals) == 5 and reader.report()["malformed"] == 0
    alice = reader.bals["alice.fictif@ch-exemple.mssante.fr"]
    assert (alice.type, alice.carrier, alice.rpps, alice.structures) == (
        "PER", ["PractitionerRole"], "10999990012", ["990000010"])
    general = reader.bals["alice.fictif@medecin.mssante.fr"]
    assert general.carrier == ["Practitioner"] and general.structures == []
    org = reader.bals["secretariat.cardiologie@ch-exemple.mssante.fr"]
    assert (org.type, org.carrier, org.service) == ("ORG", ["Organization"], "Pôle cardio-vasculaire - Cardiologie")


def test_filters_domain_and_structure():
    assert len(read_extraction(SAMPLE, domains=[DOMAIN]).bals) == 4
    assert len(read_extraction(SAMPLE, structures=["1990000010"]).bals) == 4
    assert len(read_extraction(SAMPLE, domains=["medecin.mssante.fr"]).bals) == 1


def test_seeded_file_matches_publications(tmp_path, est):
    path = tmp_path / "ext.txt"
    annuaire_seed.write_extraction(est, str(path), national_lines=3000)
    reader = read_extraction(str(path), domains=[DOMAIN])
    assert set(reader.bals) == _published(est)
    multi = next(m for m in est.mailboxes if "multi_situation" in m.expected_codes)
    assert reader.bals[multi.address].structures == sorted(establishment.FINESS_EG)
    assert reader.report()["duplicates"] == 1  # the multi-situation BAL is on two lines
    by_struct = read_extraction(str(path), structures=list(establishment.FINESS_EG))
    assert set(by_struct.bals) == {a for a, b in reader.bals.items() if set(b.structures) & set(establishment.FINESS_EG)}


def test_bom_crlf_and_zip(tmp_path, est):
    lines = annuaire_seed.extraction_lines(est)
    text = "\ufeff" + annuaire_seed.HEADER + "\r\n" + "\r\n".join(lines) + "\r\n"
    plain = tmp_path / "bom.txt"
    plain.write_bytes(text.encode("utf-8"))
    reader = read_extraction(str(plain), domains=[DOMAIN])
    assert reader.report()["header"] and set(reader.bals) == _published(est)
    archive = tmp_path / "Extraction_Correspondance_MSSante_202611260300.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Extraction_Correspondance_MSSante_202611260300.txt", text)
    assert set(read_extraction(str(archive), domains=[DOMAIN]).bals) == _published(est)
    assert set(read_extraction(str(archive)).bals) == _published(est)


def test_bad_lines_reported_with_numbers(tmp_path, est):
    lines = [annuaire_seed.HEADER] + annuaire_seed.extraction_lines(est)
    lines[3] = lines[3][:50]  # truncated line of ours: file line 4
    lines[5] = "XXX|" + lines[5].split("|", 1)[1]  # unknown BAL type: line 6
    path = tmp_path / "bad.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for domains in ([DOMAIN], []):
        report = read_extraction(str(path), domains=domains).report()
        assert report["malformed"] == 2
        assert [m["line"] for m in report["malformed_lines"]] == [4, 6]


def test_too_many_bad_lines_is_fatal(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_text(annuaire_seed.HEADER + "\n" + "x@%s;not;the;format\n" % DOMAIN * 50, encoding="utf-8")
    with pytest.raises(ExtractionError, match="50 lignes mal formées"):
        read_extraction(str(path), domains=[DOMAIN])


def test_line_straddling_blocks(tmp_path, est, monkeypatch):
    from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import extraction
    monkeypatch.setattr(extraction, "BLOCK", 97)  # tiny blocks: every line crosses a boundary
    path = tmp_path / "ext.txt"
    annuaire_seed.write_extraction(est, str(path), national_lines=50)
    assert set(read_extraction(str(path), domains=[DOMAIN]).bals) == _published(est)


def test_liste_blanche():
    domains = read_liste_blanche(annuaire_fixture("synthetic", "listeblanchemssante_SYNTHETIC_sample.xml"))
    entry = operator_of(domains, "alice.fictif@CH-EXEMPLE.mssante.fr")
    assert entry["operator"] == "CH EXEMPLE"
    assert entry["support_contact"] == "support-mssante@ch-exemple.invalid"
    assert operator_of(domains, "x@medecin.mssante.fr") is None
