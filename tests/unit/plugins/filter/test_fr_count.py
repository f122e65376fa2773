# SPDX-License-Identifier: GPL-3.0-or-later
"""Filter fr_count: French plurals ("1 adresse", never "1 adresses")."""
import pytest

from ansible_collections.mssante.hygiene.plugins.filter import fr_count as fr_count_plugin
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_count


@pytest.mark.parametrize("number, expected", [
    (0, "0 adresse inexistante"), (1, "1 adresse inexistante"), (2, "2 adresses inexistantes"),
    (12345, "12\u202f345 adresses inexistantes"), (None, "0 adresse inexistante")])
def test_singular_for_zero_and_one_plural_from_two(number, expected):
    assert fr_count(number, "adresse inexistante") == expected


def test_irregular_plural_given():
    assert fr_count(3, "BAL ajoutée", "BAL ajoutées") == "3 BAL ajoutées"
    assert fr_count(2, "refus") == "2 refus"


def test_registered_under_its_name():
    assert fr_count_plugin.FilterModule().filters()["fr_count"] is fr_count


def test_acronyms_stay_the_same():
    assert fr_count(2, "BAL ajoutée") == "2 BAL ajoutées"
