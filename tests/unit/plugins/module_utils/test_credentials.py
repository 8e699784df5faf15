# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The credential resolvers: every precedence step of every cloud, with a temporary home and environment."""

from __future__ import annotations

import datetime
import http.server
import json
import os
import shlex
import sys
import textwrap
import threading

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils import credentials as creds
from ansible_collections.managedk8s.clusters.plugins.module_utils.credentials import CredentialsError
from ansible_collections.managedk8s.clusters.plugins.module_utils.redact import known_secrets, redact_text

VENDOR_PREFIXES = ("OSC_", "OKS_", "EXOSCALE_", "AWS_", "SCP_", "HUAWEICLOUD_", "HW_", "XDG_CONFIG_HOME")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No vendor variable of the machine running the tests leaks into a resolver (or into botocore)."""
    for name in list(os.environ):
        if name.startswith(VENDOR_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def write_json(path, data):
    return write(path, json.dumps(data))


def python_command(tmp_path, body, name="helper.py"):
    """A command line that runs a tiny Python script: the stand-in for credential_process and secretCommand."""
    script = write(tmp_path / "bin" / name, body)
    return "%s %s" % (shlex.quote(sys.executable), shlex.quote(str(script)))


def ladder(tmp_path, resolve, field, steps, params=None, env=None):
    """Check one field's precedence: steps go from the highest to the lowest, each (expected, apply(params, env, home)).

    With steps[i:] applied, the result must be the expected value of step i: each step beats all the ones after it.
    """
    for index, (expected, _apply) in enumerate(steps):
        home = tmp_path / ("step%d" % index)
        home.mkdir(parents=True)
        step_params, step_env = dict(params or {}), dict(env or {})
        for _expected, apply in steps[index:]:
            apply(step_params, step_env, home)
        result = resolve(step_params, env=step_env, home=str(home))
        assert result[field] == expected, "step %d" % index


def option(name, value):
    def apply(params, _env, _home):
        params[name] = value
    return apply


def env_var(name, value):
    def apply(_params, env, _home):
        env[name] = value
    return apply


def json_file(relative, data):
    def apply(_params, _env, home):
        write_json(home / relative, data)
    return apply


def text_file(relative, text):
    def apply(_params, _env, home):
        write(home / relative, text)
    return apply


def assert_mentions(error, *words):
    message = str(error)
    for word in words:
        assert word in message, "%r not in %r" % (word, message)


def assert_no_secret(error, *secrets):
    for secret in secrets:
        assert secret not in str(error)


# ---------------------------------------------------------------------------------------------------------------
# OKS

OKS_KEYS = {"access_key": "AKOPT", "secret_key": "SKOPT-SECRET"}


def test_oks_options_win_over_every_other_place(tmp_path):
    write_json(tmp_path / ".osc/config.json", {"default": {"access_key": "AKFILE", "secret_key": "SKFILE"}})
    env = {"OSC_ACCESS_KEY": "AKOSC", "OSC_SECRET_KEY": "SKOSC", "OKS_ACCESS_KEY": "AKOKS", "OKS_SECRET_KEY": "SKOKS"}
    result = creds.resolve_oks(dict(OKS_KEYS), env=env, home=str(tmp_path))
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
        ("AKCLIFILE", json_file(".oks_cli/config.json", {"default": {"type": "ak/sk", "access_key": "AKCLIFILE", "secret_key": "s2",
                                                                     "region_name": "eu-west-2"}})),
    ]

    def with_secrets(params, env, _home):
        if "access_key" in params:
            params["secret_key"] = "s0"
        if "OSC_ACCESS_KEY" in env:
            env["OSC_SECRET_KEY"] = "s0"
        if "OKS_ACCESS_KEY" in env:
            env["OKS_SECRET_KEY"] = "s0"
    ladder(tmp_path, creds.resolve_oks, "access_key", [(value, _both(apply, with_secrets)) for value, apply in steps])


def _both(first, second):
    def apply(params, env, home):
        first(params, env, home)
        second(params, env, home)
    return apply


def test_oks_login_and_password_from_the_environment(tmp_path):
    result = creds.resolve_oks({}, env={"OSC_LOGIN": "alice@example.com", "OSC_PASSWORD": "PW-SECRET"}, home=str(tmp_path))
    assert result["auth_method"] == "basic"
    assert (result["username"], result["password"]) == ("alice@example.com", "PW-SECRET")
    result = creds.resolve_oks({}, env={"OKS_USERNAME": "bob", "OKS_PASSWORD": "PW2-SECRET", "OKS_OTP_CODE": "123456"}, home=str(tmp_path))
    assert (result["auth_method"], result["username"], result["otp_code"]) == ("basic", "bob", "123456")
    assert result["credentials_source"] == "the environment (OKS_*)"


def test_oks_cli_profile_with_a_password_region_and_endpoint(tmp_path):
    write_json(tmp_path / ".oks_cli/config.json", {"default": {
        "type": "username/password", "username": "carol", "password": "PW-SECRET", "region_name": "cloudgouv-eu-west-1",
        "endpoint": "https://oks.example.test/api/v2/"}})
    result = creds.resolve_oks({}, env={}, home=str(tmp_path))
    assert result["auth_method"] == "basic" and result["username"] == "carol"
    assert result["region"] == "cloudgouv-eu-west-1"
    assert result["endpoint"] == "https://oks.example.test/api/v2"
    assert result["credentials_source"].endswith("config.json (profile default)")


def test_oks_osc_config_login_and_endpoint_without_scheme(tmp_path):
    write_json(tmp_path / ".osc/config.json", {"default": {
        "login": "dave", "password": "PW-SECRET", "protocol": "http", "endpoints": {"oks": "127.0.0.1:8080/oks/api/v2"}}})
    result = creds.resolve_oks({}, env={}, home=str(tmp_path))
    assert result["username"] == "dave" and result["auth_method"] == "basic"
    assert result["endpoint"] == "http://127.0.0.1:8080/oks/api/v2"


def test_oks_token_from_options(tmp_path):
    result = creds.resolve_oks({"access_token": "AT-SECRET", "refresh_token": "RT-SECRET"}, env={"OSC_ACCESS_KEY": "x"}, home=str(tmp_path))
    assert result["auth_method"] == "token"
    assert (result["access_token"], result["refresh_token"]) == ("AT-SECRET", "RT-SECRET")
    assert result["access_key"] is None


def test_oks_profile_from_osc_profile(tmp_path):
    write_json(tmp_path / ".osc/config.json", {
        "default": {"access_key": "AKDEF", "secret_key": "s"},
        "prod": {"access_key": "AKPROD", "secret_key": "s", "region": "cloudgouv-eu-west-1"}})
    result = creds.resolve_oks({}, env={"OSC_PROFILE": "prod"}, home=str(tmp_path))
    assert result["access_key"] == "AKPROD" and result["profile"] == "prod"
    assert result["endpoint"] == "https://api.cloudgouv-eu-west-1.oks.outscale.com/api/v2"


def test_oks_profile_option_skips_the_environment_but_osc_profile_does_not(tmp_path):
    write_json(tmp_path / ".osc/config.json", {"prod": {"access_key": "AKPROD", "secret_key": "s"}})
    env = {"OSC_ACCESS_KEY": "AKENV", "OSC_SECRET_KEY": "s"}
    assert creds.resolve_oks({"profile": "prod"}, env=env, home=str(tmp_path))["access_key"] == "AKPROD"
    assert creds.resolve_oks({}, env=dict(env, OSC_PROFILE="prod"), home=str(tmp_path))["access_key"] == "AKENV"


def test_oks_profile_falls_back_to_the_oks_cli_file(tmp_path):
    write_json(tmp_path / ".osc/config.json", {"default": {"access_key": "AKDEF", "secret_key": "s"}})
    write_json(tmp_path / ".oks_cli/config.json", {"dev": {"type": "ak/sk", "access_key": "AKDEV", "secret_key": "s", "region_name": "eu-west-2"}})
    assert creds.resolve_oks({"profile": "dev"}, env={}, home=str(tmp_path))["access_key"] == "AKDEV"


def test_oks_named_profile_must_exist(tmp_path):
    write_json(tmp_path / ".osc/config.json", {"default": {"access_key": "AK", "secret_key": "SK-SECRET"}, "staging": {}})
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_oks({"profile": "prod"}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "'prod'", "default, staging", "OSC_PROFILE")
    assert_no_secret(caught.value, "SK-SECRET")


def test_oks_osc_config_file_variable(tmp_path):
    config = write_json(tmp_path / "elsewhere.json", {"default": {"access_key": "AKELSE", "secret_key": "s"}})
    assert creds.resolve_oks({}, env={"OSC_CONFIG_FILE": str(config)}, home=str(tmp_path))["access_key"] == "AKELSE"
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_oks({}, env={"OSC_CONFIG_FILE": str(tmp_path / "missing.json")}, home=str(tmp_path))
    assert_mentions(caught.value, "OSC_CONFIG_FILE", "missing.json")


def test_oks_region_and_endpoint_precedence(tmp_path):
    base = {"access_key": "AK", "secret_key": "s", "endpoint": "http://emulator"}
    ladder(tmp_path, creds.resolve_oks, "region", [
        ("r-option", option("region", "r-option")),
        ("r-osc-env", env_var("OSC_REGION", "r-osc-env")),
        ("r-oks-env", env_var("OKS_REGION", "r-oks-env")),
        ("r-osc-file", json_file(".osc/config.json", {"default": {"region": "r-osc-file"}})),
        ("r-cli-file", json_file(".oks_cli/config.json", {"default": {"region_name": "r-cli-file"}})),
        ("eu-west-2", lambda params, env, home: None),
    ], params=base)
    ladder(tmp_path / "endpoint", creds.resolve_oks, "endpoint", [
        ("https://e-option", option("endpoint", "https://e-option")),
        ("https://e-osc-env", env_var("OSC_ENDPOINT_OKS", "https://e-osc-env")),
        ("https://e-oks-env", env_var("OKS_ENDPOINT", "https://e-oks-env")),
        ("https://e-osc-file", json_file(".osc/config.json", {"default": {"endpoints": {"oks": "https://e-osc-file"}}})),
        ("https://e-cli-file", json_file(".oks_cli/config.json", {"default": {"endpoint": "https://e-cli-file"}})),
        ("https://api.eu-west-2.oks.outscale.com/api/v2", lambda params, env, home: None),
    ], params={"access_key": "AK", "secret_key": "s"})


def test_oks_unknown_region_lists_the_allowed_ones(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_oks(dict(OKS_KEYS, region="us-east-2"), env={}, home=str(tmp_path))
    assert_mentions(caught.value, "'us-east-2'", "eu-west-2", "cloudgouv-eu-west-1", "endpoint")
    result = creds.resolve_oks(dict(OKS_KEYS, region="us-east-2", endpoint="http://127.0.0.1:1/oks/api/v2"), env={}, home=str(tmp_path))
    assert result["region"] == "us-east-2"


def test_oks_incomplete_environment_names_the_missing_variable(tmp_path):
    write_json(tmp_path / ".osc/config.json", {"default": {"access_key": "AKFILE", "secret_key": "s"}})
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_oks({}, env={"OSC_ACCESS_KEY": "AKHALF-VALUE"}, home=str(tmp_path))
    assert_mentions(caught.value, "OSC_ACCESS_KEY is set", "OSC_SECRET_KEY")
    assert_no_secret(caught.value, "AKHALF-VALUE")
    assert caught.value.env_vars == ("OSC_ACCESS_KEY", "OSC_SECRET_KEY")


def test_oks_without_credentials_names_the_three_ways(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_oks({}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "access_key", "secret_key", "username", "password", "access_token", "OSC_ACCESS_KEY",
                    "OKS_ACCESS_KEY", "OSC_LOGIN", "OKS_USERNAME", ".osc/config.json", ".oks_cli/config.json", "OSC_PROFILE")
    assert "OSC_ACCESS_KEY" in caught.value.env_vars and "access_key" in caught.value.options


def test_oks_reads_the_process_environment_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("OKS_ACCESS_KEY", "AKPROCESS")
    monkeypatch.setenv("OKS_SECRET_KEY", "s")
    monkeypatch.setenv("OKS_REGION", "cloudgouv-eu-west-1")
    result = creds.resolve_oks({}, home=str(tmp_path))
    assert result["access_key"] == "AKPROCESS" and result["region"] == "cloudgouv-eu-west-1"


def test_oks_broken_json_names_the_file_not_its_content(tmp_path):
    write(tmp_path / ".osc/config.json", '{"default": {"secret_key": "SK-IN-BROKEN-FILE",')
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_oks({}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "config.json", "invalid JSON")
    assert_no_secret(caught.value, "SK-IN-BROKEN-FILE")


# ---------------------------------------------------------------------------------------------------------------
# SKS

EXOSCALE_TOML = """
    defaultAccount = "main"

    [[accounts]]
    name = "main"
    key = "EXOMAIN"
    secret = "SECRET-MAIN"
    defaultZone = "de-fra-1"

    [[accounts]]
    name = "other"
    key = "EXOOTHER"
    secret = "SECRET-OTHER"
"""


def test_sks_credentials_precedence(tmp_path):
    ladder(tmp_path, creds.resolve_sks, "api_key", [
        ("EXOOPT", _both(option("api_key", "EXOOPT"), option("api_secret", "s"))),
        ("EXOENV", _both(env_var("EXOSCALE_API_KEY", "EXOENV"), env_var("EXOSCALE_API_SECRET", "s"))),
        ("EXOMAIN", text_file(".config/exoscale/exoscale.toml", EXOSCALE_TOML)),
    ])


def test_sks_default_account_gives_key_secret_and_zone(tmp_path):
    write(tmp_path / ".config/exoscale/exoscale.toml", EXOSCALE_TOML)
    result = creds.resolve_sks({}, env={}, home=str(tmp_path))
    assert (result["api_key"], result["api_secret"], result["zone"]) == ("EXOMAIN", "SECRET-MAIN", "de-fra-1")
    assert result["endpoint"] == "https://api-de-fra-1.exoscale.com/v2"
    assert result["profile"] == "main" and result["auth_method"] == "access_key"
    assert result["credentials_source"].endswith("exoscale.toml (account main)")


def test_sks_profile_and_exoscale_account_select_an_account(tmp_path):
    write(tmp_path / ".config/exoscale/exoscale.toml", EXOSCALE_TOML)
    env = {"EXOSCALE_API_KEY": "EXOENV", "EXOSCALE_API_SECRET": "s"}
    result = creds.resolve_sks({"profile": "other"}, env=env, home=str(tmp_path))
    assert result["api_key"] == "EXOOTHER" and result["zone"] == "ch-gva-2"
    assert creds.resolve_sks({}, env={"EXOSCALE_ACCOUNT": "other"}, home=str(tmp_path))["api_key"] == "EXOOTHER"
    # EXOSCALE_ACCOUNT names the account to read, but keys in the environment still come first
    assert creds.resolve_sks({}, env=dict(env, EXOSCALE_ACCOUNT="other"), home=str(tmp_path))["api_key"] == "EXOENV"


def test_sks_unknown_account_lists_the_accounts(tmp_path):
    write(tmp_path / ".config/exoscale/exoscale.toml", EXOSCALE_TOML)
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_sks({"profile": "nope"}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "'nope'", "main, other")
    assert_no_secret(caught.value, "SECRET-MAIN", "SECRET-OTHER")


def test_sks_config_search_path(tmp_path):
    def account(key):
        return 'defaultaccount = "a"\n[[accounts]]\nname = "a"\nkey = "%s"\nsecret = "s"\n' % key

    def xdg(_params, env, home):
        env["XDG_CONFIG_HOME"] = str(home / "xdg")
        write(home / "xdg/exoscale/exoscale.toml", account("EXOXDG"))

    def explicit(_params, env, home):
        env["EXOSCALE_CONFIG"] = str(write(home / "custom.toml", account("EXOCUSTOM")))

    ladder(tmp_path, creds.resolve_sks, "api_key", [
        ("EXOCUSTOM", explicit),
        ("EXOXDG", xdg),
        ("EXODOTEXO", text_file(".exoscale/exoscale.toml", account("EXODOTEXO"))),
        ("EXOHOME", text_file("exoscale.toml", account("EXOHOME"))),
    ])
    assert creds.resolve_sks({}, env={}, home=str(write(tmp_path / "h/.config/exoscale/exoscale.toml", account("EXOCONF")).parents[2]))[
        "api_key"] == "EXOCONF"


def test_sks_missing_exoscale_config_file_is_an_error(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_sks({}, env={"EXOSCALE_CONFIG": str(tmp_path / "nope.toml")}, home=str(tmp_path))
    assert_mentions(caught.value, "EXOSCALE_CONFIG", "nope.toml")


def test_sks_lowercase_keys_as_viper_writes_them(tmp_path):
    write(tmp_path / ".config/exoscale/exoscale.toml", """
        defaultaccount = 'low'
        [[accounts]]
          name = 'low'
          key = 'EXOLOW'
          secret = 'SECRET-LOW'
          defaultzone = 'at-vie-2'
    """)
    result = creds.resolve_sks({}, env={}, home=str(tmp_path))
    assert (result["api_key"], result["zone"]) == ("EXOLOW", "at-vie-2")


def test_sks_secret_command(tmp_path):
    command = python_command(tmp_path, "print('SECRET-FROM-COMMAND')\n")
    write(tmp_path / ".config/exoscale/exoscale.toml", """
        defaultAccount = "cmd"
        [[accounts]]
        name = "cmd"
        key = "EXOCMD"
        secretCommand = %s
    """ % json.dumps(shlex.split(command)))
    result = creds.resolve_sks({}, env={}, home=str(tmp_path))
    assert (result["api_key"], result["api_secret"]) == ("EXOCMD", "SECRET-FROM-COMMAND")


def test_sks_failing_secret_command_hides_its_output(tmp_path):
    command = python_command(tmp_path, "import sys\nprint('SECRET-ON-STDOUT')\nsys.stderr.write('vault locked')\nsys.exit(3)\n")
    write(tmp_path / ".config/exoscale/exoscale.toml", """
        defaultAccount = "cmd"
        [[accounts]]
        name = "cmd"
        key = "EXOCMD"
        secretCommand = %s
    """ % json.dumps(shlex.split(command)))
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_sks({}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "secretCommand", "exit status 3", "vault locked")
    assert_no_secret(caught.value, "SECRET-ON-STDOUT")


def test_sks_without_default_account_explains_how_to_choose(tmp_path):
    write(tmp_path / ".config/exoscale/exoscale.toml", '[[accounts]]\nname = "x"\nkey = "EXOX"\nsecret = "s"\n')
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_sks({}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "api_key", "api_secret", "EXOSCALE_API_KEY", "EXOSCALE_API_SECRET", "exoscale.toml",
                    "no defaultAccount", "EXOSCALE_ACCOUNT")


def test_sks_zone_and_endpoint_precedence(tmp_path):
    keys = {"api_key": "EXOK", "api_secret": "s"}
    ladder(tmp_path, creds.resolve_sks, "zone", [
        ("at-vie-1", option("zone", "at-vie-1")),
        ("bg-sof-1", env_var("EXOSCALE_ZONE", "bg-sof-1")),
        ("de-muc-1", text_file(".config/exoscale/exoscale.toml", 'defaultAccount="a"\n[[accounts]]\nname="a"\ndefaultZone="de-muc-1"\n')),
        ("ch-gva-2", lambda params, env, home: None),
    ], params=keys)
    ladder(tmp_path / "endpoint", creds.resolve_sks, "endpoint", [
        ("http://127.0.0.1:9/sks/v2", option("endpoint", "http://127.0.0.1:9/sks/v2/")),
        ("https://api-env.example/v2", env_var("EXOSCALE_API_ENDPOINT", "https://api-env.example/v2")),
        ("https://api-hr-zag-1.exoscale.com/v2", option("zone", "hr-zag-1")),
    ], params=keys)


def test_sks_unknown_zone_lists_the_eight_zones(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_sks({"api_key": "EXOK", "api_secret": "s", "zone": "us-east-1"}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "'us-east-1'", *creds.SKS_ZONES)
    assert len(creds.SKS_ZONES) == 8
    result = creds.resolve_sks({"api_key": "EXOK", "api_secret": "s", "zone": "lab-1", "endpoint": "http://lab"}, env={}, home=str(tmp_path))
    assert (result["zone"], result["endpoint"]) == ("lab-1", "http://lab")


def test_sks_incomplete_environment(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_sks({}, env={"EXOSCALE_API_SECRET": "SECRET-HALF"}, home=str(tmp_path))
    assert_mentions(caught.value, "EXOSCALE_API_SECRET is set", "EXOSCALE_API_KEY")
    assert_no_secret(caught.value, "SECRET-HALF")


def test_sks_broken_toml_names_the_file_not_its_content(tmp_path):
    write(tmp_path / ".config/exoscale/exoscale.toml", 'secret = "SECRET-IN-TOML\n')
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_sks({}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "exoscale.toml", "invalid TOML")
    assert_no_secret(caught.value, "SECRET-IN-TOML")


# ---------------------------------------------------------------------------------------------------------------
# EKS

@pytest.fixture
def no_botocore(monkeypatch):
    """Make `import botocore...` fail, as on a controller without it."""
    for name in ("botocore", "botocore.session", "botocore.exceptions"):
        monkeypatch.setitem(sys.modules, name, None)


@pytest.fixture
def fake_botocore(monkeypatch):
    calls = []

    def fake(profile, config_file, credentials_file):
        calls.append((profile, config_file, credentials_file))
        return fake.answer
    fake.answer = None
    fake.calls = calls
    monkeypatch.setattr(creds, "_botocore_credentials", fake)
    return fake


def aws_files(home, config="", credentials=""):
    if config:
        write(home / ".aws/config", config)
    if credentials:
        write(home / ".aws/credentials", credentials)


def test_eks_credentials_precedence(tmp_path):
    process = python_command(tmp_path, "import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': 'AKPROCESS', 'SecretAccessKey': 's'}))\n")

    def config_file(_params, _env, home):
        write(home / ".aws/config", "[default]\nregion = eu-west-1\naws_access_key_id = AKCONFIG\naws_secret_access_key = s\n"
                                    "credential_process = %s\n" % process)

    ladder(tmp_path, creds.resolve_eks, "access_key", [
        ("AKOPT", _both(option("access_key", "AKOPT"), option("secret_key", "s"))),
        ("AKENV", _both(env_var("AWS_ACCESS_KEY_ID", "AKENV"), env_var("AWS_SECRET_ACCESS_KEY", "s"))),
        ("AKCREDS", text_file(".aws/credentials", "[default]\naws_access_key_id = AKCREDS\naws_secret_access_key = s\n")),
        ("AKPROCESS", config_file),
    ])
    home = tmp_path / "config-keys"
    aws_files(home, config="[default]\nregion = eu-west-1\naws_access_key_id = AKCONFIG\naws_secret_access_key = s\n")
    assert creds.resolve_eks({}, env={}, home=str(home))["access_key"] == "AKCONFIG"


def test_eks_session_token_travels_with_its_keys(tmp_path):
    aws_files(tmp_path, credentials="[default]\naws_access_key_id = AKFILE\naws_secret_access_key = s\naws_session_token = TOKEN-FILE\n")
    env = {"AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_REGION": "us-east-1"}
    result = creds.resolve_eks({}, env=env, home=str(tmp_path))
    assert (result["access_key"], result["session_token"]) == ("AKENV", None)
    result = creds.resolve_eks({}, env={"AWS_REGION": "us-east-1", "AWS_SESSION_TOKEN": "TOKEN-ALONE"}, home=str(tmp_path))
    assert (result["access_key"], result["session_token"]) == ("AKFILE", "TOKEN-FILE")
    result = creds.resolve_eks({}, env=dict(env, AWS_SESSION_TOKEN="TOKEN-ENV"), home=str(tmp_path))
    assert result["session_token"] == "TOKEN-ENV"


def test_eks_profile_selection(tmp_path):
    credentials = "".join("[%s]\naws_access_key_id = AK%s\naws_secret_access_key = s\n" % (name, name.upper())
                          for name in ("default", "opt", "env", "envdefault"))
    base = {"AWS_REGION": "eu-west-3"}
    ladder(tmp_path, creds.resolve_eks, "access_key", [
        ("AKOPT", option("profile", "opt")),
        ("AKENV", env_var("AWS_PROFILE", "env")),
        ("AKENVDEFAULT", env_var("AWS_DEFAULT_PROFILE", "envdefault")),
        ("AKDEFAULT", text_file(".aws/credentials", credentials)),
    ], env=base)


def test_eks_profile_sections_of_the_config_file(tmp_path):
    aws_files(tmp_path, config="""
        [default]
        region = us-west-2
        [profile work]
        region = ap-south-1
        aws_access_key_id = AKWORK
        aws_secret_access_key = s
        [work]
        aws_access_key_id = AKNOTAPROFILE
        aws_secret_access_key = s
        s3 =
          max_concurrent_requests = 10
    """, credentials="[default]\naws_access_key_id = AKDEF\naws_secret_access_key = s\n")
    result = creds.resolve_eks({"profile": "work"}, env={}, home=str(tmp_path))
    assert (result["access_key"], result["region"], result["profile"]) == ("AKWORK", "ap-south-1", "work")
    assert result["endpoint"] == "https://eks.ap-south-1.amazonaws.com"
    result = creds.resolve_eks({}, env={}, home=str(tmp_path))
    assert (result["access_key"], result["region"]) == ("AKDEF", "us-west-2")


def test_eks_profile_option_skips_the_environment_but_aws_profile_does_not(tmp_path):
    aws_files(tmp_path, credentials="[work]\naws_access_key_id = AKWORK\naws_secret_access_key = s\n")
    env = {"AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_REGION": "eu-west-1"}
    assert creds.resolve_eks({"profile": "work"}, env=env, home=str(tmp_path))["access_key"] == "AKWORK"
    assert creds.resolve_eks({}, env=dict(env, AWS_PROFILE="work"), home=str(tmp_path))["access_key"] == "AKENV"


def test_eks_shared_file_variables(tmp_path):
    write(tmp_path / "c/creds.ini", "[default]\naws_access_key_id = AKMOVED\naws_secret_access_key = s\n")
    write(tmp_path / "c/conf.ini", "[default]\nregion = sa-east-1\n")
    env = {"AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "c/creds.ini"), "AWS_CONFIG_FILE": str(tmp_path / "c/conf.ini")}
    result = creds.resolve_eks({}, env=env, home=str(tmp_path))
    assert (result["access_key"], result["region"]) == ("AKMOVED", "sa-east-1")


def test_eks_named_profile_must_exist(tmp_path):
    aws_files(tmp_path, config="[profile a]\nregion = eu-west-1\n", credentials="[b]\naws_access_key_id = AK\naws_secret_access_key = SK-SECRET\n")
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_eks({}, env={"AWS_PROFILE": "missing"}, home=str(tmp_path))
    assert_mentions(caught.value, "'missing'", "a, b")
    assert_no_secret(caught.value, "SK-SECRET")


def test_eks_credential_process_success(tmp_path):
    expires = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    process = python_command(tmp_path, "import json\nprint(json.dumps(%r))\n" % {
        "Version": 1, "AccessKeyId": "ASIAPROC", "SecretAccessKey": "SECRET-PROC", "SessionToken": "TOKEN-PROC", "Expiration": expires})
    aws_files(tmp_path, config="[profile proc]\nregion = eu-north-1\ncredential_process = %s\n" % process)
    result = creds.resolve_eks({"profile": "proc"}, env={}, home=str(tmp_path))
    assert (result["access_key"], result["secret_key"], result["session_token"]) == ("ASIAPROC", "SECRET-PROC", "TOKEN-PROC")
    assert result["expiration"].startswith(expires[:19])
    assert result["credentials_source"].startswith("credential_process")


@pytest.mark.parametrize("script, words", [
    ("import sys\nprint('SECRET-STDOUT')\nsys.stderr.write('token expired, run aws sso login')\nsys.exit(2)\n",
     ["exit status 2", "token expired, run aws sso login", "not shown"]),
    ("print('SECRET-STDOUT is not json')\n", ["did not print JSON"]),
    ("import json\nprint(json.dumps({'Version': 2, 'AccessKeyId': 'A', 'SecretAccessKey': 'SECRET-STDOUT'}))\n", ["Version 2"]),
    ("import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': 'A'}))\n", ["SecretAccessKey"]),
    ("import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': 'A', 'SecretAccessKey': 'SECRET-STDOUT', "
     "'Expiration': '2001-01-01T00:00:00Z'}))\n", ["expired", "2001-01-01"]),
])
def test_eks_credential_process_failures_are_clear_and_hide_the_output(tmp_path, script, words):
    process = python_command(tmp_path, script)
    aws_files(tmp_path, config="[default]\nregion = eu-west-1\ncredential_process = %s\n" % process)
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_eks({}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "credential_process", "'default'", *words)
    assert_no_secret(caught.value, "SECRET-STDOUT")


def test_eks_credential_process_that_does_not_exist(tmp_path):
    aws_files(tmp_path, config="[default]\nregion = eu-west-1\ncredential_process = /nonexistent/aws-helper --flag\n")
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_eks({}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "/nonexistent/aws-helper", "not found")


def test_eks_role_profile_without_botocore_says_botocore_is_needed(tmp_path, no_botocore):
    aws_files(tmp_path, config="[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = default\nregion = eu-west-1\n",
              credentials="[default]\naws_access_key_id = AK\naws_secret_access_key = s\n")
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_eks({"profile": "admin"}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "'admin'", "role_arn", "botocore", "not installed")


def test_eks_sso_profile_goes_through_botocore(tmp_path, fake_botocore):
    aws_files(tmp_path, config="[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nregion = us-east-2\n")
    fake_botocore.answer = ("ASIASSO", "SECRET-SSO", "TOKEN-SSO")
    result = creds.resolve_eks({"profile": "sso"}, env={}, home=str(tmp_path))
    assert (result["access_key"], result["session_token"]) == ("ASIASSO", "TOKEN-SSO")
    assert result["credentials_source"] == "botocore (profile sso)"
    assert fake_botocore.calls == [("sso", str(tmp_path / ".aws/config"), str(tmp_path / ".aws/credentials"))]


def test_eks_nothing_found_without_botocore(tmp_path, no_botocore):
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_eks({"region": "eu-west-1"}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "access_key", "secret_key", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE",
                    ".aws/config", ".aws/credentials", "botocore")


def test_eks_nothing_found_even_by_botocore(tmp_path, fake_botocore):
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_eks({"region": "eu-west-1"}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "AWS_ACCESS_KEY_ID", "no instance or container role")
    assert fake_botocore.calls == [(None, str(tmp_path / ".aws/config"), str(tmp_path / ".aws/credentials"))]


class _ContainerCredentials(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        body = json.dumps({"AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "SECRET-CONTAINER", "Token": "TOKEN-CONTAINER",
                           "Expiration": "2099-01-01T00:00:00Z"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_eks_last_resort_uses_botocore_container_credentials(tmp_path, monkeypatch):
    pytest.importorskip("botocore.session")
    server = http.server.HTTPServer(("127.0.0.1", 0), _ContainerCredentials)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:%d/creds" % server.server_address[1])
        result = creds.resolve_eks({"region": "eu-west-1"}, home=str(tmp_path))
    finally:
        server.shutdown()
        server.server_close()
    assert (result["access_key"], result["secret_key"], result["session_token"]) == ("ASIACONTAINER", "SECRET-CONTAINER", "TOKEN-CONTAINER")
    assert result["credentials_source"] == "botocore"


def test_eks_region_precedence_and_requirement(tmp_path):
    keys = {"access_key": "AK", "secret_key": "s"}
    ladder(tmp_path, creds.resolve_eks, "region", [
        ("us-east-1", option("region", "us-east-1")),
        ("us-east-2", env_var("AWS_REGION", "us-east-2")),
        ("us-west-1", env_var("AWS_DEFAULT_REGION", "us-west-1")),
        ("us-west-2", text_file(".aws/config", "[default]\nregion = us-west-2\n")),
    ], params=keys)
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_eks(keys, env={}, home=str(tmp_path / "empty"))
    assert_mentions(caught.value, "region", "AWS_REGION", "AWS_DEFAULT_REGION")
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_eks(dict(keys, region="eu-west-1.evil.example/"), env={}, home=str(tmp_path))
    assert_mentions(caught.value, "not a valid")


def test_eks_endpoint_precedence(tmp_path):
    keys = {"access_key": "AK", "secret_key": "s", "region": "eu-central-1"}
    ladder(tmp_path, creds.resolve_eks, "endpoint", [
        ("http://127.0.0.1:5000", option("endpoint", "http://127.0.0.1:5000/")),
        ("https://aws-url", env_var("AWS_URL", "https://aws-url")),
        ("https://eks-url", env_var("AWS_ENDPOINT_URL_EKS", "https://eks-url")),
        ("https://any-url", env_var("AWS_ENDPOINT_URL", "https://any-url")),
        ("https://profile-url", text_file(".aws/config", "[default]\nendpoint_url = https://profile-url\n")),
        ("https://eks.eu-central-1.amazonaws.com", lambda params, env, home: None),
    ], params=keys)
    result = creds.resolve_eks(dict(keys, region="cn-north-1"), env={}, home=str(tmp_path))
    assert result["endpoint"] == "https://eks.cn-north-1.amazonaws.com.cn"


def test_eks_ca_bundle_precedence(tmp_path):
    keys = {"access_key": "AK", "secret_key": "s", "region": "eu-central-1"}
    ladder(tmp_path, creds.resolve_eks, "ca_path", [
        ("/opt/ca-option.pem", option("ca_path", "/opt/ca-option.pem")),
        ("/opt/ca-env.pem", env_var("AWS_CA_BUNDLE", "/opt/ca-env.pem")),
        ("/opt/ca-profile.pem", text_file(".aws/config", "[default]\nca_bundle = /opt/ca-profile.pem\n")),
        (None, lambda params, env, home: None),
    ], params=keys)


def test_eks_incomplete_environment(tmp_path):
    aws_files(tmp_path, credentials="[default]\naws_access_key_id = AK\naws_secret_access_key = s\n")
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_eks({}, env={"AWS_ACCESS_KEY_ID": "AKHALF", "AWS_REGION": "eu-west-1"}, home=str(tmp_path))
    assert_mentions(caught.value, "AWS_ACCESS_KEY_ID is set", "AWS_SECRET_ACCESS_KEY")


def test_eks_broken_ini_gives_line_numbers_not_content(tmp_path):
    aws_files(tmp_path, credentials="[default]\naws_access_key_id = AK\nthis line holds SECRET-IN-INI without equals\n")
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_eks({"region": "eu-west-1"}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "credentials", "line 3")
    assert_no_secret(caught.value, "SECRET-IN-INI")


# ---------------------------------------------------------------------------------------------------------------
# SKE

SKE_ENDPOINT = {"endpoint": "https://ske.kr-west1.e.samsungsdscloud.com"}


def test_ske_credentials_precedence(tmp_path):
    ladder(tmp_path, creds.resolve_ske, "access_key", [
        ("AKOPT", _both(option("access_key", "AKOPT"), option("secret_key", "s"))),
        ("AKSCP", _both(env_var("SCP_ACCESS_KEY", "AKSCP"), env_var("SCP_SECRET_KEY", "s"))),
        ("AKTF", _both(env_var("SCP_TF_ACCESS_KEY", "AKTF"), env_var("SCP_TF_SECRET_KEY", "s"))),
        ("AKFILE", json_file(".scpconf/credentials.json", {"access-key": "AKFILE", "secret-key": "s"})),
    ], params=SKE_ENDPOINT)


def test_ske_file_credentials_with_token_and_config(tmp_path):
    write_json(tmp_path / ".scpconf/credentials.json", {"access-key": "AKFILE", "secret-key": "SECRET-FILE", "auth-token": "TOKEN-FILE"})
    write_json(tmp_path / ".scpconf/config.json", {
        "auth-url": "https://iam.e.samsungsdscloud.com/v1", "default-region": "kr-west1",
        "endpoint-override": "https://ske.kr-west1.e.samsungsdscloud.com/", "account-id": "acc-1"})
    result = creds.resolve_ske({}, env={"SCP_AUTH_TOKEN": "TOKEN-ELSEWHERE"}, home=str(tmp_path))
    assert (result["access_key"], result["secret_key"], result["auth_token"]) == ("AKFILE", "SECRET-FILE", "TOKEN-FILE")
    assert (result["account_id"], result["region"], result["api_version"]) == ("acc-1", "kr-west1", "ske 1.3")
    assert result["endpoint"] == "https://ske.kr-west1.e.samsungsdscloud.com"
    assert result["auth_url"] == "https://iam.e.samsungsdscloud.com/v1"


def test_ske_account_id_and_endpoint_precedence(tmp_path):
    keys = dict(SKE_ENDPOINT, access_key="AK", secret_key="s")
    ladder(tmp_path, creds.resolve_ske, "account_id", [
        ("acc-option", option("account_id", "acc-option")),
        ("acc-scp", env_var("SCP_ACCOUNT_ID", "acc-scp")),
        ("acc-tf", env_var("SCP_TF_ACCOUNT_ID", "acc-tf")),
        ("acc-file", json_file(".scpconf/config.json", {"account-id": "acc-file"})),
        ("", lambda params, env, home: None),
    ], params=keys)
    ladder(tmp_path / "endpoint", creds.resolve_ske, "endpoint", [
        ("https://e-option", option("endpoint", "https://e-option")),
        ("https://e-scp", env_var("SCP_ENDPOINT", "https://e-scp")),
        ("https://e-tf", env_var("SCP_TF_ENDPOINT_OVERRIDE", "https://e-tf")),
        ("https://e-file", json_file(".scpconf/config.json", {"endpoint-override": "https://e-file"})),
    ], params={"access_key": "AK", "secret_key": "s"})


def test_ske_requires_an_endpoint_and_explains_the_pattern(tmp_path):
    write_json(tmp_path / ".scpconf/config.json", {"auth-url": "https://iam.e.samsungsdscloud.com/v1", "default-region": "kr-east1"})
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_ske({"access_key": "AK", "secret_key": "SECRET-SKE"}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "endpoint", "SCP_ENDPOINT", "SCP_TF_ENDPOINT_OVERRIDE", "endpoint-override",
                    "https://ske.{region}.{env}.samsungsdscloud.com", "https://ske.kr-east1.e.samsungsdscloud.com")
    assert_no_secret(caught.value, "SECRET-SKE")


def test_ske_without_credentials(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_ske(dict(SKE_ENDPOINT), env={"SCP_TF_SECRET_KEY": ""}, home=str(tmp_path))
    assert_mentions(caught.value, "access_key", "secret_key", "SCP_ACCESS_KEY", "SCP_TF_ACCESS_KEY", ".scpconf/credentials.json")


def test_ske_incomplete_terraform_variables(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_ske(dict(SKE_ENDPOINT), env={"SCP_TF_SECRET_KEY": "SECRET-TF"}, home=str(tmp_path))
    assert_mentions(caught.value, "SCP_TF_SECRET_KEY is set", "SCP_TF_ACCESS_KEY")
    assert_no_secret(caught.value, "SECRET-TF")


# ---------------------------------------------------------------------------------------------------------------
# Huawei

HUAWEI_BASE = {"project_id": "p0", "region": "cn-north-4"}


def test_huawei_credentials_precedence(tmp_path):
    ladder(tmp_path, creds.resolve_huawei, "access_key", [
        ("AKOPT", _both(option("access_key", "AKOPT"), option("secret_key", "s"))),
        ("AKSDK", _both(env_var("HUAWEICLOUD_SDK_AK", "AKSDK"), env_var("HUAWEICLOUD_SDK_SK", "s"))),
        ("AKHW", _both(env_var("HW_ACCESS_KEY", "AKHW"), env_var("HW_SECRET_KEY", "s"))),
        ("AKFILE", text_file(".huaweicloud/credentials", "[basic]\nak = AKFILE\nsk = s\n")),
    ], params=HUAWEI_BASE)


def test_huawei_security_token_and_file(tmp_path):
    write(tmp_path / "hw.ini", "[basic]\nak = AKFILE\nsk = SECRET-FILE\nsecurity_token = TOKEN-FILE\nproject_id = p-file\n")
    result = creds.resolve_huawei({"region": "ap-southeast-1"}, env={"HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(tmp_path / "hw.ini")},
                                  home=str(tmp_path))
    assert (result["access_key"], result["security_token"], result["project_id"]) == ("AKFILE", "TOKEN-FILE", "p-file")
    assert result["auth_method"] == "access_key" and result["auth_token"] is None


def test_huawei_token(tmp_path):
    result = creds.resolve_huawei(dict(HUAWEI_BASE, auth_token="TOKEN-OPT"), env={"HW_ACCESS_KEY": "AK", "HW_SECRET_KEY": "s"}, home=str(tmp_path))
    assert (result["auth_method"], result["auth_token"], result["access_key"]) == ("token", "TOKEN-OPT", None)
    result = creds.resolve_huawei(dict(HUAWEI_BASE), env={"HW_AUTH_TOKEN": "TOKEN-HW"}, home=str(tmp_path))
    assert (result["auth_method"], result["auth_token"]) == ("token", "TOKEN-HW")
    result = creds.resolve_huawei(dict(HUAWEI_BASE), env={"HW_AUTH_TOKEN": "TOKEN-HW", "HUAWEICLOUD_SDK_AK": "AKSDK",
                                                          "HUAWEICLOUD_SDK_SK": "s"}, home=str(tmp_path))
    assert (result["auth_method"], result["access_key"], result["auth_token"]) == ("access_key", "AKSDK", None)


def test_huawei_project_id_precedence_and_requirement(tmp_path):
    keys = {"access_key": "AK", "secret_key": "s", "region": "cn-north-4"}
    ladder(tmp_path, creds.resolve_huawei, "project_id", [
        ("p-option", option("project_id", "p-option")),
        ("p-sdk", env_var("HUAWEICLOUD_SDK_PROJECT_ID", "p-sdk")),
        ("p-hw", env_var("HW_PROJECT_ID", "p-hw")),
        ("p-file", text_file(".huaweicloud/credentials", "[basic]\nproject_id = p-file\n")),
    ], params=keys)
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_huawei(keys, env={}, home=str(tmp_path / "empty"))
    assert_mentions(caught.value, "project_id", "HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID")


def test_huawei_region_and_endpoint(tmp_path):
    keys = {"access_key": "AK", "secret_key": "s", "project_id": "p"}
    result = creds.resolve_huawei(dict(keys, region="cn-north-4"), env={"HW_REGION_NAME": "eu-west-101"}, home=str(tmp_path))
    assert (result["region"], result["endpoint"]) == ("cn-north-4", "https://hss.cn-north-4.myhuaweicloud.com")
    result = creds.resolve_huawei(dict(keys), env={"HW_REGION_NAME": "eu-west-101"}, home=str(tmp_path))
    assert result["endpoint"] == "https://hss.eu-west-101.myhuaweicloud.com"
    env = {"HW_REGION_NAME": "cn-north-4", "HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4": "https://hss.private.example,https://backup"}
    assert creds.resolve_huawei(dict(keys), env=env, home=str(tmp_path))["endpoint"] == "https://hss.private.example"
    assert creds.resolve_huawei(dict(keys, endpoint="http://127.0.0.1:1/huawei"), env=env, home=str(tmp_path))["endpoint"] == "http://127.0.0.1:1/huawei"
    result = creds.resolve_huawei(dict(keys, endpoint="http://127.0.0.1:1/huawei"), env={}, home=str(tmp_path))
    assert (result["region"], result["endpoint"]) == (None, "http://127.0.0.1:1/huawei")
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_huawei(dict(keys), env={}, home=str(tmp_path))
    assert_mentions(caught.value, "region", "HW_REGION_NAME", "https://hss.{region}.myhuaweicloud.com")


def test_huawei_without_credentials(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_huawei(dict(HUAWEI_BASE), env={}, home=str(tmp_path))
    assert_mentions(caught.value, "access_key", "secret_key", "auth_token", "HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY", "HW_AUTH_TOKEN",
                    ".huaweicloud/credentials")


def test_huawei_incomplete_sdk_variables(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        creds.resolve_huawei(dict(HUAWEI_BASE), env={"HUAWEICLOUD_SDK_SK": "SECRET-HALF", "HW_ACCESS_KEY": "AK", "HW_SECRET_KEY": "s"},
                             home=str(tmp_path))
    assert_mentions(caught.value, "HUAWEICLOUD_SDK_SK is set", "HUAWEICLOUD_SDK_AK")
    assert_no_secret(caught.value, "SECRET-HALF")


# ---------------------------------------------------------------------------------------------------------------
# All clouds

@pytest.mark.parametrize("resolve, params, env, secrets", [
    (creds.resolve_oks, {}, {"OKS_USERNAME": "u", "OKS_PASSWORD": "PW-LEARNED-OKS", "OKS_OTP_CODE": "OTP-LEARNED"},
     ["PW-LEARNED-OKS", "OTP-LEARNED"]),
    (creds.resolve_sks, {}, {"EXOSCALE_API_KEY": "EXOK", "EXOSCALE_API_SECRET": "SECRET-LEARNED-SKS"}, ["SECRET-LEARNED-SKS"]),
    (creds.resolve_eks, {"region": "eu-west-1"}, {"AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SECRET-LEARNED-EKS",
                                                  "AWS_SESSION_TOKEN": "TOKEN-LEARNED-EKS"}, ["SECRET-LEARNED-EKS", "TOKEN-LEARNED-EKS"]),
    (creds.resolve_ske, dict(SKE_ENDPOINT), {"SCP_ACCESS_KEY": "AK", "SCP_SECRET_KEY": "SECRET-LEARNED-SKE"}, ["SECRET-LEARNED-SKE"]),
    (creds.resolve_huawei, dict(HUAWEI_BASE), {"HW_AUTH_TOKEN": "TOKEN-LEARNED-HW"}, ["TOKEN-LEARNED-HW"]),
])
def test_secrets_found_outside_the_options_are_registered_for_redaction(tmp_path, resolve, params, env, secrets):
    resolve(params, env=env, home=str(tmp_path))
    for secret in secrets:
        assert secret in known_secrets()
        assert secret not in redact_text("the API said: %s" % secret)
