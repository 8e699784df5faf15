#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ske_cluster_info
short_description: List Samsung Cloud Platform SKE clusters, or get one
version_added: 0.1.0
description:
  - Lists the Samsung Cloud Platform Kubernetes Engine (SKE) clusters of the account, walking every page of
    C(GET /v1/clusters), optionally filtered by name and status; or gets one cluster by id with
    C(GET /v1/clusters/{cluster_id}).
  - Each cluster comes with its status and Kubernetes version. The list answer of the API is a summary; set
    O(details=true) for the full description of each listed cluster (one more call per cluster).
  - On request, each cluster's node pools (C(GET /v1/clusters/{cluster_id}/nodepools)) and the Kubernetes versions
    on offer (C(GET /v1/kubernetes-versions)).
options:
  cluster_id:
    description:
      - Id of the cluster to get (32 lowercase hexadecimal digits). O(name) and O(status) are then ignored.
      - An unknown id gives an empty list.
    type: str
  name:
    description:
      - Only the cluster with exactly this name.
    type: str
  status:
    description:
      - Only clusters in one of these states.
    type: list
    elements: str
    choices: [CREATING, RUNNING, UPDATING, DELETING]
  details:
    description:
      - Whether to get the full description of every listed cluster (VPC, subnet, volume, security groups,
        endpoints, logging flags) instead of the list's summary.
    type: bool
    default: false
  page_size:
    description:
      - How many clusters (and node pools) to ask for in each page of the lists (1 to 100).
    type: int
    default: 50
  nodepools:
    description:
      - Whether to list the node pools of each cluster found (one more call per cluster), in RV(clusters[].nodepools).
    type: bool
    default: false
  kubernetes_versions:
    description:
      - Whether to list the Kubernetes versions SKE offers, in RV(kubernetes_versions).
    type: bool
    default: false
extends_documentation_fragment:
  - managedk8s.clusters.ske
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
    membership: [managedk8s.clusters.ske, managedk8s.clusters.all]
notes:
  - SKE has no single public endpoint; set O(endpoint) (the vendor pattern is
    C(https://ske.{region}.{env}.samsungsdscloud.com)) or one of the places it describes.
author:
  - managedk8s.clusters contributors (@managedk8s)
"""

EXAMPLES = r"""
- name: Every cluster of the account
  managedk8s.clusters.ske_cluster_info:
    endpoint: https://ske.kr-west1.e.samsungsdscloud.com
  register: all_clusters

- name: The running clusters, with their full description
  managedk8s.clusters.ske_cluster_info:
    status: [RUNNING]
    details: true

- name: One cluster by name
  managedk8s.clusters.ske_cluster_info:
    name: web-prod
  register: web_prod

- name: The clusters with their node pools, and the Kubernetes versions on offer
  managedk8s.clusters.ske_cluster_info:
    nodepools: true
    kubernetes_versions: true
  register: ske

- name: Show the newest Kubernetes version on offer
  ansible.builtin.debug:
    msg: "{{ ske.kubernetes_versions | map(attribute='kubernetes_version') | last }}"

- name: Show its status and Kubernetes version
  ansible.builtin.debug:
    msg: "{{ web_prod.clusters[0].status }} {{ web_prod.clusters[0].kubernetes_version }}"
  when: web_prod.clusters | length == 1
"""

RETURN = r"""
clusters:
  description:
    - The clusters found. Keys missing from the list summary (VPC, volume, security groups, endpoints, logging
      flags) are present when the cluster was got by id or with O(details=true).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Cluster id.
      type: str
      sample: 70a599e031e749b7b260868f441e862b
    name:
      description: Cluster name.
      type: str
      sample: web-prod
    status:
      description: One of C(CREATING), C(RUNNING), C(UPDATING), C(DELETING).
      type: str
      sample: RUNNING
    kubernetes_version:
      description: Kubernetes version of the control plane.
      type: str
      sample: v1.31.8
    account_id:
      description: Account owning the cluster.
      type: str
      sample: "3c1b2a4d5e6f708192a3b4c5d6e7f809"
    subnet_id:
      description: Subnet of the control plane.
      type: str
      sample: "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    node_count:
      description: Number of nodes.
      type: int
      sample: 3
    created_at:
      description: Creation time.
      type: str
      sample: "2026-11-22T19:52:10.000Z"
    modified_at:
      description: Last change.
      type: str
      sample: "2026-05-04T09:31:02Z"
    vpc_id:
      description: VPC of the cluster.
      type: str
      returned: with details
      sample: "7a1f2c3d4e5f60718293a4b5c6d7e8f9"
    volume_id:
      description: File storage volume of the cluster.
      type: str
      returned: with details
      sample: "1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809"
    security_group_id_list:
      description: Security groups attached to the cluster.
      type: list
      elements: str
      returned: with details
      sample: ["852ecca3-7252-44a9-9582-967745ae338c"]
    cloud_logging_enabled:
      description: Whether cloud logging is on.
      type: bool
      returned: with details
      sample: false
    service_watch_logging_enabled:
      description: Whether ServiceWatch logging is on.
      type: bool
      returned: with details
      sample: false
    public_endpoint_access_control_ip:
      description: Addresses allowed to reach the public endpoint, when there is one.
      type: str
      returned: with details
      sample: "203.0.113.0/24"
    private_endpoint_url:
      description: URL of the private Kubernetes API endpoint.
      type: str
      returned: with details
      sample: https://web-prod-1a2b3c.private.ske.example:6443
    public_endpoint_url:
      description: URL of the public Kubernetes API endpoint, when there is one.
      type: str
      returned: with details
      sample: "https://203.0.113.20:6443"
    cluster_namespace:
      description: Namespace of the cluster in SKE.
      type: str
      returned: with details
      sample: "web-prod-ns"
    nodepools:
      description:
        - The cluster's node pools (id, name, status, kubernetes_version, desired_node_count, current_node_count,
          auto_scale_enabled, auto_recovery_enabled, image_os, image_os_version, server_type_id, volume_type_name).
          The list answer of the API has no minimum or maximum count, volume size or key pair; a task of
          M(managedk8s.clusters.ske_nodepool) with only its O(managedk8s.clusters.ske_nodepool#module:nodepool_id)
          returns the whole node pool.
      type: list
      elements: dict
      returned: with O(nodepools=true)
      sample:
        - id: bdfda539-bd2e-4a5c-9021-ec6d52d1ca79
          name: workers
          status: Running
          kubernetes_version: v1.31.8
          desired_node_count: 3
          current_node_count: 3
kubernetes_versions:
  description: The Kubernetes versions SKE offers, as the API lists them.
  returned: with O(kubernetes_versions=true)
  type: list
  elements: dict
  contains:
    kubernetes_version:
      description: The version.
      type: str
      sample: v1.31.8
    description:
      description: Its description, if any.
      type: str
      sample: Kubernetes v1.31.8
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.model import CLUSTER_STATUSES


def argument_spec():
    return dict(
        cluster_id=dict(type="str"),
        name=dict(type="str"),
        status=dict(type="list", elements="str", choices=list(CLUSTER_STATUSES)),
        details=dict(type="bool", default=False),
        page_size=dict(type="int", default=50),
        nodepools=dict(type="bool", default=False),
        kubernetes_versions=dict(type="bool", default=False),
    )


def main():
    module = cloud_module(CLOUD, argument_spec())
    run(module, tasks.cluster_info)


if __name__ == "__main__":
    main()
