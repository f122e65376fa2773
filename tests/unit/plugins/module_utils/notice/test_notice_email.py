# SPDX-License-Identifier: GPL-3.0-or-later
"""The notice email: text then HTML alternatives, UTF-8 everywhere, automatic-reply guards, headers."""
import email
import email.policy

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.notice.compose import Rendered
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.email import NoticeEmailError, build_email
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french

RENDERED = Rendered("CH Exemple – votre BAL : à faire avant le 15 janvier 2027",
                    "Bonjour,\nReconnectez-vous avant le 15 janvier 2027.\n",
                    "<!DOCTYPE html><html lang=\"fr\"><body><p>Été</p></body></html>")


def read_back(message):
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


def test_alternatives_text_first_then_html_in_utf8():
    back = read_back(build_email("dsi-hygiene@ch-exemple.fr", ["a@ch.fr", "b@ch.fr"], RENDERED))
    assert back.get_content_type() == "multipart/alternative"
    parts = list(back.iter_parts())
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    assert all(part.get_content_charset() == "utf-8" for part in parts)
    assert parts[0].get_content() == RENDERED.text and parts[1].get_content().rstrip("\n") == RENDERED.html
    assert back["Subject"] == RENDERED.subject and back["To"] == "a@ch.fr, b@ch.fr"
    # 7-bit on the wire: any relay accepts it, with or without 8BITMIME
    assert all(byte < 128 for byte in build_email("x@ch.fr", ["a@ch.fr"], RENDERED).as_bytes())


def test_date_message_id_and_auto_submitted():
    back = read_back(build_email("dsi-hygiene@ch-exemple.fr", ["a@ch.fr"], RENDERED))
    assert back["Date"] and back["Message-ID"].endswith("@ch-exemple.fr>")
    assert back["Auto-Submitted"] == "auto-generated" and back["X-Auto-Response-Suppress"] == "All"
    given = read_back(build_email("x@ch.fr", ["a@ch.fr"], RENDERED, message_id="<avis-1@ch.fr>",
                                  headers={"X-Mssante-Notice": "inactive_soon"}))
    assert given["Message-ID"] == "<avis-1@ch.fr>" and given["X-Mssante-Notice"] == "inactive_soon"


@pytest.mark.parametrize("recipients, headers, names", [
    ([], None, ["recipients"]),
    (["a@ch.fr"], {"Subject": "autre"}, ["headers", "Subject"]),
    (["a@ch.fr"], {"auto-submitted": "no"}, ["headers", "auto-submitted"]),
    (["a@ch.fr"], {"X-Avis": "a\r\nBcc: pirate@ailleurs.fr"}, ["headers.X-Avis", "saut de ligne"]),
    (["a@ch.fr", "b@ch.fr\nBcc: c@ailleurs.fr"], None, ["recipients", "saut de ligne"]),
    (["a@ch.fr"], {"X Avis": "a"}, ["headers", "X Avis"]),
])
def test_refusals_name_what_to_fix(recipients, headers, names):
    with pytest.raises(NoticeEmailError) as caught:
        build_email("x@ch.fr", recipients, RENDERED, headers=headers)
    assert_plain_french(str(caught.value), *names)
