# SPDX-License-Identifier: GPL-3.0-or-later
"""directory_info run by ansible-playbook against a real slapd."""
from tests.functional.ansible_run import run_playbook, task_results


def module_args(server, **overrides):
    args = {"server_uri": [server.uri], "bind_dn": server.reader_dn,
            "bind_pw": server.reader_password, "start_tls": True,
            "ca_path": server.certs.ca_cert, "dn": server.base,
            "domains": ["ch-exemple.mssante.fr"]}
    args.update(overrides)
    return args


def test_module_returns_accounts_in_check_mode(tmp_path, demo_slapd):
    code, report = run_playbook(tmp_path, [{"mssante.hygiene.directory_info": module_args(demo_slapd)}],
                                extra_args=["--check"])
    assert code == 0, report
    result = task_results(report)[0]
    assert result["changed"] is False
    assert result["counts"]["disabled"] == 2
    assert any(a["status_reason"] == "shadowExpire" for a in result["accounts"])


def test_wrong_password_is_a_clear_error_without_traceback(tmp_path, demo_slapd):
    code, report = run_playbook(tmp_path, [{"mssante.hygiene.directory_info":
                                            module_args(demo_slapd, bind_pw="not-the-password")}])
    assert code != 0
    result = task_results(report)[0]
    assert "identifiants invalides" in result["msg"] and result["parameter"] == "bind_pw"
    assert "Traceback" not in result["msg"] and "Traceback" not in result.get("exception", "")


def test_validate_certs_false_warns(tmp_path, demo_slapd):
    code, report = run_playbook(tmp_path, [{"mssante.hygiene.directory_info":
                                            module_args(demo_slapd, ca_path=None, validate_certs=False)}])
    assert code == 0
    assert any("validate_certs=false : le certificat du serveur LDAP (server_uri) n'est PAS vérifié" in w
               for w in task_results(report)[0]["warnings"])


def test_contradictory_tls_options_fail_in_french(tmp_path, demo_slapd):
    code, report = run_playbook(tmp_path, [{"mssante.hygiene.directory_info":
                                            module_args(demo_slapd, validate_certs=False)}])
    assert code != 0
    assert task_results(report)[0]["msg"].startswith("options TLS contradictoires : ca_path")


def test_wrong_attribute_map_warns_with_the_key_to_fix(tmp_path, demo_slapd):
    code, report = run_playbook(tmp_path, [{"mssante.hygiene.directory_info":
                                            module_args(demo_slapd, attribute_map={"rpps": "employeeID"})}])
    assert code == 0
    assert any("(attribute_map.rpps)" in w and "« employeeID »" in w for w in task_results(report)[0]["warnings"])


def test_bad_filter_names_the_parameter(tmp_path, demo_slapd):
    code, report = run_playbook(tmp_path, [{"mssante.hygiene.directory_info":
                                            module_args(demo_slapd, filter="objectClass=*")}])
    assert code != 0
    assert task_results(report)[0]["msg"].startswith("filter « ")
