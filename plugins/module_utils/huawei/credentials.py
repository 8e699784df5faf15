# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where Huawei Cloud (HSS multi-cloud cluster registry) credentials come from (see core/credentials.py for the shared precedence rules)."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import (
    CredentialsError,
    Lookup,
    Scheme,
    Source,
    check_listed,
    check_region_name,
    choose_credentials,
    first,
    read_ini,
    registered,
    result_credentials,
    with_scheme,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei import regions

HUAWEI_ENDPOINT_PATTERN = regions.HSS_ENDPOINT_PATTERN


_HUAWEI_SCHEMES = (
    Scheme("access_key", ("access_key", "secret_key"), ("security_token",)),
    Scheme("token", ("auth_token",)),
)
_HUAWEI_FIELDS = ("access_key", "secret_key", "security_token", "auth_token")


def resolve(params, env=None, home=None):
    """Huawei credentials, project id, region and HSS endpoint.

    project_id is None when none is given but the region is known: the client then asks IAM for the project of the
    region (by its name, as the SDK's BasicCredentials does) at iam_endpoint.

    Credentials: options, then HUAWEICLOUD_SDK_AK/SK(/SECURITY_TOKEN) (the SDK), then HW_ACCESS_KEY/HW_SECRET_KEY
    (/HW_SECURITY_TOKEN) or HW_AUTH_TOKEN (the Terraform provider), then the [basic] section of the SDK's credentials
    file (HUAWEICLOUD_SDK_CREDENTIALS_FILE, else ~/.huaweicloud/credentials).
    """
    look = Lookup(params, env, home)
    credentials_path = look.path(look.env_value("HUAWEICLOUD_SDK_CREDENTIALS_FILE") or "~/.huaweicloud/credentials")
    basic = (read_ini(credentials_path) or {}).get("basic")

    sources = [
        look.option_source(_HUAWEI_FIELDS),
        look.env_source(
            "the environment (HUAWEICLOUD_SDK_*)",
            {
                "access_key": "HUAWEICLOUD_SDK_AK",
                "secret_key": "HUAWEICLOUD_SDK_SK",
                "security_token": "HUAWEICLOUD_SDK_SECURITY_TOKEN",
            },
        ),
        look.env_source(
            "the environment (HW_*)",
            {
                "access_key": "HW_ACCESS_KEY",
                "secret_key": "HW_SECRET_KEY",
                "security_token": "HW_SECURITY_TOKEN",
                "auth_token": "HW_AUTH_TOKEN",
            },
        ),
    ]
    if basic is not None:
        names = {"access_key": "ak", "secret_key": "sk", "security_token": "security_token"}
        sources.append(
            Source("%s [basic]" % credentials_path, {field: basic.get(key) for field, key in names.items()}, names)
        )
    chosen = choose_credentials("Huawei Cloud", sources, _HUAWEI_SCHEMES)
    if chosen is None:
        raise _huawei_missing(credentials_path)
    result = result_credentials(chosen, _HUAWEI_FIELDS)
    location = _huawei_location(look)
    result["project_id"] = _huawei_project_id(look, basic or {}, credentials_path, location["region"])
    result.update(location)
    if not result["project_id"]:
        result["iam_endpoint"] = with_scheme(
            regions.iam_endpoint(location["region"], look.env_value(regions.IAM_ENDPOINT_ENV))
        )
    result["ca_path"] = look.option("ca_path")
    return registered(result)


def _huawei_project_id(look, basic, credentials_path, region):
    project_id = first(
        look.option("project_id"),
        look.env_value("HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"),
        basic.get("project_id"),
    )
    if not project_id and not region:
        raise CredentialsError(
            "Huawei Cloud needs a project id, or a region to look it up in IAM by the region's name: set the option "
            "project_id, the environment variable HUAWEICLOUD_SDK_PROJECT_ID or HW_PROJECT_ID, or project_id in the "
            "[basic] section of %s; or set the option region (or HW_REGION_NAME)." % credentials_path,
            options=("project_id", "region"),
            env_vars=("HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID", "HW_REGION_NAME"),
            files=(credentials_path,),
        )
    return project_id or None


# The HSS endpoint for a private or test deployment (the AWX credential type injects it): the SDK's own override
# HUAWEICLOUD_SDK_REGION_HSS_<REGION> needs the region in its name, which a credential type cannot template.
ENDPOINT_ENV = "HW_HSS_ENDPOINT"


def _huawei_location(look):
    region = first(look.option("region"), look.env_value("HW_REGION_NAME"))
    endpoint = first(look.option("endpoint"), look.env_value(ENDPOINT_ENV))
    if region:
        check_region_name(region, "Huawei Cloud region", "region")
        override = look.env_value("HUAWEICLOUD_SDK_REGION_HSS_%s" % region.replace("-", "_").upper())
        endpoint = first(endpoint, override.split(",")[0].strip() if override else None)
    if endpoint:
        return {"region": region, "endpoint": with_scheme(endpoint)}
    if not region:
        raise CredentialsError(
            "Huawei Cloud needs a region (the HSS endpoint is %s): set the option region or the environment variable "
            "HW_REGION_NAME, or give the endpoint (option endpoint or %s)." % (HUAWEI_ENDPOINT_PATTERN, ENDPOINT_ENV),
            options=("region", "endpoint"),
            env_vars=("HW_REGION_NAME", ENDPOINT_ENV),
        )
    check_listed(region, regions.HSS_REGIONS, "Huawei Cloud HSS region", "region", ("HW_REGION_NAME",))
    return {"region": region, "endpoint": regions.hss_endpoint(region)}


def _huawei_missing(credentials_path):
    return CredentialsError(
        "No Huawei Cloud credentials found. Set the options access_key and secret_key (and security_token for temporary "
        "keys) or auth_token; or the environment variables HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (and "
        "HUAWEICLOUD_SDK_SECURITY_TOKEN), or HW_ACCESS_KEY and HW_SECRET_KEY (and HW_SECURITY_TOKEN), or HW_AUTH_TOKEN; "
        "or ak and sk in the [basic] section of %s (HUAWEICLOUD_SDK_CREDENTIALS_FILE)." % credentials_path,
        options=("access_key", "secret_key", "security_token", "auth_token"),
        env_vars=(
            "HUAWEICLOUD_SDK_AK",
            "HUAWEICLOUD_SDK_SK",
            "HUAWEICLOUD_SDK_SECURITY_TOKEN",
            "HW_ACCESS_KEY",
            "HW_SECRET_KEY",
            "HW_SECURITY_TOKEN",
            "HW_AUTH_TOKEN",
            "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
        ),
        files=(credentials_path,),
    )
