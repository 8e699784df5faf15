# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OKS node pools end to end against the emulator (the OKS API and each cluster's Kubernetes API over TLS):
tasks.nodepool (create from the template, idempotence, scale, refused changes, delete, check mode, lost creates,
a kubeconfig file), bad input before any call, and tasks.cluster_info with nodepools."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.kubeconfig import certificate_not_after
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import known_secrets
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import ReplaceRefused, ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import adapters as res, client as oks, tasks

pytest.importorskip("nacl")
pytest.importorskip("cryptography")
pytest.importorskip("trustme")

SPEED = 400
NODEPOOL_KEYS = (
    "name",
    "cluster_id",
    "cluster_name",
    "project_id",
    "project_name",
    "kubeconfig",
    "desired_nodes",
    "node_type",
    "zones",
    "volumes",
    "upgrade_strategy",
    "auto_healing",
    "autoscaling",
    "min_nodes",
    "max_nodes",
    "node_labels",
)


@pytest.fixture(autouse=True)
def no_proxy_for_loopback(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture(autouse=True)
def fast_waits(monkeypatch):
    monkeypatch.setattr(res.Waits, "first_delay", 0.02)
    monkeypatch.setattr(res.Waits, "max_delay", 0.1)


@pytest.fixture
def emulator(start_mockcloud):
    from mockcloud.clouds import oks as oks_cloud, oks_k8s  # pylint: disable=import-outside-toplevel

    server = start_mockcloud(extra_clouds=[oks_cloud.CLOUD, oks_k8s.CLOUD], config={"speed": SPEED}, discover=False)
    yield server
    found = server.app.extensions.get(oks_k8s.EXTENSION)
    if found is not None:
        found.stop()


def connection(emulator):
    from mockcloud.credentials import for_cloud  # pylint: disable=import-outside-toplevel

    creds = for_cloud("oks")
    params = dict.fromkeys(("username", "password", "access_token", "refresh_token", "otp_code", "profile", "ca_path"))
    params.update(
        endpoint=emulator.cloud_url("oks"),
        access_key=creds["access_key"],
        secret_key=creds["secret_key"],
        region="eu-west-2",
        validate_certs=True,
        request_timeout=10,
    )
    return params


def params(emulator, state="present", **options):
    values = connection(emulator)
    values.update(dict.fromkeys(NODEPOOL_KEYS))
    values.update(state=state, wait=True, wait_timeout=60, encrypt=True, project_name="p1", cluster_name="c1")
    values.update(options)
    return values


@pytest.fixture
def cluster(emulator):
    client = oks.client_from_params(connection(emulator))
    project = client.create_project({"name": "p1", "cidr": "10.50.0.0/16", "region": "eu-west-2"})
    res.Waits(client, 60).project(project)
    record = client.create_cluster(
        {
            "name": "c1",
            "project_id": project["id"],
            "version": "1.30",
            "cidr_pods": "10.91.0.0/16",
            "cidr_service": "10.92.0.0/16",
            "admin_whitelist": ["203.0.113.0/24"],
        }
    )
    return res.Waits(client, 60).cluster(record)


def writes(emulator, cloud="oks_k8s"):
    return [
        (entry["method"], entry["template"])
        for entry in emulator.admin.log(cloud=cloud)
        if entry["method"] not in ("GET",)
    ]


def test_create_from_the_template_then_idempotent_scale_refuse_and_delete(emulator, cluster):
    planned = tasks.nodepool(params(emulator, name="workers", zones=["eu-west-2a"]), check_mode=True)
    assert planned["changed"] and planned["diff"]["after"]["zones"] == ["eu-west-2a"]
    assert writes(emulator) == []

    created = tasks.nodepool(params(emulator, name="workers", zones=["eu-west-2a"], node_labels={"role": "worker"}))
    pool = created["nodepool"]
    assert created["changed"] and created["cluster_id"] == cluster["id"]
    # The template's values (desiredNodes "2" as a string in the OKS API, nodeType, upgradeStrategy) fill the rest.
    assert pool["desired_nodes"] == 2 and pool["node_type"] == "tinav6.c2r4p3" and pool["nodes_ready"] == 2
    assert pool["upgrade_strategy"]["auto_upgrade_maintenance"] == {
        "duration_hours": 1,
        "start_hour": 12,
        "week_day": "Tue",
    }
    assert pool["status"] == "idle" and pool["node_labels"] == {"role": "worker"}
    assert writes(emulator) == [("POST", "/<cluster_id>/apis/oks.dev/v1beta2/nodepools")]
    # No key material in the result, and what the task learned is registered for redaction.
    assert "PRIVATE KEY" not in repr(created) and any("PRIVATE KEY" in value for value in known_secrets())

    emulator.admin.clear_log()
    again = tasks.nodepool(params(emulator, name="workers", zones=["eu-west-2a"], node_labels={"role": "worker"}))
    assert not again["changed"] and writes(emulator) == []
    assert [entry["template"] for entry in emulator.admin.log(cloud="oks_k8s")] == [
        "/<cluster_id>/apis/oks.dev/v1beta2/nodepools/<name>"
    ]

    scale = params(emulator, name="workers", desired_nodes=3, node_labels={}, upgrade_strategy={"max_surge": 1})
    planned = tasks.nodepool(scale, check_mode=True)
    assert planned["changed"] and planned["diff"]["after"]["desired_nodes"] == 3
    assert planned["diff"]["after"]["upgrade_strategy"]["max_unavailable"] == 1
    assert writes(emulator) == []
    scaled = tasks.nodepool(scale)
    assert scaled["changed"] and scaled["nodepool"]["nodes_ready"] == 3 and scaled["nodepool"]["node_labels"] == {}
    assert scaled["nodepool"]["upgrade_strategy"]["max_surge"] == 1 and scaled["nodepool"]["generation"] == 2
    assert writes(emulator) == [("PATCH", "/<cluster_id>/apis/oks.dev/v1beta2/nodepools/<name>")]

    emulator.admin.clear_log()
    with pytest.raises(ReplaceRefused) as refused:
        tasks.nodepool(params(emulator, name="workers", node_type="tinav6.c4r8p2", zones=["eu-west-2b"]))
    assert set(refused.value.details["refused"]) == {"node_type", "zones"}
    assert "node_type" in str(refused.value) and "zones" in str(refused.value) and writes(emulator) == []

    deleted = tasks.nodepool(params(emulator, state="absent", name="workers"))
    assert deleted["changed"] and deleted["nodepool"] == {}
    assert writes(emulator) == [("DELETE", "/<cluster_id>/apis/oks.dev/v1beta2/nodepools/<name>")]
    assert not tasks.nodepool(params(emulator, state="absent", name="workers"))["changed"]


def test_a_lost_create_is_adopted_and_not_sent_twice(emulator, cluster):
    emulator.admin.once({"cloud": "oks_k8s", "method": "POST", "path_regex": "/nodepools$", "kind": "reset_after"})
    created = tasks.nodepool(params(emulator, name="workers", zones=["eu-west-2a"], desired_nodes=1))
    assert created["changed"] and created["nodepool"]["nodes_ready"] == 1
    assert writes(emulator) == [("POST", "/<cluster_id>/apis/oks.dev/v1beta2/nodepools")]


def test_a_kubeconfig_file_needs_no_oks_call(emulator, cluster, tmp_path):
    client = oks.client_from_params(connection(emulator))
    path = tmp_path / "kubeconfig"
    path.write_text(client.kubeconfig(cluster["id"], encrypt=False))
    emulator.admin.clear_log()
    options = params(emulator, name="files", kubeconfig=str(path), desired_nodes=1)
    options.update(access_key=None, secret_key=None, cluster_name=None, project_name=None)
    # Without the template, node_type and zones must be given (the CRD requires nodeType, oks-cli a zone).
    with pytest.raises(InputError, match="node_type: required to create node pool 'files'"):
        tasks.nodepool(options, check_mode=True)
    options.update(node_type="tinav6.c2r4p3")
    with pytest.raises(InputError, match="zones: required to create node pool 'files'"):
        tasks.nodepool(options)
    assert writes(emulator) == []
    created = tasks.nodepool(dict(options, zones=["eu-west-2c"]))
    assert created["changed"] and created["nodepool"]["nodes_ready"] == 1 and created["cluster_id"] is None
    assert emulator.admin.log(cloud="oks") == []
    # Without the template, the Kubernetes API's defaults apply (no upgrade strategy).
    assert created["nodepool"]["upgrade_strategy"] is None and created["nodepool"]["auto_healing"] is True


def test_cluster_info_lists_the_node_pools(emulator, cluster):
    tasks.nodepool(params(emulator, name="workers", zones=["eu-west-2a"], desired_nodes=1))
    info = dict(connection(emulator), cluster_id=cluster["id"], nodepools=True, include=None)
    info.update(dict.fromkeys(("name", "project_id", "project_name", "status", "version")))
    found = tasks.cluster_info(info)["clusters"][0]["nodepools"]
    assert [(pool["name"], pool["desired_nodes"], pool["nodes_ready"]) for pool in found] == [("workers", 1, 1)]
    info["nodepools"] = False
    assert "nodepools" not in tasks.cluster_info(info)["clusters"][0]


def test_a_missing_cluster(emulator):
    with pytest.raises(ResourceError, match="no cluster named 'c1' exists"):
        tasks.nodepool(params(emulator, name="workers"))
    assert not tasks.nodepool(params(emulator, state="absent", name="workers"))["changed"]


@pytest.mark.parametrize(
    "options, message",
    [
        ({"name": "Workers"}, "name: 'Workers' is not a valid Kubernetes object name"),
        ({"name": "w", "cluster_name": None}, "cluster_name: name the cluster"),
        ({"name": "w", "node_type": "tinav9.c2r4"}, "node_type: 'tinav9.c2r4'"),
        ({"name": "w", "zones": []}, "zones: give at least one subregion"),
        ({"name": "w", "desired_nodes": 5001}, "desired_nodes: 5001 is out of range"),
        ({"name": "w", "desired_nodes": 1, "min_nodes": 2}, "min_nodes: 2 is above desired_nodes 1"),
        ({"name": "w", "autoscaling": True}, "autoscaling: needs max_nodes above 0"),
        (
            {"name": "w", "volumes": [{"device": "root", "dir": "/data", "type": "gp2", "size": 10}]},
            "volumes\\[0\\]: dir must be '/' for the root device",
        ),
        (
            {"name": "w", "volumes": [{"device": "xvdb", "dir": "/d", "type": "gp2", "size": 10, "iops": 100}]},
            "volumes\\[0\\].iops: only io1 volumes take iops",
        ),
        (
            {"name": "w", "upgrade_strategy": {"auto_upgrade_maintenance": {"duration_hours": 0}}},
            "upgrade_strategy.auto_upgrade_maintenance.duration_hours: 0 is out of range",
        ),
        ({"name": "w", "node_labels": {"Bad Key": "x"}}, "node_labels: 'Bad Key' is not a valid label name"),
    ],
)
def test_bad_input_is_refused_before_any_call(emulator, monkeypatch, options, message):
    from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.cloud import CLOUD  # pylint: disable=import-outside-toplevel

    def refuse(params, warn=None):
        raise AssertionError("a client was built for input that should have been refused")

    monkeypatch.setattr(CLOUD, "client_factory", refuse)
    with pytest.raises(InputError, match=message):
        tasks.nodepool(params(emulator, **options))


def test_the_work_kubeconfig_is_short_lived_and_not_written(emulator, cluster, tmp_path, monkeypatch):
    client = oks.client_from_params(connection(emulator))
    config = tasks.work_kubeconfig(client, cluster["id"])
    assert config["clusters"][0]["cluster"]["server"].endswith("/oks-k8s/" + cluster["id"])
    expires = certificate_not_after(config["users"][0]["user"]["client-certificate-data"])
    left = (expires - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
    assert 3500 < left <= 3600
    monkeypatch.chdir(tmp_path)
    tasks.nodepool(params(emulator, name="workers", zones=["eu-west-2a"], desired_nodes=0))
    assert list(tmp_path.iterdir()) == []


def test_cluster_info_gives_null_node_pools_for_a_cluster_whose_api_does_not_answer_yet(emulator, cluster):
    client = oks.client_from_params(connection(emulator))
    emulator.admin.set_speed(0.001)
    second = client.create_cluster(
        {
            "name": "c2",
            "project_id": cluster["project_id"],
            "version": "1.30",
            "cidr_pods": "10.93.0.0/16",
            "cidr_service": "10.94.0.0/16",
            "admin_whitelist": ["203.0.113.0/24"],
        }
    )
    info = dict(connection(emulator), project_id=cluster["project_id"], nodepools=True, include=None)
    info.update(dict.fromkeys(("cluster_id", "name", "project_name", "status", "version")))
    found = {item["name"]: item["nodepools"] for item in tasks.cluster_info(info)["clusters"]}
    assert found == {"c1": [], "c2": None}
    assert [
        entry for entry in emulator.admin.log(cloud="oks", path_regex="/kubeconfig") if second["id"] in entry["path"]
    ] == []
