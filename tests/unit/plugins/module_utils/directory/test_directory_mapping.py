# SPDX-License-Identifier: GPL-3.0-or-later
"""Raw LDAP entries to Account records: identifiers, mails, status, problems on the record."""
import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.directory.reader import (
    DirectoryConfig, to_account)

CONFIG = DirectoryConfig(server_uris=["ldap://x"], base="dc=x", domains=["ch.mssante.fr"])
TODAY = dt.date(2026, 11, 26)


def raw(**attributes):
    return {name: [v.encode("utf-8") for v in values] for name, values in attributes.items()}


def test_multi_valued_mail_gives_several_bals_filtered_by_domain():
    account = to_account("uid=a", raw(mail=["A@CH.mssante.fr", "a.b@ch.mssante.fr", "a@gmail.com"],
                                      employeeNumber=["10999001000"]), CONFIG, TODAY)
    assert account.mails == ["a.b@ch.mssante.fr", "a@ch.mssante.fr"]
    assert account.rpps == "10999001000" and account.id_nat_ps == "810999001000"


def test_id_nat_ps_is_normalised_to_rpps():
    account = to_account("uid=a", raw(mail=["a@ch.mssante.fr"], employeeNumber=["810999001000"]),
                         CONFIG, TODAY)
    assert account.rpps == "10999001000"


def test_invalid_rpps_is_a_problem_on_the_record_not_a_crash():
    account = to_account("uid=a", raw(mail=["a@ch.mssante.fr"], employeeNumber=["12AB"]),
                         CONFIG, TODAY)
    assert account.rpps == ""
    assert account.problems and "12AB" in account.problems[0]


def test_accented_values_and_status():
    account = to_account("uid=a", raw(mail=["a@ch.mssante.fr"], displayName=["Émilie FICTIF"],
                                      departmentNumber=["Pédiatrie"], shadowExpire=["1"],
                                      employeeType=["per"]), CONFIG, TODAY)
    assert account.name == "Émilie FICTIF" and account.service == "Pédiatrie"
    assert account.status == "disabled" and account.status_reason == "shadowExpire"
    assert account.bal_type == "PER"


def test_attribute_map_override():
    config = DirectoryConfig(server_uris=["ldap://x"], base="dc=x",
                             attribute_map={"rpps": "employeeID", "service": "department"})
    account = to_account("cn=a", raw(mail=["a@x.fr"], employeeID=["10999001000"],
                                     department=["Urgences"]), config, TODAY)
    assert account.rpps == "10999001000" and account.service == "Urgences"


def test_hostile_mail_values_are_left_out_and_named_with_the_entry():
    from ansible_collections.mssante.hygiene.plugins.module_utils.directory.reader import rejected_mail_notes
    account = to_account("uid=eve,ou=people,dc=x", raw(mail=["eve@ch.mssante.fr\nbob@ch.mssante.fr",
                                                             "*@ch.mssante.fr", "Eve.B@ch.mssante.fr"]),
                         CONFIG, TODAY)
    assert account.mails == ["eve.b@ch.mssante.fr"]  # bob's BAL is not added to this account
    assert len(account.problems) == 2
    notes = rejected_mail_notes([account])
    assert notes[1] == ("entrée LDAP uid=eve,ou=people,dc=x : attribut mail « *@ch.mssante.fr » : valeur ignorée, "
                        "ce n'est pas une adresse de BAL utilisable (caractère interdit avant le @ (« * »)) ; "
                        "corrigez-la dans l'annuaire")
    assert "« eve@ch.mssante.fr\\nbob@ch.mssante.fr »" in notes[0] and "caractère de contrôle" in notes[0]


def test_site_is_not_read_unless_mapped():
    from ansible_collections.mssante.hygiene.plugins.module_utils.directory.reader import _requested_attributes
    entry = raw(mail=["a@ch.mssante.fr"], physicalDeliveryOfficeName=["990000010"])
    assert to_account("uid=a", entry, CONFIG, TODAY).site == ""
    assert "physicalDeliveryOfficeName" not in _requested_attributes(CONFIG)


def test_mapped_site_is_kept_as_the_directory_says():
    from ansible_collections.mssante.hygiene.plugins.module_utils.directory.reader import _requested_attributes
    config = DirectoryConfig(server_uris=["ldap://x"], base="dc=x",
                             attribute_map={"site": "physicalDeliveryOfficeName"})
    account = to_account("uid=a", raw(mail=["a@x.fr"], physicaldeliveryofficename=[" 990000028 "]), config, TODAY)
    assert account.site == "990000028"
    assert account.as_dict()["site"] == "990000028"
    assert "physicalDeliveryOfficeName" in _requested_attributes(config)
