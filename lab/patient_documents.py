# SPDX-License-Identifier: GPL-3.0-or-later
"""The patient documents planted in CH Exemple (issue 16), and what the audit must say of them.

Three BALs receive XDM messages (lab/xdm_mail.py), each proven integrated into the patient record
in one of the three ways a DPI can prove it, or not at all:

- secretariat.cardiologie: a well-run secretariat. Old documents (two years and more: any retention
  rule on the inbox selects them), integrated by MDN, by the `$DPI_Integre` keyword or listed in
  the Message-ID file; one recent document still pending (under 30 days: no finding).
- people[2] (owner departed): a document the DPI refused (MDN `processed/Error: 902^Patient
  inconnu`) and one never answered, 45 days old: `documents_not_integrated`.
- people[4]: one document listed in the Message-ID file.

Every attachment variant appears at least once (plain, lower case, RFC 2231, forwarded). Ages are
relative to `Establishment.now`; a document arrives at noon UTC, so its date is the same day in
every time zone of mainland France.
"""

import datetime as dt
from dataclasses import dataclass

from lab import xdm, xdm_mail

DPI_KEYWORD = "$DPI_Integre"  # set by the DPI connector on what it integrated
MESSAGE_IDS_FILE = "dpi-message-ids.txt"  # written in the lab directory, as a platform exports it
PENDING_DAYS = 30  # default of mssante_documents_pending_days
FINDING = "documents_not_integrated"
ALL_PROOFS = ("mdn", "keyword", "message_ids_file")
DAY = 86400


@dataclass(frozen=True)
class SeedDocument:
    """One XDM message planted in a BAL, with how (and whether) its integration is proven."""

    number: int  # unique in the lab: names the document and its Message-ID
    title: str  # libellé after DDM+ in the Subject
    age_days: int  # received this many days before Establishment.now
    proof: str = ""  # "" (none) | mdn | mdn_error | keyword | message_ids_file
    variant: str = "plain"  # see xdm_mail.VARIANTS
    folder: str = "INBOX"

    @property
    def message_id(self):
        return "<xdm.%d@ch-voisin.mssante.fr>" % self.number

    @property
    def mdn_id(self):
        return "<mdn.%d@ch-exemple.mssante.fr>" % self.number

    @property
    def document(self):
        return xdm.Document(self.number, self.title)

    def proven(self, proofs=ALL_PROOFS):
        """Integrated under the configured proofs (an MDN in error never proves anything)."""
        return self.proof in proofs


def received(now, age_days):
    """Epoch seconds of noon UTC, `age_days` before `now`."""
    day = (now - dt.timedelta(days=age_days)).astimezone(dt.timezone.utc).date()
    return int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone.utc).timestamp())


def plant(est):
    """Give the three BALs above their documents (the Message-ID file names two of them)."""
    boxes = {box.address: box for box in est.mailboxes}
    secretariat = boxes["secretariat.cardiologie@%s" % est.domain]
    departed, listed = (boxes["%s@%s" % (est.people[index].uid, est.domain)] for index in (2, 4))
    secretariat.documents = [
        SeedDocument(1, "CR consultation", 800, "mdn"),
        SeedDocument(2, "CR hospitalisation", 900, "mdn", "lower", "Archives/2023"),
        SeedDocument(3, "Lettre de liaison", 760, "keyword", "rfc2231"),
        SeedDocument(4, "CR operatoire", 740, "message_ids_file"),
        SeedDocument(5, "CR consultation", 12),
        SeedDocument(6, "Resultats de biologie", 20, "mdn", "forward")]
    departed.documents = [
        SeedDocument(7, "CR consultation", 400, "mdn_error"),
        SeedDocument(8, "Lettre de liaison", 45, "", "rfc2231")]
    listed.documents = [SeedDocument(9, "CR imagerie", 200, "message_ids_file", "lower")]


def facts(documents, now, proofs=ALL_PROOFS):
    """What mailstore_info must return as `patient_documents` for a BAL holding `documents`."""
    pending = [doc for doc in documents if not doc.proven(proofs)]
    oldest = max((doc.age_days for doc in pending), default=None)
    return {"total": len(documents), "integrated": len(documents) - len(pending), "pending": len(pending),
            "oldest_pending": None if oldest is None else dt.datetime.fromtimestamp(
                received(now, oldest), dt.timezone.utc).date().isoformat()}


def proven_ids(documents, proofs=ALL_PROOFS):
    """Message-IDs of the documents a purge rule with `patient_documents: integrated` may delete."""
    return sorted(doc.message_id for doc in documents if doc.proven(proofs))


def codes(documents, proofs=ALL_PROOFS, pending_days=PENDING_DAYS):
    """The finding the audit raises for these documents ({FINDING} or nothing)."""
    late = [doc for doc in documents if not doc.proven(proofs) and doc.age_days > pending_days]
    return {FINDING} if late else set()


def messages(documents, recipient, now):
    """(folder, received, keywords, bytes) of each document and of the MDN answering it."""
    for doc in documents:
        when = received(now, doc.age_days)
        keywords = (DPI_KEYWORD,) if doc.proof == "keyword" else ()
        yield doc.folder, when, keywords, xdm_mail.document_message(
            doc.document, recipient, when, doc.message_id, doc.variant)
        if doc.proof in ("mdn", "mdn_error"):
            disposition = xdm_mail.PROCESSED if doc.proof == "mdn" else xdm_mail.ERROR_902
            # the intermediation platform answers within the hour, into the inbox
            yield "INBOX", when + 3600, (), xdm_mail.mdn_message(
                recipient, when + 3600, doc.mdn_id, doc.message_id, disposition)


def message_ids_text(est):
    """The Message-ID file of the lab, as an intermediation platform exports it.

    A comment, brackets present or not, a blank line and an ID of another establishment's
    document (nobody here has it): a reader must take each in its stride.
    """
    listed = [doc.message_id for box in est.mailboxes for doc in box.documents
              if doc.proof == "message_ids_file"]
    lines = ["# Message-ID intégrés au DPI (export de la plateforme d'intermédiation, labo)"]
    lines += [message_id if number % 2 == 0 else message_id.strip("<>") for number, message_id in enumerate(listed)]
    lines += ["", "<xdm.autre-etablissement.42@ch-ailleurs.mssante.fr>"]
    return "\n".join(lines) + "\n"
