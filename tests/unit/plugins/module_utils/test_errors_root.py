# SPDX-License-Identifier: GPL-3.0-or-later
"""One error root: every engine exception is a MssanteError, so a module catches one class."""
import importlib
import inspect
import pkgutil

import pytest

from ansible_collections.mssante.hygiene.plugins import module_utils
from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError, OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire import lookups
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.fhir import Throttle


def engine_exceptions():
    """Every exception class defined in module_utils (private ones are internal control flow)."""
    found = {}
    for info in pkgutil.walk_packages(module_utils.__path__, module_utils.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == info.name
                    and not name.startswith("_")):
                found[info.name.rsplit(".", 1)[-1] + "." + name] = value
    return found


def test_every_engine_exception_derives_from_the_root():
    found = engine_exceptions()
    assert len(found) >= 20, sorted(found)
    strays = sorted(name for name, cls in found.items() if not issubclass(cls, MssanteError))
    assert strays == []


@pytest.mark.parametrize("name", ["AuditInputError", "TlsConfigError", "SettingsError", "FilterError",
                                  "PlanInputError", "ConfigError", "OptionError"])
def test_the_value_errors_stay_value_errors(name):
    classes = [cls for key, cls in engine_exceptions().items() if key.endswith("." + name)]
    assert classes and all(issubclass(cls, ValueError) for cls in classes)


def test_parameter_is_optional_and_kept():
    assert MssanteError("message").parameter == ""
    error = MssanteError("ca_path : fichier introuvable", parameter="ca_path")
    assert (str(error), error.parameter) == ("ca_path : fichier introuvable", "ca_path")


def test_option_values_refused_by_the_engine_name_their_option():
    with pytest.raises(OptionError) as error:
        lookups.person_tokens(["123"])
    assert error.value.parameter == "practitioners" and str(error.value).startswith("practitioners[0] : ")
    with pytest.raises(OptionError) as error:
        lookups.finess_tokens(["12"])
    assert error.value.parameter == "organizations"
    with pytest.raises(OptionError) as error:
        Throttle(100)
    assert error.value.parameter == "rate_limit"
