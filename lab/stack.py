# SPDX-License-Identifier: GPL-3.0-or-later
"""Start, seed and stop the whole lab (slapd + Dovecot or Cyrus and its SMTP relay + Annuaire) under .lab/<name>/.

`lab-vars.json` in that directory is what the demo inventory and the molecule scenarios read:
server ports, credentials (random per lab), CA path, extraction file.
"""

import json
import os
import shutil
import time

from lab import connection_file, establishment, ldap_seed, tls
from lab.slapd import Slapd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPONENTS = ("ldap", "mail", "annuaire")
MAIL_SERVERS = ("dovecot", "cyrus")


def lab_dir(name):
    """.lab/<name>; under pytest-xdist each worker gets its own copy (same names, no sharing)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return os.path.join(ROOT, ".lab", "%s-%s" % (name, worker) if worker else name)


def _write_json(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def mail_server_of(directory, certs, mail="dovecot"):
    """The lab's mail server object (not started): Dovecot in <dir>/dovecot, Cyrus in <dir>/cyrus."""
    # pylint: disable-next=import-outside-toplevel
    from lab import cyrus as cyrus_lab, dovecot as dovecot_lab

    if mail == "cyrus":
        return cyrus_lab.Cyrus(os.path.join(directory, "cyrus"), certs)
    return dovecot_lab.Dovecot(os.path.join(directory, "dovecot"), certs)


def _start_mail(directory, certs, est, state, timings, mail="dovecot", auth="password"):
    from lab import mail_seed, patient_documents, smtp_daemon  # pylint: disable=import-outside-toplevel

    server = mail_server_of(directory, certs, mail)
    if auth == "oauth":  # passwords refused: IMAP logins need a token of the lab's OAuth server
        from lab import oauth_server  # pylint: disable=import-outside-toplevel

        issuer = oauth_server.start(directory, est.domain)
        server.auth = issuer.dovecot_auth()
        state["oauth"] = issuer.state()
    server.start()
    steps = {}
    # the DPI's export of the Message-IDs it integrated, beside lab-vars.json (issue 16)
    ids_file = os.path.join(directory, patient_documents.MESSAGE_IDS_FILE)
    mail_seed.seed(server, est, timings=steps, message_ids_file=ids_file)
    timings.update(("mail_" + step, seconds) for step, seconds in steps.items())
    state["imap"] = server.state()
    state["patient_documents"] = {"message_ids_file": ids_file, "keyword": patient_documents.DPI_KEYWORD}
    # mail sent to the lab domain reaches these INBOXes: the owner notices are read back over IMAP
    state["smtp"] = smtp_daemon.start(directory, certs, server.lmtp_port, est.domain)


def _start_annuaire(directory, est, staff, state):
    """The daily extraction file and a local FHIR v2 server, both describing `est`."""
    from lab import annuaire_seed, fhir_daemon  # pylint: disable=import-outside-toplevel

    path = os.path.join(directory, "annuaire", "Extraction_Correspondance_MSSante_demo.txt")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    annuaire_seed.write_extraction(est, path)
    state["annuaire"] = {"extraction_path": path}
    state["annuaire"].update(fhir_daemon.start(directory, staff))


def up(name="demo", staff=40, components=COMPONENTS, scale=False, timings=None, mail="dovecot",
       auth="password"):
    """(Re)create the lab `name` from scratch and return its state dict.

    `mail`: the mail platform, "dovecot" or "cyrus" (lab-vars.json's `imap` keeps the same keys;
    its `backend` says which backend the demo inventory uses).
    `auth`: "oauth" gives Dovecot an OAuth 2.0 passdb only (lab/oauth_server.py), passwords refused.
    `scale`: light mail volumes per BAL (see establishment.build), for 10,000-BAL benches.
    `timings`, if a dict, receives the seconds each component took to start and seed.
    """
    timings = {} if timings is None else timings
    clock = time.perf_counter()

    def lap(step):
        nonlocal clock
        timings[step], clock = time.perf_counter() - clock, time.perf_counter()

    down(name)
    directory = lab_dir(name)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    est = establishment.build(staff=staff, scale=scale)
    certs = tls.make_ca_and_server(os.path.join(directory, "tls"))
    state = {"name": name, "directory": directory, "now": est.now.isoformat(),
             "tls": {"ca_cert": certs.ca_cert}}
    lap("prepare")
    if "ldap" in components:
        server = Slapd(os.path.join(directory, "slapd"), certs, est.ldap_base)
        server.start(ldap_seed.establishment_ldif(est))
        state["ldap"] = server.state()
        lap("ldap")
    if "mail" in components:
        _start_mail(directory, certs, est, state, timings, mail, auth)
        lap("mail")
    if "annuaire" in components:
        _start_annuaire(directory, est, staff, state)
        lap("annuaire")
    # the operator's file of last connections per BAL (issue 19), whatever the components
    state["connection_file"] = connection_file.write(directory, est)
    _write_json(os.path.join(directory, "lab-vars.json"), state)
    return state


def existing_certs(directory):
    """The certificates of an existing lab (to stop or inspect its servers)."""
    tls_dir = os.path.join(directory, "tls")
    return tls.Certs(ca_cert=os.path.join(tls_dir, "ca.pem"),
                     cert=os.path.join(tls_dir, "server.pem"),
                     key=os.path.join(tls_dir, "server.key"))


def dovecot_of(directory):
    """The Dovecot of an existing lab, to run doveadm on it."""
    from lab import dovecot as dovecot_lab  # pylint: disable=import-outside-toplevel

    return dovecot_lab.Dovecot(os.path.join(directory, "dovecot"), existing_certs(directory))


def down(name="demo"):
    """Stop every server of the lab `name` (its files stay for inspection)."""
    directory = lab_dir(name)
    if not os.path.isdir(directory):
        return
    Slapd(os.path.join(directory, "slapd"), None, "").stop()
    from lab import fhir_daemon, oauth_server, smtp_daemon  # pylint: disable=import-outside-toplevel

    fhir_daemon.stop(directory)
    oauth_server.stop(directory)
    smtp_daemon.stop(directory)
    if os.path.isdir(os.path.join(directory, "dovecot")):
        dovecot_of(directory).stop()
    if os.path.isdir(os.path.join(directory, "cyrus")):
        mail_server_of(directory, existing_certs(directory), "cyrus").stop()
