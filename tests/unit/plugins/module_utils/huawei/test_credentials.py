# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Huawei credentials resolver: every precedence step, with a temporary home and environment."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import CredentialsError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import known_secrets, redact_text
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei import regions
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei.credentials import resolve
from ansible_collections.managedk8s.clusters.tests.unit.plugins.module_utils.credential_steps import (
    assert_mentions,
    assert_no_secret,
    both,
    clear_vendor_environment,
    env_var,
    ladder,
    option,
    text_file,
    write,
)

VENDOR_PREFIXES = ("OSC_", "OKS_", "EXOSCALE_", "AWS_", "SCP_", "HUAWEICLOUD_", "HW_", "XDG_CONFIG_HOME")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    clear_vendor_environment(monkeypatch, VENDOR_PREFIXES)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


HUAWEI_BASE = {"project_id": "p0", "region": "cn-north-4"}


def test_huawei_credentials_precedence(tmp_path):
    ladder(
        tmp_path,
        resolve,
        "access_key",
        [
            ("AKOPT", both(option("access_key", "AKOPT"), option("secret_key", "s"))),
            ("AKSDK", both(env_var("HUAWEICLOUD_SDK_AK", "AKSDK"), env_var("HUAWEICLOUD_SDK_SK", "s"))),
            ("AKHW", both(env_var("HW_ACCESS_KEY", "AKHW"), env_var("HW_SECRET_KEY", "s"))),
            ("AKFILE", text_file(".huaweicloud/credentials", "[basic]\nak = AKFILE\nsk = s\n")),
        ],
        params=HUAWEI_BASE,
    )


def test_huawei_security_token_and_file(tmp_path):
    write(
        tmp_path / "hw.ini",
        "[basic]\nak = AKFILE\nsk = SECRET-FILE\nsecurity_token = TOKEN-FILE\nproject_id = p-file\n",
    )
    result = resolve(
        {"region": "ap-southeast-1"},
        env={"HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(tmp_path / "hw.ini")},
        home=str(tmp_path),
    )
    assert (result["access_key"], result["security_token"], result["project_id"]) == ("AKFILE", "TOKEN-FILE", "p-file")
    assert result["auth_method"] == "access_key" and result["auth_token"] is None


def test_huawei_token(tmp_path):
    result = resolve(
        dict(HUAWEI_BASE, auth_token="TOKEN-OPT"), env={"HW_ACCESS_KEY": "AK", "HW_SECRET_KEY": "s"}, home=str(tmp_path)
    )
    assert (result["auth_method"], result["auth_token"], result["access_key"]) == ("token", "TOKEN-OPT", None)
    result = resolve(dict(HUAWEI_BASE), env={"HW_AUTH_TOKEN": "TOKEN-HW"}, home=str(tmp_path))
    assert (result["auth_method"], result["auth_token"]) == ("token", "TOKEN-HW")
    result = resolve(
        dict(HUAWEI_BASE),
        env={"HW_AUTH_TOKEN": "TOKEN-HW", "HUAWEICLOUD_SDK_AK": "AKSDK", "HUAWEICLOUD_SDK_SK": "s"},
        home=str(tmp_path),
    )
    assert (result["auth_method"], result["access_key"], result["auth_token"]) == ("access_key", "AKSDK", None)


def test_huawei_project_id_precedence_and_requirement(tmp_path):
    keys = {"access_key": "AK", "secret_key": "s", "region": "cn-north-4"}
    ladder(
        tmp_path,
        resolve,
        "project_id",
        [
            ("p-option", option("project_id", "p-option")),
            ("p-sdk", env_var("HUAWEICLOUD_SDK_PROJECT_ID", "p-sdk")),
            ("p-hw", env_var("HW_PROJECT_ID", "p-hw")),
            ("p-file", text_file(".huaweicloud/credentials", "[basic]\nproject_id = p-file\n")),
        ],
        params=keys,
    )
    # no project id: the client asks IAM for the region's project, as the SDK's BasicCredentials does
    result = resolve(keys, env={}, home=str(tmp_path / "empty"))
    assert result["project_id"] is None and result["iam_endpoint"] == "https://iam.cn-north-4.myhuaweicloud.com"
    with pytest.raises(CredentialsError) as caught:
        resolve(dict(keys, region=None, endpoint="https://hss.example"), env={}, home=str(tmp_path / "empty"))
    assert_mentions(caught.value, "project_id", "HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID", "region")


@pytest.mark.parametrize(
    "region, env, iam",
    [
        ("cn-north-4", {}, "https://iam.cn-north-4.myhuaweicloud.com"),
        ("eu-west-101", {}, "https://iam.myhuaweicloud.com"),  # no regional IAM endpoint in the SDK's table
        ("cn-north-4", {"HUAWEICLOUD_SDK_IAM_ENDPOINT": "https://iam.private.example"}, "https://iam.private.example"),
    ],
)
def test_huawei_iam_endpoint_of_the_project_look_up(tmp_path, region, env, iam):
    keys = {"access_key": "AK", "secret_key": "s", "region": region}
    assert resolve(keys, env=env, home=str(tmp_path))["iam_endpoint"] == iam


def test_huawei_region_and_endpoint(tmp_path):
    keys = {"access_key": "AK", "secret_key": "s", "project_id": "p"}
    result = resolve(dict(keys, region="cn-north-4"), env={"HW_REGION_NAME": "eu-west-101"}, home=str(tmp_path))
    assert (result["region"], result["endpoint"]) == ("cn-north-4", "https://hss.cn-north-4.myhuaweicloud.com")
    result = resolve(dict(keys), env={"HW_REGION_NAME": "eu-west-101"}, home=str(tmp_path))
    assert result["endpoint"] == "https://hss.eu-west-101.myhuaweicloud.eu"
    with pytest.raises(CredentialsError) as caught:
        resolve(dict(keys, region="xx-nowhere-1"), env={}, home=str(tmp_path))
    assert_mentions(caught.value, "xx-nowhere-1", "endpoint", "cn-north-4")
    override = {"HUAWEICLOUD_SDK_REGION_HSS_XX_NOWHERE_1": "https://hss.nowhere.example"}
    assert resolve(dict(keys, region="xx-nowhere-1"), env=override, home=str(tmp_path))["endpoint"] == (
        "https://hss.nowhere.example"
    )
    env = {
        "HW_REGION_NAME": "cn-north-4",
        "HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4": "https://hss.private.example,https://backup",
    }
    assert resolve(dict(keys), env=env, home=str(tmp_path))["endpoint"] == "https://hss.private.example"
    assert (
        resolve(dict(keys, endpoint="http://127.0.0.1:1/huawei"), env=env, home=str(tmp_path))["endpoint"]
        == "http://127.0.0.1:1/huawei"
    )
    result = resolve(dict(keys, endpoint="http://127.0.0.1:1/huawei"), env={}, home=str(tmp_path))
    assert (result["region"], result["endpoint"]) == (None, "http://127.0.0.1:1/huawei")
    with pytest.raises(CredentialsError) as caught:
        resolve(dict(keys), env={}, home=str(tmp_path))
    assert_mentions(caught.value, "region", "HW_REGION_NAME", "https://hss.{region}.myhuaweicloud.com")


def test_huawei_without_credentials(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        resolve(dict(HUAWEI_BASE), env={}, home=str(tmp_path))
    assert_mentions(
        caught.value,
        "access_key",
        "secret_key",
        "auth_token",
        "HUAWEICLOUD_SDK_AK",
        "HW_ACCESS_KEY",
        "HW_AUTH_TOKEN",
        ".huaweicloud/credentials",
    )


def test_huawei_incomplete_sdk_variables(tmp_path):
    with pytest.raises(CredentialsError) as caught:
        resolve(
            dict(HUAWEI_BASE),
            env={"HUAWEICLOUD_SDK_SK": "SECRET-HALF", "HW_ACCESS_KEY": "AK", "HW_SECRET_KEY": "s"},
            home=str(tmp_path),
        )
    assert_mentions(caught.value, "HUAWEICLOUD_SDK_SK is set", "HUAWEICLOUD_SDK_AK")
    assert_no_secret(caught.value, "SECRET-HALF")


def test_secrets_found_outside_the_options_are_registered_for_redaction(tmp_path):
    resolve(dict(HUAWEI_BASE), env={"HW_AUTH_TOKEN": "TOKEN-LEARNED-HW"}, home=str(tmp_path))
    assert "TOKEN-LEARNED-HW" in known_secrets()
    assert "TOKEN-LEARNED-HW" not in redact_text("the API said: TOKEN-LEARNED-HW")


def test_every_region_of_the_sdk_has_the_sdk_endpoint(tmp_path):
    """Each region of huaweicloudsdkhss's HssRegion table resolves to the SDK's endpoint, and no other region does."""
    hss_region = pytest.importorskip("huaweicloudsdkhss.v5.region.hss_region")
    table = {region_id: region.endpoints[0] for region_id, region in hss_region.HssRegion.static_fields.items()}
    keys = {"access_key": "AK", "secret_key": "s", "project_id": "p"}
    resolved = {region: resolve(dict(keys, region=region), env={}, home=str(tmp_path))["endpoint"] for region in table}
    assert resolved == table
    assert regions.HSS_REGIONS == tuple(table)
    assert resolved["eu-west-101"] == "https://hss.eu-west-101.myhuaweicloud.eu"


def test_every_region_of_the_sdk_iam_table_has_its_iam_endpoint():
    """The IAM endpoint of the project look-up follows huaweicloudsdkcore's IamHelper, region by region."""
    internal = pytest.importorskip("huaweicloudsdkcore.auth.internal")
    for region in set(regions.HSS_REGIONS) | set(regions.IAM_REGIONS) | {"xx-nowhere-1"}:
        assert regions.iam_endpoint(region) == internal.IamHelper.get_iam_endpoint(region), region
