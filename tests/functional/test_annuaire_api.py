# SPDX-License-Identifier: GPL-3.0-or-later
"""annuaire_info's FHIR client against the local v2 server (lab/fhir_server.py)."""
import json
import os
import subprocess
import time

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import api
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.fhir import ApiKeyError, FhirClient, FhirError
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import client_context
from lab import annuaire_seed, establishment
from lab.tls import make_ca_and_server
from lab.fhir_server import LocalFhirServer, ig_resources

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEY = "test-key"


@pytest.fixture(scope="module")
def est():
    return establishment.build()


@pytest.fixture
def server(est):
    with LocalFhirServer(annuaire_seed.fhir_resources(est), api_key=KEY) as srv:
        yield srv


def _client(srv, **kw):
    kw.setdefault("rate_limit", 17)
    kw.setdefault("backoff", 0.05)
    return FhirClient(srv.url, KEY, **kw)


def test_structure_lookup_pages_and_matches_publications(server, est):
    client = _client(server)
    found = api.collect(client, organizations=[est.finess_ej], batch=50)
    server_pages = [r for r in server.requests if "/_page?id=" in r["path"]]
    bals = {b.address: b for b in found["bals"]}
    published = {m.address: m for m in est.mailboxes if m.publications}
    # an EJ lookup finds the EGs through partof, then every BAL on roles and organizations
    on_structures = {a for a, m in published.items()
                     if any(p.carrier != "Practitioner" and p.finess in est.structures for p in m.publications)}
    assert on_structures <= set(bals)
    assert found["structures"] == sorted([est.finess_ej] + list(est.finess_eg))
    multi = next(m for m in est.mailboxes if "multi_situation" in m.expected_codes)
    assert len(bals[multi.address].situations) == 2
    lab_box = next(m for m in est.mailboxes if m.kind == "APP")
    assert (bals[lab_box.address].type, bals[lab_box.address].carrier) == ("APP", ["Organization"])
    assert all(s.structure in est.finess_eg for s in found["situations"])
    assert not server_pages  # default page size 100 > 41 roles


def test_paging_over_three_pages(server, est):
    client = _client(server)
    pages = list(client.search("PractitionerRole", [
        ("organization", "Organization/%s" % annuaire_seed.organization_id(est, est.finess_eg[0])),
        ("_include", "PractitionerRole:practitioner"), ("_count", "10")]))
    assert len(pages) >= 3
    assert sum(1 for r in server.requests if "/_page?id=" in r["path"]) == len(pages) - 1
    matched = [e for p in pages for e in p["entry"] if e["search"]["mode"] == "match"]
    assert len(matched) == pages[0]["total"]
    capped = _client(server, max_pages=2)
    seen = []
    with pytest.raises(FhirError, match="encore des pages après 2 pages \\(plafond max_pages\\)"):
        seen.extend(capped.search("PractitionerRole", [("_count", "10")]))
    assert len(seen) == 2  # a capped search is a failure, not a success with a warning (#13 item 9)


def test_thousand_professionals_in_at_most_25_requests():
    big = establishment.build(staff=1000)
    with LocalFhirServer(annuaire_seed.fhir_resources(big), api_key=KEY) as srv:
        client = _client(srv)
        found = api.collect(client, practitioners=[p.rpps for p in big.people])
        assert len(big.people) >= 1000
        assert client.stats.requests == len(srv.requests) <= 25
        published = {m.address for m in big.mailboxes if m.publications
                     and any(p.carrier != "Organization" for p in m.publications)}
        assert published <= {b.address for b in found["bals"]}
        # every situation of the professionals: ours, and the other establishment of a departed one
        assert {s.structure for s in found["situations"]} <= set(big.finess_eg) | {establishment.OTHER_FINESS}


def test_rate_never_above_limit(server, est):
    client = _client(server, rate_limit=5)
    start = time.monotonic()
    for person in est.people[:12]:
        list(client.search("Practitioner", [("identifier", person.rpps)]))
    assert server.max_per_second() <= 5
    assert time.monotonic() - start >= 11 / 5.0


def test_rate_limit_above_gateway_refused():
    with pytest.raises(ValueError, match="17"):
        FhirClient("https://x.invalid/fhir/v2", KEY, rate_limit=20)


def test_bad_key_clear_error(server):
    client = FhirClient(server.url, "wrong", rate_limit=17)
    with pytest.raises(ApiKeyError, match="api_key refusée"):
        api.collect(client, organizations=["990000002"])
    assert client.stats.requests == 1  # no retry on 401


def test_operation_outcome_surfaced(server):
    with pytest.raises(FhirError, match="Unknown search parameter"):
        list(_client(server).search("Practitioner", [("nosuch", "1")]))
    with pytest.raises(FhirError, match="HAPI-0302"):
        list(_client(server).search("Device2", []))


def test_invalid_identifiers_rejected_before_any_request(server):
    client = _client(server)
    with pytest.raises(ValueError, match="1234"):
        api.collect(client, practitioners=["1234"])
    with pytest.raises(ValueError, match="99000000X"):
        api.collect(client, organizations=["99000000X"])
    assert not server.requests


def test_mailbox_lookup_and_unpublished(server, est):
    unpublished = next(m for m in est.mailboxes if "not_published" in m.expected_codes)
    org = next(m for m in est.mailboxes if m.kind == "ORG")
    found = api.collect(_client(server), mailboxes=[unpublished.address, org.address.upper()])
    assert found["not_found"] == [unpublished.address]
    assert org.address in {b.address for b in found["bals"]}


def test_ig_examples_served():
    with LocalFhirServer(ig_resources(), api_key=KEY) as srv:
        found = api.collect(_client(srv), organizations=["990000010"],
                            practitioners=["10999990012", "810999990020"])
        bals = {b.address: b for b in found["bals"]}
        assert bals["alice.fictif@ch-exemple.mssante.fr"].situations == ["1099999101"]
        assert bals["alice.fictif@medecin.mssante.fr"].carrier == ["Practitioner"]
        assert bals["dpi.comptes-rendus@ch-exemple.mssante.fr"].type == "APP"


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return make_ca_and_server(str(tmp_path_factory.mktemp("tls")))


def test_tls_verified_with_lab_ca_refused_without(est, certs):
    with LocalFhirServer(annuaire_seed.fhir_resources(est), api_key=KEY, certs=certs) as srv:
        good = FhirClient(srv.url, KEY, ssl_context=client_context(True, certs.ca_cert))
        assert list(good.search("Organization", [("identifier", est.finess_ej)]))[0]["total"] == 1
        bad = FhirClient(srv.url, KEY, ssl_context=client_context(True, None))
        with pytest.raises(FhirError, match="certificat non reconnu"):
            list(bad.search("Organization", [("identifier", est.finess_ej)]))


def test_module_through_ansible(server, est):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, ".colls"),
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
               ANSIBLE_NOCOLOR="1",
               ANSIBLE_PYTHON_INTERPRETER=os.path.join(ROOT, ".venv", "bin", "python"))
    args = json.dumps({"source": "api", "api_url": server.url, "api_key": KEY,
                       "organizations": [est.finess_ej], "rate_limit": 17})
    ansible = os.path.join(ROOT, ".venv", "bin", "ansible")
    proc = subprocess.run([ansible, "localhost", "-m", "mssante.hygiene.annuaire_info", "-a", args],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # ad-hoc output: "localhost | SUCCESS => {json}"
    result = json.loads(proc.stdout.split("=>", 1)[1])
    assert result["changed"] is False and result["requests"]["count"] >= 3
    assert KEY not in proc.stdout
    assert {m.address for m in est.mailboxes if m.kind == "ORG"} <= {b["address"] for b in result["bals"]}
    bad = json.dumps({"source": "api", "api_url": server.url, "api_key": KEY, "practitioners": ["12345"]})
    proc = subprocess.run([ansible, "localhost", "-m", "mssante.hygiene.annuaire_info", "-a", bad],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode != 0 and "12345" in proc.stdout
