# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: huawei_multicloud
short_description: Clusters of Huawei Cloud's multi-cloud cluster registry (HSS) as inventory hosts
version_added: 0.1.0
description:
  - One host per cluster registered in the HSS multi-cloud cluster registry, in one or more regions, grouped by
    provider and region and as O(keyed_groups) and O(groups) say.
  - Every host has the variables C(k8s_provider) (V(huawei)), C(k8s_cluster_id), C(k8s_cluster_name),
    C(k8s_version) (null, as HSS's registry does not return the Kubernetes version of a registered cluster;
    C(huawei_version) is the version of HSS's agent), C(k8s_status) (from the agent's connection status,
    V(creating) for C(not_connect), V(running) for C(connect_success), V(error) for C(connect_fail) and
    C(connect_disruption); C(huawei_status) keeps HSS's own), C(k8s_endpoint) (the cluster's API server),
    C(k8s_region) (the region listed, else O(region) or E(HW_REGION_NAME)), C(k8s_tags) (always empty),
    C(k8s_nodepools) (always empty, the registry knows no node pools), every field of the registry entry prefixed
    with C(huawei_)
    (C(huawei_provider) is where the cluster runs, such as V(aws)), and C(ansible_connection=local) unless
    O(compose) sets another.
  - The configuration file is named C(managedk8s_huawei_multicloud.yml) or C(managedk8s_huawei_multicloud.yaml), or its
    name ends with C(.managedk8s_huawei_multicloud.yml) or C(.managedk8s_huawei_multicloud.yaml) (for example
    C(prod.managedk8s_huawei_multicloud.yml)); other files are left to other plugins.
  - Credentials resolve as in the modules (options, then environment variables, then C(~/.huaweicloud/credentials)).
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  plugin:
    description: The name of this plugin.
    type: str
    required: true
    choices: [managedk8s.clusters.huawei_multicloud]
extends_documentation_fragment:
  - managedk8s.clusters.inventory_huawei
  - managedk8s.clusters.inventory
  - managedk8s.clusters.huawei
  - managedk8s.clusters.common
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
"""

EXAMPLES = r"""
# registry.managedk8s_huawei_multicloud.yml: every registered cluster, grouped by where it runs
plugin: managedk8s.clusters.huawei_multicloud
regions: [cn-north-4]
keyed_groups:
  - key: huawei_provider
    prefix: runs_on

---
# connected.managedk8s_huawei_multicloud.yml: connected clusters of every enterprise project
plugin: managedk8s.clusters.huawei_multicloud
enterprise_project_id: all_granted_eps
statuses: [connect_success]
"""

import re
from urllib.parse import urlsplit

from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.plugin_utils.inventory import ClusterInventory

_HSS_HOST = re.compile(r"^hss\.(?P<region>[a-z0-9-]+)\.")


def endpoint_region(endpoint):
    """cn-north-4 from https://hss.cn-north-4.myhuaweicloud.com; None for any other host."""
    match = _HSS_HOST.match(urlsplit(endpoint or "").hostname or "")
    return match.group("region") if match else None


class InventoryModule(ClusterInventory):
    NAME = "managedk8s.clusters.huawei_multicloud"
    CONFIG_SUFFIX = "managedk8s_huawei_multicloud"
    PROVIDER = "huawei"
    PREFIX = "huawei_"
    LOCATIONS_OPTION = "regions"
    LOCATION_PARAM = "region"
    CLOUD = CLOUD
    EXTRA_PARAMS = ("enterprise_project_id",)
    # the anp-agent connection status of MultiCloudClusterInfo (huaweicloudsdkhss)
    STATUS_MAP = {
        "not_connect": "creating",
        "connect_success": "running",
        "connect_fail": "error",
        "connect_disruption": "error",
    }

    def location_of(self, client, location, params):
        """The region listed, else the client's (the option region or HW_REGION_NAME, as the resolver found it),
        else the one in the endpoint's host name."""
        return (
            location
            or params.get("region")
            or getattr(client, "region", None)
            or endpoint_region(getattr(client, "endpoint", None))
        )

    def list_records(self, client, location):
        page_size = self.get_option("page_size")
        return client.list_clusters(limit=page_size) if page_size else client.list_clusters()

    def cluster_facts(self, record, region):
        return {
            "id": record.get("cluster_id"),
            "name": record.get("cluster_name"),
            "version": None,  # MultiCloudClusterInfo.version is the anp-agent's, not Kubernetes's
            "status": record.get("status"),
            "endpoint": record.get("server"),
            "region": region,
            "tags": record.get("tags"),
            "created": None,  # the registry does not say when a cluster was registered
        }
