# SPDX-License-Identifier: GPL-3.0-or-later
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils import identifiers as ids


@pytest.mark.parametrize("value, expected", [
    ("10003461033", "10003461033"), (" 810003461033 ", "10003461033"), (10102727017, "10102727017")])
def test_rpps_accepted(value, expected):
    assert ids.normalize_rpps(value) == (expected, "")


@pytest.mark.parametrize("value", ["", None, "1000346103", "1000346103X", "910003461033", "abc", "12345", "001280073"])
def test_rpps_rejected_names_value(value):
    rpps, problem = ids.normalize_rpps(value)
    assert rpps == "" and problem
    if value:
        assert str(value) in problem


def test_adeli_idnps_is_not_rpps_but_valid_idnps():
    assert ids.normalize_rpps("0012800736")[0] == ""
    assert ids.normalize_id_nat_ps("0012800736") == ("0012800736", "", "")
    assert ids.normalize_id_nat_ps("10999990012") == ("810999990012", "10999990012", "")


@pytest.mark.parametrize("value", ["540002698", "2A0000019", "2b0000019", "990000010"])
def test_finess_accepted(value):
    assert ids.check_finess(value) == ""


@pytest.mark.parametrize("value", ["", "54000269", "5400026981", "2C0000019", "A40002698"])
def test_finess_rejected(value):
    assert ids.check_finess(value)


def test_idnst_to_finess():
    assert ids.normalize_finess("1540002698") == ("540002698", "")


def test_luhn_is_a_warning_only():
    # real numbers pass, ANS example numbers do not; both are accepted
    assert ids.luhn_warning("10001045367") == ""
    assert ids.luhn_warning("540002698") == ""
    assert "Luhn" in ids.luhn_warning("10003461033")
    assert ids.normalize_rpps("10003461033") == ("10003461033", "")
    assert ids.luhn_warning("2A0000019") == ""


@pytest.mark.parametrize("value, words", [
    ("1000346103X", "« 1000346103X »"),  # an idNat_PS of type 1: valid, but not an RPPS
    ("12AB", "caractère « A » en position 3"),
    ("910003461033", "12 caractères au lieu de 11"),
])
def test_rpps_problem_is_french_and_points_at_the_fault(value, words):
    problem = ids.normalize_rpps(value)[1]
    assert words in problem and "%r" % value not in problem


@pytest.mark.parametrize("value, words", [
    ("2C0000019", "caractère « C » en position 2"),
    ("2A00X0019", "caractère « X » en position 5"),
    ("54000269", "8 caractères au lieu de 9"),
])
def test_finess_problem_points_at_the_fault(value, words):
    assert ids.check_finess(value).startswith("FINESS « %s » invalide : %s" % (value, words))
