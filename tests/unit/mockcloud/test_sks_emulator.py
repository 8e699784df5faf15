# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKS blueprint: signatures, spec validation, answers that fit the vendor's schemas, operations and states,
the vendor's own Python SDK as a client, kubeconfig certificates, seeding."""

from __future__ import annotations

import base64
import datetime
import json
import time

import pytest

pytest.importorskip("flask")
pytest.importorskip("cryptography")

from cryptography import x509  # noqa: E402  pylint: disable=wrong-import-position
from cryptography.x509.oid import NameOID  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.exoscale import exoscale_authorization  # noqa: E402

PREFIX = "/sks/v2"
VALID_UUID = "8561ee34-09f0-42da-a765-abde807f944b"


@pytest.fixture
def sks_cloud():
    from mockcloud.clouds import sks  # pylint: disable=import-outside-toplevel

    return sks


@pytest.fixture
def app(sks_cloud):
    from mockcloud.app import create_app  # pylint: disable=import-outside-toplevel

    return create_app({"speed": 1}, extra_clouds=[sks_cloud.CLOUD], discover=False)


@pytest.fixture
def creds():
    from mockcloud.credentials import for_cloud  # pylint: disable=import-outside-toplevel

    return for_cloud("sks")


class Api:
    """Signed calls through Flask's test client; every answer is checked against the vendor's response schema."""

    def __init__(self, app, creds, spec):
        self.client = app.test_client()
        self.app = app
        self.creds = creds
        self.spec = spec

    def call(self, method, path, body=None, query="", key=None, secret=None, expires=None, check_schema=True):
        data = json.dumps(body).encode() if body is not None else b""
        url = "http://localhost%s%s%s" % (PREFIX, path, "?" + query if query else "")
        header = exoscale_authorization(
            key or self.creds["api_key"],
            secret or self.creds["api_secret"],
            method,
            url,
            data,
            expires or int(time.time()) + 600,
        )
        response = self.client.open(
            PREFIX + path + ("?" + query if query else ""),
            method=method,
            data=data,
            headers={"Authorization": header, "Content-Type": "application/json"},
        )
        answer = response.get_json()
        if check_schema and self.spec is not None and response.status_code == 200:
            assert self.spec.check_response(method, path, 200, answer) == [], (method, path, answer)
        return response.status_code, answer

    def advance(self, seconds):
        from mockcloud.context import state  # pylint: disable=import-outside-toplevel

        current = state(self.app)
        current.store.clock.advance(seconds)
        current.store.tick()

    def create_cluster(self, **body):
        status, operation = self.call(
            "POST", "/sks-cluster", dict({"name": "c1", "level": "starter", "version": "1.32.6"}, **body)
        )
        assert status == 200, operation
        self.advance(20)
        return operation["reference"]["id"]


@pytest.fixture
def api(app, creds, sks_cloud):
    from mockcloud.clouds.sks import SPEC  # pylint: disable=import-outside-toplevel

    return Api(app, creds, SPEC)


# --- signatures ----------------------------------------------------------------------------------------------


def test_a_signed_request_is_answered(api):
    assert api.call("GET", "/sks-cluster") == (200, {"sks-clusters": []})


def test_signed_query_arguments_are_checked(api):
    status, answer = api.call("GET", "/sks-cluster-version", query="include-deprecated=true")
    assert status == 200 and "1.30.14" in answer["sks-cluster-versions"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"secret": "wrong-secret"}, "Invalid request signature"),
        ({"key": "EXOunknownkey"}, "Invalid API key"),
        ({"expires": 1000}, "Request expired"),
    ],
)
def test_bad_signatures_get_403(api, change, message):
    assert api.call("GET", "/sks-cluster", **change) == (403, {"message": message})


def test_a_missing_or_malformed_header_gets_403(app):
    client = app.test_client()
    response = client.get(PREFIX + "/sks-cluster")
    assert response.status_code == 403 and "Missing authentication" in response.get_json()["message"]
    response = client.get(PREFIX + "/sks-cluster", headers={"Authorization": "Bearer abc"})
    assert response.status_code == 403 and set(response.get_json()) == {"message"}


def test_a_body_changed_after_signing_gets_403(api):
    header = exoscale_authorization(
        api.creds["api_key"],
        api.creds["api_secret"],
        "POST",
        "http://localhost%s/sks-cluster" % PREFIX,
        b'{"name":"a"}',
        int(time.time()) + 600,
    )
    response = api.client.post(
        PREFIX + "/sks-cluster",
        data=b'{"name":"b"}',
        headers={"Authorization": header, "Content-Type": "application/json"},
    )
    assert response.status_code == 403


# --- the vendor's spec ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, fragment",
    [
        ({"level": "starter", "version": "1.32.6"}, "'name' is a required property"),
        ({"name": "c1", "level": "gold", "version": "1.32.6"}, "level: 'gold' is not one of"),
        ({"name": "c1", "level": "pro", "version": "1.32.6", "cni": "flannel"}, "cni: 'flannel' is not one of"),
        (
            {"name": "c1", "level": "pro", "version": "1.32.6", "oidc": {"client-id": "k"}},
            "oidc: 'issuer-url' is a required",
        ),
        ({"name": "", "level": "pro", "version": "1.32.6"}, "name: '' should be non-empty"),
    ],
)
def test_bodies_the_spec_refuses_get_400_with_a_message(api, body, fragment):
    status, answer = api.call("POST", "/sks-cluster", body)
    assert status == 400 and set(answer) == {"message"}
    assert fragment in answer["message"]


def test_path_parameters_are_checked(api):
    status, answer = api.call("GET", "/sks-cluster/not-a-uuid")
    assert status == 400 and "is not a 'uuid'" in answer["message"]


def test_nodepool_disk_size_limits_come_from_the_spec(api):
    cluster_id = api.create_cluster()
    body = {"name": "p", "size": 1, "disk-size": 10, "instance-type": {"id": VALID_UUID}}
    status, answer = api.call("POST", "/sks-cluster/%s/nodepool" % cluster_id, body)
    assert status == 400 and "disk-size: 10 is less than the minimum of 20" in answer["message"]


def test_openapi_translation_handles_nullable_and_exclusive_bounds():
    from mockcloud.openapi import translate  # pylint: disable=import-outside-toplevel

    assert translate({"type": "string", "nullable": True}) == {"type": ["string", "null"]}
    assert translate({"type": "integer", "minimum": 0, "exclusiveMinimum": True}) == {
        "type": "integer",
        "exclusiveMinimum": 0,
    }
    assert translate({"type": "integer", "minimum": 1, "exclusiveMinimum": False}) == {"type": "integer", "minimum": 1}
    assert translate({"$ref": "#/x", "nullable": True}) == {"anyOf": [{"$ref": "#/x"}, {"type": "null"}]}


# --- operations and states -----------------------------------------------------------------------------------


def test_create_answers_a_pending_operation_that_succeeds_when_the_cluster_runs(api):
    status, operation = api.call(
        "POST", "/sks-cluster", {"name": "c1", "level": "pro", "version": "1.33.2", "cni": "cilium"}
    )
    assert status == 200 and operation["state"] == "pending"
    cluster_id = operation["reference"]["id"]
    assert api.call("GET", "/sks-cluster/%s" % cluster_id)[1]["state"] == "creating"
    api.advance(11)
    assert api.call("GET", "/operation/%s" % operation["id"])[1]["state"] == "success"
    cluster = api.call("GET", "/sks-cluster/%s" % cluster_id)[1]
    assert cluster["state"] == "running" and cluster["enable-kube-proxy"] is False
    assert cluster["endpoint"].startswith("https://%s." % cluster_id)


def test_a_busy_cluster_refuses_changes(api):
    status, operation = api.call("POST", "/sks-cluster", {"name": "c1", "level": "pro", "version": "1.33.2"})
    status, answer = api.call("PUT", "/sks-cluster/%s" % operation["reference"]["id"], {"description": "x"})
    assert status == 409 and "busy (state: creating)" in answer["message"]


def test_upgrades_go_up_one_minor_version_at_a_time(api):
    cluster_id = api.create_cluster(version="1.31.10")
    status, answer = api.call("PUT", "/sks-cluster/%s/upgrade" % cluster_id, {"version": "1.33.2"})
    assert status == 400 and "one minor version at a time" in answer["message"]
    status, answer = api.call("PUT", "/sks-cluster/%s/upgrade" % cluster_id, {"version": "1.31.10"})
    assert status == 400 and "must be newer" in answer["message"]
    status, operation = api.call("PUT", "/sks-cluster/%s/upgrade" % cluster_id, {"version": "1.32.6"})
    assert status == 200
    assert api.call("GET", "/sks-cluster/%s" % cluster_id)[1]["state"] == "upgrading"
    api.advance(9)
    assert api.call("GET", "/sks-cluster/%s" % cluster_id)[1]["version"] == "1.32.6"


def test_service_level_goes_from_starter_to_pro_only(api):
    cluster_id = api.create_cluster()
    status, _operation = api.call("PUT", "/sks-cluster/%s/upgrade-service-level" % cluster_id)
    assert status == 200
    api.advance(5)
    assert api.call("GET", "/sks-cluster/%s" % cluster_id)[1]["level"] == "pro"
    status, answer = api.call("PUT", "/sks-cluster/%s/upgrade-service-level" % cluster_id)
    assert status == 400 and "already at the pro" in answer["message"]


def test_put_updates_only_the_fields_it_allows(api):
    cluster_id = api.create_cluster(addons=["exoscale-container-storage-interface"])
    status, answer = api.call("PUT", "/sks-cluster/%s" % cluster_id, {"addons": []})
    assert status == 400 and "not supported" in answer["message"]
    status, _operation = api.call(
        "PUT", "/sks-cluster/%s" % cluster_id, {"labels": {"a": "b"}, "oidc": None, "description": None}
    )
    assert status == 200
    api.advance(3)
    cluster = api.call("GET", "/sks-cluster/%s" % cluster_id)[1]
    assert cluster["labels"] == {"a": "b"} and "oidc" not in cluster and cluster["level"] == "starter"


def test_node_pools_scale_and_block_the_cluster_delete(api, sks_cloud):
    cluster_id = api.create_cluster()
    medium = next(
        item["id"]
        for item in api.call("GET", "/instance-type")[1]["instance-types"]
        if item["family"] == "standard" and item["size"] == "medium"
    )
    status, operation = api.call(
        "POST",
        "/sks-cluster/%s/nodepool" % cluster_id,
        {"name": "workers", "size": 2, "disk-size": 50, "instance-type": {"id": medium}},
    )
    assert status == 200
    pool_id = operation["reference"]["id"]
    api.advance(9)
    pool_path = "/sks-cluster/%s/nodepool/%s" % (cluster_id, pool_id)
    assert api.call("GET", pool_path)[1]["state"] == "running"
    status, _operation = api.call("PUT", pool_path + ":scale", {"size": 5})
    assert status == 200 and api.call("GET", pool_path)[1]["state"] == "scaling"
    api.advance(5)
    assert api.call("GET", pool_path)[1]["size"] == 5
    status, answer = api.call("DELETE", "/sks-cluster/%s" % cluster_id)
    assert status == 409 and "still has 1 nodepool" in answer["message"]
    assert api.call("DELETE", pool_path)[0] == 200
    api.advance(5)
    assert api.call("GET", pool_path, check_schema=False)[0] == 404
    assert api.call("DELETE", "/sks-cluster/%s" % cluster_id)[0] == 200
    api.advance(6)
    assert api.call("GET", "/sks-cluster/%s" % cluster_id, check_schema=False) == (
        404,
        {"message": "SKS cluster %s not found" % cluster_id},
    )


def test_an_unknown_instance_type_is_refused(api):
    cluster_id = api.create_cluster()
    status, answer = api.call(
        "POST",
        "/sks-cluster/%s/nodepool" % cluster_id,
        {"name": "w", "size": 1, "disk-size": 20, "instance-type": {"id": VALID_UUID}},
    )
    assert status == 400 and "Invalid instance type" in answer["message"]


def test_injected_operation_failures(api, app, sks_cloud):
    from mockcloud.context import state  # pylint: disable=import-outside-toplevel

    sks_cloud.seed(
        state(app).store,
        {
            "count": 0,
            "operation_failures": [
                {"command": "create-sks-cluster", "reason": "unavailable", "message": "no capacity"}
            ],
        },
    )
    status, operation = api.call("POST", "/sks-cluster", {"name": "c1", "level": "pro", "version": "1.33.2"})
    api.advance(11)
    failed = api.call("GET", "/operation/%s" % operation["id"])[1]
    assert (failed["state"], failed["reason"], failed["message"]) == ("failure", "unavailable", "no capacity")
    assert api.call("GET", "/sks-cluster")[1] == {"sks-clusters": []}


# --- vendor fidelity -----------------------------------------------------------------------------------------


CCM, CSI, KARPENTER, METRICS = (
    "exoscale-cloud-controller",
    "exoscale-container-storage-interface",
    "karpenter",
    "metrics-server",
)


def test_karpenter_needs_the_cloud_controller(api):
    status, answer = api.call(
        "POST", "/sks-cluster", {"name": "c1", "level": "pro", "version": "1.33.2", "addons": [KARPENTER]}
    )
    assert status == 400 and "requires the exoscale-cloud-controller addon" in answer["message"]


@pytest.mark.parametrize(
    "addons, allowed",
    [
        ([CCM, METRICS, CSI], True),
        ([CCM, METRICS, KARPENTER], True),
        ([CCM], False),
        ([METRICS], False),
        ([CCM, METRICS, CSI, KARPENTER], True),
    ],
)
def test_addons_change_after_creation_as_the_vendor_clients_allow(api, addons, allowed):
    cluster_id = api.create_cluster(addons=[CCM, METRICS])
    status, answer = api.call("PUT", "/sks-cluster/%s" % cluster_id, {"addons": addons})
    assert (status == 200) is allowed, answer
    if not allowed:
        assert "can only be set when the cluster is created" in answer["message"]


def test_node_pool_names_are_lowercase_and_pools_scale_to_zero(api):
    cluster_id = api.create_cluster()
    medium = next(item["id"] for item in api.call("GET", "/instance-type")[1]["instance-types"])
    body = {"name": "Workers", "size": 1, "disk-size": 20, "instance-type": {"id": medium}}
    status, answer = api.call("POST", "/sks-cluster/%s/nodepool" % cluster_id, body)
    assert status == 400 and "lowercase only" in answer["message"]
    status, answer = api.call("POST", "/sks-cluster/%s/nodepool" % cluster_id, dict(body, name="w", size=0))
    assert status == 400 and "size" in answer["message"]  # create-sks-nodepool: size > 0 (exclusiveMinimum)
    status, operation = api.call("POST", "/sks-cluster/%s/nodepool" % cluster_id, dict(body, name="w"))
    api.advance(9)
    pool_path = "/sks-cluster/%s/nodepool/%s" % (cluster_id, operation["reference"]["id"])
    assert api.call("PUT", pool_path, {"name": "Renamed"})[0] == 400
    assert api.call("PUT", pool_path + ":scale", {"size": 0})[0] == 200  # scale-sks-nodepool: size minimum 0
    api.advance(5)
    assert api.call("GET", pool_path)[1]["size"] == 0
    status, answer = api.call("PUT", pool_path + ":scale", {"size": -1})
    assert status == 400 and "size" in answer["message"]


def test_maintenance_applies_auto_upgrade_within_the_minor_version(api, app, sks_cloud):
    from mockcloud.context import state  # pylint: disable=import-outside-toplevel

    store = state(app).store
    automatic, manual = (
        sks_cloud.seed(store, {"count": 1, "name": name, "version": "1.32.1", "auto_upgrade": flag, "nodepools": 0})[0]
        for name, flag in (("auto", True), ("manual", False))
    )
    sks_cloud.seed(store, {"count": 0, "maintenance": True})
    assert api.call("GET", "/sks-cluster/%s" % automatic)[1]["version"] == "1.32.6"
    assert api.call("GET", "/sks-cluster/%s" % manual)[1]["version"] == "1.32.1"


def test_errors_are_a_message_as_egoscale_reads_them(api):
    # The SKS paths of openapi.json declare no error answer; egoscale v2/v3 read {"message"}
    status, answer = api.call("GET", "/sks-cluster/%s" % VALID_UUID, check_schema=False)
    assert status == 404 and answer == {"message": "SKS cluster %s not found" % VALID_UUID}
    for method, path in (("get", "/sks-cluster/{id}"), ("post", "/sks-cluster"), ("put", "/sks-cluster/{id}")):
        responses = api.spec.document["paths"][path][method]["responses"] if api.spec else {"200": {}}
        assert list(responses) == ["200"]


# --- the contract catches a wrong request and a wrong answer -------------------------------------------------


def test_the_contract_refuses_a_wrong_request_before_the_view(api, sks_cloud, monkeypatch):
    called = []
    monkeypatch.setattr(sks_cloud, "clusters", lambda: called.append(True))
    status, answer = api.call("POST", "/sks-cluster", {"name": "c1", "level": "pro", "version": 1})
    assert status == 400 and "version: 1 is not of type 'string'" in answer["message"] and not called


def test_the_contract_turns_a_wrong_answer_into_a_500(api, app, sks_cloud):
    from mockcloud.context import state  # pylint: disable=import-outside-toplevel

    cluster_id = sks_cloud.seed(state(app).store, {"count": 1, "nodepools": 0})[0]
    state(app).store.collection("sks", "clusters").get(cluster_id)["state"] = "sleeping"  # not in the spec's enum
    status, answer = api.call("GET", "/sks-cluster/%s" % cluster_id, check_schema=False)
    assert status == 500 and "breaks the vendor contract" in answer["message"] and "sleeping" in answer["message"]


# --- kubeconfig ----------------------------------------------------------------------------------------------


def test_the_kubeconfig_holds_a_real_certificate_for_the_user_and_groups(api):
    import yaml  # pylint: disable=import-outside-toplevel

    cluster_id = api.create_cluster()
    status, answer = api.call(
        "POST", "/sks-cluster-kubeconfig/%s" % cluster_id, {"user": "alice", "groups": ["devs", "ops"], "ttl": 7200}
    )
    assert status == 200
    config = yaml.safe_load(base64.b64decode(answer["kubeconfig"]))
    assert config["kind"] == "Config" and config["current-context"] == "alice@c1"
    assert config["clusters"][0]["cluster"]["server"].startswith("https://%s." % cluster_id)
    user = config["users"][0]["user"]
    certificate = x509.load_pem_x509_certificate(base64.b64decode(user["client-certificate-data"]))
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "alice"
    assert [item.value for item in certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)] == [
        "devs",
        "ops",
    ]
    lifetime = certificate.not_valid_after_utc - datetime.datetime.now(datetime.timezone.utc)
    assert 7100 < lifetime.total_seconds() <= 7200
    authority = x509.load_pem_x509_certificate(
        base64.b64decode(config["clusters"][0]["cluster"]["certificate-authority-data"])
    )
    assert certificate.issuer == authority.subject
    assert b"PRIVATE KEY" in base64.b64decode(user["client-key-data"])


def test_kubeconfig_needs_a_running_cluster_and_a_positive_ttl(api):
    status, operation = api.call("POST", "/sks-cluster", {"name": "c1", "level": "pro", "version": "1.33.2"})
    path = "/sks-cluster-kubeconfig/%s" % operation["reference"]["id"]
    assert api.call("POST", path, {"user": "a", "groups": []})[0] == 409
    api.advance(11)
    status, answer = api.call("POST", path, {"user": "a", "groups": [], "ttl": 0})
    assert status == 400 and "ttl" in answer["message"]


# --- seeding and the vendor SDK ------------------------------------------------------------------------------


def test_seeding_a_thousand_clusters_is_fast(api, app, sks_cloud):
    from mockcloud.context import state  # pylint: disable=import-outside-toplevel

    started = time.monotonic()
    ids = sks_cloud.seed(state(app).store, {"count": 1000, "nodepools": 2})
    assert time.monotonic() - started < 2
    assert len(set(ids)) == 1000
    status, answer = api.call("GET", "/sks-cluster", check_schema=False)
    assert status == 200 and len(answer["sks-clusters"]) == 1000
    assert all(len(cluster["nodepools"]) == 2 and cluster["state"] == "running" for cluster in answer["sks-clusters"])
    assert (
        api.spec is None
        or api.spec.check_response("GET", "/sks-cluster", 200, {"sks-clusters": answer["sks-clusters"][:20]}) == []
    )


def test_the_vendor_python_sdk_drives_the_emulator(start_mockcloud, sks_cloud, creds, monkeypatch):
    vendor = pytest.importorskip("exoscale.api.v2")
    monkeypatch.setattr(vendor, "_poll_interval", lambda run_time: 0.05)
    server = start_mockcloud(extra_clouds=[sks_cloud.CLOUD], config={"speed": 100}, discover=False)
    client = vendor.Client(creds["api_key"], creds["api_secret"], url=server.cloud_url("sks"))
    operation = client.create_sks_cluster(name="vendor", level="starter", version="1.32.6", cni="calico")
    done = client.wait(operation["id"])
    cluster = client.get_sks_cluster(id=done["reference"]["id"])
    assert cluster["state"] == "running" and cluster["name"] == "vendor"
    medium = next(item for item in client.list_instance_types()["instance-types"] if item["size"] == "medium")
    done = client.wait(
        client.create_sks_nodepool(
            id=cluster["id"], name="w", size=1, disk_size=20, instance_type={"id": medium["id"]}
        )["id"]
    )
    kubeconfig = client.generate_sks_cluster_kubeconfig(
        id=cluster["id"], user="admin", groups=["system:masters"], ttl=60
    )
    assert b"kind: Config" in base64.b64decode(kubeconfig["kubeconfig"])
    with pytest.raises(Exception, match="400"):
        client.create_sks_cluster(name="bad", level="gold", version="1.32.6")


# --- explicit actions, node settings, audit --------------------------------------------------------------------


def _medium(api):
    return next(
        item["id"]
        for item in api.call("GET", "/instance-type")[1]["instance-types"]
        if item["family"] == "standard" and item["size"] == "medium"
    )


def _create_pool(api, cluster_id, **body):
    body = dict({"name": "workers", "size": 3, "disk-size": 50, "instance-type": {"id": _medium(api)}}, **body)
    status, operation = api.call("POST", "/sks-cluster/%s/nodepool" % cluster_id, body)
    assert status == 200, operation
    api.advance(9)
    return "/sks-cluster/%s/nodepool/%s" % (cluster_id, operation["reference"]["id"])


@pytest.mark.parametrize(
    "path, busy_state",
    [
        ("rotate-ccm-credentials", "rotating-ccm-credentials"),
        ("rotate-csi-credentials", "rotating-csi-credentials"),
        ("rotate-karpenter-credentials", "rotating-karpenter-credentials"),
        ("rotate-operators-ca", "updating"),
    ],
)
def test_credential_rotations_answer_an_operation_in_the_spec_state(api, path, busy_state):
    cluster_id = api.create_cluster()
    status, operation = api.call("PUT", "/sks-cluster/%s/%s" % (cluster_id, path))
    assert status == 200 and operation["state"] == "pending"
    assert operation["reference"] == {
        "id": cluster_id,
        "link": "/v2/sks-cluster/%s" % cluster_id,
        "command": "rotate-sks-%s" % path.replace("rotate-", ""),
    }
    assert api.call("GET", "/sks-cluster/%s" % cluster_id)[1]["state"] == busy_state
    status, answer = api.call("PUT", "/sks-cluster/%s/%s" % (cluster_id, path))
    assert status == 409 and "busy" in answer["message"]
    api.advance(4)
    assert api.call("GET", "/operation/%s" % operation["id"])[1]["state"] == "success"
    assert api.call("GET", "/sks-cluster/%s" % cluster_id)[1]["state"] == "running"
    assert api.call("PUT", "/sks-cluster/%s/%s" % (VALID_UUID, path), check_schema=False)[0] == 404


def test_evicting_members_shrinks_the_node_pool(api):
    cluster_id = api.create_cluster()
    pool_path = _create_pool(api, cluster_id, **{"instance-prefix": "wk"})
    pool = api.call("GET", pool_path)[1]
    status, listing = api.call(
        "GET", "/instance", query="manager-id=%s&manager-type=instance-pool" % pool["instance-pool"]["id"]
    )
    members = listing["instances"]
    assert status == 200 and len(members) == 3
    assert all(item["name"].startswith("wk-") and item["manager"]["type"] == "instance-pool" for item in members)
    status, answer = api.call("PUT", pool_path + ":evict", {"instances": [VALID_UUID]})
    assert status == 400 and "not member" in answer["message"]
    status, answer = api.call("PUT", pool_path + ":evict", {"instances": []})
    assert status == 400
    status, operation = api.call("PUT", pool_path + ":evict", {"instances": [members[0]["id"]]})
    assert status == 200 and operation["reference"]["command"] == "evict-sks-nodepool-members"
    assert api.call("GET", pool_path)[1]["state"] == "scaling"
    api.advance(5)
    pool = api.call("GET", pool_path)[1]
    assert pool["size"] == 2 and pool["state"] == "running"
    left = api.call("GET", "/instance", query="manager-id=%s" % pool["instance-pool"]["id"])[1]["instances"]
    assert [item["id"] for item in left] == [item["id"] for item in members[1:]]


def test_members_follow_the_size_and_go_with_the_node_pool(api):
    cluster_id = api.create_cluster()
    pool_path = _create_pool(api, cluster_id, size=2)
    pool_ref = api.call("GET", pool_path)[1]["instance-pool"]["id"]
    query = "manager-id=%s" % pool_ref
    assert len(api.call("GET", "/instance", query=query)[1]["instances"]) == 2
    api.call("PUT", pool_path + ":scale", {"size": 4})
    api.advance(5)
    assert len(api.call("GET", "/instance", query=query)[1]["instances"]) == 4
    api.call("DELETE", pool_path)
    api.advance(5)
    assert api.call("GET", "/instance", query=query)[1]["instances"] == []


def test_node_settings_and_deploy_targets(api):
    cluster_id = api.create_cluster()
    targets = api.call("GET", "/deploy-target")[1]["deploy-targets"]
    assert {target["type"] for target in targets} == {"dedicated", "edge"}
    status, answer = api.call(
        "POST",
        "/sks-cluster/%s/nodepool" % cluster_id,
        {
            "name": "w",
            "size": 1,
            "disk-size": 20,
            "instance-type": {"id": _medium(api)},
            "deploy-target": {"id": VALID_UUID},
        },
    )
    assert status == 400 and "Invalid deploy target" in answer["message"]
    gc = {"high-threshold": 90, "low-threshold": 70, "min-age": "5m"}
    pool_path = _create_pool(
        api,
        cluster_id,
        **{"public-ip-assignment": "dual", "kubelet-image-gc": gc, "deploy-target": {"id": targets[0]["id"]}},
    )
    pool = api.call("GET", pool_path)[1]
    assert pool["public-ip-assignment"] == "dual" and pool["kubelet-image-gc"] == gc
    assert pool["deploy-target"] == {"id": targets[0]["id"]}
    status, _operation = api.call("PUT", pool_path, {"deploy-target": None, "public-ip-assignment": "inet4"})
    assert status == 200
    api.advance(3)
    pool = api.call("GET", pool_path)[1]
    assert "deploy-target" not in pool and pool["public-ip-assignment"] == "inet4"
    assert api.call("PUT", pool_path, {"public-ip-assignment": "ipv6"})[0] == 400


def test_the_audit_bearer_token_is_write_only(api, app):
    from mockcloud.context import state  # pylint: disable=import-outside-toplevel

    cluster_id = api.create_cluster(
        audit={"endpoint": "https://audit.example.com", "bearer-token": "first-token-value"},
        **{"create-default-security-group": True, "feature-gates": ["B", "A"], "enable-kube-proxy": False},
    )
    cluster = api.call("GET", "/sks-cluster/%s" % cluster_id)[1]
    assert cluster["audit"] == {"endpoint": "https://audit.example.com", "enabled": True, "initial-backoff": "10s"}
    assert "first-token-value" not in json.dumps(cluster)
    assert cluster["default-security-group-id"] and cluster["enable-kube-proxy"] is False
    tokens = state(app).store.collection("sks", "audit-tokens")
    assert tokens.get(cluster_id)["bearer-token"] == "first-token-value"
    status, _operation = api.call(
        "PUT", "/sks-cluster/%s" % cluster_id, {"audit": {"enabled": False}, "feature-gates": None}
    )
    assert status == 200
    api.advance(3)
    cluster = api.call("GET", "/sks-cluster/%s" % cluster_id)[1]
    assert cluster["audit"]["enabled"] is False and cluster["audit"]["endpoint"] == "https://audit.example.com"
    assert cluster["feature-gates"] == []
    status, answer = api.call(
        "POST",
        "/sks-cluster",
        {"name": "c2", "level": "pro", "version": "1.33.2", "audit": {"endpoint": "https://a.example.com"}},
    )
    assert status == 400, answer
