# SPDX-License-Identifier: GPL-3.0-or-later
"""A real OpenLDAP slapd on 127.0.0.1, in its own directory, on free ports, no systemd.

Loaded with slapadd before start (10k entries load in a fraction of a second). Listens on
ldap:// (StartTLS offered) and ldaps://, with a certificate from the lab CA so tests can prove
that verification is on. The size limit mimics Active Directory: unpaged searches stop at
`size_limit` entries, paged searches may return everything.
"""

import os
import shutil
import signal
import subprocess
import time

from lab.ports import free_ports, wait_listening

SCHEMAS = ("core", "cosine", "inetorgperson", "nis")
SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"

CONFIG = """\
{includes}
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
pidfile {dir}/slapd.pid
argsfile {dir}/slapd.args
loglevel stats
TLSCACertificateFile {ca}
TLSCertificateFile {cert}
TLSCertificateKeyFile {key}
sizelimit size.soft={size_limit} size.hard={size_limit} size.prtotal=unlimited

database mdb
maxsize 1073741824
suffix "{base}"
rootdn "cn=admin,{base}"
rootpw {admin_password}
directory {dir}/db
index objectClass,uid,mail eq
overlay ppolicy
access to attrs=userPassword
    by anonymous auth
    by * none
access to *
    by dn.exact="{reader_dn}" read
    by {anonymous} read
    by * none
"""


class Slapd:
    """One slapd instance; `start(ldif)` loads the entries then serves them."""

    def __init__(self, directory, certs, base, size_limit=500, allow_anonymous=False):
        self.directory = os.path.abspath(directory)
        self.certs = certs
        self.base = base
        self.size_limit = size_limit
        self.allow_anonymous = allow_anonymous
        self.admin_dn = "cn=admin,%s" % base
        self.admin_password = "lab-admin-" + os.urandom(6).hex()
        self.reader_dn = "cn=mssante-audit,ou=services,%s" % base
        self.reader_password = "lab-reader-" + os.urandom(6).hex()
        self.port = None
        self.ldaps_port = None
        self.process_pid = None

    @property
    def conf_path(self):
        return os.path.join(self.directory, "slapd.conf")

    @property
    def uri(self):
        return "ldap://127.0.0.1:%d" % self.port

    @property
    def ldaps_uri(self):
        return "ldaps://localhost:%d" % self.ldaps_port

    def _write_config(self):
        includes = "\n".join("include /etc/ldap/schema/%s.schema" % s for s in SCHEMAS)
        text = CONFIG.format(
            includes=includes, dir=self.directory, ca=self.certs.ca_cert, cert=self.certs.cert,
            key=self.certs.key, size_limit=self.size_limit, base=self.base,
            admin_password=self.admin_password, reader_dn=self.reader_dn,
            anonymous="anonymous" if self.allow_anonymous else "users")
        with open(self.conf_path, "w", encoding="utf-8") as handle:
            handle.write(text)

    def _reader_entry(self):
        return ("dn: %s\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
                "cn: mssante-audit\nuserPassword: %s\ndescription: compte de lecture "
                "mssante.hygiene\n\n" % (self.reader_dn, self.reader_password))

    def start(self, ldif):
        """Load `ldif` (text, base entry and ou=services included) and start serving."""
        self.stop()
        shutil.rmtree(os.path.join(self.directory, "db"), ignore_errors=True)
        os.makedirs(os.path.join(self.directory, "db"), exist_ok=True)
        self._write_config()
        ldif_path = os.path.join(self.directory, "seed.ldif")
        with open(ldif_path, "w", encoding="utf-8") as handle:
            handle.write(ldif)
            handle.write(self._reader_entry())
        subprocess.run([SLAPADD, "-q", "-f", self.conf_path, "-l", ldif_path], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.port, self.ldaps_port = free_ports(2)
        urls = "ldap://127.0.0.1:%d/ ldaps://127.0.0.1:%d/" % (self.port, self.ldaps_port)
        subprocess.run([SLAPD, "-f", self.conf_path, "-h", urls], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_listening(self.port)
        wait_listening(self.ldaps_port)
        with open(os.path.join(self.directory, "slapd.pid"), encoding="ascii") as handle:
            self.process_pid = int(handle.read().strip())
        return self

    def stop(self):
        """Stop the server if it runs (SIGINT lets slapd close the database cleanly)."""
        pid_file = os.path.join(self.directory, "slapd.pid")
        pid = self.process_pid
        if pid is None and os.path.exists(pid_file):
            with open(pid_file, encoding="ascii") as handle:
                pid = int(handle.read().strip() or 0) or None
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGINT)
            for _attempt in range(100):
                os.kill(pid, 0)
                time.sleep(0.05)
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process_pid = None

    def kill(self):
        """Simulate a crash (fault-injection tests)."""
        if self.process_pid:
            try:
                os.kill(self.process_pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process_pid = None

    def state(self):
        return {
            "uri": self.uri, "ldaps_uri": self.ldaps_uri, "port": self.port,
            "ldaps_port": self.ldaps_port, "base": self.base, "bind_dn": self.reader_dn,
            "bind_pw": self.reader_password, "admin_dn": self.admin_dn,
            "admin_password": self.admin_password, "ca_cert": self.certs.ca_cert,
            "size_limit": self.size_limit,
        }
