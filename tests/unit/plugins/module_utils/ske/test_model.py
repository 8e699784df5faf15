# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE model: the create payload, the cluster in option names, the default API version."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.ske import model

CLUSTER_ID = "70a599e031e749b7b260868f441e862b"


# --- payloads and state ---------------------------------------------------------------------------------------


def test_create_payload_maps_options_and_tags():
    desired = {
        "name": "c1",
        "kubernetes_version": "v1.31.8",
        "vpc_id": "v",
        "subnet_id": "s",
        "volume_id": "vol",
        "security_group_id_list": ["sg1"],
        "cloud_logging_enabled": True,
    }
    body = model.create_payload(desired, {"team": "web", "env": None})
    assert body == dict(
        desired,
        service_watch_logging_enabled=False,
        tags=[{"key": "env", "value": ""}, {"key": "team", "value": "web"}],
    )


def test_cluster_state_and_info_from_a_show_answer():
    cluster = {
        "id": CLUSTER_ID,
        "name": "c1",
        "status": "RUNNING",
        "kubernetes_version": "v1.31.8",
        "vpc": {"id": "v", "name": "vpc-v"},
        "subnet": {"id": "s", "name": "n"},
        "volume": {"id": "vol", "name": "n"},
        "security_group_list": [{"id": "sg1", "name": "a"}, {"id": "sg2", "name": "b"}],
        "cloud_logging_enabled": False,
        "service_watch_logging_enabled": True,
        "public_endpoint_access_control_ip": None,
        "private_endpoint_url": "https://p:6443",
        "node_count": 3,
    }
    state = model.cluster_state(cluster)
    assert state == {
        "id": CLUSTER_ID,
        "name": "c1",
        "status": "RUNNING",
        "kubernetes_version": "v1.31.8",
        "vpc_id": "v",
        "subnet_id": "s",
        "volume_id": "vol",
        "security_group_id_list": ["sg1", "sg2"],
        "cloud_logging_enabled": False,
        "service_watch_logging_enabled": True,
    }
    info = model.cluster_info(cluster)
    assert info["private_endpoint_url"] == "https://p:6443" and info["node_count"] == 3


def test_summary_state_uses_subnet_id():
    assert model.cluster_state({"id": "x", "subnet_id": "s"})["subnet_id"] == "s"


def test_one_default_api_version():
    assert model.DEFAULT_API_VERSION == "ske " + model.LATEST_API_VERSION == "ske 1.3"
    assert model.LATEST_API_VERSION in model.API_VERSIONS and model.LATEST_API_VERSION in model.KUBECONFIG_API_VERSIONS


def test_api_version_text_is_not_checked():
    assert model.api_version_text(" SKE v1.2 ") == "1.2"
    assert model.api_version_text(None) == ""


def test_cluster_status():
    assert model.cluster_status({"status": "RUNNING"}) == "RUNNING"
    assert model.cluster_status(None) is None
