# SPDX-License-Identifier: GPL-3.0-or-later
"""owner_notice options: addresses checked with a French error naming the option and its key."""
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.argspec import (
    OWNER_CODES, argument_spec, check_options)
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.argspec import (
    argument_spec as request_spec)
from tests.unit.fr_messages import assert_plain_french
from tests.unit.plugins.module_utils.notice.notice_data import options


def test_defaults_and_the_shared_smtp_server_options():
    spec = argument_spec()
    assert spec["codes"]["default"] == list(OWNER_CODES) and spec["interval_days"]["default"] == 30
    assert spec["rate"]["default"] == 5.0 and spec["smtp"]["options"]["password"]["no_log"] is True
    shared = request_spec()["smtp"]["options"]
    assert {k: shared[k] for k in spec["smtp"]["options"]} == spec["smtp"]["options"]
    assert set(shared) - set(spec["smtp"]["options"]) == {"to", "cc"}


def test_contacts_are_normalised():
    contacts, optout = check_options(options(contacts={
        "services": {"Cardiologie": "Chef@CH.fr", "Urgences": ["a@ch.fr", "b@ch.fr"]},
        "mailboxes": {"Secretariat@CH.mssante.fr": "sec@ch.fr"}, "default": "dsi@ch.fr"},
        optout=["No@CH.fr"]))
    assert contacts == {"services": {"cardiologie": ["chef@ch.fr"], "urgences": ["a@ch.fr", "b@ch.fr"]},
                        "mailboxes": {"secretariat@ch.mssante.fr": ["sec@ch.fr"]}, "default": ["dsi@ch.fr"]}
    assert optout == {"no@ch.fr"}


@pytest.mark.parametrize("overrides, names", [
    ({"contacts": {"services": {"Cardiologie": "chef cardio@ch.fr"}}}, ("contacts.services.Cardiologie", "espace")),
    ({"contacts": {"mailboxes": {"x@ch.fr": ["ok@ch.fr", "pas-une-adresse"]}}}, ("contacts.mailboxes.x@ch.fr[1]",)),
    ({"contacts": {"mailboxes": {"sans-arobase": "ok@ch.fr"}}}, ("contacts.mailboxes", "sans-arobase")),
    ({"contacts": {"default": 42}}, ("contacts.default", "une adresse est attendue")),
    ({"optout": ["a@ch.fr", "b@@ch.fr"]}, ("optout[1]",)),
    ({"smtp": {"host": "smtp", "sender": "dsi"}}, ("smtp.sender",)),
    ({"delay_days": -1}, ("delay_days",)),
    ({"inactivity_days": 0}, ("inactivity_days",)),
    ({"rate": 0}, ("rate",)),
])
def test_bad_values_name_the_option(overrides, names):
    with pytest.raises(OptionError) as error:
        check_options(options(**overrides))
    assert_plain_french(str(error.value), *names)
    assert error.value.parameter in str(error.value)
