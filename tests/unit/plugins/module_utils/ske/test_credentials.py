# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE credentials resolver: every precedence step, with a temporary home and environment."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import CredentialsError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import known_secrets, redact_text
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.credentials import resolve
from ansible_collections.managedk8s.clusters.tests.unit.plugins.module_utils.credential_steps import (
    assert_mentions,
    assert_no_secret,
    both,
    clear_vendor_environment,
    env_var,
    json_file,
    ladder,
    option,
    write_json,
)

VENDOR_PREFIXES = ("SCP_",)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    clear_vendor_environment(monkeypatch, VENDOR_PREFIXES)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


SKE_ENDPOINT = {"endpoint": "https://ske.kr-west1.e.samsungsdscloud.com"}


def test_ske_credentials_precedence(tmp_path):
    ladder(
        tmp_path,
        resolve,
        "access_key",
        [
            ("AKOPT", both(option("access_key", "AKOPT"), option("secret_key", "s"))),
            ("AKSCP", both(env_var("SCP_ACCESS_KEY", "AKSCP"), env_var("SCP_SECRET_KEY", "s"))),
            ("AKTF", both(env_var("SCP_TF_ACCESS_KEY", "AKTF"), env_var("SCP_TF_SECRET_KEY", "s"))),
            ("AKFILE", json_file(".scpconf/credentials.json", {"access-key": "AKFILE", "secret-key": "s"})),
        ],
        params=SKE_ENDPOINT,
    )


def test_ske_file_credentials_with_token_and_config(tmp_path):
    write_json(
        tmp_path / ".scpconf/credentials.json",
        {"access-key": "AKFILE", "secret-key": "SECRET-FILE", "auth-token": "TOKEN-FILE"},
    )
    write_json(
        tmp_path / ".scpconf/config.json",
        {
            "auth-url": "https://iam.e.samsungsdscloud.com/v1",
            "default-region": "kr-west1",
            "endpoint-override": "https://ske.kr-west1.e.samsungsdscloud.com/",
            "account-id": "acc-1",
        },
    )
    result = resolve({}, env={"SCP_AUTH_TOKEN": "TOKEN-ELSEWHERE"}, home=str(tmp_path))
    assert (result["access_key"], result["secret_key"], result["auth_token"]) == ("AKFILE", "SECRET-FILE", "TOKEN-FILE")
    assert (result["account_id"], result["region"], result["api_version"]) == ("acc-1", "kr-west1", "ske 1.3")
    assert result["endpoint"] == "https://ske.kr-west1.e.samsungsdscloud.com"
    assert result["auth_url"] == "https://iam.e.samsungsdscloud.com/v1"


def test_ske_account_id_and_endpoint_precedence(tmp_path):
    keys = dict(SKE_ENDPOINT, access_key="AK", secret_key="s")
    ladder(
        tmp_path,
        resolve,
        "account_id",
        [
            ("acc-option", option("account_id", "acc-option")),
            ("acc-scp", env_var("SCP_ACCOUNT_ID", "acc-scp")),
            ("acc-tf", env_var("SCP_TF_ACCOUNT_ID", "acc-tf")),
            ("acc-file", json_file(".scpconf/config.json", {"account-id": "acc-file"})),
            ("", lambda params, env, home: None),
        ],
        params=keys,
    )
    ladder(
        tmp_path / "endpoint",
        resolve,
        "endpoint",
        [
            ("https://e-option", option("endpoint", "https://e-option")),
            ("https://e-scp", env_var("SCP_ENDPOINT", "https://e-scp")),
            ("https://e-tf", env_var("SCP_TF_ENDPOINT_OVERRIDE", "https://e-tf")),
            ("https://e-file", json_file(".scpconf/config.json", {"endpoint-override": "https://e-file"})),
        ],
        params={"access_key": "AK", "secret_key": "s"},
    )


def test_ske_requires_an_endpoint_or_an_auth_url_and_explains_both(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        resolve({"access_key": "AK", "secret_key": "SECRET-SKE"}, env={}, home=str(tmp_path))
    assert_mentions(
        caught.value,
        "endpoint",
        "SCP_ENDPOINT",
        "SCP_TF_ENDPOINT_OVERRIDE",
        "endpoint-override",
        "auth-url",
        "SCP_TF_AUTH_URL",
        "https://ske.{region}.{env}.samsungsdscloud.com",
    )
    assert_no_secret(caught.value, "SECRET-SKE")


def test_a_terraform_config_without_endpoint_leaves_it_to_the_catalog(tmp_path):
    """A standard Terraform ~/.scpconf/config.json (auth-url, default-region): the client discovers the endpoint."""
    write_json(
        tmp_path / ".scpconf/config.json",
        {"auth-url": "https://iam.e.samsungsdscloud.com/v1", "default-region": "kr-east1"},
    )
    result = resolve({"access_key": "AK", "secret_key": "SECRET-SKE"}, env={}, home=str(tmp_path))
    assert result["endpoint"] is None
    assert result["auth_url"] == "https://iam.e.samsungsdscloud.com/v1" and result["region"] == "kr-east1"
    env = {"SCP_TF_AUTH_URL": "iam.s.samsungsdscloud.com/v1/", "SCP_TF_DEFAULT_REGION": "kr-west1"}
    result = resolve({"access_key": "AK", "secret_key": "s"}, env=env, home=str(tmp_path))
    assert result["auth_url"] == "https://iam.s.samsungsdscloud.com/v1" and result["region"] == "kr-west1"


def test_ske_without_credentials(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        resolve(dict(SKE_ENDPOINT), env={"SCP_TF_SECRET_KEY": ""}, home=str(tmp_path))
    assert_mentions(
        caught.value, "access_key", "secret_key", "SCP_ACCESS_KEY", "SCP_TF_ACCESS_KEY", ".scpconf/credentials.json"
    )


def test_ske_incomplete_terraform_variables(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        resolve(dict(SKE_ENDPOINT), env={"SCP_TF_SECRET_KEY": "SECRET-TF"}, home=str(tmp_path))
    assert_mentions(caught.value, "SCP_TF_SECRET_KEY is set", "SCP_TF_ACCESS_KEY")
    assert_no_secret(caught.value, "SECRET-TF")


def test_api_version_defaults_to_the_model_default(tmp_path):
    result = resolve(dict(SKE_ENDPOINT, access_key="AK", secret_key="s"), env={}, home=str(tmp_path))
    assert result["api_version"] == "ske 1.3"
    assert (
        resolve(dict(SKE_ENDPOINT, access_key="AK", secret_key="s", api_version="1.1"), env={}, home=str(tmp_path))[
            "api_version"
        ]
        == "1.1"
    )


def test_secrets_found_outside_the_options_are_registered_for_redaction(tmp_path):
    resolve(
        dict(SKE_ENDPOINT), env={"SCP_ACCESS_KEY": "AK", "SCP_SECRET_KEY": "SECRET-LEARNED-SKE"}, home=str(tmp_path)
    )
    assert "SECRET-LEARNED-SKE" in known_secrets()
    assert "SECRET-LEARNED-SKE" not in redact_text("the API said: SECRET-LEARNED-SKE")
