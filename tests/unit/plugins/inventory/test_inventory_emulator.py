# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory plugins' node pools and regions against the emulator run in-process (the vendors' paths and
answers, checked against their contracts by the emulator's frame)."""

from __future__ import annotations

import importlib

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import client as eks_client
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei.cloud import CLOUD as HUAWEI
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks import client as sks_client

PACKAGE = "ansible_collections.managedk8s.clusters.plugins"

pytest.importorskip("flask")


def plugin(name, **options):
    module = importlib.import_module("%s.inventory.%s" % (PACKAGE, name))
    instance = module.InventoryModule()
    instance.get_option = options.get
    return instance


@pytest.fixture
def emulator(start_mockcloud):
    clouds = importlib.import_module("mockcloud.clouds")
    extra = [importlib.import_module("%s.%s" % (clouds.__name__, name)).CLOUD for name in ("eks", "sks", "huawei")]
    return start_mockcloud(extra_clouds=extra, discover=False, config={"speed": 200})


def connection(emulator, cloud, **extra):
    from mockcloud.credentials import for_cloud  # pylint: disable=import-outside-toplevel

    params = dict(
        for_cloud(cloud),
        endpoint=emulator.cloud_url(cloud),
        validate_certs=True,
        ca_path=None,
        request_timeout=10,
        retries=1,
    )
    params.update(extra)
    return params


def test_eks_node_pools_are_read_from_list_and_describe_nodegroup(emulator):
    emulator.admin.seed("eks", count=1, region="us-east-1", prefix="web")
    client = eks_client.client_from_params(
        connection(emulator, "eks", session_token=None, profile=None, region="us-east-1")
    )
    role = "arn:aws:iam::123456789012:role/eks-node-role"
    for name, size in (("workers", 3), ("gpu", 1)):
        client.create_nodegroup(
            "web-00000",
            {
                "nodegroupName": name,
                "nodeRole": role,
                "subnets": ["subnet-01"],
                "scalingConfig": {"minSize": 0, "maxSize": 5, "desiredSize": size},
            },
        )
    record = client.describe_cluster("web-00000")
    pools = plugin("eks", nodegroups=True).cluster_nodepools(client, record)
    assert sorted(pools, key=lambda pool: pool["name"]) == [{"name": "gpu", "size": 1}, {"name": "workers", "size": 3}]


def test_sks_node_pools_come_with_the_cluster_list(emulator):
    emulator.admin.seed("sks", count=1, nodepools=2)
    client = sks_client.client_from_params(connection(emulator, "sks", zone="ch-gva-2"))
    emulator.admin.clear_log()
    (record,) = client.list_clusters()
    pools = plugin("sks").cluster_nodepools(client, record)
    assert len(pools) == 2 and all(pool["name"] and isinstance(pool["size"], int) for pool in pools)
    assert len(emulator.admin.log(cloud="sks")) == 1, "no call beyond the list"


def test_huawei_region_given_only_by_hw_region_name_is_the_hosts_region(emulator, monkeypatch):
    monkeypatch.setenv("HW_REGION_NAME", "ap-southeast-1")
    params = connection(emulator, "huawei", enterprise_project_id=None)
    params.pop("region", None)
    client = HUAWEI.client(params)
    assert plugin("huawei_multicloud").location_of(client, None, params) == "ap-southeast-1"
