# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OKS credential resolver: every precedence step, with a temporary home and environment."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import CredentialsError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import known_secrets, redact_text
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.credentials import resolve
from ansible_collections.managedk8s.clusters.tests.unit.plugins.module_utils.credential_steps import (
    assert_mentions,
    assert_no_secret,
    both,
    clear_vendor_environment,
    env_var,
    json_file,
    ladder,
    option,
    write,
    write_json,
)

VENDOR_PREFIXES = ("OSC_", "OKS_")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    clear_vendor_environment(monkeypatch, VENDOR_PREFIXES)


OKS_KEYS = {"access_key": "AKOPT", "secret_key": "SKOPT-SECRET"}


def test_oks_options_win_over_every_other_place(tmp_path):
    write_json(tmp_path / ".osc/config.json", {"default": {"access_key": "AKFILE", "secret_key": "SKFILE"}})
    env = {"OSC_ACCESS_KEY": "AKOSC", "OSC_SECRET_KEY": "SKOSC", "OKS_ACCESS_KEY": "AKOKS", "OKS_SECRET_KEY": "SKOKS"}
    result = resolve(dict(OKS_KEYS), env=env, home=str(tmp_path))
    assert (result["access_key"], result["secret_key"]) == ("AKOPT", "SKOPT-SECRET")
    assert result["auth_method"] == "access_key"
    assert result["credentials_source"] == "the module options"
    assert result["region"] == "eu-west-2"
    assert result["endpoint"] == "https://api.eu-west-2.oks.outscale.com/api/v2"
    assert result["username"] is None and result["password"] is None and result["access_token"] is None


def test_oks_credentials_precedence(tmp_path):
    steps = [
        ("AKOPT", option("access_key", "AKOPT")),
        ("AKOSC", env_var("OSC_ACCESS_KEY", "AKOSC")),
        ("AKOKS", env_var("OKS_ACCESS_KEY", "AKOKS")),
        ("AKOSCFILE", json_file(".osc/config.json", {"default": {"access_key": "AKOSCFILE", "secret_key": "s1"}})),
        (
            "AKCLIFILE",
            json_file(
                ".oks_cli/config.json",
                {
                    "default": {
                        "type": "ak/sk",
                        "access_key": "AKCLIFILE",
                        "secret_key": "s2",
                        "region_name": "eu-west-2",
                    }
                },
            ),
        ),
    ]

    def with_secrets(params, env, _home):
        if "access_key" in params:
            params["secret_key"] = "s0"
        if "OSC_ACCESS_KEY" in env:
            env["OSC_SECRET_KEY"] = "s0"
        if "OKS_ACCESS_KEY" in env:
            env["OKS_SECRET_KEY"] = "s0"

    ladder(tmp_path, resolve, "access_key", [(value, both(apply, with_secrets)) for value, apply in steps])


def test_oks_login_and_password_from_the_environment(tmp_path):
    result = resolve({}, env={"OSC_LOGIN": "alice@example.com", "OSC_PASSWORD": "PW-SECRET"}, home=str(tmp_path))
    assert result["auth_method"] == "basic"
    assert (result["username"], result["password"]) == ("alice@example.com", "PW-SECRET")
    result = resolve(
        {}, env={"OKS_USERNAME": "bob", "OKS_PASSWORD": "PW2-SECRET", "OKS_OTP_CODE": "123456"}, home=str(tmp_path)
    )
    assert (result["auth_method"], result["username"], result["otp_code"]) == ("basic", "bob", "123456")
    assert result["credentials_source"] == "the environment (OKS_*)"


def test_oks_cli_profile_with_a_password_region_and_endpoint(tmp_path):
    write_json(
        tmp_path / ".oks_cli/config.json",
        {
            "default": {
                "type": "username/password",
                "username": "carol",
                "password": "PW-SECRET",
                "region_name": "cloudgouv-eu-west-1",
                "endpoint": "https://oks.example.test/api/v2/",
            }
        },
    )
    result = resolve({}, env={}, home=str(tmp_path))
    assert result["auth_method"] == "basic" and result["username"] == "carol"
    assert result["region"] == "cloudgouv-eu-west-1"
    assert result["endpoint"] == "https://oks.example.test/api/v2"
    assert result["credentials_source"].endswith("config.json (profile default)")


def test_oks_osc_config_login_and_endpoint_without_scheme(tmp_path):
    write_json(
        tmp_path / ".osc/config.json",
        {
            "default": {
                "login": "dave",
                "password": "PW-SECRET",
                "protocol": "http",
                "endpoints": {"oks": "127.0.0.1:8080/oks/api/v2"},
            }
        },
    )
    result = resolve({}, env={}, home=str(tmp_path))
    assert result["username"] == "dave" and result["auth_method"] == "basic"
    assert result["endpoint"] == "http://127.0.0.1:8080/oks/api/v2"


def test_oks_token_from_options(tmp_path):
    result = resolve(
        {"access_token": "AT-SECRET", "refresh_token": "RT-SECRET"}, env={"OSC_ACCESS_KEY": "x"}, home=str(tmp_path)
    )
    assert result["auth_method"] == "token"
    assert (result["access_token"], result["refresh_token"]) == ("AT-SECRET", "RT-SECRET")
    assert result["access_key"] is None


def test_oks_profile_from_osc_profile(tmp_path):
    write_json(
        tmp_path / ".osc/config.json",
        {
            "default": {"access_key": "AKDEF", "secret_key": "s"},
            "prod": {"access_key": "AKPROD", "secret_key": "s", "region": "cloudgouv-eu-west-1"},
        },
    )
    result = resolve({}, env={"OSC_PROFILE": "prod"}, home=str(tmp_path))
    assert result["access_key"] == "AKPROD" and result["profile"] == "prod"
    assert result["endpoint"] == "https://api.cloudgouv-eu-west-1.oks.outscale.com/api/v2"


def test_oks_profile_option_skips_the_environment_but_osc_profile_does_not(tmp_path):
    write_json(tmp_path / ".osc/config.json", {"prod": {"access_key": "AKPROD", "secret_key": "s"}})
    env = {"OSC_ACCESS_KEY": "AKENV", "OSC_SECRET_KEY": "s"}
    assert resolve({"profile": "prod"}, env=env, home=str(tmp_path))["access_key"] == "AKPROD"
    assert resolve({}, env=dict(env, OSC_PROFILE="prod"), home=str(tmp_path))["access_key"] == "AKENV"


def test_oks_profile_falls_back_to_the_oks_cli_file(tmp_path):
    write_json(tmp_path / ".osc/config.json", {"default": {"access_key": "AKDEF", "secret_key": "s"}})
    write_json(
        tmp_path / ".oks_cli/config.json",
        {"dev": {"type": "ak/sk", "access_key": "AKDEV", "secret_key": "s", "region_name": "eu-west-2"}},
    )
    assert resolve({"profile": "dev"}, env={}, home=str(tmp_path))["access_key"] == "AKDEV"


def test_oks_profile_from_oks_profile_as_oks_cli_reads_it(tmp_path):
    """oks-cli selects its profile with OKS_PROFILE (utils.py login_profile); its jwt flag turns on the tokens."""
    write_json(
        tmp_path / ".oks_cli/config.json",
        {
            "default": {"type": "ak/sk", "access_key": "AKDEF", "secret_key": "s", "region_name": "eu-west-2"},
            "prod": {
                "type": "username/password",
                "username": "ops",
                "password": "pw",
                "region_name": "cloudgouv-eu-west-1",
                "jwt": True,
            },
        },
    )
    result = resolve({}, env={"OKS_PROFILE": "prod"}, home=str(tmp_path))
    assert (result["username"], result["profile"], result["jwt"]) == ("ops", "prod", True)
    assert result["endpoint"] == "https://api.cloudgouv-eu-west-1.oks.outscale.com/api/v2"
    default = resolve({}, env={}, home=str(tmp_path))
    assert (default["access_key"], default["jwt"]) == ("AKDEF", False)
    with pytest.raises(CredentialsError) as caught:
        resolve({}, env={"OKS_PROFILE": "nope"}, home=str(tmp_path))
    assert_mentions(caught.value, "'nope'", "OKS_PROFILE")


def test_oks_named_profile_must_exist(tmp_path):
    write_json(
        tmp_path / ".osc/config.json", {"default": {"access_key": "AK", "secret_key": "SK-SECRET"}, "staging": {}}
    )
    with pytest.raises(CredentialsError) as caught:
        resolve({"profile": "prod"}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "'prod'", "default, staging", "OSC_PROFILE")
    assert_no_secret(caught.value, "SK-SECRET")


def test_oks_osc_config_file_variable(tmp_path):
    config = write_json(tmp_path / "elsewhere.json", {"default": {"access_key": "AKELSE", "secret_key": "s"}})
    assert resolve({}, env={"OSC_CONFIG_FILE": str(config)}, home=str(tmp_path))["access_key"] == "AKELSE"
    with pytest.raises(CredentialsError) as caught:
        resolve({}, env={"OSC_CONFIG_FILE": str(tmp_path / "missing.json")}, home=str(tmp_path))
    assert_mentions(caught.value, "OSC_CONFIG_FILE", "missing.json")


def test_oks_region_and_endpoint_precedence(tmp_path):
    base = {"access_key": "AK", "secret_key": "s", "endpoint": "http://emulator"}
    ladder(
        tmp_path,
        resolve,
        "region",
        [
            ("r-option", option("region", "r-option")),
            ("r-osc-env", env_var("OSC_REGION", "r-osc-env")),
            ("r-oks-env", env_var("OKS_REGION", "r-oks-env")),
            ("r-osc-file", json_file(".osc/config.json", {"default": {"region": "r-osc-file"}})),
            ("r-cli-file", json_file(".oks_cli/config.json", {"default": {"region_name": "r-cli-file"}})),
            ("eu-west-2", lambda params, env, home: None),
        ],
        params=base,
    )
    ladder(
        tmp_path / "endpoint",
        resolve,
        "endpoint",
        [
            ("https://e-option", option("endpoint", "https://e-option")),
            ("https://e-osc-env", env_var("OSC_ENDPOINT_OKS", "https://e-osc-env")),
            ("https://e-oks-env", env_var("OKS_ENDPOINT", "https://e-oks-env")),
            (
                "https://e-osc-file",
                json_file(".osc/config.json", {"default": {"endpoints": {"oks": "https://e-osc-file"}}}),
            ),
            ("https://e-cli-file", json_file(".oks_cli/config.json", {"default": {"endpoint": "https://e-cli-file"}})),
            ("https://api.eu-west-2.oks.outscale.com/api/v2", lambda params, env, home: None),
        ],
        params={"access_key": "AK", "secret_key": "s"},
    )


def test_oks_unknown_region_lists_the_allowed_ones(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        resolve(dict(OKS_KEYS, region="us-east-2"), env={}, home=str(tmp_path))
    assert_mentions(caught.value, "'us-east-2'", "eu-west-2", "cloudgouv-eu-west-1", "endpoint")
    result = resolve(
        dict(OKS_KEYS, region="us-east-2", endpoint="http://127.0.0.1:1/oks/api/v2"), env={}, home=str(tmp_path)
    )
    assert result["region"] == "us-east-2"


def test_oks_incomplete_environment_names_the_missing_variable(tmp_path):
    write_json(tmp_path / ".osc/config.json", {"default": {"access_key": "AKFILE", "secret_key": "s"}})
    with pytest.raises(CredentialsError) as caught:
        resolve({}, env={"OSC_ACCESS_KEY": "AKHALF-VALUE"}, home=str(tmp_path))
    assert_mentions(caught.value, "OSC_ACCESS_KEY is set", "OSC_SECRET_KEY")
    assert_no_secret(caught.value, "AKHALF-VALUE")
    assert caught.value.env_vars == ("OSC_ACCESS_KEY", "OSC_SECRET_KEY")


def test_oks_without_credentials_names_the_three_ways(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        resolve({}, env={}, home=str(tmp_path))
    assert_mentions(
        caught.value,
        "access_key",
        "secret_key",
        "username",
        "password",
        "access_token",
        "OSC_ACCESS_KEY",
        "OKS_ACCESS_KEY",
        "OSC_LOGIN",
        "OKS_USERNAME",
        ".osc/config.json",
        ".oks_cli/config.json",
        "OSC_PROFILE",
    )
    assert "OSC_ACCESS_KEY" in caught.value.env_vars and "access_key" in caught.value.options


def test_oks_reads_the_process_environment_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("OKS_ACCESS_KEY", "AKPROCESS")
    monkeypatch.setenv("OKS_SECRET_KEY", "s")
    monkeypatch.setenv("OKS_REGION", "cloudgouv-eu-west-1")
    result = resolve({}, home=str(tmp_path))
    assert result["access_key"] == "AKPROCESS" and result["region"] == "cloudgouv-eu-west-1"


def test_oks_broken_json_names_the_file_not_its_content(tmp_path):
    write(tmp_path / ".osc/config.json", '{"default": {"secret_key": "SK-IN-BROKEN-FILE",')
    with pytest.raises(CredentialsError) as caught:
        resolve({}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "config.json", "invalid JSON")
    assert_no_secret(caught.value, "SK-IN-BROKEN-FILE")


def test_secrets_found_outside_the_options_are_registered_for_redaction(tmp_path):
    resolve(
        {},
        env={"OKS_USERNAME": "u", "OKS_PASSWORD": "PW-LEARNED-OKS", "OKS_OTP_CODE": "OTP-LEARNED"},
        home=str(tmp_path),
    )
    for secret in ("PW-LEARNED-OKS", "OTP-LEARNED"):
        assert secret in known_secrets()
        assert secret not in redact_text("the API said: %s" % secret)
