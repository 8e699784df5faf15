# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE blueprint: signature and timestamp checks, API versions, cluster states, kubeconfig forms, seeding."""

from __future__ import annotations

import base64
import time

import pytest

pytest.importorskip("flask")
pytest.importorskip("cryptography")

from cryptography import x509  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.scp import scp_headers  # noqa: E402

BASE = "http://localhost/ske"


@pytest.fixture
def app():
    from mockcloud.app import create_app  # pylint: disable=import-outside-toplevel
    from mockcloud.clouds import ske as ske_cloud  # pylint: disable=import-outside-toplevel

    return create_app({"speed": 1}, extra_clouds=[ske_cloud.CLOUD], discover=False)


@pytest.fixture
def creds():
    from mockcloud import credentials  # pylint: disable=import-outside-toplevel

    return credentials.for_cloud("ske")


def signed(
    app,
    creds,
    method,
    path,
    query="",
    json=None,
    secret=None,
    timestamp_ms=None,
    account_id=None,
    api_version="ske 1.3",
    access_key=None,
):
    url = BASE + path + ("?" + query if query else "")
    headers = scp_headers(
        access_key or creds["access_key"],
        secret or creds["secret_key"],
        method,
        url,
        timestamp_ms or int(time.time() * 1000),
        creds["account_id"] if account_id is None else account_id,
        api_version=api_version,
    )
    if api_version is None:
        headers.pop("Scp-API-Version", None)
    return app.test_client().open("/ske" + path, method=method, query_string=query, json=json, headers=headers)


def advance(app, seconds):
    from mockcloud.context import state  # pylint: disable=import-outside-toplevel

    state(app).store.clock.advance(seconds)
    state(app).store.tick()


def seed(app, **params):
    from mockcloud.clouds import ske as ske_cloud  # pylint: disable=import-outside-toplevel
    from mockcloud.context import state  # pylint: disable=import-outside-toplevel

    return ske_cloud.seed(state(app).store, dict({"count": 1}, **params))


CREATE = {
    "name": "emu-c1",
    "kubernetes_version": "v1.31.8",
    "vpc_id": "v",
    "subnet_id": "s",
    "volume_id": "vol",
    "security_group_id_list": ["sg"],
    "cloud_logging_enabled": False,
}


# --- authentication -----------------------------------------------------------------------------------------


def test_signed_request_is_served(app, creds):
    answer = signed(app, creds, "GET", "/v1/clusters")
    assert answer.status_code == 200 and answer.get_json() == {"clusters": [], "count": 0, "links": []}


@pytest.mark.parametrize(
    "change,status,fragment",
    [
        ({"secret": "wrong-secret"}, 401, "signature does not match"),
        ({"access_key": "SOMEONEELSE"}, 401, "access key is not valid"),
        ({"skew_minutes": -16}, 401, "15 minutes"),
        ({"skew_minutes": 16}, 401, "15 minutes"),
        ({"account_id": "another-account"}, 403, "no permission on account"),
        ({"api_version": "ske 9.9"}, 400, "not supported"),
    ],
)
def test_refusals(app, creds, change, status, fragment):
    change = dict(change)
    if "skew_minutes" in change:
        change["timestamp_ms"] = int(time.time() * 1000) + change.pop("skew_minutes") * 60 * 1000
    answer = signed(app, creds, "GET", "/v1/clusters", **change)
    assert answer.status_code == status
    assert fragment in answer.get_json()["errors"][0]["detail"]


def test_timestamp_within_the_window_is_accepted(app, creds):
    assert (
        signed(app, creds, "GET", "/v1/clusters", timestamp_ms=int(time.time() * 1000) - 14 * 60 * 1000).status_code
        == 200
    )


def test_unsigned_request_is_refused(app):
    answer = app.test_client().get("/ske/v1/clusters")
    assert answer.status_code == 401 and answer.get_json()["errors"][0]["code"] == "Unauthorized"


def test_query_must_be_signed_as_sent(app, creds):
    url = BASE + "/v1/clusters?name=a"
    headers = scp_headers(
        creds["access_key"],
        creds["secret_key"],
        "GET",
        url,
        int(time.time() * 1000),
        creds["account_id"],
        api_version="ske 1.3",
    )
    answer = app.test_client().get("/ske/v1/clusters", query_string="name=b", headers=headers)
    assert answer.status_code == 401


# --- clusters -----------------------------------------------------------------------------------------------


def test_cluster_lifecycle(app, creds):
    created = signed(app, creds, "POST", "/v1/clusters", json=CREATE)
    assert created.status_code == 202
    cluster_id = created.get_json()["resource_id"]
    assert set(created.get_json()) == {"account_id", "request_id", "resource_id"}
    shown = signed(app, creds, "GET", "/v1/clusters/" + cluster_id).get_json()["cluster"]
    assert shown["status"] == "CREATING" and shown["vpc"]["id"] == "v" and not any(key.startswith("_") for key in shown)
    assert signed(app, creds, "DELETE", "/v1/clusters/" + cluster_id).status_code == 400
    advance(app, 10)
    assert signed(app, creds, "GET", "/v1/clusters/" + cluster_id).get_json()["cluster"]["status"] == "RUNNING"

    assert (
        signed(
            app, creds, "PUT", "/v1/clusters/%s/logging" % cluster_id, json={"cloud_logging_enabled": True}
        ).status_code
        == 202
    )
    assert signed(app, creds, "GET", "/v1/clusters/" + cluster_id).get_json()["cluster"]["status"] == "UPDATING"
    advance(app, 4)
    assert (
        signed(app, creds, "GET", "/v1/clusters/" + cluster_id).get_json()["cluster"]["cloud_logging_enabled"] is True
    )

    assert signed(app, creds, "DELETE", "/v1/clusters/" + cluster_id).status_code == 202
    assert signed(app, creds, "GET", "/v1/clusters/" + cluster_id).get_json()["cluster"]["status"] == "DELETING"
    advance(app, 6)
    assert signed(app, creds, "GET", "/v1/clusters/" + cluster_id).status_code == 404


@pytest.mark.parametrize(
    "change,fragment",
    [
        # the first four are refused by the vendor's contract (a detail list), the last one by the view
        ({"name": "Bad_Name"}, "name: 'Bad_Name' does not match"),
        ({"name": "ab"}, "name: 'ab' is too short"),
        ({"kubernetes_version": "1.31"}, "kubernetes_version"),
        ({"vpc_id": None}, "vpc_id"),
        ({"security_group_id_list": []}, "security_group_id_list"),
    ],
)
def test_create_validation(app, creds, change, fragment):
    answer = signed(app, creds, "POST", "/v1/clusters", json=dict(CREATE, **change))
    assert answer.status_code == 400 and fragment in " ".join(details(answer))


def details(answer):
    """Every detail of an error answer, a list detail flattened (as the vendor's GetDetailFromError reads them)."""
    found = []
    for item in answer.get_json()["errors"]:
        detail = item["detail"]
        found.extend(detail if isinstance(detail, list) else [detail])
    return found


def test_duplicate_name_conflicts(app, creds):
    assert signed(app, creds, "POST", "/v1/clusters", json=CREATE).status_code == 202
    assert signed(app, creds, "POST", "/v1/clusters", json=CREATE).status_code == 409


def test_malformed_and_unknown_ids(app, creds):
    assert signed(app, creds, "GET", "/v1/clusters/not-an-id").status_code == 400
    assert signed(app, creds, "GET", "/v1/clusters/" + "a" * 32).status_code == 404


def test_list_pages_and_filters(app, creds):
    seed(app, count=25, name_prefix="pg")
    seed(app, count=2, name_prefix="other", status="CREATING")
    first = signed(app, creds, "GET", "/v1/clusters", "page=0&size=10").get_json()
    last = signed(app, creds, "GET", "/v1/clusters", "page=2&size=10").get_json()
    assert first["count"] == 27 and len(first["clusters"]) == 10 and len(last["clusters"]) == 7
    assert set(first["clusters"][0]) == {
        "account_id",
        "created_at",
        "id",
        "kubernetes_version",
        "modified_at",
        "name",
        "node_count",
        "status",
        "subnet_id",
    }
    creating = signed(app, creds, "GET", "/v1/clusters", "status=CREATING").get_json()
    assert creating["count"] == 2
    both = signed(app, creds, "GET", "/v1/clusters", "status=CREATING&status=RUNNING").get_json()
    assert both["count"] == 27
    assert signed(app, creds, "GET", "/v1/clusters", "name=pg-001").get_json()["count"] == 10


def test_seeding_a_thousand_is_fast(app):
    started = time.monotonic()
    ids = seed(app, count=1000)
    assert len(set(ids)) == 1000
    assert time.monotonic() - started < 2.0


# --- the user kubeconfig ----------------------------------------------------------------------------------


def test_kubeconfig_raw_yaml_with_a_real_client_certificate(app, creds):
    import yaml  # pylint: disable=import-outside-toplevel

    cluster_id = seed(app)[0]
    answer = signed(app, creds, "GET", "/v1/clusters/%s/user-kubeconfig" % cluster_id, "kubeconfig_type=private")
    assert answer.status_code == 200 and answer.content_type == "application/x-yaml"
    config = yaml.safe_load(answer.get_data(as_text=True))
    assert config["kind"] == "Config" and ".private." in config["clusters"][0]["cluster"]["server"]
    user = config["users"][0]["user"]
    certificate = x509.load_pem_x509_certificate(base64.b64decode(user["client-certificate-data"]))
    authority = x509.load_pem_x509_certificate(
        base64.b64decode(config["clusters"][0]["cluster"]["certificate-authority-data"])
    )
    certificate.verify_directly_issued_by(authority)
    common_name = certificate.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)[0].value
    assert common_name.startswith("scp-user-")
    assert b"PRIVATE KEY" in base64.b64decode(user["client-key-data"])


def test_kubeconfig_json_wrapper_when_tagged(app, creds):
    body = dict(
        CREATE,
        tags=[{"key": "mockcloud-kubeconfig-format", "value": "json"}],
        public_endpoint_access_control_ip="203.0.113.0/24",
    )
    cluster_id = signed(app, creds, "POST", "/v1/clusters", json=body).get_json()["resource_id"]
    advance(app, 10)
    answer = signed(app, creds, "GET", "/v1/clusters/%s/user-kubeconfig" % cluster_id, "kubeconfig_type=public")
    assert answer.status_code == 200 and answer.is_json
    assert (
        answer.get_json()["kubeconfig"].startswith("apiVersion: v1") and ".public." in answer.get_json()["kubeconfig"]
    )


@pytest.mark.parametrize(
    "version,status", [("ske 1.0", 400), ("ske 1.1", 200), ("ske 1.2", 200), ("ske 1.3", 200), (None, 200)]
)
def test_kubeconfig_per_api_version(app, creds, version, status):
    cluster_id = seed(app)[0]
    answer = signed(
        app,
        creds,
        "GET",
        "/v1/clusters/%s/user-kubeconfig" % cluster_id,
        "kubeconfig_type=private",
        api_version=version,
    )
    assert answer.status_code == status


@pytest.mark.parametrize(
    "seeded,query,status",
    [
        ({}, "kubeconfig_type=admin", 400),
        ({}, "", 400),
        ({}, "kubeconfig_type=public", 400),
        ({"public_endpoint": True}, "kubeconfig_type=public", 200),
        ({"forbidden": True}, "kubeconfig_type=private", 403),
        ({"status": "CREATING"}, "kubeconfig_type=private", 400),
    ],
)
def test_kubeconfig_refusals(app, creds, seeded, query, status):
    cluster_id = seed(app, **seeded)[0]
    answer = signed(app, creds, "GET", "/v1/clusters/%s/user-kubeconfig" % cluster_id, query)
    assert answer.status_code == status


def test_kubeconfig_of_a_missing_cluster(app, creds):
    answer = signed(app, creds, "GET", "/v1/clusters/%s/user-kubeconfig" % ("b" * 32), "kubeconfig_type=private")
    assert answer.status_code == 404 and answer.get_json()["errors"][0]["detail"]


# --- issue 15: errors, delete, the contract, the endpoint catalog -------------------------------------------------


def test_several_errors_in_one_answer(app, creds):
    body = dict(CREATE, security_group_id_list=[], service_watch_logging_enabled="yes")
    answer = signed(app, creds, "POST", "/v1/clusters", json=body)
    assert answer.status_code == 400 and len(answer.get_json()["errors"]) == 2
    assert details(answer) == [
        "security_group_id_list must be a non-empty list of ids",
        "service_watch_logging_enabled must be a boolean",
    ]


def test_a_request_the_contract_refuses_has_a_detail_list(app, creds):
    answer = signed(app, creds, "GET", "/v1/clusters", "size=-1")
    assert answer.status_code == 400
    detail = answer.get_json()["errors"][0]["detail"]
    assert isinstance(detail, list) and "parameter size" in detail[0]


@pytest.mark.parametrize("status", ["ERROR", "DELETE_FAILED"])
def test_delete_in_an_undocumented_status(app, creds, status):
    cluster_id = seed(app, status=status)[0]
    assert signed(app, creds, "DELETE", "/v1/clusters/" + cluster_id).status_code == 202
    assert signed(app, creds, "GET", "/v1/clusters/" + cluster_id).get_json()["cluster"]["status"] == "DELETING"
    advance(app, 6)
    assert signed(app, creds, "GET", "/v1/clusters/" + cluster_id).status_code == 404


def test_the_contract_is_the_sdk_document():
    from mockcloud.clouds import ske as ske_cloud  # pylint: disable=import-outside-toplevel

    pytest.importorskip("jsonschema")
    contract = ske_cloud.CLOUD.contract
    assert contract is not None and contract.spec.document["info"]["title"] == "SCP Kubernetes Service"
    # /v1/... of the document is /ske/v1/... here: the frame hands the contract the path without the prefix.
    assert ske_cloud.CLOUD.relative("/ske/v1/clusters") == "/v1/clusters"
    assert contract.spec.find("GET", "/v1/clusters/" + "a" * 32)[0].operation_id == "showCluster"


def test_the_contract_catches_a_wrong_request(app, creds):
    from mockcloud.clouds import ske as ske_cloud  # pylint: disable=import-outside-toplevel

    pytest.importorskip("jsonschema")
    contract = ske_cloud.CLOUD.contract
    missing = {key: value for key, value in CREATE.items() if key != "cloud_logging_enabled"}
    assert "cloud_logging_enabled" in contract.check_request("POST", "/v1/clusters", {}, json_text(missing))
    assert "kubeconfig_type" in contract.check_request("GET", "/v1/clusters/%s/kubeconfig" % ("a" * 32), {}, "")
    assert contract.check_request("POST", "/v1/clusters", {}, json_text(CREATE)) is None
    # Through the frame: a logging PUT without its boolean is refused before the view, in SKE's error shape.
    cluster_id = seed(app)[0]
    answer = signed(app, creds, "PUT", "/v1/clusters/%s/logging" % cluster_id, json={"cloud_logging_enabled": "on"})
    assert answer.status_code == 400 and "cloud_logging_enabled" in details(answer)[0]


def test_the_contract_catches_a_wrong_answer(app, creds, monkeypatch):
    from mockcloud.clouds import ske as ske_cloud  # pylint: disable=import-outside-toplevel

    pytest.importorskip("jsonschema")
    contract = ske_cloud.CLOUD.contract
    problems = contract.check_response("GET", "/v1/clusters", 200, {"clusters": [{"id": "x"}]})
    assert problems and "is a required property" in problems[0]
    # nullable fields of the document (public_endpoint_url of a private cluster) may be null.
    cluster_id = seed(app)[0]
    shown = signed(app, creds, "GET", "/v1/clusters/" + cluster_id)
    assert shown.status_code == 200 and shown.get_json()["cluster"]["public_endpoint_url"] is None
    # Through the frame: an answer that drops a required field becomes a 500 naming it.
    monkeypatch.setattr(ske_cloud, "_summary", lambda record: {"id": record["id"], "name": record["name"]})
    answer = signed(app, creds, "GET", "/v1/clusters")
    assert answer.status_code == 500
    assert answer.get_json()["errors"][0]["code"] == "EmulatorContractViolation"
    assert "account_id" in answer.get_json()["errors"][0]["detail"]


def test_the_seed_only_kubeconfig_path_is_let_through():
    from mockcloud.clouds import ske as ske_cloud  # pylint: disable=import-outside-toplevel

    pytest.importorskip("jsonschema")
    path = "/v1/clusters/%s/user-kubeconfig" % ("a" * 32)
    assert ske_cloud.CLOUD.contract.check_response("GET", path, 200, {"kubeconfig": "x"}) == []
    assert ske_cloud.CLOUD.contract.spec.check_response("GET", path, 200, {}) == ["GET %s is not in the spec" % path]


def test_the_endpoint_catalog(creds):
    from mockcloud.app import create_app  # pylint: disable=import-outside-toplevel
    from mockcloud.clouds import ske as ske_cloud, ske_iam  # pylint: disable=import-outside-toplevel

    catalog_app = create_app({"speed": 1}, extra_clouds=[ske_cloud.CLOUD, ske_iam.CLOUD], discover=False)
    url = "http://localhost/ske-iam/v1/endpoints"
    headers = scp_headers(
        creds["access_key"],
        creds["secret_key"],
        "GET",
        url,
        int(time.time() * 1000),
        creds["account_id"],
        api_version=None,
    )
    answer = catalog_app.test_client().get("/ske-iam/v1/endpoints", headers=headers)
    assert answer.status_code == 200
    ske_entries = [item for item in answer.get_json()["endpoints"] if item["service_type"] == "scp-ske"]
    assert {item["region"]: item["url"] for item in ske_entries}["kr-west1"] == "http://localhost/ske"
    assert all(
        set(item) == {"region", "service_type", "service_name", "url"} for item in answer.get_json()["endpoints"]
    )
    headers["Scp-Signature"] = "wrong"
    assert catalog_app.test_client().get("/ske-iam/v1/endpoints", headers=headers).status_code == 401


def json_text(value):
    import json  # pylint: disable=import-outside-toplevel

    return json.dumps(value)


# --- day two: versions, upgrades, access control ------------------------------------------------------------


def cluster_of(app, creds, cluster_id):
    return signed(app, creds, "GET", "/v1/clusters/" + cluster_id).get_json()["cluster"]


def test_the_kubernetes_versions_on_offer(app, creds):
    from mockcloud.clouds import ske as ske_cloud  # pylint: disable=import-outside-toplevel

    answer = signed(app, creds, "GET", "/v1/kubernetes-versions")
    assert answer.status_code == 200
    listed = [item["kubernetes_version"] for item in answer.get_json()["kubernetes_versions"]]
    assert listed == list(ske_cloud.KUBERNETES_VERSIONS) and "v1.32.5" in listed


def test_upgrades_go_one_minor_version_at_a_time_to_a_version_on_offer(app, creds):
    cluster_id = seed(app, kubernetes_version="v1.30.10")[0]
    path = "/v1/clusters/%s/upgrade" % cluster_id
    jump = signed(app, creds, "PUT", path, json={"kubernetes_version": "v1.32.5"})
    assert jump.status_code == 400 and "the next version is v1.31.8" in details(jump)[0]
    unknown = signed(app, creds, "PUT", path, json={"kubernetes_version": "v1.31.7"})
    assert unknown.status_code == 400 and "not offered" in details(unknown)[0]
    down = signed(app, creds, "PUT", path, json={"kubernetes_version": "v1.29.8"})
    assert down.status_code == 400 and "not newer" in details(down)[0]
    assert cluster_of(app, creds, cluster_id)["status"] == "RUNNING"

    step = signed(app, creds, "PUT", path, json={"kubernetes_version": "v1.31.8"})
    assert step.status_code == 202 and step.get_json()["resource_id"] == cluster_id
    during = cluster_of(app, creds, cluster_id)
    assert during["status"] == "UPDATING" and during["kubernetes_version"] == "v1.30.10"
    busy = signed(app, creds, "PUT", path, json={"kubernetes_version": "v1.32.1"})
    assert busy.status_code == 400 and "UPDATING" in details(busy)[0]
    advance(app, 8)
    after = cluster_of(app, creds, cluster_id)
    assert after["status"] == "RUNNING" and after["kubernetes_version"] == "v1.31.8"


def test_public_and_private_access_control_change_in_place(app, creds):
    cluster_id = seed(app)[0]
    assert cluster_of(app, creds, cluster_id)["public_endpoint_url"] is None
    public = signed(
        app,
        creds,
        "PUT",
        "/v1/clusters/%s/public-access-control" % cluster_id,
        json={"public_endpoint_access_control_ip": "198.51.100.0/24"},
    )
    assert public.status_code == 202
    during = cluster_of(app, creds, cluster_id)
    assert during["status"] == "UPDATING" and during["public_endpoint_access_control_ip"] == "198.51.100.0/24"
    advance(app, 4)
    after = cluster_of(app, creds, cluster_id)
    assert (
        after["status"] == "RUNNING" and after["public_endpoint_url"] and after["public_kubeconfig_download_yn"] == "Y"
    )

    resources = [{"id": "vm-1", "name": "bastion", "type": "vm"}]
    private = signed(
        app,
        creds,
        "PUT",
        "/v1/clusters/%s/private-access-control" % cluster_id,
        json={"private_endpoint_access_control_resources": resources},
    )
    assert private.status_code == 202
    after = cluster_of(app, creds, cluster_id)
    assert after["status"] == "RUNNING" and after["private_endpoint_access_control_resources"] == resources
    # The contract requires the list.
    refused = signed(app, creds, "PUT", "/v1/clusters/%s/private-access-control" % cluster_id, json={})
    assert refused.status_code == 400


# --- node pools ---------------------------------------------------------------------------------------------

POOL = {
    "name": "emu-pool",
    "image_os": "ubuntu",
    "image_os_version": "22.04",
    "server_type_id": "s1v2m4",
    "volume_type_name": "SSD",
    "volume_size": 104,
    "keypair_name": "ops",
    "is_auto_scale": False,
    "is_auto_recovery": True,
    "desired_node_count": 2,
}


def pool_of(app, creds, pool_id):
    return signed(app, creds, "GET", "/v1/nodepools/" + pool_id).get_json()["nodepool"]


def test_nodepool_lifecycle(app, creds):
    cluster_id = seed(app)[0]
    body = dict(POOL, cluster_id=cluster_id, kubernetes_version="v1.31.8")
    created = signed(app, creds, "POST", "/v1/nodepools", json=body)
    assert created.status_code == 201
    pool = created.get_json()["nodepool"]
    assert pool["status"] == "ScalingUp" and pool["current_node_count"] == 0 and pool["cluster"] == {"id": cluster_id}
    assert signed(app, creds, "POST", "/v1/nodepools", json=body).status_code == 409
    busy = signed(app, creds, "PUT", "/v1/nodepools/" + pool["id"], json={"desired_node_count": 3})
    assert busy.status_code == 400 and "ScalingUp" in details(busy)[0]
    advance(app, 8)
    running = pool_of(app, creds, pool["id"])
    assert running["status"] == "Running" and running["current_node_count"] == 2
    assert (running["min_node_count"], running["max_node_count"]) == (2, 2)
    assert cluster_of(app, creds, cluster_id)["node_count"] == 2

    listed = signed(app, creds, "GET", "/v1/clusters/%s/nodepools" % cluster_id, query="nodepool_name=emu").get_json()
    assert listed["count"] == 1 and listed["nodepools"][0]["id"] == pool["id"]
    assert "min_node_count" not in listed["nodepools"][0]

    scaled = signed(app, creds, "PUT", "/v1/nodepools/" + pool["id"], json={"desired_node_count": 4})
    assert scaled.status_code == 202 and pool_of(app, creds, pool["id"])["status"] == "ScalingUp"
    advance(app, 4)
    assert pool_of(app, creds, pool["id"])["current_node_count"] == 4
    auto = signed(
        app,
        creds,
        "PUT",
        "/v1/nodepools/" + pool["id"],
        json={"is_auto_scale": True, "min_node_count": 1, "max_node_count": 3},
    )
    assert auto.status_code == 202 and pool_of(app, creds, pool["id"])["status"] == "ScalingDown"
    advance(app, 4)
    shown = pool_of(app, creds, pool["id"])
    assert shown["auto_scale_enabled"] is True and shown["current_node_count"] == 3 and shown["max_node_count"] == 3

    assert signed(app, creds, "DELETE", "/v1/nodepools/" + pool["id"]).status_code == 202
    assert pool_of(app, creds, pool["id"])["status"] == "Deleting"
    advance(app, 5)
    assert signed(app, creds, "GET", "/v1/nodepools/" + pool["id"]).status_code == 404
    assert cluster_of(app, creds, cluster_id)["node_count"] == 0
    assert signed(app, creds, "DELETE", "/v1/nodepools/" + pool["id"]).status_code == 404


@pytest.mark.parametrize(
    "change,status,fragment",
    [
        ({"kubernetes_version": "v1.30.10"}, 400, "not the cluster's version"),
        ({"name": "a-name-longer-than-twenty"}, 400, "3 to 20 characters"),
        ({"desired_node_count": None}, 400, "desired_node_count is required"),
        ({"is_auto_scale": True, "min_node_count": 3, "max_node_count": 2}, 400, "not be more than"),
        ({"cluster_id": "f" * 32}, 404, "not found"),
    ],
)
def test_nodepool_create_refusals(app, creds, change, status, fragment):
    cluster_id = seed(app)[0]
    body = {
        key: value
        for key, value in dict(dict(POOL, cluster_id=cluster_id, kubernetes_version="v1.31.8"), **change).items()
        if value is not None
    }
    answer = signed(app, creds, "POST", "/v1/nodepools", json=body)
    assert answer.status_code == status and fragment in " ".join(details(answer))


def test_a_nodepool_needs_a_running_cluster(app, creds):
    cluster_id = seed(app, status="CREATING")[0]
    answer = signed(
        app, creds, "POST", "/v1/nodepools", json=dict(POOL, cluster_id=cluster_id, kubernetes_version="v1.31.8")
    )
    assert answer.status_code == 400 and "CREATING" in details(answer)[0]


def test_a_nodepool_is_upgraded_to_its_cluster_version(app, creds):
    cluster_id = seed(app, kubernetes_version="v1.31.8")[0]
    pool = signed(
        app, creds, "POST", "/v1/nodepools", json=dict(POOL, cluster_id=cluster_id, kubernetes_version="v1.31.8")
    ).get_json()["nodepool"]
    advance(app, 8)
    same = signed(app, creds, "PUT", "/v1/nodepools/%s/upgrade" % pool["id"])
    assert same.status_code == 400 and "already at its cluster's version" in details(same)[0]
    signed(app, creds, "PUT", "/v1/clusters/%s/upgrade" % cluster_id, json={"kubernetes_version": "v1.32.5"})
    advance(app, 8)
    upgraded = signed(app, creds, "PUT", "/v1/nodepools/%s/upgrade" % pool["id"])
    assert upgraded.status_code == 202 and pool_of(app, creds, pool["id"])["status"] == "Updating"
    advance(app, 6)
    after = pool_of(app, creds, pool["id"])
    assert after["status"] == "Running" and after["kubernetes_version"] == "v1.32.5"


def test_deleting_a_cluster_deletes_its_nodepools(app, creds):
    cluster_id = seed(app)[0]
    pool = signed(
        app, creds, "POST", "/v1/nodepools", json=dict(POOL, cluster_id=cluster_id, kubernetes_version="v1.31.8")
    ).get_json()["nodepool"]
    advance(app, 8)
    assert signed(app, creds, "DELETE", "/v1/clusters/" + cluster_id).status_code == 202
    advance(app, 6)
    assert signed(app, creds, "GET", "/v1/nodepools/" + pool["id"]).status_code == 404


def test_the_contract_checks_nodepool_answers(app, creds, monkeypatch):
    from mockcloud.clouds import ske as ske_cloud  # pylint: disable=import-outside-toplevel

    pytest.importorskip("jsonschema")
    cluster_id = seed(app)[0]
    # A create body without a field the contract requires is refused before the view.
    missing = {key: value for key, value in POOL.items() if key != "keypair_name"}
    answer = signed(
        app, creds, "POST", "/v1/nodepools", json=dict(missing, cluster_id=cluster_id, kubernetes_version="v1.31.8")
    )
    assert answer.status_code == 400 and "keypair_name" in " ".join(details(answer))
    # An answer without a required field of NodepoolShowResponse is a 500.
    monkeypatch.setattr(ske_cloud, "_nodepool_public", lambda record: {"id": record["id"]})
    broken = signed(
        app, creds, "POST", "/v1/nodepools", json=dict(POOL, cluster_id=cluster_id, kubernetes_version="v1.31.8")
    )
    assert broken.status_code == 500 and broken.get_json()["errors"][0]["code"] == "EmulatorContractViolation"
