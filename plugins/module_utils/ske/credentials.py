# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where Samsung Cloud Platform SKE credentials come from (see core/credentials.py for the shared precedence rules)."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import (
    CredentialsError,
    Lookup,
    Scheme,
    Source,
    choose_credentials,
    first,
    read_json,
    registered,
    result_credentials,
    with_scheme,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.model import DEFAULT_API_VERSION

SKE_ENDPOINT_PATTERN = "https://ske.{region}.{env}.samsungsdscloud.com"


_SKE_SCHEMES = (Scheme("access_key", ("access_key", "secret_key"), ("auth_token",)),)
_SKE_FIELDS = ("access_key", "secret_key", "auth_token")


def resolve(params, env=None, home=None):
    """SKE credentials, account id and endpoint.

    Credentials: options, then SCP_ACCESS_KEY/SCP_SECRET_KEY(/SCP_AUTH_TOKEN), then the vendor Terraform provider's
    SCP_TF_ACCESS_KEY/SCP_TF_SECRET_KEY(/SCP_TF_AUTH_TOKEN), then ~/.scpconf/credentials.json. The endpoint:
    endpoint, SCP_ENDPOINT, SCP_TF_ENDPOINT_OVERRIDE or endpoint-override in ~/.scpconf/config.json; without one,
    an auth URL (SCP_TF_AUTH_URL or auth-url in config.json) leaves endpoint None, and the client finds SKE in the
    IAM endpoint catalog (client.discover_endpoint), as the vendor's SDK and Terraform provider do.
    """
    look = Lookup(params, env, home)
    credentials_path = look.path("~/.scpconf/credentials.json")
    config_path = look.path("~/.scpconf/config.json")
    config = read_json(config_path) or {}

    sources = [
        look.option_source(_SKE_FIELDS),
        look.env_source(
            "the environment (SCP_*)",
            {"access_key": "SCP_ACCESS_KEY", "secret_key": "SCP_SECRET_KEY", "auth_token": "SCP_AUTH_TOKEN"},
        ),
        look.env_source(
            "the environment (SCP_TF_*)",
            {"access_key": "SCP_TF_ACCESS_KEY", "secret_key": "SCP_TF_SECRET_KEY", "auth_token": "SCP_TF_AUTH_TOKEN"},
        ),
    ]
    credentials_file = read_json(credentials_path)
    if credentials_file is not None:
        names = {"access_key": "access-key", "secret_key": "secret-key", "auth_token": "auth-token"}
        sources.append(
            Source(credentials_path, {field: credentials_file.get(key) for field, key in names.items()}, names)
        )
    chosen = choose_credentials("SCP", sources, _SKE_SCHEMES)
    if chosen is None:
        raise _ske_missing(credentials_path)

    result = result_credentials(chosen, _SKE_FIELDS)
    result["account_id"] = (
        first(
            look.option("account_id"), look.env_value("SCP_ACCOUNT_ID", "SCP_TF_ACCOUNT_ID"), config.get("account-id")
        )
        or ""
    )
    result["region"] = first(look.env_value("SCP_TF_DEFAULT_REGION"), config.get("default-region"))
    result["auth_url"] = first(look.env_value("SCP_TF_AUTH_URL"), config.get("auth-url"))
    result["api_version"] = look.option("api_version") or DEFAULT_API_VERSION
    endpoint = first(
        look.option("endpoint"),
        look.env_value("SCP_ENDPOINT", "SCP_TF_ENDPOINT_OVERRIDE"),
        config.get("endpoint-override"),
    )
    if not endpoint and not result["auth_url"]:
        raise _ske_no_endpoint(config_path)
    result["endpoint"] = with_scheme(endpoint) if endpoint else None
    if result["auth_url"]:
        result["auth_url"] = with_scheme(result["auth_url"])
    result["ca_path"] = look.option("ca_path")
    return registered(result)


def _ske_missing(credentials_path):
    return CredentialsError(
        "No Samsung Cloud Platform credentials found. Set the options access_key and secret_key (and auth_token if your "
        "account uses one), or the environment variables SCP_ACCESS_KEY and SCP_SECRET_KEY (or SCP_TF_ACCESS_KEY and "
        "SCP_TF_SECRET_KEY), or access-key and secret-key in %s." % credentials_path,
        options=("access_key", "secret_key", "auth_token"),
        env_vars=(
            "SCP_ACCESS_KEY",
            "SCP_SECRET_KEY",
            "SCP_AUTH_TOKEN",
            "SCP_TF_ACCESS_KEY",
            "SCP_TF_SECRET_KEY",
            "SCP_TF_AUTH_TOKEN",
        ),
        files=(credentials_path,),
    )


def _ske_no_endpoint(config_path):
    return CredentialsError(
        "SKE needs an endpoint, or an auth URL to find it in the endpoint catalog: set the option endpoint, the "
        "environment variable SCP_ENDPOINT (or SCP_TF_ENDPOINT_OVERRIDE), or endpoint-override in %s; or auth-url "
        "(and default-region) in that file, or SCP_TF_AUTH_URL (and SCP_TF_DEFAULT_REGION), as for the vendor's "
        "Terraform provider (such as https://iam.e.samsungsdscloud.com/v1). SKE endpoints follow the pattern %s, for "
        "example https://ske.kr-west1.e.samsungsdscloud.com." % (config_path, SKE_ENDPOINT_PATTERN),
        options=("endpoint",),
        env_vars=("SCP_ENDPOINT", "SCP_TF_ENDPOINT_OVERRIDE", "SCP_TF_AUTH_URL", "SCP_TF_DEFAULT_REGION"),
        files=(config_path,),
    )
