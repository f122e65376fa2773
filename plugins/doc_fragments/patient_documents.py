# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Documentation fragment for the patient documents option (golden rule 2) of mailstore_info and mailstore_purge."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  patient_documents:
    description:
      - How to recognise messages that carry a patient document, and what proves that the document
        reached the patient record.
      - A message carries one when a MIME part, at any depth (forwarded messages included), has a
        file name matching O(patient_documents.filenames) (C(name=), C(filename=), RFC 2231
        C(filename*=) and RFC 2047 forms alike, any case), a content type matching
        O(patient_documents.content_types), or when its Subject starts with one of
        O(patient_documents.subject_prefixes). Read from the server's BODYSTRUCTURE, flags and four
        header fields (Subject, Message-ID, Content-Type, Content-Disposition); message bodies are
        never downloaded. An IMAP purge asks the BODYSTRUCTURE of only the messages whose header
        does not show a single unnamed text part. A structure the server describes in a form that
        cannot be read, or no longer gives, counts as a patient document.
      - A disposition notification (MDN) is never a patient document itself.
      - The Subject of such a message names the patient; it never appears in a result, journal,
        diff or message.
      - Fields left out take their defaults.
    type: dict
    version_added: 0.6.0
    suboptions:
      filenames:
        description: File name globs (shell style, any case) of the parts that are patient documents.
        type: list
        elements: str
        default: [IHE_XDM.ZIP]
      subject_prefixes:
        description: Subject prefixes (any case) of messages that carry patient documents.
        type: list
        elements: str
        default: [XDM/1.0/DDM]
      content_types:
        description: Content type globs (C(type/subtype), any case) of parts that are patient documents.
        type: list
        elements: str
        default: []
      proof:
        description:
          - What proves that a document was integrated into the patient record; one proof is enough.
        type: dict
        suboptions:
          keywords:
            description: IMAP keywords the DPI connector sets on the messages it integrated (any case).
            type: list
            elements: str
            default: []
          message_ids_file:
            description:
              - File of the Message-IDs the intermediation platform or the DPI integrated, one per line,
                with or without angle brackets; blank lines and lines starting with C(#) are ignored.
              - A line that is not a Message-ID, or a file that cannot be read, fails the task with a
                French message naming the file and the line.
            type: path
          mdn:
            description:
              - A disposition notification in the same mailbox (any folder) whose C(Original-Message-ID)
                is the document's Message-ID and whose C(Disposition) ends in C(processed) proves it.
                C(processed/error) (for example C(902^Patient inconnu)) never does.
              - Only the notifications' machine parts are read.
            type: bool
            default: true
"""
