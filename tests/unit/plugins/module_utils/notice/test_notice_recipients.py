# SPDX-License-Identifier: GPL-3.0-or-later
"""Who is told about a BAL: configured contact, present owner, service, default; opt-outs."""
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.argspec import checked_contacts
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.owners import Owners
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.recipients import audience_of
from tests.unit.plugins.module_utils.notice.notice_data import ACCOUNTS, BALS, CARDIO, CONTACTS, JEAN, PARTI

OWNERS = Owners(ACCOUNTS, BALS)


def item(address, code="inactive", bal_type="PER", service=""):
    return {"address": address, "code": code, "bal_type": bal_type, "service": service}


def who(entry, contacts=None, optout=()):
    return audience_of(entry, OWNERS, checked_contacts(CONTACTS if contacts is None else contacts), set(optout))


def test_present_owner_of_a_personal_bal_is_told_at_the_account_mails():
    assert who(item(JEAN)) == ("owner", "Jean Martin", [JEAN], "")


def test_configured_mailbox_contact_comes_first():
    contacts = dict(CONTACTS, mailboxes={JEAN.upper(): ["secretariat@ch-exemple.fr"]})
    assert who(item(JEAN), contacts) == ("contact", "", ["secretariat@ch-exemple.fr"], "")


def test_departed_owner_org_bal_and_no_account_go_to_the_service_then_the_default():
    assert who(item(JEAN, code="departed_owner", service="Cardiologie")).recipients == ["chef.cardio@ch-exemple.fr"]
    assert who(item(CARDIO, bal_type="ORG", service="cardiologie")).recipients == ["chef.cardio@ch-exemple.fr"]
    assert who(item(PARTI, service="Urgences")) == ("contact", "", ["dsi@ch-exemple.fr"], "")  # disabled account
    assert who(item("inconnu@ch-exemple.mssante.fr", bal_type="")).recipients == ["dsi@ch-exemple.fr"]


def test_nobody_or_everyone_opted_out_is_unreachable():
    assert who(item(PARTI), contacts={}) == ("contact", "", [], "no_recipient")
    assert who(item(JEAN), optout=[JEAN]) == ("owner", "Jean Martin", [], "optout")
    both = {"default": ["a@ch.fr", "b@ch.fr"]}
    assert who(item(PARTI), contacts=both, optout=["a@ch.fr"]).recipients == ["b@ch.fr"]


def test_the_account_the_audit_matched_wins_over_mails():
    owners = Owners(ACCOUNTS + [{"dn": "uid=autre", "mails": [], "name": "Autre Nom", "status": "active"}], BALS)
    owners.account("x@ch-exemple.mssante.fr", {"directory": {"account": "uid=autre"}})
    assert owners.account("x@ch-exemple.mssante.fr")["name"] == "Autre Nom"
