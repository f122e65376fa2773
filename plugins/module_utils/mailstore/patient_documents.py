# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Patient documents (golden rule 2): which messages carry one, and which are proven integrated.

A message carries a patient document when one of its MIME parts, at any depth, has a file name
matching `filenames` (IHE_XDM.ZIP: the XDM package of MSSanté), a content type matching
`content_types`, or when its Subject starts with one of `subject_prefixes` (XDM/1.0/DDM). It is
proven integrated into the patient record by an IMAP keyword, by its Message-ID in the file the
DPI exports, or by a disposition notification (MDN) `processed` in the same mailbox. The Subject
names the patient: it is only tested here and then dropped, never kept in what this returns.
"""

from __future__ import annotations

import fnmatch
import re

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import closest
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import patient_documents_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.bodystructure import (
    decode_part, decode_words, parse_bodystructure)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.message_ids import (
    normalize_id, read_message_ids)
from ansible_collections.mssante.hygiene.plugins.module_utils.options import options_from

OPTION = "patient_documents"
LISTS = ("filenames", "subject_prefixes", "content_types")
FIELDS = LISTS + ("proof",)
PROOFS = ("keywords", "message_ids_file", "mdn")
_CONTENT_FIELD = re.compile(r"^(content-type|content-disposition)[ \t]*:", re.MULTILINE)
MDN_TYPES = ("message/disposition-notification", "message/global-disposition-notification")


class Message:
    """What the guard keeps of one message: no Subject, no body."""

    __slots__ = ("uid", "folder", "date", "message_id", "flags", "document", "mdn_part")

    def __init__(self, uid, folder, date, message_id, flags, document, mdn_part):
        self.uid = uid
        self.folder = folder
        self.date = date  # ISO 8601 received date
        self.message_id = normalize_id(message_id)
        self.flags = flags
        self.document = document
        self.mdn_part = mdn_part  # the machine part (bodystructure.Part) of a disposition notification


class DocumentOptions:
    """The typed `patient_documents` option."""

    def __init__(self, filenames, subject_prefixes, content_types, keywords, message_ids_file, mdn):
        self.filenames = [glob.lower() for glob in filenames]
        self._name_pieces = _literal_pieces(self.filenames)
        self.subject_prefixes = [prefix.lower() for prefix in subject_prefixes]
        self.content_types = [glob.lower() for glob in content_types]
        self.keywords = set(keyword.lower() for keyword in keywords)  # IMAP keywords ignore case
        self.message_ids_file = message_ids_file
        self.listed_ids = read_message_ids(message_ids_file) if message_ids_file else frozenset()
        self.mdn = mdn

    def by_subject(self, subject):
        """Does the Subject alone make the message a patient document (XDM/1.0/DDM...)?"""
        if not self.subject_prefixes:
            return False
        subject = decode_words(subject or "").lstrip().lower()
        return any(subject.startswith(prefix) for prefix in self.subject_prefixes)

    def carries_document(self, structure, subject):
        """Does this message carry a patient document? `structure`: a bodystructure.Part, or None
        when the server's description could not be read: then it is one (never deleted unseen)."""
        if self.by_subject(subject):
            return True
        if structure is None:
            return True
        if is_mdn(structure):
            return False  # a notification may quote the document it answers: it is none itself
        for part in structure.walk():
            if any(fnmatch.fnmatchcase(part.content_type, glob) for glob in self.content_types):
                return True
            for name in part.filenames:
                base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().lower()
                if any(fnmatch.fnmatchcase(base, glob) for glob in self.filenames):
                    return True
        return False

    def plain(self, described):
        """Can a message whose server description (its BODYSTRUCTURE, as text) is `described`
        carry no document part? Judged without parsing (most mail): no part is a report, no
        content type is looked for, and either no part has a name (nor filename) parameter or
        no name is encoded (RFC 2047, RFC 2231) and none contains a literal piece of a
        `filenames` pattern (IHE_XDM.ZIP by default)."""
        if self.content_types:
            return False
        lowered = described.lower()
        if "report" in lowered:
            return False
        if "name" not in lowered:
            return True
        if self._name_pieces is None or "=?" in lowered or '*"' in lowered:
            return False
        return not any(piece in lowered for piece in self._name_pieces)

    def plain_header(self, block, fields=None):
        """Can a message whose Content-Type and Content-Disposition header fields are `block`
        carry no document part, its structure unseen? Only one unnamed text part says so: any
        other type, a name, a report or a repeated field (which one would the server read?)
        needs the server's BODYSTRUCTURE. `fields`: header_fields(block) when the caller has
        read them already (once per message is enough)."""
        if self.content_types or block is None:
            return False
        named = _CONTENT_FIELD.findall(block.lower())
        if len(named) > len(set(named)):
            return False
        fields = header_fields(block) if fields is None else fields
        content_type = fields.get("content-type", "text/plain").lower()
        return content_type.startswith("text/") and "report" not in content_type and \
            "name" not in content_type and "name" not in fields.get("content-disposition", "").lower()

    def plain_message(self, uid, folder, subject, message_id, date="", flags=()):
        """The Message of a plain one (see plain()): a document only by its Subject (a plain
        structure names no file and content_types is empty there)."""
        return Message(uid, folder, date, message_id, list(flags), self.by_subject(subject), None)

    def examine(self, uid, folder, date, bodystructure, subject, message_id, flags):
        """A Message from what the server gave; the Subject goes no further than this call."""
        if isinstance(bodystructure, str) and self.plain(bodystructure):
            # nothing to parse (most mail; doveadm hands the text over, parsing it all would cost
            # more than the read)
            return self.plain_message(uid, folder, subject, message_id, date, flags or ())
        structure = parse_bodystructure(bodystructure) if bodystructure else None
        document = self.carries_document(structure, subject)
        return Message(uid, folder, date, message_id, list(flags or []), document,
                       machine_part(structure) if structure is not None else None)

    def is_proven(self, message, mdn_ids):
        """Is this document proven integrated (keyword, listed Message-ID, processed MDN)?"""
        if any(flag.lower() in self.keywords for flag in message.flags):
            return True
        if message.message_id and message.message_id in self.listed_ids:
            return True
        return bool(self.mdn and message.message_id and message.message_id in mdn_ids)

    def kept(self, messages, policy, mdn_ids):
        """UIDs a rule with this `patient_documents` policy must leave alone among `messages`."""
        if policy == "ignore":
            return set()
        return set(m.uid for m in messages if m.document and (policy == "keep" or not self.is_proven(m, mdn_ids)))

    def guard(self, meta, messages, policy, mdn_ids):
        """(`meta` {uid: ...} without what the policy keeps, how many it kept).

        A selected UID the server described nowhere (gone meanwhile, or an answer we could not
        read) is kept too: nothing is deleted without having been looked at.
        """
        by_uid = dict((message.uid, message) for message in messages)
        kept = self.kept([by_uid[uid] for uid in meta if uid in by_uid], policy, mdn_ids)
        if policy != "ignore":
            kept.update(uid for uid in meta if uid not in by_uid)
        return dict((uid, item) for uid, item in meta.items() if uid not in kept), len(kept)

    def counts(self, messages, mdn_ids):
        """{total, integrated, pending, oldest_pending (YYYY-MM-DD or None)} of a mailbox."""
        documents = [m for m in messages if m.document]
        pending = [m for m in documents if not self.is_proven(m, mdn_ids)]
        dates = [m.date[:10] for m in pending if m.date]
        return {"total": len(documents), "integrated": len(documents) - len(pending), "pending": len(pending),
                "oldest_pending": min(dates) if dates else None}


def _literal_pieces(globs):
    """The longest literal piece of each glob ('*.hl7' -> '.hl7'), or None when one has none
    ('*'): a name must contain one of them to match."""
    pieces = [max(re.split(r"[*?\[\]]", glob), key=len) for glob in globs]
    return None if not all(pieces) else pieces


def is_mdn(structure):
    return structure.content_type == "multipart/report" and (
        structure.params.get("report-type", "").lower() in ("disposition-notification", "")) and bool(
            machine_part(structure))


def machine_part(structure):
    """The machine-readable part of a disposition notification (multipart/report), or None."""
    if structure.content_type != "multipart/report":
        return None
    for part in structure.children:
        if part.content_type in MDN_TYPES:
            return part
    return None


def mdn_verdict(raw, encoding=""):
    """(normalized Original-Message-ID, processed) from an MDN machine part, or None without an id.

    `processed` only when the disposition type is `processed` with no modifier: `processed/error`
    (integration failed, e.g. 902 unknown patient) never proves anything. Folded lines, any case.
    """
    fields = header_fields(decode_part(raw, encoding).decode("utf-8", "replace"))
    original = normalize_id(fields.get("original-message-id", ""))
    if not original:
        return None
    disposition = _without_comments(fields.get("disposition", ""))
    kind = disposition.rpartition(";")[2].strip().lower()
    return original, kind == "processed"


def header_fields(block):
    """{lower-case name: value} of a header block, folded lines joined (the first of each name)."""
    found, name = {}, None
    for line in block.replace("\r\n", "\n").split("\n"):
        if line[:1] in (" ", "\t") and name:
            found[name] += " " + line.strip()
        elif ":" in line:
            name, _sep, value = line.partition(":")
            name = name.strip().lower()
            if name in found:
                name = None  # a repeated field: the first one counts
            else:
                found[name] = value.strip()
        else:
            name = None
    return found


def _without_comments(value):
    out, depth = [], 0
    for char in value:
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(char)
    return "".join(out)


def processed_ids(verdicts):
    """Message-IDs proven by at least one `processed` MDN (a later error MDN does not undo it)."""
    return frozenset(original for original, processed in filter(None, verdicts) if processed)


# --- the option ----------------------------------------------------------------
def _strings(where, value):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError("%s doit être une liste de textes non vides, reçu %s" % (where, _shown(value)),
                          parameter=where)
    return [v.strip() for v in value]


def _shown(value):
    return value if isinstance(value, (str, int, float)) else "une valeur de type %s" % type(value).__name__


def _unknown(where, raw, allowed):
    unknown = sorted(str(key) for key in set(raw) - set(allowed))
    if unknown:
        hints = ["%s (vouliez-vous dire %s ?)" % (key, closest(key, allowed)) if closest(key, allowed) else key
                 for key in unknown]
        raise ConfigError("%s : champ inconnu %s (champs possibles : %s)" % (
            where, ", ".join(hints), ", ".join(allowed)), parameter=where)


def _given(raw):
    """A field set to null is a field left out (an inventory writes `filenames:` for "the default")."""
    return dict((key, value) for key, value in raw.items() if value is not None)


def _dict(where, raw):
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError("%s doit être un dictionnaire, reçu %s" % (where, _shown(raw)), parameter=where)
    return raw


def document_options(raw, required=False):
    """The typed option, or None when it is not given and not `required` (mailstore_info without it).

    A purge always guards (its rules default to `keep`): there, a missing option means the
    defaults. Fields left out take the argspec's defaults (argspec.patient_documents_spec).
    """
    if raw is None and not required:
        return None
    raw = _given(_dict(OPTION, raw))
    _unknown(OPTION, raw, FIELDS)
    proof = _given(_dict(OPTION + ".proof", raw.get("proof")))
    _unknown(OPTION + ".proof", proof, PROOFS)
    raw = options_from(patient_documents_spec()["options"], dict(raw, proof=proof))
    lists = [_strings("%s.%s" % (OPTION, name), raw[name]) for name in LISTS]
    proof = raw["proof"]
    keywords = _strings(OPTION + ".proof.keywords", proof["keywords"])
    path = proof["message_ids_file"]
    if path is not None and (not isinstance(path, str) or not path.strip()):
        raise ConfigError("%s.proof.message_ids_file doit être le chemin d'un fichier, reçu %s" % (
            OPTION, _shown(path)), parameter=OPTION + ".proof.message_ids_file")
    if not isinstance(proof["mdn"], bool):
        raise ConfigError("%s.proof.mdn doit valoir true ou false, reçu %s" % (OPTION, _shown(proof["mdn"])),
                          parameter=OPTION + ".proof.mdn")
    return DocumentOptions(*lists, keywords=keywords, message_ids_file=path, mdn=proof["mdn"])
