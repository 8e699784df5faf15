# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Huawei HSS blueprint: signatures (the vendor SDK's signer is accepted), tokens, projects, the registry's
paths and bodies, list limits and paging, connection states, deletion, seeding."""

from __future__ import annotations

import datetime
import json
import time
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest

pytest.importorskip("flask")
pytest.importorskip("cryptography")

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.huawei import huawei_sign, sdk_date  # noqa: E402

HOST = "localhost"
BASE = "http://%s/huawei" % HOST
UTC = datetime.timezone.utc


@pytest.fixture
def app():
    from mockcloud.app import create_app  # pylint: disable=import-outside-toplevel
    from mockcloud.clouds import huawei as huawei_cloud  # pylint: disable=import-outside-toplevel

    return create_app({"speed": 1}, extra_clouds=[huawei_cloud.CLOUD], discover=False)


@pytest.fixture
def creds():
    from mockcloud import credentials  # pylint: disable=import-outside-toplevel

    return credentials.for_cloud("huawei")


def clusters_path(creds, suffix="", project_id=None):
    return "/v5/%s/container/kubernetes/multi-cloud/clusters%s" % (project_id or creds["project_id"], suffix)


def call(app, creds, method, path, query=None, body=None, secret=None, timestamp=None, headers=None, sign=True):
    """A request signed as HuaweiAuth signs it (query in canonical order, X-Project-Id, X-Sdk-Date)."""
    query_string = urlencode(sorted((query or {}).items()))
    data = json.dumps(body, separators=(",", ":")).encode() if body is not None else b""
    sent = {"X-Project-Id": creds["project_id"]}
    if body is not None:
        sent["Content-Type"] = "application/json;charset=UTF-8"
    sent.update(headers or {})
    if sign:
        url = BASE + path + ("?" + query_string if query_string else "")
        sent.update(
            huawei_sign(
                creds["access_key"], secret or creds["secret_key"], method, url, sent, data, timestamp or time.time()
            )
        )
    return app.test_client().open("/huawei" + path, method=method, query_string=query_string, data=data, headers=sent)


def advance(app, seconds):
    from mockcloud.context import state  # pylint: disable=import-outside-toplevel

    state(app).store.clock.advance(seconds)
    state(app).store.tick()


def seed(app, **params):
    from mockcloud.clouds import huawei as huawei_cloud  # pylint: disable=import-outside-toplevel
    from mockcloud.context import state  # pylint: disable=import-outside-toplevel

    return huawei_cloud.seed(state(app).store, dict({"count": 1}, **params))


def kubeconfig(**kwargs):
    from mockcloud.clouds.huawei_kubeconfigs import kubeconfig as make  # pylint: disable=import-outside-toplevel

    return make(**kwargs)


def register(app, creds, name="ext", **fields):
    body = dict({"name": name, "provider": "self_built_idc", "kube_config": kubeconfig()}, **fields)
    answer = call(app, creds, "POST", clusters_path(creds), body=body)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["cluster_id"]


def entry(app, creds, cluster_id):
    answer = call(app, creds, "GET", clusters_path(creds), {"cluster_id": cluster_id})
    items = answer.get_json()["data_list"]
    return items[0] if items else None


# --- authentication -------------------------------------------------------------------------------------


def test_a_request_signed_by_the_vendor_sdk_is_accepted(app, creds):
    from huaweicloudsdkcore.sdk_request import SdkRequest  # pylint: disable=import-outside-toplevel
    from huaweicloudsdkcore.signer.signer import Signer  # pylint: disable=import-outside-toplevel

    path = "/huawei" + clusters_path(creds)
    query = [("limit", 10), ("offset", 0), ("enterprise_project_id", "0")]
    request = SdkRequest(
        method="GET",
        schema="http",
        host=HOST,
        resource_path=path,
        query_params=query,
        header_params={"X-Project-Id": creds["project_id"], "X-Sdk-Date": sdk_date(time.time())},
    )
    signed = Signer(SimpleNamespace(ak=creds["access_key"], sk=creds["secret_key"])).sign(request)
    answer = app.test_client().get(path, query_string=urlencode(sorted(query)), headers=signed.header_params)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {"total_num": 0, "data_list": []}


def test_a_wrong_secret_is_refused_in_the_gateway_shape_with_a_request_id(app, creds):
    answer = call(app, creds, "GET", clusters_path(creds), secret="not-the-secret")
    assert answer.status_code == 401
    assert answer.get_json()["error_code"] == "APIGW.0301"
    assert "signature" in answer.get_json()["error_msg"]
    assert answer.headers["X-Request-Id"]


def test_unsigned_and_stale_requests_are_refused(app, creds):
    assert call(app, creds, "GET", clusters_path(creds), sign=False).status_code == 401
    stale = call(app, creds, "GET", clusters_path(creds), timestamp=time.time() - 3600)
    assert stale.status_code == 401
    assert "15 minutes" in stale.get_json()["error_msg"]


def test_a_signed_body_that_was_changed_is_refused(app, creds):
    body = {"name": "ext", "provider": "aws", "kube_config": kubeconfig()}
    data = json.dumps(body, separators=(",", ":")).encode()
    headers = {"X-Project-Id": creds["project_id"], "Content-Type": "application/json"}
    headers.update(
        huawei_sign(
            creds["access_key"], creds["secret_key"], "POST", BASE + clusters_path(creds), headers, data, time.time()
        )
    )
    tampered = data.replace(b'"aws"', b'"ali"')
    answer = app.test_client().post("/huawei" + clusters_path(creds), data=tampered, headers=headers)
    assert answer.status_code == 401


def test_another_project_is_forbidden(app, creds):
    other = "f" * 32
    answer = call(app, creds, "GET", clusters_path(creds, project_id=other), headers={"X-Project-Id": other})
    assert answer.status_code == 403
    mismatch = call(app, creds, "GET", clusters_path(creds), headers={"X-Project-Id": other})
    assert mismatch.status_code == 403
    assert "X-Project-Id" in mismatch.get_json()["error_msg"]


def test_a_security_token_is_refused_as_the_emulator_has_no_temporary_keys(app, creds):
    answer = call(app, creds, "GET", clusters_path(creds), headers={"X-Security-Token": "temporary"})
    assert answer.status_code == 401


def test_tokens_from_the_iam_stand_in(app, creds):
    client = app.test_client()
    body = {
        "auth": {
            "identity": {
                "methods": ["hw_ak_sk"],
                "hw_ak_sk": {"access": {"key": creds["access_key"]}, "secret": {"key": creds["secret_key"]}},
            }
        }
    }
    issued = client.post("/huawei/v3/auth/tokens", json=body)
    assert issued.status_code == 201
    token = issued.headers["X-Subject-Token"]
    assert issued.get_json()["token"]["project"]["id"] == creds["project_id"]
    listed = client.get("/huawei" + clusters_path(creds), headers={"X-Auth-Token": token})
    assert listed.status_code == 200
    assert client.get("/huawei" + clusters_path(creds), headers={"X-Auth-Token": "MIIMforged"}).status_code == 401
    wrong = dict(body)
    wrong["auth"] = {
        "identity": {
            "methods": ["hw_ak_sk"],
            "hw_ak_sk": {"access": {"key": creds["access_key"]}, "secret": {"key": "wrong"}},
        }
    }
    assert client.post("/huawei/v3/auth/tokens", json=wrong).status_code == 401
    signed = call(app, creds, "POST", "/v3/auth/tokens", body={})
    assert signed.status_code == 201


# --- registration ----------------------------------------------------------------------------------------


def test_register_reads_the_server_and_certificate_expiry_from_the_kubeconfig(app, creds):
    not_after = datetime.datetime(2031, 1, 1, tzinfo=UTC)
    cluster_id = register(
        app,
        creds,
        kube_config=kubeconfig(not_after=not_after),
        image_repo="swr.example.com",
        image_repo_password="s3cret-password",
        dns_policy="none",
        dns_config="10.0.0.10",
    )
    found = entry(app, creds, cluster_id)
    assert found == {
        "cluster_id": cluster_id,
        "cluster_name": "ext",
        "provider": "self_built_idc",
        "server": "https://203.0.113.10:6443",
        "image_repo": "swr.example.com",
        "status": "not_connect",
        "version": None,
        "current_expiration_date": None,
        "certificate_expiration_date": int(not_after.timestamp() * 1000),
    }
    from mockcloud.context import state  # pylint: disable=import-outside-toplevel

    stored = json.dumps(state(app).store.dump("huawei"))
    assert "s3cret-password" not in stored
    assert "client-certificate-data" not in stored


@pytest.mark.parametrize(
    "body, fragment",
    [
        ({"name": "x", "kubeconfig": "apiVersion: v1"}, "kube_config"),
        ({"name": "x", "kube_config": "just: text"}, "kube_config"),
        ({"kube_config": "placeholder"}, "name"),
        ({"name": "x", "kube_config": "placeholder", "provider": "gcp"}, "provider"),
        ({"name": "x", "kube_config": "placeholder", "image_repo_type": "ecr"}, "image_repo_type"),
        ({"name": "x", "kube_config": "placeholder", "dns_policy": "none"}, "dns_config"),
        ({"name": "x", "kube_config": "placeholder", "dns_config": "10.0.0.1;nope"}, "dns_config"),
        (
            {"name": "x", "kube_config": "placeholder", "current_expiration_date": "2030-01-01"},
            "current_expiration_date",
        ),
    ],
)
def test_invalid_registrations_are_400(app, creds, body, fragment):
    if body.get("kube_config") == "placeholder":
        body = dict(body, kube_config=kubeconfig())
    answer = call(app, creds, "POST", clusters_path(creds), body=body)
    assert answer.status_code == 400
    assert fragment in answer.get_json()["error_msg"]
    assert answer.get_json()["error_code"].startswith("HSS.")


def test_a_name_is_registered_once_per_enterprise_project(app, creds):
    register(app, creds, "twice")
    again = call(app, creds, "POST", clusters_path(creds), body={"name": "twice", "kube_config": kubeconfig()})
    assert again.status_code == 400
    other = call(
        app,
        creds,
        "POST",
        clusters_path(creds),
        {"enterprise_project_id": "eps-1"},
        body={"name": "twice", "kube_config": kubeconfig()},
    )
    assert other.status_code == 200


def test_the_connection_settles_after_ten_seconds(app, creds):
    good = register(app, creds, "good")
    bad_host = register(app, creds, "bad-host", kube_config=kubeconfig(server="https://api.dc.invalid:6443"))
    bad_port = register(app, creds, "bad-port", kube_config=kubeconfig(server="https://10.1.1.1:1"))
    advance(app, 9)
    assert entry(app, creds, good)["status"] == "not_connect"
    advance(app, 2)
    assert entry(app, creds, good)["status"] == "connect_success"
    assert entry(app, creds, good)["version"] == "1.3.2"
    assert entry(app, creds, bad_host)["status"] == "connect_fail"
    assert entry(app, creds, bad_port)["status"] == "connect_fail"


def test_status_synchronize_checks_again(app, creds):
    cluster_id = register(app, creds)
    advance(app, 11)
    body = {"total_num": 1, "data_list": [{"cluster_id": cluster_id}]}
    assert call(app, creds, "POST", clusters_path(creds, "/status-synchronize"), body=body).status_code == 200
    assert entry(app, creds, cluster_id)["status"] == "not_connect"
    advance(app, 3)
    assert entry(app, creds, cluster_id)["status"] == "connect_success"
    unknown = {"total_num": 1, "data_list": [{"cluster_id": "nope"}]}
    assert call(app, creds, "POST", clusters_path(creds, "/status-synchronize"), body=unknown).status_code == 404
    assert (
        call(app, creds, "POST", clusters_path(creds, "/status-synchronize"), body={"total_num": 0}).status_code == 400
    )


# --- update and delete -----------------------------------------------------------------------------------


def test_put_takes_kubeconfig_not_kube_config(app, creds):
    cluster_id = register(app, creds, kube_config=kubeconfig(not_after=datetime.datetime(2031, 1, 1, tzinfo=UTC)))
    advance(app, 11)
    wrong = call(app, creds, "PUT", clusters_path(creds, "/" + cluster_id), body={"kube_config": kubeconfig()})
    assert wrong.status_code == 400
    assert "kubeconfig" in wrong.get_json()["error_msg"]
    rotated = datetime.datetime(2032, 6, 30, tzinfo=UTC)
    answer = call(
        app,
        creds,
        "PUT",
        clusters_path(creds, "/" + cluster_id),
        body={"kubeconfig": kubeconfig(not_after=rotated), "current_expiration_date": 1900000000000},
    )
    assert answer.status_code == 200
    found = entry(app, creds, cluster_id)
    assert found["certificate_expiration_date"] == int(rotated.timestamp() * 1000)
    assert found["current_expiration_date"] == 1900000000000
    assert found["status"] == "not_connect"
    missing = call(app, creds, "PUT", clusters_path(creds, "/unknown-id"), body={"upgrade": True})
    assert missing.status_code == 404


def test_delete_leaves_the_list_three_seconds_later(app, creds):
    cluster_id = register(app, creds)
    assert call(app, creds, "DELETE", clusters_path(creds, "/" + cluster_id)).status_code == 200
    assert entry(app, creds, cluster_id) is not None
    assert call(app, creds, "DELETE", clusters_path(creds, "/" + cluster_id)).status_code == 200
    advance(app, 3.5)
    assert entry(app, creds, cluster_id) is None
    assert call(app, creds, "DELETE", clusters_path(creds, "/" + cluster_id)).status_code == 404


# --- listing ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [{"limit": 9}, {"limit": 201}, {"limit": "ten"}, {"offset": -1}])
def test_list_limits_are_checked(app, creds, query):
    answer = call(app, creds, "GET", clusters_path(creds), query)
    assert answer.status_code == 400
    assert answer.get_json()["error_code"] == "HSS.1002"


def test_list_pages_with_offset_and_limit_in_registration_order(app, creds):
    ids = seed(app, count=25)
    first = call(app, creds, "GET", clusters_path(creds)).get_json()
    assert first["total_num"] == 25
    assert [item["cluster_id"] for item in first["data_list"]] == ids[:10]
    last = call(app, creds, "GET", clusters_path(creds), {"offset": 20, "limit": 10}).get_json()
    assert [item["cluster_id"] for item in last["data_list"]] == ids[20:]
    assert set(first["data_list"][0]) == {
        "cluster_id",
        "cluster_name",
        "provider",
        "server",
        "image_repo",
        "status",
        "version",
        "current_expiration_date",
        "certificate_expiration_date",
    }


def test_enterprise_projects_partition_the_list(app, creds):
    seed(app, count=3)
    seed(app, count=2, enterprise_project_id="eps-1", status="connect_disruption")
    default = call(app, creds, "GET", clusters_path(creds)).get_json()
    other = call(app, creds, "GET", clusters_path(creds), {"enterprise_project_id": "eps-1"}).get_json()
    every = call(app, creds, "GET", clusters_path(creds), {"enterprise_project_id": "all_granted_eps"}).get_json()
    assert (default["total_num"], other["total_num"], every["total_num"]) == (3, 2, 5)
    assert {item["status"] for item in other["data_list"]} == {"connect_disruption"}


def test_seeding_a_thousand_is_fast(app):
    started = time.monotonic()
    ids = seed(app, count=1000)
    assert len(set(ids)) == 1000
    assert time.monotonic() - started < 2
