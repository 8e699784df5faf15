# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKS credential resolver: every precedence step, with a temporary home and environment."""

from __future__ import annotations

import json
import shlex

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import CredentialsError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import known_secrets, redact_text
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.credentials import SKS_ZONES, resolve
from ansible_collections.managedk8s.clusters.tests.unit.plugins.module_utils.credential_steps import (
    assert_mentions,
    assert_no_secret,
    both,
    clear_vendor_environment,
    env_var,
    ladder,
    option,
    python_command,
    text_file,
    write,
)

VENDOR_PREFIXES = ("EXOSCALE_", "CLOUDSTACK_", "XDG_CONFIG_HOME", "SNAP_USER_COMMON")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    clear_vendor_environment(monkeypatch, VENDOR_PREFIXES)


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
    ladder(
        tmp_path,
        resolve,
        "api_key",
        [
            ("EXOOPT", both(option("api_key", "EXOOPT"), option("api_secret", "s"))),
            ("EXOENV", both(env_var("EXOSCALE_API_KEY", "EXOENV"), env_var("EXOSCALE_API_SECRET", "s"))),
            ("EXOMAIN", text_file(".config/exoscale/exoscale.toml", EXOSCALE_TOML)),
        ],
    )


def test_sks_default_account_gives_key_secret_and_zone(tmp_path):
    write(tmp_path / ".config/exoscale/exoscale.toml", EXOSCALE_TOML)
    result = resolve({}, env={}, home=str(tmp_path))
    assert (result["api_key"], result["api_secret"], result["zone"]) == ("EXOMAIN", "SECRET-MAIN", "de-fra-1")
    assert result["endpoint"] == "https://api-de-fra-1.exoscale.com/v2"
    assert result["profile"] == "main" and result["auth_method"] == "access_key"
    assert result["credentials_source"].endswith("exoscale.toml (account main)")


def test_sks_profile_and_exoscale_account_select_an_account(tmp_path):
    write(tmp_path / ".config/exoscale/exoscale.toml", EXOSCALE_TOML)
    env = {"EXOSCALE_API_KEY": "EXOENV", "EXOSCALE_API_SECRET": "s"}
    result = resolve({"profile": "other"}, env=env, home=str(tmp_path))
    assert result["api_key"] == "EXOOTHER" and result["zone"] == "ch-gva-2"
    assert resolve({}, env={"EXOSCALE_ACCOUNT": "other"}, home=str(tmp_path))["api_key"] == "EXOOTHER"
    # EXOSCALE_ACCOUNT names the account to read, but keys in the environment still come first
    assert resolve({}, env=dict(env, EXOSCALE_ACCOUNT="other"), home=str(tmp_path))["api_key"] == "EXOENV"


def test_sks_unknown_account_lists_the_accounts(tmp_path):
    write(tmp_path / ".config/exoscale/exoscale.toml", EXOSCALE_TOML)
    with pytest.raises(CredentialsError) as caught:
        resolve({"profile": "nope"}, env={}, home=str(tmp_path))
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

    ladder(
        tmp_path,
        resolve,
        "api_key",
        [
            ("EXOCUSTOM", explicit),
            ("EXOXDG", xdg),
            ("EXODOTEXO", text_file(".exoscale/exoscale.toml", account("EXODOTEXO"))),
            ("EXOHOME", text_file("exoscale.toml", account("EXOHOME"))),
        ],
    )
    assert (
        resolve(
            {}, env={}, home=str(write(tmp_path / "h/.config/exoscale/exoscale.toml", account("EXOCONF")).parents[2])
        )["api_key"]
        == "EXOCONF"
    )


def test_sks_missing_exoscale_config_file_is_an_error(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        resolve({}, env={"EXOSCALE_CONFIG": str(tmp_path / "nope.toml")}, home=str(tmp_path))
    assert_mentions(caught.value, "EXOSCALE_CONFIG", "nope.toml")


def test_sks_lowercase_keys_as_viper_writes_them(tmp_path):
    write(
        tmp_path / ".config/exoscale/exoscale.toml",
        """
        defaultaccount = 'low'
        [[accounts]]
          name = 'low'
          key = 'EXOLOW'
          secret = 'SECRET-LOW'
          defaultzone = 'at-vie-2'
    """,
    )
    result = resolve({}, env={}, home=str(tmp_path))
    assert (result["api_key"], result["zone"]) == ("EXOLOW", "at-vie-2")


def test_sks_secret_command(tmp_path):
    command = python_command(tmp_path, "print('SECRET-FROM-COMMAND')\n")
    write(
        tmp_path / ".config/exoscale/exoscale.toml",
        """
        defaultAccount = "cmd"
        [[accounts]]
        name = "cmd"
        key = "EXOCMD"
        secretCommand = %s
    """
        % json.dumps(shlex.split(command)),
    )
    result = resolve({}, env={}, home=str(tmp_path))
    assert (result["api_key"], result["api_secret"]) == ("EXOCMD", "SECRET-FROM-COMMAND")


def test_sks_failing_secret_command_hides_its_output(tmp_path):
    command = python_command(
        tmp_path, "import sys\nprint('SECRET-ON-STDOUT')\nsys.stderr.write('vault locked')\nsys.exit(3)\n"
    )
    write(
        tmp_path / ".config/exoscale/exoscale.toml",
        """
        defaultAccount = "cmd"
        [[accounts]]
        name = "cmd"
        key = "EXOCMD"
        secretCommand = %s
    """
        % json.dumps(shlex.split(command)),
    )
    with pytest.raises(CredentialsError) as caught:
        resolve({}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "secretCommand", "exit status 3", "vault locked")
    assert_no_secret(caught.value, "SECRET-ON-STDOUT")


def test_sks_without_default_account_explains_how_to_choose(tmp_path):
    write(tmp_path / ".config/exoscale/exoscale.toml", '[[accounts]]\nname = "x"\nkey = "EXOX"\nsecret = "s"\n')
    with pytest.raises(CredentialsError) as caught:
        resolve({}, env={}, home=str(tmp_path))
    assert_mentions(
        caught.value,
        "api_key",
        "api_secret",
        "EXOSCALE_API_KEY",
        "EXOSCALE_API_SECRET",
        "exoscale.toml",
        "no defaultAccount",
        "EXOSCALE_ACCOUNT",
    )


def test_sks_zone_and_endpoint_precedence(tmp_path):
    keys = {"api_key": "EXOK", "api_secret": "s"}
    ladder(
        tmp_path,
        resolve,
        "zone",
        [
            ("at-vie-1", option("zone", "at-vie-1")),
            ("bg-sof-1", env_var("EXOSCALE_ZONE", "bg-sof-1")),
            (
                "de-muc-1",
                text_file(
                    ".config/exoscale/exoscale.toml",
                    'defaultAccount="a"\n[[accounts]]\nname="a"\ndefaultZone="de-muc-1"\n',
                ),
            ),
            ("ch-gva-2", lambda params, env, home: None),
        ],
        params=keys,
    )
    ladder(
        tmp_path / "endpoint",
        resolve,
        "endpoint",
        [
            ("http://127.0.0.1:9/sks/v2", option("endpoint", "http://127.0.0.1:9/sks/v2/")),
            ("https://api-env.example/v2", env_var("EXOSCALE_API_ENDPOINT", "https://api-env.example/v2")),
            ("https://api-hr-zag-1.exoscale.com/v2", option("zone", "hr-zag-1")),
        ],
        params=keys,
    )


def test_sks_unknown_zone_lists_the_eight_zones(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        resolve({"api_key": "EXOK", "api_secret": "s", "zone": "us-east-1"}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "'us-east-1'", *SKS_ZONES)
    assert len(SKS_ZONES) == 8
    result = resolve(
        {"api_key": "EXOK", "api_secret": "s", "zone": "lab-1", "endpoint": "http://lab"}, env={}, home=str(tmp_path)
    )
    assert (result["zone"], result["endpoint"]) == ("lab-1", "http://lab")


def test_sks_incomplete_environment(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        resolve({}, env={"EXOSCALE_API_SECRET": "SECRET-HALF"}, home=str(tmp_path))
    assert_mentions(caught.value, "EXOSCALE_API_SECRET is set", "EXOSCALE_API_KEY")
    assert_no_secret(caught.value, "SECRET-HALF")


def test_sks_broken_toml_names_the_file_not_its_content(tmp_path):
    write(tmp_path / ".config/exoscale/exoscale.toml", 'secret = "SECRET-IN-TOML\n')
    with pytest.raises(CredentialsError) as caught:
        resolve({}, env={}, home=str(tmp_path))
    assert_mentions(caught.value, "exoscale.toml", "invalid TOML")
    assert_no_secret(caught.value, "SECRET-IN-TOML")


def test_secrets_found_outside_the_options_are_registered_for_redaction(tmp_path):
    resolve({}, env={"EXOSCALE_API_KEY": "EXOK", "EXOSCALE_API_SECRET": "SECRET-LEARNED-SKS"}, home=str(tmp_path))
    assert "SECRET-LEARNED-SKS" in known_secrets()
    assert "SECRET-LEARNED-SKS" not in redact_text("the API said: SECRET-LEARNED-SKS")


@pytest.mark.parametrize(
    "env, key",
    [
        ({"EXOSCALE_KEY": "EXOK2", "EXOSCALE_SECRET": "s"}, "EXOK2"),
        ({"CLOUDSTACK_KEY": "EXOCS", "CLOUDSTACK_SECRET_KEY": "s"}, "EXOCS"),
        ({"CLOUDSTACK_API_KEY": "EXOCSAPI", "EXOSCALE_SECRET_KEY": "s"}, "EXOCSAPI"),
        # the exo CLI's order (cmd/config_resolution.go): EXOSCALE_API_KEY, EXOSCALE_KEY, CLOUDSTACK_KEY, ...
        ({"EXOSCALE_API_KEY": "EXOFIRST", "EXOSCALE_KEY": "EXOSECOND", "EXOSCALE_SECRET": "s"}, "EXOFIRST"),
        ({"EXOSCALE_KEY": "EXOSECOND", "CLOUDSTACK_KEY": "EXOTHIRD", "CLOUDSTACK_SECRET": "s"}, "EXOSECOND"),
    ],
)
def test_sks_reads_every_variable_the_exo_cli_reads(tmp_path, env, key):
    result = resolve({}, env=env, home=str(tmp_path))
    assert result["api_key"] == key and result["api_secret"] == "s"
    assert result["credentials_source"] == "the environment"


def test_sks_the_first_variable_present_wins_even_when_empty(tmp_path):
    # readFromEnv takes the first variable that is set at all: an empty EXOSCALE_API_KEY hides EXOSCALE_KEY
    write(tmp_path / ".config/exoscale/exoscale.toml", EXOSCALE_TOML)
    env = {"EXOSCALE_API_KEY": "", "EXOSCALE_KEY": "EXOHIDDEN", "EXOSCALE_API_SECRET": "s"}
    assert resolve({}, env=env, home=str(tmp_path))["api_key"] == "EXOMAIN"


def test_sks_half_a_pair_in_the_environment_falls_back_to_the_file(tmp_path):
    # config_resolution_test.go "partial env credentials ignored"
    write(tmp_path / ".config/exoscale/exoscale.toml", EXOSCALE_TOML)
    result = resolve({}, env={"EXOSCALE_API_KEY": "EXOHALF"}, home=str(tmp_path))
    assert result["api_key"] == "EXOMAIN"


def test_sks_exoscale_toml_in_the_current_directory_comes_last(tmp_path):
    home, work = tmp_path / "home", tmp_path / "work"
    account = 'defaultAccount = "a"\n[[accounts]]\nname = "a"\nkey = "%s"\nsecret = "s"\n'
    write(work / "exoscale.toml", account % "EXOCWD")
    home.mkdir()
    assert resolve({}, env={}, home=str(home), cwd=str(work))["api_key"] == "EXOCWD"
    write(home / "exoscale.toml", account % "EXOHOME")
    assert resolve({}, env={}, home=str(home), cwd=str(work))["api_key"] == "EXOHOME"


def test_sks_snap_reads_the_dot_exoscale_folder_first(tmp_path):
    account = 'defaultAccount = "a"\n[[accounts]]\nname = "a"\nkey = "%s"\nsecret = "s"\n'
    write(tmp_path / ".config/exoscale/exoscale.toml", account % "EXOCONFIG")
    write(tmp_path / ".exoscale/exoscale.toml", account % "EXODOT")
    assert resolve({}, env={}, home=str(tmp_path))["api_key"] == "EXOCONFIG"
    snap = {"SNAP_USER_COMMON": "/snap/exoscale-cli/common"}
    assert resolve({}, env=snap, home=str(tmp_path))["api_key"] == "EXODOT"
