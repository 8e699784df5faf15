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
    from mockcloud.clouds import huawei as huawei_cloud, huawei_iam  # pylint: disable=import-outside-toplevel

    return create_app({"speed": 1}, extra_clouds=[huawei_cloud.CLOUD, huawei_iam.CLOUD], discover=False)


@pytest.fixture
def creds():
    from mockcloud import credentials  # pylint: disable=import-outside-toplevel

    return credentials.for_cloud("huawei")


def clusters_path(creds, suffix="", project_id=None):
    return "/v5/%s/container/kubernetes/multi-cloud/clusters%s" % (project_id or creds["project_id"], suffix)


def call(
    app, creds, method, path, query=None, body=None, secret=None, timestamp=None, headers=None, sign=True, prefix=None
):
    """A request signed as HuaweiAuth signs it (query in canonical order, X-Project-Id, X-Sdk-Date)."""
    prefix = prefix or "/huawei"
    query_string = urlencode(sorted((query or {}).items()))
    data = json.dumps(body, separators=(",", ":")).encode() if body is not None else b""
    sent = {"X-Project-Id": creds["project_id"]} if prefix == "/huawei" else {}
    if body is not None:
        sent["Content-Type"] = "application/json;charset=UTF-8"
    sent.update(headers or {})
    if sign:
        url = "http://%s%s%s" % (HOST, prefix, path) + ("?" + query_string if query_string else "")
        sent.update(
            huawei_sign(
                creds["access_key"], secret or creds["secret_key"], method, url, sent, data, timestamp or time.time()
            )
        )
    return app.test_client().open(prefix + path, method=method, query_string=query_string, data=data, headers=sent)


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
    issued = client.post("/huawei-iam/v3/auth/tokens", json=body)
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
    assert client.post("/huawei-iam/v3/auth/tokens", json=wrong).status_code == 401
    signed = call(app, creds, "POST", "/v3/auth/tokens", body={}, prefix="/huawei-iam")
    assert signed.status_code == 201


def test_iam_lists_the_project_of_a_region_by_name_as_the_sdk_asks(app, creds):
    """huaweicloudsdkcore BasicCredentials.process_auth_params: GET {iam}/v3/projects?name=<region>, projects[0].id."""
    from mockcloud.clouds import huawei_iam  # pylint: disable=import-outside-toplevel

    answer = call(app, creds, "GET", "/v3/projects", {"name": huawei_iam.REGION}, prefix="/huawei-iam")
    assert answer.status_code == 200
    projects = answer.get_json()["projects"]
    assert [(project["id"], project["name"]) for project in projects] == [(creds["project_id"], huawei_iam.REGION)]
    other = call(app, creds, "GET", "/v3/projects", {"name": "eu-west-101"}, prefix="/huawei-iam").get_json()
    assert len(other["projects"]) == 1 and other["projects"][0]["id"] != creds["project_id"]
    nowhere = call(app, creds, "GET", "/v3/projects", {"name": "xx-nowhere-1"}, prefix="/huawei-iam").get_json()
    assert nowhere["projects"] == []
    refused = call(app, creds, "GET", "/v3/projects", {"name": "cn-north-4"}, prefix="/huawei-iam", secret="wrong")
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "IAM.0001"


def test_the_vendor_sdk_finds_the_project_id_from_the_emulated_iam(app, creds, monkeypatch):
    """The SDK's own look-up (BasicCredentials without a project id) against the emulator's IAM."""
    from huaweicloudsdkcore.auth.credentials import BasicCredentials  # pylint: disable=import-outside-toplevel
    from huaweicloudsdkcore.auth.internal import IamHelper  # pylint: disable=import-outside-toplevel
    from huaweicloudsdkcore.http.http_config import HttpConfig  # pylint: disable=import-outside-toplevel
    from huaweicloudsdkcore.sdk_request import SdkRequest  # pylint: disable=import-outside-toplevel

    def run_at_once(call, *args):
        result = call(*args)
        return SimpleNamespace(result=lambda: result)

    class TestClientHttp:
        """Enough of huaweicloudsdkcore's HttpClient for process_auth_params, sent through Flask's test client."""

        config = HttpConfig.get_default_config()
        logger = SimpleNamespace(info=lambda *args: None)
        executor = SimpleNamespace(submit=run_at_once)

        @staticmethod
        def do_request_sync(request: SdkRequest):
            answer = app.test_client().get(
                request.resource_path,
                query_string=urlencode(sorted(request.query_params)),
                headers=request.header_params,
            )
            return SimpleNamespace(headers=answer.headers, content=answer.get_data())

    credentials = BasicCredentials(creds["access_key"], creds["secret_key"])
    credentials.iam_endpoint = "http://%s" % HOST
    # the emulator serves IAM under a prefix: the SDK's path, behind it
    monkeypatch.setattr(IamHelper, "KEYSTONE_LIST_PROJECT_URI", "/huawei-iam" + IamHelper.KEYSTONE_LIST_PROJECT_URI)
    credentials.process_auth_params(TestClientHttp(), "cn-north-4")
    assert credentials.project_id == creds["project_id"]


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
    wrong = call(
        app,
        creds,
        "PUT",
        clusters_path(creds, "/" + cluster_id),
        body={"kube_config": kubeconfig(), "current_expiration_date": 1900000000000},
    )
    assert wrong.status_code == 400
    assert "kubeconfig" in wrong.get_json()["error_msg"]
    rotated = datetime.datetime(2032, 6, 30, tzinfo=UTC)
    seed(app, count=0, put_recomputes_certificate_date=True)
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
    missing = call(
        app,
        creds,
        "PUT",
        clusters_path(creds, "/unknown-id"),
        body={"upgrade": True, "current_expiration_date": 1900000000000},
    )
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
    assert answer.get_json()["error_code"].startswith("HSS.100")


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


# --- the vendor's contract (huaweicloudsdkhss's models) and what the issue fixed --------------------------


def test_the_contract_refuses_a_request_the_sdk_models_refuse(app, creds):
    pytest.importorskip("huaweicloudsdkhss")
    unknown = call(app, creds, "POST", clusters_path(creds), body={"kube_config": kubeconfig(), "labels": "x"})
    assert unknown.status_code == 400 and "unknown field labels" in unknown.get_json()["error_msg"]
    wrong_type = call(app, creds, "PUT", clusters_path(creds, "/some-id"), body={"current_expiration_date": "soon"})
    assert wrong_type.status_code == 400 and "current_expiration_date must be int" in wrong_type.get_json()["error_msg"]
    missing = call(app, creds, "PUT", clusters_path(creds, "/some-id"), body={"upgrade": True})
    assert missing.status_code == 400
    assert "missing required field current_expiration_date" in missing.get_json()["error_msg"]
    query = call(app, creds, "GET", clusters_path(creds), {"name": "x"})
    assert query.status_code == 400 and "unknown query parameter name" in query.get_json()["error_msg"]


def test_the_contract_catches_an_answer_the_sdk_models_do_not_allow(app, creds, monkeypatch):
    pytest.importorskip("huaweicloudsdkhss")
    from mockcloud.clouds import huawei as huawei_cloud  # pylint: disable=import-outside-toplevel

    cluster_id = register(app, creds)
    monkeypatch.setattr(
        huawei_cloud, "PUBLIC_FIELDS", huawei_cloud.PUBLIC_FIELDS + ("_enterprise_project_id",), raising=True
    )
    answer = call(app, creds, "GET", clusters_path(creds), {"cluster_id": cluster_id})
    assert answer.status_code == 500
    assert answer.get_json()["error_code"] == "EmulatorContractViolation"
    assert "unknown field _enterprise_project_id" in answer.get_json()["error_msg"]


def test_contract_unit_checks():
    pytest.importorskip("huaweicloudsdkhss")
    from mockcloud.clouds import huawei_contract  # pylint: disable=import-outside-toplevel

    contract = huawei_contract.load()
    base = "/v5/p/container/kubernetes/multi-cloud/clusters"
    assert {(operation.method, operation.template) for operation in contract.operations} == {
        ("POST", "/v5/{project_id}/container/kubernetes/multi-cloud/clusters"),
        ("GET", "/v5/{project_id}/container/kubernetes/multi-cloud/clusters"),
        ("PUT", "/v5/{project_id}/container/kubernetes/multi-cloud/clusters/{cluster_id}"),
        ("DELETE", "/v5/{project_id}/container/kubernetes/multi-cloud/clusters/{cluster_id}"),
        ("POST", "/v5/{project_id}/container/kubernetes/multi-cloud/clusters/status-synchronize"),
    }
    assert contract.check_request("POST", base, {}, json.dumps({"name": "a"})).endswith(
        "missing required field kube_config (MultiCloudClusterCreateRequestBody)"
    )
    assert (
        contract.check_request("POST", base, {"enterprise_project_id": "all_granted_eps"}, '{"kube_config": "k"}')
        is None
    )
    sync = {"total_num": 1, "data_list": [{"cluster_id": 7}]}
    assert "data_list[0].cluster_id must be str" in contract.check_request(
        "POST", base + "/status-synchronize", {}, json.dumps(sync)
    )
    assert contract.check_request("DELETE", base + "/c1", {}, '{"x": 1}').endswith("takes no body")
    assert contract.check_response("GET", base, 200, {"total_num": "1", "data_list": []}) == [
        "answer.total_num must be int, not a string"
    ]
    assert contract.check_response("GET", base, 200, {"total_num": 1, "data_list": [{"provider": None}]}) == []
    assert contract.check_response("POST", base, 200, {"cluster_id": "c", "status": "x"})[0].startswith(
        "answer: unknown field status"
    )
    assert contract.check_response("GET", "/v3/projects", 200, {}) == [
        "GET /v3/projects is not an operation of huaweicloudsdkhss"
    ]


def test_a_registration_in_all_granted_eps_without_name_or_provider_is_accepted(app, creds):
    """The seed's example registers with ?enterprise_project_id=all_granted_eps; the SDK marks only kube_config
    required (MultiCloudClusterCreateRequestBody)."""
    answer = call(
        app,
        creds,
        "POST",
        clusters_path(creds),
        {"enterprise_project_id": "all_granted_eps"},
        body={"kube_config": kubeconfig()},
    )
    assert answer.status_code == 200, answer.get_json()
    found = entry(app, creds, answer.get_json()["cluster_id"])
    assert found["provider"] is None and found["cluster_name"] is None


@pytest.mark.parametrize("recomputes", [True, False])
def test_whether_a_put_recomputes_the_certificate_date_is_a_switch(app, creds, recomputes):
    first = datetime.datetime(2031, 1, 1, tzinfo=UTC)
    rotated = datetime.datetime(2032, 6, 30, tzinfo=UTC)
    cluster_id = register(app, creds, kube_config=kubeconfig(not_after=first))
    seed(app, count=0, put_recomputes_certificate_date=recomputes)
    body = {"kubeconfig": kubeconfig(not_after=rotated), "current_expiration_date": 1900000000000}
    assert call(app, creds, "PUT", clusters_path(creds, "/" + cluster_id), body=body).status_code == 200
    expected = rotated if recomputes else first
    assert entry(app, creds, cluster_id)["certificate_expiration_date"] == int(expected.timestamp() * 1000)
