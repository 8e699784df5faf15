# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: eks
short_description: AWS EKS clusters as inventory hosts
version_added: 0.1.0
description:
  - One host per EKS cluster, in one or more regions, grouped by provider and region and as O(keyed_groups) and
    O(groups) say.
  - The regions are listed in parallel, and the clusters of each region are described in parallel
    (O(max_workers) calls at once), because EKS lists only names.
  - Every host has the variables C(k8s_provider) (V(eks)), C(k8s_cluster_id) (the ARN), C(k8s_cluster_name),
    C(k8s_version) (such as V(1.33)), C(k8s_status) (V(creating) for C(CREATING) and C(PENDING), V(running) for
    C(ACTIVE), V(updating), V(deleting), V(error) for C(FAILED); C(eks_status) keeps EKS's own), C(k8s_endpoint),
    C(k8s_region), C(k8s_tags), C(k8s_nodepools) (the managed node groups, see O(nodegroups)), every field of the
    DescribeCluster answer prefixed with C(eks_) (camelCase names in snake_case, such as
    C(eks_resources_vpc_config)), and C(ansible_connection=local) unless O(compose) sets another.
  - The configuration file is named C(managedk8s_eks.yml) or C(managedk8s_eks.yaml), or its name ends with
    C(.managedk8s_eks.yml) or C(.managedk8s_eks.yaml) (for example C(prod.managedk8s_eks.yml)); other files are left to other
    plugins.
  - Credentials resolve as in the modules (options, then the AWS environment variables, then the AWS shared files).
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  plugin:
    description: The name of this plugin.
    type: str
    required: true
    choices: [managedk8s.clusters.eks]
  nodegroups:
    description:
      - Read each cluster's managed node groups for C(k8s_nodepools) (their names and desired sizes), with one
        ListNodegroups call per cluster and one DescribeNodegroup call per node group, in parallel.
      - When V(false), C(k8s_nodepools) is an empty list and the listing costs one call per cluster.
    type: bool
    default: true
extends_documentation_fragment:
  - managedk8s.clusters.inventory_eks
  - managedk8s.clusters.inventory
  - managedk8s.clusters.eks
  - managedk8s.clusters.common
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
"""

EXAMPLES = r"""
# clusters.managedk8s_eks.yml: two regions, one group per team tag and per Kubernetes version
plugin: managedk8s.clusters.eks
regions: [eu-west-1, us-east-1]
profile: ops
keyed_groups:
  - key: k8s_tags.team | default('none')
    prefix: team
  - key: k8s_version
    prefix: k8s

---
# prod.managedk8s_eks.yml: active production clusters, the server URL as a variable
plugin: managedk8s.clusters.eks
statuses: [active]
tags:
  env: prod
compose:
  kube_server: k8s_endpoint
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.plugin_utils.inventory import ApiError, ClusterInventory


class InventoryModule(ClusterInventory):
    NAME = "managedk8s.clusters.eks"
    CONFIG_SUFFIX = "managedk8s_eks"
    PROVIDER = "eks"
    PREFIX = "eks_"
    LOCATIONS_OPTION = "regions"
    LOCATION_PARAM = "region"
    CLOUD = CLOUD
    NODEPOOLS_NEED_CALLS = True
    # botocore's ClusterStatus: CREATING, ACTIVE, DELETING, FAILED, UPDATING, PENDING
    STATUS_MAP = {
        "creating": "creating",
        "pending": "creating",
        "active": "running",
        "updating": "updating",
        "deleting": "deleting",
        "failed": "error",
    }

    def location_of(self, client, location, params):
        return location or client.region

    def list_records(self, client, location):
        page_size = self.get_option("page_size")
        names = client.list_cluster_names(page_size=page_size) if page_size else client.list_cluster_names()
        described = self.parallel_map(client.describe_cluster, names)
        return [record for record in described if record]  # None: deleted between the list and the describe

    def cluster_facts(self, record, region):
        return {
            "id": record.get("arn"),
            "name": record.get("name"),
            "version": record.get("version"),
            "status": record.get("status"),
            "endpoint": record.get("endpoint"),
            "region": region,
            "tags": record.get("tags"),
            "created": record.get("createdAt"),
        }

    def cluster_nodepools(self, client, record):
        """The managed node groups: name and desired size (scalingConfig.desiredSize)."""
        if not self.get_option("nodegroups") or record.get("status") in ("DELETING", "CREATING", "FAILED"):
            return []
        try:
            names = client.list_nodegroup_names(record["name"])
        except ApiError as error:
            if error.is_not_found:  # deleted between the describe and this list
                return []
            raise
        groups = [client.describe_nodegroup(record["name"], name) for name in names]
        return [
            {"name": group.get("nodegroupName"), "size": (group.get("scalingConfig") or {}).get("desiredSize")}
            for group in groups
            if group
        ]
