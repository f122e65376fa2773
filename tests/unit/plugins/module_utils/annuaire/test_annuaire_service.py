# SPDX-License-Identifier: GPL-3.0-or-later
"""annuaire_info's engine entry point: options typed from the argspec, errors that name the option,
a complete read recorded only outside check mode (the module only talks to Ansible)."""
import os

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.service import (
    AnnuaireReadError, check_options, run_read)
from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.options import options_from
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.argspec import argument_spec
from lab.fixtures import annuaire_fixture

SAMPLE = annuaire_fixture("extractions", "Extraction_Correspondance_MSSante_SYNTHETIC_sample.txt")


def extraction(tmp_path, **more):
    return dict({"source": "extraction", "extraction_path": SAMPLE, "min_lines": 1,
                 "state_dir": str(tmp_path / "etat")}, **more)


@pytest.mark.parametrize("option, value", [("rate_limit", 0), ("batch_size", 0), ("max_drop_ratio", 2),
                                           ("min_lines", 0)])
def test_a_value_no_read_can_use_names_its_option(option, value):
    with pytest.raises(OptionError) as caught:
        check_options(options_from(argument_spec(), {option: value}))
    assert caught.value.parameter == option


def test_an_api_reached_in_clear_text_is_warned_before_the_read():
    warnings = check_options(options_from(argument_spec(), {"api_url": "http://annuaire.example/fhir/v2"}))
    assert len(warnings) == 1 and "http://annuaire.example" in warnings[0]


def test_the_api_without_its_key_names_api_key():
    with pytest.raises(OptionError) as caught:
        run_read({"source": "api", "practitioners": ["810000000015"]}, check_mode=True)
    assert caught.value.parameter == "api_key"


def test_check_mode_reads_but_records_nothing_then_a_real_run_records_the_good_read(tmp_path):
    result, _warnings = run_read(extraction(tmp_path), check_mode=True)
    assert result["complete"] is True and result["bals"]
    assert not os.path.exists(tmp_path / "etat")
    run_read(extraction(tmp_path), check_mode=False)
    assert os.listdir(tmp_path / "etat")


def test_a_read_that_drops_too_much_fails_with_its_evidence(tmp_path):
    run_read(extraction(tmp_path), check_mode=False)
    with pytest.raises(AnnuaireReadError) as caught:
        run_read(extraction(tmp_path, domains=["absent.example"]), check_mode=True)
    assert caught.value.result["complete"] is False and caught.value.result["completeness"]


def test_the_result_says_where_the_time_went(tmp_path):
    result, _warnings = run_read(extraction(tmp_path), check_mode=True)
    assert list(result["timings"]) == ["read", "shape", "completeness"]
    assert all(seconds >= 0 for seconds in result["timings"].values())
