# SPDX-License-Identifier: GPL-3.0-or-later
"""The extraction file fetched over https (zip), verified with the lab CA, refused without it."""
import functools
import os
import ssl
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.extraction import read_extraction
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.source import SourceError
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import client_context
from lab import annuaire_seed, establishment
from lab.tls import make_ca_and_server


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def https_dir(tmp_path):
    certs = make_ca_and_server(str(tmp_path / "tls"))
    root = tmp_path / "www"
    root.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs.cert, certs.key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield root, "https://127.0.0.1:%d" % httpd.server_address[1], certs
    httpd.shutdown()
    httpd.server_close()


def test_zip_over_https_with_ca(https_dir):
    root, url, certs = https_dir
    est = establishment.build()
    text_path = root / "ext.txt"
    annuaire_seed.write_extraction(est, str(text_path), national_lines=2000)
    with zipfile.ZipFile(root / "Extraction.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(text_path, "Extraction_Correspondance_MSSante_202611260300.txt")
    reader = read_extraction(url + "/Extraction.zip", domains=[est.domain],
                             ssl_context=client_context(True, certs.ca_cert))
    assert set(reader.bals) == {m.address for m in est.mailboxes if m.publications}
    with pytest.raises(SourceError, match="certificat non reconnu"):
        read_extraction(url + "/Extraction.zip", domains=[est.domain], ssl_context=client_context(True, None))
    assert not [n for n in os.listdir("/tmp") if n.startswith("mssante-extraction-")]
