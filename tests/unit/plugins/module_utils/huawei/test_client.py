# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HSS client: its error parser, and its calls against the emulator run in-process."""

from __future__ import annotations

import datetime
import json

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.huawei import HuaweiAuth, HuaweiTokenAuth
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import CredentialsError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei import client as huawei_client, model

UTC = datetime.timezone.utc


# --- the error parser ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status,headers,body,code,message,request_id",
    [
        (
            400,
            {"X-Request-Id": "hw-1"},
            {"error_code": "HSS.1001", "error_msg": "bad kubeconfig"},
            "HSS.1001",
            "bad kubeconfig",
            "hw-1",
        ),
        (
            401,
            {},
            {"errorCode": "APIGW.0301", "errorMsg": "Incorrect IAM authentication"},
            "APIGW.0301",
            "Incorrect IAM authentication",
            None,
        ),
        (
            401,
            {"X-Openstack-Request-Id": "os-1"},
            {"error": {"code": "401", "message": "The token is expired."}},
            "401",
            "The token is expired.",
            "os-1",
        ),
        (400, {}, {"message": "invalid zone"}, None, "invalid zone", None),
        (502, {}, "<html>Bad gateway</html>", None, "<html>Bad gateway</html>", None),
        (500, {}, "", None, "HTTP 500", None),
    ],
)
def test_parse_error_reads_the_huawei_shapes(status, headers, body, code, message, request_id):
    raw = json.dumps(body).encode() if isinstance(body, dict) else body.encode()
    error = huawei_client.parse_error(status, headers, raw, "GET", "https://x/y")
    assert (error.status, error.code, error.message, error.request_id) == (status, code, message, request_id)
    assert error.to_dict()["status"] == status
    assert str(status) in str(error)


# --- against the emulator --------------------------------------------------------------------------------


@pytest.fixture
def hss(start_mockcloud):
    pytest.importorskip("flask")
    from mockcloud import credentials as mock_credentials  # pylint: disable=import-outside-toplevel
    from mockcloud.clouds import huawei as huawei_cloud, huawei_iam  # pylint: disable=import-outside-toplevel

    emulator = start_mockcloud(
        extra_clouds=[huawei_cloud.CLOUD, huawei_iam.CLOUD], config={"speed": 100}, discover=False
    )
    emulator.params = dict(
        mock_credentials.for_cloud("huawei"),
        endpoint=emulator.cloud_url("huawei"),
        validate_certs=True,
        ca_path=None,
        request_timeout=10,
    )
    emulator.client = huawei_client.client_from_params(emulator.params)
    return emulator


def kubeconfig(**kwargs):
    from mockcloud.clouds.huawei_kubeconfigs import kubeconfig as make  # pylint: disable=import-outside-toplevel

    return make(**kwargs)


def test_client_from_params_signs_with_the_access_key_or_sends_the_token(hss):
    assert isinstance(hss.client.http.auth, HuaweiAuth)
    assert hss.client.project_id == hss.params["project_id"]
    token_params = dict(hss.params, access_key=None, secret_key=None, auth_token="MIIMsometoken")
    token_client = huawei_client.client_from_params(token_params)
    assert isinstance(token_client.http.auth, HuaweiTokenAuth)


def test_register_list_update_delete(hss):
    client = hss.client
    cluster_id = client.create_cluster(model.create_payload({"name": "dc1", "provider": "aws"}, kubeconfig()))
    entry = client.get_cluster(cluster_id)
    assert entry["cluster_name"] == "dc1" and entry["server"] == "https://203.0.113.10:6443"
    assert [item["cluster_id"] for item in client.clusters_named("dc1")] == [cluster_id]
    rotated = kubeconfig(not_after=datetime.datetime(2032, 1, 1, tzinfo=UTC))
    client.update_cluster(cluster_id, model.update_payload(rotated, 1900000000000))
    assert client.get_cluster(cluster_id)["current_expiration_date"] == 1900000000000
    assert client.get_cluster(cluster_id)["certificate_expiration_date"] is None  # the emulator's default: kept
    hss.admin.seed("huawei", count=0, put_recomputes_certificate_date=True)
    client.update_cluster(cluster_id, model.update_payload(rotated, 1900000000000))
    assert client.get_cluster(cluster_id)["certificate_expiration_date"] == 1956528000000
    client.synchronize_status([cluster_id])
    assert client.delete_cluster(cluster_id) is True
    hss.admin.advance(5)
    assert client.get_cluster(cluster_id) is None
    assert client.delete_cluster(cluster_id) is False


def test_listing_walks_every_page_of_200(hss):
    ids = hss.admin.seed("huawei", count=450)["seeded"]
    hss.admin.clear_log()
    listed = hss.client.list_clusters()
    assert [item["cluster_id"] for item in listed] == ids
    queries = [entry["query"] for entry in hss.admin.log(cloud="huawei")]
    assert queries == ["limit=200&offset=0", "limit=200&offset=200", "limit=200&offset=400"]


def test_a_full_last_page_ends_the_walk_by_total_num(hss):
    hss.admin.seed("huawei", count=20)
    hss.admin.clear_log()
    assert len(hss.client.list_clusters(limit=10)) == 20
    assert len(hss.admin.log(cloud="huawei")) == 2


def test_enterprise_project_goes_in_every_query(hss):
    hss.admin.seed("huawei", count=2, enterprise_project_id="eps-1")
    client = huawei_client.HuaweiClient(hss.client.http, hss.params["project_id"], "eps-1")
    assert len(client.list_clusters()) == 2
    assert hss.client.list_clusters() == []
    assert all(
        "enterprise_project_id=eps-1" in entry["query"]
        for entry in hss.admin.log(cloud="huawei")
        if "eps-1" in entry["query"]
    )


def test_api_errors_carry_code_message_and_request_id(hss):
    with pytest.raises(ApiError) as caught:
        hss.client.list_page(limit=5)
    error = caught.value
    assert error.status == 400 and error.code == "HSS.1002"
    assert "limit" in error.message and error.request_id
    with pytest.raises(ApiError) as refused:
        hss.client.create_cluster({"name": "no-kubeconfig"})
    assert "kube_config" in refused.value.message


def test_a_wrong_secret_is_an_api_error_without_the_secret(hss):
    client = huawei_client.client_from_params(dict(hss.params, secret_key="wrong-secret-value"))
    with pytest.raises(ApiError) as caught:
        client.list_clusters()
    assert caught.value.status == 401 and caught.value.code == "APIGW.0301"
    assert "wrong-secret-value" not in caught.value.describe()


# --- the project id of a region, asked of IAM as the SDK's BasicCredentials does ---------------------------


def test_the_project_id_is_found_from_the_region_in_iam(hss, monkeypatch):
    monkeypatch.setenv("HUAWEICLOUD_SDK_IAM_ENDPOINT", hss.cloud_url("huawei_iam"))
    params = dict(hss.params, project_id=None, region="cn-north-4")
    client = huawei_client.client_from_params(params)
    assert client.project_id == hss.params["project_id"]
    assert client.list_clusters() == []
    iam_calls = hss.admin.log(cloud="huawei_iam")
    assert [(entry["method"], entry["path"], entry["query"], entry["status"]) for entry in iam_calls] == [
        ("GET", "/huawei-iam/v3/projects", "name=cn-north-4", 200)
    ]


def test_a_region_iam_does_not_know_is_a_credentials_error_naming_project_id(hss, monkeypatch):
    monkeypatch.setenv("HUAWEICLOUD_SDK_IAM_ENDPOINT", hss.cloud_url("huawei_iam"))
    with pytest.raises(CredentialsError) as caught:
        huawei_client.client_from_params(
            dict(hss.params, project_id=None, region="xx-nowhere-1", endpoint=hss.cloud_url("huawei"))
        )
    assert "no project named xx-nowhere-1" in str(caught.value) and "project_id" in str(caught.value)


def test_the_iam_look_up_is_signed_and_a_wrong_key_is_refused(hss, monkeypatch):
    monkeypatch.setenv("HUAWEICLOUD_SDK_IAM_ENDPOINT", hss.cloud_url("huawei_iam"))
    with pytest.raises(ApiError) as caught:
        huawei_client.client_from_params(dict(hss.params, project_id=None, region="cn-north-4", secret_key="wrong"))
    assert caught.value.status == 401 and "signature" in str(caught.value)


def test_several_projects_of_one_name_are_refused():
    class FakeHttp:
        base_url = "https://iam.example"

        def get(self, path, params=None):
            projects = [{"id": "p1", "name": params["name"]}, {"id": "p2", "name": params["name"]}]
            return type("Answer", (), {"json": {"projects": projects}})()

    with pytest.raises(CredentialsError, match="p1, p2"):
        huawei_client.project_id_of_region(FakeHttp(), "cn-north-4")
