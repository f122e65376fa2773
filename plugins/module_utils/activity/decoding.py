# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The bytes of an operator's file as text: what it is (not an error page) and its encoding.

Operators export from Excel (cp1252, sometimes a UTF-8 BOM) or from a script (UTF-8). A web
download that failed gives an HTML page with a 200; a UTF-16 export is unreadable as text: both
are refused before anything is concluded from them.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError

BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
HTML_MARKS = (b"<!doctype", b"<html", b"<head", b"<body", b"<?xml")


class ConnectionFileError(MssanteError):
    """The connection file cannot be trusted (incomplete, not the expected file, too many bad lines)."""


def refuse(path, problem, parameter="path"):
    raise ConnectionFileError("%s : fichier des connexions %s : %s ; fichier refusé, rien n'en est conclu (vérifiez "
                              "le fichier déposé par l'opérateur et relancez)" % (parameter, path, problem),
                              parameter=parameter)


def check_kind(data, path):
    """Refuse an empty file, an HTML page or a UTF-16 export."""
    head = data[len(BOM):] if data.startswith(BOM) else data
    if not head.strip():
        refuse(path, "fichier vide")
    if head.startswith(UTF16_BOMS) or b"\x00" in head[:4096]:
        refuse(path, "fichier en UTF-16 ou binaire ; exportez-le en UTF-8 ou en Windows-1252 (cp1252)",
               "encoding")
    start = head.lstrip()[:512].lower()
    if start.startswith(b"<") and any(mark in start for mark in HTML_MARKS):
        refuse(path, "page HTML (page d'erreur ou de connexion ?) au lieu du fichier")


def decode(data, encoding, path):
    """(text, encoding used): `auto` takes UTF-8 (with or without BOM) when it decodes, else cp1252."""
    if encoding in ("auto", "utf-8"):
        try:
            if data.startswith(BOM):
                return data[len(BOM):].decode("utf-8"), "utf-8-sig"
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            if encoding == "utf-8":
                refuse(path, "octet %d illisible en UTF-8 ; essayez encoding: cp1252" % exc.start, "encoding")
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        # five bytes have no cp1252 character: such a file is neither of the two encodings
        refuse(path, "octet %d illisible en UTF-8 comme en cp1252" % exc.start, "encoding")
    return "", ""  # not reached: refuse() raises
