# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Kubernetes API the OKS emulator serves for each cluster (clouds/oks_k8s.py), over its TLS listener:
client certificates checked as kube-apiserver does, NodePool objects (create, get, list, merge-patch, delete) in the
CRD's shapes and Status errors, nodes that come and go over emulated time, pools gone with their cluster."""

from __future__ import annotations

import base64

import pytest
import requests
import yaml

pytest.importorskip("cryptography")
pytest.importorskip("trustme")

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError  # noqa: E402
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.k8s import (  # noqa: E402
    KubeClient,
    object_path,
)
from mockcloud.clouds import oks as oks_cloud, oks_certs, oks_k8s  # noqa: E402  pylint: disable=wrong-import-position
from mockcloud.credentials import for_cloud  # noqa: E402  pylint: disable=wrong-import-position

API = "/oks/api/v2"
CREDS = for_cloud("oks")
KEYS = {"AccessKey": CREDS["access_key"], "SecretKey": CREDS["secret_key"]}
POOLS = object_path("oks.dev/v1beta2", "nodepools")


@pytest.fixture(autouse=True)
def no_proxy_for_loopback(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def emulator(start_mockcloud):
    server = start_mockcloud(extra_clouds=[oks_cloud.CLOUD, oks_k8s.CLOUD], config={"speed": 1}, discover=False)
    yield server
    found = server.app.extensions.get(oks_k8s.EXTENSION)
    if found is not None:
        found.stop()


def advance(emulator, seconds):
    emulator.admin.advance(seconds)


def ready_cluster(emulator, name="c1", project="p1", cidr="10.50.0.0/16"):
    base = emulator.cloud_url("oks")
    created = requests.post(
        base + "/projects", json={"name": project, "cidr": cidr, "region": "eu-west-2"}, headers=KEYS
    )
    assert created.status_code == 200, created.text
    advance(emulator, 60)
    body = {
        "name": name,
        "project_id": created.json()["Project"]["id"],
        "version": "1.30",
        "cidr_pods": "10.91.0.0/16",
        "cidr_service": "10.92.0.0/16",
        "admin_whitelist": ["203.0.113.0/24"],
    }
    cluster = requests.post(base + "/clusters", json=body, headers=KEYS)
    assert cluster.status_code == 200, cluster.text
    advance(emulator, 600)
    return cluster.json()["Cluster"]


def kubeconfig(emulator, cluster_id, ttl="1h"):
    answer = requests.get(
        emulator.cloud_url("oks") + "/clusters/%s/kubeconfig?ttl=%s" % (cluster_id, ttl), headers=KEYS
    )
    assert answer.status_code == 200, answer.text
    return yaml.safe_load(answer.json()["Cluster"]["data"]["kubeconfig"])


def pool(name="workers", **spec):
    body = {"apiVersion": "oks.dev/v1beta2", "kind": "NodePool", "metadata": {"name": name}}
    body["spec"] = dict({"desiredNodes": 2, "nodeType": "tinav6.c2r4p3", "zones": ["eu-west-2a"]}, **spec)
    return body


def test_the_kubeconfig_points_at_the_clusters_api_over_tls(emulator):
    cluster = ready_cluster(emulator)
    config = kubeconfig(emulator, cluster["id"])
    server = config["clusters"][0]["cluster"]["server"]
    assert server.startswith("https://127.0.0.1:") and server.endswith("/oks-k8s/" + cluster["id"])
    with KubeClient(config) as client:
        assert client.list(POOLS) == []
        files = list(client._files)  # pylint: disable=protected-access
        assert files and all(oct(__import__("os").stat(path).st_mode & 0o777) == "0o600" for path in files)
    assert not any(__import__("os").path.exists(path) for path in files)
    # The listener's certificate is not trusted without the kubeconfig's CA.
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(server + POOLS, timeout=5)


def test_client_certificates_are_checked_as_kube_apiserver_does(emulator):
    first, second = ready_cluster(emulator), ready_cluster(emulator, name="c2", project="p2", cidr="10.60.0.0/16")
    config = kubeconfig(emulator, first["id"])
    other = kubeconfig(emulator, second["id"])
    # Another cluster's certificate, for this cluster's server: 401 Status.
    config_with_other_user = dict(config, users=other["users"])
    config_with_other_user["contexts"] = [
        {"name": "x", "context": {"cluster": config["clusters"][0]["name"], "user": other["users"][0]["name"]}}
    ]
    config_with_other_user["current-context"] = "x"
    for bad in (config_with_other_user,):
        with KubeClient(bad, retries=0) as client, pytest.raises(ApiError) as refused:
            client.list(POOLS)
        assert refused.value.status == 401 and refused.value.code == "Unauthorized"
    # An expired certificate of this cluster: 401 too.
    certificate, key = oks_certs.client_certificate(first["id"], "admin", "admins", -30)
    expired = dict(config)
    expired["users"] = [
        {
            "name": config["users"][0]["name"],
            "user": {
                "client-certificate-data": base64.b64encode(certificate).decode(),
                "client-key-data": base64.b64encode(key).decode(),
            },
        }
    ]
    with KubeClient(expired, retries=0) as client, pytest.raises(ApiError) as refused:
        client.get(POOLS + "/workers")
    assert refused.value.status == 401
    # No certificate at all.
    anonymous = dict(config, users=[{"name": config["users"][0]["name"], "user": {}}])
    with KubeClient(anonymous, retries=0) as client, pytest.raises(ApiError) as refused:
        client.list(POOLS)
    assert refused.value.status == 401


def test_node_pools_move_over_time_and_answer_in_kubernetes_shapes(emulator):
    cluster = ready_cluster(emulator)
    with KubeClient(kubeconfig(emulator, cluster["id"]), retries=0) as client:
        created = client.create(POOLS, pool())
        assert created["metadata"]["generation"] == 1 and created["spec"]["autoHealing"] is True
        assert created["status"]["progress"]["pending"] == 2 and created["status"]["state"]["name"] == "reconciliation"
        with pytest.raises(ApiError) as conflict:
            client.create(POOLS, pool())
        assert conflict.value.status == 409 and conflict.value.code == "AlreadyExists"
        assert 'nodepools.oks.dev "workers" already exists' in conflict.value.message

        advance(emulator, oks_k8s.NODE_BOOT + oks_k8s.NODE_JOIN)
        ready = client.get(POOLS + "/workers")
        assert ready["status"]["progress"]["ready"] == 2 and ready["status"]["state"]["name"] == "idle"
        nodes = client.list("/api/v1/nodes", {"labelSelector": "oks.dev/nodepool=workers"})
        assert len(nodes) == 2 and all(node["status"]["conditions"][0]["status"] == "True" for node in nodes)

        scaled = client.merge_patch(POOLS + "/workers", {"spec": {"desiredNodes": 3}})
        assert scaled["metadata"]["generation"] == 2 and scaled["status"]["progress"]["pending"] == 1
        advance(emulator, oks_k8s.NODE_BOOT + oks_k8s.NODE_JOIN)
        assert client.get(POOLS + "/workers")["status"]["progress"]["ready"] == 3

        down = client.merge_patch(POOLS + "/workers", {"spec": {"desiredNodes": 1}})
        assert down["status"]["progress"]["stopping"] == 2
        advance(emulator, oks_k8s.NODE_DRAIN)
        assert client.get(POOLS + "/workers")["status"]["progress"] == {
            "attached": 1,
            "pending": 0,
            "ready": 1,
            "running": 1,
            "shutting_down": 0,
            "stopped": 0,
            "stopping": 0,
        }

        deleting = client.http.delete(POOLS + "/workers").json
        assert deleting["metadata"]["deletionTimestamp"] and deleting["status"]["state"]["name"] == "reconciliation"
        assert client.get(POOLS + "/workers") is not None
        advance(emulator, oks_k8s.NODE_DRAIN)
        assert client.get(POOLS + "/workers") is None
        assert client.delete(POOLS + "/workers") is False
        with pytest.raises(ApiError) as missing:
            client.merge_patch(POOLS + "/workers", {"spec": {"desiredNodes": 1}})
        assert missing.value.status == 404 and missing.value.code == "NotFound"


@pytest.mark.parametrize(
    ("spec", "field", "words"),
    [
        ({"desiredNodes": "2"}, "spec.desiredNodes", "must be of type integer"),
        ({"nodeType": "huge.machine"}, "spec.nodeType", "does not match"),
        ({"zones": []}, "spec.zones", "non-empty"),
        ({"desiredNodes": 1, "minNodes": 2}, "spec", "minNodes must be less or equal than desiredNodes"),
        (
            {"volumes": [{"device": "root", "dir": "/data", "type": "gp2", "size": 50}]},
            "spec.volumes[0]",
            "'dir' must be '/'",
        ),
        (
            {"upgradeStrategy": {"autoUpgradeMaintenance": {"weekDay": "Monday"}}},
            "spec.upgradeStrategy",
            "is not one of",
        ),
    ],
)
def test_objects_that_break_the_crd_are_invalid(emulator, spec, field, words):
    cluster = ready_cluster(emulator)
    with KubeClient(kubeconfig(emulator, cluster["id"]), retries=0) as client:
        with pytest.raises(ApiError) as refused:
            client.create(POOLS, pool(**spec))
    assert refused.value.status == 422 and refused.value.code == "Invalid"
    assert words in refused.value.message and any(cause["field"].startswith(field) for cause in refused.value.details)


def test_a_patch_must_be_a_merge_patch(emulator):
    cluster = ready_cluster(emulator)
    with KubeClient(kubeconfig(emulator, cluster["id"]), retries=0) as client:
        client.create(POOLS, pool())
        with pytest.raises(ApiError) as refused:
            client.http.patch(POOLS + "/workers", json={"spec": {"desiredNodes": 1}})
    assert refused.value.status == 415 and refused.value.code == "UnsupportedMediaType"


def test_a_deleted_cluster_takes_its_node_pools_and_its_api_server(emulator):
    cluster = ready_cluster(emulator)
    config = kubeconfig(emulator, cluster["id"])
    with KubeClient(config, retries=0) as client:
        client.create(POOLS, pool())
    assert len(emulator.state.store.collection("oks_k8s", "nodepools")) == 1
    assert requests.delete(emulator.cloud_url("oks") + "/clusters/" + cluster["id"], headers=KEYS).status_code == 200
    advance(emulator, 600)
    assert len(emulator.state.store.collection("oks_k8s", "nodepools")) == 0
    with KubeClient(config, retries=0) as client, pytest.raises(ApiError) as gone:
        client.list(POOLS)
    assert gone.value.status == 404
