# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKS tasks against the emulator: the info and kubeconfig flows, and the wiring of the cluster task."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError, ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks import tasks


def sks_requests(emulator, method=None):
    return [(entry["method"], entry["template"]) for entry in emulator.admin.log(cloud="sks", method=method)]


def test_cluster_info_checks_the_id_before_any_call(emulator):
    with pytest.raises(InputError, match="is not an SKS cluster id"):
        tasks.cluster_info({"id": "c1", "name": None, "include_deprecated_versions": False})
    assert sks_requests(emulator) == []


def connection(emulator):
    from mockcloud.credentials import for_cloud  # pylint: disable=import-outside-toplevel

    credentials = for_cloud("sks")
    return {
        "endpoint": emulator.cloud_url("sks"),
        "zone": "ch-gva-2",
        "api_key": credentials["api_key"],
        "api_secret": credentials["api_secret"],
        "validate_certs": True,
        "request_timeout": 10,
    }


def test_cluster_info_lists_the_clusters_and_the_versions(emulator):
    seeded = emulator.admin.seed("sks", count=1, name="seeded")["seeded"][0]
    result = tasks.cluster_info(dict(connection(emulator), id=None, name="seeded", include_deprecated_versions=False))
    assert not result["changed"]
    assert [cluster["id"] for cluster in result["clusters"]] == [seeded]
    assert result["clusters"][0]["zone"] == "ch-gva-2"
    assert result["versions"][0] == "1.33.2"


def cluster_params(emulator, **params):
    return dict(
        connection(emulator),
        **dict(
            {
                "state": "present",
                "id": None,
                "name": "c1",
                "description": None,
                "labels": None,
                "level": "starter",
                "cni": None,
                "auto_upgrade": None,
                "oidc": None,
                "addons": None,
                "version": None,
                "delete_nodepools": False,
                "wait": True,
                "wait_timeout": 30,
            },
            **params,
        ),
    )


def test_cluster_checks_before_any_call_and_plans_in_check_mode(emulator):
    with pytest.raises(InputError, match="version must look like 1.31.2"):
        tasks.cluster(cluster_params(emulator, version="1.31"))
    assert sks_requests(emulator) == []
    planned = tasks.cluster(cluster_params(emulator), check_mode=True)
    assert planned["changed"] and planned["diff"]["after"]["level"] == "starter"
    assert all(method == "GET" for method, _template in sks_requests(emulator))


def test_nodepool_refuses_an_unknown_instance_type(emulator):
    emulator.admin.seed("sks", count=1, name="c1")
    params = dict(
        connection(emulator),
        state="present",
        cluster="c1",
        name="workers",
        description=None,
        instance_type="standard.colossal",
        size=1,
        disk_size=20,
        labels=None,
        taints=None,
        security_groups=None,
        anti_affinity_groups=None,
        private_networks=None,
        instance_prefix=None,
        wait=True,
        wait_timeout=30,
    )
    with pytest.raises(InputError, match="'standard.colossal' is not an instance type of zone ch-gva-2"):
        tasks.nodepool(params)


def test_kubeconfig_cluster_id(client, emulator):
    cluster = {"id": emulator.admin.seed("sks", count=1, name="c1")["seeded"][0]}
    emulator.admin.clear_log()
    assert tasks.kubeconfig_cluster_id(client, cluster["id"]) == cluster["id"]
    assert sks_requests(emulator) == []
    assert tasks.kubeconfig_cluster_id(client, "c1") == cluster["id"]
    with pytest.raises(ResourceError, match="no SKS cluster 'c2'"):
        tasks.kubeconfig_cluster_id(client, "c2")
