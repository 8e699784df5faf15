#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: oks_cluster_info
short_description: List OUTSCALE OKS clusters, the region's limits and the API's templates
version_added: 0.1.0
description:
  - Lists OKS clusters, of one project or of every project, filtered by name, status or version.
  - Also returns, on request, the limits of the region (Kubernetes versions, control plane subregions, control
    plane plans) and the API's default project, cluster and node pool templates.
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  cluster_id:
    description:
      - ID of the one cluster to return. An unknown ID returns an empty list.
    type: str
  project_id:
    description:
      - List only the clusters of this project. Without a project, the clusters of every project are listed.
    type: str
  project_name:
    description:
      - List only the clusters of the project with this name. An unknown project returns an empty list.
    type: str
  name:
    description:
      - Return only the clusters with this exact name.
    type: str
  status:
    description:
      - Return only the clusters with this status.
    type: str
    choices: [pending, deploying, ready, updating, upgrading, failed, deleting]
  version:
    description:
      - Return only the clusters running this Kubernetes version (V(X.Y)).
    type: str
  include:
    description:
      - What to return. V(clusters) lists the clusters; V(kubernetes_versions), V(cp_subregions) and
        V(control_plane_plans) are the region's limits; V(project_template), V(cluster_template) and
        V(nodepool_template) are the API's default bodies. Each costs one API call.
    type: list
    elements: str
    choices: [clusters, kubernetes_versions, cp_subregions, control_plane_plans, project_template, cluster_template,
              nodepool_template]
    default: [clusters]
  nodepools:
    description:
      - Whether each cluster listed also returns its node pools (RV(clusters[].nodepools)), read from the cluster's
        own Kubernetes API with a kubeconfig fetched for the task (valid one hour, never written nor shown).
      - Costs two calls per cluster (the kubeconfig, the list of C(NodePool) objects); a cluster whose Kubernetes
        API does not answer yet (not V(ready), V(updating) or V(upgrading)) returns null.
    type: bool
    default: false
  encrypt:
    description:
      - With O(nodepools=true), whether the kubeconfigs fetched travel encrypted for a key pair made for this task
        (NaCl sealed box), as with M(managedk8s.clusters.oks_kubeconfig).
    type: bool
    default: true
extends_documentation_fragment:
  - managedk8s.clusters.oks
  - managedk8s.clusters.common
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details: This module only reads.
  diff_mode:
    support: none
    details: This module changes nothing.
  platform:
    platforms: all
  action_group:
    membership: [managedk8s.clusters.oks, managedk8s.clusters.all]
"""

EXAMPLES = r"""
- name: List the clusters of a project
  managedk8s.clusters.oks_cluster_info:
    project_name: production
  register: production

- name: The clusters of a project with their node pools
  managedk8s.clusters.oks_cluster_info:
    project_name: production
    nodepools: true

- name: List the ready clusters running Kubernetes 1.30 in every project
  managedk8s.clusters.oks_cluster_info:
    status: ready
    version: "1.30"

- name: Get the region's limits and the default cluster body
  managedk8s.clusters.oks_cluster_info:
    include: [kubernetes_versions, cp_subregions, control_plane_plans, cluster_template]
  register: limits

- name: Create a cluster with the newest version the region offers
  managedk8s.clusters.oks_cluster:
    project_name: production
    name: web
    version: "{{ limits.kubernetes_versions | map('split', '.') | map('map', 'int') | map('list') | max | join('.') }}"
    admin_whitelist: [203.0.113.0/24]
"""

RETURN = r"""
clusters:
  description: The clusters found, oldest first; the same fields as M(managedk8s.clusters.oks_cluster) returns, except quirks.
  returned: when O(include) has V(clusters)
  type: list
  elements: dict
  sample: [{"id": "9b5c2fd0-5d0a-4f6b-8a33-1e1c0b7c9a61", "name": "web", "project_id": "3a6ea1f4-2c91-4d0e-9b5e-53f8d7d0c2a1",
            "version": "1.30", "status": "ready", "control_planes": "cp.3.masters.small", "cp_subregions": ["2a"],
            "admin_whitelist": ["203.0.113.0/24"], "tags": {}, "available_upgrade": "1.31"}]
  contains:
    nodepools:
      description:
        - With O(nodepools=true), the cluster's node pools, each with the fields M(managedk8s.clusters.oks_nodepool)
          returns; null when the cluster's Kubernetes API does not answer yet.
      returned: when O(nodepools=true)
      type: list
      elements: dict
      sample: [{"name": "workers", "desired_nodes": 2, "nodes_ready": 2, "node_type": "tinav6.c2r4p3",
                "zones": ["eu-west-2a"], "status": "idle"}]
kubernetes_versions:
  description: Kubernetes versions available to create or upgrade clusters.
  returned: when O(include) has V(kubernetes_versions)
  type: list
  elements: str
  sample: ["1.29", "1.30", "1.31"]
cp_subregions:
  description: Subregions where control planes can run.
  returned: when O(include) has V(cp_subregions)
  type: list
  elements: str
  sample: [2a, 2b, 2c]
control_plane_plans:
  description: Control plane sizes available.
  returned: when O(include) has V(control_plane_plans)
  type: list
  elements: str
  sample: [cp.mono.master, cp.3.masters.small]
templates:
  description: The API's default bodies, by kind (V(project), V(cluster), V(nodepool)).
  returned: when O(include) has a template
  type: dict
  sample: {"cluster": {"version": "1.30", "cp_subregions": ["2a"], "control_planes": "cp.3.masters.small"}}
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.model import CLUSTER_INFO_PARTS, STATUSES


def argument_spec():
    return {
        "cluster_id": {"type": "str"},
        "project_id": {"type": "str"},
        "project_name": {"type": "str"},
        "name": {"type": "str"},
        "status": {"type": "str", "choices": list(STATUSES)},
        "version": {"type": "str"},
        "include": {"type": "list", "elements": "str", "choices": list(CLUSTER_INFO_PARTS), "default": ["clusters"]},
        "nodepools": {"type": "bool", "default": False},
        "encrypt": {"type": "bool", "default": True},
    }


def main():
    module = cloud_module(CLOUD, argument_spec(), mutually_exclusive=[["project_id", "project_name"]])
    run(module, tasks.cluster_info)


if __name__ == "__main__":
    main()
