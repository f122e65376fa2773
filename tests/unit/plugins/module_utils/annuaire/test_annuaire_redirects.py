# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Redirects never carry the API key elsewhere; secrets in clear are warned about (issue #13, items 2 and 8).

Real HTTP(S) servers on 127.0.0.1 (threads): one answers 302 towards another one, which records
every request it receives.
"""
import json
import os
import subprocess
import sys
import threading

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.fhir import (
    FhirClient, FhirError, cleartext_api_url)
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.source import SourceError, open_binary
from ansible_collections.mssante.hygiene.plugins.module_utils.directory.reader import cleartext_bind
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import client_context
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french
from lab.tls import make_ca_and_server
from lab.fhir_server import QuietHandler, Served, loopback_httpd

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", ".."))
KEY = "cle-secrete-0123456789"
BUNDLE = {"resourceType": "Bundle", "type": "searchset", "total": 0, "link": [], "entry": []}


class Handler(QuietHandler):
    def do_GET(self):
        app = self.server.app
        with app.lock:
            app.seen.append({"path": self.path, "key": self.headers.get("ESANTE-API-KEY")})
        location = app.redirect(self.path) if app.redirect else None
        data = b"" if location else json.dumps(BUNDLE).encode("utf-8")
        self.send_response(302 if location else 200)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Server(Served):
    """A loopback server; `redirect(path)` gives the Location to answer 302 with, or None for 200."""

    def __init__(self, redirect=None, certs=None):
        self.redirect = redirect
        self.seen = []
        self.lock = threading.Lock()
        self.httpd, scheme = loopback_httpd(Handler, self, certs)
        self.port = self.httpd.server_address[1]
        self.origin = "%s://127.0.0.1:%d" % (scheme, self.port)


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return make_ca_and_server(str(tmp_path_factory.mktemp("tls")))


def client_for(server, certs=None):
    context = client_context(ca_path=certs.ca_cert) if certs else None
    return FhirClient(server.origin + "/fhir/v2", KEY, max_retries=0, timeout=5, ssl_context=context)


def refused_message(client, server):
    with pytest.raises(FhirError) as error:
        client.get_json(client.search_url("Practitioner", [("identifier", "10999990012")]))
    message = str(error.value)
    assert KEY not in message and "/Practitioner" not in message.split("redirige vers", 1)[1]
    assert_plain_french(message, "l'Annuaire Santé (api_url %s/fhir/v2)" % server.origin,
                        "redirection refusée, la clé api_key n'est jamais envoyée à un autre serveur",
                        "vérifiez api_url")
    return message


def test_redirect_to_another_port_never_receives_the_key():
    with Server() as other, Server(redirect=lambda path: other.origin + path) as api:
        message = refused_message(client_for(api), api)
    assert "redirige vers %s :" % other.origin in message
    assert other.seen == [] and len(api.seen) == 1


def test_redirect_to_another_host_name_is_refused():
    with Server(redirect=lambda path: None) as api:
        api.redirect = lambda path: "http://localhost:%d%s" % (api.port, path)  # same server, other name
        message = refused_message(client_for(api), api)
    assert "redirige vers http://localhost:%d :" % api.port in message
    assert len(api.seen) == 1


def test_https_to_http_is_refused(certs):
    with Server() as other, Server(redirect=lambda path: other.origin + path, certs=certs) as api:
        message = refused_message(client_for(api, certs), api)
    assert "redirige vers %s" % other.origin in message and "passage de https à http" in message
    assert other.seen == []


def test_same_origin_redirect_is_followed_with_the_key():
    with Server() as api:
        api.redirect = lambda path: path.replace("/Practitioner", "/Moved") if "/Practitioner" in path else None
        client = client_for(api)
        assert client.get_json(client.search_url("Practitioner", [("_count", "1")])) == BUNDLE
    assert [s["key"] for s in api.seen] == [KEY, KEY]
    assert api.seen[1]["path"].startswith("/fhir/v2/Moved?")


def test_redirect_loop_is_bounded():
    with Server(redirect=lambda path: path + "x") as api:
        client = client_for(api)
        with pytest.raises(FhirError) as error:
            client.get_json(client.search_url("Practitioner", [("_count", "1")]))
    assert_plain_french(str(error.value), "HTTP 302", "redirection non suivie", "plus de 5", "vérifiez api_url")
    assert len(api.seen) == 6


def test_extraction_https_to_http_is_refused(certs):
    with Server() as other, Server(redirect=lambda path: other.origin + path, certs=certs) as site:
        url = site.origin + "/extraction.txt"
        with pytest.raises(SourceError) as error:
            with open_binary(url, ssl_context=client_context(ca_path=certs.ca_cert), timeout=5):
                pass
    assert_plain_french(str(error.value), "extraction_path : %s redirige vers %s" % (url, other.origin),
                        "redirection refusée", "passage de https à http", "adresse https://")
    assert other.seen == []


def test_extraction_redirect_to_another_https_server_is_followed(certs):
    with Server(certs=certs) as mirror, Server(redirect=lambda path: mirror.origin + path, certs=certs) as site:
        with open_binary(site.origin + "/extraction.txt", ssl_context=client_context(ca_path=certs.ca_cert),
                         timeout=5) as (stream, name):
            assert json.loads(stream.read()) == BUNDLE and name == "extraction.txt"
    assert [s["path"] for s in mirror.seen] == ["/extraction.txt"]


# -- secrets in clear -------------------------------------------------------------------------

def test_http_api_url_warns_that_the_key_goes_in_clear():
    assert cleartext_api_url("https://gateway.api.esante.gouv.fr/fhir/v2") == ""
    warning = cleartext_api_url("http://127.0.0.1:8080/fhir/v2")
    assert_plain_french(warning, "api_url http://127.0.0.1:8080/fhir/v2 : la clé api_key", "EN CLAIR",
                        "Utilisez l'adresse https://")


def test_ldap_without_start_tls_warns_that_bind_pw_goes_in_clear():
    warning = cleartext_bind(["ldap://ad1.local", "ldaps://ad2.local", "LDAP://ad3.local"], False, "secret")
    assert_plain_french(warning, "server_uri ldap://ad1.local, LDAP://ad3.local (sans start_tls)",
                        "le mot de passe bind_pw part EN CLAIR", "Activez start_tls, ou utilisez ldaps://")
    assert "secret" not in warning and "ad2" not in warning
    assert cleartext_bind(["ldap://ad1.local"], True, "secret") == ""
    assert cleartext_bind(["ldap://ad1.local"], False, "") == ""  # anonymous bind: no password sent
    assert cleartext_bind(["ldaps://ad1.local", "ldapi:///run/slapd.sock"], False, "secret") == ""


def run_module(name, tmp_path, args):
    """The module as Ansible runs it (JSON arguments in, JSON result out); warnings as plain texts."""
    path = tmp_path / "args.json"
    path.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": args}), "utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    done = subprocess.run([sys.executable, os.path.join(ROOT, "plugins", "modules", name + ".py"), str(path)],
                          capture_output=True, env=env, timeout=60, check=False)
    result = json.loads(done.stdout.decode("utf-8"))
    # ansible-core 2.19 returns warnings as dicts when the module runs outside Ansible
    result["warnings"] = [w if isinstance(w, str) else w["event"]["msg"] for w in result.get("warnings", [])]
    return result


def test_annuaire_info_warns_on_http_and_refuses_the_redirect(tmp_path):
    args = {"api_key": KEY, "practitioners": ["10999990012"]}
    with Server() as api:
        result = run_module("annuaire_info", tmp_path, dict(args, api_url=api.origin + "/fhir/v2"))
        assert result.get("failed") is not True and api.seen[0]["key"] == KEY
        assert any(w.startswith("api_url %s/fhir/v2 : la clé api_key" % api.origin) for w in result["warnings"])
        with Server(redirect=lambda path: api.origin + path) as relay:
            result = run_module("annuaire_info", tmp_path, dict(args, api_url=relay.origin + "/fhir/v2"))
    assert result.get("failed") is True and len(api.seen) == 1
    assert result["msg"].startswith("l'Annuaire Santé (api_url %s/fhir/v2) redirige vers %s :"
                                    % (relay.origin, api.origin))
    assert KEY not in json.dumps(result)


def test_directory_info_warns_when_bind_pw_goes_in_clear(tmp_path):
    result = run_module("directory_info", tmp_path, {
        "server_uri": ["ldap://127.0.0.1:1"], "bind_dn": "cn=lecteur,dc=x", "bind_pw": "secret",
        "dn": "dc=x", "timeout": 2})
    assert result.get("failed") is True  # nobody listens there: the warning comes before connecting
    assert any(w.startswith("server_uri ldap://127.0.0.1:1 (sans start_tls) : le mot de passe bind_pw")
               for w in result["warnings"])
