# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The optional .eml export made before a deletion: one file per message, never overwritten.

Layout: <export_dir>/<run_id>/<mailbox>-<hash>/<folder>-<hash>/<UIDVALIDITY>-<UID>.eml, files 0600,
directories 0700 (they hold patients' mail).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import MailstoreError
from ansible_collections.mssante.hygiene.plugins.module_utils.files import make_private_dirs, write_all

# run_id becomes a directory of export_dir: a plain name, never '..', '/' or a hidden name
_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def run_id_problem(run_id):
    """French reason why `run_id` cannot name a directory, or None."""
    if _RUN_ID.fullmatch(run_id or ""):
        return None
    return ("run_id : « %s » ne peut pas servir de nom de dossier (export_dir/<run_id>/...) : de 1 à 64 "
            "lettres sans accent, chiffres, « . », « _ » ou « - », sans commencer par un point ni un tiret"
            % (run_id or "").replace("\n", "\\n").replace("\r", "\\r"))


def export_name(text):
    """Directory name of a login or folder: readable, and distinct for distinct names.

    The readable part loses characters and length; the hash of the exact name keeps two
    mailboxes (a+b@ and a=b@, or two long names) from sharing a directory.
    """
    readable = re.sub(r"[^A-Za-z0-9@._-]+", "_", text)[:60].lstrip(".-") or "_"
    return "%s-%s" % (readable, hashlib.sha256(text.encode("utf-8")).hexdigest()[:16])


def _same_content(path, raw):
    with open(path, "rb") as handle:
        return handle.read() == raw


def _publish(part, path, raw):
    """Give `part` the name `path`, never replacing a file already there."""
    try:
        os.link(part, path)
        return
    except FileExistsError:
        pass
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        if not os.path.exists(path):  # no hard links here (vfat, some network shares)
            os.rename(part, path)
            return
    if not _same_content(path, raw):
        raise MailstoreError("l'export %s existe déjà avec un autre contenu : il n'est pas remplacé et les "
                             "messages de ce dossier sont conservés (export_dir et run_id d'une autre "
                             "exécution ?)" % path)


def export_path(export_dir, run_id, mailbox, folder, uidvalidity, uid):
    """Where the export of one message is (written by export_message, read back by a restore)."""
    return os.path.join(export_dir, run_id, export_name(mailbox), export_name(folder),
                        "%d-%d.eml" % (uidvalidity, uid))


def export_message(export_dir, run_id, mailbox, folder, uidvalidity, uid, raw):
    """Write one message as .eml (0600) and fsync file and directory; returns its path.

    An export already there is never replaced: the same message again (rerun of a run_id) is
    accepted, another content raises. A write that fails (disk full) leaves no .part file.
    """
    path = export_path(export_dir, run_id, mailbox, folder, uidvalidity, uid)
    directory = os.path.dirname(path)
    make_private_dirs(directory)
    fd, part = tempfile.mkstemp(prefix="%d-%d." % (uidvalidity, uid), suffix=".eml.part", dir=directory)
    try:
        try:
            write_all(fd, raw)
            os.fsync(fd)
        finally:
            os.close(fd)
        _publish(part, path, raw)
    finally:
        if os.path.exists(part):
            os.unlink(part)
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return path
